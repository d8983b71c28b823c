package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/batch"
	"github.com/gongkai/gongkai/queue"
	"github.com/gongkai/gongkai/scan"
)

// batchOptions is what `gongkai batch` was told on its command line.
type batchOptions struct {
	env      cmdEnv
	CSV      string
	Out      string
	Parallel int
	Force    bool
	AsOf     string
	DB       string
	Config   string
	Calendar []string
	Crawl    crawlFlags
	Quiet    bool
	Shots    shotFlags
	// HTML is --html: the 月度通报 also as one HTML file in --out.
	HTML bool
	// Queue is --queue: enqueue the sites in River on PostgreSQL for
	// `gongkai worker`s instead of scanning them here; Detach returns
	// once they are enqueued instead of following them to the end.
	Queue  string
	Detach bool
}

// newBatchCmd builds `gongkai batch`; runF, when not nil, runs instead of
// runBatch.
func newBatchCmd(runF func(*batchOptions) error) *cobra.Command {
	opts := &batchOptions{}
	cmd := &cobra.Command{
		Use:   "batch SITES.csv",
		Short: "Scan many sites; one workbook each plus a ranked summary (月度通报)",
		Long: "batch scans the sites listed in SITES.csv (header 名称,URL,单位 and optionally 配置, a\n" +
			"site profile per line), a few at a time (--parallel; each site is paced as by scan),\n" +
			"and writes into --out one 整改清单 and one JSON per site plus 月度通报-YYYY-MM.xlsx, which\n" +
			"ranks the sites by indicator score with 单项否决 items highlighted and a score trend\n" +
			"from the scan history. A site that cannot be scanned is listed, never fatal. Run it\n" +
			"again after an interruption: sites already scanned this month are skipped (--force\n" +
			"scans them again).",
		Example: "  gongkai batch sites.csv --out 2025-11/\n" +
			"  gongkai batch sites.csv --out reports --parallel 4 --max-time 2h",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("batch needs the list of sites: gongkai batch SITES.csv (header 名称,URL,单位)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.CSV = args[0]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runBatch(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Out, "out", ".", "directory for the workbooks, JSON files and the summary")
	fl.IntVar(&opts.Parallel, "parallel", 2, "sites scanned at the same time")
	fl.BoolVar(&opts.Force, "force", false, "scan again the sites already scanned this month")
	fl.StringVar(&opts.AsOf, "as-of", "", "evaluation date for every time rule, YYYY-MM-DD (default today in Asia/Shanghai)")
	fl.StringVar(&opts.DB, "db", "", "the scan history database: a file or a postgres:// URL (default a file in the user data directory; - for none)")
	fl.StringVar(&opts.Config, "config", "", "profile (YAML) for the sites whose line names none")
	fl.StringSliceVar(&opts.Calendar, "calendar", nil, "extra holiday data (same format as the embedded calendar)")
	opts.Crawl.register(fl, eachSite)
	opts.Shots.register(fl)
	fl.BoolVar(&opts.Quiet, "quiet", false, "no progress lines on stderr")
	fl.BoolVar(&opts.HTML, "html", false, "also write the 月度通报 as one HTML file (月度通报-YYYY-MM.html) into --out")
	fl.StringVar(&opts.Queue, "queue", "", "enqueue the sites in this PostgreSQL database for gongkai worker processes (postgres://…) instead of scanning them here")
	fl.BoolVar(&opts.Detach, "detach", false, "with --queue: return once the sites are enqueued (follow them with gongkai batch status)")
	cmd.AddCommand(newBatchStatusCmd(nil), newBatchReportCmd(nil))
	return cmd
}

func runBatch(opts *batchOptions) error {
	if opts.Queue != "" {
		return runBatchQueue(opts)
	}
	if opts.Detach {
		return usageErrorf("--detach only goes with --queue: without a queue the sites are scanned here")
	}
	o := batch.Options{CSVPath: opts.CSV, OutDir: opts.Out, Parallel: opts.Parallel, Force: opts.Force, HTML: opts.HTML}
	o.Scan.ConfigPath, o.Scan.CalendarPath = opts.Config, opts.Calendar
	var err error
	if o.AsOf, err = parseAsOf(opts.AsOf); err != nil {
		return err
	}
	if err := opts.Crawl.apply(&o.Scan); err != nil {
		return err
	}
	// Settings that would fail every site the same way: said once, before
	// anything is fetched.
	if err := scan.CheckCrawl(&o.Scan); err != nil {
		return mapScanError(err)
	}
	if o.Parallel < 1 {
		return usageErrorf("--parallel must be at least 1")
	}
	if err := checkDB(opts.DB); err != nil {
		return err
	}
	if opts.DB != "-" {
		if o.DBPath, err = historyPath(opts.DB); err != nil {
			return err
		}
	}
	o.Scan.Version = version
	o.Scan.RulesPhase = rulesPhase
	stderr := opts.env.errOut
	if !opts.Quiet {
		o.Log = stderr
	}
	// One browser for every site of the batch.
	browser, err := opts.Shots.browser(&o.Scan, func(m string) { fmt.Fprintln(stderr, m) }, "")
	if err != nil {
		return err
	}
	if browser != nil {
		defer browser.Close()
	}
	ctx, stop := interruptContext(opts.env.ctx)
	defer stop()
	out, err := batch.Run(ctx, o)
	if out != nil && !opts.Quiet {
		summarizeBatch(stderr, out)
	}
	if err != nil {
		return mapScanError(err)
	}
	for _, r := range out.Results {
		if r.Warning != "" {
			fmt.Fprintf(stderr, "gongkai: warning: %s: %s\n", r.Site.Name, r.Warning)
		}
	}
	switch {
	case out.Interrupted:
		return &exitError{code: exitInterrupted, err: errors.New("interrupted; the summary lists the sites not scanned; run the same command again to continue")}
	case out.Count(batch.StatusDone)+out.Count(batch.StatusSkipped) == 0:
		return failedErrorf("none of the %d sites could be scanned; see %s", len(out.Results), out.Summary)
	}
	return nil
}

func summarizeBatch(w io.Writer, out *batch.Outcome) {
	fmt.Fprintf(w, "batch: %d sites: %d scanned, %d already done this period, %d failed",
		len(out.Results), out.Count(batch.StatusDone), out.Count(batch.StatusSkipped), out.Count(batch.StatusFailed))
	if n := out.Count(batch.StatusNotRun); n > 0 {
		fmt.Fprintf(w, ", %d not scanned", n)
	}
	fmt.Fprintln(w)
	if out.Summary != "" {
		fmt.Fprintf(w, "wrote %s\n", out.Summary)
	}
	if out.SummaryHTML != "" {
		fmt.Fprintf(w, "wrote %s\n", out.SummaryHTML)
	}
}

// runBatchQueue enqueues the sites for `gongkai worker`s and, unless
// --detach, follows them to the end and writes the reports into --out.
func runBatchQueue(opts *batchOptions) error {
	if err := checkQueueURL(opts.Queue, "gongkai batch SITES.csv --queue postgres://user@host/db"); err != nil {
		return err
	}
	switch {
	case opts.Force:
		return usageErrorf("--force does not go with --queue: a site recorded this month is kept; delete its row with gongkai batch status to see it first")
	case opts.DB != "":
		return usageErrorf("--db does not go with --queue: the history is kept in the queue's database")
	case opts.Shots.Dir != "":
		return usageErrorf("--screenshots does not go with --queue yet: take them with gongkai scan on the sites that need them")
	}
	// Every line and every file is checked before anything is enqueued.
	sites, err := batch.ReadSites(opts.CSV)
	if err != nil {
		return mapScanError(err)
	}
	var so scan.Options
	so.CalendarPath = opts.Calendar
	if err := opts.Crawl.apply(&so); err != nil {
		return err
	}
	if err := scan.CheckCrawl(&so); err != nil {
		return mapScanError(err)
	}
	asOf, err := parseAsOf(opts.AsOf)
	if err != nil {
		return err
	}
	qs := make([]queue.Site, len(sites))
	settings := make([]queue.Settings, len(sites))
	for i, s := range sites {
		qs[i] = queue.Site{Line: s.Line, Key: s.Key, Name: s.Name, URL: s.URL, Unit: s.Unit}
		profile := s.Profile
		if profile == "" {
			profile = opts.Config
		}
		if settings[i], err = queue.SettingsOf(so, profile); err != nil {
			return mapScanError(err)
		}
	}
	ctx, stop := interruptContextSaying(opts.env.ctx, "stopping to follow the queue; its sites stay queued and the workers go on")
	defer stop()
	q, err := openQueue(ctx, opts.Queue)
	if err != nil {
		return err
	}
	defer q.Close()
	period := queue.Period(asOf)
	added, err := q.Enqueue(ctx, period, asOf.Format("2006-01-02"), qs, settings)
	if err != nil {
		return mapScanError(err)
	}
	stderr := opts.env.errOut
	fmt.Fprintf(stderr, "batch: %d sites for %s in the queue at %s: %d added, %d already there\n", len(sites), period, q.Host(), added.Added, added.Already)
	if opts.Detach {
		fmt.Fprintf(stderr, "follow them with: gongkai batch status --queue %s\n", queue.Redact(opts.Queue))
		return nil
	}
	if !follow(ctx, q, period, stderr, opts.Quiet) {
		return &exitError{code: exitInterrupted, err: fmt.Errorf("stopped following; the sites stay in the queue and the workers go on; gongkai batch status --queue %s shows them", queue.Redact(opts.Queue))}
	}
	return writeQueueReport(ctx, q, opts.Queue, period, opts.Out, opts.HTML, stderr, opts.Quiet)
}

// follow prints the period's progress until no site is left to scan (true)
// or the user interrupts (false).
func follow(ctx context.Context, q *queue.Queue, period string, w io.Writer, quiet bool) bool {
	t := time.NewTicker(3 * time.Second)
	defer t.Stop()
	lastLine, noWorkerSaid := "", false
	for {
		sites, workers, err := q.Status(ctx, period)
		if ctx.Err() != nil {
			return false
		}
		if err == nil {
			c := countStates(sites)
			if c[queue.StateWaiting]+c[queue.StateRunning]+c[queue.StateRetrying] == 0 {
				return true
			}
			line := progressLine(c, workers)
			if !quiet && line != lastLine {
				fmt.Fprintln(w, line)
				lastLine = line
			}
			if !noWorkerSaid && liveWorkers(workers) == 0 {
				fmt.Fprintln(w, "batch: no worker is running; start some: gongkai worker --queue URL --sites 200")
				noWorkerSaid = true
			}
		}
		select {
		case <-ctx.Done():
			return false
		case <-t.C:
		}
	}
}

func countStates(sites []queue.SiteStatus) map[string]int {
	c := map[string]int{}
	for _, s := range sites {
		c[s.State]++
	}
	return c
}

func liveWorkers(ws []queue.WorkerStatus) int {
	n := 0
	for _, w := range ws {
		if w.State == "running" || w.State == "stopping" {
			n++
		}
	}
	return n
}

func progressLine(c map[string]int, workers []queue.WorkerStatus) string {
	rate := 0.0
	for _, w := range workers {
		if w.State == "running" || w.State == "stopping" {
			rate += w.PagesPerS
		}
	}
	return fmt.Sprintf("batch: %d done, %d running, %d waiting, %d to retry, %d failed; %d workers, %.0f pages/s",
		c[queue.StateDone], c[queue.StateRunning], c[queue.StateWaiting], c[queue.StateRetrying], c[queue.StateFailed],
		liveWorkers(workers), rate)
}
