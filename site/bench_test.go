package site

import "testing"

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
