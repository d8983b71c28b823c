package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/checks"
)

// The HTML report is one self-contained file: CSS, the SVG charts and the
// filtering script are inline, so it opens offline and can be mailed. All
// page text goes through html/template, so text from a crawled site (a
// <script> in a title) stays text.

//go:embed html/*.tmpl
var htmlFiles embed.FS

var htmlTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"num": func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
	// webURL lets only http(s) addresses become links; anything else a
	// site wrote (javascript:, data:) is shown as text.
	"webURL": func(s string) bool { _, ok := linkTarget(s); return ok },
}).ParseFS(htmlFiles, "html/*.tmpl"))

// WriteHTMLFile writes the HTML report of r to path ("-" for stdout).
func WriteHTMLFile(path string, stdout io.Writer, r *Report) error {
	return writeTextFile(path, stdout, r, WriteHTML)
}

// htmlFinding is one finding as the HTML report shows it.
type htmlFinding struct {
	Seq                int
	Severity           string // veto, deduct, advice: the filter value
	SeverityLabel      string
	Status             string
	Message, Page      string
	Link               string // the dead link of a link row
	Title, Column      string
	Evidence           string
	Basis, Advice      string
	Fingerprint        string
	RuleID, RuleName   string
	ReferrerCount      int
	ReferrersTruncated bool
}

// htmlGroup is the findings of one 指标.
type htmlGroup struct {
	ID, Name      string
	Description   string // 检查内容: what the rule checks, for the reader
	Severity      string
	SeverityLabel string
	Findings      []htmlFinding
}

// htmlBar is one bar of an inline SVG bar chart.
type htmlBar struct {
	Label    string
	Count    int
	Y        int
	Width    int
	Severity string
}

type htmlCount struct {
	Severity, Label string
	Count           int
}

type htmlReport struct {
	Site, AsOf, State string
	Pages             int
	Complete          bool
	Score             float64
	Veto              []string
	Total             int
	Categories        []htmlCount
	Columns           []string
	Groups            []htmlGroup
	Bars              []htmlBar
	ChartHeight       int
	Resolved          int
}

// WriteHTML writes the one-file HTML report of r: score and veto items
// first, then the findings grouped by 指标 in the order given, with filters
// by 问题类别 and 所属栏目.
func WriteHTML(w io.Writer, r *Report) error {
	names := ruleNames(r.Rules)
	descs := make(map[string]string, len(r.Rules))
	for _, m := range r.Rules {
		descs[m.ID] = m.Description
	}
	d := htmlReport{
		Site: r.Site, AsOf: r.AsOf, State: scanState(r), Pages: r.Pages, Complete: r.Complete,
		Score: r.Score.Total, Total: len(r.Findings), Resolved: len(r.Resolved),
	}
	for _, v := range r.Score.Veto {
		d.Veto = append(d.Veto, htmlRuleLabel(v, names))
	}
	for _, c := range countByCategory(r.Findings) {
		d.Categories = append(d.Categories, htmlCount{Severity: string(c.Severity), Label: c.Severity.Chinese(), Count: c.Count})
	}
	columns := map[string]bool{}
	idx := map[string]int{}
	for i := range r.Findings {
		f := &r.Findings[i]
		k, ok := idx[f.Rule]
		if !ok {
			k = len(d.Groups)
			idx[f.Rule] = k
			name := names[f.Rule]
			if name == "" {
				name = f.Rule
			}
			d.Groups = append(d.Groups, htmlGroup{ID: f.Rule, Name: name, Description: descs[f.Rule], Severity: string(f.Severity), SeverityLabel: f.Severity.Chinese()})
		}
		hf := htmlFinding{
			Seq: i + 1, Severity: string(f.Severity), SeverityLabel: f.Severity.Chinese(), Status: statusLabel(f.Status),
			Message: f.Message, Page: rowPage(f), Title: f.Title, Column: f.Column,
			Evidence: f.Evidence, Basis: f.Basis, Advice: f.Advice, Fingerprint: f.Fingerprint,
			RuleID: f.Rule, RuleName: d.Groups[k].Name, ReferrerCount: len(f.Referrers),
		}
		if isLinkRow(f) {
			hf.Link = f.URL
		}
		d.Groups[k].Findings = append(d.Groups[k].Findings, hf)
		if f.Column != "" {
			columns[f.Column] = true
		}
	}
	for c := range columns {
		d.Columns = append(d.Columns, c)
	}
	sort.Strings(d.Columns)
	d.Bars, d.ChartHeight = ruleBars(r.Rules, r.Findings)
	return htmlTemplates.ExecuteTemplate(w, "site.tmpl", d)
}

// htmlRuleLabel is a rule as the office reads it: 名称 first, the ID after.
func htmlRuleLabel(id string, names map[string]string) string {
	if name := names[id]; name != "" {
		return name + "（" + id + "）"
	}
	return id
}

const (
	barHeight   = 20
	barMaxWidth = 360
)

// ruleBars are the bars of the per-rule chart: the rules with findings,
// most findings first.
func ruleBars(rules []checks.Meta, findings []checks.Finding) ([]htmlBar, int) {
	var counts []ruleCount
	for _, c := range countByRule(rules, findings) {
		if c.Count > 0 {
			counts = append(counts, c)
		}
	}
	sort.SliceStable(counts, func(i, j int) bool { return counts[i].Count > counts[j].Count })
	most := 1
	for _, c := range counts {
		most = max(most, c.Count)
	}
	bars := make([]htmlBar, len(counts))
	for i, c := range counts {
		bars[i] = htmlBar{Label: c.Name, Count: c.Count, Y: i * (barHeight + 6),
			Width: max(2, c.Count*barMaxWidth/most), Severity: string(c.Severity)}
	}
	return bars, max(len(bars)*(barHeight+6), barHeight)
}

// WriteBatchHTML writes the HTML 月度通报 of a batch to path atomically: the
// sites in the ranking order they were given, each with its score trend.
func WriteBatchHTML(path string, b *BatchSummary) error {
	return writeFileAtomic(path, func(w io.Writer) error { return writeBatchHTML(w, b) })
}

type htmlRankedSite struct {
	Rank                        int
	Name, Unit, URL, Conclusion string
	Score                       float64
	Veto                        []string
	Deduct, Advice, Total       int
	Pages                       int
	State                       string
	Workbook                    string // relative link
	Trend                       *htmlTrend
}

// htmlTrend is a site's score month by month as an inline SVG line.
type htmlTrend struct {
	Points string // SVG polyline points
	Dots   []htmlDot
	Title  string
}

type htmlDot struct {
	X, Y   int
	Vetoed bool
}

type htmlFailedSite struct{ Name, URL, Error string }

type htmlBatch struct {
	Period, AsOf string
	Count        int
	Sites        []htmlRankedSite
	Failed       []htmlFailedSite
	Months       []string
}

const (
	trendWidth  = 160
	trendHeight = 36
)

func writeBatchHTML(w io.Writer, b *BatchSummary) error {
	names := ruleNames(b.Rules)
	d := htmlBatch{Period: b.Period, AsOf: b.AsOf, Count: len(b.Sites)}
	trends := map[string]TrendSite{}
	if b.Trend != nil {
		d.Months = b.Trend.Months
		for _, t := range b.Trend.Sites {
			trends[t.Name] = t
		}
	}
	ranked := map[string]bool{}
	for _, s := range b.Ranked {
		r := s.Report
		ranked[s.Name+"\x00"+s.URL] = true
		hs := htmlRankedSite{Rank: s.Rank, Name: s.Name, Unit: s.Unit, URL: s.URL, Conclusion: s.Conclusion,
			Score: r.Score.Total, Total: len(r.Findings), Pages: r.Pages, State: scanState(r), Workbook: relativeLink(s.Workbook)}
		if s.Skipped {
			hs.State += "（本期已检查，未重复扫描）"
		}
		for _, v := range r.Score.Veto {
			hs.Veto = append(hs.Veto, htmlRuleLabel(v, names))
		}
		for i := range r.Findings {
			switch r.Findings[i].Severity {
			case checks.Deduct:
				hs.Deduct++
			case checks.Advice:
				hs.Advice++
			}
		}
		if t, ok := trends[s.Name]; ok {
			hs.Trend = trendLine(d.Months, t)
		}
		d.Sites = append(d.Sites, hs)
	}
	for _, s := range b.Sites {
		if s.Report == nil || !ranked[s.Name+"\x00"+s.URL] {
			msg := s.Error
			if msg == "" {
				msg = "未检查"
			}
			d.Failed = append(d.Failed, htmlFailedSite{Name: s.Name, URL: s.URL, Error: msg})
		}
	}
	return htmlTemplates.ExecuteTemplate(w, "batch.tmpl", d)
}

// trendLine draws scores 0–100 over the months; months without a scan are
// left out of the line.
func trendLine(months []string, t TrendSite) *htmlTrend {
	if len(months) == 0 {
		return nil
	}
	step := 0
	if len(months) > 1 {
		step = (trendWidth - 8) / (len(months) - 1)
	}
	var pts []string
	var title []string
	tr := &htmlTrend{}
	for i := range months {
		if i >= len(t.Scores) || t.Scores[i] == nil {
			continue
		}
		s := min(max(*t.Scores[i], 0), 100)
		x, y := 4+i*step, 4+int((100-s)*float64(trendHeight-8)/100)
		pts = append(pts, fmt.Sprintf("%d,%d", x, y))
		vetoed := i < len(t.Vetoed) && t.Vetoed[i]
		tr.Dots = append(tr.Dots, htmlDot{X: x, Y: y, Vetoed: vetoed})
		label := months[i] + "：" + strconv.FormatFloat(*t.Scores[i], 'f', -1, 64)
		if vetoed {
			label += "（单项否决）"
		}
		title = append(title, label)
	}
	if len(pts) == 0 {
		return nil
	}
	tr.Points, tr.Title = strings.Join(pts, " "), strings.Join(title, "；")
	return tr
}

// relativeLink keeps a workbook link relative to the report (so the folder
// can be zipped and mailed), never read as a scheme.
func relativeLink(name string) string {
	if name == "" {
		return ""
	}
	return (&url.URL{Path: "./" + name}).String()
}
