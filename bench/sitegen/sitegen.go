// Package sitegen serves a synthetic government-style site of any size,
// generated on the fly (nothing on disk), for benchmarks: a homepage, column
// list pages paginated by TRS createPageHTML, articles with 信息公开
// metadata tables and meta tags, images, attachments, and a few broken
// links — the shapes gongkai meets on real county portals.
//
// Like a real CMS behind nginx, every 200 answer carries validators (a
// strong ETag from the body's hash and a fixed Last-Modified) and a
// conditional request for an unchanged URL gets 304 Not Modified without a
// body, so incremental re-scans can be measured.
package sitegen

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Site describes the generated site.
type Site struct {
	Pages   int // total HTML pages (homepage + list pages + articles)
	PerList int // articles per list page
	// StaticPager adds a plain <a href> pager (first, last, and the ten
	// nearest list pages) under the createPageHTML script, so link checkers
	// that run no script reach the same pages as gongkai (bench/run.sh).
	StaticPager bool
}

// columns are the generated columns (path, name).
var columns = []struct{ path, name string }{
	{"gzdt", "工作动态"}, {"tzgg", "通知公告"}, {"zcwj", "政策文件"}, {"zcjd", "政策解读"},
	{"rsxx", "人事信息"}, {"ghjh", "规划计划"}, {"czyjs", "财政预决算"}, {"bsfw", "办事指南"},
}

// layout returns the number of articles and list pages per column.
func (s Site) layout() (articlesPerCol, listPages int) {
	per := max(s.PerList, 1)
	n := max(s.Pages-1, len(columns)*2)
	// Per column: a articles and ceil(a/per) list pages: a + a/per ≈ n/cols.
	perCol := n / len(columns)
	a := max(perCol*per/(per+1), 1)
	return a, (a + per - 1) / per
}

var base = time.Date(2025, 11, 20, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

func articleDate(col, i int) time.Time { return base.AddDate(0, 0, -(i*3 + col)) }

func articleURL(col, i int) string {
	d := articleDate(col, i)
	return fmt.Sprintf("/%s/%s/t%s_%d.html", columns[col].path, d.Format("200601"), d.Format("20060102"), col*100000+i)
}

const footer = `<div class="footer"><p>主办单位：基准县人民政府办公室</p><p>网站标识码：9999990001 赣ICP备00000000号-1 赣公网安备 36999902000001号</p>
<script>document.write(unescape("%3Cspan id='_ideConac'%3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/99/x.js'%3E%3C/script%3E"));</script></div></body></html>`

func head(title string, extra string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title>
<meta name="SiteName" content="基准县人民政府"><meta name="SiteDomain" content="www.jz.gov.cn"><meta name="SiteIDCode" content="9999990001">` +
		extra + `<link rel="stylesheet" href="/css/site.css"></head><body><div class="header"><img src="/images/logo.png"></div><ul class="nav">` + nav() + `</ul>`
}

func nav() string {
	var b strings.Builder
	b.WriteString(`<li><a href="/">首页</a></li>`)
	for _, c := range columns {
		fmt.Fprintf(&b, `<li><a href="/%s/">%s</a></li>`, c.path, c.name)
	}
	return b.String()
}

// lastModified is the Last-Modified of every generated URL: the site never
// changes (the newest article is dated base).
var lastModified = base.Add(9 * time.Hour).UTC()

// etag returns the strong entity tag the site sends with body.
func etag(body []byte) string {
	h := fnv.New64a()
	h.Write(body)
	return fmt.Sprintf(`"%016x"`, h.Sum64())
}

// ServeHTTP generates the requested URL and answers it with validators:
// conditional requests get 304 Not Modified (net/http's ServeContent
// rules: If-None-Match first, If-Modified-Since only without it). Errors
// (404) are sent as generated, with no validators.
func (s Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	gen := &generated{header: w.Header(), status: http.StatusOK}
	s.generate(gen, r)
	if gen.status != http.StatusOK {
		w.WriteHeader(gen.status)
		w.Write(gen.body.Bytes())
		return
	}
	w.Header().Set("ETag", etag(gen.body.Bytes()))
	http.ServeContent(w, r, "", lastModified, bytes.NewReader(gen.body.Bytes()))
}

// generated buffers a generated response, so that its validators can be
// computed before anything is sent. It shares the real response's header.
type generated struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (g *generated) Header() http.Header         { return g.header }
func (g *generated) WriteHeader(code int)        { g.status = code }
func (g *generated) Write(p []byte) (int, error) { return g.body.Write(p) }

// generate writes the requested URL's status, Content-Type and body.
func (s Site) generate(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
	case p == "/":
		s.home(w)
	case strings.HasPrefix(p, "/images/") || p == "/css/site.css":
		if strings.Contains(p, "missing") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	case strings.HasPrefix(p, "/files/"):
		if strings.Contains(p, "gone") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		fmt.Fprint(w, "序号,项目,金额\n1,办公经费,1000\n")
	default:
		s.columnOrArticle(w, r)
	}
}

func (s Site) home(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString(head("基准县人民政府", `<meta name="ColumnName" content="首页"><meta name="ColumnDescription" content="首页"><meta name="ColumnKeywords" content="首页"><meta name="ColumnType" content="首页">`))
	for ci, c := range columns {
		fmt.Fprintf(&b, `<div class="col"><h2><a href="/%s/">%s</a></h2><ul>`, c.path, c.name)
		for i := 0; i < 5; i++ {
			fmt.Fprintf(&b, `<li><a href="%s">%s第%d条</a><span>%s</span></li>`, articleURL(ci, i), c.name, i+1, articleDate(ci, i).Format("2006-01-02"))
		}
		b.WriteString(`</ul></div>`)
	}
	b.WriteString(footer)
	fmt.Fprint(w, b.String())
}

func (s Site) columnOrArticle(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	ci := -1
	for i, c := range columns {
		if parts[0] == c.path {
			ci = i
		}
	}
	if ci < 0 {
		http.NotFound(w, r)
		return
	}
	articles, lists := s.layout()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	last := parts[len(parts)-1]
	if len(parts) == 1 || strings.HasPrefix(last, "index") {
		page := 0
		if strings.HasPrefix(last, "index_") {
			page, _ = strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(last, "index_"), ".html"))
		}
		if page >= lists {
			http.NotFound(w, r)
			return
		}
		s.list(w, ci, page, articles, lists)
		return
	}
	id := last[strings.LastIndexByte(last, '_')+1:]
	n, err := strconv.Atoi(strings.TrimSuffix(id, ".html"))
	if err != nil || n%100000 >= articles || n/100000 != ci {
		http.NotFound(w, r)
		return
	}
	s.article(w, ci, n%100000)
}

func (s Site) list(w http.ResponseWriter, ci, page, articles, lists int) {
	c := columns[ci]
	var b strings.Builder
	b.WriteString(head(c.name, fmt.Sprintf(`<meta name="ColumnName" content="%s"><meta name="ColumnDescription" content="%s"><meta name="ColumnKeywords" content="%s"><meta name="ColumnType" content="%s">`, c.name, c.name, c.name, c.name)))
	fmt.Fprintf(&b, `<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/%s/">%s</a></div><ul class="list">`, c.path, c.name)
	per := max(s.PerList, 1)
	for i := page * per; i < min((page+1)*per, articles); i++ {
		fmt.Fprintf(&b, `<li><a href="%s" title="%s第%d条">%s第%d条</a><span>%s</span></li>`, articleURL(ci, i), c.name, i+1, c.name, i+1, articleDate(ci, i).Format("2006-01-02"))
	}
	fmt.Fprintf(&b, `</ul><script>createPageHTML(%d, %d, "index", "html");</script>`, lists, page)
	if s.StaticPager {
		staticPager(&b, c.path, page, lists)
	}
	b.WriteString(footer)
	fmt.Fprint(w, b.String())
}

func (s Site) article(w http.ResponseWriter, ci, i int) {
	c := columns[ci]
	d := articleDate(ci, i)
	title := fmt.Sprintf("%s第%d条", c.name, i+1)
	var b strings.Builder
	b.WriteString(head(title, fmt.Sprintf(`<meta name="ArticleTitle" content="%s"><meta name="PubDate" content="%s 09:00"><meta name="ContentSource" content="基准县人民政府办公室"><meta name="ColumnName" content="%s">`, title, d.Format("2006-01-02"), c.name)))
	fmt.Fprintf(&b, `<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/%s/">%s</a></div>`, c.path, c.name)
	fmt.Fprintf(&b, `<table class="xxgk"><tr><td>索 引 号：</td><td>11369999MB0000000X/%d-%05d</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>基准县人民政府办公室</td><td>成文日期：</td><td>%s</td></tr>
<tr><td>文　　号：</td><td>基%s发〔%d〕%d号</td><td>发布日期：</td><td>%s</td></tr></table>`, d.Year(), i, d.AddDate(0, 0, -2).Format("2006-01-02"), c.path, d.Year(), i+1, d.Format("2006-01-02"))
	fmt.Fprintf(&b, `<div class="TRS_Editor"><h1>%s</h1>`, title)
	for k := 0; k < 12; k++ {
		b.WriteString(`<p>为进一步做好政务公开工作，全面推进决策、执行、管理、服务、结果公开，提升政府工作透明度，根据有关规定，结合本县实际，制定本方案。各乡镇、各部门要高度重视，认真组织实施。</p>`)
	}
	fmt.Fprintf(&b, `<p><img src="/images/a%d.png"></p>`, i%50)
	switch {
	case i%97 == 13:
		fmt.Fprintf(&b, `<p><a href="/files/gone%d.csv">附件（已失效）</a></p>`, i)
	case i%20 == 5:
		fmt.Fprintf(&b, `<p><a href="/files/f%d.csv">附件</a></p>`, i)
	case i%89 == 7:
		b.WriteString(`<p><img src="/images/missing.png"></p>`)
	}
	b.WriteString(`</div>`)
	b.WriteString(footer)
	fmt.Fprint(w, b.String())
}

// staticPager writes links to the first and last list page and to the five
// on either side of page: every list page is reachable in few hops, with a
// handful of links per page whatever the site's size.
func staticPager(b *strings.Builder, col string, page, lists int) {
	href := func(n int) string {
		if n == 0 {
			return "/" + col + "/" // the column URL, not index.html: no duplicate page
		}
		return fmt.Sprintf("/%s/index_%d.html", col, n)
	}
	b.WriteString(`<div class="pager">`)
	fmt.Fprintf(b, `<a href="%s">首页</a>`, href(0))
	for n := max(page-5, 1); n <= min(page+5, lists-1); n++ {
		if n != page {
			fmt.Fprintf(b, `<a href="%s">%d</a>`, href(n), n+1)
		}
	}
	if lists > 1 {
		fmt.Fprintf(b, `<a href="%s">尾页</a>`, href(lists-1))
	}
	b.WriteString(`</div>`)
}
