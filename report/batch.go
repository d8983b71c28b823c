package report

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/gongkai/gongkai/checks"
)

// Sheet names of the batch summary workbook (月度通报), in order.
const (
	SheetRanking   = "排名"
	SheetVetoItems = "单项否决"
	SheetByRule    = "指标统计"
	SheetFailed    = "扫描失败"
	SheetTrend     = "趋势"
)

// BatchSite is one site of a batch: its report, or why it has none.
type BatchSite struct {
	Name, Unit, URL string
	Report          *Report // nil when the scan failed or did not run
	Error           string  // why there is no report
	Workbook        string  // the site's 整改清单 file, relative to the summary
	Skipped         bool    // scanned earlier this period, not again
}

// Trend is the score of each site month by month (from the scan history).
type Trend struct {
	Months []string
	Sites  []TrendSite
}

// TrendSite is one site's scores; a nil score is a month without a scan.
type TrendSite struct {
	Name   string
	Scores []*float64
	Vetoed []bool
}

// BatchSummary is the 月度通报 of one batch.
type BatchSummary struct {
	Period string // YYYY-MM
	AsOf   string
	Sites  []BatchSite
	Rules  []checks.Meta
	Trend  *Trend // nil when no history was kept
	// Ranked are the sites with a report in ranking order, as the
	// pipeline ranked them (pipeline.Rank); the workbook lists them so.
	Ranked []RankedSite
}

// RankedSite is a site of the ranking with the place and the 结论 it was given.
type RankedSite struct {
	BatchSite
	Rank       int
	Conclusion string
}

// WriteBatchSummary writes the 月度通报 workbook to path atomically.
func WriteBatchSummary(path string, b *BatchSummary) error {
	return writeFileAtomic(path, func(w io.Writer) error { return writeBatchSummary(w, b) })
}

func writeBatchSummary(w io.Writer, b *BatchSummary) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("workbook: %w", cerr)
		}
	}()
	if err := f.SetSheetName(f.GetSheetName(0), SheetRanking); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	for _, name := range []string{SheetVetoItems, SheetByRule, SheetFailed, SheetTrend} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("workbook: %w", err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	vetoRow, err := f.NewStyle(&excelize.Style{
		Border:    gridBorder(),
		Fill:      solidFill("FFC7CE"),
		Font:      &excelize.Font{Color: "9C0006"},
		Alignment: topWrapped(),
	})
	if err != nil {
		return fmt.Errorf("workbook style: %w", err)
	}
	sw := &sheetWriter{f: f}
	names := ruleNames(b.Rules)
	writeRanking(sw, b, names, st, vetoRow)
	writeVetoItems(sw, b, names, st)
	writeByRule(sw, b, st)
	writeFailed(sw, b, st)
	if sw.err != nil {
		return sw.err
	}
	if err := writeTrend(f, b, st); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// sheetWriter sets cells and keeps the first error.
type sheetWriter struct {
	f   *excelize.File
	err error
}

func (s *sheetWriter) set(sheet string, col, row int, v any, style int) {
	if s.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		s.err = err
		return
	}
	switch v := v.(type) {
	case string:
		s.err = s.f.SetCellStr(sheet, cell, clampCell(v))
	default:
		s.err = s.f.SetCellValue(sheet, cell, v)
	}
	if s.err == nil && style != 0 {
		s.err = s.f.SetCellStyle(sheet, cell, cell, style)
	}
	if s.err != nil {
		s.err = fmt.Errorf("sheet %s: %w", sheet, s.err)
	}
}

func (s *sheetWriter) header(sheet string, row int, st *styles, cols []string, widths []float64) {
	for i, h := range cols {
		s.set(sheet, i+1, row, h, st.header)
		if s.err == nil && i < len(widths) {
			name, _ := excelize.ColumnNumberToName(i + 1)
			s.err = s.f.SetColWidth(sheet, name, name, widths[i])
		}
	}
	if s.err == nil {
		s.err = s.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: "A" + strconv.Itoa(row+1), ActivePane: "bottomLeft"})
	}
}

func writeRanking(sw *sheetWriter, b *BatchSummary, names map[string]string, st *styles, vetoRow int) {
	const sh = SheetRanking
	ranked := b.Ranked
	failed := len(b.Sites) - len(ranked)
	sw.set(sh, 1, 1, fmt.Sprintf("政府网站检查月度通报（%s）", b.Period), st.title)
	sw.set(sh, 1, 2, fmt.Sprintf("检查日期%s；共%d个网站，%d个完成检查，%d个未能检查（见“%s”）。单项否决的网站排在其他网站之后。",
		b.AsOf, len(b.Sites), len(ranked), failed, SheetFailed), st.plain)
	cols := []string{"排名", "名称", "单位", "网址", "得分", "结论", "单项否决", "扣分问题", "合规建议", "问题总数", "页面数", "扫描状态", "检查日期", "整改清单"}
	sw.header(sh, 3, st, cols, []float64{6, 24, 24, 34, 8, 18, 30, 10, 10, 10, 8, 16, 12, 40})
	for i, s := range ranked {
		r := s.Report
		row := 4 + i
		counts := map[checks.Severity]int{}
		for _, f := range r.Findings {
			counts[f.Severity]++
		}
		state := scanState(r)
		if s.Skipped {
			state += "（本期已检查，未重复扫描）"
		}
		style := st.data
		if len(r.Score.Veto) > 0 {
			style = vetoRow
		}
		values := []any{s.Rank, s.Name, s.Unit, s.URL, r.Score.Total, s.Conclusion, vetoText(r.Score.Veto, names),
			counts[checks.Deduct], counts[checks.Advice], len(r.Findings), r.Pages, state, r.AsOf, s.Workbook}
		for j, v := range values {
			sw.set(sh, j+1, row, v, style)
		}
		if sw.err == nil && s.Workbook != "" {
			cell, _ := excelize.CoordinatesToCellName(len(cols), row)
			sw.err = sw.f.SetCellHyperLink(sh, cell, s.Workbook, "External")
		}
	}
	if sw.err == nil && len(ranked) > 0 {
		last, _ := excelize.ColumnNumberToName(len(cols))
		sw.err = sw.f.AutoFilter(sh, "A3:"+last+strconv.Itoa(3+len(ranked)), nil)
	}
}

func writeVetoItems(sw *sheetWriter, b *BatchSummary, names map[string]string, st *styles) {
	const sh = SheetVetoItems
	sw.header(sh, 1, st, []string{"名称", "网址", "指标", "问题描述", "问题页面"}, []float64{24, 34, 24, 60, 50})
	row := 2
	for _, s := range b.Ranked {
		for _, f := range s.Report.Findings {
			if f.Severity != checks.Veto {
				continue
			}
			for j, v := range []string{s.Name, s.URL, ruleLabel(f.Rule, names), f.Message, f.URL} {
				style := st.data
				if j == 2 {
					style = st.severityStyle(checks.Veto)
				}
				sw.set(sh, j+1, row, v, style)
			}
			row++
		}
	}
	if row == 2 {
		sw.set(sh, 1, 2, "本期无单项否决问题。", st.plain)
	}
}

func writeByRule(sw *sheetWriter, b *BatchSummary, st *styles) {
	const sh = SheetByRule
	sw.header(sh, 1, st, []string{"指标", "名称", "类别", "涉及网站数", "问题数"}, []float64{28, 20, 10, 12, 10})
	type agg struct{ sites, findings int }
	by := map[string]*agg{}
	var all []checks.Finding
	for _, s := range b.Sites {
		if s.Report == nil {
			continue
		}
		seen := map[string]bool{}
		for _, f := range s.Report.Findings {
			a := by[f.Rule]
			if a == nil {
				a = &agg{}
				by[f.Rule] = a
			}
			a.findings++
			if !seen[f.Rule] {
				seen[f.Rule] = true
				a.sites++
			}
		}
		all = append(all, s.Report.Findings...)
	}
	row := 2
	for _, c := range countByRule(b.Rules, all) {
		a := by[c.ID]
		if a == nil {
			a = &agg{}
		}
		sw.set(sh, 1, row, c.ID, st.data)
		sw.set(sh, 2, row, c.Name, st.data)
		sw.set(sh, 3, row, c.Severity.Chinese(), st.severityStyle(c.Severity))
		sw.set(sh, 4, row, a.sites, st.data)
		sw.set(sh, 5, row, a.findings, st.data)
		row++
	}
}

func writeFailed(sw *sheetWriter, b *BatchSummary, st *styles) {
	const sh = SheetFailed
	sw.header(sh, 1, st, []string{"名称", "单位", "网址", "原因"}, []float64{24, 24, 34, 80})
	row := 2
	for _, s := range b.Sites {
		if s.Report != nil {
			continue
		}
		for j, v := range []string{s.Name, s.Unit, s.URL, s.Error} {
			sw.set(sh, j+1, row, v, st.data)
		}
		row++
	}
	if row == 2 {
		sw.set(sh, 1, 2, "全部网站均已完成检查。", st.plain)
	}
}

// maxTrendSeries is the most sites drawn one by one on the trend chart;
// with more, only the average is drawn (the table has them all).
const maxTrendSeries = 10

// writeTrend writes the months × sites score table and its line chart.
func writeTrend(f *excelize.File, b *BatchSummary, st *styles) error {
	const sh = SheetTrend
	sw := &sheetWriter{f: f}
	t := b.Trend
	if t == nil || len(t.Months) == 0 {
		sw.set(sh, 1, 1, "未记录检查历史（--db -），不生成趋势。", st.plain)
		return sw.err
	}
	cols := append([]string{"名称"}, t.Months...)
	widths := []float64{24}
	for range t.Months {
		widths = append(widths, 10)
	}
	sw.header(sh, 1, st, cols, widths)
	avgRow, vetoRow := 2, 3
	sw.set(sh, 1, avgRow, "平均得分", st.label)
	sw.set(sh, 1, vetoRow, "单项否决网站数", st.label)
	for m := range t.Months {
		sum, n, vetoed := 0.0, 0, 0
		for _, s := range t.Sites {
			if m < len(s.Scores) && s.Scores[m] != nil {
				sum += *s.Scores[m]
				n++
				if m < len(s.Vetoed) && s.Vetoed[m] {
					vetoed++
				}
			}
		}
		if n > 0 {
			sw.set(sh, m+2, avgRow, round1(sum/float64(n)), st.data)
		}
		sw.set(sh, m+2, vetoRow, vetoed, st.data)
	}
	for i, s := range t.Sites {
		row := 4 + i
		sw.set(sh, 1, row, s.Name, st.data)
		for m, sc := range s.Scores {
			if sc != nil {
				sw.set(sh, m+2, row, *sc, st.data)
			}
		}
	}
	if sw.err != nil {
		return sw.err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(t.Months) + 1)
	series := []excelize.ChartSeries{trendSeries(sh, avgRow, lastCol)}
	if len(t.Sites) <= maxTrendSeries {
		for i := range t.Sites {
			series = append(series, trendSeries(sh, 4+i, lastCol))
		}
	}
	anchor := "A" + strconv.Itoa(6+len(t.Sites))
	err := f.AddChart(sh, anchor, &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "指标得分趋势"}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: len(t.Months) <= 6},
		YAxis:     excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0)},
		Dimension: excelize.ChartDimension{Width: uint(max(480, 80*len(t.Months))), Height: 320},
	})
	if err != nil {
		return fmt.Errorf("sheet %s: chart: %w", sh, err)
	}
	return nil
}

func trendSeries(sh string, row int, lastCol string) excelize.ChartSeries {
	r := strconv.Itoa(row)
	return excelize.ChartSeries{
		Name:       fmt.Sprintf("'%s'!$A$%s", sh, r),
		Categories: fmt.Sprintf("'%s'!$B$1:$%s$1", sh, lastCol),
		Values:     fmt.Sprintf("'%s'!$B$%s:$%s$%s", sh, r, lastCol, r),
		Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
	}
}

func ptr[T any](v T) *T { return &v }

func round1(x float64) float64 {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	v, _ := strconv.ParseFloat(s, 64)
	return v
}
