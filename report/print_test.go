package report_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// pdfPage is one page of `pdftotext -bbox`: its words, their heights and
// horizontal extents.
type pdfPage struct {
	words      []string
	heights    []float64
	xMin, xMax []float64
}

func (p pdfPage) text() string { return strings.Join(p.words, "") }

var bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

func readBBox(t *testing.T, html string) []pdfPage {
	t.Helper()
	var pages []pdfPage
	for _, chunk := range strings.Split(html, "<page ")[1:] {
		var p pdfPage
		for _, m := range bboxWord.FindAllStringSubmatch(chunk, -1) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			y0, _ := strconv.ParseFloat(m[2], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			y1, _ := strconv.ParseFloat(m[4], 64)
			p.heights = append(p.heights, y1-y0)
			p.xMin, p.xMax = append(p.xMin, x0), append(p.xMax, x1)
			p.words = append(p.words, m[5])
		}
		pages = append(pages, p)
	}
	return pages
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// TestDemoWorkbookPrints prints the demo's 整改清单 through LibreOffice to
// PDF, as an office does for a meeting, and measures it: the list's text at
// least 8 pt high on A4 landscape with the header on every page and only
// the columns a person reads; 汇总 with its chart on one page.
func TestDemoWorkbookPrints(t *testing.T) {
	soffice := report.LookTool(t, "libreoffice-calc-nogui", "soffice", "libreoffice")
	pdftotext := report.LookTool(t, "poppler-utils", "pdftotext")

	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "demo-整改清单.xlsx")
	out, err := scan.Run(context.Background(), scan.Options{
		Start: srv.URL + "/", AsOf: time.Date(2025, 11, 25, 0, 0, 0, 0, scan.Shanghai), XLSXPath: xlsx,
		Concurrency: 4, MaxPages: 1000, Timeout: 5 * time.Second, Version: "test",
		SnapshotDir: filepath.Join(dir, "snapshots"),
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := out.Report

	keep := report.ArtifactDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "--headless", "--norestore",
		"-env:UserInstallation=file://"+filepath.Join(dir, "lo-profile"),
		"--convert-to", "pdf", "--outdir", keep, xlsx)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(keep, "demo-整改清单.pdf")
	t.Logf("the printed workbook: %s", pdf)
	bbox := filepath.Join(dir, "bbox.html")
	if b, err := exec.CommandContext(ctx, pdftotext, "-bbox", pdf, bbox).CombinedOutput(); err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, b)
	}
	data, err := os.ReadFile(bbox)
	if err != nil {
		t.Fatal(err)
	}
	pages := readBBox(t, string(data))
	if len(pages) < 2 {
		t.Fatalf("%d pages", len(pages))
	}

	// 汇总 is the last sheet here: one page, with the 单项否决 items whole
	// and the chart.
	var summary []int
	for i, p := range pages {
		if strings.Contains(p.text(), "政务公开检查汇总") || strings.Contains(p.text(), "各指标问题数量") {
			summary = append(summary, i)
		}
	}
	if len(summary) != 1 || summary[0] != len(pages)-1 {
		t.Fatalf("汇总 and its chart are on pages %v of %d, want the last page only", summary, len(pages))
	}
	sum := pages[summary[0]].text()
	for _, want := range []string{"政务公开检查汇总", "各指标问题数量", "单项否决", "问题总数"} {
		if !strings.Contains(sum, want) {
			t.Errorf("the 汇总 page lacks %q", want)
		}
	}
	if len(rep.Score.Veto) == 0 {
		t.Fatal("the demo has no 单项否决 item; the test needs one")
	}
	for _, v := range rep.Score.Veto {
		if !strings.Contains(sum, v) {
			t.Errorf("the 汇总 page cuts the 单项否决 item %s", v)
		}
	}

	// The list: readable type, header on every page, only the columns a
	// person reads.
	list := pages[:summary[0]]
	var heights []float64
	for i, p := range list {
		heights = append(heights, p.heights...)
		text := p.text()
		if !strings.HasPrefix(text, "序号") || !strings.Contains(text, "问题描述") || !strings.Contains(text, "备注") {
			t.Errorf("list page %d does not start with the header row: %.60s", i+1, text)
		}
		for _, hidden := range []string{"规则编号", "指纹", "校验码", "发现日期"} {
			if strings.Contains(text, hidden) {
				t.Errorf("list page %d prints the column %s", i+1, hidden)
			}
		}
	}
	for _, f := range rep.Findings {
		if strings.Contains(strings.Join(slices.Concat(wordsOf(list)...), " "), f.Fingerprint) {
			t.Errorf("the fingerprint %s is printed", f.Fingerprint)
			break
		}
	}
	for i, p := range list {
		for _, o := range urlOverflows(p) {
			t.Errorf("list page %d: %s", i+1, o)
		}
	}
	if m := median(heights); m < 8 {
		t.Errorf("the printed list's median text height is %.1f pt, want at least 8", m)
	} else {
		t.Logf("list: %d pages, median word height %.1f pt; 汇总: 1 page", len(list), m)
	}
}

func wordsOf(pages []pdfPage) [][]string {
	out := make([][]string, len(pages))
	for i, p := range pages {
		out[i] = p.words
	}
	return out
}

// urlOverflows are the words of the 问题页面 and 失效链接 columns wider than
// their column: a URL has no spaces, and a cell that cannot wrap it prints
// it on one line across the next columns, where it is cut off or overprinted.
// A URL cell's first word starts with http at the column's text edge, so
// the two edges are the two places where words starting with http begin;
// the column after them (页面标题) starts at the next edge shared by several
// words.
func urlOverflows(p pdfPage) []string {
	starts := map[float64]int{}
	httpStarts := map[float64]bool{}
	for i, w := range p.words {
		starts[p.xMin[i]]++
		if strings.HasPrefix(w, "http") {
			httpStarts[p.xMin[i]] = true
		}
	}
	var edges []float64
	for x := range httpStarts {
		if starts[x] >= 3 {
			edges = append(edges, x)
		}
	}
	slices.Sort(edges)
	if len(edges) == 0 {
		return nil
	}
	next := 0.0
	for x, n := range starts {
		if n >= 3 && x > edges[len(edges)-1] && (next == 0 || x < next) {
			next = x
		}
	}
	if next == 0 {
		return nil
	}
	edges = append(edges, next)
	var out []string
	for i, w := range p.words {
		for k := 0; k+1 < len(edges); k++ {
			if p.xMin[i] >= edges[k] && p.xMin[i] < edges[k+1] && p.xMax[i] > edges[k+1]+0.5 {
				out = append(out, fmt.Sprintf("%q runs from x=%.1f to %.1f, past its column's end at %.1f", w, p.xMin[i], p.xMax[i], edges[k+1]))
			}
		}
	}
	return out
}
