// Package queue runs the monthly batch on River (github.com/riverqueue/river),
// a job queue in PostgreSQL: one job per site and period, worked by any
// number of `gongkai worker` processes on any number of machines.
//
// What holds, and how:
//   - A site is recorded exactly once: its report, its history rows and the
//     job's completion commit in one transaction (River's database/sql
//     driver, so the job and gongkai's tables share a *sql.Tx), and results
//     are keyed by (period, site).
//   - Enqueueing the same month twice adds nothing: jobs are unique by
//     (period, site) in every state, and completed jobs are kept for the
//     month.
//   - A host is crawled by one worker at a time: a lease row per host name,
//     renewed while the scan runs; sites sharing a host wait (snoozed).
//   - A worker that dies loses nothing: live workers keep their running
//     jobs' attempted_at fresh, so River's rescuer hands the jobs of a dead
//     worker (SIGKILL, power) to another after RescueAfter.
//
// gongkai's own tables are gongkai_sites (the month's list, in CSV order),
// gongkai_results (one row per site and period: the JSON report or the
// failure), gongkai_workers (progress) and gongkai_host_leases; River's are
// river_*.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/gongkai/gongkai/internal/migrate"
	"github.com/gongkai/gongkai/scan"
)

// IsURL reports whether s names a PostgreSQL queue rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Queue is an open connection to the queue database.
type Queue struct {
	db   *sql.DB
	host string // host:port, for messages
}

// migrations[i] brings the queue's tables from version i to i+1.
var migrations = []string{
	`
CREATE TABLE IF NOT EXISTS gongkai_sites (
	period TEXT NOT NULL,
	site   TEXT NOT NULL,
	line   INTEGER NOT NULL,
	name   TEXT NOT NULL,
	url    TEXT NOT NULL,
	unit   TEXT NOT NULL,
	as_of  TEXT NOT NULL,  -- YYYY-MM-DD the sites are judged on
	PRIMARY KEY (period, site)
);
CREATE TABLE IF NOT EXISTS gongkai_results (
	period      TEXT NOT NULL,
	site        TEXT NOT NULL,
	status      TEXT NOT NULL,       -- done | failed
	reason      TEXT NOT NULL,       -- why it failed (Chinese)
	report      TEXT,                -- the JSON report, byte for byte as scan writes it
	score       DOUBLE PRECISION,
	findings    INTEGER,
	pages       INTEGER,
	worker      TEXT NOT NULL,
	job_id      BIGINT NOT NULL,
	attempt     INTEGER NOT NULL,
	finished_at TIMESTAMPTZ NOT NULL DEFAULT now(),
	PRIMARY KEY (period, site)
);
CREATE TABLE IF NOT EXISTS gongkai_workers (
	id          TEXT PRIMARY KEY,
	host        TEXT NOT NULL,
	pid         INTEGER NOT NULL,
	max_sites   INTEGER NOT NULL,
	running     INTEGER NOT NULL DEFAULT 0,
	done        INTEGER NOT NULL DEFAULT 0,
	failed      INTEGER NOT NULL DEFAULT 0,
	pages       BIGINT NOT NULL DEFAULT 0,
	pages_per_s DOUBLE PRECISION NOT NULL DEFAULT 0,
	errors      BIGINT NOT NULL DEFAULT 0,
	state       TEXT NOT NULL DEFAULT 'running', -- running | stopping | stopped
	started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
	seen_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gongkai_checkpoints (
	period  TEXT NOT NULL,
	site    TEXT NOT NULL,
	attempt INTEGER NOT NULL,
	seq     INTEGER NOT NULL,
	data    BYTEA NOT NULL,  -- the next flushed part of the crawl's snapshot
	PRIMARY KEY (period, site, attempt, seq)
);
CREATE TABLE IF NOT EXISTS gongkai_host_leases (
	host       TEXT PRIMARY KEY,
	worker     TEXT NOT NULL,
	job_id     BIGINT NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL
);`,
}

// Open connects to the queue database at rawURL and brings River's and
// gongkai's tables up to date. An unreachable server is a scan.ErrFailed
// naming host:port; a malformed URL is a scan.ErrUsage.
func Open(ctx context.Context, rawURL string) (*Queue, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || !IsURL(rawURL) {
		return nil, scan.Usagef("--queue %q is not a PostgreSQL address; write it like postgres://user@db.example:5432/gongkai", Redact(rawURL))
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}
	db, err := sql.Open("pgx", rawURL)
	if err != nil {
		return nil, scan.Usagef("--queue %q is not a PostgreSQL address; write it like postgres://user@db.example:5432/gongkai", Redact(rawURL))
	}
	// A worker of 200 sites must not open 200 connections: heartbeats and
	// checkpoints are short, and PostgreSQL's default limit is 100 for all
	// workers together.
	db.SetMaxOpenConns(24)
	db.SetMaxIdleConns(8)
	q := &Queue{db: db, host: host}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, q.connError(err)
	}
	if err := q.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return q, nil
}

// DB is the pool, shared with the history and River.
func (q *Queue) DB() *sql.DB { return q.db }

// Host is the database's host:port, for messages.
func (q *Queue) Host() string { return q.host }

// Close closes the pool.
func (q *Queue) Close() error { return q.db.Close() }

// connError says in one sentence why the database cannot be used.
func (q *Queue) connError(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return scan.Failedf("the queue database at %s refused the user name or password; check the user in --queue", q.host)
		case "3D000":
			return scan.Failedf("the queue database at %s has no database of that name; create it (createdb) or fix the name in --queue", q.host)
		}
		return scan.Failedf("the queue database at %s answered with error %s; check --queue", q.host, pe.Code)
	}
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		return scan.Failedf("cannot reach the queue database at %s: the host name does not resolve; check --queue", q.host)
	case errors.Is(err, context.DeadlineExceeded):
		return scan.Failedf("cannot reach the queue database at %s: no answer within 15 s; check --queue and that PostgreSQL listens there", q.host)
	}
	return scan.Failedf("cannot reach the queue database at %s; check --queue and that PostgreSQL is running and listens there", q.host)
}

// migrate runs River's migrations, then gongkai's, under one advisory lock.
func (q *Queue) migrate(ctx context.Context) error {
	return migrate.Run(ctx, q.db, migrate.Plan{
		Steps: migrations,
		Lock:  migrate.Lock,
		Before: func(ctx context.Context) error {
			m, err := rivermigrate.New(riverdatabasesql.New(q.db), nil)
			if err != nil {
				return scan.Failedf("the queue database at %s cannot be prepared (River migrations: %s)", q.host, oneLine(err))
			}
			if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
				return scan.Failedf("the queue database at %s cannot be prepared (River migrations: %s); the user in --queue needs the right to create tables", q.host, oneLine(err))
			}
			return nil
		},
		Version: func(ctx context.Context, tx migrate.Querier) (int, error) {
			if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS gongkai_queue_schema (version INTEGER NOT NULL)`); err != nil {
				return 0, scan.Failedf("the queue database at %s cannot be prepared; the user in --queue needs the right to create tables", q.host)
			}
			var have int
			err := tx.QueryRowContext(ctx, `SELECT version FROM gongkai_queue_schema`).Scan(&have)
			if errors.Is(err, sql.ErrNoRows) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO gongkai_queue_schema (version) VALUES (0)`); err != nil {
					return 0, q.connError(err)
				}
				return 0, nil
			}
			if err != nil {
				return 0, q.connError(err)
			}
			return have, nil
		},
		SetVersion: func(ctx context.Context, tx migrate.Querier, v int) error {
			if _, err := tx.ExecContext(ctx, `UPDATE gongkai_queue_schema SET version = $1`, v); err != nil {
				return q.connError(err)
			}
			return nil
		},
		Newer: func(have, know int) error {
			return scan.Failedf("the queue database at %s was set up by a newer gongkai (queue schema %d; this one knows %d); upgrade gongkai on this machine", q.host, have, know)
		},
		Failed: func(to int, err error) error {
			return scan.Failedf("the queue database at %s cannot be upgraded to queue schema %d (%s)", q.host, to, oneLine(err))
		},
		Wrap: q.connError,
	})
}

// Redact hides a password in a URL shown back to the user.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// oneLine is a database message on one line, for a sentence's parenthesis.
func oneLine(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// Period is the YYYY-MM of an as-of date.
func Period(asOf time.Time) string { return asOf.Format("2006-01") }

var errNoPeriod = errors.New("no period")

// LatestPeriod is the newest period enqueued; errNoPeriod when none.
func (q *Queue) LatestPeriod(ctx context.Context) (string, error) {
	var p sql.NullString
	if err := q.db.QueryRowContext(ctx, `SELECT max(period) FROM gongkai_sites`).Scan(&p); err != nil {
		return "", q.connError(err)
	}
	if !p.Valid {
		return "", errNoPeriod
	}
	return p.String, nil
}

// ResolvePeriod is period when given, else the newest enqueued; a usage
// error when the queue has none.
func (q *Queue) ResolvePeriod(ctx context.Context, period string) (string, error) {
	if period != "" {
		if _, err := time.Parse("2006-01", period); err != nil {
			return "", scan.Usagef("--period %q is not a month; write it like 2026-12", period)
		}
		return period, nil
	}
	p, err := q.LatestPeriod(ctx)
	if errors.Is(err, errNoPeriod) {
		return "", scan.Usagef("the queue at %s holds no sites yet; enqueue them first: gongkai batch SITES.csv --queue URL", q.host)
	}
	return p, err
}
