package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// mdMaxRows caps the findings table: a pull-request comment must stay
	// readable; the workbook has the full list.
	mdMaxRows = 20
	// mdMaxCell caps a table cell, in characters.
	mdMaxCell = 120
)

// WriteMarkdown writes a pull-request-sized summary of r: site, date, score,
// counts by category and the first findings (in the given order) as a table.
func WriteMarkdown(w io.Writer, r *Report) error {
	names := ruleNames(r.Rules)
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("## gongkai 检查结果：%s\n\n", mdText(r.Site))
	p("- 检查日期：%s\n", mdText(r.AsOf))
	p("- 页面数：%d\n", r.Pages)
	p("- 扫描状态：%s\n", mdText(scanState(r)))
	p("- 指标得分：%s\n", strconv.FormatFloat(r.Score.Total, 'f', -1, 64))
	p("- 单项否决：%s\n\n", mdText(vetoText(r.Score.Veto, names)))

	p("| 问题类别 | 数量 |\n|---|---:|\n")
	for _, c := range countByCategory(r.Findings) {
		p("| %s | %d |\n", mdCell(c.Severity.Chinese()), c.Count)
	}
	p("| 合计 | %d |\n\n", len(r.Findings))

	if len(r.Findings) == 0 {
		p("未发现问题。\n")
		return bw.Flush()
	}
	withStatus := false
	for i := range r.Findings {
		if r.Findings[i].Status != "" {
			withStatus = true
			break
		}
	}
	shown := min(len(r.Findings), mdMaxRows)
	if shown < len(r.Findings) {
		p("### 问题清单（前 %d 条，共 %d 条）\n\n", shown, len(r.Findings))
	} else {
		p("### 问题清单（共 %d 条）\n\n", shown)
	}
	if withStatus {
		p("| 序号 | 状态 | 问题类别 | 指标 | 问题描述 | 问题页面 |\n|---:|---|---|---|---|---|\n")
	} else {
		p("| 序号 | 问题类别 | 指标 | 问题描述 | 问题页面 |\n|---:|---|---|---|---|\n")
	}
	for i := range shown {
		f := &r.Findings[i]
		p("| %d |", i+1)
		if withStatus {
			p(" %s |", mdCell(statusLabel(f.Status)))
		}
		p(" %s | %s | %s | %s |\n", mdCell(f.Severity.Chinese()), mdCell(ruleLabel(f.Rule, names)),
			mdCell(f.Message), mdCell(f.URL))
	}
	if rest := len(r.Findings) - shown; rest > 0 {
		p("\n… 另有 %d 条问题，见整改清单。\n", rest)
	}
	return bw.Flush()
}

// mdText escapes text from pages for Markdown outside tables (see mdEscape).
func mdText(s string) string {
	return mdEscape(s)
}

// mdCell makes s one table cell: shortened, on one line, with | escaped so
// it cannot split the row.
func mdCell(s string) string {
	if utf8.RuneCountInString(s) > mdMaxCell {
		s = string([]rune(s)[:mdMaxCell-1]) + "…"
	}
	return strings.TrimSpace(mdEscape(s))
}

// mdEscape turns text from a site into inert Markdown text on one line:
// page text in a pull-request comment must not render as an image, a link,
// HTML, emphasis or math, nor ping a person (@name) or link an issue
// (#12, GitLab's !12 %12 &12 ~label $12). Markup characters are
// backslash-escaped (the backslash first, so an escaped pipe stays
// escaped), HTML characters become entities, and a zero-width space after
// a reference sigil breaks the reference, as backslashes do not.
func mdEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '_':
			// Between letters or digits (a URL's t2025_1.html) it cannot
			// emphasise anything; escaping it would only split autolinks.
			if i-size > 0 && i < len(s) && isAlnum(s[i-size-1]) && isAlnum(s[i]) {
				b.WriteByte('_')
				continue
			}
			b.WriteString(`\_`)
		case '\\', '`', '*', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte(' ')
		case '\n':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		if i < len(s) {
			next, _ := utf8.DecodeRuneInString(s[i:])
			mention := (r == '@' || r == '~') && (unicode.IsLetter(next) || unicode.IsDigit(next))
			ref := strings.ContainsRune("#!%&$", r) && unicode.IsDigit(next)
			if mention || ref {
				b.WriteString("&#8203;")
			}
		}
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
