package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
)

// parsedJUnit is the JUnit document as a CI server reads it.
type parsedJUnit struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name       string `xml:"name,attr"`
		Tests      int    `xml:"tests,attr"`
		Failures   int    `xml:"failures,attr"`
		Skipped    int    `xml:"skipped,attr"`
		Timestamp  string `xml:"timestamp,attr"`
		Time       string `xml:"time,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Skipped   *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
			Failures  []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// withoutStatus is the sample report of a scan without --baseline.
func withoutStatus() *Report {
	r := sampleReport()
	for i := range r.Findings {
		r.Findings[i].Status = ""
	}
	return r
}

// parseJUnit writes r as JUnit XML and reads it back; the XML declaration
// must come first.
func parseJUnit(t *testing.T, r *Report) parsedJUnit {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Error("no XML declaration")
	}
	var doc parsedJUnit
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, buf.String())
	}
	return doc
}

func TestWriteJUnit(t *testing.T) {
	r := withoutStatus()
	doc := parseJUnit(t, r)
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "gongkai" {
		t.Fatalf("want one testsuite gongkai, got %+v", doc.Suites)
	}
	s := doc.Suites[0]
	// The five catalogue rules, then custom-rule which is not in it.
	wantCases := []struct {
		classname, name string
		failures        int
	}{
		{classname: "pii-mobile", name: "泄露手机号", failures: 1},
		{classname: "link-broken", name: "错链断链", failures: 1},
		{classname: "column-stale", name: "栏目不更新", failures: 1},
		{classname: "interp-missing", name: "未配发解读", failures: 0},
		{classname: "meta-tags", name: "网页元数据缺失", failures: 1},
		{classname: "custom-rule", name: "custom-rule", failures: 1},
	}
	if len(s.Cases) != len(wantCases) {
		t.Fatalf("%d testcases, want %d", len(s.Cases), len(wantCases))
	}
	for i, w := range wantCases {
		c := s.Cases[i]
		if c.Classname != w.classname || c.Name != w.name || len(c.Failures) != w.failures {
			t.Errorf("testcase %d = %s %s with %d failures, want %s %s with %d",
				i, c.Classname, c.Name, len(c.Failures), w.classname, w.name, w.failures)
		}
	}
	if s.Tests != 6 || s.Failures != 5 || doc.Tests != 6 || doc.Failures != 5 {
		t.Errorf("counts: suite %d/%d, root %d/%d; want 6 tests, 5 failed", s.Tests, s.Failures, doc.Tests, doc.Failures)
	}
	if s.Timestamp != "2026-01-15T09:30:00+08:00" || s.Time != "725.000" {
		t.Errorf("timestamp %q time %q", s.Timestamp, s.Time)
	}
	link := s.Cases[1].Failures[0]
	wantBody := urlSpace + "\nHTTP 404\n引用页面：\nhttp://www.example.gov.cn/a.html\nhttp://www.example.gov.cn/b.html"
	if link.Message != "附件链接无法访问（404）" || link.Type != "deduct" || link.Body != wantBody {
		t.Errorf("failure = %+v", link)
	}
	if got := s.Cases[4].Failures[0].Message; got != injectCmd {
		t.Errorf("message = %q, want %q", got, injectCmd)
	}
}

func TestWriteJUnitMultipleFailures(t *testing.T) {
	r := withoutStatus()
	r.Findings = append(r.Findings, r.Findings[1], r.Findings[1])
	r.Findings[0].Message = "控制字符\x00\x1b仍是合法 XML"
	doc := parseJUnit(t, r)
	if n := len(doc.Suites[0].Cases[1].Failures); n != 3 {
		t.Errorf("link-broken has %d failures, want 3", n)
	}
	if doc.Suites[0].Failures != 5 {
		t.Errorf("suite failures = %d, want 5 failed testcases", doc.Suites[0].Failures)
	}
}

func TestWriteJUnitEmpty(t *testing.T) {
	doc := parseJUnit(t, emptyReport())
	if len(doc.Suites) != 1 || doc.Suites[0].Tests != 0 || doc.Suites[0].Failures != 0 {
		t.Errorf("empty report: %+v", doc)
	}
}

// With a baseline only new findings fail; a rule whose findings were all
// in the baseline is skipped and lists them in system-out.
func TestWriteJUnitBaseline(t *testing.T) {
	// sampleReport: pii-mobile, column-stale and custom-rule new;
	// link-broken and meta-tags persisting.
	doc := parseJUnit(t, sampleReport())
	s := doc.Suites[0]
	if s.Failures != 3 || doc.Failures != 3 || s.Skipped != 2 {
		t.Errorf("failures %d (root %d), skipped %d; want 3 failed, 2 skipped", s.Failures, doc.Failures, s.Skipped)
	}
	link := s.Cases[1]
	if len(link.Failures) != 0 || link.Skipped == nil || !strings.Contains(link.SystemOut, urlSpace) {
		t.Errorf("persisting link-broken: %d failures, skipped %v, system-out %q", len(link.Failures), link.Skipped, link.SystemOut)
	}

	// No new finding at all: nothing fails.
	r := sampleReport()
	for i := range r.Findings {
		r.Findings[i].Status = "persisting"
	}
	doc = parseJUnit(t, r)
	if doc.Failures != 0 || doc.Suites[0].Failures != 0 {
		t.Errorf("no new finding, yet %d failures", doc.Failures)
	}
	for _, c := range doc.Suites[0].Cases {
		if len(c.Failures) > 0 {
			t.Errorf("%s has %d failures for persisting findings", c.Classname, len(c.Failures))
		}
	}
	// A rule with a new and a persisting finding fails for the new one only.
	r.Findings = append(r.Findings, r.Findings[1])
	r.Findings[len(r.Findings)-1].Status = "new"
	doc = parseJUnit(t, r)
	if c := doc.Suites[0].Cases[1]; len(c.Failures) != 1 || c.Skipped != nil || c.SystemOut == "" {
		t.Errorf("link-broken with one new, one persisting: %d failures, skipped %v", len(c.Failures), c.Skipped)
	}
}
