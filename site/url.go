package site

import (
	"net/url"
	"strings"

	"golang.org/x/net/idna"
)

// CanonicalURL resolves raw against base (which may be nil when raw is
// absolute) and returns the form the crawler keys pages by: http or https
// only, scheme and host lower-cased, default port, fragment and an empty "?"
// removed, an empty path written "/". It reports false for links that are not
// fetchable pages or files: mailto:, tel:, javascript:, data:, bare "#…"
// anchors, other schemes and unparsable input.
func CanonicalURL(raw string, base *url.URL) (string, bool) {
	s := cleanHref(raw)
	if s == "" || s[0] == '#' {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	if base != nil && !u.IsAbs() {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	if u.Opaque != "" {
		return "", false // "http:foo" without slashes
	}
	host := strings.ToLower(u.Hostname())
	host = strings.TrimRight(host, ".") // all of them: "a.gov.cn.." kept one, and the result did not canonicalise to itself
	if host == "" {
		return "", false
	}
	if !isASCII(host) {
		// 中文域名 (万载政府网.政务): dialable only in punycode.
		h, err := idna.Lookup.ToASCII(host)
		if err != nil || h == "" {
			return "", false
		}
		host = h
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") { // IPv6 literal
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host
	u.Fragment, u.RawFragment = "", ""
	u.ForceQuery = false
	if u.Path == "" && u.RawPath == "" {
		u.Path = "/"
	}
	return u.String(), true
}

// cleanHref undoes what templates and browsers tolerate in href values:
// surrounding blanks, embedded tabs and newlines, HTML-escaped ampersands left
// by double escaping, and Windows backslashes in paths.
func cleanHref(raw string) string {
	s := strings.TrimSpace(raw)
	if strings.ContainsAny(s, "\t\r\n") {
		s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	}
	// Bounded: each pass shortens the string.
	for i := 0; i < 4 && strings.Contains(s, "&amp;"); i++ {
		s = strings.ReplaceAll(s, "&amp;", "&")
	}
	if strings.Contains(s, "\\") {
		s = strings.ReplaceAll(s, "\\", "/")
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
