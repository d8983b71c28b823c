//go:build unix

package report

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mknodNull makes a character device 1,3 (what /dev/null is) in a
// temporary directory, never touching the real /dev/null.
func mknodNull(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "null")
	if err := syscall.Mknod(path, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("cannot make a device node here (needs root): %v", err)
	}
	return path
}

func TestOutputToDeviceStaysDevice(t *testing.T) {
	dir := t.TempDir()
	dev := mknodNull(t, dir)
	link := filepath.Join(dir, "to-null")
	if err := os.Symlink(dev, link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{dev, link} {
		for name, write := range map[string]func(string, io.Writer, *Report) error{
			"json": WriteJSONFile, "junit": WriteJUnitFile, "markdown": WriteMarkdownFile,
		} {
			if err := write(path, io.Discard, sampleReport()); err != nil {
				t.Fatalf("%s to %s: %v", name, path, err)
			}
		}
		if err := WriteXLSX(path, sampleReport()); err != nil {
			t.Fatalf("xlsx to %s: %v", path, err)
		}
	}
	fi, err := os.Lstat(dev)
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("the device became %v (%v)", fi.Mode(), err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link became %v (%v)", fi.Mode(), err)
	}
	assertDir(t, dir, "null", "to-null")
}

func TestOutputToFIFOIsWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(fifo)
		if err != nil {
			got <- nil
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- b
	}()
	if err := WriteMarkdownFile(fifo, io.Discard, sampleReport()); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := WriteMarkdown(&want, sampleReport()); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, want.Bytes()) {
			t.Errorf("the reader got %d bytes, want the %d of the summary", len(b), want.Len())
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing was written to the pipe") // the reader stays blocked; the test process ends it
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe became %v (%v)", fi.Mode(), err)
	}
	assertDir(t, dir, "pipe")
}

func TestOutputThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "reports")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sub, "2025-11.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.json")
	if err := os.Symlink("reports/2025-11.json", link); err != nil {
		t.Fatal(err)
	}
	// A dangling link: its target is created.
	dangling := filepath.Join(dir, "next.json")
	if err := os.Symlink("reports/2025-12.json", dangling); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{link, dangling} {
		if err := WriteJSONFile(p, io.Discard, sampleReport()); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a link: %v (%v)", p, fi.Mode(), err)
		}
	}
	for _, p := range []string{target, filepath.Join(sub, "2025-12.json")} {
		if b, err := os.ReadFile(p); err != nil || !strings.Contains(string(b), `"tool": "gongkai"`) {
			t.Errorf("%s = %.40q (%v), want the report", p, b, err)
		}
	}
	assertDir(t, dir, "latest.json", "next.json", "reports")
	assertDir(t, sub, "2025-11.json", "2025-12.json")
}

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want error // nil: writable
	}{
		{filepath.Join(dir, "out.json"), nil},
		{file, nil},
		{filepath.Join(dir, "missing", "out.json"), fs.ErrNotExist},
		{dir, ErrOutputIsDir},
		{filepath.Join(file, "out.json"), errNotWritable}, // a file used as a directory
		{"/proc/gongkai-test-out.json", errNotWritable},   // a file system that takes no new files
		{"/sys/gongkai-test-out.xml", errNotWritable},
	}
	for _, tt := range tests {
		if _, err := os.Stat(filepath.Dir(tt.path)); err != nil && strings.HasPrefix(tt.path, "/") && !strings.HasPrefix(tt.path, dir) {
			continue // no /proc or /sys here
		}
		_, err := CheckOutput(tt.path)
		switch {
		case tt.want == nil && err != nil:
			t.Errorf("CheckOutput(%s) = %v, want nil", tt.path, err)
		case tt.want == errNotWritable:
			if nw := (*NotWritableError)(nil); !errors.As(err, &nw) {
				t.Errorf("CheckOutput(%s) = %v, want a NotWritableError", tt.path, err)
			}
		case tt.want != nil && tt.want != errNotWritable && !errors.Is(err, tt.want):
			t.Errorf("CheckOutput(%s) = %v, want %v", tt.path, err, tt.want)
		}
	}
	assertDir(t, dir, "file") // the probe leaves nothing behind
	dev := mknodNull(t, dir)
	if _, err := CheckOutput(dev); err != nil {
		t.Errorf("CheckOutput(device) = %v", err)
	}
}

// errNotWritable stands for any *NotWritableError in the table.
var errNotWritable = errors.New("not writable")
