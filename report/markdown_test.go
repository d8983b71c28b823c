package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
)

func TestWriteMarkdownGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden.md", buf.Bytes())
}

func TestWriteMarkdownEmptyGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, emptyReport()); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary-empty.golden.md", buf.Bytes())
}

func TestWriteMarkdownCap(t *testing.T) {
	r := sampleReport()
	r.Findings = nil
	for i := range mdMaxRows + 5 {
		r.Findings = append(r.Findings, checks.Finding{
			Rule: "link-broken", Severity: checks.Deduct,
			URL: fmt.Sprintf("http://www.example.gov.cn/p%d.html", i), Message: "a|b\nc",
		})
	}
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, "| link-broken 错链断链 |"); n != mdMaxRows {
		t.Errorf("%d finding rows, want %d", n, mdMaxRows)
	}
	if !strings.Contains(out, "… 另有 5 条问题") {
		t.Errorf("no line for the 5 findings not shown:\n%s", out)
	}
	if !strings.Contains(out, `| a\|b c |`) {
		t.Errorf("| not escaped or newline kept:\n%s", out)
	}
	// Every table row has the same number of unescaped separators.
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "| ") && strings.Contains(line, "link-broken") {
			if n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|"); n != 6 {
				t.Errorf("row has %d separators: %s", n, line)
			}
		}
	}
}

func TestMdCell(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":                            `a\|b`,
		`a\|b`:                           `a\\\|b`,
		"<script>x</script>":             "&lt;script&gt;x&lt;/script&gt;",
		"line1\r\nline2\nx\r":            "line1 line2 x",
		strings.Repeat("长", mdMaxCell+5): strings.Repeat("长", mdMaxCell-1) + "…",
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
}
