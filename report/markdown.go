package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
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

// mdText escapes text from pages for Markdown outside tables: no raw HTML.
func mdText(s string) string {
	return mdEscaper.Replace(s)
}

// mdCell makes s one table cell: shortened, on one line, with | escaped so
// it cannot split the row.
func mdCell(s string) string {
	if utf8.RuneCountInString(s) > mdMaxCell {
		s = string([]rune(s)[:mdMaxCell-1]) + "…"
	}
	return strings.TrimSpace(mdEscaper.Replace(s))
}

// mdEscaper escapes the backslash first so an escaped pipe stays escaped,
// and turns markup from pages into text.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`,
	`|`, `\|`,
	`<`, `&lt;`,
	`>`, `&gt;`,
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
)
