// Package history keeps every scan's findings in an embedded SQLite database
// (pure Go, modernc.org/sqlite), so that a site's findings and score can be
// followed month by month. Batch and single scans share one database, by
// default in the user's data directory.
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
	"strconv"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/gongkai/gongkai/report"
)

// schemaVersion is the layout of the database this version writes. An older
// database is upgraded; a newer one is refused rather than misread.
const schemaVersion = 1

const schema = `
CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scans (
	id          INTEGER PRIMARY KEY,
	site        TEXT NOT NULL,    -- SiteKey: lower-case host[:port]
	start_url   TEXT NOT NULL,
	as_of       TEXT NOT NULL,    -- YYYY-MM-DD
	month       TEXT NOT NULL,    -- YYYY-MM of as_of
	started_at  TEXT NOT NULL,    -- RFC 3339
	finished_at TEXT NOT NULL,
	pages       INTEGER NOT NULL,
	complete    INTEGER NOT NULL,
	score       REAL NOT NULL,
	veto        TEXT NOT NULL,    -- JSON array of rule IDs
	version     TEXT NOT NULL,
	UNIQUE (site, as_of, started_at)
);
CREATE INDEX IF NOT EXISTS scans_site_month ON scans (site, month);
CREATE TABLE IF NOT EXISTS findings (
	scan_id     INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
	rule        TEXT NOT NULL,
	severity    TEXT NOT NULL,
	fingerprint TEXT NOT NULL,
	url         TEXT NOT NULL,
	status      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_scan ON findings (scan_id);
`

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

// writeMu serialises writers of this process; other processes wait on the
// database's busy timeout.
var writeMu sync.Mutex

// open opens (creating when asked) the database at path and checks its
// schema.
func open(path string, create bool) (*sql.DB, error) {
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
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	return db, nil
}

// migrate creates the tables and refuses a database of a newer version or
// one that is not ours.
func migrate(db *sql.DB) error {
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		return fmt.Errorf("not a SQLite database (%v)", err)
	}
	if n > 0 {
		var v string
		err := db.QueryRow(`SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&v)
		if err != nil {
			return fmt.Errorf("not a gongkai history database")
		}
		got, _ := strconv.Atoi(v)
		if got > schemaVersion {
			return fmt.Errorf("written by a newer gongkai (schema %d, this version reads %d); upgrade gongkai or choose another --db", got, schemaVersion)
		}
	}
	if _, err := db.Exec(schema); err != nil {
		return err
	}
	_, err := db.Exec(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(schemaVersion))
	return err
}

// Record stores one scan's findings. Recording the same scan again (same
// site, as-of date and start time) replaces it, so a retried batch does not
// count a scan twice.
func Record(path string, r *report.Report) error {
	if r == nil || r.Site == "" || len(r.AsOf) < 7 {
		return errors.New("history: the report has no site or as-of date")
	}
	writeMu.Lock()
	defer writeMu.Unlock()
	db, err := open(path, true)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	defer tx.Rollback()
	key := SiteKey(r.Site)
	started := r.StartedAt.UTC().Format(time.RFC3339)
	if _, err := tx.Exec(`DELETE FROM scans WHERE site = ? AND as_of = ? AND started_at = ?`, key, r.AsOf, started); err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	veto, _ := json.Marshal(append([]string{}, r.Score.Veto...))
	res, err := tx.Exec(`INSERT INTO scans (site, start_url, as_of, month, started_at, finished_at, pages, complete, score, veto, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		key, r.Site, r.AsOf, r.AsOf[:7], started, r.FinishedAt.UTC().Format(time.RFC3339),
		r.Pages, r.Complete, r.Score.Total, string(veto), r.Version)
	if err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	stmt, err := tx.Prepare(`INSERT INTO findings (scan_id, rule, severity, fingerprint, url, status) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	defer stmt.Close()
	for _, f := range r.Findings {
		if _, err := stmt.Exec(id, f.Rule, string(f.Severity), f.Fingerprint, f.URL, f.Status); err != nil {
			return fmt.Errorf("history database %s: %w", path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("history database %s: %w", path, err)
	}
	return nil
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

// Load returns the site's months, oldest first; months ≤ 0 means all of
// them, else the last months ones. A database that does not exist yet is
// ErrNoHistory.
func Load(path, site string, months int) ([]Month, error) {
	db, err := open(path, false)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNoHistory
	}
	if err != nil {
		return nil, err
	}
	defer db.Close()
	key := SiteKey(site)
	// The scan that stands for each month: complete first, then the latest.
	rows, err := db.Query(`SELECT id, month, as_of, start_url, pages, complete, score, veto,
			(SELECT count(*) FROM scans s2 WHERE s2.site = s.site AND s2.month = s.month)
		FROM scans s
		WHERE site = ? AND id = (
			SELECT id FROM scans s3 WHERE s3.site = s.site AND s3.month = s.month
			ORDER BY complete DESC, as_of DESC, started_at DESC, id DESC LIMIT 1)
		ORDER BY month`, key)
	if err != nil {
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	var out []Month
	var ids []int64
	for rows.Next() {
		var m Month
		var id int64
		var veto string
		if err := rows.Scan(&id, &m.Month, &m.AsOf, &m.Site, &m.Pages, &m.Complete, &m.Score, &veto, &m.Scans); err != nil {
			rows.Close()
			return nil, fmt.Errorf("history database %s: %w", path, err)
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
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, ErrNoHistory
	}
	if months > 0 && len(out) > months {
		out, ids = out[len(out)-months:], ids[len(ids)-months:]
	}
	for i, id := range ids {
		rs, err := db.Query(`SELECT rule, severity, count(*) FROM findings WHERE scan_id = ? GROUP BY rule, severity`, id)
		if err != nil {
			return nil, fmt.Errorf("history database %s: %w", path, err)
		}
		for rs.Next() {
			var rule, sev string
			var n int
			if err := rs.Scan(&rule, &sev, &n); err != nil {
				rs.Close()
				return nil, fmt.Errorf("history database %s: %w", path, err)
			}
			out[i].Rules[rule] += n
			out[i].Severity[sev] += n
			out[i].Total += n
		}
		rs.Close()
	}
	return out, nil
}

// Sites lists the site keys the database holds, sorted.
func Sites(path string) ([]string, error) {
	db, err := open(path, false)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT DISTINCT site FROM scans`)
	if err != nil {
		return nil, fmt.Errorf("history database %s: %w", path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out, rows.Err()
}
