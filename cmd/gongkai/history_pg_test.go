package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/internal/pgtest"
)

// TestHistoryPostgresUnreachable: a --db postgres:// URL where nothing
// listens is exit 3 and one sentence naming host:port, with no driver text;
// scan, check and batch say so before anything is fetched.
func TestHistoryPostgresUnreachable(t *testing.T) {
	_, stderr, code := execute(t, "history", "x", "--db", "postgres://127.0.0.1:1/x")
	if code != exitFailed || !strings.Contains(stderr, "cannot connect to PostgreSQL at 127.0.0.1:1;") && !strings.Contains(stderr, "cannot connect to PostgreSQL at 127.0.0.1:1:") {
		t.Errorf("history: exit %d, want 3 naming 127.0.0.1:1: %s", code, stderr)
	}
	assertNoGoErrors(t, "history's stderr", stderr)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	dir := t.TempDir()
	csv := filepath.Join(dir, "sites.csv")
	_ = os.WriteFile(csv, []byte("名称,URL,单位\n监测县,"+srv.URL+"/,监测县政府办\n"), 0o644)
	db := "postgresql://gongkai:secret@" + closed + "/gongkai"
	for _, args := range [][]string{
		{"scan", srv.URL + "/", "--rate", "0", "--xlsx", filepath.Join(dir, "a.xlsx"), "--db", db},
		{"batch", csv, "--out", filepath.Join(dir, "batch"), "--rate", "0", "--db", db},
		{"check", filepath.Join(dir, "none.snap"), "--xlsx", filepath.Join(dir, "b.xlsx"), "--db", db},
		{"history", "www.example.gov.cn", "--db", db},
	} {
		_, stderr, code := execute(t, args...)
		if code != exitFailed || !strings.Contains(stderr, "PostgreSQL at "+closed) || strings.Contains(stderr, "secret") {
			t.Errorf("%s: exit %d, want 3 naming %s: %s", args[0], code, closed, stderr)
		}
		assertNoGoErrors(t, args[0]+"'s stderr", stderr)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests before the database was checked", n)
	}
}

// TestHistoryPostgres: batch records in PostgreSQL, history reads it back,
// without the password; a database that does not exist is exit 2.
func TestHistoryPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	u, _ := url.Parse(dsn)
	u.User = url.UserPassword(u.User.Username(), "secret") // trust auth: accepted, never shown
	db := u.String()
	srv := serveFixture(t, nil)
	dir := t.TempDir()
	csv := filepath.Join(dir, "sites.csv")
	_ = os.WriteFile(csv, []byte("名称,URL,单位\n监测县,"+srv.URL+"/,监测县政府办\n"), 0o644)
	if _, stderr, code := execute(t, "batch", csv, "--out", filepath.Join(dir, "out"), "--db", db, "--rate", "0", "--as-of", "2025-11-25", "--quiet"); code != 0 {
		t.Fatalf("batch: exit %d: %s", code, stderr)
	}
	stdout, stderr, code := execute(t, "history", srv.URL, "--db", db)
	if code != 0 {
		t.Fatalf("history: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"1 months", "2025-11", "link-broken 错链断链", u.Host} {
		if !strings.Contains(stdout, want) {
			t.Errorf("history lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "secret") {
		t.Errorf("history shows the password:\n%s", stdout)
	}

	u.Path = "/gongkai_no_such_database"
	_, stderr, code = execute(t, "history", srv.URL, "--db", u.String())
	if code != exitUsage || !strings.Contains(stderr, `has no database "gongkai_no_such_database"`) {
		t.Errorf("missing database: exit %d, want 2: %s", code, stderr)
	}
	assertNoGoErrors(t, "stderr", stderr)
}

// TestHistoryOnQueuePool: the history workers and batch report open in the
// queue's database uses the queue's pool, migrated through it: no second
// pool, which a worker would keep for its whole life with an idle connection
// only to have migrated once. Closing the history leaves the queue's pool.
func TestHistoryOnQueuePool(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	q, err := openQueue(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	h, err := openHistory(ctx, q, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if h.SQL() != q.DB() {
		t.Errorf("the history has a pool of its own, want the queue's")
	}
	var n int
	if err := q.DB().QueryRowContext(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if open := q.DB().Stats().OpenConnections; n != open {
		t.Errorf("%d connections to the database, %d of them the queue's: want none other", n, open)
	}
	if _, err := h.Load(ctx, "a.gov.cn", 0); !errors.Is(err, history.ErrNoHistory) {
		t.Errorf("reading the migrated, empty history: %v, want no scans recorded", err)
	}
	h.Close()
	if err := q.DB().PingContext(ctx); err != nil {
		t.Errorf("the queue's pool after the history closed: %v", err)
	}
}
