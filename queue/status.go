package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/gongkai/gongkai/report"
)

// Site states as `batch status` shows them.
const (
	StateDone     = "done"
	StateRunning  = "running"
	StateFailed   = "failed"
	StateWaiting  = "waiting"  // not started yet, or its host is busy
	StateRetrying = "retrying" // failed once, will be tried again
)

// SiteStatus is one site of a period.
type SiteStatus struct {
	Line     int      `json:"line"`
	Site     string   `json:"site"`
	Name     string   `json:"name"`
	URL      string   `json:"url"`
	Unit     string   `json:"unit"`
	AsOf     string   `json:"as_of"`
	State    string   `json:"state"`
	Attempts int      `json:"attempts"`
	Worker   string   `json:"worker,omitempty"`
	Reason   string   `json:"reason,omitempty"` // why it failed, or the last attempt's error
	Score    *float64 `json:"score,omitempty"`
	Findings *int     `json:"findings,omitempty"`
	Pages    *int     `json:"pages,omitempty"`
}

// WorkerStatus is one worker's last report.
type WorkerStatus struct {
	ID        string    `json:"id"`
	Host      string    `json:"host"`
	State     string    `json:"state"` // running | stopping | stopped | lost
	MaxSites  int       `json:"max_sites"`
	Running   int       `json:"running"`
	Done      int       `json:"done"`
	Failed    int       `json:"failed"`
	Pages     int64     `json:"pages"`
	PagesPerS float64   `json:"pages_per_s"`
	Errors    int64     `json:"errors"`
	SeenAt    time.Time `json:"seen_at"`
}

// Status reads where every site of the period stands, and the workers.
func (q *Queue) Status(ctx context.Context, period string) ([]SiteStatus, []WorkerStatus, error) {
	rows, err := q.db.QueryContext(ctx, `
SELECT s.line, s.site, s.name, s.url, s.unit, s.as_of,
       r.status, r.reason, r.score, r.findings, r.pages, r.worker,
       j.state, j.attempt, j.attempted_by[array_length(j.attempted_by, 1)], j.errors[array_length(j.errors, 1)] ->> 'error'
FROM gongkai_sites s
LEFT JOIN gongkai_results r ON r.period = s.period AND r.site = s.site
LEFT JOIN (
	-- each site's newest job of the period, from one pass over River's
	-- jobs (a lookup per site would read them all per site: 14,000² rows)
	SELECT DISTINCT ON (args ->> 'site') args ->> 'site' AS site, state::text AS state, attempt, attempted_by, errors
	FROM river_job WHERE kind = $2 AND args ->> 'period' = $1
	ORDER BY args ->> 'site', id DESC) j ON j.site = s.site
WHERE s.period = $1
ORDER BY s.line, s.site`, period, Kind)
	if err != nil {
		return nil, nil, q.connError(err)
	}
	defer rows.Close()
	var sites []SiteStatus
	for rows.Next() {
		var s SiteStatus
		var status, reason, worker, jstate, jworker, jerr sql.NullString
		var score sql.NullFloat64
		var findings, pages, attempt sql.NullInt64
		if err := rows.Scan(&s.Line, &s.Site, &s.Name, &s.URL, &s.Unit, &s.AsOf, &status, &reason, &score, &findings, &pages, &worker,
			&jstate, &attempt, &jworker, &jerr); err != nil {
			return nil, nil, q.connError(err)
		}
		s.Attempts = int(attempt.Int64)
		switch {
		case status.String == "done":
			s.State, s.Worker = StateDone, worker.String
			v, f, p := score.Float64, int(findings.Int64), int(pages.Int64)
			s.Score, s.Findings, s.Pages = &v, &f, &p
		case status.String == "failed":
			s.State, s.Worker, s.Reason = StateFailed, worker.String, reason.String
		case jstate.String == "running":
			s.State, s.Worker = StateRunning, jworker.String
		case jstate.String == "retryable":
			s.State, s.Reason = StateRetrying, jerr.String
		case jstate.String == "discarded" || jstate.String == "cancelled":
			s.State, s.Reason = StateFailed, jerr.String
		default:
			s.State = StateWaiting
		}
		sites = append(sites, s)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, q.connError(err)
	}
	workers, err := q.workers(ctx)
	return sites, workers, err
}

func (q *Queue) workers(ctx context.Context) ([]WorkerStatus, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, host, state, max_sites, running, done, failed, pages, pages_per_s, errors, seen_at,
		seen_at < now() - interval '2 minutes' FROM gongkai_workers
		WHERE seen_at > now() - interval '1 day' -- last month's fleet is history, not status
		ORDER BY started_at, id`)
	if err != nil {
		return nil, q.connError(err)
	}
	defer rows.Close()
	var out []WorkerStatus
	for rows.Next() {
		var w WorkerStatus
		var stale bool
		if err := rows.Scan(&w.ID, &w.Host, &w.State, &w.MaxSites, &w.Running, &w.Done, &w.Failed, &w.Pages, &w.PagesPerS, &w.Errors, &w.SeenAt, &stale); err != nil {
			return nil, q.connError(err)
		}
		if stale && w.State != "stopped" {
			w.State = "lost" // no report for two minutes: dead or cut off
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Result is one recorded site of a period.
type Result struct {
	Site   SiteStatus
	Report *report.Report // nil unless done
	JSON   []byte         // the report as scan writes it
}

// Results reads the period's sites in list order, with each recorded
// site's report.
func (q *Queue) Results(ctx context.Context, period string) ([]Result, error) {
	sites, _, err := q.Status(ctx, period)
	if err != nil {
		return nil, err
	}
	reports := map[string]string{}
	rows, err := q.db.QueryContext(ctx, `SELECT site, report FROM gongkai_results WHERE period = $1 AND status = 'done'`, period)
	if err != nil {
		return nil, q.connError(err)
	}
	defer rows.Close()
	for rows.Next() {
		var site, js string
		if err := rows.Scan(&site, &js); err != nil {
			return nil, q.connError(err)
		}
		reports[site] = js
	}
	if err := rows.Err(); err != nil {
		return nil, q.connError(err)
	}
	out := make([]Result, len(sites))
	for i, s := range sites {
		out[i].Site = s
		js, ok := reports[s.Site]
		if s.State != StateDone || !ok {
			continue
		}
		var r report.Report
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			// Written by this program in this transaction: not expected.
			out[i].Site.State, out[i].Site.Reason = StateFailed, "数据库中的报告无法读取"
			continue
		}
		out[i].Report, out[i].JSON = &r, []byte(js)
	}
	return out, nil
}
