// Package history keeps every scan's findings, so that a site's findings
// and score can be followed month by month: in an embedded SQLite file (pure
// Go, modernc.org/sqlite), by default in the user's data directory, or in a
// PostgreSQL database given as a postgres:// URL (pgx through database/sql),
// which the queue's workers share. Both hold the same tables, meta, scans
// and findings (in PostgreSQL in the public schema, where River's tables are
// all river_*); the queries are written once, with ? placeholders.
package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/gongkai/gongkai/report"
)

// DefaultPath is where the history lives unless --db says otherwise:
// $XDG_DATA_HOME/gongkai/history.db, else ~/.local/share/gongkai/history.db
// on Unix, else the user configuration directory (%AppData% on Windows,
// ~/Library/Application Support on macOS).
func DefaultPath() (string, error) {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "gongkai", "history.db"), nil
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", "gongkai", "history.db"), nil
		}
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("no user data directory for the scan history (%v); choose a file with --db", err)
	}
	return filepath.Join(dir, "gongkai", "history.db"), nil
}

// SiteKey is the key a site's scans are stored under: the lower-case host
// (with a non-default port) of a URL or a bare host name.
func SiteKey(site string) string {
	s := strings.TrimSpace(site)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.ToLower(strings.TrimSpace(site))
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return host + ":" + port
}

// DB is an open history: a SQLite file or a PostgreSQL database.
type DB struct {
	db   *sql.DB
	pg   bool
	name string // for messages: the path, or the URL without its password
	// borrowed: the pool is the caller's (OpenPool), not closed by Close
	borrowed bool
	// PostgreSQL: host:port, user and database, for messages
	addr, user, database string
}

// IsPostgres reports whether dsn is a postgres:// or postgresql:// URL
// rather than a file path.
func IsPostgres(dsn string) bool {
	l := strings.ToLower(strings.TrimSpace(dsn))
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Open opens (creating/migrating) the history at a file path or a
// postgres:// URL. A SQLite file's directory is created; a PostgreSQL
// database must exist (its tables are created).
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, true)
}

// open opens the history; with create false a file that does not exist is
// os.ErrNotExist and a database without gongkai's tables errEmpty, neither
// of them created.
func open(ctx context.Context, dsn string, create bool) (*DB, error) {
	var d *DB
	var err error
	if IsPostgres(dsn) {
		d, err = openPostgres(ctx, dsn)
	} else {
		d, err = openSQLite(dsn, create)
	}
	if err != nil {
		return nil, err
	}
	if err := d.migrate(ctx, create); err != nil {
		d.db.Close()
		return nil, err
	}
	return d, nil
}

func openSQLite(path string, create bool) (*DB, error) {
	if path == "" {
		return nil, errors.New("no history database path")
	}
	if strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("history database %s: a path with '?' cannot be used; choose another --db", path)
	}
	if !create {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)&_pragma=foreign_keys(1)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	return &DB{db: db, name: path}, nil
}

// SQL is the connection pool; on PostgreSQL the queue (River) shares it.
func (d *DB) SQL() *sql.DB { return d.db }

// Postgres reports whether the history is a PostgreSQL database.
func (d *DB) Postgres() bool { return d.pg }

// Close closes the pool, unless it is the caller's (OpenPool).
func (d *DB) Close() error {
	if d.borrowed {
		return nil
	}
	return d.db.Close()
}

// wrap names the database in an error; PostgreSQL's connection and access
// errors become one sentence of their own.
func (d *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	if d.pg {
		if s := d.pgSentence(err); s != nil {
			return s
		}
	}
	return fmt.Errorf("history database %s: %w", d.name, err)
}

// writeMu serialises the SQLite writers of this process; other processes
// wait on the database's busy timeout.
var writeMu sync.Mutex

func checkReport(r *report.Report) error {
	if r == nil || r.Site == "" || len(r.AsOf) < 7 {
		return errors.New("history: the report has no site or as-of date")
	}
	return nil
}

// Record stores one scan's findings in its own transaction; see RecordTx.
func (d *DB) Record(ctx context.Context, r *report.Report) error {
	if err := checkReport(r); err != nil {
		return err
	}
	if !d.pg {
		writeMu.Lock()
		defer writeMu.Unlock()
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return d.wrap(err)
	}
	defer tx.Rollback()
	if err := d.RecordTx(ctx, tx, r); err != nil {
		return err
	}
	return d.wrap(tx.Commit())
}

// RecordTx stores one scan's findings inside the caller's transaction (the
// queue completes its job in the same one). Recording the same scan again
// (same site, as-of date and start time) replaces it, so a retried job or
// batch does not count a scan twice; the upsert also makes two workers
// recording the same scan at once wait for each other instead of failing.
func (d *DB) RecordTx(ctx context.Context, tx *sql.Tx, r *report.Report) error {
	if err := checkReport(r); err != nil {
		return err
	}
	key := SiteKey(r.Site)
	veto, _ := json.Marshal(append([]string{}, r.Score.Veto...))
	var id int64
	err := tx.QueryRowContext(ctx, d.rebind(`INSERT INTO scans (site, start_url, as_of, month, started_at, finished_at, pages, complete, score, veto, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site, as_of, started_at) DO UPDATE SET start_url = excluded.start_url, month = excluded.month,
			finished_at = excluded.finished_at, pages = excluded.pages, complete = excluded.complete,
			score = excluded.score, veto = excluded.veto, version = excluded.version
		RETURNING id`),
		key, r.Site, r.AsOf, r.AsOf[:7], r.StartedAt.UTC().Format(time.RFC3339), r.FinishedAt.UTC().Format(time.RFC3339),
		r.Pages, r.Complete, r.Score.Total, string(veto), r.Version).Scan(&id)
	if err != nil {
		return d.wrap(err)
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`DELETE FROM findings WHERE scan_id = ?`), id); err != nil {
		return d.wrap(err)
	}
	stmt, err := tx.PrepareContext(ctx, d.rebind(`INSERT INTO findings (scan_id, rule, severity, fingerprint, url, status) VALUES (?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return d.wrap(err)
	}
	defer stmt.Close()
	for _, f := range r.Findings {
		if _, err := stmt.ExecContext(ctx, id, f.Rule, string(f.Severity), f.Fingerprint, f.URL, f.Status); err != nil {
			return d.wrap(err)
		}
	}
	return nil
}

// Record stores one scan's findings in the history at dsn (a file, created
// when missing, or a postgres:// URL); see (*DB).RecordTx.
func Record(dsn string, r *report.Report) error {
	if err := checkReport(r); err != nil {
		return err
	}
	ctx := context.Background()
	d, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Record(ctx, r)
}

// Month is a site's scan of one month: the last complete scan of the month
// (or the last one, when none completed).
type Month struct {
	Month    string         `json:"month"` // YYYY-MM
	AsOf     string         `json:"as_of"`
	Site     string         `json:"site"` // start URL
	Pages    int            `json:"pages"`
	Complete bool           `json:"complete"`
	Score    float64        `json:"score"`
	Veto     []string       `json:"veto"`
	Total    int            `json:"findings"`
	Rules    map[string]int `json:"rules"`    // findings per rule
	Severity map[string]int `json:"severity"` // findings per severity
	Scans    int            `json:"scans"`    // scans recorded that month
}

// ErrNoHistory means the database holds no scan of the site.
var ErrNoHistory = errors.New("no scans recorded")

// Load returns the site's months from the history at dsn; see (*DB).Load.
// A file that does not exist yet, or a database without gongkai's tables, is
// ErrNoHistory, and is not created.
func Load(dsn, site string, months int) ([]Month, error) {
	ctx := context.Background()
	d, err := open(ctx, dsn, false)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, errEmpty) {
		return nil, ErrNoHistory
	}
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Load(ctx, site, months)
}

// Load returns the site's months, oldest first; months ≤ 0 means all of
// them, else the last months ones. A site without scans is ErrNoHistory.
func (d *DB) Load(ctx context.Context, site string, months int) ([]Month, error) {
	key := SiteKey(site)
	// The scan that stands for each month: complete first, then the latest.
	rows, err := d.db.QueryContext(ctx, d.rebind(`SELECT id, month, as_of, start_url, pages, complete, score, veto,
			(SELECT count(*) FROM scans s2 WHERE s2.site = s.site AND s2.month = s.month)
		FROM scans s
		WHERE site = ? AND id = (
			SELECT id FROM scans s3 WHERE s3.site = s.site AND s3.month = s.month
			ORDER BY complete DESC, as_of DESC, started_at DESC, id DESC LIMIT 1)
		ORDER BY month`), key)
	if err != nil {
		return nil, d.wrap(err)
	}
	var out []Month
	var ids []int64
	for rows.Next() {
		var m Month
		var id int64
		var veto string
		if err := rows.Scan(&id, &m.Month, &m.AsOf, &m.Site, &m.Pages, &m.Complete, &m.Score, &veto, &m.Scans); err != nil {
			rows.Close()
			return nil, d.wrap(err)
		}
		_ = json.Unmarshal([]byte(veto), &m.Veto)
		if m.Veto == nil {
			m.Veto = []string{}
		}
		m.Rules, m.Severity = map[string]int{}, map[string]int{}
		out = append(out, m)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, d.wrap(err)
	}
	if len(out) == 0 {
		return nil, ErrNoHistory
	}
	if months > 0 && len(out) > months {
		out, ids = out[len(out)-months:], ids[len(ids)-months:]
	}
	for i, id := range ids {
		rs, err := d.db.QueryContext(ctx, d.rebind(`SELECT rule, severity, count(*) FROM findings WHERE scan_id = ? GROUP BY rule, severity`), id)
		if err != nil {
			return nil, d.wrap(err)
		}
		for rs.Next() {
			var rule, sev string
			var n int
			if err := rs.Scan(&rule, &sev, &n); err != nil {
				rs.Close()
				return nil, d.wrap(err)
			}
			out[i].Rules[rule] += n
			out[i].Severity[sev] += n
			out[i].Total += n
		}
		rs.Close()
	}
	return out, nil
}

// Sites lists the site keys the history at dsn holds, sorted; none when it
// does not exist.
func Sites(dsn string) ([]string, error) {
	ctx := context.Background()
	d, err := open(ctx, dsn, false)
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, errEmpty) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Sites(ctx)
}

// Sites lists the site keys the database holds, sorted.
func (d *DB) Sites(ctx context.Context) ([]string, error) {
	rows, err := d.db.QueryContext(ctx, `SELECT DISTINCT site FROM scans`)
	if err != nil {
		return nil, d.wrap(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, d.wrap(err)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out, d.wrap(rows.Err())
}
