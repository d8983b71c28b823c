package scan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/internal/testkit"
)

// Outputs that would clash or cannot be written are refused before the
// first request (exit 2), not found after a crawl of several hours.
func TestBadOutputsBeforeFetching(t *testing.T) {
	srv := testkit.ServeUntouched(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	testkit.WriteFile(t, file, nil)
	target := filepath.Join(dir, "target.json")
	testkit.WriteFile(t, target, nil)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("target.json", link); err != nil {
		t.Fatal(err)
	}
	stdout, err := os.Create(filepath.Join(dir, "stdout.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	defaultXLSX := filepath.Join(cwd, DefaultWorkbookName(SiteHost(srv.URL), "2025-11-24"))
	same := filepath.Join(dir, "same")
	tests := []struct {
		name string
		mod  func(*Options)
		msg  string
	}{
		{"json and markdown on stdout", func(o *Options) { o.JSONPath, o.MarkdownPath = "-", "-" },
			"--json and --markdown both write to standard output"},
		{"junit and json on stdout", func(o *Options) { o.JSONPath, o.JUnitPath = "-", "-" },
			"--json and --junit both write to standard output"},
		{"stdout is the markdown file", func(o *Options) { o.JSONPath, o.MarkdownPath, o.Stdout = "-", stdout.Name(), stdout },
			"--json and --markdown both write to standard output"},
		{"json and xlsx same file", func(o *Options) { o.JSONPath, o.XLSXPath = same, same },
			"--xlsx and --json both write " + same},
		{"same file spelt differently", func(o *Options) {
			o.JSONPath, o.JUnitPath = same, filepath.Join(dir, "sub", "..", "same")
		}, "--json and --junit both write"},
		{"a link and its target", func(o *Options) { o.MarkdownPath, o.JSONPath = link, target },
			"--json and --markdown both write"},
		{"junit over the default workbook", func(o *Options) { o.XLSXPath, o.JUnitPath = "", defaultXLSX },
			"--xlsx and --junit both write"},
		{"xlsx in a missing directory", func(o *Options) { o.XLSXPath = filepath.Join(dir, "missing", "x.xlsx") },
			"--xlsx " + filepath.Join(dir, "missing", "x.xlsx") + ": the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{"xlsx under a file", func(o *Options) { o.XLSXPath = filepath.Join(file, "x.xlsx") },
			"--xlsx " + filepath.Join(file, "x.xlsx") + ": cannot create a file in"},
		{"json is a directory", func(o *Options) { o.JSONPath = dir }, "--json " + dir + " is a directory"},
		{"junit where no file can be made", func(o *Options) { o.JUnitPath = "/proc/gongkai-junit.xml" },
			"--junit /proc/gongkai-junit.xml: cannot create a file in /proc"},
		{"markdown in sysfs", func(o *Options) { o.MarkdownPath = "/sys/gongkai.md" },
			"--markdown /sys/gongkai.md: cannot create a file in /sys"},
		{"html and json on stdout", func(o *Options) { o.JSONPath, o.HTMLPath = "-", "-" },
			"--json and --html both write to standard output"},
		{"html over the workbook", func(o *Options) { o.XLSXPath, o.HTMLPath = same, same },
			"--xlsx and --html both write " + same},
		{"html in a missing directory", func(o *Options) { o.HTMLPath = filepath.Join(dir, "missing", "r.html") },
			"--html " + filepath.Join(dir, "missing", "r.html") + ": the directory " + filepath.Join(dir, "missing") + " does not exist"},
		{"html is a directory", func(o *Options) { o.HTMLPath = dir }, "--html " + dir + " is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, special := range []string{"/proc", "/sys"} {
				if _, err := os.Stat(special); err != nil && strings.Contains(tt.msg, special) {
					t.Skipf("no %s here", special)
				}
			}
			wantUsage(t, srv.URL+"/", tt.mod, tt.msg)
		})
	}
	if n := srv.Hits(); n != 0 {
		t.Errorf("%d requests sent before the outputs were checked", n)
	}
	if _, err := os.Stat(defaultXLSX); err == nil {
		t.Errorf("%s was written", defaultXLSX)
	}
}

// Several outputs may go to /dev/null; distinct files and one stdout are fine.
func TestOutputsThatDoNotClash(t *testing.T) {
	dir := t.TempDir()
	for _, outs := range [][]output{
		{{"--json", os.DevNull}, {"--markdown", os.DevNull}, {"--junit", os.DevNull}},
		{{"--xlsx", filepath.Join(dir, "a.xlsx")}, {"--json", "-"}, {"--markdown", filepath.Join(dir, "a.md")}},
		{{"--xlsx", "-"}, {"--json", "-"}}, // a workbook is never written to stdout: "-" is a file name
	} {
		if err := checkClashes(outs, nil); err != nil {
			t.Errorf("%v: %v", outs, err)
		}
	}
}

// check refuses clashing outputs too, before reading the snapshot.
func TestCheckRefusesClashingOutputs(t *testing.T) {
	snap := filepath.Join(t.TempDir(), "x.snap")
	testkit.WriteFile(t, snap, []byte("not read"))
	o := baseOptions(t, "")
	o.JSONPath = o.XLSXPath
	_, err := Check(context.Background(), o, snap)
	if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), "--xlsx and --json both write") {
		t.Errorf("err = %v", err)
	}
}
