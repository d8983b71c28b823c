package checks

import (
	"fmt"
	"strings"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// ColumnStale reports columns whose newest entry is older than their class
// allows: 动态/要闻 14 days; 通知公告 and 政策文件 一级栏目 6 months; 人事 and
// 规划计划 12 months.
type ColumnStale struct{}

// newsStaleDays is the update window of 动态、要闻 columns.
var newsStaleDays = Threshold{Key: "news_stale_days", Default: 14, Min: 1, Max: 365, Unit: "天",
	field: func(t *config.Thresholds) int { return t.NewsStaleDays }}

// noticeStaleMonths is the update window of 通知公告、政策文件 first-level columns.
var noticeStaleMonths = Threshold{Key: "notice_stale_months", Default: 6, Min: 1, Max: 60, Unit: "个月",
	field: func(t *config.Thresholds) int { return t.NoticeStaleMonths }}

// personnelStaleMonths is the update window of 人事、规划计划 columns.
var personnelStaleMonths = Threshold{Key: "personnel_stale_months", Default: 12, Min: 1, Max: 60, Unit: "个月",
	field: func(t *config.Thresholds) int { return t.PersonnelStaleMonths }}

var columnStaleMeta = Meta{
	ID:          "column-stale",
	Name:        "栏目不更新",
	Description: "检查栏目是否按时更新：动态、要闻类栏目超过14天未更新，一级通知公告、政策文件栏目超过6个月未更新，人事、规划计划类栏目超过12个月未更新，即为问题；无日期的信息按未更新计。不更新栏目达到一定数量属单项否决。",
	Severity:    Deduct,
	Basis: "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“栏目不更新”：动态、要闻类栏目超过2周未更新，" +
		"通知公告、政策文件类一级栏目超过6个月未更新，累计达5个；或应更新但长期未更新的栏目达10个",
	Advice: "及时在栏目中发布信息；确无信息可发的栏目应在页面上作出说明（如“本栏目暂无信息”“本单位无此项职能”），" +
		"长期无内容的栏目应整合或关停。",
	Summary: "newest entry of a column older than its window: 动态/要闻 > 14 days (thresholds.news_stale_days), " +
		"一级 通知公告/政策文件 > 6 months (notice_stale_months), 人事/规划计划 > 12 months (personnel_stale_months); " +
		"undated entries count as not updated; a column that explains itself (本栏目暂无信息) is advice; " +
		"veto when ≥5 stale 动态/通知/政策 columns or ≥10 stale columns; 5 points per column [P] (known for 政策文件一级栏目, " +
		"applied to every class [I]; profile points: overrides); waive with a waiver on the column URL",
	// [P] an agency self-check under the 2019 indicators lost 5 points for one
	// 政策文件类一级栏目 not updated for 6 months; [I] applied to every class.
	Points:      5,
	PointsBasis: "P",
	Thresholds:  []Threshold{newsStaleDays, noticeStaleMonths, personnelStaleMonths},
	// 14 days is the shortest update window of any column class, so an
	// item this recent proves every class updated.
	Recheck: Recheck{Mode: RecheckFresh, FreshDays: 14,
		Reason: "栏目页未显示近期日期的条目，需结合分页和文章页判断，请重新扫描全站"},
}

// Veto counts of the indicators (A3) [C].
const (
	staleVetoShortCount = 5  // 动态要闻 (2 weeks) + 一级 通知公告/政策文件 (6 months)
	staleVetoLongCount  = 10 // any column that should be updated but is not
)

// Meta describes the rule.
func (ColumnStale) Meta() Meta { return columnStaleMeta }

// staleWindow is how long a column class may go without a new entry.
type staleWindow struct {
	days, months int
	label        string // the requirement in words
	short        bool   // counts toward the 5-column veto
}

// windowFor returns the window of a column, if its class has one.
// 通知公告/政策文件 are judged only as 一级栏目 [I]: a sub-column such as 规章
// may legitimately stay empty for years.
func windowFor(th config.Thresholds, class ColumnClass, firstLevel bool) (staleWindow, bool) {
	switch class {
	case ColNews:
		d := newsStaleDays.From(th)
		return staleWindow{days: d, label: fmt.Sprintf("动态、要闻类栏目%d天", d), short: true}, true
	case ColNotice, ColPolicy:
		if !firstLevel {
			return staleWindow{}, false
		}
		m := noticeStaleMonths.From(th)
		return staleWindow{months: m, label: fmt.Sprintf("通知公告、政策文件类一级栏目%d个月", m), short: true}, true
	case ColPersonnel, ColPlanning:
		m := personnelStaleMonths.From(th)
		return staleWindow{months: m, label: fmt.Sprintf("人事、规划计划类栏目%d个月", m)}, true
	}
	return staleWindow{}, false
}

// limit is the oldest date that still counts as updated.
func (w staleWindow) limit(asOf time.Time) time.Time {
	if w.months > 0 {
		return asOf.AddDate(0, -w.months, 0)
	}
	return asOf.AddDate(0, 0, -w.days)
}

// Check judges every column fetched with all its pages; columns the crawl
// did not see, or saw only in part, are not judged.
func (ColumnStale) Check(ctx *Context, s *site.Site) []Finding {
	if ctx == nil || ctx.AsOf.IsZero() {
		return nil
	}
	hx := sharedHealthIndex(ctx, s)
	first := hx.firstLevel()
	th := ctx.profile().Thresholds
	type staleCol struct {
		f     Finding
		short bool
	}
	var counted []*staleCol
	var out []*staleCol
	for _, g := range hx.groups {
		if isNonContentPage(g.rep) || isArchive(g.name(), ctx.AsOf) {
			continue
		}
		w, ok := windowFor(th, g.class, g.isFirstLevel(first))
		if !ok {
			continue
		}
		items := g.items()
		if len(items) == 0 {
			continue // a column with no entries is column-blank's business
		}
		if len(g.missing) > 0 || g.unexpanded() != "" {
			continue // the pages or script lists not read may hold newer entries
		}
		limit := w.limit(ctx.AsOf)
		best, found, undated := hx.newest(items)
		if found && !hCivil(best.when).Before(hCivil(limit)) {
			continue
		}
		name := g.name()
		f := Finding{URL: g.rep.URL, Title: g.rep.Title, Column: name, Subject: string(g.class)}
		scope := fmt.Sprintf("共读取列表页%d个、条目%d条", len(g.pages), len(items))
		if found {
			age := hDaysBetween(best.when, ctx.AsOf)
			f.Message = fmt.Sprintf("“%s”栏目最新信息发布于%s，已%d天未更新，超过%s的更新要求。", name, hDay(best.when), age, w.label)
			f.Evidence = fmt.Sprintf("最新条目《%s》日期%s（%s），检查日%s，相隔%d天；更新期限为%s（%s之前发布即为超期）；%s",
				hQuote(best.Title, 40), hDay(best.when), best.from, hDay(ctx.AsOf), age, w.label, hDay(limit), scope)
			if undated > 0 {
				f.Evidence += fmt.Sprintf("，其中%d条未标注日期（视为不更新）", undated)
			}
		} else {
			f.Subject = "未标注日期:" + string(g.class)
			f.Message = fmt.Sprintf("“%s”栏目的%d条信息均未标注发布日期，视为未更新。", name, len(items))
			f.Evidence = fmt.Sprintf("列表与文章页均未显示发布日期（普查2015：未注明信息发布时间的视为不更新）；更新期限为%s；%s", w.label, scope)
		}
		sc := &staleCol{f: f, short: w.short}
		if note := hx.explanation(g); note != "" {
			sc.f.Severity = Advice
			sc.f.Message = strings.TrimSuffix(sc.f.Message, "。") + fmt.Sprintf("；栏目已说明“%s”，不计入栏目不更新。", note)
			sc.f.Evidence += fmt.Sprintf("；页面说明：“%s”", note)
		} else {
			counted = append(counted, sc)
		}
		out = append(out, sc)
	}
	// The veto counts columns, not findings (A3): ≥5 short-window columns or
	// ≥10 columns of any class.
	short := 0
	for _, c := range counted {
		if c.short {
			short++
		}
	}
	for _, c := range counted {
		switch {
		case len(counted) >= staleVetoLongCount:
			c.f.Severity = Veto
			c.f.Evidence += fmt.Sprintf("；全站应更新而长期未更新的栏目共%d个（达到%d个即单项否决）", len(counted), staleVetoLongCount)
		case c.short && short >= staleVetoShortCount:
			c.f.Severity = Veto
			c.f.Evidence += fmt.Sprintf("；全站动态要闻类及通知公告、政策文件类一级栏目未按期更新共%d个（达到%d个即单项否决）", short, staleVetoShortCount)
		}
	}
	fs := make([]Finding, len(out))
	for i, c := range out {
		c.f.Evidence += "。"
		fs[i] = c.f
	}
	return fs
}
