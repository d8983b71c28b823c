package batch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/internal/xlsxtest"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

var asOf = time.Date(2025, 11, 25, 0, 0, 0, 0, site.Shanghai)

// counting serves h and counts the requests.
type counting struct {
	h http.Handler
	n atomic.Int64
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.n.Add(1)
	c.h.ServeHTTP(w, r)
}

func options(t *testing.T, csv, out, db string) Options {
	return Options{
		CSVPath: csv, OutDir: out, Parallel: 2, AsOf: asOf, DBPath: db,
		Scan: scan.Options{Rate: 0, Concurrency: 4, MaxPages: 1000, Timeout: 5 * time.Second,
			Version: "test", SnapshotDir: filepath.Join(t.TempDir(), "snap")},
	}
}

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// The end-to-end test: a 3-site batch with one unreachable site
// completes and ranks the other two; a re-run skips them and asks the sites
// nothing; the history has them and the summary a trend.
func TestBatchThreeSitesOneUnreachable(t *testing.T) {
	a := &counting{h: demo.Handler(demo.Site())}
	srvA := httptest.NewServer(a)
	defer srvA.Close()
	b := &counting{h: demo.Handler(os.DirFS("../testdata/monitor/site"))}
	srvB := httptest.NewServer(b)
	defer srvB.Close()
	deadURL := testkit.ClosedURL()

	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	db := filepath.Join(dir, "history.db")
	// An earlier month of site B, for the trend.
	prev := &report.Report{Tool: "gongkai", Site: srvB.URL + "/", AsOf: "2025-10-25", Complete: true,
		StartedAt: time.Date(2025, 10, 25, 1, 0, 0, 0, time.UTC), Score: report.Score{Total: 77}}
	if err := history.Record(db, prev); err != nil {
		t.Fatal(err)
	}
	csv := writeFile(t, filepath.Join(dir, "sites.csv"),
		"名称,URL,单位\n示范县,"+srvA.URL+"/,示范县人民政府办公室\n监测县,"+srvB.URL+",监测县人民政府办公室\n停用县,"+deadURL+"/,停用县政府办\n")

	res, err := Run(context.Background(), options(t, csv, out, db))
	if err != nil {
		t.Fatal(err)
	}
	if res.Count(StatusDone) != 2 || res.Count(StatusFailed) != 1 {
		for _, r := range res.Results {
			t.Logf("%s: %s %s", r.Site.Name, r.Status, r.Err)
		}
		t.Fatalf("done %d, failed %d; want 2 and 1", res.Count(StatusDone), res.Count(StatusFailed))
	}
	if r := res.Results[2]; r.Status != StatusFailed || r.Err == "" {
		t.Errorf("unreachable site: %+v", r)
	}
	for _, r := range res.Results[:2] {
		for _, p := range []string{r.JSON, r.Workbook} {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s: %v", r.Site.Name, err)
			}
		}
	}

	f := xlsxtest.Open(t, res.Summary)
	if got := f.GetSheetList(); strings.Join(got, ",") != "排名,单项否决,指标统计,扫描失败,趋势" {
		t.Errorf("sheets = %v", got)
	}
	rows, _ := f.GetRows(report.SheetRanking)
	if len(rows) != 5 { // title, note, header, two sites
		t.Fatalf("排名 has %d rows: %q", len(rows), rows)
	}
	// Ranked: no veto before veto, then by score.
	first, second := rankOf(res, rows[3][1]), rankOf(res, rows[4][1])
	if first == nil || second == nil {
		t.Fatalf("ranked names %q, %q", rows[3][1], rows[4][1])
	}
	fv, sv := len(first.Score.Veto) > 0, len(second.Score.Veto) > 0
	if (fv && !sv) || (fv == sv && first.Score.Total < second.Score.Total) {
		t.Errorf("ranking %s (%.1f, veto %v) before %s (%.1f, veto %v)", rows[3][1], first.Score.Total, first.Score.Veto, rows[4][1], second.Score.Total, second.Score.Veto)
	}
	if rows[3][0] != "1" || (rows[4][0] != "2" && rows[4][0] != "1") {
		t.Errorf("ranks = %q, %q", rows[3][0], rows[4][0])
	}
	// A site with a 单项否决 item is highlighted.
	for i, row := range rows[3:] {
		r := rankOf(res, row[1])
		style, _ := f.GetCellStyle(report.SheetRanking, "B"+itoa(4+i))
		s, _ := f.GetStyle(style)
		red := s != nil && len(s.Fill.Color) > 0 && s.Fill.Color[0] == "FFC7CE"
		if red != (len(r.Score.Veto) > 0) {
			t.Errorf("%s: highlighted %v, veto %v", row[1], red, r.Score.Veto)
		}
	}
	failed, _ := f.GetRows(report.SheetFailed)
	if len(failed) != 2 || failed[1][0] != "停用县" || failed[1][3] == "" {
		t.Errorf("扫描失败 = %q", failed)
	}
	trend, _ := f.GetRows(report.SheetTrend)
	if len(trend) < 6 || strings.Join(trend[0], ",") != "名称,2025-10,2025-11" {
		t.Errorf("趋势 = %q", trend)
	}
	if chart := xlsxtest.Part(t, res.Summary, "xl/charts/chart1.xml"); !strings.Contains(chart, "趋势") || !strings.Contains(chart, "lineChart") {
		t.Errorf("no trend line chart in the summary: %.200s", chart)
	}
	ms, err := history.Load(db, srvB.URL, 0)
	if err != nil || len(ms) != 2 || ms[0].Score != 77 {
		t.Errorf("history of B = %+v, %v", ms, err)
	}

	// Re-run: the two done sites are skipped without a request; the
	// unreachable one is tried again and still listed.
	na, nb := a.n.Load(), b.n.Load()
	o2 := options(t, csv, out, db)
	o2.HTML = true
	res2, err := Run(context.Background(), o2)
	if err != nil {
		t.Fatal(err)
	}
	// --html: the ranked 月度通报 beside the workbook, in the same order,
	// with each site's trend and the failed site.
	if want := filepath.Join(out, SummaryHTMLName("2025-11")); res2.SummaryHTML != want {
		t.Errorf("SummaryHTML = %q, want %q", res2.SummaryHTML, want)
	}
	page, err := os.ReadFile(res2.SummaryHTML)
	if err != nil {
		t.Fatal(err)
	}
	if i, j := strings.Index(string(page), ">"+rows[3][1]+"<"), strings.Index(string(page), ">"+rows[4][1]+"<"); i < 0 || j < 0 || i > j {
		t.Errorf("the HTML 月度通报 does not rank %s (%d) before %s (%d)", rows[3][1], i, rows[4][1], j)
	}
	for _, want := range []string{"<polyline", "停用县", "2025-10：77"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the HTML 月度通报 lacks %q", want)
		}
	}
	if res2.Count(StatusSkipped) != 2 || res2.Count(StatusFailed) != 1 {
		t.Errorf("re-run: skipped %d, failed %d", res2.Count(StatusSkipped), res2.Count(StatusFailed))
	}
	if a.n.Load() != na || b.n.Load() != nb {
		t.Errorf("re-run fetched %d and %d requests from sites already done", a.n.Load()-na, b.n.Load()-nb)
	}
	f2 := xlsxtest.Open(t, res2.Summary)
	if rows2, _ := f2.GetRows(report.SheetRanking); len(rows2) != 5 {
		t.Errorf("re-run ranks %d rows", len(rows2)-3)
	}
	if ms, _ := history.Load(db, srvB.URL, 0); len(ms) != 2 || ms[1].Scans != 1 {
		t.Errorf("re-run recorded the skipped scan again: %+v", ms)
	}
}

func rankOf(res *Outcome, name string) *report.Report {
	for _, r := range res.Results {
		if r.Site.Name == name {
			return r.Report
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// Bad input: one sentence naming the file and the line, before anything is
// fetched.
func TestReadSitesBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, csv string
		want      []string
	}{
		{"bad url", "名称,URL,单位\n甲,https://www.a.gov.cn/,甲办\n乙,htp//www b.gov.cn,乙办\n", []string{"line 3", "乙", "not a web address"}},
		{"no host", "名称,URL,单位\n甲,https:///x,甲办\n", []string{"line 2", "not a web address"}},
		{"ftp", "名称,URL,单位\n甲,ftp://www.a.gov.cn/,甲办\n", []string{"line 2", "not a web address"}},
		{"duplicate site", "名称,URL,单位\n甲,https://www.a.gov.cn/,甲办\n乙,http://WWW.A.gov.cn/xxgk/,乙办\n", []string{"line 3", "already listed on line 2"}},
		{"duplicate name", "名称,URL,单位\n甲,https://www.a.gov.cn/,甲办\n甲,https://www.b.gov.cn/,乙办\n", []string{"line 3", "already used on line 2"}},
		{"no header", "甲,https://www.a.gov.cn/,甲办\n", []string{"line 1", "header 名称,URL,单位"}},
		{"empty", "", []string{"is empty"}},
		{"only header", "名称,URL,单位\n", []string{"lists no sites"}},
		{"no name", "名称,URL,单位\n,https://www.a.gov.cn/,甲办\n", []string{"line 2", "名称 is empty"}},
		{"missing profile", "名称,URL,单位,配置\n甲,https://www.a.gov.cn/,甲办,absent.yaml\n", []string{"line 2", "absent.yaml"}},
		{"bad quote", "名称,URL,单位\n\"甲,https://www.a.gov.cn/,甲办\n", []string{"line 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(dir, "sites.csv"), tc.csv)
			_, err := ReadSites(path)
			if !errors.Is(err, scan.ErrUsage) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			for _, w := range append(tc.want, "sites.csv") {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err.Error(), w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("more than one line: %q", err.Error())
			}
		})
	}
}

// Lists as offices really save them: Excel's UTF-8 with BOM, GB18030 from a
// Chinese Windows, a scheme left out, blank lines, a profile beside the CSV.
func TestReadSitesAsSaved(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.yaml"), "disable: [meta-tags]\n")
	text := "名称,网址,单位,配置\r\n甲县,www.a.gov.cn,甲县政府办,a.yaml\r\n,,,\r\n\r\n乙县,https://www.b.gov.cn/,乙县政府办,\r\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"bom": "\xef\xbb\xbf" + text, "gbk": gbk} {
		sites, err := ReadSites(writeFile(t, filepath.Join(dir, name+".csv"), content))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(sites) != 2 || sites[0].Name != "甲县" || sites[0].URL != "http://www.a.gov.cn" ||
			sites[0].Profile != filepath.Join(dir, "a.yaml") || sites[1].Unit != "乙县政府办" || sites[1].Line != 5 {
			t.Errorf("%s: %+v", name, sites)
		}
	}
}

// A bad line anywhere stops the batch before any site is asked anything.
func TestBatchChecksBeforeFetching(t *testing.T) {
	c := &counting{h: demo.Handler(demo.Site())}
	srv := httptest.NewServer(c)
	defer srv.Close()
	dir := t.TempDir()
	csv := writeFile(t, filepath.Join(dir, "sites.csv"), "名称,URL,单位\n甲,"+srv.URL+"/,甲办\n乙,not a url,乙办\n")
	_, err := Run(context.Background(), options(t, csv, filepath.Join(dir, "out"), ""))
	if !errors.Is(err, scan.ErrUsage) || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("err = %v", err)
	}
	if c.n.Load() != 0 {
		t.Errorf("%d requests before the CSV was checked", c.n.Load())
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Error("the output directory was created for a batch that did not run")
	}
}
