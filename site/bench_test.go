package site

import (
	"strings"
	"testing"
)

// BenchmarkExtract measures extraction of real pages: a 125 KB article with
// a metadata table and a 131 KB homepage with many lists. Extraction runs on
// every page of a crawl.
func BenchmarkExtract(b *testing.B) {
	pages := []struct{ name, file, url string }{
		{"article", "yichun_wanzai/wanzai_2022_tjgb_saved.html", wz2022URL},
		{"homepage", "yichun_wanzai/yichun_homepage_raw.html", ycHomeURL},
		{"list", "handan_jsp_wrapped/hd_xxgk_list__856b817_list.jsp", hdListURL},
	}
	for _, pg := range pages {
		text, _ := Decode(readRealPage(b, pg.file), "")
		b.Run(pg.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Extract(pg.url, text)
			}
		})
	}
}

func BenchmarkDecodeGBK(b *testing.B) {
	text, _ := Decode(readRealPage(b, "yichun_wanzai/wanzai_2022_tjgb_saved.html"), "")
	body, err := simplifiedchineseGBK(text)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Decode(body, "text/html")
	}
}

// BenchmarkExtractSitegen extracts the benchmark site's pages of each kind
// (home, lists, articles; see extractCorpus): the pages bench/run.sh's 3k
// scan fetches. With a fixed -benchtime (20x) it also serves for
// instruction counts under valgrind --tool=callgrind (BENCHMARKS.md).
func BenchmarkExtractSitegen(b *testing.B) {
	var pages []corpusPage
	for _, p := range extractCorpus(b) {
		if strings.HasPrefix(p.name, "sitegen/") {
			pages = append(pages, p)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			Extract(p.url, p.html)
		}
	}
}
