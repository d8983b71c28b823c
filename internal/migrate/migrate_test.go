package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/gongkai/gongkai/internal/pgtest"
)

// errWrapped marks an error that went through Plan.Wrap.
var errWrapped = errors.New("wrapped")

// plan keeps its version in a table ver (absent: version 0).
func plan(steps ...string) Plan {
	return Plan{
		Steps: steps,
		Version: func(ctx context.Context, tx Querier) (int, error) {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS ver (n INTEGER NOT NULL)`); err != nil {
				return 0, err
			}
			var n int
			err := tx.QueryRowContext(ctx, `SELECT n FROM ver`).Scan(&n)
			if errors.Is(err, sql.ErrNoRows) {
				_, err = tx.ExecContext(ctx, `INSERT INTO ver (n) VALUES (0)`)
			}
			return n, err
		},
		SetVersion: func(ctx context.Context, tx Querier, v int) error {
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE ver SET n = %d`, v))
			return err
		},
		Newer:  func(have, know int) error { return fmt.Errorf("newer: %d > %d", have, know) },
		Failed: func(to int, err error) error { return fmt.Errorf("step %d: %w", to, err) },
		Wrap:   func(err error) error { return fmt.Errorf("%w: %w", errWrapped, err) },
	}
}

func sqlite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db")+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func version(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT n FROM ver`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func tables(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// An empty database gets every step and the version they reach; an older
// one only the steps it lacks; one of this version none (the steps, run
// again, would fail).
func TestRunSteps(t *testing.T) {
	ctx := context.Background()
	db := sqlite(t)
	if err := Run(ctx, db, plan(`CREATE TABLE a (x INTEGER)`)); err != nil {
		t.Fatal(err)
	}
	if v := version(t, db); v != 1 {
		t.Errorf("after one step: version %d, want 1", v)
	}
	p := plan(`CREATE TABLE a (x INTEGER)`, `CREATE TABLE b (y INTEGER)`)
	if err := Run(ctx, db, p); err != nil {
		t.Fatalf("from version 1 to 2: %v", err)
	}
	if v, n := version(t, db), tables(t, db); v != 2 || n != 2 {
		t.Errorf("after the second step: version %d with %d tables, want 2 with 2", v, n)
	}
	if err := Run(ctx, db, p); err != nil {
		t.Errorf("at version 2 already: %v", err)
	}
}

// A database newer than the steps is refused through Newer, untouched.
func TestRunNewer(t *testing.T) {
	ctx := context.Background()
	db := sqlite(t)
	if err := Run(ctx, db, plan(`CREATE TABLE a (x INTEGER)`, `CREATE TABLE b (y INTEGER)`)); err != nil {
		t.Fatal(err)
	}
	err := Run(ctx, db, plan(`CREATE TABLE a (x INTEGER)`))
	if err == nil || err.Error() != "newer: 2 > 1" {
		t.Errorf("version 2 opened by steps up to 1: %v, want newer: 2 > 1", err)
	}
	if v := version(t, db); v != 2 {
		t.Errorf("refused database now at version %d, want 2", v)
	}
}

// A failing step is reported through Failed with the version it was to
// reach, and leaves the database as it was: no step and no version kept.
func TestRunFailedStep(t *testing.T) {
	ctx := context.Background()
	db := sqlite(t)
	err := Run(ctx, db, plan(`CREATE TABLE a (x INTEGER)`, `CREATE TABLE b (`))
	if err == nil || err.Error()[:7] != "step 2:" {
		t.Fatalf("a broken second step: %v, want step 2: …", err)
	}
	if n := tables(t, db); n != 0 {
		t.Errorf("after a failed migration %d of its tables stay, want none", n)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'ver'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("after a failed migration the version table is there (%d, %v), want it rolled back", n, err)
	}
}

// The plan's own errors come back as they are; the database's own go
// through Wrap.
func TestRunErrors(t *testing.T) {
	ctx := context.Background()
	mine := errors.New("not ours")
	p := plan()
	p.Version = func(context.Context, Querier) (int, error) { return 0, mine }
	if err := Run(ctx, sqlite(t), p); err != mine {
		t.Errorf("Version's error: %v, want it as it is", err)
	}
	p = plan(`CREATE TABLE a (x INTEGER)`)
	p.SetVersion = func(context.Context, Querier, int) error { return mine }
	if err := Run(ctx, sqlite(t), p); err != mine {
		t.Errorf("SetVersion's error: %v, want it as it is", err)
	}
	p = plan()
	p.Before = func(context.Context) error { return mine }
	if err := Run(ctx, sqlite(t), p); err != mine {
		t.Errorf("Before's error: %v, want it as it is", err)
	}
	db := sqlite(t)
	db.Close()
	if err := Run(ctx, db, plan()); !errors.Is(err, errWrapped) {
		t.Errorf("a closed pool: %v, want it through Wrap", err)
	}
}

// With a Lock, two migrations of one PostgreSQL database at once run one
// after the other: the second's Before waits for the first to finish.
func TestRunLock(t *testing.T) {
	db, err := sql.Open("pgx", pgtest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mu sync.Mutex
	inside, most := 0, 0
	p := plan(`CREATE TABLE IF NOT EXISTS a (x INTEGER)`)
	p.Lock = 7
	p.Before = func(context.Context) error {
		mu.Lock()
		inside++
		most = max(most, inside)
		mu.Unlock()
		time.Sleep(200 * time.Millisecond)
		mu.Lock()
		inside--
		mu.Unlock()
		return nil
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() { errs <- Run(context.Background(), db, p) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if most != 1 {
		t.Errorf("%d migrations ran their Before at once, want 1 at a time", most)
	}
	var v int
	if err := db.QueryRow(`SELECT n FROM ver`).Scan(&v); err != nil || v != 1 {
		t.Errorf("version %d (%v), want 1", v, err)
	}
}
