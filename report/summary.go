package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/checks"
)

// categoryCount is one row of the counts by 问题类别.
type categoryCount struct {
	Severity checks.Severity
	Count    int
}

// ruleCount is one row of the counts by rule.
type ruleCount struct {
	ID, Name string
	Severity checks.Severity
	Count    int
}

// countByCategory counts findings by severity: the three categories always,
// most serious first, then any other severity in order of appearance.
func countByCategory(findings []checks.Finding) []categoryCount {
	out := []categoryCount{{Severity: checks.Veto}, {Severity: checks.Deduct}, {Severity: checks.Advice}}
	idx := map[checks.Severity]int{checks.Veto: 0, checks.Deduct: 1, checks.Advice: 2}
	for i := range findings {
		s := findings[i].Severity
		k, ok := idx[s]
		if !ok {
			k = len(out)
			idx[s] = k
			out = append(out, categoryCount{Severity: s})
		}
		out[k].Count++
	}
	return out
}

// countByRule counts findings by rule: every rule of the catalogue (zero
// counts included), then rules that are not in the catalogue, in order of
// appearance, so that no finding goes uncounted.
func countByRule(rules []checks.Meta, findings []checks.Finding) []ruleCount {
	out := make([]ruleCount, 0, len(rules))
	idx := make(map[string]int, len(rules))
	for _, m := range rules {
		if _, dup := idx[m.ID]; dup {
			continue
		}
		idx[m.ID] = len(out)
		out = append(out, ruleCount{ID: m.ID, Name: m.Name, Severity: m.Severity})
	}
	for i := range findings {
		f := &findings[i]
		k, ok := idx[f.Rule]
		if !ok {
			k = len(out)
			idx[f.Rule] = k
			out = append(out, ruleCount{ID: f.Rule, Name: f.Rule, Severity: f.Severity})
		}
		out[k].Count++
	}
	return out
}

// scanState is the 扫描状态 line of the summary.
func scanState(r *Report) string {
	if r.Complete {
		return "完成"
	}
	if r.StopReason != "" {
		return "未完成（扫描中断）：" + r.StopReason
	}
	return "未完成（扫描中断）"
}

// vetoText lists the veto items of the score, or 无; an item that is a rule
// id is shown with its 名称.
func vetoText(veto []string, names map[string]string) string {
	if len(veto) == 0 {
		return "无"
	}
	labels := make([]string, len(veto))
	for i, v := range veto {
		labels[i] = ruleLabel(v, names)
	}
	return strings.Join(labels, "；")
}

// ruleNames maps rule ids to their 名称.
func ruleNames(rules []checks.Meta) map[string]string {
	names := make(map[string]string, len(rules))
	for _, m := range rules {
		names[m.ID] = m.Name
	}
	return names
}

// writeSummary fills the 汇总 sheet with the normal (non-streaming) API: it
// has a few dozen rows, and the chart needs it.
// pointsLabel says how a rule's deduction is set: its per-finding points
// and how sure they are (rules.md tags [C]/[P]/[I], or the site profile).
func pointsLabel(m checks.Meta) string {
	if m.Points <= 0 {
		if m.Severity == checks.Veto {
			return "单项否决，不计分"
		}
		return "无公开分值，不计分"
	}
	tag := map[string]string{"C": "已确认", "P": "部分确认[P]", "I": "推定[I]", "profile": "按站点配置"}[m.PointsBasis]
	if tag == "" {
		tag = "推定[I]"
	}
	return fmt.Sprintf("每处%g分（%s）", m.Points, tag)
}

func writeSummary(f *excelize.File, r *Report, names map[string]string, st *styles) error {
	const sh = SheetSummary
	var err error
	set := func(col string, row int, v any, style int) {
		if err != nil {
			return
		}
		cell := col + strconv.Itoa(row)
		switch v := v.(type) {
		case string:
			// SetCellStr: text from pages stays text, never a formula.
			err = f.SetCellStr(sh, cell, clampCell(v))
		default:
			err = f.SetCellValue(sh, cell, v)
		}
		if err == nil && style != 0 {
			err = f.SetCellStyle(sh, cell, cell, style)
		}
	}
	widths := []float64{22, 26, 9, 6, 6, 24}
	for i, w := range widths {
		col := string(rune('A' + i))
		if err := f.SetColWidth(sh, col, col, w); err != nil {
			return fmt.Errorf("sheet %s: %w", sh, err)
		}
	}
	// fit gives a row the height its wrapped cells need: LibreOffice keeps
	// the default height of a row that has none, cutting the text.
	fit := func(row int, texts ...string) {
		if err != nil {
			return
		}
		lines := 1
		for i, t := range texts {
			if i < len(widths) {
				lines = max(lines, wrappedLines(t, lineCapacity(widths[i])))
			}
		}
		if lines > 1 {
			err = f.SetRowHeight(sh, row, min(float64(lines)*lineHeight+3, maxRowHeight))
		}
	}

	set("A", 1, "政务公开检查汇总", st.title)
	row := 2
	for _, kv := range []struct {
		label string
		value any
	}{
		{label: "网站", value: r.Site},
		{label: "检查日期", value: r.AsOf},
		{label: "页面数", value: r.Pages},
		{label: "扫描状态", value: scanState(r)},
		{label: "指标得分", value: r.Score.Total},
		{label: "单项否决", value: vetoText(r.Score.Veto, names)},
		{label: "问题总数", value: len(r.Findings)},
	} {
		set("A", row, kv.label, st.label)
		set("B", row, kv.value, st.plain)
		if v, ok := kv.value.(string); ok {
			fit(row, kv.label, v)
		}
		row++
	}

	row++
	catHeader := row
	set("A", row, "问题类别", st.header)
	set("B", row, "数量", st.header)
	for _, c := range countByCategory(r.Findings) {
		row++
		set("A", row, c.Severity.Chinese(), st.severityStyle(c.Severity))
		set("B", row, c.Count, st.data)
	}
	row++
	set("A", row, "合计", st.header)
	set("B", row, len(r.Findings), st.data)

	row += 2
	ruleHeader := row
	for i, h := range []string{"指标", "名称", "类别", "数量", "扣分", "分值依据"} {
		set(string(rune('A'+i)), row, h, st.header)
	}
	rules := countByRule(r.Rules, r.Findings)
	basis := map[string]string{}
	for _, m := range r.Rules {
		basis[m.ID] = pointsLabel(m)
	}
	for _, c := range rules {
		row++
		set("A", row, c.ID, st.data)
		set("B", row, c.Name, st.data)
		set("C", row, c.Severity.Chinese(), st.severityStyle(c.Severity))
		set("D", row, c.Count, st.data)
		set("E", row, r.Score.Deductions[c.ID], st.data)
		set("F", row, basis[c.ID], st.data)
		fit(row, c.ID, c.Name, c.Severity.Chinese(), "", "", basis[c.ID])
	}
	if len(r.Mailboxes) > 0 {
		row += 2
		for i, h := range []string{"政务咨询信箱", "来信数", "近一年", "已答复", "超期", "答复用时中位数（天）", "最长（天）"} {
			set(string(rune('A'+i)), row, h, st.header)
		}
		days := func(d int) any {
			if d < 0 {
				return "无数据"
			}
			return d
		}
		for _, m := range r.Mailboxes {
			row++
			set("A", row, m.Name, st.data)
			set("B", row, m.Letters, st.data)
			set("C", row, m.LastYear, st.data)
			set("D", row, m.Answered, st.data)
			set("E", row, m.Overdue, st.data)
			set("F", row, days(m.MedianReplyDays), st.data)
			set("G", row, days(m.MaxReplyDays), st.data)
		}
	}
	if err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}

	if len(rules) == 0 {
		set("F", catHeader, "未提供指标目录，不生成图表。", st.plain)
		if err != nil {
			return fmt.Errorf("sheet %s: %w", sh, err)
		}
		return printSummary(f, row, "G")
	}
	first, last := ruleHeader+1, ruleHeader+len(rules)
	// Beside the tables, as tall as the rule table, so that the sheet
	// prints on one page (printSummary).
	chartHeight := max(300, 20*(last-1))
	err = f.AddChart(sh, "H2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$D$%d", sh, ruleHeader),
			Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", sh, first, last),
			Values:     fmt.Sprintf("'%s'!$D$%d:$D$%d", sh, first, last),
		}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各指标问题数量"}}},
		Legend: excelize.ChartLegend{Position: "none"},
		// Categories top to bottom in the table's order.
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: uint(chartHeight)},
	})
	if err != nil {
		return fmt.Errorf("sheet %s: chart: %w", sh, err)
	}
	// The chart spans about 480 px from column H (default columns are 64
	// px wide) and chartHeight px from row 2 (20 px rows).
	return printSummary(f, max(row, 2+chartHeight/20+1), "O")
}

// printSummary prints 汇总 on one A4 page: the tables and the chart.
func printSummary(f *excelize.File, lastRow int, lastCol string) error {
	const sh = SheetSummary
	fit := true
	if err := f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	a4, portrait, one := 9, "portrait", 1
	if err := f.SetPageLayout(sh, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &portrait, FitToWidth: &one, FitToHeight: &one,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	narrow, edge := 0.25, 0.5
	if err := f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{
		Left: &narrow, Right: &narrow, Top: &edge, Bottom: &edge,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", sh, lastCol, lastRow),
		Scope:    sh,
	}); err != nil {
		return fmt.Errorf("sheet %s: %w", sh, err)
	}
	return nil
}
