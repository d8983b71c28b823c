package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/scan"
)

type scanFlags struct {
	demo        bool
	asOf        string
	timeout     string
	maxTime     string
	quiet       bool
	resume      bool
	incremental bool
	baseSnap    string
	cpuProfile  string
	db          string
	opts        scan.Options
}

func newScanCmd() *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "scan URL | --demo",
		Short: "Crawl a site, run every rule and write the rectification list (整改清单)",
		Example: "  gongkai scan --demo\n" +
			"  gongkai scan https://www.example.gov.cn/ --json report.json\n" +
			"  gongkai scan https://www.example.gov.cn/ --rate 0 --max-pages 500 --fail-on veto",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case f.demo && len(args) > 0:
				return usageErrorf("give either a URL or --demo, not both")
			case !f.demo && len(args) == 0:
				return usageErrorf("scan needs the site's URL, e.g. gongkai scan https://www.example.gov.cn/ (or --demo)")
			case len(args) > 1:
				return usageErrorf("scan takes one URL, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				f.opts.Start = args[0]
			}
			return runScan(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.demo, "demo", false, "scan the embedded sample county site (works offline)")
	addOutputFlags(cmd, f)
	addCrawlFlags(cmd, f)
	fl.BoolVar(&f.resume, "resume", false, "continue an interrupted scan from its snapshot")
	fl.BoolVar(&f.incremental, "incremental", false, "with --baseline-snapshot: conditional requests, unchanged pages not re-downloaded")
	fl.StringVar(&f.baseSnap, "baseline-snapshot", "", "snapshot of a previous crawl, for --incremental")
	fl.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) of the scan to FILE")
	_ = fl.MarkHidden("cpuprofile")
	return cmd
}

// addCrawlFlags registers the flags scan shares with crawl.
func addCrawlFlags(cmd *cobra.Command, f *scanFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.opts.ConfigPath, "config", "", "site profile (YAML): extra hosts, rules not applicable, calendar")
	fl.Float64Var(&f.opts.Rate, "rate", 2, "requests per second per host; 0 = unlimited")
	fl.IntVar(&f.opts.Concurrency, "concurrency", 4, "parallel requests")
	fl.IntVar(&f.opts.MaxPages, "max-pages", 20000, "stop crawling HTML pages after N")
	fl.IntVar(&f.opts.Depth, "depth", 0, "link depth from the start URL; 0 = unlimited")
	fl.StringVar(&f.timeout, "timeout", "15s", "per request (Go duration or seconds)")
	fl.StringVar(&f.maxTime, "max-time", "", "total time budget; the scan ends cleanly with what it found")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress output on stderr")
	fl.BoolVar(&f.opts.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt")
	fl.BoolVar(&f.opts.AllowPrivate, "allow-private", false, "check off-site links to private or loopback addresses")
	addLinkFlags(cmd, &f.opts)
}

// addLinkFlags registers the link-checker flags scan, crawl and batch share.
func addLinkFlags(cmd *cobra.Command, o *scan.Options) {
	fl := cmd.Flags()
	fl.StringArrayVar(&o.Exclude, "exclude", nil, "neither crawl nor check URLs matching REGEX (repeatable)")
	fl.StringArrayVar(&o.Include, "include", nil, "check only URLs matching REGEX; wins over --exclude (repeatable)")
	fl.BoolVar(&o.NoExternal, "no-external", false, "check no off-site link")
	fl.StringArrayVar(&o.Resolve, "resolve", nil, "HOST:PORT:ADDRESS: connect to ADDRESS (an IP, optionally :PORT) for HOST:PORT, as curl does (repeatable)")
}

// addOutputFlags registers the flags scan shares with check.
func addOutputFlags(cmd *cobra.Command, f *scanFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.asOf, "as-of", "", "evaluation date for every time rule, YYYY-MM-DD (default today in Asia/Shanghai)")
	fl.StringVar(&f.opts.JSONPath, "json", "", "write machine-readable findings to FILE (- for stdout)")
	fl.StringVar(&f.opts.XLSXPath, "xlsx", "", "the rectification workbook (default <host>-整改清单-<as-of>.xlsx)")
	fl.StringVar(&f.opts.BaselinePath, "baseline", "", "a previous JSON output; findings get status new/persisting")
	fl.StringVar(&f.opts.FailOn, "fail-on", "", "exit 1 when a finding at or above LEVEL exists: veto, deduct, advice, or new")
	fl.StringSliceVar(&f.opts.CalendarPath, "calendar", nil, "extra holiday data (same format as the embedded calendar)")
	fl.StringVar(&f.db, "db", "", "scan history database (default in the user data directory; - for none)")
	fl.StringVar(&f.opts.JUnitPath, "junit", "", "write JUnit XML to FILE")
	fl.StringVar(&f.opts.MarkdownPath, "markdown", "", "write a pull-request-sized Markdown summary to FILE")
}

func runScan(cmd *cobra.Command, f *scanFlags) error {
	o := f.opts
	var err error
	if o.AsOf, err = parseAsOf(f.asOf); err != nil {
		return err
	}
	if o.Timeout, err = parseDuration("--timeout", f.timeout); err != nil {
		return err
	}
	if f.maxTime != "" {
		if o.MaxTime, err = parseDuration("--max-time", f.maxTime); err != nil {
			return err
		}
	}
	if err := checkDB(f.db); err != nil {
		return err
	}
	o.Resume = f.resume
	o.Incremental, o.BaselineSnapshot = f.incremental, f.baseSnap
	o.Version = version
	o.Stdout = cmd.OutOrStdout()
	stderr := cmd.ErrOrStderr()

	if f.demo {
		srv, err := demo.Start()
		if err != nil {
			return failedErrorf("cannot start the demo site on a loopback port: %v", err)
		}
		defer srv.Close()
		o.Start = srv.URL
		o.SnapshotName = "demo" // one snapshot, whatever port the demo got
		if f.asOf == "" {
			o.AsOf = demo.AsOf
		}
		if o.XLSXPath == "" {
			// The demo's port changes every run; give the workbook a stable name.
			o.XLSXPath = scan.DefaultWorkbookName("demo", o.AsOf.Format("2006-01-02"))
		}
		if !cmd.Flags().Changed("rate") {
			o.Rate = 0 // our own loopback server: no need to be polite
		}
		if !f.quiet {
			fmt.Fprintf(stderr, "demo: serving the sample county site 示范县人民政府 at %s\n", srv.URL)
		}
	}
	var prog *progress
	if !f.quiet {
		prog = newProgress(stderr)
		o.Progress = prog.update
	}

	if f.cpuProfile != "" {
		pf, err := os.Create(f.cpuProfile)
		if err != nil {
			return usageErrorf("--cpuprofile: %v", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return failedErrorf("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := interruptContext(cmd.Context())
	defer stop()
	out, err := scan.Run(ctx, o)
	if prog != nil {
		prog.done()
	}
	if err != nil {
		return mapScanError(err)
	}
	recordHistory(stderr, f.db, out)
	if !f.quiet {
		summarize(stderr, out)
	}
	printCarry(stderr, out, f.quiet)
	for _, e := range out.RuleErrors {
		fmt.Fprintln(stderr, "gongkai: warning:", e)
	}
	switch {
	case out.Interrupted:
		return &exitError{code: exitInterrupted, err: errors.New("interrupted; outputs written with \"complete\": false")}
	case out.FailOnMet:
		return &exitError{code: exitFailOn, err: fmt.Errorf("findings at or above --fail-on %s", o.FailOn)}
	}
	return nil
}

// recordHistory stores a finished scan in the history database. A scan the
// user interrupted is not a month's result; a history that cannot be
// written is a warning, never a failed scan.
func recordHistory(stderr io.Writer, db string, out *scan.Outcome) {
	if db == "-" || out.Interrupted {
		return
	}
	path, err := historyPath(db)
	if err == nil {
		err = history.Record(path, out.Report)
	}
	if err != nil {
		fmt.Fprintln(stderr, "gongkai: warning: scan history not recorded:", err)
	}
}

// mapScanError gives a run's error its exit code: a usage error (scan.ErrUsage)
// 2, anything else 3.
func mapScanError(err error) error {
	if errors.Is(err, scan.ErrUsage) {
		return usageErrorf("%s", err)
	}
	return failedErrorf("%s", err)
}

// interruptContext cancels with scan.ErrInterrupted on the first Ctrl-C (the
// scan then ends cleanly and writes what it found); a second one exits at once.
func interruptContext(parent context.Context) (context.Context, func()) {
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancelCause(parent)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		n := 0
		for range sig {
			n++
			if n == 1 {
				fmt.Fprintln(os.Stderr, "\ngongkai: interrupted; finishing with what was found (Ctrl-C again to quit now)")
				cancel(scan.ErrInterrupted)
				continue
			}
			os.Exit(exitInterrupted)
		}
	}()
	return ctx, func() {
		signal.Stop(sig)
		close(sig)
		cancel(nil)
	}
}

func parseAsOf(s string) (time.Time, error) {
	if s == "" {
		now := time.Now().In(scan.Shanghai)
		return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, scan.Shanghai), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, scan.Shanghai)
	if err != nil {
		return time.Time{}, usageErrorf("--as-of %q is not a date; use YYYY-MM-DD, e.g. --as-of 2026-01-15", s)
	}
	return t, nil
}

// parseDuration accepts Go durations ("15s", "1m30s") and plain seconds.
func parseDuration(flag, s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 {
		return time.Duration(n * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, usageErrorf("%s %q is not a duration; use e.g. 15s, 2m or a number of seconds", flag, s)
	}
	return d, nil
}

// summarize prints where the outputs went and the counts, on stderr.
func summarize(w io.Writer, out *scan.Outcome) {
	r := out.Report
	counts := map[string]int{}
	for _, f := range r.Findings {
		counts[string(f.Severity)]++
	}
	state := "complete"
	if !r.Complete {
		state = "INCOMPLETE: " + r.StopReason
	}
	fmt.Fprintf(w, "scanned %s: %d pages (%s)\n", r.Site, r.Pages, state)
	fmt.Fprintf(w, "findings: %d 单项否决, %d 扣分, %d 合规建议; score %.1f\n",
		counts["veto"], counts["deduct"], counts["advice"], r.Score.Total)
	for _, p := range out.Written {
		fmt.Fprintf(w, "wrote %s\n", p)
	}
}

// printCarry says what became of the workbook the scan replaced: the
// warnings always, the carried edits and the backup unless quiet.
func printCarry(w io.Writer, out *scan.Outcome, quiet bool) {
	warnings, info := out.Carry.Notes()
	for _, m := range warnings {
		fmt.Fprintln(w, "gongkai: warning:", m)
	}
	if !quiet {
		for _, m := range info {
			fmt.Fprintln(w, m)
		}
	}
}

// progress renders crawl progress on stderr: a redrawn line on a terminal,
// a plain line every 10 s otherwise (logs of CI jobs and cron runs).
type progress struct {
	w    io.Writer
	tty  bool
	last time.Time
	line bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

func (p *progress) update(s crawl.Stats) {
	if p.tty {
		total := s.Pages + s.Queued
		bar := progressBar(s.Pages, total, 20)
		fmt.Fprintf(p.w, "\r%s pages %d/%d  links checked %d (+%d queued)  errors %d  %s  ",
			bar, s.Pages, total, s.Checked, s.CheckQueue, s.Errors, s.Elapsed.Truncate(time.Second))
		p.line = true
		return
	}
	if time.Since(p.last) < 10*time.Second {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "crawl: %d pages fetched, %d queued, %d links checked, %d waiting, %d errors, %s\n",
		s.Pages, s.Queued, s.Checked, s.CheckQueue, s.Errors, s.Elapsed.Truncate(time.Second))
}

func (p *progress) done() {
	if p.line {
		fmt.Fprintln(p.w)
	}
}

func progressBar(done, total int64, width int) string {
	if total <= 0 {
		total = 1
	}
	n := int(done * int64(width) / total)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}
