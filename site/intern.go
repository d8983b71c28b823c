package site

import "unique"

// intern returns the canonical copy of s. Navigation, footer and sidebar
// links repeat on every page of a site; sharing one copy of each URL and
// anchor text keeps a 100,000-page crawl's page records far smaller.
func intern(s string) string {
	if s == "" || len(s) > 512 {
		return s
	}
	return unique.Make(s).Value()
}

// internStrings makes the small repeated strings of a page record share one
// copy: meta names and values, metadata labels and common values (发布机构,
// dates, 有效性), the column and breadcrumb, the scripts. A page decoded from
// a snapshot has a fresh copy of each; replaying 100,000 pages keeps them
// all, so a snapshot's pages are interned as they are read.
func (p *Page) internStrings() {
	p.Meta = internMap(p.Meta)
	p.Metadata = internMap(p.Metadata)
	p.MetadataLabels = internMap(p.MetadataLabels)
	p.Column = intern(p.Column)
	p.Charset = intern(p.Charset)
	for i, c := range p.Breadcrumb {
		p.Breadcrumb[i] = intern(c)
	}
	for i, s := range p.Scripts {
		p.Scripts[i] = intern(s)
	}
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
