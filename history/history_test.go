package history

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
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

func TestRecordAndLoad(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sub", "history.db")
	const site = "https://www.example.gov.cn/"
	for _, r := range []*report.Report{
		rep(site, "2025-09-25", true, 90, "link-broken", "link-broken", "meta-tags"),
		rep(site, "2025-10-25", true, 95, "link-broken"),
		// A later scan of October that did not finish does not stand for
		// the month: the complete one does.
		rep(site, "2025-10-28", false, 99),
		rep(site, "2025-11-25", true, 80, "homepage-stale", "link-broken"),
		rep("http://other.gov.cn/", "2025-11-25", true, 70, "meta-tags"),
	} {
		if err := Record(db, r); err != nil {
			t.Fatal(err)
		}
	}
	// Recording the same scan again replaces it.
	if err := Record(db, rep(site, "2025-11-25", true, 80, "homepage-stale", "link-broken")); err != nil {
		t.Fatal(err)
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
	if _, err := Load(filepath.Join(t.TempDir(), "none.db"), site, 0); !errors.Is(err, ErrNoHistory) {
		t.Errorf("no database: %v", err)
	}
	sites, err := Sites(db)
	if err != nil || !reflect.DeepEqual(sites, []string{"other.gov.cn", "www.example.gov.cn"}) {
		t.Errorf("sites = %v, %v", sites, err)
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
