package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/internal/pgtest"
	"github.com/gongkai/gongkai/report"
)

func rep(site, asOf string, complete bool, score float64, rules ...string) *report.Report {
	day, _ := time.Parse("2006-01-02", asOf)
	r := &report.Report{Tool: "gongkai", Version: "test", Site: site, AsOf: asOf, Complete: complete,
		StartedAt: day.Add(9 * time.Hour), FinishedAt: day.Add(10 * time.Hour), Pages: 10,
		Score: report.Score{Total: score, Veto: []string{}}}
	for i, id := range rules {
		sev := checks.Deduct
		if id == "homepage-stale" {
			sev = checks.Veto
			r.Score.Veto = append(r.Score.Veto, id)
		}
		r.Findings = append(r.Findings, checks.Finding{Rule: id, Severity: sev, URL: site + "p" + string(rune('a'+i)),
			Fingerprint: checks.Fingerprint(id, site+"p"+string(rune('a'+i)), "")})
	}
	return r
}

// dialects are the two kinds of history every test of the table runs
// against: a SQLite file and an empty PostgreSQL database (pgtest; skipped
// without GONGKAI_TEST_POSTGRES, a failure under GONGKAI_REQUIRE_POSTGRES).
var dialects = []struct {
	name string
	dsn  func(t *testing.T) string
}{
	{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "sub", "history.db") }},
	{"postgres", func(t *testing.T) string { return pgtest.DSN(t) }},
}

// golden is what Load returns for fixtureScans, www.example.gov.cn's months
// then other.gov.cn's: written by the gongkai of schema 1 from its own
// SQLite file (testdata/v1.db), so every dialect and every later version
// must read the same.
func golden(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/v1.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func loadBoth(t *testing.T, dsn string) string {
	t.Helper()
	a, err := Load(dsn, "www.example.gov.cn", 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(dsn, "other.gov.cn", 0)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.MarshalIndent(append(a, b...), "", "  ")
	return string(data) + "\n"
}

func TestRecordAndLoad(t *testing.T) {
	for _, dl := range dialects {
		t.Run(dl.name, func(t *testing.T) {
			db := dl.dsn(t)
			const site = "https://www.example.gov.cn/"
			if _, err := Load(db, site, 0); !errors.Is(err, ErrNoHistory) {
				t.Errorf("empty history: %v", err)
			}
			if sites, err := Sites(db); err != nil || sites != nil {
				t.Errorf("empty history: sites = %v, %v", sites, err)
			}
			// A later scan of October that did not finish does not stand
			// for the month: the complete one does (fixtureScans).
			for _, r := range fixtureScans() {
				if err := Record(db, r); err != nil {
					t.Fatal(err)
				}
			}
			// Recording the same scan again replaces it.
			if err := Record(db, rep(site, "2025-11-25", true, 80, "homepage-stale", "link-broken")); err != nil {
				t.Fatal(err)
			}
			if got := loadBoth(t, db); got != golden(t) {
				t.Errorf("Load =\n%s\nwant testdata/v1.golden.json:\n%s", got, golden(t))
			}

			months, err := Load(db, "WWW.example.gov.cn", 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range months {
				got = append(got, m.Month+" "+m.AsOf)
			}
			if want := []string{"2025-09 2025-09-25", "2025-10 2025-10-25", "2025-11 2025-11-25"}; !reflect.DeepEqual(got, want) {
				t.Fatalf("months = %q, want %q", got, want)
			}
			if m := months[0]; m.Score != 90 || m.Total != 3 || m.Rules["link-broken"] != 2 || m.Rules["meta-tags"] != 1 || m.Severity["deduct"] != 3 {
				t.Errorf("September = %+v", m)
			}
			if m := months[1]; m.Score != 95 || !m.Complete || m.Scans != 2 {
				t.Errorf("October = %+v, want the complete scan of 2 that month", m)
			}
			if m := months[2]; m.Total != 2 || !reflect.DeepEqual(m.Veto, []string{"homepage-stale"}) || m.Scans != 1 {
				t.Errorf("November = %+v (recorded twice, kept once)", m)
			}
			last, err := Load(db, site, 2)
			if err != nil || len(last) != 2 || last[0].Month != "2025-10" {
				t.Errorf("last 2 months = %+v, %v", last, err)
			}
			if _, err := Load(db, "unknown.gov.cn", 0); !errors.Is(err, ErrNoHistory) {
				t.Errorf("unknown site: %v", err)
			}
			sites, err := Sites(db)
			if err != nil || !reflect.DeepEqual(sites, []string{"other.gov.cn", "www.example.gov.cn"}) {
				t.Errorf("sites = %v, %v", sites, err)
			}
		})
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none.db"), "a.gov.cn", 0); !errors.Is(err, ErrNoHistory) {
		t.Errorf("no database: %v", err)
	}
}

// TestRecordTx records inside the caller's transaction, as the queue does:
// nothing is seen before the commit, a rolled-back scan is not stored, and
// the same scan recorded twice in one transaction is stored once.
func TestRecordTx(t *testing.T) {
	for _, dl := range dialects {
		t.Run(dl.name, func(t *testing.T) {
			ctx := context.Background()
			d, err := Open(ctx, dl.dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.Postgres() != (dl.name == "postgres") || d.SQL() == nil {
				t.Errorf("Postgres() = %v", d.Postgres())
			}
			r := rep("http://a.gov.cn/", "2025-11-25", true, 80, "link-broken", "meta-tags")

			tx, err := d.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := d.RecordTx(ctx, tx, r); err != nil {
				t.Fatal(err)
			}
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if _, err := d.Load(ctx, "a.gov.cn", 0); !errors.Is(err, ErrNoHistory) {
				t.Errorf("after rollback: %v", err)
			}

			tx, err = d.SQL().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if err := d.RecordTx(ctx, tx, r); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if err := d.Record(ctx, r); err != nil {
				t.Fatal(err)
			}
			ms, err := d.Load(ctx, "a.gov.cn", 0)
			if err != nil || len(ms) != 1 || ms[0].Scans != 1 || ms[0].Total != 2 {
				t.Errorf("recorded three times = %+v, %v; want one scan of 2 findings", ms, err)
			}
		})
	}
}

// TestMigrateV1File reads a SQLite file written by the gongkai of schema 1
// (testdata/v1.db, from fixtureScans) as it read it, and goes on recording
// in it.
func TestMigrateV1File(t *testing.T) {
	data, err := os.ReadFile("testdata/v1.db")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "history.db")
	if err := os.WriteFile(db, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := loadBoth(t, db); got != golden(t) {
		t.Errorf("v1 file reads\n%s\nwant\n%s", got, golden(t))
	}
	if err := Record(db, rep("http://other.gov.cn/", "2025-12-25", true, 60)); err != nil {
		t.Fatal(err)
	}
	if ms, err := Load(db, "other.gov.cn", 0); err != nil || len(ms) != 2 || ms[1].Score != 60 {
		t.Errorf("after recording in the v1 file: %+v, %v", ms, err)
	}
}

// TestMigrations runs a further migration over a database of today's
// version (as the next schema will be), then refuses that database once
// this version is back: newer than it reads, naming both versions.
func TestMigrations(t *testing.T) {
	for _, dl := range dialects {
		t.Run(dl.name, func(t *testing.T) {
			dsn := dl.dsn(t)
			if err := Record(dsn, rep("http://a.gov.cn/", "2025-11-25", true, 80, "link-broken")); err != nil {
				t.Fatal(err)
			}
			steps := &sqliteMigrations
			if dl.name == "postgres" {
				steps = &postgresMigrations
			}
			saved := *steps
			*steps = append(append([]string{}, saved...), `CREATE TABLE later (x INTEGER)`)
			ms, err := Load(dsn, "a.gov.cn", 0)
			*steps = saved
			if err != nil || len(ms) != 1 || ms[0].Total != 1 {
				t.Fatalf("after migration 2: %+v, %v", ms, err)
			}
			d, err := Open(context.Background(), dsn)
			if err == nil {
				d.Close()
			}
			for _, want := range []string{"newer gongkai", "schema 2", "up to 1"} {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("a schema 2 database opened by schema 1: %v, want %q", err, want)
				}
			}
			if _, err := Load(dsn, "a.gov.cn", 0); err == nil || !strings.Contains(err.Error(), "schema 2") {
				t.Errorf("Load of a schema 2 database: %v", err)
			}
		})
	}
}

// TestMigrationsAlike keeps the two dialects' migrations describing the
// same versions.
func TestMigrationsAlike(t *testing.T) {
	if len(sqliteMigrations) != schemaVersion || len(postgresMigrations) != schemaVersion {
		t.Errorf("%d SQLite and %d PostgreSQL migrations, schema version %d", len(sqliteMigrations), len(postgresMigrations), schemaVersion)
	}
}

func TestNotOurDatabase(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	_ = os.WriteFile(text, []byte("this is not a database, just some notes that are long enough to look like a header\n"), 0o644)
	if err := Record(text, rep("http://a.gov.cn/", "2025-11-25", true, 100)); err == nil || !strings.Contains(err.Error(), "notes.db") {
		t.Errorf("text file: %v", err)
	}

	// Another application's SQLite database.
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := Record(other, rep("http://a.gov.cn/", "2025-11-25", true, 100)); err == nil || !strings.Contains(err.Error(), "not a gongkai history database") {
		t.Errorf("other database: %v", err)
	}

	// A newer gongkai's database is not misread.
	newer := filepath.Join(dir, "newer.db")
	if err := Record(newer, rep("http://a.gov.cn/", "2025-11-25", true, 100)); err != nil {
		t.Fatal(err)
	}
	db, _ = sql.Open("sqlite", newer)
	if _, err := db.Exec(`UPDATE meta SET value = '99' WHERE key = 'schema_version'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Load(newer, "a.gov.cn", 0); err == nil || !strings.Contains(err.Error(), "newer gongkai") {
		t.Errorf("newer schema: %v", err)
	}
}

func TestSiteKeyAndDefaultPath(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.Example.gov.cn/xxgk/": "www.example.gov.cn",
		"www.example.gov.cn":               "www.example.gov.cn",
		"http://127.0.0.1:8080/":           "127.0.0.1:8080",
		"http://a.gov.cn:80/":              "a.gov.cn",
		"https://a.gov.cn:443":             "a.gov.cn",
	} {
		if got := SiteKey(in); got != want {
			t.Errorf("SiteKey(%q) = %q, want %q", in, got, want)
		}
	}
	dir := t.TempDir()
	t.Setenv("XDG_DATA_HOME", dir)
	if p, err := DefaultPath(); err != nil || p != filepath.Join(dir, "gongkai", "history.db") {
		t.Errorf("DefaultPath = %q, %v", p, err)
	}
}
