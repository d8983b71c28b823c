package checks

import (
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// This file holds what the site-health rules (column-stale, column-blank,
// homepage-stale, message-unanswered) share: grouping a column's paginated
// pages, dating list items, first-level columns and explanatory notes.

// columnGroup is one column: its list page and the further pages of the
// same list (index_1.html …, PageURLs, 下一页/尾页 links).
type columnGroup struct {
	rep   *site.Page // the list's first page (or the shallowest one fetched)
	pages []*site.Page
	class ColumnClass
	// missing are pages of this list that were linked but not fetched
	// (failed, robots, crawl stopped); judging "not updated" or "blank"
	// without them would be a guess.
	missing []string
}

// name is the column's name as the site prints it.
func (g *columnGroup) name() string {
	return healthColumnName(g.rep)
}

// healthColumnName is a page's column name: meta ColumnName, else the
// extracted column, else the title up to the site name.
func healthColumnName(p *site.Page) string {
	if n := strings.TrimSpace(p.MetaTags()["columnname"]); n != "" {
		return n
	}
	// A list page's breadcrumb ends in its own name, which extraction
	// passes over as the page's title (it is, for an article).
	if n := ownCrumb(p); n != "" && (p.NumItems() >= 3 || p.NumItems() == 0 && !p.IsContent()) {
		return n
	}
	if p.Column != "" {
		return p.Column
	}
	if i := strings.IndexAny(p.Title, "_-|—"); i > 0 {
		return strings.TrimSpace(p.Title[:i])
	}
	return p.Title
}

// items returns the entries of all pages of the list, each URL once.
func (g *columnGroup) items() []site.ListItem {
	var out []site.ListItem
	seen := map[string]bool{}
	for _, p := range g.pages {
		for _, it := range p.ListItems() {
			if !seen[it.URL] {
				seen[it.URL] = true
				out = append(out, it)
			}
		}
	}
	return out
}

// isListCandidate reports whether p may be (a page of) a column list.
func isListCandidate(p *site.Page, home *site.Page) bool {
	if p == home || p.Status >= 300 || p.IsContent() {
		return false
	}
	return p.IsColumn() || p.NumItems() > 0 || selfNamedColumn(p)
}

// ownCrumb is the breadcrumb's last entry when it is the page's own title
// (首页 > 工作机构 > 安平镇 on the page titled 安平镇), else "".
func ownCrumb(p *site.Page) string {
	crumbs := p.Crumbs()
	if len(crumbs) < 2 {
		return ""
	}
	last := strings.Join(strings.Fields(crumbs[len(crumbs)-1]), "")
	if last == "" || last == "首页" {
		return ""
	}
	title := strings.Join(strings.Fields(p.Title), "")
	if last == title || strings.HasPrefix(title, last+"_") || strings.HasPrefix(title, last+"-") || strings.HasPrefix(title, last+"|") {
		return crumbs[len(crumbs)-1]
	}
	return ""
}

// selfNamedColumn reports a page without entries that presents itself as a
// column though no ColumnName tag says so (real sites rarely carry the
// tags): its breadcrumb ends in its own name and it shows an empty list —
// a list region without links (site.Page.EmptyList) or a CMS's empty-list
// text (此栏目暂无任何新增信息, 暂无信息, 共0条). A page that only names
// itself is not known to be a list.
func selfNamedColumn(p *site.Page) bool {
	if p.NumItems() > 0 || p.IsContent() || !p.Published.IsZero() {
		return false
	}
	return ownCrumb(p) != "" && (p.EmptyList || emptyListNote.MatchString(p.Body().Text))
}

// emptyListNote is the text a CMS prints in place of an empty list.
var emptyListNote = regexp.MustCompile(`(?:本|该|此)栏目暂无|暂无(?:任何)?(?:新增)?(?:相关)?(?:信息|内容|数据|记录)|没有(?:相关)?(?:信息|记录|数据)|共\s*0\s*条`)

// pageParams are query parameters that only select a page of a list.
var pageParams = map[string]bool{
	"page": true, "pageno": true, "pagenum": true, "pageindex": true, "currpage": true,
	"curpage": true, "p": true, "pn": true, "pagenumber": true, "start": true,
}

// pagerNameRe matches the file names TRS and similar CMSs give further
// pages of a list: index_3.html, default_2.htm, column-index-2.shtml.
var pagerNameRe = regexp.MustCompile(`^(index|default|column-index)[_-](\d{1,4})(\.[a-z]{2,6})$`)

// listKey identifies the list a page URL belongs to: the fingerprint form
// of the URL with the page number taken out.
func listKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return normalizeForFingerprint(raw)
	}
	dir, file := path.Split(u.Path)
	if m := pagerNameRe.FindStringSubmatch(strings.ToLower(file)); m != nil {
		u.Path = dir + m[1] + m[3]
		u.RawPath = ""
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			if pageParams[strings.ToLower(k)] {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	return normalizeForFingerprint(u.String())
}

// pagerText is the text of links between the pages of a list.
var pagerText = regexp.MustCompile(`^(下一页|下页|尾页|末页|最后一页|上一页|上页|前一页|后一页|第\d{1,4}页|\d{1,4}|>>|>|»|›)$`)

// isPagerLink reports whether l, on page p, goes to another page of the
// same list: pager text and the same directory.
func isPagerLink(p *site.Page, l site.Link) bool {
	if l.Kind != site.KindAnchor || len(l.Text) > 24 || !pagerText.MatchString(strings.TrimSpace(l.Text)) {
		return false
	}
	a, err1 := url.Parse(p.URL)
	b, err2 := url.Parse(l.URL)
	if err1 != nil || err2 != nil || a.Host != b.Host {
		return false
	}
	da, _ := path.Split(a.Path)
	db, _ := path.Split(b.Path)
	return da == db
}

// healthIndex is what the health rules look up repeatedly, built once per
// rule run so that nothing is quadratic in the number of pages.
type healthIndex struct {
	ctx  *Context
	s    *site.Site
	home *site.Page
	// byKey maps the fingerprint form of every fetched URL to its page.
	byKey map[string]*site.Page
	// homeLinks holds the fingerprint form of every link on the homepage.
	homeLinks map[string]bool
	groups    []*columnGroup
	// homeWordSet caches the words of the homepage text (header, menus),
	// built once: rules run in parallel.
	homeWordSet  map[string]bool
	homeWordOnce sync.Once
}

// sharedHealthIndex builds the index once per run for the five health
// rules (it was a third of a 100,000-page check when each built its own).
func sharedHealthIndex(ctx *Context, s *site.Site) *healthIndex {
	return ctx.analyses(s).health.get(func() *healthIndex { return newHealthIndex(ctx, s) })
}

func newHealthIndex(ctx *Context, s *site.Site) *healthIndex {
	hx := &healthIndex{ctx: ctx, s: s, home: homepage(s), byKey: make(map[string]*site.Page, len(s.Pages))}
	for _, p := range s.Pages {
		hx.byKey[normalizeForFingerprint(p.URL)] = p
		if p.FinalURL != "" {
			hx.byKey[normalizeForFingerprint(p.FinalURL)] = p
		}
	}
	hx.homeLinks = map[string]bool{}
	if hx.home != nil {
		for _, l := range hx.home.Outgoing() {
			hx.homeLinks[normalizeForFingerprint(l.URL)] = true
		}
	}
	hx.groups = hx.buildGroups()
	return hx
}

// page returns the fetched page at raw, or nil.
func (hx *healthIndex) page(raw string) *site.Page {
	return hx.byKey[normalizeForFingerprint(raw)]
}

// buildGroups unites each list page with the pages it names as its own
// (PageURLs, pager links, index_N.html of the same list).
func (hx *healthIndex) buildGroups() []*columnGroup {
	parent := map[string]string{}
	var find func(k string) string
	find = func(k string) string {
		for parent[k] != "" && parent[k] != k {
			parent[k] = parent[parent[k]] // path halving
			k = parent[k]
		}
		return k
	}
	union := func(a, b string) {
		if parent[a] == "" {
			parent[a] = a
		}
		if parent[b] == "" {
			parent[b] = b
		}
		ra, rb := find(a), find(b)
		if ra != rb {
			if rb < ra {
				ra, rb = rb, ra
			}
			parent[rb] = ra // the smaller key wins, so groups are stable
		}
	}
	// Every page of a long list names all the others: the same URLs come
	// back hundreds of times, so their keys are worked out once.
	listKey := memoized(listKey)
	var cands []*site.Page
	// uncrawled holds, per page, the URLs it names as its own pages that
	// were not crawled, in page order. Only those are kept: every page of
	// a long script-paged list names all the others, so keeping every
	// named URL grew with the square of the list (37 MB at 100,000 pages).
	uncrawled := map[*site.Page][]string{}
	isUncrawled := memoized(func(u string) bool { return hx.byKey[normalizeForFingerprint(u)] == nil })
	for _, p := range hx.s.Pages {
		if !isListCandidate(p, hx.home) {
			continue
		}
		cands = append(cands, p)
		k := listKey(p.URL)
		union(k, k)
		named := func(u string) {
			union(k, listKey(u))
			if isUncrawled(u) {
				uncrawled[p] = append(uncrawled[p], u)
			}
		}
		for _, u := range p.ListPageURLs() {
			named(u)
		}
		for _, l := range p.Outgoing() {
			if isPagerLink(p, l) {
				named(l.URL)
			}
		}
	}
	byRoot := map[string]*columnGroup{}
	for _, p := range cands {
		r := find(listKey(p.URL))
		g := byRoot[r]
		if g == nil {
			g = &columnGroup{}
			byRoot[r] = g
		}
		g.pages = append(g.pages, p)
	}
	roots := slices.Sorted(maps.Keys(byRoot))
	out := make([]*columnGroup, 0, len(roots))
	for _, r := range roots {
		g := byRoot[r]
		sort.SliceStable(g.pages, func(i, j int) bool { return firstPageLess(g.pages[i], g.pages[j]) })
		g.rep = g.pages[0]
		g.class = classOf(hx.ctx, g.rep)
		seen := map[string]bool{}
		for _, p := range g.pages {
			for _, u := range uncrawled[p] {
				if k := normalizeForFingerprint(u); !seen[k] {
					seen[k] = true
					g.missing = append(g.missing, u)
				}
			}
		}
		out = append(out, g)
	}
	return out
}

// firstPageLess orders a list's pages: a first page (its URL is its own
// list key) before the others, then by depth, then by URL.
func firstPageLess(a, b *site.Page) bool {
	fa := normalizeForFingerprint(a.URL) == listKey(a.URL)
	fb := normalizeForFingerprint(b.URL) == listKey(b.URL)
	if fa != fb {
		return fa
	}
	if a.Depth != b.Depth {
		return a.Depth < b.Depth
	}
	return a.URL < b.URL
}

// datedItem is a list entry with the date that will be judged and where it
// came from.
type datedItem struct {
	site.ListItem
	when time.Time
	from string // 列表 / 文章页 / 链接地址
}

// itemDate dates a list entry: the date the list shows, else the linked
// article's own publication date, else a date in its URL (TRS t2025…,
// Hanweb /art/2025/…).
func (hx *healthIndex) itemDate(it site.ListItem) (datedItem, bool) {
	d := datedItem{ListItem: it}
	if !it.Date.IsZero() && it.Date.Source == site.SourceList {
		d.when, d.from = it.Date.Time, "列表所示"
		return d, true
	}
	if p := hx.page(it.URL); p != nil && !p.Published.IsZero() {
		d.when, d.from = p.Published.Time, "文章页所示"
		return d, true
	}
	if !it.Date.IsZero() {
		d.when, d.from = it.Date.Time, "取自链接地址"
		return d, true
	}
	return d, false
}

// newest returns the newest dated entry of items and how many have no date.
func (hx *healthIndex) newest(items []site.ListItem) (best datedItem, found bool, undated int) {
	for _, it := range items {
		d, ok := hx.itemDate(it)
		if !ok {
			undated++
			continue
		}
		if !found || d.when.After(best.when) {
			best, found = d, true
		}
	}
	return best, found, undated
}

// firstLevel returns the fingerprint keys of 一级栏目 [I]: columns linked
// from the homepage or from the 政府信息公开 platform index the homepage
// links to.
func (hx *healthIndex) firstLevel() map[string]bool {
	out := map[string]bool{}
	if hx.home == nil {
		return out
	}
	for _, l := range hx.home.Outgoing() {
		k := normalizeForFingerprint(l.URL)
		out[k] = true
		q := hx.byKey[k]
		if q == nil || q == hx.home {
			continue
		}
		if isPlatformIndex(hx.ctx, q) {
			for _, l2 := range q.Outgoing() {
				out[normalizeForFingerprint(l2.URL)] = true
			}
		}
	}
	return out
}

func isPlatformIndex(ctx *Context, p *site.Page) bool {
	switch ClassifyName(p.Column) {
	case ColPlatform, ColCatalogue:
		return true
	}
	switch classOf(ctx, p) {
	case ColPlatform, ColCatalogue, ColStatutory:
		return true
	}
	return false
}

// isFirstLevel reports whether any page of g is a 一级栏目.
func (g *columnGroup) isFirstLevel(first map[string]bool) bool {
	for _, p := range g.pages {
		if first[normalizeForFingerprint(p.URL)] || p.FinalURL != "" && first[normalizeForFingerprint(p.FinalURL)] {
			return true
		}
	}
	return false
}

// unexpandedList names a script-rendered list of p whose entries are not
// (all) in Items: the crawler's verdict, else what the page source shows.
// TRS document.writeln entries and DOM lists are read by extraction, so
// a page with items and only such scripts is expanded; a 大汉 or gkmlpt
// page without loaded requests holds at most the first records.
func unexpandedList(p *site.Page) string {
	if p.Unexpanded != "" {
		return p.Unexpanded
	}
	if p.Loaded > 0 {
		return ""
	}
	m := site.ScriptListMarker(p)
	switch {
	case m == "":
		return ""
	case p.NumItems() == 0:
		return m
	case strings.Contains(m, "jpage") || strings.Contains(m, "gkmlpt"):
		return m
	}
	return ""
}

// unexpanded returns the first unexpanded list among g's pages.
func (g *columnGroup) unexpanded() string {
	for _, p := range g.pages {
		if m := unexpandedList(p); m != "" {
			return m
		}
	}
	return ""
}

// explainRe matches the notes a column carries when it legitimately has
// nothing new (rules.md A3: 「本栏目暂无信息」「无此项职能」, 本单位无…).
var explainRe = regexp.MustCompile(
	`(?:本|该|此)?栏目?暂无[^。；;，,！!\s]{0,12}?(?:信息|内容|数据|文件|记录|事项|更新)` +
		`|暂未(?:产生|发生|制定|出台|形成)[^。；;，,\s]{0,16}` +
		`|无此项职能|不涉及此项(?:职能|工作|内容)?|无相关职能` +
		`|(?:本|我)(?:单位|机关|部门|局|委|办|中心|镇|乡|街道|院)[^。；;，,\s]{0,16}?(?:无|没有|不涉及)[^。；;，,\s]{0,16}`)

// explanation returns the note of the first page of g that has one, quoted
// from the page's own text (links, header and footer excluded, so a title
// such as "本局关于无证经营…" is not taken for a note).
func (hx *healthIndex) explanation(g *columnGroup) string {
	for _, p := range g.pages {
		if q := explainRe.FindString(hx.bodyText(p)); q != "" {
			return q
		}
	}
	return ""
}

// bodyText is the page's own text: its Text without the footer, link texts
// and every word the homepage also shows (header, navigation), joined
// without spaces.
func (hx *healthIndex) bodyText(p *site.Page) string { return hx.bodyTextWithout(p, "") }

// bodyTextWithout is bodyText without the words that contain drop (an
// explanatory note, which is not content).
func (hx *healthIndex) bodyTextWithout(p *site.Page, drop string) string {
	body := p.Body()
	t := body.Text
	if body.FooterText != "" {
		if i := strings.LastIndex(t, body.FooterText); i >= 0 {
			t = t[:i] + t[i+len(body.FooterText):]
		}
	}
	skip := map[string]bool{p.Title: true, healthColumnName(p): true}
	for _, l := range p.Outgoing() {
		for _, f := range strings.Fields(l.Text) {
			skip[f] = true
		}
	}
	for _, c := range p.Crumbs() {
		skip[c] = true
	}
	boiler := hx.homeWords()
	var b strings.Builder
	for _, f := range strings.Fields(t) {
		if skip[f] || boiler[f] || drop != "" && strings.Contains(f, drop) {
			continue
		}
		b.WriteString(f)
	}
	return chromeWords.Replace(b.String())
}

// chromeWords are page furniture that is not content.
var chromeWords = strings.NewReplacer(
	"当前位置", "", "您现在的位置", "", "您的位置", "", "所在位置", "", "首页", "", "：", "", ":", "", ">", "", "»", "",
	"上一页", "", "下一页", "", "尾页", "", "末页", "", "打印", "", "关闭", "", "字号", "", "分享到", "", "收藏", "",
	"共0条", "", "共0页", "", "第1页", "", "跳转", "", "条记录", "",
)

func (hx *healthIndex) homeWords() map[string]bool {
	if hx.home == nil {
		return nil
	}
	hx.homeWordOnce.Do(func() {
		hx.homeWordSet = map[string]bool{}
		for _, f := range strings.Fields(hx.home.Body().Text) {
			hx.homeWordSet[f] = true
		}
	})
	return hx.homeWordSet
}

// hanRunes counts the Chinese characters of s.
func hanRunes(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// hQuote shortens s for evidence.
func hQuote(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// hCivil is t's calendar date in Shanghai as a UTC midnight, so that
// differences are whole days.
func hCivil(t time.Time) time.Time {
	t = t.In(site.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// hDaysBetween counts calendar days from a to b (b later is positive).
func hDaysBetween(a, b time.Time) int {
	return int(hCivil(b).Sub(hCivil(a)).Hours() / 24)
}

// hDay formats t as its date in Shanghai.
func hDay(t time.Time) string { return t.In(site.Shanghai).Format("2006-01-02") }

// archiveName matches columns that hold a closed period: 2023年工作动态,
// 历史文件, 往期回顾. They are not expected to be updated [I].
var archiveName = regexp.MustCompile(`历史|归档|往期|存档|过期|(19|20)\d{2}\s*年`)

// isArchive reports a column named for a past year or as an archive; a
// column named for this year (2025年工作动态) is not one.
func isArchive(name string, asOf time.Time) bool {
	m := archiveName.FindString(name)
	if m == "" {
		return false
	}
	if y := strings.TrimSpace(strings.TrimSuffix(m, "年")); len(y) == 4 && y[0] >= '0' && y[0] <= '9' {
		return y < asOf.Format("2006")
	}
	return true
}

// isNonContentPage reports pages that are never columns of content: site
// maps, search results, error pages.
func isNonContentPage(p *site.Page) bool {
	name := p.Title + " " + healthColumnName(p)
	for _, w := range []string{"网站地图", "站点地图", "搜索", "检索", "查询结果", "无障碍"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	low := strings.ToLower(p.URL)
	for _, w := range []string{"sitemap", "search", "wzdt"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return looksNotFound(p)
}
