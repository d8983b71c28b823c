package crawl

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// maxLoaderBody caps one list response (XML or JSON of a page of entries).
const maxLoaderBody = 4 << 20

// expandLists runs the script-rendered list loaders of a page (大汉
// dataproxy.jsp, 广东 gkmlpt API) and adds their entries to the page, so
// that a list drawn by scripts is never taken for a blank column. A loader
// that cannot be run marks the page Unexpanded, and rules then stay silent
// about it.
func (cr *crawler) expandLists(p *site.Page, html string) {
	loaders := DetectLoaders(p.FinalOrURL(), html)
	if len(loaders) == 0 {
		if len(p.Items) == 0 {
			p.Unexpanded = site.ScriptListMarker(p)
		}
		return
	}
	seenItem := make(map[string]bool, len(p.Items))
	for _, it := range p.Items {
		seenItem[it.URL] = true
	}
	queue := loaders
	for len(queue) > 0 {
		l := queue[0]
		queue = queue[1:]
		key := l.Method + " " + l.URL + " " + l.Body
		cr.mu.Lock()
		done := cr.loaded[key]
		cr.loaded[key] = true
		cr.mu.Unlock()
		if done {
			continue
		}
		if ctxDone(cr.ctx) {
			p.Unexpanded = l.Kind + "：扫描提前结束，列表未读完"
			return
		}
		body, err := cr.load(l, p.URL)
		if err != nil {
			p.Unexpanded = l.Kind + "：" + err.Error()
			return
		}
		items, more, err := parseLoaderResponse(l, p.URL, body)
		if err != nil {
			// The parser's own error is for developers; the office
			// reads what happened.
			p.Unexpanded = l.Kind + "：列表接口返回的内容无法解析"
			return
		}
		p.Loaded++
		for _, it := range items {
			if it.URL != "" && !seenItem[it.URL] {
				seenItem[it.URL] = true
				p.Items = append(p.Items, it)
				p.Links = append(p.Links, site.Link{URL: it.URL, Text: it.Title, Kind: site.KindAnchor})
			}
		}
		queue = append(queue, more...)
	}
}

// load sends one loader request through the polite client.
func (cr *crawler) load(l Loader, referer string) ([]byte, error) {
	method := l.Method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if l.Body != "" {
		body = strings.NewReader(l.Body)
	}
	req, err := http.NewRequestWithContext(cr.ctx, method, l.URL, body)
	if err != nil {
		return nil, fmt.Errorf("列表接口地址无效（%s）", shortErr(err))
	}
	req.Header.Set("User-Agent", cr.opts.UserAgent)
	req.Header.Set("Referer", referer)
	if l.ContentType != "" {
		req.Header.Set("Content-Type", l.ContentType)
	}
	resp, err := cr.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("请求失败（%s）", shortErr(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("列表接口返回HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxLoaderBody))
	if err != nil {
		return nil, fmt.Errorf("读取列表接口的响应失败（%s）", shortErr(err))
	}
	return data, nil
}
