package site

import "bytes"

// challengeMarkers are byte strings that only anti-bot challenge pages carry:
// the page is a script that computes a cookie and reloads, so a crawler sees
// it instead of the real page. Such a target is blocked, not broken.
var challengeMarkers = []struct {
	marker []byte
	name   string
}{
	{[]byte("$_ts"), "瑞数动态防护（$_ts）"},
	{[]byte("_bot_sbu"), "WAF人机校验（_bot_sbu）"},
	{[]byte("sbu_fpc.js"), "WAF人机校验（sbu_fpc）"},
	{[]byte("HOY_TR"), "WAF人机校验（HOY_TR）"},
	{[]byte("__jsl_clearance"), "加速乐人机校验（__jsl_clearance）"},
	{[]byte("acw_sc__v2"), "阿里云WAF人机校验（acw_sc__v2）"},
	{[]byte("/cdn-cgi/challenge-platform"), "Cloudflare人机校验"},
	{[]byte("safedog"), "安全狗拦截"},
	{[]byte("yunsuo_session_verify"), "云锁人机校验"},
}

// Challenge returns the name of the anti-bot challenge a response body is,
// or "" when it looks like an ordinary page. Only the first 64 KB are read:
// challenge pages are small, and a long real page that merely mentions one
// of the markers in an article must not count.
func Challenge(body []byte) string {
	if len(body) > 64<<10 {
		return ""
	}
	for _, m := range challengeMarkers {
		if bytes.Contains(body, m.marker) {
			return m.name
		}
	}
	if isCookieStub(body) {
		return "Cookie校验跳转页（脚本写入Cookie后重新加载）"
	}
	return ""
}

// isCookieStub recognises the generic anti-bot stub: a tiny page whose only
// job is a script that sets a cookie and reloads or redirects, with no link
// a reader could follow.
func isCookieStub(body []byte) bool {
	if len(body) > 4096 || !bytes.Contains(body, []byte("document.cookie")) {
		return false
	}
	lower := bytes.ToLower(body)
	if bytes.Contains(lower, []byte("<a ")) {
		return false
	}
	for _, nav := range []string{"location.reload", "location.href", "location.replace", "window.location", "location="} {
		if bytes.Contains(lower, []byte(nav)) {
			return true
		}
	}
	return false
}
