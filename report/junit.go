package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
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
	Failures  []junitFailure `xml:"failure"`
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
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := idx[f.Rule]
		if !ok {
			k = len(cases)
			idx[f.Rule] = k
			cases = append(cases, junitCase{Classname: f.Rule, Name: f.Rule})
		}
		cases[k].Failures = append(cases[k].Failures, junitFailure{
			Message: f.Message,
			Type:    string(f.Severity),
			Body:    failureBody(f),
		})
	}
	failed := 0
	for _, c := range cases {
		if len(c.Failures) > 0 {
			failed++
		}
	}
	suite := junitSuite{
		Name:     "gongkai",
		Tests:    len(cases),
		Failures: failed,
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

// failureBody is the text of a <failure>: the page, then the evidence.
func failureBody(f *checks.Finding) string {
	// Clamped like a cell: a link referred to by every page of a large site
	// would otherwise make a failure of megabytes.
	if ev := evidenceText(f); ev != "" {
		return clampCell(f.URL + "\n" + ev)
	}
	return clampCell(f.URL)
}
