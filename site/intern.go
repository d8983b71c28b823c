package site

import (
	"sort"
	"strings"
	"sync"
	"unique"
)

// intern returns the canonical copy of s. Navigation, footer and sidebar
// links repeat on every page of a site; sharing one copy of each URL and
// anchor text keeps a 100,000-page crawl's page records far smaller.
func intern(s string) string {
	if s == "" || len(s) > 512 {
		return s
	}
	return unique.Make(s).Value()
}

// internView is intern for a string that shares a reused buffer (see
// extractor.textView): what it returns is always a copy of its own.
func internView(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > 512 {
		return strings.Clone(s)
	}
	return unique.Make(s).Value() // Make stores a clone, never s itself
}

// internStrings makes the small repeated strings of a page record share one
// copy: meta names and values, metadata labels and common values (发布机构,
// dates, 有效性), the column and breadcrumb, the scripts. A page decoded from
// a snapshot has a fresh copy of each; replaying 100,000 pages keeps them
// all, so a snapshot's pages are interned as they are read.
func (p *Page) internStrings() {
	// The URL is shared with the resource records and their referrers.
	p.URL, p.FinalURL = intern(p.URL), intern(p.FinalURL)
	p.Column = intern(p.Column)
	p.Charset = intern(p.Charset)
	if p.Spilled() {
		return // the rest went to the page store
	}
	p.Meta = internMap(p.Meta)
	p.Metadata = internMap(p.Metadata)
	p.MetadataLabels = shareLabels(internMap(p.MetadataLabels))
	for i, c := range p.Breadcrumb {
		p.Breadcrumb[i] = intern(c)
	}
	for i, s := range p.Scripts {
		p.Scripts[i] = intern(s)
	}
	p.internLinks()
}

// internStrings makes a resource record decoded from a snapshot share its
// URL and referrers (page URLs) with the page records.
func (r *Resource) internStrings() {
	r.URL, r.FinalURL, r.ContentType = intern(r.URL), intern(r.FinalURL), intern(r.ContentType)
	for i, u := range r.Referrers {
		r.Referrers[i] = intern(u)
	}
	for i, u := range r.Redirects {
		r.Redirects[i] = intern(u)
	}
}

// internLinks makes links and list page URLs share one copy across pages,
// for pages kept whole in memory (a spilled page keeps them once in the
// store's string table instead).
func (p *Page) internLinks() {
	for i, l := range p.Links {
		p.Links[i].URL, p.Links[i].Text = intern(l.URL), intern(l.Text)
	}
	for i, u := range p.PageURLs {
		p.PageURLs[i] = intern(u)
	}
}

// internMap rebuilds m with interned keys and values, sized to fit.
func internMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[intern(k)] = intern(v)
	}
	return out
}

// labelSets holds one copy of each distinct MetadataLabels map: every page
// of one template prints the same labels, so 100,000 pages share a handful
// of maps instead of holding 100,000 (about 300 bytes a page). The maps are
// never written after extraction.
var labelSets struct {
	sync.Mutex
	m map[string]map[string]string
}

// maxLabelSets bounds labelSets for a long-running process (a batch of
// many sites); past it, maps are simply not shared.
const maxLabelSets = 4096

func shareLabels(m map[string]string) map[string]string {
	if len(m) == 0 {
		return m
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte(0)
		b.WriteString(m[k])
		b.WriteByte(0)
	}
	key := b.String()
	labelSets.Lock()
	defer labelSets.Unlock()
	if shared, ok := labelSets.m[key]; ok {
		return shared
	}
	if labelSets.m == nil {
		labelSets.m = map[string]map[string]string{}
	}
	if len(labelSets.m) >= maxLabelSets {
		return m
	}
	labelSets.m[key] = m
	return m
}
