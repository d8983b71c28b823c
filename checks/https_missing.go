package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// HTTPSMissing advises on a site without HTTPS, whose http:// does not
// redirect to it, whose certificate is expired, untrusted or for another
// host (from the crawl's site probe), and on HTTPS pages that load
// scripts, styles, frames or images over http:// (mixed content).
type HTTPSMissing struct{}

var httpsMissingMeta = Meta{
	ID:          "https-missing",
	Name:        "HTTPS未启用或配置不当",
	Description: "检查网站是否启用并正确配置HTTPS：443端口无法建立HTTPS连接、http访问不跳转到https、证书过期、自签名或与域名不符，或https页面加载http资源，即为问题。",
	Severity:    Advice, // [I] no national mandatory text: advice only
	Basis: "无全国性强制条文（规则目录B5，推断[I]）；参照《政府网站发展指引》（国办发〔2017〕47号）“安全防护”要求，" +
		"以及浏览器将HTTP页面和混合内容标为“不安全”、拦截HTTP脚本的做法，作为合规建议",
	Advice: "部署由受信任机构签发、与网站域名一致且在有效期内的HTTPS证书，到期前及时续期；将http://访问301跳转到https://；" +
		"页面中的脚本、样式、图片、框架等资源改用https://或相对地址引用。",
	Summary: "from the site probe (start page's host; nothing for a copy on loopback or an IP address, --resolve, or a snapshot without a probe): " +
		"nothing answers TLS on port 443; HTTPS works but http:// is served without a redirect to it; the certificate on 443 is expired or not yet valid, " +
		"self-signed or from an unknown authority, or for other hosts. From the pages: an https:// page loading a script, style, frame, image or " +
		"embedded object over http:// (one row per such resource, on the first page using it, at most 30 rows)",
	// The HTTPS probe is not re-run; a mixed-content row found again on
	// its re-fetched page is still there.
	Recheck: Recheck{Mode: RecheckFoundOnly, Reason: "HTTPS证书和跳转需重新检测，请重新扫描全站"},
}

// maxMixedRows caps the mixed-content rows: a template's http:// script is
// one row however many pages carry it, and a site with hundreds of http://
// images needs the pattern, not every image.
const maxMixedRows = 30

// Meta describes the rule.
func (HTTPSMissing) Meta() Meta { return httpsMissingMeta }

// Check reads the probe's HTTPS result and the HTTPS pages' resources.
func (HTTPSMissing) Check(_ *Context, s *site.Site) []Finding {
	var out []Finding
	if f, ok := httpsProbeFinding(s); ok {
		out = append(out, f)
	}
	return append(out, mixedContent(s)...)
}

func httpsProbeFinding(s *site.Site) (Finding, bool) {
	if s.Probe == nil {
		return Finding{}, false
	}
	p, host := s.Probe.HTTPS, s.Probe.Host
	f := startFinding(s, "HTTPS")
	cert := ""
	if !p.NotAfter.IsZero() {
		cert = fmt.Sprintf("证书适用于%s，颁发者%s，有效期%s至%s。", strings.Join(p.Names, "、"), orDash(p.Issuer),
			p.NotBefore.In(site.Shanghai).Format("2006-01-02"), p.NotAfter.In(site.Shanghai).Format("2006-01-02"))
	}
	switch p.State {
	case site.ProbeNoHTTPS:
		f.Message = fmt.Sprintf("网站%s未提供HTTPS访问，只能以http://明文访问。", host)
		f.Evidence = fmt.Sprintf("%s的443端口无HTTPS服务（连接失败或握手失败）。", host)
	case site.ProbeNoRedirect:
		f.Message = fmt.Sprintf("网站%s已支持HTTPS，但以http://访问时未跳转到https://。", host)
		if p.Status != 0 {
			f.Evidence = fmt.Sprintf("请求http://%s/：HTTP状态码%d", host, p.Status)
			if p.Location != "" {
				f.Evidence += "，跳转到" + p.Location
			}
			f.Evidence += "。"
		} else {
			f.Evidence = fmt.Sprintf("以%s扫描，首页未跳转到https://；%s", s.Start, cert)
		}
	default:
		problem, ok := certProblems[p.State]
		if !ok {
			return Finding{}, false
		}
		f.Message = fmt.Sprintf("网站%s的HTTPS证书%s，浏览器会提示不安全。", host, problem)
		f.Evidence = cert
	}
	return f, true
}

// certProblems says what is wrong with a certificate a browser refuses.
var certProblems = map[site.ProbeState]string{
	site.ProbeExpired:   "不在有效期内（已过期或尚未生效）",
	site.ProbeUntrusted: "不受信任（自签名或颁发机构不被认可）",
	site.ProbeWrongHost: "与网站域名不符",
	site.ProbeBadCert:   "未通过校验",
}

func orDash(s string) string {
	if s == "" {
		return "（未知）"
	}
	return s
}

// mixedKinds are the link kinds a browser loads into the page (anchors
// are only followed).
var mixedKinds = map[site.LinkKind]string{
	site.KindScript: "脚本", site.KindStyle: "样式表", site.KindImage: "图片",
	site.KindFrame: "框架页面", site.KindOther: "嵌入资源",
}

// mixedContent finds http:// resources loaded by https:// pages: one row
// per resource, on the first page (in URL order) loading it.
func mixedContent(s *site.Site) []Finding {
	type use struct {
		page  *site.Page
		kind  string
		pages int
	}
	uses := map[string]*use{}
	for _, p := range s.Pages {
		if !strings.HasPrefix(p.FinalOrURL(), "https://") {
			continue
		}
		seen := map[string]bool{}
		for _, l := range p.Outgoing() {
			kind, ok := mixedKinds[l.Kind]
			if !ok || !strings.HasPrefix(strings.ToLower(l.URL), "http://") || seen[l.URL] {
				continue
			}
			seen[l.URL] = true
			if u := uses[l.URL]; u != nil {
				u.pages++
			} else {
				uses[l.URL] = &use{page: p, kind: kind, pages: 1}
			}
		}
	}
	urls := make([]string, 0, len(uses))
	for u := range uses {
		urls = append(urls, u)
	}
	sort.Slice(urls, func(i, j int) bool {
		a, b := uses[urls[i]], uses[urls[j]]
		if a.pages != b.pages {
			return a.pages > b.pages
		}
		return urls[i] < urls[j]
	})
	var out []Finding
	for i, u := range urls {
		if i == maxMixedRows {
			break
		}
		x := uses[u]
		f := Finding{URL: x.page.URL, Title: x.page.Title, Column: x.page.Column, Subject: "混合内容 " + u}
		f.Message = fmt.Sprintf("HTTPS页面以http://明文加载%s，浏览器会拦截或提示不安全（混合内容）。", x.kind)
		f.Evidence = fmt.Sprintf("%s：%s", x.kind, u)
		if x.pages > 1 {
			f.Evidence += fmt.Sprintf("（共%d个HTTPS页面加载）", x.pages)
		}
		out = append(out, f)
	}
	return out
}
