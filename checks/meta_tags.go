package checks

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/site"
)

// MetaTags reports pages without the <meta> tags of the 网页设计规范.
type MetaTags struct{}

var metaTagsMeta = Meta{
	ID:          "meta-tags",
	Name:        "网页元数据缺失",
	Description: "检查网页是否按规范设置元数据标签：每个页面须有网站级标签，栏目页须有栏目标签，文章页须有标题（ArticleTitle）、发布日期（PubDate）和信息来源（ContentSource）。缺少即为问题。",
	Severity:    Advice, // the spec is confirmed only via reproductions [P]; no known deduction
	Basis:       "《政府网站发展指引》（国办发〔2017〕47号）附件《政府网站网页设计规范》网页标签要求",
	Advice:      "在页面模板的<head>中补齐规定的<meta>标签：全部页面 SiteName、SiteDomain、SiteIDCode；栏目页 ColumnName、ColumnDescription、ColumnKeywords、ColumnType；内容页 ArticleTitle、PubDate、ContentSource。",
	Summary:     "required <meta> tags missing: site tags on every page, Column* on column pages, ArticleTitle/PubDate/ContentSource on content pages",
	Recheck:     Recheck{Mode: RecheckPage, Strict: true},
}

// Meta describes the rule.
func (MetaTags) Meta() Meta { return metaTagsMeta }

var (
	siteTags    = []string{"SiteName", "SiteDomain", "SiteIDCode"}
	columnTags  = []string{"ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"}
	contentTags = []string{"ArticleTitle", "PubDate", "ContentSource"}

	// The lists per kind of page and the tags' keys in Page.Meta, made once
	// rather than for each of 100,000 pages.
	pageRequired    = siteTags
	columnRequired  = append(append([]string{}, siteTags...), columnTags...)
	contentRequired = append(append([]string{}, siteTags...), contentTags...)
	metaKey         = func() map[string]string {
		m := map[string]string{}
		for _, l := range [][]string{siteTags, columnTags, contentTags} {
			for _, t := range l {
				m[t] = strings.ToLower(t)
			}
		}
		return m
	}()
)

// Check names the tags that are absent or empty, and a SiteIDCode that
// disagrees with the 网站标识码 in the footer. A template's defect sits on
// every page of its type: it is one finding per page type and defect, with
// the number of pages and examples, as an inspector writes it — not one
// row per page.
func (r MetaTags) Check(ctx *Context, s *site.Site) []Finding { return checkPages(ctx, s, r) }

// metaPass holds each fetched page's type and defects (pages[i] for
// s.Pages[i]). A defect is the same on every page that has it (its key
// says all of it): pages hold its number in defects, so that 100,000
// pages without a tag do not each keep a finding's text.
type metaPass struct {
	ctx      *Context
	s        *site.Site
	home     *site.Page
	notFound func(*site.Page) bool
	// pages[i] is 1 + the index in sets of s.Pages[i]'s type and defects
	// (0: not looked at): pages of one template share one set, so a page
	// costs four bytes while the pass holds every page (issue 7's bound).
	pages   []uint32
	mu      sync.Mutex
	ids     map[string]uint32
	defects []metaDefect
	sets    []metaPage
	setOf   map[metaSetKey]uint32
}

// metaPage is one fetched page's type and the numbers of its defects.
type metaPage struct {
	kind    string
	defects []uint32
}

// metaSetKey names a metaPage: a page has at most two defects (the
// missing tags, the SiteIDCode); more go in rest.
type metaSetKey struct {
	kind string
	n    int
	d    [2]uint32
	rest string
}

// set returns 1 + the index of mp's set in m.sets, adding it. m.mu is held.
func (m *metaPass) set(mp metaPage) uint32 {
	k := metaSetKey{kind: mp.kind, n: len(mp.defects)}
	copy(k.d[:], mp.defects)
	if len(mp.defects) > len(k.d) {
		k.rest = fmt.Sprint(mp.defects[len(k.d):])
	}
	id, ok := m.setOf[k]
	if !ok {
		m.sets = append(m.sets, mp)
		id = uint32(len(m.sets))
		m.setOf[k] = id
	}
	return id
}

type metaDefect struct {
	key, kind string
	f         Finding
}

// Pass starts a run over s.
func (MetaTags) Pass(ctx *Context, s *site.Site) PagePass {
	return &metaPass{ctx: ctx, s: s, home: homepage(s), notFound: notFoundIn(ctx, s), pages: make([]uint32, len(s.Pages)),
		ids: map[string]uint32{}, setOf: map[metaSetKey]uint32{}}
}

// Visit reads one page's tags (and its footer, when it has a SiteIDCode).
func (m *metaPass) Visit(v PageView) {
	p := v.Page
	if p.Status >= 300 || m.notFound(p) {
		return
	}
	// The homepage is a page of its own type: it carries the site tags,
	// not a column's (it is not a column).
	required := pageRequired
	kind := "页面"
	switch {
	case p == m.home:
		kind = "首页"
	case p.IsColumn():
		required = columnRequired
		kind = "栏目页"
	case p.IsContent():
		required = contentRequired
		kind = "内容页"
	}
	mp := metaPage{kind: kind}
	defer func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.pages[v.I] = m.set(mp)
	}()
	add := func(key string, d func() metaDefect) {
		m.mu.Lock()
		defer m.mu.Unlock()
		id, ok := m.ids[key]
		if !ok {
			key = strings.Clone(key) // may hold a piece of the page's text
			id = uint32(len(m.defects))
			dd := d()
			dd.key = key
			m.ids[key], m.defects = id, append(m.defects, dd)
		}
		mp.defects = append(mp.defects, id)
	}
	var absent, empty []string
	meta := v.Read.MetaTags()
	for _, tag := range required {
		v, ok := meta[metaKey[tag]]
		switch {
		case !ok:
			absent = append(absent, tag)
		case strings.TrimSpace(v) == "":
			empty = append(empty, tag)
		}
	}
	if len(absent)+len(empty) > 0 {
		var parts []string
		if len(absent) > 0 {
			parts = append(parts, "缺少 "+strings.Join(absent, "、"))
		}
		if len(empty) > 0 {
			parts = append(parts, "内容为空 "+strings.Join(empty, "、"))
		}
		what := strings.Join(parts, "；")
		add("missing|"+kind+"|"+what, func() metaDefect {
			return metaDefect{kind: kind, f: Finding{
				Message:  fmt.Sprintf("%s元数据标签不全：%s。", kind, what),
				Evidence: fmt.Sprintf("按%s要求应有：%s", kind, strings.Join(required, "、")),
				Subject:  "missing",
			}}
		})
	}
	code := strings.TrimSpace(meta["siteidcode"])
	if code == "" {
		return // nothing to compare: the page's text need not be read
	}
	footer := footerSiteID(v.Read)
	if footer != "" && !strings.EqualFold(code, footer) {
		add("siteidcode|"+code+"|"+footer, func() metaDefect {
			return metaDefect{f: Finding{
				Message:  "SiteIDCode 标签与页面底部网站标识码不一致。",
				Evidence: fmt.Sprintf("<meta name=\"SiteIDCode\" content=\"%s\">，底部网站标识码 %s", strings.Clone(code), strings.Clone(footer)),
				Subject:  "siteidcode-mismatch",
			}}
		})
	}
}

// Findings groups the pages' defects by template.
func (m *metaPass) Findings() []Finding {
	ctx := m.ctx
	var groups firstSeen[string, templateDefect]
	ofKind := map[string]int{} // pages of each type
	for i, p := range m.s.Pages {
		if m.pages[i] == 0 {
			continue
		}
		mp := &m.sets[m.pages[i]-1]
		ofKind[mp.kind]++
		for _, id := range mp.defects {
			d := m.defects[id]
			g := groups.get(d.key, func() *templateDefect { return &templateDefect{first: d.f, kind: d.kind} })
			g.pages = append(g.pages, p)
		}
	}
	perPage := ctx != nil && ctx.PerPage
	total := 0
	for _, n := range ofKind {
		total += n
	}
	var out []Finding
	for _, g := range groups.order {
		of := total
		if g.kind != "" {
			of = ofKind[g.kind]
		}
		// A template's defect is on most pages of its type; a few pages
		// whose editor left a field empty are each their own row.
		if !perPage && len(g.pages) >= templateMinPages && 2*len(g.pages) >= of {
			out = append(out, g.templateFinding())
			continue
		}
		for _, p := range g.pages {
			f := g.first
			f.URL, f.Title, f.Column = p.URL, p.Title, p.Column
			f.Evidence += "。"
			out = append(out, f)
		}
	}
	return out
}

// templateDefect is one defect shared by the pages of one page type.
type templateDefect struct {
	first Finding
	kind  string // page type; "" = any
	pages []*site.Page
}

const (
	// templateExamples is how many pages a template finding names.
	templateExamples = 5
	// templateMinPages is the fewest pages that make a defect a template's.
	templateMinPages = 3
)

// templateFinding is the group's one row: its shallowest page (the one an office
// finds first) as the page to fix, the count and examples in the evidence.
func (g *templateDefect) templateFinding() Finding {
	sort.SliceStable(g.pages, func(i, j int) bool {
		a, b := g.pages[i], g.pages[j]
		if a.Depth != b.Depth {
			return a.Depth < b.Depth
		}
		return a.URL < b.URL
	})
	p := g.pages[0]
	f := g.first
	f.URL, f.Title, f.Column = p.URL, p.Title, p.Column
	// The subject stays the per-page one: re-checked page by page (verify),
	// the example page's finding keeps the row's fingerprint.
	if n := len(g.pages); n > 1 {
		f.Message = fmt.Sprintf("%d个%s", n, f.Message)
		var ex []string
		for _, q := range g.pages[:min(n, templateExamples)] {
			ex = append(ex, q.URL)
		}
		more := ""
		if n > templateExamples {
			more = "等"
		}
		f.Evidence += fmt.Sprintf("；同一模板的%d个页面均如此（模板问题，按一处计），如%s%s", n, strings.Join(ex, "、"), more)
	}
	f.Evidence += "。"
	return f
}

func footerSiteID(p *site.Page) string { return footerSiteIDOf(p.Body()) }

func footerSiteIDOf(b site.Body) string {
	for _, text := range []string{b.FooterText, b.Text} {
		if m := siteIDCodeRe.FindStringSubmatch(text); m != nil {
			return m[1]
		}
	}
	return ""
}
