// Command gen writes the embedded official calendar, calendar/data/YYYY.json,
// from github.com/6tail/lunar-go/HolidayUtil v1.4.6 (MIT) plus the notice
// table below. It is run once per new State Council notice and its output is
// committed, so the gongkai binary never depends on lunar-go:
//
//	go run ./calendar/internal/gen -out calendar/data
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "calendar/data", "directory to write YYYY.json into")
	flag.Parse()
	files, err := Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(*out, name), data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
