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
		"a|b":                 `a\|b`,
		`a\|b`:                `a\\\|b`,
		"<script>x</script>":  "&lt;script&gt;x&lt;/script&gt;",
		"line1\r\nline2\nx\r": "line1 line2 x",
		// Page text that would render as an image, a mention, a link
		// and an issue reference in a pull-request comment.
		"![t](http://x/t.png) @someone [点我](javascript:alert(1)) #12": `!\[t\](http://x/t.png) @&#8203;someone \[点我\](javascript:alert(1)) #&#8203;12`,
		"*粗体* _斜体_ ~~删除~~ `代码` $x^2$ a_b":                             "\\*粗体\\* \\_斜体\\_ \\~\\~&#8203;删除\\~\\~ \\`代码\\` \\$x^2\\$ a_b",
		"&lt;img src=x&gt; &#64;x !3 %4 ~bug":                         "&amp;lt;img src=x&amp;gt; &amp;#&#8203;64;x !&#8203;3 %&#8203;4 \\~&#8203;bug",
		"C# 与 @ 与 50%":                                                "C# 与 @ 与 50%",
		strings.Repeat("长", mdMaxCell+5):                              strings.Repeat("长", mdMaxCell-1) + "…",
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every field taken from a site is inert in a pull-request comment: no
// image, link, mention, issue reference or HTML survives.
func TestWriteMarkdownInjection(t *testing.T) {
	const inject = "![t](http://x/t.png) @someone [点我](javascript:alert(1)) #12 <img src=x>"
	r := sampleReport()
	r.Site = "http://www.example.gov.cn/?q=" + inject
	r.StopReason = inject
	r.Complete = false
	r.Score.Veto = []string{inject}
	r.Findings[0].Message = inject
	r.Findings[1].URL = "http://www.example.gov.cn/[点我](javascript:alert(1))"
	r.Findings[2].Rule = "@someone"
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	// Escaped brackets are text; only unescaped ones make links.
	out := strings.NewReplacer(`\[`, "", `\]`, "").Replace(buf.String())
	for _, bad := range []string{"![", "](", "[点我", "@someone", "#12", "<img"} {
		if strings.Contains(out, bad) {
			t.Errorf("the summary contains %q:\n%s", bad, out)
		}
	}
}
