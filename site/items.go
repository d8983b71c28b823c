package site

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A list item is an entry (li, tr, dd, a repeated div …) holding a link to a
// page. What counts:
//   - an entry with a visible date beside its link is an item, whatever the
//     container, so a homepage's many small lists all count;
//   - an entry without a visible date is an item only when it links to an
//     article-like URL on the same site and sits in a list of at least three
//     entries most of which are dated or article-like: a navigation menu
//     links to columns, not articles, and carries no dates.
//
// The date is read outside the link text (a title such as "关于2023年9月…"
// is not the date), from an element that is only a date, else from the entry
// text, else from a date element inside the link. "09-19" gets its year from
// the URL's date folder (…/202309/…). Failing all that, a TRS/Hanweb/gov.cn
// URL date is used with SourceURL.

// maxEntryBytes bounds an entry's text: longer ones are containers.
// maxRepeatedBytes is the tighter bound for entries recognised only by
// repetition (div, p), about 150 Chinese characters.
const (
	maxEntryBytes    = 1500
	maxRepeatedBytes = 450
)

// articleURLRe recognises links to single documents rather than columns.
var articleURLRe = regexp.MustCompile(`(?i)/t\d{8}_\d+|/art/\d{4}/|/art_\d+_\d+|content_\d+|post_\d+|` +
	`/(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])/|/(?:19|20)\d{2}/\d{1,2}/\d{1,2}/|` +
	`/[0-9a-f]{16,}\.s?html?$|/\d{5,}\.s?html?$|[?&](?:id|articleid|infoid|newsid|contentid|docid)=\d+(?:&|$)`)

type entryRec struct {
	n       *html.Node
	anchor  *anchorRec
	url     string
	title   string
	date    Date
	seen    bool // date shown on the page (not from the URL)
	mo, day int  // a year-less date shown ("10-09") that no URL dated
}

func (x *extractor) items(p *Page, base *url.URL) []ListItem {
	if len(x.anchors) == 0 {
		return nil
	}
	inCrumb := x.chosenCrumbNodes()
	byEntry := make(map[*html.Node]*entryRec)
	var order []*entryRec
	for i := range x.anchors {
		a := &x.anchors[i]
		sp, ok := x.spans[a.n]
		if !ok || x.inFooter(sp) || underAny(a.n, inCrumb) {
			continue
		}
		u, ok := CanonicalURL(a.href, base)
		if !ok || u == p.URL {
			continue
		}
		title := x.itemTitle(a)
		if title == "" {
			continue
		}
		if _, isDate := ParseDate(title); isDate {
			continue // a calendar or archive link, not a title
		}
		entry := x.entryOf(a.n)
		if entry == nil {
			continue
		}
		if r, ok := byEntry[entry]; ok {
			// Several links in one entry ("[县区] title"): the longest text
			// is the title.
			if utf8.RuneCountInString(title) > utf8.RuneCountInString(r.title) {
				r.anchor, r.url, r.title = a, u, title
			}
			continue
		}
		r := &entryRec{n: entry, anchor: a, url: u, title: title}
		byEntry[entry] = r
		order = append(order, r)
	}

	// Dates, then per-container statistics for the undated.
	type stats struct{ n, dated, article int }
	per := make(map[*html.Node]*stats)
	var prev *entryRec
	for _, r := range order {
		r.date, r.seen = x.entryDate(r)
		if r.date.IsZero() && r.mo > 0 && prev != nil && prev.seen && prev.n.Parent == r.n.Parent {
			// Lists run newest first: a year-less date takes the year of the
			// entry above it, or the year before when it would pass it.
			y := prev.date.Time.Year()
			if r.mo > int(prev.date.Time.Month()) || r.mo == int(prev.date.Time.Month()) && r.day > prev.date.Time.Day() {
				y--
			}
			if t, ok := makeDate(y, r.mo, r.day); ok {
				r.date, r.seen = Date{Time: t, Source: SourceList}, true
			}
		}
		prev = r
		st := per[r.n.Parent]
		if st == nil {
			st = &stats{}
			per[r.n.Parent] = st
		}
		st.n++
		if !r.date.IsZero() {
			st.dated++
		}
		if articleURLRe.MatchString(r.url) {
			st.article++
		}
	}
	pageSite := ""
	if base != nil {
		pageSite = siteKey(base.Hostname())
	}
	var out []ListItem
	index := make(map[string]int)
	for _, r := range order {
		keep := r.seen
		if !keep {
			st := per[r.n.Parent]
			listy := st.n >= 3 && (2*st.dated >= st.n || 3*st.article >= 2*st.n)
			keep = listy && articleURLRe.MatchString(r.url) && sameSite(r.url, pageSite)
		}
		if !keep {
			continue
		}
		if i, dup := index[r.url]; dup {
			if out[i].Date.IsZero() || (out[i].Date.Source == SourceURL && r.seen) {
				out[i].Date = r.date
			}
			continue
		}
		index[r.url] = len(out)
		out = append(out, ListItem{Title: r.title, URL: r.url, Date: r.date})
	}
	return out
}

// chosenCrumbNodes returns the breadcrumb containers, whose links are trail
// entries, not list items.
func (x *extractor) chosenCrumbNodes() []*html.Node {
	var ns []*html.Node
	for _, c := range x.crumbs {
		if sp, ok := x.spans[c]; ok && sp.e-sp.s <= maxCrumbBytes {
			ns = append(ns, c)
		}
	}
	return ns
}

func underAny(n *html.Node, anc []*html.Node) bool {
	if len(anc) == 0 {
		return false
	}
	for p, d := n, 0; p != nil && d < 12; p, d = p.Parent, d+1 {
		for _, a := range anc {
			if p == a {
				return true
			}
		}
	}
	return false
}

// itemTitle is the link text, or its title attribute when the text is cut
// short ("…", "...") or missing, or an image's alt.
func (x *extractor) itemTitle(a *anchorRec) string {
	t := x.textOf(a.n)
	if t == "" || strings.HasSuffix(t, "…") || strings.HasSuffix(t, "..") {
		if a.title != "" {
			return a.title
		}
	}
	if t == "" {
		if img := findFirst(a.n, atom.Img, 4); img != nil {
			t = firstNonEmpty(attrOr(img, "alt"), attrOr(img, "title"))
		}
	}
	return t
}

// entryOf finds the list entry around a link: the nearest li/tr/dd/dt, else
// the nearest element repeated among its siblings (same tag and class), else
// the largest ancestor holding only this link. Cells are never entries: the
// date of a table row is in another cell. An entry holds few other links;
// one holding many is the list itself (a "更多" link's parent box).
func (x *extractor) entryOf(a *html.Node) *html.Node {
	var solo *html.Node
	soloOpen := true
	for n, depth := a, 0; n != nil && depth < 6; n, depth = n.Parent, depth+1 {
		if n.Type != html.ElementNode {
			break
		}
		switch n.DataAtom {
		case atom.Body, atom.Html, atom.Ul, atom.Ol, atom.Table, atom.Tbody, atom.Thead, atom.Dl, atom.Form:
			return x.boundedEntry(solo)
		case atom.Li, atom.Tr, atom.Dd, atom.Dt:
			if otherLinks(n, a, 3) > 3 {
				return x.boundedEntry(solo)
			}
			return x.boundedEntry(n)
		}
		if n.DataAtom != atom.Td && n.DataAtom != atom.Th && repeated(n) {
			// Repeated <p>/<div> runs are also article paragraphs; list
			// entries are short.
			if sp, ok := x.spans[n]; ok && sp.e-sp.s <= maxRepeatedBytes && otherLinks(n, a, 1) <= 1 {
				return n
			}
			return x.boundedEntry(solo)
		}
		if soloOpen {
			if n == a || otherLinks(n, a, 0) == 0 {
				solo = n
			} else {
				soloOpen = false
			}
		}
	}
	return x.boundedEntry(solo)
}

func (x *extractor) boundedEntry(n *html.Node) *html.Node {
	if n == nil {
		return nil
	}
	if sp, ok := x.spans[n]; !ok || sp.e-sp.s > maxEntryBytes {
		return nil
	}
	return n
}

// repeated reports whether n has an element sibling with the same tag and
// class, i.e. it is one of a run of list entries.
func repeated(n *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	cls := attrOr(n, "class")
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && s.Type == html.ElementNode && s.DataAtom == n.DataAtom && s.Data == n.Data && attrOr(s, "class") == cls {
			return true
		}
	}
	return false
}

// otherLinks counts the distinct link targets under n other than a's,
// stopping once it exceeds limit (or a node budget runs out).
func otherLinks(n, a *html.Node, limit int) int {
	href := strings.TrimSpace(attrOr(a, "href"))
	var seen []string
	budget := 300
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for ch := c.FirstChild; ch != nil && len(seen) <= limit; ch = ch.NextSibling {
			if budget--; budget < 0 {
				seen = append(seen, make([]string, limit+1)...) // too big to be an entry
				return
			}
			if ch.Type != html.ElementNode {
				continue
			}
			if ch.DataAtom == atom.A && ch != a {
				if h, has := attr(ch, "href"); has {
					h = strings.TrimSpace(h)
					if h != href && !containsString(seen, h) {
						seen = append(seen, h)
					}
				}
			}
			walk(ch)
		}
	}
	walk(n)
	return len(seen)
}

// entryDate finds the date shown in an entry; seen is false when it came
// from the URL. A year-less date with no year to be had is left in r.mo and
// r.day for the caller.
func (x *extractor) entryDate(r *entryRec) (Date, bool) {
	a := r.anchor.n
	// 1. An element outside the link whose whole text is a date.
	if r.n != a {
		if t, ok := x.dateElement(r, r.n, a); ok {
			return Date{Time: t, Source: SourceList}, true
		}
		// 2. A date anywhere in the entry text outside the link.
		es, as := x.spans[r.n], x.spans[a]
		if as.s >= es.s && as.e <= es.e {
			outside := string(x.buf[es.s:as.s]) + " " + string(x.buf[as.e:es.e])
			if t, ok := FindDate(outside); ok {
				return Date{Time: t, Source: SourceList}, true
			}
		}
	}
	// 3. A date element inside the link (<a><span>title</span><span>date</span></a>).
	if t, ok := x.dateElement(r, a, nil); ok {
		return Date{Time: t, Source: SourceList}, true
	}
	if t, ok := urlDate(r.url); ok {
		return Date{Time: t, Source: SourceURL}, false
	}
	return Date{}, false
}

// dateElement searches n's subtree, skipping skip's, for an element noted
// as holding only a date. A year-less date takes its year from the URL, or
// is recorded in r for the caller.
func (x *extractor) dateElement(r *entryRec, n, skip *html.Node) (time.Time, bool) {
	var found time.Time
	ok := false
	budget := 400
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for ch := c.FirstChild; ch != nil && !ok; ch = ch.NextSibling {
			if budget--; budget < 0 {
				return
			}
			if ch == skip || ch.Type != html.ElementNode {
				continue
			}
			if x.dateEls[ch] {
				t := x.textOf(ch)
				if d, good := ParseDate(t); good {
					found, ok = d, true
					return
				}
				if mo, day, good := parseMonthDay(t); good {
					if y, has := urlYearFor(r.url, mo); has {
						if d, valid := makeDate(y, mo, day); valid {
							found, ok = d, true
							return
						}
					}
					if r.mo == 0 {
						r.mo, r.day = mo, day
					}
				}
			}
			walk(ch)
		}
	}
	walk(n)
	return found, ok
}

// siteKey reduces a host to its site: the last three labels under .gov.cn
// and similar, else the last two, so hdzfxxgk.hd.gov.cn and www.hd.gov.cn
// are one site.
func siteKey(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	labels := strings.Split(host, ".")
	n := 2
	if len(labels) >= 3 {
		switch labels[len(labels)-2] + "." + labels[len(labels)-1] {
		case "gov.cn", "com.cn", "org.cn", "edu.cn", "net.cn", "ac.cn":
			n = 3
		}
	}
	if len(labels) <= n {
		return host
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

func sameSite(u, site string) bool {
	if site == "" {
		return true
	}
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	return siteKey(pu.Hostname()) == site
}
