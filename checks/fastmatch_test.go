package checks

import (
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The hand-written matchers below must agree with the regexps they stand
// for; each is checked against it on random strings built from the pieces
// that matter.

// findDocNumsRE is findDocNums as it was, with the regexps on the whole text.
func findDocNumsRE(s string) []docNumMatch {
	if !strings.Contains(s, "号") {
		return nil
	}
	n := docNumBracket.ReplaceAllString(s, "〔$1〕")
	var out []docNumMatch
	for _, m := range docNumRe.FindAllStringSubmatchIndex(n, -1) {
		if dm, ok := docNumMatchAt(n, m); ok {
			out = append(out, dm)
		}
	}
	return out
}

func randomText(rng *rand.Rand, pieces []string, n int) string {
	var b strings.Builder
	for range rng.Intn(n) {
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return b.String()
}

func TestFindDocNumsMatchesRegexp(t *testing.T) {
	pieces := []string{"示", "府", "办", "规", "国", "发", "根据", "第", "号", "〔", "〕", "[", "]", "［", "］", "【", "】",
		"（", "）", "(", ")", "﹝", "﹞", "2025", "2024", "19", "20", "1999", "0", "3", "12", "123456", " ", "\t", "\n",
		"\u3000", "，", "。", "《", "a", "\xe4\xb8", "\xff", "号文件", "2025〕", "〔2025", "（2024）",
		"示府办规〔2025〕3号", "国发（2024）第12号", "办[ 2023 ]07号", "〔2025〕", "【2019】", "﹝2020﹞ 第 ", "〔1999〕0号"}
	rng := rand.New(rand.NewSource(1))
	found := 0
	for i := range 100000 {
		s := randomText(rng, pieces, 24)
		got, want := findDocNums(s), findDocNumsRE(s)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d %q:\n got %+v\nwant %+v", i, s, got, want)
		}
		found += len(want)
		if got, want := normDocNumBrackets(s), docNumBracket.ReplaceAllString(s, "〔$1〕"); got != want {
			t.Fatalf("case %d %q: brackets %q, want %q", i, s, got, want)
		}
	}
	if found < 1000 {
		t.Fatalf("only %d 文号 in the random texts: the test proves little", found)
	}
	for _, s := range []string{"示府办规〔2025〕3号", "根据国发〔2024〕12号文件", "转发示府发（2025）第 7 号通知", "示府办〔2025〕〔2024〕3号", "号"} {
		if got, want := findDocNums(s), findDocNumsRE(s); !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", s, got, want)
		}
	}
}

var attachmentRe = regexp.MustCompile(`(?i)\.(pdf|docx?|xlsx?|wps|et|ofd|zip|rar|7z|pptx?|txt|csv)(\?|$)`)

func TestIsAttachmentMatchesRegexp(t *testing.T) {
	pieces := []string{".", "?", "/", "pdf", "PDF", "doc", "Docx", "xls", "xlsx", "XLſX", "wpſ", "et", "ET", "ofd", "zip", "rar",
		"7z", "ppt", "pptx", "txt", "csv", "html", "a", "x", "=", "&", "\xe4", "文件"}
	rng := rand.New(rand.NewSource(2))
	found := 0
	for i := range 100000 {
		s := randomText(rng, pieces, 10)
		want := attachmentRe.MatchString(s)
		if got := isAttachment(s); got != want {
			t.Fatalf("case %d %q: %v, want %v", i, s, got, want)
		}
		if want {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d attachments in the random URLs", found)
	}
}

func TestNotFoundFiltersMatchRegexp(t *testing.T) {
	pieces := []string{"404", "4", "0", "Not", "NOT", "n", "ot", " ", "found", "FOUND", "页面", "不存在", "未找到", "找不到", "无法找到",
		"或已", "被", "删除", "已删除", "出错了", "错误页", "您访问的", "网页", "信息", "文章", "a", "x"}
	rng := rand.New(rand.NewSource(3))
	found := 0
	for i := range 100000 {
		s := randomText(rng, pieces, 8)
		want := notFoundTitle.MatchString(s)
		if got := notFoundTitleMatch(s); got != want {
			t.Fatalf("case %d %q: title %v, want %v", i, s, got, want)
		}
		if !want {
			found++ // the filter must also say no, sometimes
		}
		if got, want := mayBeNotFound(s, "删除") && notFoundText.MatchString(s), notFoundText.MatchString(s); got != want {
			t.Fatalf("case %d %q: text %v, want %v", i, s, got, want)
		}
	}
	if found < 1000 {
		t.Fatalf("only %d titles without an error word", found)
	}
}

// fingerprintPlain must give what the URL parser gives, or decline.
func TestFingerprintPlainMatchesParser(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	schemes := []string{"http://", "https://", "HTTP://", "ftp://", ""}
	hosts := []string{"www.a.gov.cn", "A.gov.cn", "a.gov.cn:8080", "", "[::1]", "x_y.cn", "u@a.cn"}
	plainPieces := []string{"/", "/", "/", "index.html", "index.htm", "default.htm", "index.shtml", "index.jsp",
		"a", "Z9", "-", ".", "_", "~", "..", "?", "=", "&", "x=1", "//", "/col/", "t20250101_1.html"}
	otherPieces := []string{"%E6%94%BF", "%zz", "政务", " ", "#", ";", "+", ":", "@"}
	plain := 0
	for range 300000 {
		pieces := plainPieces
		if rng.Intn(4) == 0 {
			pieces = append(otherPieces, plainPieces...)
		}
		raw := schemes[rng.Intn(len(schemes))] + hosts[rng.Intn(len(hosts))] + randomText(rng, pieces, 8)
		got, ok := fingerprintPlain(raw)
		if !ok {
			continue
		}
		plain++
		if want := fingerprintParsed(raw); got != want {
			t.Fatalf("fingerprintPlain(%q) = %q, parser gives %q", raw, got, want)
		}
	}
	if plain < 10000 {
		t.Fatalf("only %d of 300,000 URLs took the plain path: the test proves little", plain)
	}
}
