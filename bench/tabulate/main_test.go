package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// The table shows medians, sums crawl and check into one row, takes the
// larger RSS of the two, and divides by linkinator's figures.
func TestTable(t *testing.T) {
	tsv := strings.Join([]string{
		strings.Join(columns, "\t"),
		"3000\tlinkinator\t1\t1\t6\t7\t102400\t3000\t3070\t3068\t15728640",
		"3000\tlinkinator\t2\t1\t4\t5\t102400\t3000\t3070\t3068\t15728640",
		"3000\tlinkinator\t3\t1\t5\t6\t102400\t3000\t3070\t3068\t15728640",
		"3000\tgongkai-crawl\t1\t0\t2\t3\t51200\t3000\t3080\t3078\t15728640",
		"3000\tgongkai-check\t1\t0\t0.5\t1\t76800\t3000\t0\t0\t0",
		"3000\tfloor\t1\t124\t600\t1\t1024\t10\t10\t10\t1024",
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "r.tsv")
	if err := os.WriteFile(path, []byte(tsv), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, err := readResults(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	writeTable(&b, rows, nil)
	out := b.String()
	for _, want := range []string{
		"| linkinator | 3000 | 5.00 | 600 | 100 | 6.00 | 15.0 MiB | 2 | 1.00 | 1.00 |",
		"| gongkai-crawl+check | 3000 | 2.50 | 1200 | 75 | 4.00 | 15.0 MiB | 2 | 0.50 | 0.75 |",
		"| floor (1 of 1 runs failed) |",
		"(median of 3 runs)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Index(out, "gongkai-crawl+check") > strings.Index(out, "| linkinator |") {
		t.Errorf("gongkai rows should come first:\n%s", out)
	}
}

// The incremental row comes right after the full scan, and the line under
// the table gives its bytes against the scan's, its 304s, and the findings
// comparisons run.sh recorded in same.tsv.
func TestIncrementalLine(t *testing.T) {
	dir := t.TempDir()
	tsv := strings.Join([]string{
		strings.Join(columns, "\t"),
		"3000\tgongkai-scan\t1\t0\t4\t5\t102400\t3000\t3100\t3100\t20971520\t0",
		"3000\tgongkai-incremental\t1\t0\t2\t2\t102400\t3000\t3100\t3100\t1048576\t2990",
		"3000\tgongkai-crawl\t1\t0\t2\t3\t51200\t3000\t3080\t3078\t15728640\t0",
		"3000\tgongkai-check\t1\t0\t0.5\t1\t76800\t3000\t0\t0\t0\t0",
	}, "\n") + "\n"
	path := filepath.Join(dir, "results.tsv")
	if err := os.WriteFile(path, []byte(tsv), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "same.tsv"), []byte("size\trep\ta\tb\tidentical\n"+
		"3000\t1\tgongkai-scan\tgongkai-incremental\tyes\n"+
		"3000\t1\tgongkai-scan\tgongkai-crawl+check\tno\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rows, err := readResults(path)
	if err != nil {
		t.Fatal(err)
	}
	sames, err := readSame(filepath.Join(dir, "same.tsv"))
	if err != nil || len(sames) != 2 {
		t.Fatalf("same.tsv: %v, %d comparisons", err, len(sames))
	}
	var b strings.Builder
	writeTable(&b, rows, sames)
	out := b.String()
	for _, want := range []string{
		"| gongkai-incremental | 3000 | 2.00 | 1500 | 100 | 2.00 | 1.0 MiB | 0 |  |  |",
		"1.0 MiB out vs 20.0 MiB for gongkai-scan, **95.0 % fewer bytes**; 2990 of 3100 requests answered 304 Not Modified.",
		"Findings of gongkai-scan vs gongkai-incremental: identical: yes (1 of 1 runs identical).",
		"Findings of gongkai-scan vs gongkai-crawl+check: identical: **no** (0 of 1 runs identical).",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if i, j := strings.Index(out, "| gongkai-incremental"), strings.Index(out, "| gongkai-crawl+check"); i < 0 || j < i {
		t.Errorf("the incremental row should follow the scan row:\n%s", out)
	}
	if s, err := readSame(filepath.Join(dir, "none.tsv")); s != nil || err != nil {
		t.Errorf("a missing same.tsv: %v, %v; want no comparisons and no error", s, err)
	}
}

func TestSameFindings(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f1 := `{"rule":"link-broken","url":"http://127.0.0.1:1/a","evidence":"404","fingerprint":"x"}`
	f2 := `{"rule":"link-broken","url":"http://127.0.0.1:1/b","evidence":"404","fingerprint":"y"}`
	a := write("a.json", `{"pages":2,"complete":true,"score":{"total":99},"started_at":"2025-01-01T00:00:00Z","findings":[`+f1+`,`+f2+`]}`)
	b := write("b.json", `{"pages":2,"complete":true,"score":{"total":99},"started_at":"2026-01-01T00:00:00Z","findings":[`+f2+`,`+f1+`]}`)
	c := write("c.json", `{"pages":2,"complete":true,"score":{"total":99},"findings":[`+f1+`]}`)
	if msg, same, err := sameFindings(a, b); err != nil || !same {
		t.Errorf("same findings in another order and another start time: %s %v", msg, err)
	}
	if msg, same, err := sameFindings(a, c); err != nil || same || !strings.Contains(msg, "/b") {
		t.Errorf("a finding missing from c: got same=%v %q %v", same, msg, err)
	}
}
