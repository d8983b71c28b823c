// Package pipeline decides what a run's findings amount to. It stands
// between the linters (checks.Run) and the printers (package report), as
// golangci-lint's processors do: waivers, the indicator score, the status
// against a baseline, --fail-on, the mailbox figures and, for a batch, the
// ranking and pass marks. report only writes what this package hands it.
package pipeline

import (
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/report"
)

// Input is what one scan's rules produced, with what the run was told.
type Input struct {
	// Header holds the report's run facts (tool, version, site, as-of,
	// times, pages, completeness); Run fills in the rest.
	Header   report.Report
	Findings []checks.Finding
	// Rules are the rules that ran, in registry order.
	Rules     []checks.Rule
	Mailboxes []checks.MailboxFigures
	Profile   *config.Profile
	AsOf      time.Time
	// Baseline is a previous report of the site; nil: no statuses.
	Baseline *report.Report
	FailOn   string // "", or one of FailOnLevels
}

// Result is the report to print and what the run ends with.
type Result struct {
	Report *report.Report
	// Waived counts findings suppressed by unexpired profile waivers.
	Waived int
	// FailOnMet is true when a finding reaches the --fail-on level.
	FailOnMet bool
}

// Run applies the processors in order: waivers, score, mailbox figures,
// baseline status, fail-on.
func Run(in Input) *Result {
	profile := in.Profile
	if profile == nil {
		profile = &config.Profile{}
	}
	findings, waived := ApplyWaivers(in.Findings, profile.Waivers, in.AsOf)
	sc := checks.ComputeScore(findings, in.Rules, profile.Points)
	rep := in.Header
	rep.Score = report.Score{Total: sc.Total, Veto: sc.Veto, Deductions: sc.Deductions}
	rep.Findings = findings
	rep.Rules = ruleMetas(in.Rules, profile.Points)
	if rep.Findings == nil {
		rep.Findings = []checks.Finding{}
	}
	rep.Mailboxes = mailboxes(in.Mailboxes)
	if in.Baseline != nil {
		ApplyBaseline(&rep, in.Baseline, rep.Complete)
	}
	return &Result{Report: &rep, Waived: waived, FailOnMet: FailOnMet(in.FailOn, rep.Findings)}
}

// ruleMetas is the catalogue of the rules that ran, with the profile's
// points where it overrides them.
func ruleMetas(rules []checks.Rule, points map[string]float64) []checks.Meta {
	metas := make([]checks.Meta, len(rules))
	for i, r := range rules {
		metas[i] = r.Meta()
		if p, ok := points[metas[i].ID]; ok {
			metas[i].Points, metas[i].PointsBasis = p, "profile"
		}
	}
	return metas
}

// mailboxes are the reply-time figures as the report shows them.
func mailboxes(figures []checks.MailboxFigures) []report.Mailbox {
	var out []report.Mailbox
	for _, m := range figures {
		out = append(out, report.Mailbox{Name: m.Name, URL: m.URL, Letters: m.Letters, LastYear: m.LastYear,
			Answered: m.Answered, Overdue: m.Overdue, MedianReplyDays: m.MedianReplyDays, MaxReplyDays: m.MaxReplyDays})
	}
	return out
}
