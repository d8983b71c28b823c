package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/scan"
)

func newCrawlCmd() *cobra.Command {
	f := &scanFlags{}
	var out string
	cmd := &cobra.Command{
		Use:   "crawl URL -o FILE",
		Short: "Crawl only, and save a snapshot that `gongkai check` replays offline",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("crawl needs one URL, e.g. gongkai crawl https://www.example.gov.cn/ -o site.snap")
			}
			if out == "" {
				return usageErrorf("crawl needs -o FILE, the snapshot to write")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o := f.opts
			o.Start = args[0]
			var err error
			if o.Timeout, err = parseDuration("--timeout", f.timeout); err != nil {
				return err
			}
			if f.maxTime != "" {
				if o.MaxTime, err = parseDuration("--max-time", f.maxTime); err != nil {
					return err
				}
			}
			o.Version = version
			stderr := cmd.ErrOrStderr()
			var prog *progress
			if !f.quiet {
				prog = newProgress(stderr)
				o.Progress = prog.update
			}
			ctx, stop := interruptContext(cmd.Context())
			defer stop()
			s, err := scan.Crawl(ctx, o, out)
			if prog != nil {
				prog.done()
			}
			if err != nil {
				return mapScanError(err)
			}
			if !f.quiet {
				state := "complete"
				if !s.Complete {
					state = "INCOMPLETE: " + s.StopReason
				}
				fmt.Fprintf(stderr, "crawled %s: %d pages, %d links, %d attachments (%s)\nwrote %s\n",
					s.Start, len(s.Pages), len(s.Resources), len(s.Attachments), state, out)
			}
			if !s.Complete && ctx.Err() != nil {
				return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted; the snapshot %s is partial", out)}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&out, "output", "o", "", "the snapshot file to write")
	addCrawlFlags(cmd, f)
	return cmd
}

func newCheckCmd() *cobra.Command {
	f := &scanFlags{}
	cmd := &cobra.Command{
		Use:   "check FILE",
		Short: "Run the rules on a snapshot saved by `gongkai crawl` (same outputs as scan)",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("check needs one snapshot file, e.g. gongkai check site.snap")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			o := f.opts
			var err error
			if o.AsOf, err = parseAsOf(f.asOf); err != nil {
				return err
			}
			o.Version = version
			o.Stdout = cmd.OutOrStdout()
			if err := checkDB(f.db); err != nil {
				return err
			}
			// Crawl settings do not apply; keep prepare's checks satisfied.
			o.Concurrency, o.MaxPages, o.Timeout = 1, 1, 1
			out, err := scan.Check(cmd.Context(), o, args[0])
			if err != nil {
				return mapScanError(err)
			}
			recordHistory(cmd.ErrOrStderr(), f.db, out)
			if !f.quiet {
				summarize(cmd.ErrOrStderr(), out)
			}
			printCarry(cmd.ErrOrStderr(), out, f.quiet)
			if out.FailOnMet {
				return &exitError{code: exitFailOn, err: fmt.Errorf("findings at or above --fail-on %s", o.FailOn)}
			}
			return nil
		},
	}
	addOutputFlags(cmd, f)
	cmd.Flags().StringVar(&f.opts.ConfigPath, "config", "", "site profile (YAML)")
	cmd.Flags().BoolVar(&f.quiet, "quiet", false, "no summary on stderr")
	return cmd
}
