// Command pagemem replays a snapshot as `gongkai check` does (pages spilled
// to a page store) and prints what the page records and the link-check
// results cost in live heap: the measure behind issue 7's memory work.
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
	nres := len(s.Resources)
	s.Resources = nil
	s.Attachments = nil
	noRes := heap()
	st.Seal()
	sealed := heap()
	fmt.Printf("pages %d: all %d MB; link-check results %d B each (%d); page records and the store's string table %d B/page; after Seal %d B/page\n",
		n, all>>20, (all-noRes)/uint64(max(nres, 1)), nres, noRes/uint64(n), sealed/uint64(n))
	runtime.KeepAlive(s)
	runtime.KeepAlive(st)
}
