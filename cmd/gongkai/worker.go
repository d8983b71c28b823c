package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/queue"
)

// workerOptions is what `gongkai worker` was told on its command line.
type workerOptions struct {
	env         cmdEnv
	Queue       string
	Sites       int
	ID          string
	StopTimeout string
	Quiet       bool
	// Heartbeat and RescueAfter are hidden: tests and the fleet benchmark
	// shorten how soon a dead worker's sites are taken over.
	Heartbeat, RescueAfter, LeaseWait, RetryWait string
}

// newWorkerCmd builds `gongkai worker`; runF, when not nil, runs instead of
// runWorker.
func newWorkerCmd(runF func(*workerOptions) error) *cobra.Command {
	opts := &workerOptions{}
	cmd := &cobra.Command{
		Use:   "worker --queue postgres://…",
		Short: "Scan the sites enqueued by batch --queue, many at once, on this machine",
		Long: "worker takes sites from the queue that `gongkai batch SITES.csv --queue URL` filled\n" +
			"(River on PostgreSQL) and scans up to --sites of them at once, each paced as the batch\n" +
			"said. Each site's report and history go into the database with the job's completion,\n" +
			"so a site is recorded exactly once however many workers run, on however many machines.\n" +
			"A host is never crawled by two workers at once. A worker that dies loses nothing: its\n" +
			"sites are taken over by another after about two minutes. SIGTERM (or Ctrl-C) stops\n" +
			"taking sites, lets the running ones finish for --stop-timeout, puts the rest back in\n" +
			"the queue and exits.",
		Example: "  gongkai worker --queue postgres://monitor@db/gongkai --sites 200",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 {
				return usageErrorf("worker takes no arguments; the sites come from the queue: gongkai worker --queue postgres://…")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runWorker(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Queue, "queue", "", "the queue database (postgres://user@host:port/db)")
	fl.IntVar(&opts.Sites, "sites", 20, "sites scanned at the same time")
	fl.StringVar(&opts.ID, "id", "", "this worker's name in batch status (default host-pid-time)")
	fl.StringVar(&opts.StopTimeout, "stop-timeout", "30s", "on SIGTERM, how long running scans may finish before they go back to the queue")
	fl.BoolVar(&opts.Quiet, "quiet", false, "no progress lines on stderr")
	fl.StringVar(&opts.Heartbeat, "heartbeat", "15s", "how often running sites are renewed")
	fl.StringVar(&opts.RescueAfter, "rescue-after", "2m", "a site not renewed for this long is taken over by another worker")
	fl.StringVar(&opts.LeaseWait, "lease-wait", "30s", "how long a site whose host is busy waits")
	fl.StringVar(&opts.RetryWait, "retry-wait", "1m", "wait before a failed site's second attempt (five times that before the third)")
	for _, f := range []string{"heartbeat", "rescue-after", "lease-wait", "retry-wait"} {
		fl.MarkHidden(f) //nolint:errcheck // the flags exist
	}
	return cmd
}

func runWorker(opts *workerOptions) error {
	if err := checkQueueURL(opts.Queue, "gongkai worker --queue postgres://user@host/db"); err != nil {
		return err
	}
	if opts.Sites < 1 {
		return usageErrorf("--sites must be at least 1")
	}
	o := queue.WorkerOptions{Sites: opts.Sites, ID: opts.ID}
	for _, d := range []struct {
		flag, val string
		to        *time.Duration
	}{
		{"--stop-timeout", opts.StopTimeout, &o.StopTimeout}, {"--heartbeat", opts.Heartbeat, &o.Heartbeat},
		{"--rescue-after", opts.RescueAfter, &o.RescueAfter}, {"--lease-wait", opts.LeaseWait, &o.LeaseWait},
	} {
		v, err := parseDuration(d.flag, d.val)
		if err != nil {
			return err
		}
		*d.to = v
	}
	retry, err := parseDuration("--retry-wait", opts.RetryWait)
	if err != nil {
		return err
	}
	o.Retry = queue.Backoff(retry)
	o.Scan.Version = version
	if !opts.Quiet {
		o.Log = opts.env.errOut
	}
	ctx, stop := interruptContextSaying(opts.env.ctx, "stopping: no new sites; the running ones finish or go back to the queue (Ctrl-C again to quit now)")
	defer stop()
	q, err := openQueue(ctx, opts.Queue)
	if err != nil {
		return err
	}
	defer q.Close()
	h, err := openHistory(ctx, q, opts.Queue)
	if err != nil {
		return err
	}
	defer h.Close()
	o.Record = h.RecordTx
	if err := q.Work(ctx, o); err != nil {
		return mapScanError(err)
	}
	if !opts.Quiet {
		fmt.Fprintln(opts.env.errOut, "worker: stopped")
	}
	return nil
}

// checkQueueURL refuses a missing or non-PostgreSQL --queue before anything
// else; example is the command line to show.
func checkQueueURL(raw, example string) error {
	switch {
	case raw == "":
		return usageErrorf("this needs the queue: %s", example)
	case !queue.IsURL(raw):
		return usageErrorf("--queue %q is not a PostgreSQL address; write it like postgres://user@db.example:5432/gongkai", queue.Redact(raw))
	}
	return nil
}

// openQueue connects to the queue (exit 3 naming host:port when it cannot).
func openQueue(ctx context.Context, raw string) (*queue.Queue, error) {
	q, err := queue.Open(ctx, raw)
	if err != nil {
		return nil, mapScanError(err)
	}
	return q, nil
}

// openQueuePeriod opens the queue and settles the month to read (--period,
// else the newest enqueued).
func openQueuePeriod(ctx context.Context, raw, period, example string) (*queue.Queue, string, error) {
	if err := checkQueueURL(raw, example); err != nil {
		return nil, "", err
	}
	q, err := openQueue(ctx, raw)
	if err != nil {
		return nil, "", err
	}
	if period, err = q.ResolvePeriod(ctx, period); err != nil {
		q.Close()
		return nil, "", mapScanError(err)
	}
	return q, period, nil
}

// openHistory opens the shared history in the queue's database, through the
// queue's pool: workers record each scan there, inside the transaction that
// completes its job, and batch report reads the trend from it.
func openHistory(ctx context.Context, q *queue.Queue, queueURL string) (*history.DB, error) {
	h, err := history.OpenPool(ctx, queueURL, q.DB())
	if err != nil {
		return nil, historyError(err)
	}
	return h, nil
}
