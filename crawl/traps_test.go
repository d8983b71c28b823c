package crawl

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestTrapGuard(t *testing.T) {
	g := newTrapGuard()
	mustParse := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	fine := []string{
		"http://x.gov.cn/xxgk/zcwj/202509/t20250910_101.html",
		"http://x.gov.cn/col/col123/index.html?uid=5&pageNum=2",
		"http://x.gov.cn/a/b/c/",
	}
	for _, s := range fine {
		if r := g.reason(mustParse(s)); r != "" {
			t.Errorf("%s flagged: %s", s, r)
		}
	}
	traps := []string{
		"http://x.gov.cn/a/b/a/b/a/b/a/index.html",
		"http://x.gov.cn/list.jsp;jsessionid=ABCDEF0123?id=1",
		"http://x.gov.cn/s?q=1&q=1",
		"http://x.gov.cn/" + strings.Repeat("x", 1100),
	}
	for _, s := range traps {
		if r := g.reason(mustParse(s)); r == "" {
			t.Errorf("%s not flagged", s)
		}
	}
	// An endless calendar: the first 300 days are crawled, then no more.
	flagged := 0
	for i := 0; i < 1000; i++ {
		if g.reason(mustParse(fmt.Sprintf("http://x.gov.cn/cal.jsp?date=%d", i))) != "" {
			flagged++
		}
	}
	if flagged != 1000-maxQueryVariants {
		t.Errorf("calendar: %d flagged", flagged)
	}
	// Thousands of articles under one path pattern are not a trap.
	for i := 0; i < 5000; i++ {
		if r := g.reason(mustParse(fmt.Sprintf("http://x.gov.cn/art/2025/1/1/art_1_%d.html", i))); r != "" {
			t.Fatalf("article %d flagged: %s", i, r)
		}
	}
}
