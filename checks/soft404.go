package checks

// Soft 404s: pages that answer 200 but are error pages, and which pages a
// rule can judge at all.

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// notFoundTitle matches error-page titles; notFoundText the wording of an
// error page body. notFoundCode is "404" standing as an error code: on its
// own ("404", "404 - 某县人民政府", "HTTP 404") or beside error words
// ("404错误", "404页面"), never inside a name or a number ("第404号",
// "G404", "404路"). A long page that merely mentions "404" is not one.
var (
	notFoundCode  = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_])404([^\p{L}\p{N}_]|$)|404\s*(错误|页面|error|not)|(错误|error|http)\s*404`)
	notFoundTitle = regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}_])404([^\p{L}\p{N}_]|$)|404\s*(错误|页面|error|not)|(错误|error|http)\s*404|not\s*found|页面不存在|页面未找到|找不到|无法找到|不存在或已(被)?删除|已删除|出错了|错误页`)
	notFoundText  = regexp.MustCompile(`(?i)页面不存在|页面未找到|找不到(该|此|您要|您访问的)?(页面|网页|文章|信息)|您访问的(页面|网页|内容)(不存在|已删除|已被删除)|信息不存在|文章不存在|(^|[^\p{L}\p{N}_])404([^\p{L}\p{N}_]|$)|not\s*found`)
)

// looksNotFound reports a "soft 404": a 200 page that is really an error
// page. It needs an error page's shape, not a number: a short title in
// error words; or a short title whose only sign is the code 404, on a short
// body or one in error words; or a short body in error words.
func looksNotFound(p *site.Page) bool {
	// (400 runes are at least 400 bytes: a longer text need not be read.)
	long := p.TextLen() >= 1600
	if notFoundTitleMatch(p.Title) && utf8.RuneCountInString(p.Title) <= 30 {
		if !notFoundCode.MatchString(p.Title) || notFoundWordsIn(p.Title) {
			return true // error words: a long headline with 找不到 is past 30 runes
		}
		t := p.Body().Text
		return !long && utf8.RuneCountInString(t) < 400 || notFoundWordsIn(t)
	}
	if long {
		return false // real error pages are short; an article about 404 errors is not one
	}
	t := p.Body().Text
	return utf8.RuneCountInString(t) < 400 && mayBeNotFound(t, "删除") && notFoundText.MatchString(t)
}

// notFoundWords is notFoundText without the bare code.
var notFoundWords = regexp.MustCompile(`(?i)not\s*found|页面不存在|页面未找到|找不到(该|此|您要|您访问的)?(页面|网页|文章|信息)|您访问的(页面|网页|内容)(不存在|已删除|已被删除)|信息不存在|文章不存在|无法找到|不存在或已(被)?删除|出错了|错误页`)

func notFoundWordsIn(t string) bool {
	return mayBeNotFound(t, "删除", "出错了", "错误页") && notFoundWords.MatchString(t)
}

// notFoundTitleMatch is notFoundTitle.MatchString, asked of every page by
// most rules: titles without any piece of its words are ruled out first.
func notFoundTitleMatch(t string) bool {
	return mayBeNotFound(t, "出错了", "错误页", "已删除") && notFoundTitle.MatchString(t)
}

// mayBeNotFound is a cheap filter before notFoundTitle and notFoundText:
// each of their matches contains "404", "not" in any case, 不存在, 找 or one
// of the extra words.
func mayBeNotFound(t string, extra ...string) bool {
	if strings.Contains(t, "404") || strings.Contains(t, "不存在") || strings.Contains(t, "找") {
		return true
	}
	for _, w := range extra {
		if strings.Contains(t, w) {
			return true
		}
	}
	// "not" in any case: n, o and t fold only to their ASCII capitals.
	for i := 0; i+3 <= len(t); i++ {
		if t[i]|0x20 == 'n' && t[i+1]|0x20 == 'o' && t[i+2]|0x20 == 't' {
			return true
		}
	}
	return false
}

// usable reports whether a crawled page can be judged at all: fetched, and
// not a "soft 404" (looksNotFound reads no long page's text).
func usable(p *site.Page) bool {
	return p != nil && p.Status < 300 && !looksNotFound(p)
}

// notFoundIn returns looksNotFound for the pages of s, worked out once per
// run for the fetched ones: nearly every rule asks it of every page, and
// for a short page it means reading the text back from the page store.
func notFoundIn(ctx *Context, s *site.Site) func(*site.Page) bool {
	if ctx == nil {
		return looksNotFound
	}
	notFound := ctx.analyses(s).notFound.get(func() map[*site.Page]bool {
		m := map[*site.Page]bool{}
		for _, p := range s.Pages {
			if p.Status < 300 && looksNotFound(p) {
				m[p] = true
			}
		}
		return m
	})
	return func(p *site.Page) bool {
		if p.Status >= 300 {
			return looksNotFound(p)
		}
		return notFound[p] // callers only pass pages of s
	}
}

// usableIn returns usable for the pages of s (see notFoundIn).
func usableIn(ctx *Context, s *site.Site) func(*site.Page) bool {
	notFound := notFoundIn(ctx, s)
	return func(p *site.Page) bool { return p != nil && p.Status < 300 && !notFound(p) }
}
