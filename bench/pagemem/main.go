// Command pagemem replays a snapshot as `gongkai check` does (pages spilled
// to a page store) and prints what the page records cost in live heap, and
// how much of it each field holds: the measure behind issue 7's memory work.
//
//	go run ./bench/pagemem site.snap
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/gongkai/gongkai/site"
)

func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pagemem SNAPSHOT")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagemem:", err)
		os.Exit(1)
	}
	st, err := site.NewBodyStore("")
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagemem:", err)
		os.Exit(1)
	}
	defer st.Close()
	_, s, err := site.ReadSnapshotTo(f, st)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagemem:", err)
		os.Exit(1)
	}
	n := len(s.Pages)
	all := heap()
	s.Resources = nil
	s.Attachments = nil
	noRes := heap()
	fmt.Printf("pages %d: all %d MB, without resources %d MB (%d B/page)\n", n, all>>20, noRes>>20, noRes/uint64(n))
	steps := []struct {
		name string
		f    func(p *site.Page)
	}{
		{"meta", func(p *site.Page) { p.Meta = nil }},
		{"metadata+labels", func(p *site.Page) { p.Metadata, p.MetadataLabels = nil, nil }},
		{"items", func(p *site.Page) { p.Items = nil }},
		{"breadcrumb", func(p *site.Page) { p.Breadcrumb = nil }},
	}
	prev := noRes
	for _, st := range steps {
		for _, p := range s.Pages {
			st.f(p)
		}
		h := heap()
		fmt.Printf("  -%s: %d B/page\n", st.name, (prev-h)/uint64(n))
		prev = h
	}
	fmt.Printf("  rest: %d B/page\n", prev/uint64(n))
	runtime.KeepAlive(s)
	runtime.KeepAlive(st)
}
