package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/testkit"
)

// Every command refuses outputs that clash or cannot be written, and a
// --db in a missing directory, with exit 2 before the first request.
func TestOutputsRefusedBeforeFetching(t *testing.T) {
	srv := testkit.ServeUntouched(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	testkit.WriteFile(t, file, nil)
	csv := filepath.Join(dir, "sites.csv")
	testkit.WriteFile(t, csv, []byte("名称,URL,单位\n示范县,"+srv.URL+"/,示范县人民政府\n"))
	same := filepath.Join(dir, "same")
	missing := filepath.Join(dir, "nonexistent", "sub")
	hasSys := true
	if _, err := os.Stat("/sys"); err != nil {
		hasSys = false
	}
	tests := []struct {
		name string
		args []string
		msg  string
		sys  bool
	}{
		{"scan two on stdout", []string{"scan", srv.URL, "--json", "-", "--markdown", "-"},
			"--json and --markdown both write to standard output", false},
		{"scan html over markdown", []string{"scan", srv.URL, "--html", same, "--markdown", same},
			"--markdown and --html both write " + same, false},
		{"check html under a file", []string{"check", file, "--html", filepath.Join(file, "r.html")},
			"--html " + filepath.Join(file, "r.html") + ": cannot create a file in " + file, false},
		{"scan json over xlsx", []string{"scan", srv.URL, "--json", same, "--xlsx", same},
			"--xlsx and --json both write " + same, false},
		{"scan junit in sysfs", []string{"scan", srv.URL, "--junit", "/sys/gongkai.xml"},
			"--junit /sys/gongkai.xml: cannot create a file in /sys", true},
		{"scan xlsx under a file", []string{"scan", srv.URL, "--xlsx", filepath.Join(file, "x.xlsx")},
			"--xlsx " + filepath.Join(file, "x.xlsx") + ": cannot create a file in " + file, false},
		{"scan db in a missing directory", []string{"scan", srv.URL, "--db", filepath.Join(missing, "h.db")},
			"--db " + filepath.Join(missing, "h.db") + ": the directory " + missing + " does not exist", false},
		{"check json over xlsx", []string{"check", file, "--json", same, "--xlsx", same},
			"--xlsx and --json both write", false},
		{"check db in a missing directory", []string{"check", file, "--db", filepath.Join(missing, "h.db")},
			"--db " + filepath.Join(missing, "h.db") + ": the directory", false},
		{"batch db in a missing directory", []string{"batch", csv, "--out", dir, "--db", filepath.Join(missing, "h.db")},
			"--db " + filepath.Join(missing, "h.db") + ": the directory", false},
		{"batch out in sysfs", []string{"batch", csv, "--out", "/sys"},
			"--out /sys/月度通报-", true},
		// Checked once for the whole batch (one shared check with scan),
		// not found again on every site.
		{"batch negative depth", []string{"batch", csv, "--out", dir, "--depth", "-1"},
			"--depth must be 0 (unlimited) or positive", false},
		{"diff xlsx under a file", []string{"diff", file, file, "--xlsx", filepath.Join(file, "d.xlsx")},
			"--xlsx " + filepath.Join(file, "d.xlsx") + ": cannot create a file in", false},
		{"verify output in sysfs", []string{"verify", filepath.Join(dir, "list.xlsx"), "-o", "/sys/list.xlsx"},
			"-o /sys/list.xlsx: cannot create a file in /sys", true},
		{"crawl output is a directory", []string{"crawl", srv.URL, "-o", dir},
			"-o " + dir + " is a directory", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.sys && !hasSys {
				t.Skip("no /sys here")
			}
			args := tt.args
			if args[0] != "diff" {
				args = append(args, "--quiet")
			}
			_, stderr, code := execute(t, args...)
			if code != exitUsage || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.msg)
			}
		})
	}
	if n := srv.Hits(); n != 0 {
		t.Errorf("%d requests sent before the outputs were checked", n)
	}
	if _, err := os.Stat(filepath.Dir(missing)); err == nil {
		t.Errorf("--db created %s", filepath.Dir(missing))
	}
}

// Every scan --demo used to leave a snapshot named after its random port
// in the user cache; it keeps one.
func TestDemoKeepsOneSnapshot(t *testing.T) {
	dir := t.TempDir()
	_, stderr, code := execute(t, "scan", "--demo", "--quiet", "--xlsx", filepath.Join(dir, "demo.xlsx"), "--db", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	snaps := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "gongkai", "snapshots")
	entries, err := os.ReadDir(snaps)
	if err != nil || len(entries) != 1 || entries[0].Name() != "demo.snap" {
		t.Errorf("%s holds %v (%v), want demo.snap", snaps, entries, err)
	}
}
