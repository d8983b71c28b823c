package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/gongkai/gongkai/bench/sitegen"
)

var updateExtractDigests = flag.Bool("update-extract-digests", false, "rewrite testdata/extract-digests.golden from this tree's Extract")

// corpusPage is one HTML page the extractor is checked against.
type corpusPage struct {
	name, url, html string
}

// extractCorpus is every HTML page at hand: the shared real pages and site
// copies, the repository's fixtures and a few pages of each kind of the
// benchmark's synthetic site. Pages under ../shared are left out (and the
// test says so) when the directory is absent.
func extractCorpus(t testing.TB) []corpusPage {
	t.Helper()
	var pages []corpusPage
	roots := []string{"../../shared/realpages", "../../shared/realsites", "../checks/testdata", "../crawl/testdata", "../demo", "../testdata", "testdata"}
	for _, root := range roots {
		if strings.HasPrefix(root, "../../shared") {
			needSharedAt(t, root)
		}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".html", ".htm", ".shtml", ".jsp":
			default:
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			text, _ := Decode(b, "")
			rel := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(path), "../../"), "../")
			pages = append(pages, corpusPage{name: rel, url: "http://corpus.gov.cn/" + rel, html: text})
			return nil
		})
		if err != nil {
			t.Fatalf("reading %s: %v", root, err)
		}
	}
	s := sitegen.Site{Pages: 3000, PerList: 20, StaticPager: true}
	for _, u := range []string{
		"/", "/gzdt/", "/zcwj/index_3.html", "/bsfw/index_14.html",
		"/gzdt/202511/t20251120_0.html", "/tzgg/202511/t20251104_100005.html",
		"/zcwj/202510/t20251010_200013.html", "/gzdt/202510/t20251030_7.html", "/gzdt/202507/t20250723_40.html",
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		if rec.Code != 200 {
			t.Fatalf("sitegen %s: status %d", u, rec.Code)
		}
		pages = append(pages, corpusPage{name: "sitegen" + u, url: "http://127.0.0.1:8080" + u, html: string(b)})
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].name < pages[j].name })
	return pages
}

func pageDigest(t testing.TB, p *Page) string {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:12])
}

const extractDigestsFile = "testdata/extract-digests.golden"

// TestExtractDigests pins the Page of every corpus page to what the
// extractor of bdef43d produced (the golden file was written by that
// revision): rewriting the extractor for speed (issue 14) must not change
// one field of one page.
func TestExtractDigests(t *testing.T) {
	pages := extractCorpus(t)
	var b strings.Builder
	for _, pg := range pages {
		fmt.Fprintf(&b, "%s %s\n", pageDigest(t, Extract(pg.url, pg.html)), pg.name)
	}
	if *updateExtractDigests {
		if err := os.WriteFile(extractDigestsFile, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(extractDigestsFile)
	if err != nil {
		t.Fatal(err)
	}
	wantBy := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		d, name, _ := strings.Cut(line, " ")
		wantBy[name] = d
	}
	if len(pages) < len(wantBy) {
		t.Errorf("%d corpus pages, the golden file has %d: pages went missing", len(pages), len(wantBy))
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		d, name, _ := strings.Cut(line, " ")
		w, ok := wantBy[name]
		if !ok {
			t.Errorf("%s: not in %s (run with -update-extract-digests on the reference revision)", name, extractDigestsFile)
			continue
		}
		if d != w {
			t.Errorf("%s: Page differs from the reference extractor's", name)
		}
	}
}

// parseDateRef is ParseDate without its pre-filter: the reference the
// filter is checked against.
func parseDateRef(s string) (time.Time, bool) {
	n := strings.TrimSpace(normalizeDateText(s))
	if n == "" {
		return time.Time{}, false
	}
	t, start, end, ok := findDate(n)
	if !ok || strings.TrimSpace(n[:start]) != "" || strings.TrimSpace(n[end:]) != "" {
		return time.Time{}, false
	}
	return t, true
}

// parseMonthDayRef is parseMonthDay without its pre-filter.
func parseMonthDayRef(s string) (month, day int, ok bool) {
	m := monthDayRe.FindStringSubmatch(normalizeDateText(s))
	if m == nil {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(m[1])
	day, _ = strconv.Atoi(m[2])
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, 0, false
	}
	return month, day, true
}

func checkDateFilters(t *testing.T, s string) {
	t.Helper()
	gt, gok := ParseDate(s)
	if wt, wok := parseDateRef(s); !gt.Equal(wt) || gok != wok {
		t.Fatalf("ParseDate(%q) = %v, %v; without the pre-filter %v, %v", s, gt, gok, wt, wok)
	}
	gm, gd, gok := parseMonthDay(s)
	if wm, wd, wok := parseMonthDayRef(s); gm != wm || gd != wd || gok != wok {
		t.Fatalf("parseMonthDay(%q) = %d %d %v; without the pre-filter %d %d %v", s, gm, gd, gok, wm, wd, wok)
	}
}

// TestDateFiltersCorpus: ParseDate's and parseMonthDay's pre-filters
// reject nothing the regexps accept, on every text of the corpus (each
// text node, and each pair of neighbours, as an element's text joins them)
// and on the forms of the date tests.
func TestDateFiltersCorpus(t *testing.T) {
	for _, s := range []string{
		"1999-12-31", "2100-1-1", "2199-01-01", "2025年9月30日", " 2023-04-12 15:35:01 ", "２０２３－０４－１２",
		"二〇二三年四月十二日", "〇〇二三年四月十二日", "○二三年", "OＯ23年4月1日", "0023年4月1日", "零二三年", "\u00a02023\u3000年4月1日",
		"2023-02-30", "2025年11月20日", "2025年11月20", "2025-1-5", "2025/01/05日", "2025.1.5.", "1989-01-01", "2101-01-01",
		"2025-11-200", "2025-11-2x", "2025--11-20", "2025-11", "2025-11-20 09:00", "2025年1月5日 ", "20251-1-5", "2025年1-5日",
		"09-19", " 9月19日", "\t12/31", "\v12/31", "１２－３１", "", " ", "1", "19", "199", "x2023-01-01", "1899-01-01",
	} {
		checkDateFilters(t, s)
	}
	n := 0
	for _, pg := range extractCorpus(t) {
		z := html.NewTokenizer(strings.NewReader(pg.html))
		prev := ""
		for z.Next() != html.ErrorToken {
			tok := z.Token()
			if tok.Type != html.TextToken {
				continue
			}
			s := tok.Data
			if len(s) > 200 {
				s = s[:200]
			}
			checkDateFilters(t, s)
			checkDateFilters(t, prev+s)
			prev, n = s, n+1
		}
	}
	if n == 0 {
		t.Fatal("no text in the corpus")
	}
}

// checkPlainPath: the shortcut of extractor.canon gives CanonicalURL's
// answer whenever it applies.
func checkPlainPath(t *testing.T, href string, base *url.URL) bool {
	t.Helper()
	x := &extractor{}
	got, ok := x.plainCanon(href, base)
	if !ok {
		return false
	}
	if want, wok := CanonicalURL(href, base); !wok || got != want {
		t.Fatalf("href %q against %v: shortcut %q, CanonicalURL %q (%v)", href, base, got, want, wok)
	}
	return true
}

var plainBases = []string{
	"http://127.0.0.1:8080/a/b.html", "https://WWW.Example.GOV.cn:443/x/", "http://a.gov.cn:80", "http://a.gov.cn./x?y#z",
	"http://万载政府网.政务/a/", "http://[::1]:8080/", "http://u:p@a.gov.cn/", "ftp://a.gov.cn/", "http:opaque", "/relative",
	"http://a.gov.cn/%E4%B8%AD/", "HTTP://A.GOV.CN/", "http://a.gov.cn/%41/b", "http://a.gov.cn/a%2Fb/c", "http://a.gov.cn/a/b/../c/./d",
	"http://a.gov.cn/a;p/b?q=1", "http://a.gov.cn", "http://a.gov.cn/中文/页.html", "http://a.gov.cn/a b/c",
}

// TestPlainPathCorpus checks the shortcut on every href and src of the
// corpus, against each page's own URL and a set of awkward bases.
func TestPlainPathCorpus(t *testing.T) {
	for _, h := range []string{"/", "/a", "/a/", "/a/b.html", "/a//b", "/a/./b", "/a/../b", "/.", "/..", "/a.b/c~d_e-f", "//host/x", "/a%20b", "/a?b", "/a#b", "/a b", "/中",
		"a", "a/b.html", "./a", "./202309/t20230922_1.html", "index_1.html", ".", "..", "./", "../a", "./../a", "a/../b", "a/./b", ".a", "a//b", ".//a", "a:b", "a?b", "a#b", "~a"} {
		for _, b := range plainBases {
			u, err := url.Parse(b)
			if err != nil {
				continue
			}
			checkPlainPath(t, h, u)
		}
	}
	n := 0
	for _, pg := range extractCorpus(t) {
		c, ok := CanonicalURL(pg.url, nil)
		if !ok {
			t.Fatalf("corpus URL %q", pg.url)
		}
		base, _ := url.Parse(c)
		z := html.NewTokenizer(strings.NewReader(pg.html))
		for z.Next() != html.ErrorToken {
			for _, a := range z.Token().Attr {
				if a.Key == "href" || a.Key == "src" {
					if checkPlainPath(t, a.Val, base) {
						n++
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("the shortcut never applied")
	}
	t.Logf("%d hrefs took the shortcut", n)
}

func FuzzPlainPath(f *testing.F) {
	for _, b := range plainBases {
		f.Add("/a/b.html", b)
	}
	f.Add("/a/./b", "http://a.gov.cn/")
	f.Fuzz(func(t *testing.T, href, base string) {
		if u, err := url.Parse(base); err == nil {
			checkPlainPath(t, href, u)
		}
	})
}

// extractBoth runs Extract with its shortcuts and in reference mode and
// fails when the Pages differ in any field.
func extractBoth(t *testing.T, pageURL, doc string) *Page {
	t.Helper()
	referenceMode = true
	want := Extract(pageURL, doc)
	referenceMode = false
	got := Extract(pageURL, doc)
	if g, w := pageDigest(t, got), pageDigest(t, want); g != w {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Fatalf("%s: Extract differs from the reference\n got %s\nwant %s", pageURL, gj, wj)
	}
	return got
}

// TestExtractReference: on every corpus page, the extractor's shortcuts
// change nothing, and a Page read after the next pages' extraction (which
// reuses the text buffer) is still the same.
func TestExtractReference(t *testing.T) {
	pages := extractCorpus(t)
	var prev *Page
	var prevDigest string
	for _, pg := range pages {
		p := extractBoth(t, pg.url, pg.html)
		if prev != nil && pageDigest(t, prev) != prevDigest {
			t.Fatalf("the Page before %s changed when the next pages were extracted: it shares the reused buffer", pg.name)
		}
		prev, prevDigest = p, pageDigest(t, p)
	}
}

func checkPathSegments(t *testing.T, u string) {
	t.Helper()
	want := strings.Split(u, "/")[1:]
	var buf [2]string
	if got := pathSegments(u, buf[:0]); !slices.Equal(got, want) || len(got) != len(want) {
		t.Fatalf("pathSegments(%q) = %q, strings.Split gives %q", u, got, want)
	}
}

func FuzzPathSegments(f *testing.F) {
	for _, u := range []string{"", "/", "//", "host", "host/", "host/a", "host/a/b/", "/a//b", "a/b/c/d/e/f"} {
		f.Add(u)
	}
	f.Fuzz(checkPathSegments)
}

// FuzzTextBytes: the byte-copying text walk appends what the rune-by-rune
// one does, whatever the bytes and the pending space before them.
func FuzzTextBytes(f *testing.F) {
	for _, s := range []string{"为进一步 做好\u3000政务公开", "a\u00a0b\u2028c\u3000d\u3001e", "\ufeff\u200bx\u200d", "\xff\xfe\xed\xa0\x80\xef\xbf\xbd", " \t\n\v\f\r", "\x00a\x00", "\u0085\u1680\u205f"} {
		f.Add(s, "前", false)
		f.Add(s, "", true)
	}
	f.Fuzz(func(t *testing.T, s, before string, pend bool) {
		a := &extractor{buf: []byte(before), pendSp: pend}
		b := &extractor{buf: []byte(before), pendSp: pend}
		a.textRunes(s)
		b.textBytes(s)
		if string(a.buf) != string(b.buf) || a.pendSp != b.pendSp {
			t.Fatalf("text %q after %q (pending %v): runes %q %v, bytes %q %v", s, before, pend, a.buf, a.pendSp, b.buf, b.pendSp)
		}
	})
}
