package pipeline

import (
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/report"
)

// Finding statuses against a baseline.
const (
	StatusNew        = "new"
	StatusPersisting = "persisting"
	StatusResolved   = "resolved"
)

// ApplyBaseline marks each finding new or persisting and lists the baseline
// findings that are gone. An incomplete scan did not look everywhere, so it
// claims nothing resolved.
func ApplyBaseline(rep, base *report.Report, complete bool) {
	old := map[string]bool{}
	for _, f := range base.Findings {
		old[f.Fingerprint] = true
	}
	cur := map[string]bool{}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		cur[f.Fingerprint] = true
		if old[f.Fingerprint] {
			f.Status = StatusPersisting
		} else {
			f.Status = StatusNew
		}
	}
	for _, f := range base.Findings {
		if complete && !cur[f.Fingerprint] {
			f.Status = StatusResolved
			rep.Resolved = append(rep.Resolved, f)
		}
	}
}

// Diff compares two reports: the result is cur with each finding marked new
// or persisting and old's vanished findings as Resolved. Unlike a scan, it
// trusts cur's completeness as recorded in the report.
func Diff(old, cur *report.Report) *report.Report {
	d := *cur
	d.Findings = append([]checks.Finding(nil), cur.Findings...)
	d.Resolved = nil
	ApplyBaseline(&d, old, cur.Complete)
	for _, r := range checks.Registry() {
		d.Rules = append(d.Rules, r.Meta()) // names for the workbook; JSON does not carry them
	}
	return &d
}
