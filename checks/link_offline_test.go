package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// TestLinkBrokenOffline: off-site links the crawl could not check for want
// of a network are one advice row, not a deduction each; links not checked
// for another reason (robots, --exclude) give none.
func TestLinkBrokenOffline(t *testing.T) {
	var offline, skipped []*site.Resource
	for i := range 40 {
		offline = append(offline, &site.Resource{URL: fmt.Sprintf("http://h%d.example.org/p%d", i%8, i), Kind: site.KindAnchor,
			ErrClass: site.ErrDNS, Err: "lookup h.example.org: no such host", NotChecked: site.NotCheckedOffline, Referrers: []string{"http://x.gov.cn/"}})
		skipped = append(skipped, &site.Resource{URL: fmt.Sprintf("http://h%d.example.org/p%d", i%8, i), Kind: site.KindAnchor,
			NotChecked: "符合 --exclude，未检查", Referrers: []string{"http://x.gov.cn/"}})
	}
	fs := run(t, LinkBroken{}, &site.Site{Start: "http://x.gov.cn/", Resources: offline})
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want one advice row: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.Severity != Advice || f.URL != "http://x.gov.cn/" || !strings.Contains(f.Message, "外部链接未能检查：网络不可用") ||
		!strings.Contains(f.Message, "40个站外链接") || !strings.Contains(f.Message, "8个域名") {
		t.Errorf("offline row = %+v", f)
	}
	if fs := run(t, LinkBroken{}, &site.Site{Start: "http://x.gov.cn/", Resources: skipped}); len(fs) != 0 {
		t.Errorf("links skipped on purpose reported: %+v", fs)
	}
}

// TestLinkBrokenReasonChinese: the office reads why a link failed in
// Chinese; the transport's English error text never reaches a finding.
func TestLinkBrokenReasonChinese(t *testing.T) {
	tests := []struct {
		res  site.Resource
		want string
	}{
		{site.Resource{Status: 404, ErrClass: site.ErrHTTPStatus, Err: "404 Not Found"}, "HTTP状态码 404（页面不存在）"},
		{site.Resource{Status: 502, ErrClass: site.ErrHTTPStatus, Err: "502 Bad Gateway"}, "HTTP状态码 502（网关错误）"},
		{site.Resource{ErrClass: site.ErrDNS, Err: "lookup dead.example.cn: no such host"}, "域名无法解析（DNS）：域名不存在"},
		{site.Resource{ErrClass: site.ErrRefused, Err: "dial tcp 10.0.0.1:80: connect: connection refused"}, "连接被拒绝"},
		{site.Resource{ErrClass: site.ErrTLS, Err: "tls: failed to verify certificate: x509: certificate has expired or is not yet valid"}, "证书已过期"},
		{site.Resource{ErrClass: site.ErrTLS, Err: "tls: failed to verify certificate: x509: certificate is valid for a.gov.cn, not b.gov.cn"}, "证书与域名不符"},
		{site.Resource{ErrClass: site.ErrOther, Err: "read tcp 1.2.3.4:5->6.7.8.9:80: read: connection reset by peer"}, "连接被服务器重置"},
		{site.Resource{ErrClass: site.ErrOther, Err: "EOF"}, "服务器未返回内容即断开连接"},
		{site.Resource{ErrClass: site.ErrOther, Err: "something new: weird failure"}, "访问失败"},
	}
	for _, tt := range tests {
		r := tt.res
		r.URL, r.Kind, r.Referrers = "http://x.gov.cn/a.html", site.KindAnchor, []string{"http://x.gov.cn/"}
		fs := run(t, LinkBroken{}, &site.Site{Start: "http://x.gov.cn/", Resources: []*site.Resource{&r}})
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", tt.res.Err, len(fs))
		}
		ev := fs[0].Evidence
		if !strings.Contains(ev, tt.want) {
			t.Errorf("%s: evidence %q lacks %q", tt.res.Err, ev, tt.want)
		}
		for _, w := range strings.Fields(strings.NewReplacer(":", " ", ",", " ").Replace(tt.res.Err)) {
			if len(w) > 3 && strings.Contains(ev, w) && !strings.Contains(tt.want, w) {
				t.Errorf("%s: Go error text %q in the evidence %q", tt.res.Err, w, ev)
			}
		}
	}
}
