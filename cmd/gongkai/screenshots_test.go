package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/shot"
)

// requireChromium skips a test without a browser, with one line; CI sets
// GONGKAI_REQUIRE_CHROMIUM (.ci/run), where a skip is a failure.
func requireChromium(t *testing.T) {
	t.Helper()
	testkit.Chromium(t, shot.Find)
}

// scanDemoShots scans the demo site with --screenshots DIR/shots into
// DIR/demo.xlsx, which must succeed; stderr is what it said.
func scanDemoShots(t *testing.T, dir string) (xlsx, stderr string) {
	t.Helper()
	xlsx = filepath.Join(dir, "demo.xlsx")
	_, stderr, code := execute(t, "scan", "--demo", "--quiet", "--db", "-", "--as-of", "2025-11-24",
		"--xlsx", xlsx, "--screenshots", filepath.Join(dir, "shots"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	return xlsx, stderr
}

// TestScanDemoScreenshots: every row of the demo's 整改清单 links, by a path
// relative to the workbook, to a PNG 1366 pixels wide of its page.
func TestScanDemoScreenshots(t *testing.T) {
	requireChromium(t)
	dir := t.TempDir()
	xlsx, _ := scanDemoShots(t, dir)
	f := xlsxtest.Open(t, xlsx)
	rows, err := f.GetRows(report.SheetList)
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], report.HeaderShot)
	if col < 0 {
		t.Fatalf("no 截图 column: %v", rows[0])
	}
	if len(rows) < 20 {
		t.Fatalf("only %d rows", len(rows))
	}
	checked := map[string]bool{}
	for i, row := range rows[1:] {
		if col >= len(row) || row[col] == "" {
			t.Errorf("row %d has no screenshot", i+2)
			continue
		}
		rel := row[col]
		if filepath.IsAbs(rel) || !strings.HasPrefix(rel, "shots/") {
			t.Errorf("row %d: %q is not relative to the workbook", i+2, rel)
		}
		if checked[rel] {
			continue
		}
		checked[rel] = true
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil || len(data) == 0 {
			t.Errorf("row %d: %s: %v (%d bytes)", i+2, rel, err, len(data))
			continue
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: not a PNG: %v", rel, err)
			continue
		}
		if w := img.Bounds().Dx(); w != shot.Width {
			t.Errorf("%s: width %d, want %d", rel, w, shot.Width)
		}
	}
	// One image per page, not per finding.
	if n := len(checked); n >= len(rows)-1 {
		t.Errorf("%d images for %d rows: pages are rendered once", n, len(rows)-1)
	}
}

// TestScreenshotsWithoutChromium: the scan completes (exit 0), says once
// that screenshots were skipped and how to install, and the workbook has no
// 截图 column.
func TestScreenshotsWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	dir := t.TempDir()
	xlsx, stderr := scanDemoShots(t, dir)
	if n := strings.Count(stderr, shot.InstallHint); n != 1 {
		t.Errorf("install hint said %d times, want once:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "apt-get install chromium") {
		t.Errorf("no install instruction:\n%s", stderr)
	}
	l, err := report.ReadList(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(l.Header, report.HeaderShot) {
		t.Errorf("截图 column without screenshots: %v", l.Header)
	}
}

// TestScreenshotFlagErrors: user mistakes are one sentence and exit 2,
// before anything is fetched.
func TestScreenshotFlagErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		// A snapshot has no page bodies; a WARC of the crawl has them.
		{[]string{"check", filepath.Join(dir, "site.snap"), "--screenshots", dir}, "请加 --warc 给出同一次抓取保存的网页存档"},
		{[]string{"check", filepath.Join(dir, "site.snap"), "--warc", file}, "只和 --screenshots DIR 一起使用"},
		{[]string{"check", filepath.Join(dir, "site.snap"), "--screenshots", dir, "--warc", filepath.Join(dir, "none.warc.gz")}, "--warc " + filepath.Join(dir, "none.warc.gz")},
		{[]string{"check", filepath.Join(dir, "site.snap"), "--screenshots", dir, "--warc", file}, "不是可读的网页存档"},
		{[]string{"scan", "--demo", "--quiet", "--db", "-", "--screenshots", dir, "--chrome", filepath.Join(dir, "no-chrome")}, "--chrome"},
		{[]string{"scan", "--demo", "--quiet", "--db", "-", "--screenshots", file}, "is a file"},
		{[]string{"scan", "--demo", "--quiet", "--db", "-", "--screenshots", dir, "--screenshot-tabs", "0"}, "--screenshot-tabs"},
	} {
		_, stderr, code := execute(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 naming %s in one line", tc.args, code, stderr, tc.want)
		}
	}
}
