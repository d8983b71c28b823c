package site

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxEntryBytes bounds an entry's text: longer ones are containers.
// maxRepeatedBytes is the tighter bound for entries recognised only by
// repetition (div, p), about 150 Chinese characters.
const (
	maxEntryBytes    = 1500
	maxRepeatedBytes = 450
)

// isArticleURL recognises links to single documents rather than columns:
// TRS t20230412_1, Hanweb /art/2023/4/12/ and art_1_2, gov.cn content_123,
// gkmlpt post_123, a /202309/ or /2023-09/ date folder, a file named by a
// long number or hex id, or ?id=123. Hand-written: a regexp here was a third
// of the extraction time.
func isArticleURL(u string) bool {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		q := strings.ToLower(u[i:])
		for _, k := range []string{"id=", "articleid=", "infoid=", "newsid=", "contentid=", "docid="} {
			if j := strings.Index(q, k); j > 0 && (q[j-1] == '?' || q[j-1] == '&') {
				v := q[j+len(k):]
				n := digitsPrefix(v)
				if n > 0 && (n == len(v) || v[n] == '&' || v[n] == '#') {
					return true
				}
			}
		}
		u = u[:i]
	}
	if j := strings.Index(u, "://"); j >= 0 {
		u = u[j+3:]
	}
	var buf [24]string // on the stack: this runs for every list entry
	segs := pathSegments(u, buf[:0])
	for k, seg := range segs {
		switch {
		case isYearMonth(seg):
			return true
		case seg == "art" && k+1 < len(segs) && len(segs[k+1]) == 4 && digitsPrefix(segs[k+1]) == 4:
			return true
		case isYear(seg) && k+2 < len(segs) && isSmallNum(segs[k+1]) && isSmallNum(segs[k+2]):
			return true
		}
	}
	if len(segs) == 0 {
		return false
	}
	name := strings.ToLower(segs[len(segs)-1])
	for _, pre := range []string{"content_", "post_", "mpost_"} {
		if strings.HasPrefix(name, pre) && digitsPrefix(name[len(pre):]) > 0 {
			return true
		}
	}
	if strings.HasPrefix(name, "art_") && digitsPrefix(name[4:]) > 0 {
		return true
	}
	if len(name) > 10 && name[0] == 't' && digitsPrefix(name[1:]) == 8 && name[9] == '_' {
		return true
	}
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 {
		return false
	}
	switch name[dot+1:] {
	case "html", "htm", "shtml", "jhtml":
	default:
		return false
	}
	stem := name[:dot]
	if len(stem) >= 5 && digitsPrefix(stem) == len(stem) {
		return true
	}
	if len(stem) >= 16 {
		for i := 0; i < len(stem); i++ {
			if c := stem[i]; !isASCIIDigit(c) && (c < 'a' || c > 'f') {
				return false
			}
		}
		return true
	}
	return false
}

// pathSegments appends to segs what strings.Split(u, "/")[1:] returns
// (u's parts after the host), without allocating when segs has room.
func pathSegments(u string, segs []string) []string {
	for first := true; ; first = false {
		i := strings.IndexByte(u, '/')
		if i < 0 {
			if !first {
				segs = append(segs, u)
			}
			return segs
		}
		if !first {
			segs = append(segs, u[:i])
		}
		u = u[i+1:]
	}
}

func digitsPrefix(s string) int {
	n := 0
	for n < len(s) && isASCIIDigit(s[n]) {
		n++
	}
	return n
}

func isYear(s string) bool {
	return len(s) == 4 && digitsPrefix(s) == 4 && (s[:2] == "19" || s[:2] == "20")
}

func isSmallNum(s string) bool {
	n := digitsPrefix(s)
	return n >= 1 && n <= 2 && n == len(s)
}

// isYearMonth matches a CMS date folder: 202309 or 2023-09.
func isYearMonth(s string) bool {
	var m string
	switch {
	case len(s) == 6 && digitsPrefix(s) == 6:
		m = s[4:]
	case len(s) == 7 && s[4] == '-' && digitsPrefix(s[:4]) == 4 && digitsPrefix(s[5:]) == 2:
		m = s[5:]
	default:
		return false
	}
	return isYear(s[:4]) && m >= "01" && m <= "12"
}

type entryRec struct {
	n       *html.Node
	anchor  *anchorRec
	url     string
	title   string
	date    Date
	seen    bool // date shown on the page (not from the URL)
	mo, day int  // a year-less date shown ("10-09") that no URL dated
	article bool // links to an article-like URL
}

// items returns the entries of the page's lists. An entry (li, tr, dd, a
// repeated div …) holds a link to a page. What counts:
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
func (x *extractor) items(p *Page, base *url.URL) []ListItem {
	if len(x.anchors) == 0 {
		return nil
	}
	byEntry := make(map[*html.Node]*entryRec)
	var order []*entryRec
	for i := range x.anchors {
		a := &x.anchors[i]
		sp, ok := x.spans[a.n]
		if !ok || x.inFooter(sp) || x.crumb != nil && under(a.n, x.crumb) {
			continue
		}
		u, ok := x.canon(a.href, base)
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
		r.article = isArticleURL(r.url)
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
		if r.article {
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
			keep = listy && r.article && sameSite(r.url, pageSite)
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

// under reports whether n lies inside anc (within a few levels: trails are
// shallow).
func under(n, anc *html.Node) bool {
	for p, d := n, 0; p != nil && d < 12; p, d = p.Parent, d+1 {
		if p == anc {
			return true
		}
	}
	return false
}

// itemTitle is the link text, or its title attribute when the text is cut
// short ("…", "...") or missing, or an image's alt.
func (x *extractor) itemTitle(a *anchorRec) string {
	t := x.textOf(a.n)
	// <a><p>标题</p><span>10-09</span></a>: the date is not part of the title.
	if d := x.dateTextIn(a.n); d != "" {
		if i := strings.LastIndex(t, d); i >= 0 {
			t = strings.TrimSpace(t[:i] + t[i+len(d):])
		}
	}
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

// dateTextIn returns the text of the first date element inside a link.
func (x *extractor) dateTextIn(a *html.Node) string {
	budget := 100
	var found string
	var walk func(c *html.Node)
	walk = func(c *html.Node) {
		for ch := c.FirstChild; ch != nil && found == ""; ch = ch.NextSibling {
			if budget--; budget < 0 {
				return
			}
			if ch.Type != html.ElementNode {
				continue
			}
			if x.dateEls[ch] {
				found = x.textView(ch) // only looked for in the title
				return
			}
			walk(ch)
		}
	}
	walk(a)
	return found
}

// entryOf finds the list entry around a link: the nearest li/tr/dd/dt, else
// the nearest element repeated among its siblings (same tag and class), else
// the largest ancestor holding only this link. Cells are never entries: the
// date of a table row is in another cell. An entry holds few other links;
// one holding many is the list itself (a "更多" link's parent box).
func (x *extractor) entryOf(a *html.Node) *html.Node {
	for n, depth := a, 0; n != nil && n.Type == html.ElementNode && depth < 6; n, depth = n.Parent, depth+1 {
		if listBoundary[n.DataAtom] {
			break
		}
		switch n.DataAtom {
		case atom.Li, atom.Tr, atom.Dd, atom.Dt:
			if otherLinks(n, a, 3) <= 3 {
				return x.boundedEntry(n)
			}
		}
	}
	var solo *html.Node
	soloOpen := true
	for n, depth := a, 0; n != nil && n.Type == html.ElementNode && depth < 6; n, depth = n.Parent, depth+1 {
		if listBoundary[n.DataAtom] {
			break
		}
		if n.DataAtom != atom.Td && n.DataAtom != atom.Th && repeated(n) {
			// Repeated <p>/<div> runs are also article paragraphs; list
			// entries are short.
			if sp, ok := x.spans[n]; ok && sp.e-sp.s <= maxRepeatedBytes && otherLinks(n, a, 1) <= 1 {
				return n
			}
			break
		}
		if !soloOpen {
			continue
		}
		if n == a || otherLinks(n, a, 0) == 0 {
			solo = n
		} else {
			soloOpen = false
		}
	}
	return x.boundedEntry(solo)
}

// listBoundary are elements an entry never extends past.
var listBoundary = map[atom.Atom]bool{
	atom.Body: true, atom.Html: true, atom.Ul: true, atom.Ol: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Dl: true, atom.Form: true,
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

// repeated reports whether n is one of a run of at least three elements
// with the same tag and class: list entries. (Two links side by side in one
// entry are not a run.)
func repeated(n *html.Node) bool {
	if n.Parent == nil {
		return false
	}
	cls := attrOr(n, "class")
	same, scanned := 0, 0
	for s := n.Parent.FirstChild; s != nil && scanned < 200; s, scanned = s.NextSibling, scanned+1 {
		if s.Type == html.ElementNode && s.DataAtom == n.DataAtom && s.Data == n.Data && attrOr(s, "class") == cls {
			if same++; same >= 3 {
				return true
			}
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
				t := x.textView(ch) // parsed, not kept
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
