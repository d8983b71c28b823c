package batch

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// Recorded is one site of a period whose scan was done elsewhere (a queue
// worker): its report as the worker wrote it, or why it failed.
type Recorded struct {
	Site   Site
	Status string // StatusDone, StatusFailed or StatusWaiting
	Err    string
	JSON   []byte // the report, byte for byte as scan writes it
	Report *report.Report
}

// ReportOptions is what `gongkai batch report` writes, and where.
type ReportOptions struct {
	OutDir string
	Period string // YYYY-MM
	AsOf   string // YYYY-MM-DD of the 月度通报
	HTML   bool
	Trend  TrendLoader // nil: no trend
}

// WriteReports writes what a one-machine batch would have written for
// these sites: each done site's JSON (as recorded) and 整改清单 (carrying
// over what the office typed in the one it replaces), and the 月度通报.
func WriteReports(o ReportOptions, sites []Recorded) (*Outcome, error) {
	if o.OutDir == "" {
		o.OutDir = "."
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, scan.Usagef("--out %s cannot be created; choose a writable directory", o.OutDir)
	}
	if err := scan.CheckOutput("--out", filepath.Join(o.OutDir, SummaryName(o.Period))); err != nil {
		return nil, err
	}
	out := &Outcome{Results: make([]Result, len(sites))}
	for i, rec := range sites {
		r := Result{Site: rec.Site, Status: rec.Status, Err: rec.Err}
		if rec.Status == StatusDone && rec.Report != nil {
			rep := rec.Report
			if len(rep.Rules) == 0 {
				for _, rule := range checks.Registry() {
					rep.Rules = append(rep.Rules, rule.Meta())
				}
			}
			r.Report = rep
			r.JSON = filepath.Join(o.OutDir, jsonName(rec.Site, rep.AsOf))
			r.Workbook = workbookFor(o.OutDir, rec.Site, rep.AsOf)
			if err := report.WriteBytesFile(r.JSON, rec.JSON); err != nil {
				return out, scan.Failedf("cannot write %s: %s", r.JSON, scan.PathProblem(err))
			}
			carried, err := scan.WriteWorkbook(r.Workbook, rep)
			if err != nil {
				return out, err
			}
			warnings, info := carried.Notes()
			r.Warning, r.Carried = strings.Join(warnings, "; "), strings.Join(info, "; ")
		}
		out.Results[i] = r
	}
	if err := writeSummary(o.OutDir, o.Period, o.AsOf, out, o.Trend, o.HTML); err != nil {
		return out, err
	}
	return out, nil
}
