package checks

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// homeSite is a one-page site at start whose homepage ended at final (""
// when not redirected), with the given meta tags, links and probe.
func homeSite(start, final string, tags map[string]string, links []site.Link, probe *site.Probe) *site.Site {
	host := hostname(start)
	return &site.Site{Start: start, Host: host, Complete: true, Probe: probe, Pages: []*site.Page{
		{URL: start, FinalURL: final, Status: 200, Title: "示范县人民政府", Meta: tags, Links: links}}}
}

func netSubjects(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Subject+" "+string(f.Severity))
	}
	sort.Strings(out)
	return out
}

func TestDomainNonstandard(t *testing.T) {
	// Platforms a portal links to legitimately: not the site, never judged.
	platforms := []site.Link{
		{URL: "http://www.12345.sfx.cn/", Text: "12345政务服务便民热线", Kind: site.KindAnchor},
		{URL: "https://bszs.conac.cn/sitename?method=show&id=1", Text: "党政机关", Kind: site.KindAnchor},
		{URL: "http://www.people.com.cn/", Text: "人民网", Kind: site.KindAnchor},
		{URL: "https://dcs.conac.cn/js/99/000/0000/00000000/CA990000000000000001.js", Kind: site.KindScript},
	}
	gov := meta("SiteDomain", "www.sfx.gov.cn")
	tests := []struct {
		name   string
		s      *site.Site
		parent string
		want   []string
	}{
		{name: "gov.cn portal linking to 12345 and conac.cn",
			s: homeSite("http://www.sfx.gov.cn/", "", gov, platforms, nil)},
		{name: "Chinese .政务 domain", s: homeSite("http://示范县人民政府.政务/", "", nil, nil, nil)},
		{name: "punycode .政务 domain", s: homeSite("http://xn--fiqs8s.xn--zfr164b/", "", nil, nil, nil)},
		{name: "gov.cn redirected to www.gov.cn", s: homeSite("http://sfx.gov.cn/", "http://www.sfx.gov.cn/", gov, nil, nil)},
		{name: "department under its parent", s: homeSite("http://slj.bd.gov.cn/", "", nil, nil, nil), parent: "bd.gov.cn"},
		{name: "copy on loopback", s: homeSite("http://127.0.0.1:8931/index.html", "", nil, platforms, nil)},
		{name: "copy on loopback declaring a .com domain", s: homeSite("http://127.0.0.1:8931/index.html", "", meta("SiteDomain", "www.sfxzf.com"), nil, nil)},
		{name: "copy standing for a name, declaring a .com domain", s: homeSite("http://127.0.0.1:8931/", "", meta("SiteDomain", "www.sfxzf.com"), nil,
			&site.Probe{Host: "www.sfx.gov.cn"}), want: []string{"SiteDomain deduct"}},
		{name: "copy on an IP address redirecting to another IP", s: homeSite("http://203.0.113.7/", "http://203.0.113.8/", nil, nil, nil)},
		{name: "SiteDomain with scheme and path", s: homeSite("http://www.sfx.gov.cn/", "", meta("SiteDomain", "http://www.sfx.gov.cn/index.html"), nil, nil)},
		{name: "SiteDomain that names no domain", s: homeSite("http://www.sfx.gov.cn/", "", meta("SiteDomain", "示范县人民政府网站"), nil, nil)},
		// Violations.
		{name: "portal on .com", s: homeSite("http://www.sfxzf.com/", "", nil, platforms, nil), want: []string{"域名 deduct"}},
		{name: "copy standing for a .cn name", s: homeSite("http://127.0.0.1:8931/", "", nil, nil, &site.Probe{Host: "www.sfx.cn"}),
			want: []string{"域名 deduct"}},
		{name: "named with --resolve", s: homeSite("http://www.sfx.org.cn/", "", nil, nil, nil), want: []string{"域名 deduct"}},
		{name: "department outside its parent", s: homeSite("http://slj.sfx.gov.cn/", "", nil, nil, nil), parent: "bd.gov.cn",
			want: []string{"域名 deduct"}},
		{name: "redirect off gov.cn", s: homeSite("http://www.sfx.gov.cn/", "http://www.sfxzf.com/index.html", gov, nil, nil),
			want: []string{"跳转 deduct"}},
		{name: "copy under its name redirecting to loopback", s: homeSite("http://www.sfx.gov.cn/", "http://127.0.0.1:8931/index.html", gov, nil, nil)},
		{name: "redirect to a public IP address", s: homeSite("http://www.sfx.gov.cn/", "http://203.0.113.7/", gov, nil, nil),
			want: []string{"跳转 deduct"}},
		{name: "homepage declares a .com domain", s: homeSite("http://www.sfx.gov.cn/", "", meta("SiteDomain", "www.sfxzf.com"), nil, nil),
			want: []string{"SiteDomain deduct"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs, errs := Run(&Context{AsOf: asOf, Profile: &config.Profile{ParentDomain: tt.parent}}, tt.s, []Rule{DomainNonstandard{}})
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if got := netSubjects(fs); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("findings %v, want %v: %+v", got, tt.want, fs)
			}
			for _, f := range fs {
				if !strings.Contains(f.Message, "政府") || f.Evidence == "" {
					t.Errorf("finding without a Chinese reason or evidence: %+v", f)
				}
			}
		})
	}
}

func TestIPv6Missing(t *testing.T) {
	probe := func(p site.IPv6Probe) *site.Probe {
		return &site.Probe{Host: "www.sfx.gov.cn", IPv6: p, HTTPS: site.HTTPSProbe{State: site.ProbeOK}}
	}
	tests := []struct {
		name  string
		probe *site.Probe
		want  []string
		text  string
	}{
		{name: "no probe (copy on loopback, --resolve, old snapshot)"},
		{name: "served over IPv6", probe: probe(site.IPv6Probe{State: site.ProbeOK, Addrs: []string{"240e::1"}})},
		{name: "no AAAA", probe: probe(site.IPv6Probe{State: site.ProbeNoAAAA}), want: []string{"IPv6 deduct"}, text: "AAAA"},
		{name: "IPv6 request refused", probe: probe(site.IPv6Probe{State: site.ProbeIPv6Failed, Addrs: []string{"240e::1"}, Why: "refused"}),
			want: []string{"IPv6 deduct"}, text: "连接被拒绝"},
		{name: "IPv6 answers 403", probe: probe(site.IPv6Probe{State: site.ProbeIPv6Failed, Addrs: []string{"240e::1"}, Why: "http", Status: 403}),
			want: []string{"IPv6 deduct"}, text: "403"},
		{name: "no IPv6 on this machine", probe: probe(site.IPv6Probe{State: site.ProbeUntested, Addrs: []string{"240e::1"}, Why: "no-route"}),
			want: []string{"IPv6 advice"}, text: "未检测"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(t, IPv6Missing{}, homeSite("http://www.sfx.gov.cn/", "", nil, nil, tt.probe))
			if got := netSubjects(fs); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
			if tt.text != "" && len(fs) > 0 && !strings.Contains(fs[0].Message+fs[0].Evidence, tt.text) {
				t.Errorf("finding %+v lacks %q", fs[0], tt.text)
			}
		})
	}
}

func TestHTTPSMissing(t *testing.T) {
	probe := func(p site.HTTPSProbe) *site.Probe {
		return &site.Probe{Host: "www.sfx.gov.cn", IPv6: site.IPv6Probe{State: site.ProbeOK}, HTTPS: p}
	}
	expired := site.HTTPSProbe{State: site.ProbeExpired, Names: []string{"www.sfx.gov.cn"}, Issuer: "Test CA",
		NotBefore: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	// An HTTPS page's resources: protocol-relative, https:// and relative
	// ones, and http:// anchors (only followed, never loaded), are fine.
	clean := []site.Link{
		{URL: "https://www.sfx.gov.cn/css/main.css", Kind: site.KindStyle},
		{URL: "https://dcs.conac.cn/js/99/x.js", Kind: site.KindScript},
		{URL: "http://www.gov.cn/", Text: "中国政府网", Kind: site.KindAnchor},
	}
	mixed := append(append([]site.Link{}, clean...),
		site.Link{URL: "http://tongji.sfx.cn/count.js", Kind: site.KindScript},
		site.Link{URL: "http://www.sfx.gov.cn/images/banner.jpg", Kind: site.KindImage})
	tests := []struct {
		name string
		s    *site.Site
		want []string
		text string
	}{
		{name: "no probe", s: homeSite("http://127.0.0.1:8931/", "", nil, nil, nil)},
		{name: "https with http:// redirecting to it", s: homeSite("http://www.sfx.gov.cn/", "https://www.sfx.gov.cn/", nil, clean,
			probe(site.HTTPSProbe{State: site.ProbeOK}))},
		{name: "http pages loading http:// resources are not mixed content", s: homeSite("http://www.sfx.gov.cn/", "", nil, mixed,
			probe(site.HTTPSProbe{State: site.ProbeOK}))},
		{name: "probe untested", s: homeSite("http://www.sfx.gov.cn/", "", nil, nil, probe(site.HTTPSProbe{State: site.ProbeUntested}))},
		{name: "no HTTPS", s: homeSite("http://www.sfx.gov.cn/", "", nil, nil, probe(site.HTTPSProbe{State: site.ProbeNoHTTPS})),
			want: []string{"HTTPS advice"}, text: "未提供HTTPS"},
		{name: "http:// not redirected", s: homeSite("https://www.sfx.gov.cn/", "", nil, nil,
			probe(site.HTTPSProbe{State: site.ProbeNoRedirect, Status: 200})), want: []string{"HTTPS advice"}, text: "状态码200"},
		{name: "expired certificate", s: homeSite("http://www.sfx.gov.cn/", "", nil, nil, probe(expired)),
			want: []string{"HTTPS advice"}, text: "2024-01-01"},
		{name: "self-signed", s: homeSite("http://www.sfx.gov.cn/", "", nil, nil, probe(site.HTTPSProbe{State: site.ProbeUntrusted})),
			want: []string{"HTTPS advice"}, text: "不受信任"},
		{name: "wrong host", s: homeSite("http://www.sfx.gov.cn/", "", nil, nil, probe(site.HTTPSProbe{State: site.ProbeWrongHost,
			Names: []string{"*.cdn.example.com"}, NotAfter: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})),
			want: []string{"HTTPS advice"}, text: "*.cdn.example.com"},
		{name: "mixed content", s: homeSite("https://www.sfx.gov.cn/", "", nil, mixed, probe(site.HTTPSProbe{State: site.ProbeOK})),
			want: []string{"混合内容 http://tongji.sfx.cn/count.js advice", "混合内容 http://www.sfx.gov.cn/images/banner.jpg advice"}, text: "图片"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := run(t, HTTPSMissing{}, tt.s)
			if got := netSubjects(fs); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("findings %v, want %v", got, tt.want)
			}
			all := ""
			for _, f := range fs {
				all += f.Message + f.Evidence
			}
			if !strings.Contains(all, tt.text) {
				t.Errorf("findings %+v lack %q", fs, tt.text)
			}
		})
	}
}

// A template's http:// script is one row, on the first page, counting the
// pages; rows stop at maxMixedRows.
func TestMixedContentOnePerResource(t *testing.T) {
	s := &site.Site{Start: "https://www.sfx.gov.cn/", Complete: true}
	for _, u := range []string{"https://www.sfx.gov.cn/", "https://www.sfx.gov.cn/a.html", "https://www.sfx.gov.cn/b.html"} {
		s.Pages = append(s.Pages, &site.Page{URL: u, Links: []site.Link{{URL: "http://tongji.sfx.cn/count.js", Kind: site.KindScript}}})
	}
	for i := range 40 {
		s.Pages[1].Links = append(s.Pages[1].Links, site.Link{URL: "http://img.sfx.cn/" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ".jpg", Kind: site.KindImage})
	}
	fs := run(t, HTTPSMissing{}, s)
	if len(fs) != maxMixedRows {
		t.Fatalf("%d rows, want %d", len(fs), maxMixedRows)
	}
	if fs[0].URL != "https://www.sfx.gov.cn/" || !strings.Contains(fs[0].Evidence, "共3个") {
		t.Errorf("the template's script row = %+v", fs[0])
	}
}
