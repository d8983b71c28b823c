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
