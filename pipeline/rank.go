package pipeline

import (
	"sort"

	"github.com/gongkai/gongkai/report"
)

// PassScore is the lowest passing indicator score (检查指标2019: below 60
// 不合格) [P].
const PassScore = 60

// Rank fills b.Ranked: the sites that have a report, in ranking order —
// sites without a 单项否决 item first, each group by score (highest first),
// then by name — each with its rank (equal scores in a group share a rank)
// and its 结论. A veto fails a site whatever its points, so no vetoed site
// ranks above one that passed [I].
func Rank(b *report.BatchSummary) {
	var out []report.RankedSite
	for _, s := range b.Sites {
		if s.Report != nil {
			out = append(out, report.RankedSite{BatchSite: s})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, c := out[i].Report, out[j].Report
		if va, vc := len(a.Score.Veto) > 0, len(c.Score.Veto) > 0; va != vc {
			return !va
		}
		if a.Score.Total != c.Score.Total {
			return a.Score.Total > c.Score.Total
		}
		return out[i].Name < out[j].Name
	})
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 {
			a, p := out[i].Report, out[i-1].Report
			if a.Score.Total == p.Score.Total && (len(a.Score.Veto) > 0) == (len(p.Score.Veto) > 0) {
				out[i].Rank = out[i-1].Rank
			}
		}
		out[i].Conclusion = Conclusion(out[i].Report)
	}
	b.Ranked = out
}

// Conclusion is the 结论 of a site: 不合格 with a veto item or below 60 points.
func Conclusion(r *report.Report) string {
	switch {
	case len(r.Score.Veto) > 0:
		return "不合格（单项否决）"
	case r.Score.Total < PassScore:
		return "不合格（低于60分）"
	}
	return "合格"
}
