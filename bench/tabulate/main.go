// Command tabulate turns the measurements bench/run.sh collects into the one
// table BENCHMARKS.md shows, and compares two gongkai JSON reports.
//
//	tabulate table results.tsv     medians per site size and tool, ratios vs linkinator
//	tabulate same a.json b.json    exit 0 when both reports hold the same findings
//
// Under each size's table, table adds what the incremental re-scan saved
// against the full scan, and which runs' findings were compared and found
// identical: run.sh records those comparisons in same.tsv next to
// results.tsv.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 3 {
		usage()
	}
	switch os.Args[1] {
	case "table":
		rows, err := readResults(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "tabulate:", err)
			os.Exit(1)
		}
		sames, err := readSame(filepath.Join(filepath.Dir(os.Args[2]), "same.tsv"))
		if err != nil {
			fmt.Fprintln(os.Stderr, "tabulate:", err)
			os.Exit(1)
		}
		writeTable(os.Stdout, rows, sames)
	case "same":
		if len(os.Args) != 4 {
			usage()
		}
		msg, same, err := sameFindings(os.Args[2], os.Args[3])
		if err != nil {
			fmt.Fprintln(os.Stderr, "tabulate:", err)
			os.Exit(1)
		}
		fmt.Println(msg)
		if !same {
			os.Exit(1)
		}
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: tabulate table results.tsv | tabulate same a.json b.json")
	os.Exit(2)
}

// run is one measured run of one tool (a line of results.tsv).
type run struct {
	size     int
	tool     string
	rep      int
	rc       int
	wall     float64 // seconds
	cpu      float64 // user + system seconds
	rssKB    float64
	pages    float64 // HTML pages served to the tool (for check: pages in the snapshot)
	requests float64
	distinct float64
	bytesOut float64
	// notModified counts 304 answers (incremental re-scans).
	notModified float64
}

// columns of results.tsv, in order. Files written before not_modified
// existed lack the last column.
var columns = []string{"size", "tool", "rep", "rc", "wall_s", "cpu_s", "rss_kb", "pages", "requests", "distinct", "bytes_out", "not_modified"}

func readResults(path string) ([]run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []run
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Split(sc.Text(), "\t")
		if line == 1 && fs[0] == "size" {
			continue
		}
		if len(fs) == len(columns)-1 {
			fs = append(fs, "0")
		}
		if len(fs) != len(columns) {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d (%s)", path, line, len(fs), len(columns), strings.Join(columns, " "))
		}
		num := make([]float64, len(fs))
		for i, s := range fs {
			if i == 1 {
				continue
			}
			if num[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("%s:%d: %s %q is not a number", path, line, columns[i], s)
			}
		}
		rows = append(rows, run{size: int(num[0]), tool: fs[1], rep: int(num[2]), rc: int(num[3]), wall: num[4], cpu: num[5],
			rssKB: num[6], pages: num[7], requests: num[8], distinct: num[9], bytesOut: num[10], notModified: num[11]})
	}
	return rows, sc.Err()
}

// withCombined adds a gongkai-crawl+check run for every repetition that has
// both halves: the two commands in a row, as a user would run them.
func withCombined(rows []run) []run {
	type key struct{ size, rep int }
	crawl := map[key]run{}
	for _, r := range rows {
		if r.tool == "gongkai-crawl" {
			crawl[key{r.size, r.rep}] = r
		}
	}
	out := slices.Clone(rows)
	for _, r := range rows {
		c, ok := crawl[key{r.size, r.rep}]
		if r.tool != "gongkai-check" || !ok {
			continue
		}
		out = append(out, run{size: r.size, tool: "gongkai-crawl+check", rep: r.rep, rc: max(c.rc, r.rc),
			wall: c.wall + r.wall, cpu: c.cpu + r.cpu, rssKB: max(c.rssKB, r.rssKB),
			pages: c.pages, requests: c.requests, distinct: c.distinct, bytesOut: c.bytesOut})
	}
	return out
}

// toolOrder is the order of the table's rows; unknown tools come last.
var toolOrder = []string{"gongkai-scan", "gongkai-incremental", "gongkai-crawl+check", "gongkai-crawl", "gongkai-check", "linkinator", "muffet", "floor"}

func rank(tool string) int {
	if i := slices.Index(toolOrder, tool); i >= 0 {
		return i
	}
	return len(toolOrder)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// summary is the median of each figure over a tool's repetitions.
type summary struct {
	tool                                  string
	reps, failed                          int
	wall, cpu, rssKB, pages, reqs, repeat float64
	bytesOut, notModified                 float64
}

func summarize(rows []run) map[int][]summary {
	type key struct {
		size int
		tool string
	}
	groups := map[key][]run{}
	for _, r := range withCombined(rows) {
		groups[key{r.size, r.tool}] = append(groups[key{r.size, r.tool}], r)
	}
	out := map[int][]summary{}
	for k, rs := range groups {
		col := func(f func(run) float64) float64 {
			xs := make([]float64, len(rs))
			for i, r := range rs {
				xs[i] = f(r)
			}
			return median(xs)
		}
		s := summary{tool: k.tool, reps: len(rs),
			wall: col(func(r run) float64 { return r.wall }), cpu: col(func(r run) float64 { return r.cpu }),
			rssKB: col(func(r run) float64 { return r.rssKB }), pages: col(func(r run) float64 { return r.pages }),
			reqs: col(func(r run) float64 { return r.requests }), repeat: col(func(r run) float64 { return r.requests - r.distinct }),
			bytesOut: col(func(r run) float64 { return r.bytesOut }), notModified: col(func(r run) float64 { return r.notModified })}
		for _, r := range rs {
			// linkinator exits 1 when it found broken links, as the site has
			// some; only a timeout (124) or a crash counts as a failed run.
			if r.rc != 0 && r.rc != 1 {
				s.failed++
			}
		}
		out[k.size] = append(out[k.size], s)
	}
	for _, ss := range out {
		slices.SortFunc(ss, func(a, b summary) int {
			if d := rank(a.tool) - rank(b.tool); d != 0 {
				return d
			}
			return strings.Compare(a.tool, b.tool)
		})
	}
	return out
}

func writeTable(w io.Writer, rows []run, sames []same) {
	bySize := summarize(rows)
	sizes := make([]int, 0, len(bySize))
	for n := range bySize {
		sizes = append(sizes, n)
	}
	slices.Sort(sizes)
	for _, n := range sizes {
		ss := bySize[n]
		var lk *summary
		reps := 0
		for i := range ss {
			if ss[i].tool == "linkinator" {
				lk = &ss[i]
			}
			reps = max(reps, ss[i].reps)
		}
		fmt.Fprintf(w, "\n### %d-page site (median of %d runs)\n\n", n, reps)
		fmt.Fprintln(w, "| tool | pages | wall s | pages/s | peak RSS MB | CPU s | bytes out | repeated requests | wall × linkinator | RSS × linkinator |")
		fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
		for _, s := range ss {
			name := s.tool
			if s.failed > 0 {
				name += fmt.Sprintf(" (%d of %d runs failed)", s.failed, s.reps)
			}
			wr, rr := "", ""
			if lk != nil && lk.wall > 0 && lk.rssKB > 0 {
				wr = fmt.Sprintf("%.2f", s.wall/lk.wall)
				rr = fmt.Sprintf("%.2f", s.rssKB/lk.rssKB)
			}
			rate := 0.0
			if s.wall > 0 {
				rate = s.pages / s.wall
			}
			fmt.Fprintf(w, "| %s | %.0f | %.2f | %.0f | %.0f | %.2f | %s | %.0f | %s | %s |\n",
				name, s.pages, s.wall, rate, s.rssKB/1024, s.cpu, bytesStr(s.bytesOut), s.repeat, wr, rr)
		}
		writeNotes(w, n, ss, sames)
	}
}

// writeNotes writes the lines under a size's table: the incremental
// re-scan's bytes against the full scan's, and the findings comparisons.
func writeNotes(w io.Writer, size int, ss []summary, sames []same) {
	var lines []string
	find := func(tool string) *summary {
		for i := range ss {
			if ss[i].tool == tool {
				return &ss[i]
			}
		}
		return nil
	}
	if inc, full := find("gongkai-incremental"), find("gongkai-scan"); inc != nil {
		l := fmt.Sprintf("gongkai-incremental re-scans the unchanged site with `--incremental --baseline-snapshot` (the snapshot of a crawl just before): %s out", bytesStr(inc.bytesOut))
		if full != nil && full.bytesOut > 0 {
			l += fmt.Sprintf(" vs %s for gongkai-scan, **%.1f %% fewer bytes**", bytesStr(full.bytesOut), 100*(1-inc.bytesOut/full.bytesOut))
		}
		l += fmt.Sprintf("; %.0f of %.0f requests answered 304 Not Modified.", inc.notModified, inc.reqs)
		lines = append(lines, l)
	}
	type pair struct{ a, b string }
	var pairs []pair
	count := map[pair][2]int{} // identical, compared
	for _, x := range sames {
		if x.size != size {
			continue
		}
		p := pair{x.a, x.b}
		if _, ok := count[p]; !ok {
			pairs = append(pairs, p)
		}
		c := count[p]
		if x.identical {
			c[0]++
		}
		c[1]++
		count[p] = c
	}
	for _, p := range pairs {
		c := count[p]
		verdict := "identical: yes"
		if c[0] < c[1] {
			verdict = "identical: **no**"
		}
		lines = append(lines, fmt.Sprintf("Findings of %s vs %s: %s (%d of %d runs identical).", p.a, p.b, verdict, c[0], c[1]))
	}
	if len(lines) > 0 {
		fmt.Fprintln(w)
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

// same is one findings comparison run.sh made (a line of same.tsv): the
// reports of tools a and b in one repetition.
type same struct {
	size, rep int
	a, b      string
	identical bool
}

// readSame reads same.tsv: size, rep, tool a, tool b, yes|no. A missing
// file is no comparison.
func readSame(path string) ([]same, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []same
	for i, l := range strings.Split(strings.TrimRight(string(data), "\n"), "\n") {
		f := strings.Split(l, "\t")
		if i == 0 && f[0] == "size" || l == "" {
			continue
		}
		if len(f) != 5 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 5 (size rep a b identical)", path, i+1, len(f))
		}
		size, err1 := strconv.Atoi(f[0])
		rep, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil || f[4] != "yes" && f[4] != "no" {
			return nil, fmt.Errorf("%s:%d: want size, rep, a, b, yes|no: %q", path, i+1, l)
		}
		out = append(out, same{size: size, rep: rep, a: f[2], b: f[3], identical: f[4] == "yes"})
	}
	return out, nil
}

func bytesStr(b float64) string {
	switch {
	case b == 0:
		return "0"
	case b >= 1<<30:
		return fmt.Sprintf("%.2f GiB", b/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%.1f MiB", b/(1<<20))
	default:
		return fmt.Sprintf("%.0f KiB", b/(1<<10))
	}
}

// reportBody is the part of a gongkai JSON report that must not depend on
// whether the site was scanned live or replayed from a snapshot.
type reportBody struct {
	Pages    int             `json:"pages"`
	Complete bool            `json:"complete"`
	Score    json.RawMessage `json:"score"`
	Findings []struct {
		Rule        string `json:"rule"`
		URL         string `json:"url"`
		Message     string `json:"message"`
		Evidence    string `json:"evidence"`
		Fingerprint string `json:"fingerprint"`
	} `json:"findings"`
}

// sameFindings compares two reports of the same site; the message says how
// they differ (the first differences only).
func sameFindings(a, b string) (string, bool, error) {
	var ra, rb reportBody
	for _, x := range []struct {
		path string
		r    *reportBody
	}{{a, &ra}, {b, &rb}} {
		data, err := os.ReadFile(x.path)
		if err != nil {
			return "", false, err
		}
		if err := json.Unmarshal(data, x.r); err != nil {
			return "", false, fmt.Errorf("%s: %v", x.path, err)
		}
	}
	var diffs []string
	if ra.Pages != rb.Pages || ra.Complete != rb.Complete {
		diffs = append(diffs, fmt.Sprintf("pages %d (complete %v) vs %d (complete %v)", ra.Pages, ra.Complete, rb.Pages, rb.Complete))
	}
	if string(ra.Score) != string(rb.Score) {
		diffs = append(diffs, fmt.Sprintf("score %s vs %s", ra.Score, rb.Score))
	}
	key := func(f any) string { j, _ := json.Marshal(f); return string(j) }
	inA := map[string]bool{}
	for _, f := range ra.Findings {
		inA[key(f)] = true
	}
	inB := map[string]bool{}
	for _, f := range rb.Findings {
		inB[key(f)] = true
		if !inA[key(f)] && len(diffs) < 6 {
			diffs = append(diffs, "only in "+b+": "+f.Rule+" "+f.URL+" "+f.Evidence)
		}
	}
	for _, f := range ra.Findings {
		if !inB[key(f)] && len(diffs) < 6 {
			diffs = append(diffs, "only in "+a+": "+f.Rule+" "+f.URL+" "+f.Evidence)
		}
	}
	if len(ra.Findings) != len(rb.Findings) {
		diffs = append(diffs, fmt.Sprintf("%d findings vs %d", len(ra.Findings), len(rb.Findings)))
	}
	if len(diffs) > 0 {
		return "findings differ: " + strings.Join(diffs, "; "), false, nil
	}
	return fmt.Sprintf("findings identical: %d findings, %d pages", len(ra.Findings), ra.Pages), true, nil
}
