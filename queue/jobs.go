package queue

import (
	"context"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivertype"

	"github.com/gongkai/gongkai/scan"
)

// Kind is the River job kind of one site's scan.
const Kind = "gongkai_scan_site"

// Settings are the scan options a job carries to whichever machine works
// it: the crawl settings and the profile's text (a worker elsewhere does not
// have the coordinator's files).
type Settings struct {
	Rate          float64       `json:"rate"`
	Concurrency   int           `json:"concurrency"`
	MaxPages      int           `json:"max_pages"`
	Depth         int           `json:"depth"`
	Timeout       time.Duration `json:"timeout"`
	MaxTime       time.Duration `json:"max_time"`
	IgnoreRobots  bool          `json:"ignore_robots,omitempty"`
	AllowPrivate  bool          `json:"allow_private,omitempty"`
	Exclude       []string      `json:"exclude,omitempty"`
	Include       []string      `json:"include,omitempty"`
	NoExternal    bool          `json:"no_external,omitempty"`
	Resolve       []string      `json:"resolve,omitempty"`
	NoSearchProbe bool          `json:"no_search_probe,omitempty"`
	// Profile is the YAML of the site's profile ("" for none); Calendars
	// the --calendar files' contents.
	Profile   string   `json:"profile,omitempty"`
	Calendars []string `json:"calendars,omitempty"`
}

// SettingsOf takes the crawl settings of o (the batch's options) and reads
// the profile and calendar files they name. A file that cannot be read is a
// usage error, before anything is enqueued.
func SettingsOf(o scan.Options, profilePath string) (Settings, error) {
	s := Settings{
		Rate: o.Rate, Concurrency: o.Concurrency, MaxPages: o.MaxPages, Depth: o.Depth,
		Timeout: o.Timeout, MaxTime: o.MaxTime, IgnoreRobots: o.IgnoreRobots, AllowPrivate: o.AllowPrivate,
		Exclude: o.Exclude, Include: o.Include, NoExternal: o.NoExternal, Resolve: o.Resolve,
		NoSearchProbe: o.NoSearchProbe,
	}
	if profilePath != "" {
		b, err := os.ReadFile(profilePath)
		if err != nil {
			return s, scan.Usagef("the profile %s cannot be read; check the path", profilePath)
		}
		s.Profile = string(b)
	}
	for _, p := range o.CalendarPath {
		b, err := os.ReadFile(p)
		if err != nil {
			return s, scan.Usagef("--calendar %s cannot be read; check the path", p)
		}
		s.Calendars = append(s.Calendars, string(b))
	}
	return s, nil
}

// apply sets the settings on a worker's scan options.
func (s Settings) apply(o *scan.Options) {
	o.Rate, o.Concurrency, o.MaxPages, o.Depth = s.Rate, s.Concurrency, s.MaxPages, s.Depth
	o.Timeout, o.MaxTime, o.IgnoreRobots, o.AllowPrivate = s.Timeout, s.MaxTime, s.IgnoreRobots, s.AllowPrivate
	o.Exclude, o.Include, o.NoExternal, o.Resolve = s.Exclude, s.Include, s.NoExternal, s.Resolve
	o.NoSearchProbe = s.NoSearchProbe
}

// ScanArgs is one site's job for one period. Only the period and the site's
// key make it unique: the same CSV enqueued twice adds nothing.
type ScanArgs struct {
	Period   string   `json:"period" river:"unique"`
	Site     string   `json:"site" river:"unique"` // history.SiteKey of URL
	Name     string   `json:"name"`
	URL      string   `json:"url"`
	Unit     string   `json:"unit"`
	AsOf     string   `json:"as_of"` // YYYY-MM-DD
	Settings Settings `json:"settings"`
}

// Kind is River's name for the job.
func (ScanArgs) Kind() string { return Kind }

// MaxAttempts: a site that fails this often (timeouts, a 5xx start page, a
// worker that died under it) is recorded as failed.
const MaxAttempts = 3

// allStates makes a job unique against every earlier one of the period,
// finished or not: re-enqueueing never scans a site twice.
var allStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateCancelled, rivertype.JobStateCompleted,
	rivertype.JobStateDiscarded, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// InsertOpts are every scan job's.
func (ScanArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: allStates}}
}

// Site is one line of the month's list.
type Site struct {
	Line            int
	Key             string
	Name, URL, Unit string
}

// Enqueued says what Enqueue did.
type Enqueued struct {
	Added, Already int
}

// Enqueue records the period's list and adds one job per site, in one
// transaction: two coordinators enqueueing the same month add each job
// once (River's unique jobs), and a site already recorded this period is
// not enqueued again.
func (q *Queue) Enqueue(ctx context.Context, period, asOf string, sites []Site, settings []Settings) (Enqueued, error) {
	var res Enqueued
	client, err := river.NewClient(riverdatabasesql.New(q.db), &river.Config{})
	if err != nil {
		return res, scan.Failedf("the queue at %s cannot be used (%s)", q.host, oneLine(err))
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return res, q.connError(err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	for i, s := range sites {
		if _, err := tx.ExecContext(ctx, `INSERT INTO gongkai_sites (period, site, line, name, url, unit, as_of) VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (period, site) DO UPDATE SET line = excluded.line, name = excluded.name, url = excluded.url, unit = excluded.unit`,
			period, s.Key, s.Line, s.Name, s.URL, s.Unit, asOf); err != nil {
			return res, q.connError(err)
		}
		var done bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM gongkai_results WHERE period = $1 AND site = $2)`, period, s.Key).Scan(&done); err != nil {
			return res, q.connError(err)
		}
		if done {
			res.Already++
			continue
		}
		r, err := client.InsertTx(ctx, tx, ScanArgs{Period: period, Site: s.Key, Name: s.Name, URL: s.URL, Unit: s.Unit, AsOf: asOf, Settings: settings[i]}, nil)
		if err != nil {
			return res, scan.Failedf("cannot enqueue %s in the queue at %s (%s)", s.Name, q.host, oneLine(err))
		}
		if r.UniqueSkippedAsDuplicate {
			res.Already++
		} else {
			res.Added++
		}
	}
	if err := tx.Commit(); err != nil {
		return Enqueued{}, q.connError(err)
	}
	return res, nil
}

// txOf is the driver type River's *Tx helpers need.
type txOf = *riverdatabasesql.Driver
