package checks

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// How the budget rules (budget-missing, final-accounts-missing,
// sangong-missing) find a 部门预算 or 部门决算 (rules.md F1): a title, list
// entry, attachment name or attachment link text where the year written
// nearest before 预算 (决算) is the year sought — `(YYYY)年(度)?.*(部门|单位)?预算`
// — and that is not the government's own budget (政府预算 of the 财政部门:
// 预算执行情况, 预算草案, 本级预算 …) or a project's cost estimate.

// fsBudgetKind is 部门预算 or 部门决算.
type fsBudgetKind int

const (
	fsBudget fsBudgetKind = iota
	fsFinal
)

func (k fsBudgetKind) keyword() string {
	if k == fsFinal {
		return "决算"
	}
	return "预算"
}

// name is how the evidence calls the document.
func (k fsBudgetKind) name() string {
	if k == fsFinal {
		return "部门决算"
	}
	return "部门预算"
}

var (
	fsYearRe = regexp.MustCompile(`((?:19|20)\d{2})\s*年`)
	// A department's own budget, whatever else the title says.
	fsDeptBudgetRe = regexp.MustCompile(`(部门|单位)[(（]?(单位)?[)）]?[预决]算|预决算`)
	// The government's budget or a project's estimate, not a 部门预算.
	fsGovBudgetRe = regexp.MustCompile(`政府预算|财政预算|总预算|本级预算|全[县市区省州旗]预算|预算执行|预算草案|预算[(（]草案|预算调整|调整预算|采购|招标|中标|工程预算|概算|控制价`)
	fsGovFinalRe  = regexp.MustCompile(`政府决算|财政决算|总决算|本级决算|全[县市区省州旗]决算|决算草案|决算[(（]草案|采购|招标|中标|竣工决算|工程决算|项目决算|决算审计`)
)

// fsBudgetYears returns the years for which title names a 部门预算 (kind
// fsBudget) or 部门决算 (fsFinal). "预决算" counts for both kinds.
func fsBudgetYears(title string, kind fsBudgetKind) []int {
	kw := kind.keyword()
	var years []int
	years = fsAppendYears(years, title, kw, kind)
	if kind == fsBudget && strings.Contains(title, "预决算") {
		years = fsAppendYears(years, title, "预决算", kind)
	}
	return years
}

func fsAppendYears(years []int, title, kw string, kind fsBudgetKind) []int {
	if !strings.Contains(title, kw) {
		return years
	}
	ys := fsYearRe.FindAllStringSubmatchIndex(title, -1)
	if len(ys) == 0 {
		return years
	}
	exclude := fsGovBudgetRe
	if kind == fsFinal {
		exclude = fsGovFinalRe
	}
	for off := 0; ; {
		i := strings.Index(title[off:], kw)
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(kw)
		// The year written nearest before the keyword is its year:
		// "2024年部门决算和2025年部门预算" has a 2025 budget, not a 2024 one.
		var y []int
		for _, m := range ys {
			if m[1] <= at {
				y = m
			}
		}
		// The clause from the year to just past the keyword decides what it is.
		var clause string
		if y != nil {
			clause = fsWindow(title, y[0], off, 0, 6)
		} else {
			// "XX局部门预算公开（2025年度）": a year shortly after.
			for _, m := range ys {
				if m[0] >= off && m[0]-off <= 24 {
					y = m
					break
				}
			}
			if y == nil {
				continue
			}
			clause = fsWindow(title, at, y[1], 6, 0)
		}
		if exclude.MatchString(clause) && !fsDeptBudgetRe.MatchString(clause) {
			continue
		}
		year, _ := strconv.Atoi(title[y[2]:y[3]])
		if !slices.Contains(years, year) {
			years = append(years, year)
		}
	}
	return years
}

// fsBudgetHit is one place on the site naming a budget or final account.
type fsBudgetHit struct {
	text   string // the title or name as found
	url    string // the document (item, page or attachment URL)
	source string // 页面标题, 栏目列表条目, 附件名称, 附件链接, 外部链接
	column string
}

// fsBudgetIndex is every budget and final-account mention of a site, by kind
// and year, and what was searched.
type fsBudgetIndex struct {
	hits                      map[fsBudgetKind]map[int][]fsBudgetHit
	pages, items, attachments int
	columns                   []string // 财政预决算-class columns searched: "name（path）"
	govExcluded               []string // titles left out as 政府预算/决算 or projects
}

// fsIndexBudgets scans titles, list entries, attachment names and the link
// text of attachment and off-site links once per run: budget-missing and
// final-accounts-missing read the same index.
func fsIndexBudgets(ctx *Context, s *site.Site) *fsBudgetIndex {
	return ctx.analyses(s).budgets.get(func() *fsBudgetIndex { return fsBuildBudgetIndex(ctx, s) })
}

func fsBuildBudgetIndex(ctx *Context, s *site.Site) *fsBudgetIndex {
	idx := &fsBudgetIndex{hits: map[fsBudgetKind]map[int][]fsBudgetHit{fsBudget: {}, fsFinal: {}}}
	seenCol := map[string]bool{}
	add := func(text, u, source, column string) {
		found := false
		for _, k := range []fsBudgetKind{fsBudget, fsFinal} {
			for _, y := range fsBudgetYears(text, k) {
				idx.hits[k][y] = append(idx.hits[k][y], fsBudgetHit{text: text, url: u, source: source, column: column})
				found = true
			}
		}
		if !found && len(idx.govExcluded) < 3 && (strings.Contains(text, "预算") || strings.Contains(text, "决算")) &&
			fsYearRe.MatchString(text) && !slices.Contains(idx.govExcluded, text) {
			idx.govExcluded = append(idx.govExcluded, text)
		}
	}
	// Most links are the same menus on every page: each URL's host is
	// parsed once.
	hostOf := memoized(fsHost)
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		idx.pages++
		class := classOf(ctx, p)
		if class == ColBudget && fsIsList(p) {
			key := p.Column
			if key == "" {
				key = fsDocTitle(p)
			}
			key += "（" + fsPath(p.URL) + "）"
			if !seenCol[key] {
				seenCol[key] = true
				idx.columns = append(idx.columns, key)
			}
		}
		add(fsDocTitle(p), p.URL, "页面标题", p.Column)
		for _, it := range p.ListItems() {
			idx.items++
			add(it.Title, it.URL, "栏目列表条目", p.Column)
		}
		for _, l := range p.Outgoing() {
			if l.Kind != site.KindAnchor || l.Text == "" {
				continue
			}
			switch {
			case isAttachment(l.URL):
				add(l.Text, l.URL, "附件链接", p.Column)
			case !fsSameHost(hostOf(l.URL), s.Host) && hostOf(l.URL) != "":
				// 部门 that publish on the 财政 统一平台 link there.
				add(l.Text, l.URL, "外部链接", p.Column)
			}
		}
	}
	for _, a := range s.Attachments {
		idx.attachments++
		add(a.Name, a.URL, "附件名称", "")
	}
	sort.Strings(idx.columns)
	return idx
}

// fsDueYear picks the year a missing-document rule judges: the evaluation
// year when its due date has passed, else the year before (whose document is
// long due and must still be public) [I]. It returns the nominal due date and
// the deadline state, or ok=false when the calendar cannot say.
func fsDueYear(ctx *Context, setting, def string, yearOffset int) (year int, due time.Time, st fsDeadlineState, ok bool) {
	asOf := fsAsOf(ctx)
	for _, y := range []int{asOf.Year(), asOf.Year() - 1} {
		due = config.DueDate(setting, def, y, site.Shanghai)
		st, ok = fsDeadline(ctx, due)
		if !ok {
			return 0, due, st, false
		}
		if st.passed {
			return y - yearOffset, due, st, true
		}
	}
	return 0, due, st, false
}

// fsMissingFinding builds the site-level finding for a missing budget or
// final account of year.
func fsMissingFinding(ctx *Context, s *site.Site, idx *fsBudgetIndex, kind fsBudgetKind, year int, due time.Time, st fsDeadlineState, dueKey, def string) Finding {
	u, title, column := s.Start, "", ""
	if col := fsColumnPage(ctx, s, ColBudget); col != nil {
		u, title, column = col.URL, fsDocTitle(col), col.Column
	} else if home := homepage(s); home != nil {
		title, column = fsDocTitle(home), home.Column
	}
	var b strings.Builder
	fmt.Fprintf(&b, "未找到%d年%s：已检索全站%d个页面的标题、%d个栏目列表条目、%d个附件的名称以及附件链接和站外链接的文字（匹配“%d年…%s”，不含政府预决算和工程项目）",
		year, kind.name(), idx.pages, idx.items, idx.attachments, year, kind.keyword())
	if len(idx.columns) > 0 {
		fmt.Fprintf(&b, "；财政预决算类栏目：%s", fsList(idx.columns, 3))
	} else {
		b.WriteString("；未发现财政预决算类栏目")
	}
	var other []string
	for _, y := range fsIntKeys(idx.hits[kind]) {
		other = append(other, fmt.Sprintf("%d年（%s）", y, idx.hits[kind][y][0].text))
	}
	if len(other) > 0 {
		fmt.Fprintf(&b, "；已找到其他年度：%s", fsList(other, 3))
	}
	if len(idx.govExcluded) > 0 {
		fmt.Fprintf(&b, "；以下标题属政府预决算或项目，未计入：%s", strings.Join(idx.govExcluded, "、"))
	}
	fmt.Fprintf(&b, "；截止日%s（配置项 due.%s，默认%s，推定值）", fsDate(due), dueKey, def)
	if st.note != "" {
		fmt.Fprintf(&b, "，%s", st.note)
	}
	fmt.Fprintf(&b, "；评估日%s。", fsDate(fsAsOf(ctx)))
	return Finding{
		URL:      u,
		Title:    title,
		Column:   column,
		Message:  fmt.Sprintf("网站未公开%d年%s（截止日%s已过）。", year, kind.name(), fsDate(st.deadline)),
		Evidence: b.String(),
		Subject:  fmt.Sprintf("%d年%s", year, kind.name()),
	}
}

func fsIntKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(keys)))
	return keys
}
