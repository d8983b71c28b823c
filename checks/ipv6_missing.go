package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// IPv6Missing reports a site whose name has no IPv6 address (AAAA record)
// or that does not answer over IPv6, from the crawl's site probe; where
// the probe could not test (this machine has no IPv6), it says so as
// advice rather than blame the site.
type IPv6Missing struct{}

var ipv6MissingMeta = Meta{
	ID:          "ipv6-missing",
	Name:        "未支持IPv6",
	Description: "检查网站是否支持IPv6访问：网站域名没有IPv6地址（AAAA记录），或通过IPv6打不开首页，即为未支持IPv6；检测环境不具备IPv6条件时注明“未检测”。",
	Severity:    Deduct, // [C] via news (the 2022 work plan's target rate); no deduction figure is known, so no points
	Basis: "中共中央办公厅、国务院办公厅《推进互联网协议第六版（IPv6）规模部署行动计划》（2017年）：政府网站完成IPv6改造；" +
		"中央网信办等《深入推进IPv6规模部署和应用2022年工作安排》：县级以上政府门户网站IPv6支持率达到85%",
	Advice: "为网站域名配置AAAA（IPv6）解析记录，并确保通过IPv6地址可正常访问网站首页和各栏目（可由云服务商或IPv6转换网关提供）；首页可标注“IPv6”标识。",
	Summary: "from the site probe (run once per scan on the start page's host): no AAAA record, or the start page asked over the first IPv6 address failed or answered ≥ 400; " +
		"where this machine has no IPv6 route, its DNS gave no answer or a proxy is configured, one advice row says IPv6 was not tested (未检测). " +
		"Nothing for a copy on loopback or an IP address, --resolve, or a snapshot without a probe",
	Recheck: Recheck{Reason: "需重新检测域名解析和IPv6访问，请重新扫描全站"},
}

// Meta describes the rule.
func (IPv6Missing) Meta() Meta { return ipv6MissingMeta }

// Check reads the probe's IPv6 result.
func (IPv6Missing) Check(_ *Context, s *site.Site) []Finding {
	if s.Probe == nil {
		return nil
	}
	p := s.Probe.IPv6
	f := startFinding(s, "IPv6")
	host := s.Probe.Host
	switch p.State {
	case site.ProbeNoAAAA:
		f.Message = fmt.Sprintf("网站域名%s没有IPv6地址（AAAA记录），不支持IPv6访问。", host)
		f.Evidence = fmt.Sprintf("DNS查询%s：只有IPv4地址，无AAAA记录。", host)
	case site.ProbeIPv6Failed:
		f.Message = fmt.Sprintf("网站域名%s有IPv6地址，但通过IPv6访问首页失败。", host)
		f.Evidence = fmt.Sprintf("AAAA记录：%s；通过IPv6地址%s请求首页：%s。", strings.Join(p.Addrs, "、"), p.Addrs[0], ipv6Why(p))
	case site.ProbeUntested:
		f.Severity = Advice
		f.Message = fmt.Sprintf("未检测：%s，无法判断网站%s是否支持IPv6访问，建议在具备IPv6网络的环境中复查。", untestedWhy(p.Why), host)
		if len(p.Addrs) > 0 {
			f.Evidence = fmt.Sprintf("AAAA记录：%s（存在IPv6地址，但本机无法经IPv6访问）。", strings.Join(p.Addrs, "、"))
		} else {
			f.Evidence = "本次扫描未能完成IPv6检测。"
		}
	default:
		return nil
	}
	return []Finding{f}
}

func ipv6Why(p site.IPv6Probe) string {
	switch p.Why {
	case string(site.ErrHTTPStatus):
		return fmt.Sprintf("返回HTTP状态码%d", p.Status)
	case string(site.ErrRefused):
		return "连接被拒绝"
	case string(site.ErrTimeout):
		return "连接超时"
	case string(site.ErrTLS):
		return "HTTPS握手失败"
	}
	return "无法连接"
}

func untestedWhy(why string) string {
	switch why {
	case "no-route":
		return "运行检查的计算机没有IPv6网络"
	case "proxy":
		return "本次扫描经代理服务器访问网站"
	}
	return "运行检查的计算机未能查询到网站域名的解析记录"
}
