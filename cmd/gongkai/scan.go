package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
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

// scanOptions is what `gongkai scan` was told on its command line.
type scanOptions struct {
	env   cmdEnv
	Start string
	Demo  bool
	// RateSet is true when --rate was given: the demo site is otherwise
	// scanned unthrottled.
	RateSet          bool
	Config           string
	Crawl            crawlFlags
	Output           outputFlags
	Quiet            bool
	Resume           bool
	Incremental      bool
	BaselineSnapshot string
	CPUProfile       string
	// NoPageStore keeps every page in memory instead of the page store
	// (hidden: for comparing the two; a scan without a temporary file).
	NoPageStore bool
	Shots       shotFlags
}

// newScanCmd builds `gongkai scan`; runF, when not nil, runs instead of
// runScan (tests check the options the command line gives).
func newScanCmd(runF func(*scanOptions) error) *cobra.Command {
	opts := &scanOptions{}
	cmd := &cobra.Command{
		Use:   "scan URL | --demo",
		Short: "Crawl a site, run every rule and write the rectification list (整改清单)",
		Example: "  gongkai scan --demo\n" +
			"  gongkai scan https://www.example.gov.cn/ --json report.json\n" +
			"  gongkai scan https://www.example.gov.cn/ --rate 0 --max-pages 500 --fail-on veto",
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case opts.Demo && len(args) > 0:
				return usageErrorf("give either a URL or --demo, not both")
			case !opts.Demo && len(args) == 0:
				return usageErrorf("scan needs the site's URL, e.g. gongkai scan https://www.example.gov.cn/ (or --demo)")
			case len(args) > 1:
				return usageErrorf("scan takes one URL, got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Start = args[0]
			}
			opts.RateSet = cmd.Flags().Changed("rate")
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runScan(opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Demo, "demo", false, "scan the embedded sample county site (works offline)")
	opts.Output.register(fl)
	fl.StringVar(&opts.Config, "config", "", "site profile (YAML): extra hosts, rules not applicable, calendar")
	opts.Crawl.register(fl, oneSite)
	fl.BoolVar(&opts.Quiet, "quiet", false, "no progress output on stderr")
	fl.BoolVar(&opts.Resume, "resume", false, "continue an interrupted scan from its snapshot")
	fl.BoolVar(&opts.Incremental, "incremental", false, "with --baseline-snapshot: conditional requests, unchanged pages not re-downloaded")
	fl.StringVar(&opts.BaselineSnapshot, "baseline-snapshot", "", "snapshot of a previous crawl, for --incremental")
	opts.Shots.register(fl)
	fl.StringVar(&opts.CPUProfile, "cpuprofile", "", "write a CPU profile (pprof) of the scan to FILE")
	_ = fl.MarkHidden("cpuprofile")
	fl.BoolVar(&opts.NoPageStore, "no-page-store", false, "keep every page in memory instead of the temporary page store")
	_ = fl.MarkHidden("no-page-store")
	return cmd
}

func runScan(opts *scanOptions) error {
	o := scan.Options{ConfigPath: opts.Config, Start: opts.Start}
	if err := opts.Output.apply(&o); err != nil {
		return err
	}
	if err := opts.Crawl.apply(&o); err != nil {
		return err
	}
	if err := checkDB(opts.Output.DB); err != nil {
		return err
	}
	o.Resume = opts.Resume
	o.NoPageStore = opts.NoPageStore
	o.Incremental, o.BaselineSnapshot = opts.Incremental, opts.BaselineSnapshot
	o.Version = version
	o.Stdout = opts.env.out
	o.RulesPhase = rulesPhaseAlone
	stderr := opts.env.errOut

	if opts.Demo {
		srv, err := demo.Start()
		if err != nil {
			return failedErrorf("cannot start the demo site on a loopback port: %v", err)
		}
		defer srv.Close()
		o.Start = srv.URL
		o.SnapshotName = "demo" // one snapshot, whatever port the demo got
		// The sample county's name, on a network of the demo's own: an
		// IPv4 address only, and plain HTTP on port 443. No real name is
		// resolved.
		o.Resolver = crawl.StaticResolver(map[string][]net.IP{demo.Host: {net.IPv4(127, 0, 0, 1)}})
		o.Probe = &crawl.ProbeNet{Host: demo.Host, Dial: srv.Dial, HasIPv6: func() bool { return true }}
		if opts.Output.AsOf == "" {
			o.AsOf = demo.AsOf
		}
		if o.XLSXPath == "" {
			// The demo's port changes every run; give the workbook a stable name.
			o.XLSXPath = scan.DefaultWorkbookName("demo", o.AsOf.Format("2006-01-02"))
		}
		if !opts.RateSet {
			o.Rate = 0 // our own loopback server: no need to be polite
		}
		if !opts.Quiet {
			fmt.Fprintf(stderr, "demo: serving the sample county site 示范县人民政府 at %s\n", srv.URL)
		}
	}
	var prog *progress
	if !opts.Quiet {
		prog = newProgress(stderr)
		o.Progress = prog.update
	}
	o.Notice = func(msg string) { fmt.Fprintln(stderr, msg) }
	hostRules := ""
	if opts.Demo {
		// The browser, too, stays on the demo's loopback network.
		hostRules = "MAP " + demo.Host + " " + strings.TrimSuffix(strings.TrimPrefix(o.Start, "http://"), "/") +
			", MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
	}
	browser, err := opts.Shots.browser(&o, o.Notice, hostRules)
	if err != nil {
		return err
	}
	if browser != nil {
		defer browser.Close()
	}

	if opts.CPUProfile != "" {
		pf, err := os.Create(opts.CPUProfile)
		if err != nil {
			return usageErrorf("--cpuprofile: %v", err)
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return failedErrorf("--cpuprofile: %v", err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := interruptContext(opts.env.ctx)
	defer stop()
	out, err := scan.Run(ctx, o)
	if prog != nil {
		prog.done()
	}
	if err != nil {
		return mapScanError(err)
	}
	recordHistory(stderr, opts.Output.DB, out)
	if !opts.Quiet {
		summarize(stderr, out)
	}
	printCarry(stderr, out, opts.Quiet)
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
	return interruptContextSaying(parent, "interrupted; finishing with what was found (Ctrl-C again to quit now)")
}

// interruptContextSaying is interruptContext with the command's own words
// for the first signal.
func interruptContextSaying(parent context.Context, first string) (context.Context, func()) {
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
				fmt.Fprintln(os.Stderr, "\ngongkai: "+first)
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
