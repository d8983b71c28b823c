package queue

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/bench/sitegen"
	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/internal/pgtest"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// testQueue opens a fresh database (internal/pgtest: .ci/run starts the
// server; elsewhere the test is skipped).
func testQueue(t *testing.T) (*Queue, string) {
	t.Helper()
	dsn := pgtest.DSN(t)
	q, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q, dsn
}

// fixture is a synthetic site on loopback under its own host name.
type fixture struct {
	name, host string
	srv        *httptest.Server
	inflight   *atomic.Int64
	spans      *spans
}

// spans records when a host was being crawled, to see two scans overlap.
type spans struct {
	mu          sync.Mutex
	first, last map[string]time.Time
}

func (s *spans) mark(host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if _, ok := s.first[host]; !ok {
		s.first[host] = now
	}
	s.last[host] = now
}

func newFixture(t *testing.T, host string, pages int, sp *spans, slow time.Duration) fixture {
	t.Helper()
	h := sitegen.Site{Pages: pages, PerList: 10, StaticPager: true}
	f := fixture{name: host, inflight: new(atomic.Int64), spans: sp}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if sp != nil {
			sp.mark(r.Host)
		}
		if slow > 0 {
			time.Sleep(slow)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	port := f.srv.URL[strings.LastIndex(f.srv.URL, ":")+1:]
	f.host = host + ":" + port
	return f
}

func (f fixture) site(line int) Site {
	return Site{Line: line, Key: f.host, Name: "站点" + f.name, URL: "http://" + f.host + "/", Unit: "单位" + f.name}
}

func (f fixture) resolve() string { return f.host + ":127.0.0.1" }

const asOf = "2025-11-20"

func enqueue(t *testing.T, q *Queue, fs ...fixture) Enqueued {
	t.Helper()
	var sites []Site
	var resolve []string
	for i, f := range fs {
		sites = append(sites, f.site(i+2))
		resolve = append(resolve, f.resolve())
	}
	settings := make([]Settings, len(sites))
	for i := range settings {
		settings[i] = Settings{Rate: 0, Concurrency: 4, MaxPages: 500, Timeout: 5 * time.Second, Resolve: resolve, NoSearchProbe: true, NoExternal: true}
	}
	res, err := q.Enqueue(context.Background(), "2025-11", asOf, sites, settings)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func testWorker(id string) WorkerOptions {
	return WorkerOptions{Sites: 2, ID: id, Heartbeat: 200 * time.Millisecond, RescueAfter: 2 * time.Second,
		LeaseWait: 100 * time.Millisecond, StopTimeout: 200 * time.Millisecond,
		Retry: func(int) time.Duration { return 50 * time.Millisecond },
		Scan:  scan.Options{Version: "test", SnapshotDir: "-", RetryBackoff: time.Millisecond}}
}

// work runs a worker until stop is called; stop waits for it to end.
func work(t *testing.T, q *Queue, o WorkerOptions) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Work(ctx, o) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("worker %s: %v", o.ID, err)
		}
	}
}

// waitFor polls the period's status until cond holds.
func waitFor(t *testing.T, q *Queue, within time.Duration, cond func([]SiteStatus) bool) []SiteStatus {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		sites, _, err := q.Status(context.Background(), "2025-11")
		if err != nil {
			t.Fatal(err)
		}
		if cond(sites) {
			return sites
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %+v", within, sites)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func allIn(state string) func([]SiteStatus) bool {
	return func(ss []SiteStatus) bool {
		for _, s := range ss {
			if s.State != state {
				return false
			}
		}
		return len(ss) > 0
	}
}

func count(t *testing.T, q *Queue, query string, args ...any) int {
	t.Helper()
	var n int
	if err := q.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// scanHere is what a one-machine scan of f finds.
func scanHere(t *testing.T, f fixture, resolve []string) *report.Report {
	t.Helper()
	day, _ := calendar.ParseDate(asOf)
	o := scan.Options{Start: "http://" + f.host + "/", AsOf: day, NoOutputs: true, Concurrency: 4, MaxPages: 500,
		Timeout: 5 * time.Second, Resolve: resolve, NoSearchProbe: true, NoExternal: true, SnapshotDir: "-", Version: "test"}
	oc, err := scan.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return oc.Report
}

func TestWorkersRecordEachSiteOnceWithTheSameFindings(t *testing.T) {
	q, _ := testQueue(t)
	fs := []fixture{newFixture(t, "a.test", 30, nil, 0), newFixture(t, "b.test", 45, nil, 0), newFixture(t, "c.test", 20, nil, 0)}
	if got := enqueue(t, q, fs...); got.Added != 3 {
		t.Fatalf("first enqueue: %+v", got)
	}
	var recorded atomic.Int64
	o1, o2 := testWorker("w1"), testWorker("w2")
	o1.Record = func(context.Context, *sql.Tx, *report.Report) error { recorded.Add(1); return nil }
	o2.Record = o1.Record
	stop1, stop2 := work(t, q, o1), work(t, q, o2)
	waitFor(t, q, time.Minute, allIn(StateDone))
	stop1()
	stop2()
	if n := recorded.Load(); n != 3 {
		t.Errorf("history recorded %d times, want 3", n)
	}
	if n := count(t, q, `SELECT count(*) FROM gongkai_results`); n != 3 {
		t.Errorf("%d results, want 3", n)
	}
	// Enqueueing the same month again adds nothing.
	if got := enqueue(t, q, fs...); got.Added != 0 || got.Already != 3 {
		t.Errorf("second enqueue: %+v", got)
	}
	if n := count(t, q, `SELECT count(*) FROM river_job`); n != 3 {
		t.Errorf("%d jobs, want 3", n)
	}
	res, err := q.Results(context.Background(), "2025-11")
	if err != nil {
		t.Fatal(err)
	}
	var resolve []string
	for _, f := range fs {
		resolve = append(resolve, f.resolve())
	}
	for i, f := range fs {
		want := scanHere(t, f, resolve)
		got := res[i].Report
		if got == nil || got.Site != want.Site {
			t.Fatalf("result %d: %+v, want site %s", i, res[i].Site, want.Site)
		}
		gj, _ := json.Marshal(got.Findings)
		wj, _ := json.Marshal(want.Findings)
		if string(gj) != string(wj) || got.Score.Total != want.Score.Total {
			t.Errorf("%s: the worker's findings differ from a scan here (%d vs %d)", f.host, len(got.Findings), len(want.Findings))
		}
	}
}

func TestTwoCoordinatorsEnqueueOnce(t *testing.T) {
	q, _ := testQueue(t)
	fs := []fixture{newFixture(t, "a.test", 10, nil, 0), newFixture(t, "b.test", 10, nil, 0)}
	var wg sync.WaitGroup
	var added atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			added.Add(int64(enqueue(t, q, fs...).Added))
		}()
	}
	wg.Wait()
	if added.Load() != 2 || count(t, q, `SELECT count(*) FROM river_job`) != 2 {
		t.Errorf("4 coordinators added %d jobs (%d rows), want 2", added.Load(), count(t, q, `SELECT count(*) FROM river_job`))
	}
}

// Two sites on one host name are never crawled at the same time.
func TestSitesSharingAHostWaitForEachOther(t *testing.T) {
	q, _ := testQueue(t)
	sp := &spans{first: map[string]time.Time{}, last: map[string]time.Time{}}
	a := newFixture(t, "same.test", 25, sp, 5*time.Millisecond)
	b := newFixture(t, "same.test", 25, sp, 5*time.Millisecond)
	enqueue(t, q, a, b)
	stop := work(t, q, testWorker("w1"))
	waitFor(t, q, time.Minute, allIn(StateDone))
	stop()
	fa, la, fb, lb := sp.first[a.host], sp.last[a.host], sp.first[b.host], sp.last[b.host]
	if fa.Before(lb) && fb.Before(la) {
		t.Errorf("same.test crawled twice at once: %s–%s and %s–%s", fa.Format(time.StampMilli), la.Format(time.StampMilli), fb.Format(time.StampMilli), lb.Format(time.StampMilli))
	}
}

// A worker killed mid-scan (its job left running, its lease left behind)
// loses nothing: the site is taken over and recorded once.
func TestDeadWorkersSiteIsRescued(t *testing.T) {
	q, _ := testQueue(t)
	f := newFixture(t, "a.test", 15, nil, 0)
	enqueue(t, q, f)
	// What SIGKILL leaves: the job running, attempted by a worker that
	// no longer renews it, and its host lease.
	if _, err := q.db.Exec(`UPDATE river_job SET state = 'running', attempt = 1, attempted_at = now() - interval '1 hour', attempted_by = ARRAY['dead']`); err != nil {
		t.Fatal(err)
	}
	if _, err := q.db.Exec(`INSERT INTO gongkai_host_leases (host, worker, job_id, expires_at) SELECT 'a.test', 'dead', id, now() + interval '3 seconds' FROM river_job`); err != nil {
		t.Fatal(err)
	}
	stop := work(t, q, testWorker("w2"))
	sites := waitFor(t, q, 2*time.Minute, allIn(StateDone))
	stop()
	if sites[0].Worker != "w2" {
		t.Errorf("recorded by %q, want w2", sites[0].Worker)
	}
	if n := count(t, q, `SELECT count(*) FROM gongkai_results`); n != 1 {
		t.Errorf("%d results, want 1", n)
	}
}

// SIGTERM: running scans that do not finish in time go back to the queue,
// unrecorded, and another worker scans them.
func TestStoppedWorkerPutsSitesBack(t *testing.T) {
	q, _ := testQueue(t)
	f := newFixture(t, "slow.test", 40, nil, 100*time.Millisecond)
	enqueue(t, q, f)
	o := testWorker("w1")
	stop := work(t, q, o)
	waitFor(t, q, 30*time.Second, allIn(StateRunning))
	time.Sleep(300 * time.Millisecond)
	stop()
	sites := waitFor(t, q, 10*time.Second, func(ss []SiteStatus) bool { return ss[0].State == StateWaiting })
	if n := count(t, q, `SELECT count(*) FROM gongkai_results`); n != 0 {
		t.Fatalf("a stopped scan was recorded: %+v", sites)
	}
	stop = work(t, q, testWorker("w2"))
	waitFor(t, q, time.Minute, allIn(StateDone))
	stop()
}

// A site whose start page keeps failing is retried, then recorded as failed
// with its reason; one whose name is unknown fails at once.
func TestFailingSites(t *testing.T) {
	q, _ := testQueue(t)
	var hits atomic.Int64
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Error(w, "down", http.StatusBadGateway)
	}))
	defer bad.Close()
	port := bad.URL[strings.LastIndex(bad.URL, ":")+1:]
	f := fixture{name: "down.test", host: "down.test:" + port}
	enqueue(t, q, f)
	stop := work(t, q, testWorker("w1"))
	sites := waitFor(t, q, time.Minute, allIn(StateFailed))
	stop()
	if !strings.Contains(sites[0].Reason, "502") || sites[0].Attempts != MaxAttempts {
		t.Errorf("failed site: %+v", sites[0])
	}
	if n := count(t, q, `SELECT count(*) FROM gongkai_results WHERE status = 'failed'`); n != 1 {
		t.Errorf("%d failed rows, want 1", n)
	}
}

func TestPermanentFailure(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{scan.Failedf("%w", &crawl.StartError{NoSuchHost: true, Reason: "x"}), true},
		{scan.Failedf("%w", &crawl.StartError{Reason: "502"}), false},
		{scan.Usagef("bad"), true},
		{errors.New("timeout"), false},
	} {
		if got := permanentFailure(tc.err); got != tc.want {
			t.Errorf("permanentFailure(%v) = %v", tc.err, got)
		}
	}
}

func TestOpenUnreachable(t *testing.T) {
	_, err := Open(context.Background(), "postgres://u@127.0.0.1:1/x?connect_timeout=2")
	if !errors.Is(err, scan.ErrFailed) || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("unreachable queue: %v", err)
	}
	_, err = Open(context.Background(), "mysql://x")
	if !errors.Is(err, scan.ErrUsage) {
		t.Errorf("not a postgres URL: %v", err)
	}
}

// A scan longer than River's job timeout (kept short so a dead worker's
// sites are rescued soon) is recorded on its first attempt.
func TestScanLongerThanJobTimeout(t *testing.T) {
	q, _ := testQueue(t)
	f := newFixture(t, "slow.test", 12, nil, 150*time.Millisecond)
	enqueue(t, q, f)
	o := testWorker("w1")
	o.Heartbeat, o.RescueAfter = 100*time.Millisecond, 300*time.Millisecond
	stop := work(t, q, o)
	sites := waitFor(t, q, time.Minute, func(ss []SiteStatus) bool {
		return ss[0].State == StateDone || ss[0].State == StateFailed || ss[0].Attempts > 1
	})
	stop()
	if sites[0].State != StateDone || sites[0].Attempts != 1 {
		t.Errorf("a scan longer than the job timeout: %+v", sites[0])
	}
}

// A site taken over from a worker that stopped (or died) mid-crawl resumes
// from the checkpoints in the database: pages fetched before are not
// fetched again, and the findings are a one-machine scan's.
func TestTakenOverSiteResumesItsCrawl(t *testing.T) {
	q, _ := testQueue(t)
	var hits sync.Map
	h := sitegen.Site{Pages: 60, PerList: 10, StaticPager: true}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int64))
		n.(*atomic.Int64).Add(1)
		time.Sleep(150 * time.Millisecond)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	f := fixture{name: "resume.test", host: "resume.test:" + port}
	enqueue(t, q, f)
	o := testWorker("w1")
	stop := work(t, q, o)
	// Wait for a few checkpoints, then stop the worker hard.
	deadline := time.Now().Add(30 * time.Second)
	for count(t, q, `SELECT count(*) FROM gongkai_checkpoints`) < 3 {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoints written")
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if n := count(t, q, `SELECT count(*) FROM gongkai_results`); n != 0 {
		t.Fatalf("the stopped scan was recorded")
	}
	var log lockedBuffer
	o2 := testWorker("w2")
	o2.Log = &log
	first := map[string]int64{}
	hits.Range(func(k, v any) bool { first[k.(string)] = v.(*atomic.Int64).Load(); return true })
	stop = work(t, q, o2)
	waitFor(t, q, time.Minute, allIn(StateDone))
	stop()
	if !strings.Contains(log.String(), "resuming") {
		t.Errorf("the second worker did not resume: %s", log.String())
	}
	again, pages := 0, 0
	hits.Range(func(_, v any) bool {
		pages++
		if v.(*atomic.Int64).Load() > 1 {
			again++
		}
		return true
	})
	// Without resuming, every page the first worker fetched is fetched
	// again; resumed, only those after its last flushed checkpoint.
	if saved := len(first) - again; saved < len(first)/3 {
		t.Errorf("%d of the %d pages the first worker fetched were fetched again (%d pages in all): the crawl was not resumed", again, len(first), pages)
	}
	if n := count(t, q, `SELECT count(*) FROM gongkai_checkpoints`); n != 0 {
		t.Errorf("%d checkpoints left after the site was recorded", n)
	}
	res, err := q.Results(context.Background(), "2025-11")
	if err != nil {
		t.Fatal(err)
	}
	want := scanHere(t, f, []string{f.resolve()})
	gj, _ := json.Marshal(res[0].Report.Findings)
	wj, _ := json.Marshal(want.Findings)
	if string(gj) != string(wj) {
		t.Errorf("a resumed crawl's findings differ from a one-machine scan's (%d vs %d)", len(res[0].Report.Findings), len(want.Findings))
	}
}

// A live worker's heartbeat keeps its running jobs young for River's
// rescuer and its host leases from expiring.
func TestHeartbeatKeepsRunningJobsAlive(t *testing.T) {
	q, _ := testQueue(t)
	f := newFixture(t, "beat.test", 30, nil, 100*time.Millisecond)
	enqueue(t, q, f)
	o := testWorker("w1")
	o.Heartbeat, o.RescueAfter = 100*time.Millisecond, 300*time.Millisecond
	stop := work(t, q, o)
	defer stop()
	waitFor(t, q, 30*time.Second, allIn(StateRunning))
	time.Sleep(time.Second) // longer than RescueAfter
	var age, left float64
	if err := q.db.QueryRow(`SELECT extract(epoch FROM now() - attempted_at) FROM river_job`).Scan(&age); err != nil {
		t.Fatal(err)
	}
	if err := q.db.QueryRow(`SELECT extract(epoch FROM expires_at - now()) FROM gongkai_host_leases`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if age > 0.3 || left <= 0 {
		t.Errorf("after 1 s of scanning: the job was attempted %.2f s ago, the lease has %.2f s left; want < 0.3 s and > 0", age, left)
	}
}

// A queue set up by a newer gongkai is refused, naming both versions; one of
// this version opens again as it is.
func TestQueueSchemaVersions(t *testing.T) {
	q, dsn := testQueue(t)
	again, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	again.Close()
	if _, err := q.db.Exec(`UPDATE gongkai_queue_schema SET version = 99`); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), dsn)
	if !errors.Is(err, scan.ErrFailed) || !strings.Contains(err.Error(), "99") || !strings.Contains(err.Error(), "newer gongkai") {
		t.Errorf("a newer queue schema: %v", err)
	}
}

// Status shows a worker silent for two minutes as lost, and one silent for
// a day not at all.
func TestWorkerStates(t *testing.T) {
	q, _ := testQueue(t)
	if _, err := q.db.Exec(`INSERT INTO gongkai_workers (id, host, pid, max_sites, seen_at) VALUES
		('fresh', 'h', 1, 1, now()), ('silent', 'h', 2, 1, now() - interval '5 minutes'), ('old', 'h', 3, 1, now() - interval '2 days')`); err != nil {
		t.Fatal(err)
	}
	_, ws, err := q.Status(context.Background(), "2025-11")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, w := range ws {
		got[w.ID] = w.State
	}
	if len(got) != 2 || got["fresh"] != "running" || got["silent"] != "lost" {
		t.Errorf("workers: %v", got)
	}
}

// A database that fails a step around a scan puts the site back without
// spending one of its attempts; once it answers again the site is done.
func TestDatabaseTroubleSpendsNoAttempt(t *testing.T) {
	q, _ := testQueue(t)
	f := newFixture(t, "a.test", 10, nil, 0)
	enqueue(t, q, f)
	if _, err := q.db.Exec(`ALTER TABLE gongkai_results RENAME TO gongkai_results_away`); err != nil {
		t.Fatal(err)
	}
	var log lockedBuffer
	o := testWorker("w1")
	o.Log = &log
	stop := work(t, q, o)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(log.String(), "back in the queue") {
		if time.Now().After(deadline) {
			t.Fatalf("no database trouble seen: %s", log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	if n := count(t, q, `SELECT attempt FROM river_job`); n != 0 {
		t.Errorf("the database's trouble spent %d attempts of the site", n)
	}
	if _, err := q.db.Exec(`ALTER TABLE gongkai_results_away RENAME TO gongkai_results; UPDATE river_job SET scheduled_at = now(), state = 'available'`); err != nil {
		t.Fatal(err)
	}
	stop = work(t, q, testWorker("w2"))
	waitFor(t, q, time.Minute, allIn(StateDone))
	stop()
}

// lockedBuffer is a log the worker writes while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
