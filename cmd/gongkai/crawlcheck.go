package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/scan"
)

// crawlOptions is what `gongkai crawl` was told on its command line.
type crawlOptions struct {
	env    cmdEnv
	Start  string
	Output string // -o, the snapshot to write
	Config string
	Crawl  crawlFlags
	Quiet  bool
}

// newCrawlCmd builds `gongkai crawl`; runF, when not nil, runs instead of
// runCrawl.
func newCrawlCmd(runF func(*crawlOptions) error) *cobra.Command {
	opts := &crawlOptions{}
	cmd := &cobra.Command{
		Use:   "crawl URL -o FILE",
		Short: "Crawl only, and save a snapshot that `gongkai check` replays offline",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("crawl needs one URL, e.g. gongkai crawl https://www.example.gov.cn/ -o site.snap")
			}
			if opts.Output == "" {
				return usageErrorf("crawl needs -o FILE, the snapshot to write")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Start = args[0]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runCrawl(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Output, "output", "o", "", "the snapshot file to write")
	fl.StringVar(&opts.Config, "config", "", "site profile (YAML): extra hosts, rules not applicable, calendar")
	opts.Crawl.register(fl, oneSite)
	fl.BoolVar(&opts.Quiet, "quiet", false, "no progress output on stderr")
	return cmd
}

func runCrawl(opts *crawlOptions) error {
	o := scan.Options{ConfigPath: opts.Config, Start: opts.Start}
	if err := opts.Crawl.apply(&o); err != nil {
		return err
	}
	o.Version = version
	stderr := opts.env.errOut
	var prog *progress
	if !opts.Quiet {
		prog = newProgress(stderr)
		o.Progress = prog.update
	}
	ctx, stop := interruptContext(opts.env.ctx)
	defer stop()
	s, err := scan.Crawl(ctx, o, opts.Output)
	if prog != nil {
		prog.done()
	}
	if err != nil {
		return mapScanError(err)
	}
	if !opts.Quiet {
		state := "complete"
		if !s.Complete {
			state = "INCOMPLETE: " + s.StopReason
		}
		fmt.Fprintf(stderr, "crawled %s: %d pages, %d links, %d attachments (%s)\nwrote %s\n",
			s.Start, len(s.Pages), len(s.Resources), len(s.Attachments), state, opts.Output)
	}
	if !s.Complete && ctx.Err() != nil {
		return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted; the snapshot %s is partial", opts.Output)}
	}
	return nil
}

// checkOptions is what `gongkai check` was told on its command line.
type checkOptions struct {
	env      cmdEnv
	Snapshot string
	Config   string
	// Start is --start, the start URL of a WARC replay (default: the one
	// the archive names).
	Start string
	// WARC is --warc: for a snapshot's --screenshots, the web archive the
	// same crawl wrote (a snapshot holds no page bodies).
	WARC   string
	Output outputFlags
	Quiet  bool
	Shots  shotFlags
}

// newCheckCmd builds `gongkai check`; runF, when not nil, runs instead of
// runCheck.
func newCheckCmd(runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Run the rules on a snapshot saved by `gongkai crawl`, or on a WARC archive (same outputs as scan)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("check needs one snapshot file, e.g. gongkai check site.snap")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Snapshot = args[0]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runCheck(opts)
		},
	}
	opts.Output.register(cmd.Flags())
	cmd.Flags().StringVar(&opts.Config, "config", "", "site profile (YAML)")
	cmd.Flags().StringVar(&opts.Start, "start", "", "a WARC's start URL (default: the one it names, else its first HTML page)")
	cmd.Flags().BoolVar(&opts.Quiet, "quiet", false, "no summary on stderr")
	cmd.Flags().StringVar(&opts.WARC, "warc", "", "with a snapshot and --screenshots: the WARC the same crawl wrote (crawl --warc); the pages are rendered from it, nothing is fetched")
	opts.Shots.register(cmd.Flags())
	return cmd
}

func runCheck(opts *checkOptions) error {
	o := scan.Options{ConfigPath: opts.Config}
	if err := opts.Output.apply(&o); err != nil {
		return err
	}
	o.Version = version
	o.Stdout = opts.env.out
	o.RulesPhase = rulesPhaseAlone
	if err := checkDB(opts.Output.DB); err != nil {
		return err
	}
	// Crawl settings do not apply; keep prepare's checks satisfied.
	o.Concurrency, o.MaxPages, o.Timeout = 1, 1, 1
	stderr := opts.env.errOut
	var out *scan.Outcome
	var err error
	// A snapshot holds no pages to render: scan.Check refuses --screenshots
	// with the reason, before reading it, unless --warc gives the crawl's
	// archive to render them from.
	o.ScreenshotDir = opts.Shots.Dir
	o.ShotsWARC = opts.WARC
	isWARC := scan.IsWARC(opts.Snapshot)
	switch {
	case isWARC && opts.WARC != "":
		return usageErrorf("--warc applies to a snapshot; %s is a WARC archive already, rendered by --screenshots DIR alone", opts.Snapshot)
	case !isWARC && opts.Start != "":
		return usageErrorf("--start applies to a WARC archive only; a snapshot knows its start URL")
	}
	ctx := opts.env.ctx
	// Pages rendered from a web archive — the input itself, or the
	// snapshot's crawl's (--warc) — through a loopback proxy answering
	// from it: nothing is fetched. Both take time: Ctrl-C ends them.
	if isWARC || (opts.Shots.Dir != "" && opts.WARC != "") {
		o.Notice = func(msg string) { fmt.Fprintln(stderr, msg) }
		browser, berr := opts.Shots.browser(&o, o.Notice, "")
		if berr != nil {
			return berr
		}
		if browser != nil {
			defer browser.Close()
		}
		var stop func()
		ctx, stop = interruptContext(opts.env.ctx)
		defer stop()
	}
	if isWARC {
		// A web archive: the crawl runs against it (see scan.CheckWARC).
		o.Start = opts.Start
		out, err = scan.CheckWARC(ctx, o, opts.Snapshot)
	} else {
		out, err = scan.Check(ctx, o, opts.Snapshot)
	}
	if err != nil {
		return mapScanError(err)
	}
	recordHistory(stderr, opts.Output.DB, out)
	if !opts.Quiet {
		summarize(stderr, out)
	}
	printCarry(stderr, out, opts.Quiet)
	if out.FailOnMet {
		return &exitError{code: exitFailOn, err: fmt.Errorf("findings at or above --fail-on %s", o.FailOn)}
	}
	return nil
}
