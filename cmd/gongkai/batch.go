package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/batch"
	"github.com/gongkai/gongkai/scan"
)

// batchFlags are the flags of `gongkai batch`.
type batchFlags struct {
	asOf    string
	timeout string
	maxTime string
	db      string
	quiet   bool
	opts    batch.Options
}

func newBatchCmd() *cobra.Command {
	f := &batchFlags{}
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
			f.opts.CSVPath = args[0]
			return runBatch(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.opts.OutDir, "out", ".", "directory for the workbooks, JSON files and the summary")
	fl.IntVar(&f.opts.Parallel, "parallel", 2, "sites scanned at the same time")
	fl.BoolVar(&f.opts.Force, "force", false, "scan again the sites already scanned this month")
	fl.StringVar(&f.asOf, "as-of", "", "evaluation date for every time rule, YYYY-MM-DD (default today in Asia/Shanghai)")
	fl.StringVar(&f.db, "db", "", "the scan history database (default in the user data directory; - for none)")
	fl.StringVar(&f.opts.Scan.ConfigPath, "config", "", "profile (YAML) for the sites whose line names none")
	fl.StringSliceVar(&f.opts.Scan.CalendarPath, "calendar", nil, "extra holiday data (same format as the embedded calendar)")
	fl.Float64Var(&f.opts.Scan.Rate, "rate", 2, "requests per second per host; 0 = unlimited")
	fl.IntVar(&f.opts.Scan.Concurrency, "concurrency", 4, "parallel requests per site")
	fl.IntVar(&f.opts.Scan.MaxPages, "max-pages", 20000, "stop crawling a site after N HTML pages")
	fl.IntVar(&f.opts.Scan.Depth, "depth", 0, "link depth from the start URL; 0 = unlimited")
	fl.StringVar(&f.timeout, "timeout", "15s", "per request (Go duration or seconds)")
	fl.StringVar(&f.maxTime, "max-time", "", "time budget per site; its scan ends cleanly with what it found")
	fl.BoolVar(&f.opts.Scan.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt")
	fl.BoolVar(&f.opts.Scan.AllowPrivate, "allow-private", false, "check off-site links to private or loopback addresses")
	addLinkFlags(cmd, &f.opts.Scan)
	fl.BoolVar(&f.quiet, "quiet", false, "no progress lines on stderr")
	return cmd
}

func runBatch(cmd *cobra.Command, f *batchFlags) error {
	o := f.opts
	var err error
	if o.AsOf, err = parseAsOf(f.asOf); err != nil {
		return err
	}
	if o.Scan.Timeout, err = parseDuration("--timeout", f.timeout); err != nil {
		return err
	}
	if f.maxTime != "" {
		if o.Scan.MaxTime, err = parseDuration("--max-time", f.maxTime); err != nil {
			return err
		}
	}
	switch {
	case o.Scan.Rate < 0:
		return usageErrorf("--rate must be 0 (unlimited) or a positive number of requests per second")
	case o.Scan.Concurrency < 1:
		return usageErrorf("--concurrency must be at least 1")
	case o.Scan.MaxPages < 1:
		return usageErrorf("--max-pages must be at least 1")
	case o.Parallel < 1:
		return usageErrorf("--parallel must be at least 1")
	}
	if err := scan.CheckLinkFlags(&o.Scan); err != nil {
		return mapScanError(err)
	}
	if err := checkDB(f.db); err != nil {
		return err
	}
	if f.db != "-" {
		if o.DBPath, err = historyPath(f.db); err != nil {
			return err
		}
	}
	o.Scan.Version = version
	stderr := cmd.ErrOrStderr()
	if !f.quiet {
		o.Log = stderr
	}
	ctx, stop := interruptContext(cmd.Context())
	defer stop()
	out, err := batch.Run(ctx, o)
	if out != nil && !f.quiet {
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
}
