package checks

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"golang.org/x/net/idna"

	"github.com/gongkai/gongkai/site"
)

// DomainNonstandard reports a government site whose domain is not under
// .gov.cn or .政务, a department site outside the domain of its government
// (the profile's parent_domain), a start page that redirects off them, and
// a homepage declaring such a domain in its SiteDomain tag.
type DomainNonstandard struct{}

var domainNonstandardMeta = Meta{
	ID:          "domain-nonstandard",
	Name:        "域名不规范",
	Description: "检查网站域名是否规范：网站域名（或首页跳转后的域名）不以.gov.cn或.政务结尾，部门网站不在上级网站域名之下，即为域名不规范。",
	Severity:    Deduct, // [P] the 指引 sets the rule; no deduction figure is known, so no points
	Basis: "《政府网站发展指引》（国办发〔2017〕47号）“域名规范”：政府网站使用以.gov.cn为后缀的英文域名和符合要求的中文域名（.政务），" +
		"不得使用其他后缀的英文域名；部门网站使用本级政府门户网站的下级域名（如○○○.□□□.gov.cn）；不宜注册多个域名",
	Advice: "网站迁移至.gov.cn（或.政务）域名，部门网站使用本级政府门户网站域名的下级域名；原域名停止使用（可设置一段时间跳转后注销），" +
		"首页不得跳转到非政府域名，页面模板中的SiteDomain改为网站现用的规范域名。",
	Summary: "the site's host (the start URL's, or the name a local copy stands for; a start on loopback or an IP address without such a name is not judged at all) outside .gov.cn/.政务; " +
		"with the profile's parent_domain, a host not under it (department sites); the start page redirecting to a host outside .gov.cn/.政务; " +
		"the homepage's SiteDomain meta naming such a domain. Platforms the site links to (12345, conac.cn, 政务服务网) are not the site and are never judged",
	// The site probe is not re-run by a re-check.
	Recheck: Recheck{Reason: "需重新检测网站域名和首页跳转，请重新扫描全站"},
}

// Meta describes the rule.
func (DomainNonstandard) Meta() Meta { return domainNonstandardMeta }

// Check judges the site's named host, where the start page led, and what
// the homepage declares.
func (DomainNonstandard) Check(ctx *Context, s *site.Site) []Finding {
	home := homepage(s)
	base := startFinding(s, "")
	host := namedHost(s)
	if host == "" {
		return nil // a copy on loopback or an IP address: nothing is known of the real site
	}
	var out []Finding
	var why []string
	if !govDomain(host) {
		why = append(why, fmt.Sprintf("网站域名%s不是以.gov.cn或.政务为后缀的政府网站域名", host))
	}
	if parent := strings.ToLower(strings.TrimPrefix(ctx.profile().ParentDomain, ".")); parent != "" && !underDomain(host, parent) {
		why = append(why, fmt.Sprintf("部门网站域名%s不在本级政府门户网站域名%s之下（站点配置parent_domain）", host, parent))
	}
	if len(why) > 0 {
		f := base
		f.Subject = "域名"
		f.Message = strings.Join(why, "；") + "。"
		f.Evidence = "扫描的网站地址：" + s.Start
		if hostname(s.Start) != host {
			f.Evidence = fmt.Sprintf("网站域名：%s（本地副本%s）", host, s.Start)
		}
		out = append(out, f)
	}
	// Where the start page led: a portal that sends visitors to
	// another domain is served from that domain.
	if home != nil && home.FinalURL != "" {
		if to := hostname(home.FinalURL); to != "" && to != host && !localHost(to) && !govDomain(to) {
			f := base
			f.Subject = "跳转"
			f.Message = fmt.Sprintf("首页从%s跳转到非政府网站域名%s。", host, to)
			f.Evidence = fmt.Sprintf("请求%s，最终打开%s。", s.Start, home.FinalURL)
			out = append(out, f)
		}
	}
	if home != nil {
		if d := declaredDomain(home.MetaTags()["sitedomain"]); d != "" && !govDomain(d) {
			f := base
			f.Subject = "SiteDomain"
			f.Message = fmt.Sprintf("首页元数据SiteDomain声明的网站域名%s不是以.gov.cn或.政务为后缀的政府网站域名。", d)
			f.Evidence = fmt.Sprintf(`<meta name="SiteDomain" content="%s">`, home.MetaTags()["sitedomain"])
			out = append(out, f)
		}
	}
	return out
}

// namedHost is the host the site is known by: the start URL's, or, for a
// copy on loopback or an IP address, the name the probe stood it for; ""
// when there is none (a copy's address says nothing of the real site).
func namedHost(s *site.Site) string {
	h := hostname(s.Start)
	if h == "" {
		h = strings.ToLower(s.Host)
		if sh, _, err := net.SplitHostPort(h); err == nil {
			h = sh
		}
	}
	if h != "" && !isAddress(h) {
		return h
	}
	if s.Probe != nil && s.Probe.Host != "" && !isAddress(s.Probe.Host) {
		return strings.ToLower(s.Probe.Host)
	}
	return ""
}

func hostname(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
}

// isAddress reports an IP address or a loopback name.
func isAddress(h string) bool {
	return net.ParseIP(h) != nil || h == "localhost" || strings.HasSuffix(h, ".localhost")
}

// localHost reports loopback or a private address: where a copy of the
// site redirects, not where the real site sends its visitors.
func localHost(h string) bool {
	ip := net.ParseIP(h)
	return h == "localhost" || strings.HasSuffix(h, ".localhost") || ip != nil && (ip.IsLoopback() || ip.IsPrivate())
}

// govDomain reports a host under .gov.cn or the Chinese .政务 (also the
// older .政务.cn), in Unicode or punycode.
func govDomain(h string) bool {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	if u, err := idna.ToUnicode(h); err == nil {
		h = u
	}
	for _, suffix := range []string{"gov.cn", "政务", "政务.cn"} {
		if underDomain(h, suffix) {
			return true
		}
	}
	return false
}

// underDomain reports h equal to domain or one of its subdomains.
func underDomain(h, domain string) bool {
	return h == domain || strings.HasSuffix(h, "."+domain)
}

// declaredDomain reads a SiteDomain value (a bare domain, sometimes with a
// scheme, port or path) or "" when it names no domain.
func declaredDomain(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return ""
	}
	if !strings.Contains(v, "://") {
		v = "http://" + v
	}
	h := hostname(v)
	if h == "" || isAddress(h) || !strings.Contains(h, ".") || strings.ContainsAny(h, " ，、") {
		return ""
	}
	return h
}
