package crawl

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Guards against URL spaces without end: calendars (?date=…), session ids
// in paths, ever-growing query strings and paths that repeat themselves
// (relative links resolved against the wrong base). A real government site
// has many articles under one path pattern, so the limit is on query
// variants of one path, not on paths.
const (
	maxURLLength     = 1024
	maxPathSegments  = 20
	maxQueryParams   = 12
	maxQueryVariants = 300 // distinct queries of one path and key set
)

var sessionParam = regexp.MustCompile(`(?i);(jsessionid|phpsessid|sid)=[^/?#]*`)

// trapGuard counts query variants per path pattern. Not safe for
// concurrent use: the crawler calls it under its lock.
type trapGuard struct {
	variants map[string]int
}

func newTrapGuard() *trapGuard { return &trapGuard{variants: map[string]int{}} }

// reason returns why u looks like part of an endless URL space, or "".
func (g *trapGuard) reason(u *url.URL) string {
	raw := u.String()
	if len(raw) > maxURLLength {
		return "URL过长"
	}
	if sessionParam.MatchString(u.Path) {
		return "路径中带会话标识（;jsessionid=）"
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(segs) > maxPathSegments {
		return "路径层级过深"
	}
	seen := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		seen[s]++
		if seen[s] >= 3 {
			return "路径片段重复（相对链接错误形成的无限路径）"
		}
	}
	if u.RawQuery == "" {
		return ""
	}
	q := u.Query()
	n := 0
	keys := make([]string, 0, len(q))
	for k, vs := range q {
		n += len(vs)
		if len(vs) > 1 {
			return "查询参数重复（不断增长的查询串）"
		}
		keys = append(keys, k)
	}
	if n > maxQueryParams {
		return "查询参数过多"
	}
	sort.Strings(keys)
	pattern := u.Host + u.Path + "?" + strings.Join(keys, "&")
	g.variants[pattern]++
	if g.variants[pattern] > maxQueryVariants {
		return "同一路径的查询参数组合过多（疑似日历等无限页面）"
	}
	return ""
}
