package site

import (
	"strings"
	"testing"
)

func TestChallenge(t *testing.T) {
	tests := map[string]string{
		`<html><head><meta id="x" content="..."><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script></head></html>`: "瑞数动态防护（$_ts）",
		`<script src="/_bot_sbu/sbu_fpc.js"></script>`:                                               "WAF人机校验（_bot_sbu）",
		`<script>document.cookie="__jsl_clearance=1;"</script>`:                                      "加速乐人机校验（__jsl_clearance）",
		`<html><head><title>示范县人民政府</title></head><body>正文</body></html>`:                            "",
		`<html><script>document.cookie="wzws_cid=abc123; path=/";location.reload();</script></html>`: "Cookie校验跳转页（脚本写入Cookie后重新加载）",
		// A small real page with a cookie banner and links is a page.
		`<html><body><a href="/">首页</a><script>document.cookie="seen=1";window.location.hash="#top";</script></body></html>`: "",
		// A long genuine page that mentions a marker is not a challenge.
		strings.Repeat("正文", 40000) + "$_ts": "",
	}
	for body, want := range tests {
		if got := Challenge([]byte(body)); got != want {
			t.Errorf("Challenge(%.40q) = %q, want %q", body, got, want)
		}
	}
}
