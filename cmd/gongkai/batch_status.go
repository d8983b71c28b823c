package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/queue"
)

// batchStatusOptions is what `gongkai batch status` was told.
type batchStatusOptions struct {
	env    cmdEnv
	Queue  string
	Period string
	JSON   bool
	All    bool
}

func newBatchStatusCmd(runF func(*batchStatusOptions) error) *cobra.Command {
	opts := &batchStatusOptions{}
	cmd := &cobra.Command{
		Use:   "status --queue postgres://…",
		Short: "Where each site of the month stands in the queue: done, running, waiting, failed",
		Long: "status reads the queue that batch --queue filled: per site whether it is done (with\n" +
			"its score), running (on which worker), waiting, to be retried or failed (with the\n" +
			"reason), and what each worker last reported (sites running, pages/s, errors).\n" +
			"Only the sites not done are listed unless --all.",
		Example: "  gongkai batch status --queue postgres://monitor@db/gongkai\n" +
			"  gongkai batch status --queue postgres://monitor@db/gongkai --period 2026-12 --json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runBatchStatus(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Queue, "queue", "", "the queue database (postgres://…)")
	fl.StringVar(&opts.Period, "period", "", "the month, YYYY-MM (default the newest enqueued)")
	fl.BoolVar(&opts.JSON, "json", false, "print sites and workers as JSON")
	fl.BoolVar(&opts.All, "all", false, "list the sites done too")
	return cmd
}

func runBatchStatus(opts *batchStatusOptions) error {
	ctx := opts.env.ctx
	q, period, err := openQueuePeriod(ctx, opts.Queue, opts.Period, "gongkai batch status --queue postgres://user@host/db")
	if err != nil {
		return err
	}
	defer q.Close()
	sites, workers, err := q.Status(ctx, period)
	if err != nil {
		return mapScanError(err)
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.env.out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"period": period, "sites": sites, "workers": workers})
	}
	printStatus(opts.env.out, period, sites, workers, opts.All)
	return nil
}

func printStatus(w io.Writer, period string, sites []queue.SiteStatus, workers []queue.WorkerStatus, all bool) {
	c := countStates(sites)
	fmt.Fprintf(w, "%s: %d sites: %d done, %d running, %d waiting, %d to retry, %d failed\n", period, len(sites),
		c[queue.StateDone], c[queue.StateRunning], c[queue.StateWaiting], c[queue.StateRetrying], c[queue.StateFailed])
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	listed := 0
	for _, s := range sites {
		if s.State == queue.StateDone && !all {
			continue
		}
		if listed == 0 {
			fmt.Fprintln(tw, "\n名称\t网址\t状态\t尝试\t说明")
		}
		listed++
		note := s.Reason
		switch {
		case s.State == queue.StateDone && s.Score != nil:
			note = fmt.Sprintf("得分 %.1f，%d 条问题，%d 页", *s.Score, *s.Findings, *s.Pages)
		case s.State == queue.StateRunning:
			note = "工作进程 " + s.Worker
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", s.Name, s.URL, stateName[s.State], s.Attempts, note)
	}
	tw.Flush()
	if len(workers) == 0 {
		fmt.Fprintln(w, "\nno worker has run yet: gongkai worker --queue URL --sites 200")
		return
	}
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nworker\tstate\tsites running\tdone\tfailed\tpages\tpages/s\terrors\tlast seen")
	for _, wk := range workers {
		fmt.Fprintf(tw, "%s\t%s\t%d/%d\t%d\t%d\t%d\t%.1f\t%d\t%s ago\n", wk.ID, wk.State, wk.Running, wk.MaxSites, wk.Done, wk.Failed,
			wk.Pages, wk.PagesPerS, wk.Errors, time.Since(wk.SeenAt).Round(time.Second))
	}
	tw.Flush()
}

var stateName = map[string]string{
	queue.StateDone: "已完成", queue.StateRunning: "扫描中", queue.StateWaiting: "等待中",
	queue.StateRetrying: "待重试", queue.StateFailed: "失败",
}
