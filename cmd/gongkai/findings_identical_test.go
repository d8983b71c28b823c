package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/bench/sitegen"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/xlsxtest"
)

// findingsOut, when set, is where TestFindingsIdentical writes what it
// produced instead of comparing it with the golden files:
// bench/findings-identical.sh runs it in two revisions and compares.
var findingsOut = flag.String("findings-out", os.Getenv("GONGKAI_FINDINGS_OUT"), "write the produced findings to DIR instead of comparing")

// guardSite is a site the guard scans under a fixed host name (the server's
// port changes every run; URLs and fingerprints must not).
type guardSite struct {
	name    string
	handler http.Handler
	asOf    string
}

func guardSites(t *testing.T) []guardSite {
	t.Helper()
	sites := []guardSite{{name: "demo", handler: demo.Handler(demo.Site()), asOf: "2025-11-24"}}
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "checks", "testdata", "*", "site*"))
	fixtures = append(fixtures, filepath.Join("..", "..", "testdata", "monitor", "site"))
	for _, fx := range fixtures {
		rel, _ := filepath.Rel(filepath.Join("..", ".."), fx)
		name := strings.NewReplacer("/", "-", "\\", "-", "_", "-").Replace(rel)
		sites = append(sites, guardSite{name: name, handler: demo.Handler(os.DirFS(fx)), asOf: "2025-11-25"})
	}
	sites = append(sites, guardSite{name: "sitegen-300", handler: sitegen.Site{Pages: 300, PerList: 20}, asOf: "2025-11-25"})
	return sites
}

// serveAs serves h on loopback and returns the start URL under host and
// the --resolve value that leads there.
func serveAs(t *testing.T, host string, h http.Handler) (start, resolve string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return "http://" + host + "/", host + ":80:127.0.0.1:" + port
}

// TestFindingsIdentical pins every finding of the demo, of every fixture
// site and of a small synthetic site — the JSON without its timestamps and
// the rows of the workbooks' finding sheets — together with what the pipeline does with them
// (waivers, points, a baseline, --fail-on, the batch ranking). A change to
// the code's shape must leave these files byte-identical; a change to a
// finding updates them deliberately (go test ./cmd/gongkai -run
// TestFindingsIdentical -update).
func TestFindingsIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("scans every fixture site")
	}
	produced := map[string]string{}
	dir := t.TempDir()
	for _, s := range guardSites(t) {
		start, resolve := serveAs(t, s.name+".test", s.handler)
		jsonPath, xlsx := filepath.Join(dir, s.name+".json"), filepath.Join(dir, s.name+".xlsx")
		_, stderr, code := execute(t, "scan", start, "--resolve", resolve, "--rate", "0", "--quiet",
			"--as-of", s.asOf, "--json", jsonPath, "--xlsx", xlsx, "--db", "-")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", s.name, code, stderr)
		}
		produced[s.name] = dumpScan(t, code, jsonPath, xlsx)
		// Pages kept in memory give the same findings as pages read back
		// from the page store (the rules' two ways of reading a page).
		memJSON, memXLSX := filepath.Join(dir, s.name+"-mem.json"), filepath.Join(dir, s.name+"-mem.xlsx")
		if _, stderr, code := execute(t, "scan", start, "--resolve", resolve, "--rate", "0", "--quiet", "--no-page-store",
			"--as-of", s.asOf, "--json", memJSON, "--xlsx", memXLSX, "--db", "-"); code != 0 {
			t.Fatalf("%s in memory: exit %d: %s", s.name, code, stderr)
		} else if mem := dumpScan(t, code, memJSON, memXLSX); mem != produced[s.name] {
			t.Errorf("%s: pages in memory and in the page store give different outputs: %s", s.name, firstDiff(mem, produced[s.name]))
		}
		if s.name == "demo" {
			produced["demo-pipeline"] = pipelineRun(t, dir, start, resolve, jsonPath)
		}
	}
	produced["batch"] = batchRun(t, dir)

	if *findingsOut != "" {
		if err := os.MkdirAll(*findingsOut, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, text := range produced {
			if err := os.WriteFile(filepath.Join(*findingsOut, name+".txt"), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	goldenDir := filepath.Join("testdata", "findings")
	for name, text := range produced {
		golden := filepath.Join(goldenDir, name+".golden")
		if *update {
			if err := os.MkdirAll(goldenDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create it)", name, err)
			continue
		}
		if text != string(want) {
			t.Errorf("%s: output differs from %s: %s", name, golden, firstDiff(text, string(want)))
		}
	}
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "*.golden"))
	for _, g := range goldens {
		if _, ok := produced[strings.TrimSuffix(filepath.Base(g), ".golden")]; !ok {
			t.Errorf("%s: no such site any more; remove the file", g)
		}
	}
}

// pipelineRun scans the demo again against a baseline (three findings
// missing from it, one it has that the site no longer shows), with a
// profile that waives one rule, expires another waiver and overrides one
// rule's points, and --fail-on new.
func pipelineRun(t *testing.T, dir, start, resolve, firstJSON string) string {
	t.Helper()
	data, err := os.ReadFile(firstJSON)
	if err != nil {
		t.Fatal(err)
	}
	var base map[string]any
	if err := json.Unmarshal(data, &base); err != nil {
		t.Fatal(err)
	}
	fs, _ := base["findings"].([]any)
	if len(fs) < 10 {
		t.Fatalf("the demo has %d findings; the guard needs at least 10", len(fs))
	}
	gone, _ := json.Marshal(fs[0])
	var extra map[string]any
	_ = json.Unmarshal(gone, &extra)
	extra["fingerprint"], extra["message"] = "00000000deadbeef", "已整改的问题"
	base["findings"] = append(append([]any{}, fs[3:]...), extra)
	data, _ = json.Marshal(base)
	baseline := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(baseline, data, 0o644); err != nil {
		t.Fatal(err)
	}
	waived := fs[5].(map[string]any)["rule"].(string)
	expired := fs[7].(map[string]any)["rule"].(string)
	points := fs[9].(map[string]any)["rule"].(string)
	profile := filepath.Join(dir, "profile.yaml")
	yaml := fmt.Sprintf("points:\n  %s: 0.5\nwaivers:\n  - rule: %s\n    reason: 已备案\n    expires: 2099-12-31\n"+
		"  - rule: %s\n    reason: 过期\n    expires: 2020-01-01\n", points, waived, expired)
	if err := os.WriteFile(profile, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	jsonPath, xlsx := filepath.Join(dir, "demo-pipeline.json"), filepath.Join(dir, "demo-pipeline.xlsx")
	_, stderr, code := execute(t, "scan", start, "--resolve", resolve, "--rate", "0", "--quiet", "--as-of", "2025-11-24",
		"--json", jsonPath, "--xlsx", xlsx, "--db", "-", "--baseline", baseline, "--config", profile, "--fail-on", "new")
	if code != 1 {
		t.Fatalf("demo with a baseline: exit %d, want 1: %s", code, stderr)
	}
	return dumpScan(t, code, jsonPath, xlsx)
}

// batchRun ranks three sites and one that cannot be scanned.
func batchRun(t *testing.T, dir string) string {
	t.Helper()
	csv := "名称,URL,单位\n"
	args := []string{"batch", "", "--out", filepath.Join(dir, "batch"), "--rate", "0", "--quiet", "--as-of", "2025-11-25", "--db", "-"}
	for _, s := range guardSites(t) {
		switch s.name {
		case "demo", "checks-testdata-content-site", "checks-testdata-health-site", "sitegen-300":
		default:
			continue
		}
		start, resolve := serveAs(t, s.name+".test", s.handler)
		csv += s.name + "," + start + ",示范单位\n"
		args = append(args, "--resolve", resolve)
	}
	csv += "closed,http://closed.test/,无\n"
	args = append(args, "--resolve", "closed.test:80:127.0.0.1:9")
	args[1] = filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(args[1], []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := execute(t, args...)
	if code != 0 {
		t.Fatalf("batch: exit %d: %s", code, stderr)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "exit %d\n", code)
	b.WriteString(dumpWorkbook(t, filepath.Join(dir, "batch", "月度通报-2025-11.xlsx"), "排名", "单项否决", "扫描失败"))
	return b.String()
}

// timestamps are the run's own times, which differ on every run.
var timestamps = regexp.MustCompile(`(?m)^  "(started_at|finished_at|version)": .*\n`)

// clockTimes are times of day in workbook cells (the summary's scan time).
var clockTimes = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?`)

func dumpScan(t *testing.T, code int, jsonPath, xlsx string) string {
	t.Helper()
	data, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "exit %d\n", code)
	b.WriteString(timestamps.ReplaceAllString(string(data), ""))
	b.WriteString(dumpWorkbook(t, xlsx, "整改清单", "已解决", "未复查"))
	return b.String()
}

// dumpWorkbook writes the rows of the sheets named that the workbook has,
// one line a row, cells tab-separated. Sheets that list the whole rule
// catalogue are left out: a rule added elsewhere must not change them all.
func dumpWorkbook(t *testing.T, path string, sheets ...string) string {
	t.Helper()
	f := xlsxtest.Open(t, path)
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		if !slices.Contains(sheets, sheet) {
			continue
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "--- sheet %s\n", sheet)
		for _, row := range rows {
			// URL cells carry zero-width spaces for print (report's
			// breakableURL, tested there); the goldens hold the URLs.
			line := cellURL(strings.Join(row, "\t"))
			b.WriteString(clockTimes.ReplaceAllString(strings.ReplaceAll(line, "\n", `\n`), "TIME") + "\n")
		}
	}
	return b.String()
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got:  %q\n want: %q", i+1, gl, wl)
		}
	}
	return "same lines"
}
