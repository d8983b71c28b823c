package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
)

// crawl --warc writes the archive beside the snapshot; check replays it
// (by its content, whatever its name) with --start overriding the start
// URL; --start on a snapshot, a start the archive lacks and a file that is
// neither are usage errors in one sentence.
func TestWARCCommands(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	snap, warc := filepath.Join(dir, "demo.snap"), filepath.Join(dir, "demo.warc.gz")
	if _, stderr, code := execute(t, "crawl", srv.URL+"/", "-o", snap, "--warc", warc, "--rate", "0", "--quiet"); code != 0 {
		t.Fatalf("crawl --warc: exit %d: %s", code, stderr)
	}
	if _, _, code := execute(t, "crawl", srv.URL+"/", "-o", snap, "--warc", snap, "--quiet"); code != exitUsage {
		t.Errorf("crawl with -o and --warc the same file: exit %d, want %d", code, exitUsage)
	}
	srv.Close()
	renamed := filepath.Join(dir, "archive.bin")
	data, _ := os.ReadFile(warc)
	os.WriteFile(renamed, data, 0o600)
	out := filepath.Join(dir, "w.json")
	_, stderr, code := execute(t, "check", renamed, "--start", srv.URL+"/xxgk/", "--as-of", "2025-11-25",
		"--json", out, "--xlsx", filepath.Join(dir, "w.xlsx"))
	if code != 0 && code != exitFailOn {
		t.Fatalf("check of a WARC: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), `"site": "`+srv.URL+`/xxgk/"`) {
		t.Errorf("--start was not the site checked: %.300s", b)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", snap, "--start", srv.URL + "/"}, "--start applies to a WARC"},
		{[]string{"check", warc, "--start", srv.URL + "/never.html"}, "没有起始页"},
	} {
		_, stderr, code := execute(t, tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit %d saying %q", tc.args, code, stderr, exitUsage, tc.want)
		}
	}
}

// check FILE.warc --screenshots renders the archived pages (the site is
// gone by then): the workbook's 截图 column links images that exist. So
// does check SNAPSHOT --screenshots --warc FILE, the snapshot's findings
// rendered from the archive the same crawl wrote.
func TestCheckWARCScreenshots(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	warc, snap := filepath.Join(dir, "demo.warc.gz"), filepath.Join(dir, "demo.snap")
	if _, stderr, code := execute(t, "crawl", srv.URL+"/", "-o", snap, "--warc", warc, "--rate", "0", "--quiet"); code != 0 {
		t.Fatalf("crawl --warc: exit %d: %s", code, stderr)
	}
	srv.Close()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"warc", []string{warc}},
		{"snapshot", []string{snap, "--warc", warc}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xlsx := filepath.Join(dir, tc.name+".xlsx")
			args := append([]string{"check"}, tc.args...)
			_, stderr, code := execute(t, append(args, "--quiet", "--db", "-", "--as-of", "2025-11-25", "--xlsx", xlsx,
				"--screenshots", filepath.Join(dir, tc.name+"-shots"))...)
			if code != 0 && code != exitFailOn {
				t.Fatalf("%v --screenshots: exit %d: %s", args, code, stderr)
			}
			requireShotsLinked(t, dir, xlsx, stderr)
		})
	}
}

// requireShotsLinked fails unless the workbook's 截图 column links images
// that exist.
func requireShotsLinked(t *testing.T, dir, xlsx, stderr string) {
	t.Helper()
	f := xlsxtest.Open(t, xlsx)
	rows, err := f.GetRows(report.SheetList)
	if err != nil || len(rows) < 2 {
		t.Fatalf("%d rows: %v", len(rows), err)
	}
	col := slices.Index(rows[0], report.HeaderShot)
	if col < 0 {
		t.Fatalf("no 截图 column: %v (%s)", rows[0], stderr)
	}
	n := 0
	for _, row := range rows[1:] {
		if col < len(row) && row[col] != "" {
			n++
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(row[col]))); err != nil {
				t.Errorf("%s: %v", row[col], err)
			}
		}
	}
	if n == 0 {
		t.Errorf("no row links a screenshot:\n%s", stderr)
	}
}

// check SNAPSHOT --screenshots --warc FILE refuses an archive of another
// crawl (it lacks the snapshot's start page): exit 2, one sentence.
func TestCheckSnapshotScreenshotsOtherWARC(t *testing.T) {
	dir := t.TempDir()
	crawlDemo := func(name string, extra ...string) {
		srv := httptest.NewServer(demo.Handler(demo.Site()))
		defer srv.Close()
		args := append([]string{"crawl", srv.URL + "/", "-o", filepath.Join(dir, name+".snap"), "--rate", "0", "--quiet"}, extra...)
		if _, stderr, code := execute(t, args...); code != 0 {
			t.Fatalf("crawl: exit %d: %s", code, stderr)
		}
	}
	crawlDemo("a")
	other := filepath.Join(dir, "b.warc.gz")
	crawlDemo("b", "--warc", other) // another server, another port: another site
	_, stderr, code := execute(t, "check", filepath.Join(dir, "a.snap"), "--quiet", "--db", "-",
		"--screenshots", filepath.Join(dir, "shots"), "--warc", other)
	if code != 2 || !strings.Contains(stderr, "不是同一次抓取的存档") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("exit %d, stderr %q; want exit 2 saying the archive is of another crawl", code, stderr)
	}
}
