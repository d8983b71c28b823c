// Package batch scans many sites — the monthly job of a monitor: each site
// gets its own 整改清单 and JSON, and one summary workbook (月度通报) ranks
// them by indicator score with 单项否决 items highlighted and a trend from
// the scan history. A site that fails is recorded, never fatal; a re-run
// skips the sites already done this period.
package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/pipeline"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// Options is everything `gongkai batch` can be told.
type Options struct {
	CSVPath  string
	OutDir   string
	Parallel int       // sites scanned at once
	AsOf     time.Time // midnight Asia/Shanghai; its month is the period
	// DBPath is the history database; "" keeps no history.
	DBPath string
	// Force scans again the sites already done this period.
	Force bool
	// Scan holds the crawl options every site is scanned with (Rate,
	// Concurrency, MaxPages, Timeout …); ConfigPath is the profile of
	// sites whose line names none. Start, AsOf and the output paths are
	// set per site.
	Scan scan.Options
	// Log receives one line per site started and finished (nil: none).
	Log io.Writer
	// HTML also writes the 月度通报 as one HTML file (SummaryHTMLName).
	HTML bool
}

// Status of one site in a batch.
const (
	StatusDone    = "done"
	StatusSkipped = "skipped" // done earlier this period
	StatusFailed  = "failed"
	StatusNotRun  = "not-run" // the batch was interrupted first
	StatusWaiting = "waiting" // still in the queue (batch report before the month is done)
)

// Result is one site's outcome.
type Result struct {
	Site     Site
	Status   string
	Err      string
	Report   *report.Report
	JSON     string // paths in OutDir
	Workbook string
	// Warning is a problem that did not fail the site (history not recorded,
	// a replaced workbook that could not be read).
	Warning string
	// Carried says what was kept from the workbook the scan replaced.
	Carried string
}

// Outcome is what a batch produced.
type Outcome struct {
	Results     []Result // in the CSV's order
	Summary     string   // the 月度通报 workbook
	SummaryHTML string   // the 月度通报 as HTML, with Options.HTML
	Interrupted bool
}

// Count returns how many sites have the status.
func (o *Outcome) Count(status string) int {
	n := 0
	for _, r := range o.Results {
		if r.Status == status {
			n++
		}
	}
	return n
}

// SummaryName is the 月度通报 workbook of a period (YYYY-MM).
func SummaryName(period string) string { return "月度通报-" + period + ".xlsx" }

// SummaryHTMLName is the file name of the HTML 月度通报 of a period.
func SummaryHTMLName(period string) string { return "月度通报-" + period + ".html" }

// Run scans the sites of o.CSVPath. The CSV, the profiles and the output
// directory are checked before anything is fetched (scan.ErrUsage).
func Run(ctx context.Context, o Options) (*Outcome, error) {
	sites, err := ReadSites(o.CSVPath)
	if err != nil {
		return nil, err
	}
	if o.Parallel < 1 {
		return nil, scan.Usagef("--parallel must be at least 1")
	}
	// A bad default profile or calendar would fail every site the same
	// way: say it once, before anything is fetched.
	if o.Scan.ConfigPath != "" {
		if _, err := config.Load(o.Scan.ConfigPath); err != nil {
			return nil, scan.Usagef("--config: %v", err)
		}
	}
	for _, p := range o.Scan.CalendarPath {
		if _, err := calendar.LoadFile(p); err != nil {
			return nil, scan.Usagef("--calendar: %v", err)
		}
	}
	if o.OutDir == "" {
		o.OutDir = "."
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, scan.Usagef("--out %s: %v", o.OutDir, err)
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	asOf := o.AsOf.Format("2006-01-02")
	period := asOf[:7]
	// A directory that takes no files would fail every site, after its crawl.
	if err := scan.CheckOutput("--out", filepath.Join(o.OutDir, SummaryName(period))); err != nil {
		return nil, err
	}
	// The HTML 月度通报 there may collide with a directory of that name.
	if o.HTML {
		if err := scan.CheckOutput("--html", filepath.Join(o.OutDir, SummaryHTMLName(period))); err != nil {
			return nil, err
		}
	}
	out := &Outcome{Results: make([]Result, len(sites))}
	var todo []int
	for i, s := range sites {
		out.Results[i] = Result{Site: s, Status: StatusNotRun}
		if !o.Force {
			if rep, file := doneThisPeriod(o.OutDir, s, period); rep != nil {
				out.Results[i].Status, out.Results[i].Report, out.Results[i].JSON = StatusSkipped, rep, file
				out.Results[i].Workbook = workbookFor(o.OutDir, s, rep.AsOf)
				fmt.Fprintf(o.Log, "%s: already scanned this period (%s), skipped\n", s.Name, filepath.Base(file))
				continue
			}
		}
		todo = append(todo, i)
	}

	// A bounded pool; each worker writes only its own slot.
	jobs := make(chan int)
	var wg sync.WaitGroup
	var logMu sync.Mutex
	logf := func(format string, args ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		fmt.Fprintf(o.Log, format, args...)
	}
	for range min(o.Parallel, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				s := sites[i]
				logf("%s: scanning %s\n", s.Name, s.URL)
				r := scanOne(ctx, o, s, asOf)
				out.Results[i] = r
				switch r.Status {
				case StatusDone:
					logf("%s: score %.1f, %d findings%s\n", s.Name, r.Report.Score.Total, len(r.Report.Findings), incompleteNote(r.Report))
					if r.Carried != "" {
						logf("%s: %s\n", s.Name, r.Carried)
					}
				default:
					logf("%s: failed: %s\n", s.Name, r.Err)
				}
			}
		}()
	}
feed:
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	out.Interrupted = ctx.Err() != nil

	if o.DBPath != "" {
		for i := range out.Results {
			r := &out.Results[i]
			if r.Report == nil || interrupted(r.Report) {
				continue
			}
			// Idempotent: a skipped site recorded again is stored once.
			if err := history.Record(o.DBPath, r.Report); err != nil {
				r.Warning = strings.TrimPrefix(r.Warning+"; history not recorded: "+err.Error(), "; ")
			}
		}
	}
	var load TrendLoader
	if o.DBPath != "" {
		load = func(site string, months int) ([]history.Month, error) { return history.Load(o.DBPath, site, months) }
	}
	if err := writeSummary(o.OutDir, period, asOf, out, load, o.HTML); err != nil {
		return out, err
	}
	return out, nil
}

// TrendLoader reads a site's last months from the history.
type TrendLoader func(site string, months int) ([]history.Month, error)

// writeSummary writes the 月度通报 (and its HTML) of out's sites into dir.
func writeSummary(dir, period, asOf string, out *Outcome, load TrendLoader, html bool) error {
	summary := &report.BatchSummary{Period: period, AsOf: asOf}
	for _, rule := range checks.Registry() {
		summary.Rules = append(summary.Rules, rule.Meta())
	}
	sites := make([]Site, len(out.Results))
	for i, r := range out.Results {
		sites[i] = r.Site
		bs := report.BatchSite{Name: r.Site.Name, Unit: r.Site.Unit, URL: r.Site.URL, Report: r.Report,
			Skipped: r.Status == StatusSkipped}
		if r.Workbook != "" {
			bs.Workbook = filepath.Base(r.Workbook)
		}
		switch r.Status {
		case StatusFailed:
			bs.Error = r.Err
		case StatusNotRun:
			bs.Error = "批量检查被中断，未扫描"
		case StatusWaiting:
			bs.Error = "尚未扫描完（仍在队列中）"
		}
		summary.Sites = append(summary.Sites, bs)
	}
	if load != nil {
		summary.Trend = trend(load, sites, 12)
	}
	pipeline.Rank(summary)
	path := filepath.Join(dir, SummaryName(period))
	if err := report.WriteBatchSummary(path, summary); err != nil {
		return scan.Failedf("cannot write %s: %v", path, err)
	}
	out.Summary = path
	if html {
		page := filepath.Join(dir, SummaryHTMLName(period))
		if err := report.WriteBatchHTML(page, summary); err != nil {
			return scan.Failedf("cannot write %s: %v", page, err)
		}
		out.SummaryHTML = page
	}
	return nil
}

// scanOne scans one site; a failure (or a panic) is its result, never the
// batch's.
func scanOne(ctx context.Context, o Options, s Site, asOf string) (res Result) {
	res = Result{Site: s, Status: StatusFailed}
	defer func() {
		if p := recover(); p != nil {
			res.Status, res.Err = StatusFailed, fmt.Sprintf("internal error: %v", p)
		}
	}()
	so := o.Scan
	so.Start = s.URL
	so.AsOf = o.AsOf
	so.JSONPath = filepath.Join(o.OutDir, jsonName(s, asOf))
	so.XLSXPath = workbookFor(o.OutDir, s, asOf)
	so.JUnitPath, so.MarkdownPath, so.HTMLPath, so.BaselinePath, so.FailOn = "", "", "", "", ""
	so.Stdout = io.Discard
	so.Progress = nil
	if s.Profile != "" {
		so.ConfigPath = s.Profile
	}
	if so.ScreenshotDir != "" {
		// One folder per site, each beside the others under --screenshots.
		so.ScreenshotDir = filepath.Join(so.ScreenshotDir, stem(s))
	}
	oc, err := scan.Run(ctx, so)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	res.Status, res.Report, res.JSON, res.Workbook = StatusDone, oc.Report, so.JSONPath, so.XLSXPath
	warnings, info := oc.Carry.Notes()
	res.Warning, res.Carried = strings.Join(warnings, "; "), strings.Join(info, "; ")
	return res
}

// stem is the file-name form of a site's host, as scan names workbooks.
func stem(s Site) string {
	return strings.TrimSuffix(scan.DefaultWorkbookName(s.Key, "x"), "-整改清单-x.xlsx")
}

func jsonName(s Site, asOf string) string { return stem(s) + "-" + asOf + ".json" }

func workbookFor(dir string, s Site, asOf string) string {
	return filepath.Join(dir, scan.DefaultWorkbookName(s.Key, asOf))
}

// doneThisPeriod finds the JSON of a scan of s in this period (YYYY-MM)
// that was not interrupted by the user; the latest one wins.
func doneThisPeriod(dir string, s Site, period string) (*report.Report, string) {
	matches, _ := filepath.Glob(filepath.Join(dir, stem(s)+"-"+period+"-[0-9][0-9].json"))
	sort.Sort(sort.Reverse(sort.StringSlice(matches)))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			continue
		}
		var r report.Report
		if json.Unmarshal(data, &r) != nil || r.Tool != "gongkai" || history.SiteKey(r.Site) != s.Key || interrupted(&r) {
			continue
		}
		for _, rule := range checks.Registry() {
			r.Rules = append(r.Rules, rule.Meta())
		}
		return &r, m
	}
	return nil, ""
}

// interrupted is a scan the user stopped: not a result for the period.
func interrupted(r *report.Report) bool {
	return scan.ParseStop(r.Complete, r.StopReason) == scan.StopInterrupted
}

func incompleteNote(r *report.Report) string {
	if r.Complete {
		return ""
	}
	return " (incomplete: " + r.StopReason + ")"
}

// trend reads the sites' scores of the last months from the history.
func trend(load TrendLoader, sites []Site, months int) *report.Trend {
	per := make([][]history.Month, len(sites))
	set := map[string]bool{}
	for i, s := range sites {
		ms, err := load(s.Key, months)
		if err != nil {
			continue
		}
		per[i] = ms
		for _, m := range ms {
			set[m.Month] = true
		}
	}
	t := &report.Trend{}
	for m := range set {
		t.Months = append(t.Months, m)
	}
	sort.Strings(t.Months)
	if len(t.Months) > months {
		t.Months = t.Months[len(t.Months)-months:]
	}
	col := map[string]int{}
	for i, m := range t.Months {
		col[m] = i
	}
	for i, s := range sites {
		ts := report.TrendSite{Name: s.Name, Scores: make([]*float64, len(t.Months)), Vetoed: make([]bool, len(t.Months))}
		for _, m := range per[i] {
			if c, ok := col[m.Month]; ok {
				score := m.Score
				ts.Scores[c], ts.Vetoed[c] = &score, len(m.Veto) > 0
			}
		}
		t.Sites = append(t.Sites, ts)
	}
	return t
}
