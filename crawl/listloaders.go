package crawl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/gongkai/gongkai/site"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Loader kinds.
const (
	// LoaderHanweb is a 大汉 (Hanweb jcms) jpage list, read by POSTing the
	// column's form fields to /module/web/jpage/dataproxy.jsp (rules.md §5.3).
	LoaderHanweb = "hanweb-jpage"
	// LoaderGkmlpt is a 广东 政府信息公开目录管理平台 category, read from
	// /gkmlpt/api/all/{category}?page=N&sid=SID (rules.md §5.4).
	LoaderGkmlpt = "gkmlpt"
)

// Bounds on what the loaders of one list may ask for, so a bogus total
// cannot flood the crawl: a list is read up to maxLoaderRecords entries or
// maxLoaderRequests requests, whichever comes first.
const (
	maxLoadersPerPage    = 200 // a gkmlpt TREE may name this many categories
	maxLoaderRecords     = 2000
	maxLoaderRequests    = 100
	defaultHanwebPerPage = 15
	maxHanwebPerPage     = 100
	maxListParse         = 8 << 20 // bytes of one response that are parsed
)

// Loader is a request that returns a script-rendered list (大汉 dataproxy.jsp,
// 广东 gkmlpt API). The crawler sends it with the column page as Referer,
// appends the entries parseLoaderResponse returns to the page's Items and
// sends the further requests it returns.
type Loader struct {
	Kind        string // LoaderHanweb or LoaderGkmlpt
	Method      string // GET or POST
	URL         string
	Body        string // the form body of a POST
	ContentType string // of Body
	// Name is the list's own column name when one page holds several lists
	// (a gkmlpt category from the page's TREE); empty otherwise.
	Name string
}

var (
	// /module/web/jpage/dataproxy.jsp (浙江 also /module/jpage/…, and the
	// "load more" variant morecolumndataproxy.jsp), with its query if any.
	hanwebProxyRe = regexp.MustCompile(`(?i)(?:https?://[^\s"'<>/]+)?/module/(?:web/)?jpage/(?:morecolumn)?dataproxy\.jsp(?:\?[^\s"'<>\\]*)?`)
	// var param_4567 = {col:1, appid:1, …}; or, inside a jpage({…}) call,
	// ajaxParam: {…} / param: {…}.
	hanwebParamObjRe = regexp.MustCompile(`(?s)(?:\bvar\s+param_\w*\s*=|\b(?:ajaxParam|ajaxparam|param|params)\s*:)\s*\{([^{}]{0,1000})\}`)
	jsKeyValueRe     = regexp.MustCompile(`["']?(\w+)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w./%-]+))`)
	perPageRe        = regexp.MustCompile(`(?i)\bper_?page["']?\s*[:=]\s*["']?(\d{1,3})`)
	hanwebColURLRe   = regexp.MustCompile(`/col/col(\d+)/`)
	totalRecordRe    = regexp.MustCompile(`(?is)<totalrecord>\s*(\d+)\s*</totalrecord>`)
	xmlEncodingRe    = regexp.MustCompile(`(?i)<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']`)

	gkmlptSIDRe      = regexp.MustCompile(`\bSID\s*[:=]\s*["']?(\d{1,12})`)
	gkmlptSIDQueryRe = regexp.MustCompile(`/gkmlpt/api/[^"'\s]*[?&]sid=(\d{1,12})`)
	gkmlptAPIRe      = regexp.MustCompile(`/gkmlpt/api/all/(\d{1,10})`)
	gkmlptTreeRe     = regexp.MustCompile(`\bTREE\s*[:=]\s*\[`)
	gkmlptCategoryRe = regexp.MustCompile(`\{\s*"?id"?\s*:\s*"?(\d{1,10})"?[^{}]*?"?name"?\s*:\s*"((?:[^"\\]|\\.)*)"`)
)

// hanwebFields are the dataproxy.jsp form fields, in the order the 大汉
// script posts them, with the value used when the page does not say.
var hanwebFields = []struct{ key, def string }{
	{"col", "1"}, {"appid", "1"}, {"webid", "1"}, {"path", "/"}, {"columnid", ""},
	{"sourceContentType", "1"}, {"unitid", ""}, {"webname", ""}, {"permissiontype", "0"},
}

// DetectLoaders returns the requests that fetch the script-rendered lists
// of a column page, from its source: 大汉 jpage lists (form fields from a
// var param_… object, the jpage call or a dataproxy.jsp link, the column id
// also from /col/colN/ in the URL) and 广东 gkmlpt categories (the SID from
// the page, the category from the URL fragment, an API link or the page's
// TREE). A list whose parameters cannot all be found gives no loader: the
// crawler then records it with ScriptListMarker as unexpanded. Article
// pages (gkmlpt post_N, Hanweb /art/…) give none: their scripts repeat the
// platform's TREE or a "related" list, not a column of their own.
func DetectLoaders(pageURL, htmlText string) []Loader {
	base, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil || base.Host == "" {
		return nil
	}
	if site.IsArticleURL(base.String()) {
		return nil // an article's "related" widgets are not its column's list
	}
	var out []Loader
	seen := map[string]bool{}
	add := func(l Loader) {
		key := l.Method + " " + l.URL + "\x00" + l.Body
		if seen[key] || len(out) >= maxLoadersPerPage {
			return
		}
		seen[key] = true
		out = append(out, l)
	}
	low := strings.ToLower(htmlText)
	if strings.Contains(low, "dataproxy.jsp") || strings.Contains(low, "jpage") {
		for _, l := range hanwebLoaders(base, htmlText) {
			add(l)
		}
	}
	if strings.Contains(low, "gkmlpt") || strings.Contains(base.Path, "/gkmlpt/") {
		for _, l := range gkmlptLoaders(base, htmlText) {
			add(l)
		}
	}
	return out
}

func hanwebLoaders(base *url.URL, src string) []Loader {
	proxyPath := "/module/web/jpage/dataproxy.jsp"
	var params []map[string]string
	for _, m := range hanwebProxyRe.FindAllString(src, 20) {
		m = site.DecodeEntities(m)
		path, query, _ := strings.Cut(m, "?")
		if i := strings.Index(path, "/module/"); i >= 0 {
			path = path[i:]
		}
		if proxyPath == "/module/web/jpage/dataproxy.jsp" {
			proxyPath = path
		}
		if query == "" {
			continue
		}
		if q, err := url.ParseQuery(query); err == nil {
			p := map[string]string{}
			for k, v := range q {
				if len(v) > 0 {
					p[k] = v[0]
				}
			}
			params = append(params, p)
		}
	}
	for _, m := range hanwebParamObjRe.FindAllStringSubmatch(src, 20) {
		p := map[string]string{}
		for _, kv := range jsKeyValueRe.FindAllStringSubmatch(m[1], 40) {
			p[kv[1]] = kv[2] + kv[3] + kv[4]
		}
		params = append(params, p)
	}
	perPage := defaultHanwebPerPage
	if m := perPageRe.FindStringSubmatch(src); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 0 {
			perPage = min(n, maxHanwebPerPage)
		}
	}
	colFromURL := ""
	if m := hanwebColURLRe.FindStringSubmatch(base.Path); m != nil {
		colFromURL = m[1]
	}
	proxy, err := base.Parse(proxyPath)
	if err != nil {
		return nil
	}
	var out []Loader
	seen := map[string]bool{}
	for _, p := range params {
		if p["columnid"] == "" {
			p["columnid"] = colFromURL
		}
		if !site.IsInt(p["columnid"]) || !site.IsInt(p["unitid"]) {
			continue // not a list request (or computed at run time)
		}
		key := p["columnid"] + "/" + p["unitid"]
		if seen[key] {
			continue
		}
		seen[key] = true
		var body strings.Builder
		for i, f := range hanwebFields {
			v := p[f.key]
			if v == "" {
				v = f.def
			}
			if i > 0 {
				body.WriteByte('&')
			}
			body.WriteString(f.key + "=" + url.QueryEscape(v))
		}
		u := *proxy
		u.RawQuery = hanwebWindow(1, perPage)
		out = append(out, Loader{
			Kind: LoaderHanweb, Method: "POST", URL: u.String(), Body: body.String(),
			ContentType: "application/x-www-form-urlencoded; charset=UTF-8",
		})
	}
	return out
}

// hanwebWindow is the record window of one dataproxy.jsp request: the jpage
// script asks for three pages at a time.
func hanwebWindow(start, perPage int) string {
	return fmt.Sprintf("startrecord=%d&endrecord=%d&perpage=%d", start, start+3*perPage-1, perPage)
}

func gkmlptLoaders(base *url.URL, src string) []Loader {
	sid := ""
	if m := gkmlptSIDRe.FindStringSubmatch(src); m != nil {
		sid = m[1]
	} else if m := gkmlptSIDQueryRe.FindStringSubmatch(src); m != nil {
		sid = m[1]
	}
	// The platform may sit under a department prefix: /zqhjj/gkmlpt/index.
	prefix := ""
	if i := strings.Index(base.Path, "/gkmlpt/"); i >= 0 {
		prefix = base.Path[:i]
	}
	type category struct{ id, name string }
	var cats []category
	if site.IsInt(base.Fragment) {
		cats = append(cats, category{id: base.Fragment})
	}
	for _, m := range gkmlptAPIRe.FindAllStringSubmatch(src, 50) {
		cats = append(cats, category{id: m[1]})
	}
	if loc := gkmlptTreeRe.FindStringIndex(src); loc != nil {
		tree := src[loc[1]:min(len(src), loc[1]+200<<10)]
		for _, m := range gkmlptCategoryRe.FindAllStringSubmatch(tree, maxLoadersPerPage) {
			cats = append(cats, category{id: m[1], name: site.CollapseSpace(site.JSUnescape(m[2]))})
		}
	}
	var out []Loader
	seen := map[string]bool{}
	for _, c := range cats {
		if seen[c.id] {
			continue
		}
		seen[c.id] = true
		out = append(out, Loader{Kind: LoaderGkmlpt, Method: "GET", URL: gkmlptURL(base, prefix, c.id, sid, 1), Name: c.name})
	}
	return out
}

func gkmlptURL(base *url.URL, prefix, category, sid string, page int) string {
	u := url.URL{Scheme: base.Scheme, Host: base.Host, Path: prefix + "/gkmlpt/api/all/" + category}
	q := "page=" + strconv.Itoa(page)
	if sid != "" {
		q += "&sid=" + sid
	}
	u.RawQuery = q
	return u.String()
}

// ErrLoaderResponse is wrapped by ParseLoaderResponse when a response is not
// the list the loader asked for (a WAF challenge, an error page, a changed
// API): the list is then unexpanded, not empty.
var ErrLoaderResponse = errors.New("not a list response")

// ParseLoaderResponse reads one loader response: the list entries (dates
// with site.SourceList: the list shows them), and the requests for the rest of
// the list, bounded by maxLoaderRecords and maxLoaderRequests. A list that
// is really empty gives no items, no more requests and no error.
func parseLoaderResponse(l Loader, pageURL string, body []byte) (items []site.ListItem, more []Loader, err error) {
	base, perr := url.Parse(strings.TrimSpace(pageURL))
	if perr != nil {
		return nil, nil, fmt.Errorf("page URL %q: %w", pageURL, perr)
	}
	if len(body) > maxListParse {
		body = body[:maxListParse]
	}
	switch l.Kind {
	case LoaderHanweb:
		return parseHanweb(l, base, body)
	case LoaderGkmlpt:
		return parseGkmlpt(l, base, body)
	}
	return nil, nil, fmt.Errorf("unknown loader kind %q", l.Kind)
}

func parseHanweb(l Loader, base *url.URL, body []byte) ([]site.ListItem, []Loader, error) {
	ct := "text/xml"
	if m := xmlEncodingRe.FindSubmatch(body[:min(len(body), 200)]); m != nil {
		ct += "; charset=" + string(m[1])
	}
	text, _ := site.Decode(body, ct)
	low := strings.ToLower(text)
	if !strings.Contains(low, "<datastore") && !strings.Contains(low, "<recordset") && !strings.Contains(low, "<record") {
		return nil, nil, fmt.Errorf("大汉 dataproxy.jsp answered without a <datastore>: %w", ErrLoaderResponse)
	}
	var items []site.ListItem
	recs := site.HanwebRecords(text, maxLoaderRecords)
	for _, m := range recs {
		if it, ok := site.HanwebRecordItem(m[1], base); ok {
			items = append(items, it)
		}
	}
	total := -1
	if m := totalRecordRe.FindStringSubmatch(text); m != nil {
		total, _ = strconv.Atoi(m[1])
	}
	u, err := url.Parse(l.URL)
	if err != nil {
		return items, nil, nil
	}
	q := u.Query()
	start, _ := strconv.Atoi(q.Get("startrecord"))
	end, _ := strconv.Atoi(q.Get("endrecord"))
	per, _ := strconv.Atoi(q.Get("perpage"))
	if per <= 0 {
		per = defaultHanwebPerPage
	}
	var more []Loader
	// Without a total, a full window suggests there is more.
	hasMore := total > end || total < 0 && len(recs) >= end-start+1
	if len(recs) > 0 && end > 0 && hasMore && end < maxLoaderRecords && end/(3*per) < maxLoaderRequests {
		next := l
		nu := *u
		nu.RawQuery = hanwebWindow(end+1, per)
		next.URL = nu.String()
		more = append(more, next)
	}
	return items, more, nil
}

// gkmlptResponse is the JSON of /gkmlpt/api/all/{category}. Numbers come as
// numbers or strings depending on the site, so they are read raw.
type gkmlptResponse struct {
	Total    json.RawMessage `json:"total"`
	Articles []struct {
		Title        string          `json:"title"`
		URL          string          `json:"url"`
		PostURL      string          `json:"post_url"`
		Display      json.RawMessage `json:"display_publish_time"`
		FirstPublish json.RawMessage `json:"first_publish_time"`
		Publish      json.RawMessage `json:"publish_time"`
		Create       json.RawMessage `json:"create_time"`
	} `json:"articles"`
}

func parseGkmlpt(l Loader, base *url.URL, body []byte) ([]site.ListItem, []Loader, error) {
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")) // a BOM before the JSON
	var r gkmlptResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, nil, fmt.Errorf("gkmlpt API answered with no JSON list (%v): %w", err, ErrLoaderResponse)
	}
	if r.Articles == nil && r.Total == nil {
		return nil, nil, fmt.Errorf("gkmlpt API JSON has neither total nor articles: %w", ErrLoaderResponse)
	}
	var items []site.ListItem
	for _, a := range r.Articles {
		raw := a.URL
		if raw == "" {
			raw = a.PostURL
		}
		u, ok := site.CanonicalURL(raw, base)
		if !ok {
			continue
		}
		var d site.Date
		for _, t := range []json.RawMessage{a.Display, a.FirstPublish, a.Publish, a.Create} {
			if tm, ok := jsonTime(t); ok {
				d = site.Date{Time: tm, Source: site.SourceList}
				break
			}
		}
		items = append(items, site.ListItem{Title: site.CollapseSpace(html.UnescapeString(a.Title)), URL: u, Date: d})
	}
	total, hasTotal := jsonInt(r.Total)
	var more []Loader
	u, err := url.Parse(l.URL)
	if err != nil {
		return items, nil, nil
	}
	q := u.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	if page <= 0 {
		page = 1
	}
	n := len(r.Articles)
	if n > 0 && hasTotal && page*n < total && page*n < maxLoaderRecords && page < maxLoaderRequests {
		q.Set("page", strconv.Itoa(page+1))
		next := l
		nu := *u
		nu.RawQuery = q.Encode()
		next.URL = nu.String()
		more = append(more, next)
	}
	return items, more, nil
}

// jsonTime reads a gkmlpt time: unix seconds (or milliseconds) as a number
// or string, or a date string.
func jsonTime(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, false
		}
	}
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n > 1e11 {
			n /= 1000 // milliseconds
		}
		t := time.Unix(n, 0).In(site.Shanghai)
		if !site.PlausibleYear(t.Year()) {
			return time.Time{}, false
		}
		return t, true
	}
	return site.FindDate(s)
}

func jsonInt(raw json.RawMessage) (int, bool) {
	if len(raw) == 0 {
		return 0, false
	}
	s := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, false
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}
