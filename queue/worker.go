package queue

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivertype"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// WorkerOptions is how `gongkai worker` works the queue.
type WorkerOptions struct {
	// Sites is how many sites are scanned at once.
	Sites int
	// ID names the worker in the database (default host-pid-time).
	ID string
	// Scan holds what every scan shares that is not in a job (Version,
	// RulesPhase…); a job's Settings overwrite the crawl fields.
	Scan scan.Options
	// Record, when set, records a finished scan's history inside the
	// transaction that completes its job.
	Record func(ctx context.Context, tx *sql.Tx, r *report.Report) error
	// Heartbeat is how often a running job and its host lease are renewed
	// (default 15 s); RescueAfter how long a job may go without renewal
	// before another worker takes it over (default 2 min); LeaseWait how long
	// a site whose host is busy waits before it is tried again (30 s).
	Heartbeat, RescueAfter, LeaseWait time.Duration
	// Retry is the wait before a failed site's next attempt, by attempt
	// number (default 1 min, then 5 min).
	Retry func(attempt int) time.Duration
	// StopTimeout is how long a stopping worker lets running scans finish
	// before it cancels them (they go back to the queue). Default 30 s.
	StopTimeout time.Duration
	// Log receives one line per site started and finished (nil: none).
	Log io.Writer
	// RiverLog receives River's own log (nil: none).
	RiverLog *slog.Logger
}

func (o *WorkerOptions) defaults() {
	if o.Sites < 1 {
		o.Sites = 1
	}
	if o.ID == "" {
		host, _ := os.Hostname()
		o.ID = fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().Unix())
	}
	if o.Heartbeat <= 0 {
		o.Heartbeat = 15 * time.Second
	}
	if o.RescueAfter <= 0 {
		o.RescueAfter = 2 * time.Minute
	}
	if o.RescueAfter < 3*o.Heartbeat {
		o.RescueAfter = 3 * o.Heartbeat
	}
	if o.LeaseWait <= 0 {
		o.LeaseWait = 30 * time.Second
	}
	if o.Retry == nil {
		o.Retry = Backoff(time.Minute)
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.RiverLog == nil {
		o.RiverLog = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
}

// worker works ScanArgs jobs.
type worker struct {
	river.WorkerDefaults[ScanArgs]
	q   *Queue
	o   WorkerOptions
	mu  sync.Mutex
	log io.Writer

	// beat is the heartbeat's own connection.
	beat *beatConn

	// hardStop is closed when a stopping worker's StopTimeout is over:
	// the scans still running end and go back to the queue.
	hardStop chan struct{}

	running, done, failed atomic.Int64
	pages, errs           atomic.Int64 // finished scans' totals
	live                  sync.Map     // job id (int64) → *liveJob
}

func (w *worker) logf(format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	fmt.Fprintf(w.log, format, args...)
}

// liveJob is a running scan, as the worker's heartbeat and progress see it.
type liveJob struct {
	pages atomic.Int64
}

// Backoff waits first before a failed site's second attempt and five times
// that before its third.
func Backoff(first time.Duration) func(attempt int) time.Duration {
	return func(attempt int) time.Duration {
		if attempt <= 1 {
			return first
		}
		return 5 * first
	}
}

// retryPolicy waits by attempt, as WorkerOptions.Retry says.
type retryPolicy struct{ wait func(int) time.Duration }

func (p retryPolicy) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(p.wait(job.Attempt))
}

// Work runs the worker until ctx is cancelled (SIGTERM): it then takes no
// new site, lets running scans finish for StopTimeout, cancels the rest
// (they return to the queue) and marks itself stopped.
func (q *Queue) Work(ctx context.Context, o WorkerOptions) error {
	o.defaults()
	w := &worker{q: q, o: o, log: o.Log, hardStop: make(chan struct{})}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, w); err != nil {
		return scan.Failedf("the worker cannot start (%s)", oneLine(err))
	}
	month := 62 * 24 * time.Hour
	client, err := river.NewClient(riverdatabasesql.New(q.db), &river.Config{
		ID:      o.ID,
		Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: o.Sites}},
		Workers: workers,
		// River rescues a running job only when it is older than
		// JobTimeout and RescueStuckJobsAfter; live workers keep their
		// jobs' attempted_at within Heartbeat, so only a dead worker's
		// jobs are ever that old. A scan is bounded by its own --max-time
		// and ignores the job context's timeout (see Work).
		JobTimeout:                  o.RescueAfter - o.Heartbeat,
		RescueStuckJobsAfter:        o.RescueAfter,
		RetryPolicy:                 retryPolicy{o.Retry},
		CompletedJobRetentionPeriod: month,
		CancelledJobRetentionPeriod: month,
		DiscardedJobRetentionPeriod: month,
		FetchPollInterval:           time.Second,
		Logger:                      o.RiverLog,
	})
	if err != nil {
		return scan.Failedf("the worker cannot start (%s)", oneLine(err))
	}
	host, _ := os.Hostname()
	if _, err := q.db.ExecContext(ctx, `INSERT INTO gongkai_workers (id, host, pid, max_sites) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET state = 'running', seen_at = now()`, o.ID, host, os.Getpid(), o.Sites); err != nil {
		return q.connError(err)
	}
	// River's own context must outlive ctx: a SIGTERM stops the worker
	// softly (Stop below), not by cancelling running jobs at once.
	runCtx, cancelRun := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRun()
	if err := client.Start(runCtx); err != nil {
		return scan.Failedf("the worker cannot start (%s)", oneLine(err))
	}
	w.logf("worker %s: scanning up to %d sites at once from %s\n", o.ID, o.Sites, q.host)
	// Heartbeats and progress go over a connection of their own: a pool
	// busy with hundreds of sites' checkpoints and records must not delay
	// a beat until River takes live sites for dead ones.
	w.beat = &beatConn{db: q.db}
	defer w.beat.close()
	go every(runCtx, o.Heartbeat, func() { w.heartbeat(runCtx) })
	tick := time.NewTicker(min(5*time.Second, o.Heartbeat))
	defer tick.Stop()
	last, lastAt := int64(0), time.Now()
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
			pages := w.pagesNow()
			rate := float64(pages-last) / time.Since(lastAt).Seconds()
			last, lastAt = pages, time.Now()
			w.report(runCtx, "running", pages, rate)
		}
	}
	w.logf("worker %s: stopping: no new sites; waiting up to %s for the %d running\n", o.ID, o.StopTimeout, w.running.Load())
	w.report(runCtx, "stopping", w.pagesNow(), 0)
	stopCtx, cancelStop := context.WithTimeout(runCtx, o.StopTimeout)
	defer cancelStop()
	if err := client.Stop(stopCtx); err != nil {
		// Running scans end; their jobs go back to the queue.
		close(w.hardStop)
		hard, cancelHard := context.WithTimeout(runCtx, time.Minute)
		defer cancelHard()
		client.StopAndCancel(hard) //nolint:errcheck // best effort: River rescues what is left
	}
	w.report(runCtx, "stopped", w.pagesNow(), 0)
	return nil
}

func (w *worker) pagesNow() int64 {
	n := w.pages.Load()
	w.live.Range(func(_, v any) bool {
		n += v.(*liveJob).pages.Load()
		return true
	})
	return n
}

func (w *worker) report(ctx context.Context, state string, pages int64, rate float64) {
	w.beat.exec(ctx, `UPDATE gongkai_workers SET state = $2, running = $3, done = $4, failed = $5, pages = $6, pages_per_s = $7, errors = $8, seen_at = now() WHERE id = $1`, //nolint:errcheck // progress only
		w.o.ID, state, w.running.Load(), w.done.Load(), w.failed.Load(), pages, rate, w.errs.Load())
}

// Work scans one site.
func (w *worker) Work(jobCtx context.Context, job *river.Job[ScanArgs]) error {
	a := job.Args
	host := hostOf(a.URL)
	// River ends jobCtx at JobTimeout, which is short (see Work): the
	// database calls around the scan have a deadline of their own, and a
	// database that fails them puts the site back without spending one of
	// its attempts (it is not the site's fault).
	ctx, cancelDB := context.WithTimeout(context.WithoutCancel(jobCtx), dbWait)
	defer cancelDB()
	ok, err := w.lease(ctx, host, job.ID)
	if err != nil {
		return w.dbTrouble(a, err)
	}
	if !ok {
		// Another site on this host is being scanned: wait, without
		// spending an attempt.
		return river.JobSnooze(w.o.LeaseWait)
	}
	defer w.q.db.ExecContext(context.WithoutCancel(ctx), `DELETE FROM gongkai_host_leases WHERE host = $1 AND worker = $2 AND job_id = $3`, host, w.o.ID, job.ID) //nolint:errcheck // expires anyway

	var recorded bool
	if err := w.q.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM gongkai_results WHERE period = $1 AND site = $2)`, a.Period, a.Site).Scan(&recorded); err != nil {
		return w.dbTrouble(a, err)
	}
	if recorded {
		if err := w.complete(ctx, job, nil); err != nil {
			return w.dbTrouble(a, err)
		}
		return nil
	}

	w.running.Add(1)
	defer w.running.Add(-1)
	lj := &liveJob{}
	w.live.Store(job.ID, lj)
	defer w.live.Delete(job.ID)
	pages := &lj.pages

	// The scan runs on its own context, ended only by a hard stop of the
	// worker.
	scanCtx, cancel := context.WithCancelCause(context.WithoutCancel(jobCtx))
	defer cancel(nil)
	go func() {
		select {
		case <-w.hardStop:
			cancel(errStopping)
		case <-scanCtx.Done():
		}
	}()

	w.logf("%s: scanning %s (attempt %d of %d)\n", a.Name, a.URL, job.Attempt, job.MaxAttempts)
	rep, serr := w.scan(scanCtx, a, job.Attempt, pages)
	w.pages.Add(pages.Load())
	// Recording gets a deadline of its own, counted from the scan's end.
	ctx, cancelRecord := context.WithTimeout(context.WithoutCancel(jobCtx), dbWait)
	defer cancelRecord()
	if errors.Is(context.Cause(scanCtx), errStopping) {
		// The worker is stopping: the site goes back to the queue and
		// is scanned again from the start by whoever takes it.
		w.logf("%s: stopped with the worker; back in the queue\n", a.Name)
		// A snooze puts it back at once without spending an attempt.
		return river.JobSnooze(0)
	}
	if serr != nil {
		w.errs.Add(1)
		reason := failureReason(serr)
		permanent := permanentFailure(serr)
		if permanent || job.Attempt >= job.MaxAttempts {
			w.failed.Add(1)
			w.logf("%s: failed: %s\n", a.Name, reason)
			if err := w.recordFailure(ctx, job, reason); err != nil {
				return w.dbTrouble(a, err)
			}
			if permanent {
				return river.JobCancel(errors.New(reason))
			}
			return errors.New(reason)
		}
		w.logf("%s: attempt %d failed (%s); will retry\n", a.Name, job.Attempt, reason)
		return errors.New(reason)
	}
	if err := w.complete(ctx, job, rep); err != nil {
		// Not recorded: the checkpoints stay, so it resumes, not restarts.
		return w.dbTrouble(a, err)
	}
	w.done.Add(1)
	w.logf("%s: score %.1f, %d findings\n", a.Name, rep.Score.Total, len(rep.Findings))
	return nil
}

// dbWait bounds each database step around a scan.
const dbWait = 5 * time.Minute

// dbTrouble puts a site back in the queue for a moment when the database
// failed a step around its scan, without spending an attempt.
func (w *worker) dbTrouble(a ScanArgs, err error) error {
	w.logf("%s: the queue database failed a step (%s); back in the queue for 30 s\n", a.Name, oneLine(err))
	return river.JobSnooze(30 * time.Second)
}

var errStopping = errors.New("工作进程停止，站点退回队列")

// lease takes the host for this job, unless another live job holds it.
func (w *worker) lease(ctx context.Context, host string, jobID int64) (bool, error) {
	ttl := w.o.RescueAfter
	res, err := w.q.db.ExecContext(ctx, `INSERT INTO gongkai_host_leases (host, worker, job_id, expires_at)
		VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
		ON CONFLICT (host) DO UPDATE SET worker = excluded.worker, job_id = excluded.job_id, expires_at = excluded.expires_at
		WHERE gongkai_host_leases.expires_at < now() OR gongkai_host_leases.job_id = excluded.job_id`,
		host, w.o.ID, jobID, ttl.Milliseconds())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// heartbeat keeps the host leases and River's view of every running job
// fresh, in two statements a beat whatever the number of sites (a worker of
// 350 sites must not queue 700 updates behind its connection pool, or a
// slow beat would look like a dead worker). A lease lost to another worker
// (this one was taken for dead, cut off from the database for RescueAfter)
// does not stop the scan: the first of the two to finish records the site,
// the other's result is dropped (results are unique by period and site, and
// a job completes once), so nothing is recorded twice and nothing is lost.
func (w *worker) heartbeat(ctx context.Context) {
	var ids []int64
	w.live.Range(func(k, _ any) bool {
		ids = append(ids, k.(int64))
		return true
	})
	if len(ids) == 0 {
		return
	}
	w.beat.exec(ctx, `UPDATE gongkai_host_leases SET expires_at = now() + $3 * interval '1 millisecond'
		WHERE worker = $1 AND job_id = ANY($2)`, w.o.ID, ids, w.o.RescueAfter.Milliseconds())
	// River rescues running jobs whose attempted_at is older than
	// RescueAfter: a live worker's are kept young.
	w.beat.exec(ctx, `UPDATE river_job SET attempted_at = now() WHERE id = ANY($1) AND state = 'running'`, ids)
}

// beatConn is one connection kept for the heartbeat and progress, taken
// from the pool once and again only if it breaks.
type beatConn struct {
	mu   sync.Mutex
	db   *sql.DB
	conn *sql.Conn
}

// exec runs a statement on the connection; a failure drops it, and the next
// beat takes a new one (an error is only a late beat).
func (b *beatConn) exec(ctx context.Context, query string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn == nil {
		c, err := b.db.Conn(ctx)
		if err != nil {
			return
		}
		b.conn = c
	}
	if _, err := b.conn.ExecContext(ctx, query, args...); err != nil {
		b.conn.Close()
		b.conn = nil
	}
}

func (b *beatConn) close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.conn != nil {
		b.conn.Close()
		b.conn = nil
	}
}

// every calls fn every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// scan runs one site's scan; nothing is written to disk but the scan's own
// temporary files.
func (w *worker) scan(ctx context.Context, a ScanArgs, attempt int, pages *atomic.Int64) (*report.Report, error) {
	so := w.o.Scan
	a.Settings.apply(&so)
	so.Start = a.URL
	asOf, err := calendar.ParseDate(a.AsOf)
	if err != nil {
		return nil, scan.Usagef("the job's as-of date %q is not a date", a.AsOf)
	}
	so.AsOf = asOf
	so.NoOutputs = true
	so.Stdout = io.Discard
	so.Progress = func(s crawl.Stats) { pages.Store(s.Pages) }
	dir, err := os.MkdirTemp("", "gongkai-job-")
	if err != nil {
		return nil, scan.Failedf("cannot create a temporary directory for the scan")
	}
	defer os.RemoveAll(dir)
	// The crawl's snapshot lives in the job's directory and is copied to
	// the database as it grows; a site taken over resumes from it.
	so.SnapshotDir, so.SnapshotName = dir, snapshotName
	so.Resume = w.restoreCheckpoint(ctx, a, dir)
	if so.Resume {
		w.logf("%s: resuming the crawl another worker began\n", a.Name)
	}
	cpCtx, stopCheckpoints := context.WithCancel(ctx)
	defer stopCheckpoints()
	go w.checkpoint(cpCtx, a, attempt, dir)
	if a.Settings.Profile != "" {
		so.ConfigPath = filepath.Join(dir, "profile.yaml")
		if err := os.WriteFile(so.ConfigPath, []byte(a.Settings.Profile), 0o600); err != nil {
			return nil, scan.Failedf("cannot write the site's profile to a temporary file")
		}
	}
	so.CalendarPath = nil
	for i, c := range a.Settings.Calendars {
		p := filepath.Join(dir, fmt.Sprintf("calendar-%d.yaml", i))
		if err := os.WriteFile(p, []byte(c), 0o600); err != nil {
			return nil, scan.Failedf("cannot write a calendar to a temporary file")
		}
		so.CalendarPath = append(so.CalendarPath, p)
	}
	oc, err := scan.Run(ctx, so)
	if err != nil {
		return nil, err
	}
	if oc.Interrupted {
		return nil, ctx.Err()
	}
	return oc.Report, nil
}

// complete records the site and completes its job in one transaction; rep
// nil completes a job whose site another attempt already recorded.
func (w *worker) complete(ctx context.Context, job *river.Job[ScanArgs], rep *report.Report) error {
	// Encoded before the transaction: a connection is held only while
	// the statements run.
	var buf bytes.Buffer
	if rep != nil {
		if err := report.WriteJSON(&buf, rep); err != nil {
			return err
		}
	}
	tx, err := w.q.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	if rep != nil {
		res, err := tx.ExecContext(ctx, `INSERT INTO gongkai_results (period, site, status, reason, report, score, findings, pages, worker, job_id, attempt)
			VALUES ($1, $2, 'done', '', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (period, site) DO NOTHING`,
			job.Args.Period, job.Args.Site, buf.String(), rep.Score.Total, len(rep.Findings), rep.Pages, w.o.ID, job.ID, job.Attempt)
		if err != nil {
			return err
		}
		// Recorded already (a rescued twin finished first): its history
		// stands; this one only completes.
		if n, _ := res.RowsAffected(); n == 1 && w.o.Record != nil {
			if err := w.o.Record(ctx, tx, rep); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM gongkai_checkpoints WHERE period = $1 AND site = $2`, job.Args.Period, job.Args.Site); err != nil {
		return err
	}
	if _, err := river.JobCompleteTx[txOf](ctx, tx, job); err != nil {
		return err
	}
	return tx.Commit()
}

// recordFailure records a site that will not be scanned this period.
func (w *worker) recordFailure(ctx context.Context, job *river.Job[ScanArgs], reason string) error {
	w.q.db.ExecContext(ctx, `DELETE FROM gongkai_checkpoints WHERE period = $1 AND site = $2`, job.Args.Period, job.Args.Site) //nolint:errcheck // a leftover is never resumed once the site is recorded
	_, err := w.q.db.ExecContext(ctx, `INSERT INTO gongkai_results (period, site, status, reason, worker, job_id, attempt)
		VALUES ($1, $2, 'failed', $3, $4, $5, $6) ON CONFLICT (period, site) DO NOTHING`,
		job.Args.Period, job.Args.Site, reason, w.o.ID, job.ID, job.Attempt)
	return err
}

// failureReason is the sentence a scan failed with (scan's errors are
// written for users already).
func failureReason(err error) string {
	var se *scan.Error
	if errors.As(err, &se) {
		return se.Msg
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "扫描超时"
	}
	return "扫描失败"
}

// permanentFailure is a site no retry will fix: its name does not resolve,
// or the job's settings are wrong.
func permanentFailure(err error) bool {
	if errors.Is(err, scan.ErrUsage) {
		return true
	}
	var se *crawl.StartError
	return errors.As(err, &se) && (se.NoSuchHost || se.Usage)
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return strings.ToLower(raw)
	}
	return strings.ToLower(u.Hostname())
}
