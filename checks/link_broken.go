package checks

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/site"
)

// LinkBroken reports links, images, scripts and attachments that fail.
type LinkBroken struct{}

var linkBrokenMeta = Meta{
	ID:          "link-broken",
	Name:        "错链断链",
	Description: "检查网站页面上的链接、图片、脚本和附件能否正常打开。打不开（返回4xx/5xx错误、域名解析失败、连接被拒、超时、重定向死循环，或显示“页面不存在”的软404）即为错链断链。",
	Severity:    Deduct,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）扣分指标“链接可用性”",
	Advice:      "修复或删除失效链接；附件重新上传，外部链接改为有效地址或删除。",
	Summary:     "a link, image, script or attachment that fails (4xx/5xx, DNS, refused, timeout, redirect loop, soft 404)",
	// 0.1 per broken link on other pages, no cap (TRS monitoring code, [P]).
	Points:      0.1,
	PointsBasis: "P",
	Recheck:     Recheck{Mode: RecheckLink},
}

// Meta describes the rule.
func (LinkBroken) Meta() Meta { return linkBrokenMeta }

// moreReferrers notes that only some linking pages are listed.
func moreReferrers(r *site.Resource) string {
	if r.Referenced() > len(r.Referrers) {
		return fmt.Sprintf("（共%d个页面引用，以下仅列出前%d个）", r.Referenced(), len(r.Referrers))
	}
	return ""
}

// loginPath matches redirect targets that are sign-in pages: a link that
// sends the visitor to log in (政务服务网) works as intended.
var loginPath = regexp.MustCompile(`(?i)(login|logon|signin|sso|/cas/|passport|/auth|uc/|denglu)`)

// Check reports each failed target once, with every page that links to it.
func (LinkBroken) Check(ctx *Context, s *site.Site) []Finding {
	pages := pageIndex(s)
	notFound := notFoundIn(ctx, s)
	var out []Finding
	var offline []*site.Resource
	for _, r := range s.Resources {
		if r.NotChecked == site.NotCheckedOffline {
			offline = append(offline, r)
		}
		if r.NotChecked != "" || r.Blocked != "" {
			continue // not checked, or answered by a WAF: see link-blocked
		}
		page := pages[r.URL]
		if page == nil && r.Crawled && r.FinalURL != "" {
			page = pages[r.FinalURL] // the same body as a page already crawled
		}
		evidence, broken := brokenEvidence(r, page, notFound)
		if !broken {
			continue
		}
		f := Finding{
			URL:       r.URL,
			Title:     r.Anchor,
			Message:   fmt.Sprintf("%s无法正常访问（%s），共%d个页面引用。", kindLabel(r), shortReason(r, page), r.Referenced()),
			Evidence:  evidence + moreReferrers(r),
			Referrers: r.Referrers,
		}
		if len(r.Referrers) > 0 {
			if p := pages[r.Referrers[0]]; p != nil {
				f.Column = p.Column
			}
		}
		out = append(out, f)
	}
	if len(offline) > 0 {
		out = append(out, offlineFinding(s, offline))
	}
	return out
}

// offlineFinding is the one advice row that stands for every off-site link
// when no off-site host could be reached where the scan ran (the crawl marks
// them site.NotCheckedOffline): the network failed, not the links.
func offlineFinding(s *site.Site, rs []*site.Resource) Finding {
	seen := map[string]bool{}
	var hosts []string
	for _, r := range rs {
		if u, err := url.Parse(r.URL); err == nil && !seen[u.Hostname()] {
			seen[u.Hostname()] = true
			hosts = append(hosts, u.Hostname())
		}
	}
	sort.Strings(hosts)
	eg := hosts
	if len(eg) > 5 {
		eg = eg[:5]
	}
	return Finding{
		URL:      s.Start,
		Title:    "站外链接",
		Severity: Advice,
		Subject:  "offline",
		Message:  fmt.Sprintf("%s（%d个站外链接，%d个域名）。", site.NotCheckedOffline, len(rs), len(hosts)),
		Evidence: fmt.Sprintf("检查时所有站外域名（如 %s）均无法解析或网络不可达，这是检查所在网络的问题，不表示这些链接失效；站外链接未扣分。", strings.Join(eg, "、")),
		Advice:   "在能访问互联网的环境下重新检查，以核实站外链接是否有效。",
	}
}

// notFound is looksNotFound for the pages of the site.
func brokenEvidence(r *site.Resource, p *site.Page, notFound func(*site.Page) bool) (string, bool) {
	if r.ErrClass == "" {
		if p != nil && r.Crawled && notFound(p) {
			return fmt.Sprintf("页面返回HTTP %d，但内容为错误提示（标题“%s”），属“软404”。", r.Status, p.Title), true
		}
		return "", false
	}
	if r.Status == http.StatusTooManyRequests {
		return "", false // throttled, not broken; reported by the crawl notes
	}
	if r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden {
		for _, hop := range append(append([]string{}, r.Redirects...), r.FinalURL) {
			if hop != "" && loginPath.MatchString(hop) {
				return "", false // a sign-in wall, working as designed
			}
		}
	}
	var b strings.Builder
	b.WriteString(failureReason(r))
	if len(r.Redirects) > 0 {
		fmt.Fprintf(&b, "；跳转经过 %s", strings.Join(r.Redirects, " → "))
	}
	if r.FinalURL != "" && (len(r.Redirects) == 0 || r.Redirects[len(r.Redirects)-1] != r.FinalURL) {
		fmt.Fprintf(&b, "；最终地址 %s", r.FinalURL)
	}
	if r.Anchor != "" {
		fmt.Fprintf(&b, "；链接文字“%s”", r.Anchor)
	}
	return b.String(), true
}

// failureReason says in Chinese why a target failed: the office reads it,
// so the transport's own (English, Go) error text never appears; only the
// few causes worth telling apart are read from it.
func failureReason(r *site.Resource) string {
	detail := func(pairs ...string) string {
		e := strings.ToLower(r.Err)
		for i := 0; i+1 < len(pairs); i += 2 {
			if strings.Contains(e, pairs[i]) {
				return "：" + pairs[i+1]
			}
		}
		return ""
	}
	if r.ErrClass != site.ErrHTTPStatus && containsHan(r.Err) {
		// The crawler already said it in Chinese (crawl.describeErr); an
		// older snapshot holds the transport's English, read below.
		return r.Err
	}
	switch r.ErrClass {
	case site.ErrHTTPStatus:
		return fmt.Sprintf("HTTP状态码 %d（%s）", r.Status, statusChinese(r.Status))
	case site.ErrDNS:
		return "域名无法解析（DNS）" + detail("no such host", "域名不存在或未解析到任何地址")
	case site.ErrRefused:
		return "连接被拒绝（服务器未在该端口提供服务）"
	case site.ErrTimeout:
		return "访问超时"
	case site.ErrTLS:
		return "HTTPS证书或加密协议错误" + detail("expired", "证书已过期", "not yet valid", "证书尚未生效",
			"unknown authority", "证书不是受信任机构签发的", "not valid for", "证书与域名不符", "valid for", "证书与域名不符",
			"handshake", "加密协议握手失败")
	case site.ErrRedirectLoop:
		return "重定向循环或跳转次数过多"
	}
	return "访问失败" + detail("connection reset", "连接被服务器重置", "eof", "服务器未返回内容即断开连接",
		"network is unreachable", "网络不可达", "no route to host", "主机不可达", "non-http scheme", "跳转到了非网页地址",
		"malformed http", "服务器返回的不是合法的HTTP响应")
}

// containsHan reports whether s has a Chinese character: Go's and the
// libraries' error texts never do.
func containsHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// statusChinese names an HTTP status for the office.
func statusChinese(code int) string {
	switch code {
	case 400:
		return "请求无效"
	case 401:
		return "需要登录"
	case 403:
		return "禁止访问"
	case 404:
		return "页面不存在"
	case 405:
		return "不允许的请求方式"
	case 410:
		return "已永久删除"
	case 500:
		return "服务器内部错误"
	case 501:
		return "服务器不支持该请求"
	case 502:
		return "网关错误"
	case 503:
		return "服务暂不可用"
	case 504:
		return "网关超时"
	}
	if code >= 500 {
		return "服务器错误"
	}
	return "请求错误"
}

func shortReason(r *site.Resource, p *site.Page) string {
	switch r.ErrClass {
	case "":
		return "页面内容为“页面不存在”"
	case site.ErrHTTPStatus:
		return fmt.Sprintf("HTTP %d", r.Status)
	case site.ErrDNS:
		return "域名无法解析"
	case site.ErrRefused:
		return "连接被拒绝"
	case site.ErrTimeout:
		return "超时"
	case site.ErrTLS:
		return "证书错误"
	case site.ErrRedirectLoop:
		return "重定向循环"
	}
	return "访问失败"
}

func kindLabel(r *site.Resource) string {
	switch r.Kind {
	case site.KindImage:
		return "图片"
	case site.KindScript:
		return "脚本"
	case site.KindStyle:
		return "样式表"
	case site.KindFrame:
		return "框架页面"
	}
	if isAttachment(r.URL) {
		return "附件"
	}
	return "链接"
}
