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
		Timestamp  string `xml:"timestamp,attr"`
		Time       string `xml:"time,attr"`
		Properties []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:"value,attr"`
		} `xml:"properties>property"`
		Cases []struct {
			Classname string `xml:"classname,attr"`
			Name      string `xml:"name,attr"`
			Failures  []struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestWriteJUnit(t *testing.T) {
	r := sampleReport()
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
	r := sampleReport()
	r.Findings = append(r.Findings, r.Findings[1], r.Findings[1])
	r.Findings[0].Message = "控制字符\x00\x1b仍是合法 XML"
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc parsedJUnit
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	if n := len(doc.Suites[0].Cases[1].Failures); n != 3 {
		t.Errorf("link-broken has %d failures, want 3", n)
	}
	if doc.Suites[0].Failures != 5 {
		t.Errorf("suite failures = %d, want 5 failed testcases", doc.Suites[0].Failures)
	}
}

func TestWriteJUnitEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, emptyReport()); err != nil {
		t.Fatal(err)
	}
	var doc parsedJUnit
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Tests != 0 || doc.Suites[0].Failures != 0 {
		t.Errorf("empty report: %+v", doc)
	}
}
