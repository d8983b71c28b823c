package crawl

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// The search probe: one GET on the site's own search box for the exact
// title of a recent article, so that search-broken can tell a search that
// finds nothing from one that works. It runs once, after the crawl, only
// when the start page's box is a plain GET form on one of the site's hosts
// that robots.txt allows; a POST form, a box run by a script, a captcha or
// a challenge give no request or no judgement.

// searchProbeTimeout bounds the one request.
const searchProbeTimeout = 20 * time.Second

// minProbeTitle is the shortest title worth searching for (runes): a
// short one is found anywhere.
const minProbeTitle = 8

func (cr *crawler) searchProbe() *site.SearchProbe {
	if cr.opts.NoSearchProbe || cr.ctx.Err() != nil {
		return nil
	}
	cr.mu.Lock()
	var home *site.Page
	start := cr.start.String()
	for _, p := range cr.pages {
		if p.URL == start || p.FinalURL == start {
			home = p
			break
		}
	}
	var article *site.Page
	var title string
	if home != nil && home.Search != nil && home.Search.Method == "get" {
		article, title = recentArticle(home, cr.pages)
	}
	cr.mu.Unlock()
	if article == nil {
		return nil
	}
	sf := home.Search
	action, err := url.Parse(sf.Action)
	if err != nil || !cr.onSite(action) || (!cr.opts.IgnoreRobots && !cr.robots.allowed(cr.ctx, action)) {
		return nil
	}
	q, _ := url.ParseQuery(sf.Fixed)
	q.Set(sf.Param, title)
	action.RawQuery = q.Encode()
	probe := &site.SearchProbe{Query: title, Article: article.URL, Request: action.String()}
	req, err := http.NewRequestWithContext(cr.ctx, http.MethodGet, probe.Request, nil)
	if err != nil {
		return nil
	}
	req.Header.Set("User-Agent", cr.opts.UserAgent)
	client := *cr.client
	client.Timeout = min(searchProbeTimeout, max(cr.opts.Timeout, time.Second))
	resp, err := client.Do(req)
	if errors.Is(err, ErrNotArchived) {
		probe.Skipped = "搜索请求不在网页存档（WARC）中"
		return probe
	}
	if err != nil {
		probe.Skipped = "搜索请求未完成（网络错误或超时）"
		return probe
	}
	defer resp.Body.Close()
	body, _ := readLimited(resp, cr.opts.MaxBodySize)
	probe.Status = resp.StatusCode
	text, _ := site.Decode(body, resp.Header.Get("Content-Type"))
	switch {
	case site.Challenge(body) != "":
		probe.Skipped = "搜索结果页为人机校验（" + site.Challenge(body) + "）"
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == 412 || resp.StatusCode == http.StatusTooManyRequests:
		probe.Skipped = fmt.Sprintf("搜索请求被拒绝（HTTP %d）", resp.StatusCode)
	case resp.StatusCode >= 300:
		// 404 and 5xx: the search does not work; the rule says so.
	case strings.Contains(collapse(text), collapse(title)) || strings.Contains(text, article.URL) || strings.Contains(text, pathOf(article.URL)):
		probe.Found = true
	case strings.Contains(text, "验证码") || strings.Contains(text, "captcha"):
		probe.Skipped = "搜索需要验证码"
	}
	return probe
}

// recentArticle is the newest dated article the homepage links among the
// crawled pages, and its exact title (the ArticleTitle tag, else the
// homepage's link text when it is not cut short, else the <title> up to
// its site-name suffix).
func recentArticle(home *site.Page, pages []*site.Page) (*site.Page, string) {
	byURL := make(map[string]*site.Page, len(pages))
	for _, p := range pages {
		byURL[p.URL] = p
	}
	var best *site.Page
	var bestTitle string
	for _, l := range home.Outgoing() {
		p := byURL[l.URL]
		if p == nil || p.Status != 200 || p.Published.IsZero() || !p.IsContent() {
			continue
		}
		t := probeTitle(p, l.Text)
		if utf8.RuneCountInString(t) < minProbeTitle {
			continue
		}
		if best == nil || p.Published.Time.After(best.Published.Time) {
			best, bestTitle = p, t
		}
	}
	return best, bestTitle
}

func probeTitle(p *site.Page, linkText string) string {
	if t := strings.TrimSpace(p.MetaTags()["articletitle"]); t != "" {
		return t
	}
	if t := strings.TrimSpace(linkText); t != "" && !strings.HasSuffix(t, "…") && !strings.HasSuffix(t, "...") && !strings.HasSuffix(t, "..") {
		return t
	}
	t := p.Title
	for _, sep := range []string{"_", " - ", "-", "|", "——"} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	return strings.TrimSpace(t)
}

func collapse(s string) string { return strings.Join(strings.Fields(s), "") }

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" || u.Path == "/" {
		return raw
	}
	return u.Path
}

func readLimited(resp *http.Response, n int) ([]byte, error) {
	return io.ReadAll(io.LimitReader(resp.Body, int64(n)))
}
