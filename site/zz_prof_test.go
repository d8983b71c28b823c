package site

import "testing"

func BenchmarkZZSitegen(b *testing.B) {
	var pages []corpusPage
	for _, p := range extractCorpus(b) {
		if len(p.name) > 7 && p.name[:7] == "sitegen" {
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
