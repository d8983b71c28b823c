package main

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gongkai/gongkai/bench/sitegen"
	"github.com/gongkai/gongkai/internal/pgtest"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/report"
)

// executeCtx is runCLI without stdout.
func executeCtx(ctx context.Context, args ...string) (string, int) {
	_, stderr, code := runCLI(ctx, args...)
	return stderr, code
}

// queueSites writes SITES.csv for two synthetic sites, each under its own
// host name answered on loopback, and returns it with the --resolve flags.
func queueSites(t *testing.T) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	csv := "名称,URL,单位\n"
	var flags []string
	for i, pages := range []int{30, 45} {
		srv := httptest.NewServer(sitegen.Site{Pages: pages, PerList: 10, StaticPager: true})
		t.Cleanup(srv.Close)
		port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
		host := []string{"a", "b"}[i] + ".bench.test:" + port
		csv += "站点" + host + ",http://" + host + "/,单位\n"
		flags = append(flags, "--resolve", host+":127.0.0.1")
	}
	path := filepath.Join(dir, "sites.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, flags
}

// The monthly run through the queue: enqueue, a worker, status, the
// reports — the same findings as a one-machine batch, the history shared.
func TestBatchThroughQueue(t *testing.T) {
	dsn := pgtest.DSN(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	sites, resolve := queueSites(t)
	common := append([]string{"--rate", "0", "--as-of", "2025-11-20", "--quiet", "--no-external", "--no-search-probe"}, resolve...)
	ctx := context.Background()

	stderr, code := executeCtx(ctx, append([]string{"batch", sites, "--queue", dsn, "--detach"}, common...)...)
	if code != 0 || !strings.Contains(stderr, "2 added") {
		t.Fatalf("enqueue: exit %d: %s", code, stderr)
	}
	wctx, stopWorker := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if stderr, code := executeCtx(wctx, "worker", "--queue", dsn, "--sites", "2", "--quiet", "--heartbeat", "200ms", "--stop-timeout", "1s"); code != 0 {
			t.Errorf("worker: exit %d: %s", code, stderr)
		}
	}()
	// Enqueueing again adds nothing; without --detach it follows the
	// sites to the end and writes the reports.
	outQ := t.TempDir()
	stderr, code = executeCtx(ctx, append([]string{"batch", sites, "--queue", dsn, "--out", outQ}, common...)...)
	stopWorker()
	wg.Wait()
	if code != 0 || !strings.Contains(stderr, "0 added, 2 already there") {
		t.Fatalf("batch --queue: exit %d: %s", code, stderr)
	}
	stdout, _, code := execute(t, "batch", "status", "--queue", dsn, "--json")
	var st struct {
		Sites []struct{ State string }
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &st) != nil || len(st.Sites) != 2 || st.Sites[0].State != "done" || st.Sites[1].State != "done" {
		t.Fatalf("status: exit %d: %s", code, stdout)
	}
	out1 := t.TempDir()
	if _, stderr, code := execute(t, append([]string{"batch", sites, "--out", out1, "--db", "-"}, common...)...); code != 0 {
		t.Fatalf("one-machine batch: exit %d: %s", code, stderr)
	}
	jsons, _ := filepath.Glob(filepath.Join(out1, "*.json"))
	if len(jsons) != 2 {
		t.Fatalf("one-machine batch wrote %v", jsons)
	}
	for _, j := range jsons {
		want, got := testkit.ReadJSON[report.Report](t, j), testkit.ReadJSON[report.Report](t, filepath.Join(outQ, filepath.Base(j)))
		wj, _ := json.Marshal(want.Findings)
		gj, _ := json.Marshal(got.Findings)
		if string(wj) != string(gj) || want.Score.Total != got.Score.Total {
			t.Errorf("%s: the queue's findings differ from a one-machine batch", filepath.Base(j))
		}
	}
	for _, f := range []string{"月度通报-2025-11.xlsx"} {
		if _, err := os.Stat(filepath.Join(outQ, f)); err != nil {
			t.Errorf("batch report: %v", err)
		}
	}
	// The workers recorded the history in the queue's database.
	host := strings.TrimPrefix(strings.Split(resolve[1], ":127")[0], "")
	if stdout, stderr, code := execute(t, "history", host, "--db", dsn, "--json"); code != 0 || !strings.Contains(stdout, "2025-11") {
		t.Errorf("history from the queue's database: exit %d: %s %s", code, stdout, stderr)
	}
}

// Bad input: a bad line is refused (exit 2, its number) before the queue is
// even reached; a queue that cannot be reached is exit 3 naming it.
func TestQueueBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("名称,URL,单位\n甲,https://a.example.gov.cn/,单位\n乙,not a url,单位\n"), 0o644) //nolint:errcheck
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("名称,URL,单位\n甲,https://a.example.gov.cn/,单位\n"), 0o644) //nolint:errcheck
	down := "postgres://u@127.0.0.1:1/x?connect_timeout=2"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"batch", bad, "--queue", down}, 2, "line 3"},
		{[]string{"batch", good, "--queue", down}, 3, "127.0.0.1:1"},
		{[]string{"batch", good, "--queue", "mysql://x/y"}, 2, "not a PostgreSQL address"},
		{[]string{"batch", good, "--queue", down, "--force"}, 2, "--force"},
		{[]string{"batch", good, "--detach"}, 2, "--detach only goes with --queue"},
		{[]string{"worker", "--queue", down}, 3, "127.0.0.1:1"},
		{[]string{"worker"}, 2, "needs the queue"},
		{[]string{"batch", "status"}, 2, "needs the queue"},
		{[]string{"batch", "status", "--queue", down}, 3, "127.0.0.1:1"},
		{[]string{"batch", "report", "--queue", down}, 3, "127.0.0.1:1"},
	} {
		_, stderr, code := execute(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, %q; want exit %d and %q in one line", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}
