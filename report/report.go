// Package report writes the results of a scan: JSON per the public contract
// and the 整改清单 workbook. Writers never filter or decide anything; they
// render exactly the findings they are given.
package report

import (
	"time"

	"github.com/gongkai/gongkai/checks"
)

// Report is the whole outcome of one scan, in the JSON shape of the contract.
type Report struct {
	Tool string `json:"tool"`
	// Schema is the version of this JSON shape; readers refuse newer ones.
	Schema     int              `json:"schema"`
	Version    string           `json:"version"`
	Site       string           `json:"site"`
	AsOf       string           `json:"as_of"` // YYYY-MM-DD
	StartedAt  time.Time        `json:"started_at"`
	FinishedAt time.Time        `json:"finished_at"`
	Pages      int              `json:"pages"`
	Complete   bool             `json:"complete"`
	StopReason string           `json:"stop_reason,omitempty"`
	Score      Score            `json:"score"`
	Findings   []checks.Finding `json:"findings"`
	// Resolved are baseline findings that are gone (only with --baseline).
	Resolved []checks.Finding `json:"resolved,omitempty"`
	// Rules is the catalogue of rules that ran, for the summary sheet.
	Rules []checks.Meta `json:"-"`
	// Mailboxes are the reply-time figures of the site's 政务咨询 mailboxes.
	Mailboxes []Mailbox `json:"mailboxes,omitempty"`

	// The workbook only: what the office typed in the workbook this one
	// replaces, carried over by the caller (package carry).
	//
	// Office are the office's cells by fingerprint, for the rows of
	// Findings, Resolved, Gone and Unchecked.
	Office map[string]OfficeCells `json:"-"`
	// Gone are rows of the replaced workbook whose finding this complete
	// scan no longer reports: sheet 已解决, after Resolved.
	Gone []checks.Finding `json:"-"`
	// Unchecked are such rows when the scan was incomplete (it may not
	// have looked there): sheet 未复查, never claimed resolved.
	Unchecked []checks.Finding `json:"-"`
	// Screenshots are the findings' page images (--screenshots), by
	// fingerprint, as paths relative to the workbook's directory.
	Screenshots map[string]string `json:"-"`
}

// OfficeCells are the cells of a row that a person fills in.
type OfficeCells struct {
	Rectify string // 整改状态
	Dept    string // 责任科室
	Note    string // 备注
}

// Mailbox is one 政务咨询 mailbox's reply-time figures; -1 means no data.
type Mailbox struct {
	Name            string `json:"name"`
	URL             string `json:"url"`
	Letters         int    `json:"letters"`
	LastYear        int    `json:"last_year"`
	Answered        int    `json:"answered"`
	Overdue         int    `json:"overdue"`
	MedianReplyDays int    `json:"median_reply_days"`
	MaxReplyDays    int    `json:"max_reply_days"`
}

// SchemaVersion is the JSON shape this gongkai writes and reads.
const SchemaVersion = 1

// Score is the indicator score of the 2019 national indicators.
type Score struct {
	Total      float64            `json:"total"`
	Veto       []string           `json:"veto"`
	Deductions map[string]float64 `json:"deductions"`
}
