package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/batch"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/queue"
)

// batchReportOptions is what `gongkai batch report` was told.
type batchReportOptions struct {
	env    cmdEnv
	Queue  string
	Period string
	Out    string
	HTML   bool
	Quiet  bool
}

func newBatchReportCmd(runF func(*batchReportOptions) error) *cobra.Command {
	opts := &batchReportOptions{}
	cmd := &cobra.Command{
		Use:   "report --queue postgres://… --out DIR",
		Short: "Write the month's 月度通报 and each site's 整改清单 and JSON from the queue's database",
		Long: "report writes into --out what a one-machine batch writes: each recorded site's JSON\n" +
			"(as its worker wrote it) and 整改清单 (keeping what the office typed in the one it\n" +
			"replaces), and the ranked 月度通报 with the score trend from the shared history.\n" +
			"Sites not done yet are listed in the 月度通报 as waiting; run it again later.",
		Example: "  gongkai batch report --queue postgres://monitor@db/gongkai --out 2026-12/",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runBatchReport(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Queue, "queue", "", "the queue database (postgres://…)")
	fl.StringVar(&opts.Period, "period", "", "the month, YYYY-MM (default the newest enqueued)")
	fl.StringVar(&opts.Out, "out", ".", "directory for the workbooks, JSON files and the summary")
	fl.BoolVar(&opts.HTML, "html", false, "also write the 月度通报 as one HTML file")
	fl.BoolVar(&opts.Quiet, "quiet", false, "no summary on stderr")
	return cmd
}

func runBatchReport(opts *batchReportOptions) error {
	ctx := opts.env.ctx
	q, period, err := openQueuePeriod(ctx, opts.Queue, opts.Period, "gongkai batch report --queue postgres://user@host/db --out DIR")
	if err != nil {
		return err
	}
	defer q.Close()
	return writeQueueReport(ctx, q, opts.Queue, period, opts.Out, opts.HTML, opts.env.errOut, opts.Quiet)
}

// writeQueueReport writes the period's outputs from the queue's database.
func writeQueueReport(ctx context.Context, q *queue.Queue, queueURL, period, out string, html bool, stderr io.Writer, quiet bool) error {
	results, err := q.Results(ctx, period)
	if err != nil {
		return mapScanError(err)
	}
	recs := make([]batch.Recorded, len(results))
	asOf := period + "-01"
	for i, r := range results {
		s := r.Site
		recs[i] = batch.Recorded{Site: batch.Site{Line: s.Line, Name: s.Name, URL: s.URL, Unit: s.Unit, Key: s.Site}}
		asOf = max(asOf, s.AsOf)
		switch s.State {
		case queue.StateDone:
			recs[i].Status, recs[i].Report, recs[i].JSON = batch.StatusDone, r.Report, r.JSON
		case queue.StateFailed:
			recs[i].Status, recs[i].Err = batch.StatusFailed, s.Reason
		default:
			recs[i].Status = batch.StatusWaiting
		}
	}
	h, err := openHistory(ctx, q, queueURL)
	if err != nil {
		return err
	}
	defer h.Close()
	o := batch.ReportOptions{OutDir: out, Period: period, AsOf: asOf, HTML: html, Trend: trendFrom(ctx, h)}
	res, err := batch.WriteReports(o, recs)
	if err != nil {
		return mapScanError(err)
	}
	if !quiet {
		summarizeBatch(stderr, res)
		for _, r := range res.Results {
			if r.Warning != "" {
				fmt.Fprintf(stderr, "gongkai: warning: %s: %s\n", r.Site.Name, r.Warning)
			}
		}
	}
	return nil
}

// trendFrom reads the score trend from the shared history.
func trendFrom(ctx context.Context, h *history.DB) batch.TrendLoader {
	return func(site string, months int) ([]history.Month, error) { return h.Load(ctx, site, months) }
}
