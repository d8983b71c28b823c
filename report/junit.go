package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/checks"
)

// JUnit XML elements. The shape is the common Jenkins/GitLab dialect.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr,omitempty"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Time       string          `xml:"time,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string         `xml:"classname,attr"`
	Name      string         `xml:"name,attr"`
	Skipped   *junitSkipped  `xml:"skipped"`
	Failures  []junitFailure `xml:"failure"`
	SystemOut string         `xml:"system-out,omitempty"`
}

// junitSkipped marks a rule whose findings were all in the baseline.
type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Body    string `xml:",chardata"`
}

// WriteJUnit writes r as JUnit XML: one testsuite "gongkai" with one
// testcase per rule of r.Rules (classname the rule id, name its 名称), so CI
// shows every rule that ran. A testcase has one <failure> per finding of its
// rule. Findings of a rule missing from r.Rules get a testcase of their own,
// after the catalogue, so that none is lost.
//
// With a baseline (findings carry a Status), only new findings are
// failures, as README promises CI: a persisting finding is listed in the
// testcase's system-out, and a rule with persisting findings only is
// skipped, so known problems do not fail the build.
func WriteJUnit(w io.Writer, r *Report) error {
	cases := make([]junitCase, 0, len(r.Rules))
	idx := make(map[string]int, len(r.Rules))
	for _, m := range r.Rules {
		if _, dup := idx[m.ID]; dup {
			continue
		}
		idx[m.ID] = len(cases)
		cases = append(cases, junitCase{Classname: m.ID, Name: m.Name})
	}
	known := map[int][]*checks.Finding{} // persisting findings by testcase
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := idx[f.Rule]
		if !ok {
			k = len(cases)
			idx[f.Rule] = k
			cases = append(cases, junitCase{Classname: f.Rule, Name: f.Rule})
		}
		if f.Status == "persisting" {
			known[k] = append(known[k], f)
			continue
		}
		cases[k].Failures = append(cases[k].Failures, junitFailure{
			Message: f.Message,
			Type:    string(f.Severity),
			Body:    failureBody(f),
		})
	}
	failed, skipped := 0, 0
	for k := range cases {
		c := &cases[k]
		if fs := known[k]; len(fs) > 0 {
			c.SystemOut = persistingText(fs)
			if len(c.Failures) == 0 {
				c.Skipped = &junitSkipped{Message: fmt.Sprintf("%d 个问题在基线中已存在，不是新增问题", len(fs))}
				skipped++
			}
		}
		if len(c.Failures) > 0 {
			failed++
		}
	}
	suite := junitSuite{
		Name:     "gongkai",
		Tests:    len(cases),
		Failures: failed,
		Skipped:  skipped,
		Properties: []junitProperty{
			{Name: "site", Value: r.Site},
			{Name: "as_of", Value: r.AsOf},
			{Name: "pages", Value: strconv.Itoa(r.Pages)},
			{Name: "complete", Value: strconv.FormatBool(r.Complete)},
			{Name: "score", Value: strconv.FormatFloat(r.Score.Total, 'f', -1, 64)},
		},
		Cases: cases,
	}
	if !r.StartedAt.IsZero() {
		suite.Timestamp = r.StartedAt.Format(time.RFC3339)
		if r.FinishedAt.After(r.StartedAt) {
			suite.Time = fmt.Sprintf("%.3f", r.FinishedAt.Sub(r.StartedAt).Seconds())
		}
	}
	doc := junitSuites{
		Name:     "gongkai",
		Tests:    suite.Tests,
		Failures: suite.Failures,
		Skipped:  suite.Skipped,
		Time:     suite.Time,
		Suites:   []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// persistingText lists a testcase's persisting findings, one block each.
func persistingText(fs []*checks.Finding) string {
	var b strings.Builder
	b.WriteString("基线中已存在的问题（不计为失败）：")
	for _, f := range fs {
		b.WriteString("\n\n")
		b.WriteString(f.Message)
		b.WriteString("\n")
		b.WriteString(failureBody(f))
		if b.Len() > 3*maxCellChars {
			break
		}
	}
	return clampCell(b.String())
}

// failureBody is the text of a <failure>: the page, then the evidence.
func failureBody(f *checks.Finding) string {
	// Clamped like a cell: a link referred to by every page of a large site
	// would otherwise make a failure of megabytes.
	if ev := evidenceText(f); ev != "" {
		return clampCell(f.URL + "\n" + ev)
	}
	return clampCell(f.URL)
}
