package checks

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// BudgetTablesIncomplete reports a 部门预算 without its 8 公开表 (9 where
// 国有资本经营预算 applies) or a 部门决算 without its 9, read from the page
// and its attachments, and one without the 机关运行经费 or 政府采购
// explanation (rules.md F2). A table left out with a note (本部门无政府性基金
// 预算收支，故此表为空表) counts as published.
type BudgetTablesIncomplete struct{}

var budgetTablesIncompleteMeta = Meta{
	ID:          "budget-tables-incomplete",
	Name:        "预决算公开表格不完整",
	Description: "检查部门预算、决算是否公开全部规定表格（预算8张、决算9张，涉及国有资本经营预算的另加1张），以及机关运行经费、政府采购情况的说明。缺少且未说明为空表的，即为问题；附件无法读取的提示人工核对。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国预算法》第十四条；《预算法实施条例》第六条；《地方预决算公开操作规程》（财预〔2016〕143号）及财政预决算领域基层政务公开标准目录：部门预算公开收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表，部门决算公开9张决算表，并说明机关运行经费、政府采购等情况；没有数据的表格应列出空表并说明",
	Advice:      "按标准目录公开部门预算（决算）全部表格，没有数据的表格列出空表并说明原因（如“本部门无政府性基金预算收支，故此表为空表”），并在说明中公开机关运行经费安排和政府采购情况；附件应为可读取的文字版而非扫描图片。",
	Summary: "the 部门预算 of this and last year and the 部门决算 of the last two years that sangong-missing reads (page text and readable attachments, the documents of one body and year taken together): " +
		"a required table whose title is not found (fuzzy: 部门收支总表/收支预算总表 …; 8 budget tables, and 国有资本经营预算支出表 where the document names 国有资本经营预算 and the profile's not_applicable does not list 国有资本; 9 决算 tables), " +
		"unless a sentence explains it is empty (空表, 无…收支, 未安排, 不涉及); a missing 机关运行经费 or 政府采购 explanation; " +
		"an unreadable attachment or tables that may be images give advice 请人工核对; attachments not downloaded make it silent.",
	Recheck: Recheck{Reason: "需读取预决算页面及附件判断，请重新扫描全站"},
}

// Meta describes the rule.
func (BudgetTablesIncomplete) Meta() Meta { return budgetTablesIncompleteMeta }

// btTable is one required table: its title, how to find it, and the word a
// note explaining its absence names.
type btTable struct {
	name  string
	re    *regexp.Regexp
	topic string
}

var (
	btBudgetTables = []btTable{
		{"部门收支总表", regexp.MustCompile(`部门收支总表|收支预算总表|(?:^|[^款])收支总表`), ""},
		{"部门收入总表", regexp.MustCompile(`部门收入总表|收入预算总表|(?:^|[^款])收入总表`), ""},
		{"部门支出总表", regexp.MustCompile(`部门支出总表|支出预算总表|(?:^|[^款])支出总表`), ""},
		{"财政拨款收支总表", regexp.MustCompile(`财政拨款收支(?:预算)?总表`), "财政拨款"},
		{"一般公共预算支出表", regexp.MustCompile(`一般公共预算(?:财政拨款)?支出(?:预算)?(?:情况)?表`), "一般公共预算"},
		{"一般公共预算基本支出表", regexp.MustCompile(`一般公共预算(?:财政拨款)?基本支出(?:预算)?(?:情况)?表`), "基本支出"},
		{"一般公共预算“三公”经费支出表", regexp.MustCompile(`三公经费(?:财政拨款)?支出(?:预算)?(?:情况)?表`), "三公"},
		{"政府性基金预算支出表", regexp.MustCompile(`政府性基金(?:预算)?(?:财政拨款)?(?:收入)?支出(?:预算)?(?:情况)?表`), "政府性基金"},
	}
	btStateCapitalBudget = btTable{"国有资本经营预算支出表", regexp.MustCompile(`国有资本经营预算(?:财政拨款)?支出(?:预算)?(?:情况)?表`), "国有资本"}
	btFinalTables        = []btTable{
		{"收入支出决算总表", regexp.MustCompile(`(?:^|[^款])收入支出决算总表`), ""},
		{"收入决算表", regexp.MustCompile(`(?:^|[^款])收入决算表`), ""},
		{"支出决算表", regexp.MustCompile(`(?:^|[^款费入])支出决算表`), ""},
		{"财政拨款收入支出决算总表", regexp.MustCompile(`财政拨款收入支出决算总表`), "财政拨款"},
		{"一般公共预算财政拨款支出决算表", regexp.MustCompile(`一般公共预算(?:财政拨款)?支出决算(?:明细)?表`), "一般公共预算"},
		{"一般公共预算财政拨款基本支出决算表", regexp.MustCompile(`一般公共预算(?:财政拨款)?基本支出决算(?:明细)?表`), "基本支出"},
		{"一般公共预算财政拨款“三公”经费支出决算表", regexp.MustCompile(`三公经费(?:财政拨款)?支出决算表`), "三公"},
		{"政府性基金预算财政拨款收入支出决算表", regexp.MustCompile(`政府性基金预算(?:财政拨款)?(?:收入)?支出决算表`), "政府性基金"},
		{"国有资本经营预算财政拨款支出决算表", regexp.MustCompile(`国有资本经营预算(?:财政拨款)?支出决算表`), "国有资本"},
	}
	btExplanations = []struct{ name, word string }{
		{"机关运行经费", "机关运行经费"},
		{"政府采购", "政府采购"},
	}
	// btEmptyNote is what a sentence says of a table left empty.
	btEmptyNote = regexp.MustCompile(`空表|无此项|无相关|未安排|没有|不涉及|无[^，,。；;]{0,12}(?:收支|收入|支出|预算|决算|经费)|为零|均为0`)
	// btNoise are characters table titles are printed with or without.
	btNoise = strings.NewReplacer(" ", "", "\u3000", "", "“", "", "”", "", "\"", "", "‘", "", "’", "", "「", "", "」", "", "'", "")
)

// btResult is what a document shows of its tables.
type btResult struct {
	missing, explained, notes []string
}

// btCheck reads the tables and explanations of a document's text.
func btCheck(text string, kind fsBudgetKind, na []string) btResult {
	t := btNoise.Replace(text)
	tables := btFinalTables
	if kind == fsBudget {
		tables = btBudgetTables
		if strings.Contains(t, "国有资本经营预算") && !slices.ContainsFunc(na, func(s string) bool { return strings.Contains(s, "国有资本") }) {
			tables = append(slices.Clone(tables), btStateCapitalBudget)
		}
	}
	sentences := fsSentenceSplit.Split(t, -1)
	var r btResult
	for _, tb := range tables {
		if tb.re.MatchString(t) {
			continue
		}
		if tb.topic == "国有资本" && slices.ContainsFunc(na, func(s string) bool { return strings.Contains(s, "国有资本") }) {
			continue
		}
		explained := false
		for _, s := range sentences {
			if tb.topic != "" && strings.Contains(s, tb.topic) && btEmptyNote.MatchString(s) {
				explained = true
				break
			}
		}
		if explained {
			r.explained = append(r.explained, tb.name)
		} else {
			r.missing = append(r.missing, tb.name)
		}
	}
	for _, e := range btExplanations {
		if !strings.Contains(t, e.word) {
			r.notes = append(r.notes, e.name)
		}
	}
	return r
}

// btGroup is the documents of one body, kind and year taken together (the
// 说明 on one page, the tables in another).
type btGroup struct {
	docs []*fsFinanceDoc
	text string
}

// Check judges each body's budget and final account of the checked years.
func (BudgetTablesIncomplete) Check(ctx *Context, s *site.Site) []Finding {
	var groups firstSeen[string, btGroup]
	for _, d := range fsFinanceDocs(ctx, s) {
		g := groups.get(fmt.Sprintf("%d|%d|%s", d.kind, d.year, d.body), func() *btGroup { return &btGroup{} })
		g.docs = append(g.docs, d)
		g.text += " " + d.text
	}
	na := ctx.profile().NotApplicable
	var out []Finding
	for _, g := range groups.order {
		d := g.docs[0]
		var read, unread []string
		images, notFetched := 0, false
		for _, x := range g.docs {
			read = append(read, x.read...)
			unread = append(unread, x.unread...)
			images += x.images
			notFetched = notFetched || x.notFetched
		}
		r := btCheck(g.text, d.kind, na)
		if len(r.missing) == 0 && len(r.notes) == 0 {
			continue
		}
		if notFetched && len(unread) == 0 {
			continue // its attachments were not looked at
		}
		doc := fmt.Sprintf("%d年%s", d.year, d.kind.name())
		f := Finding{URL: d.url, Title: d.title, Column: d.column, Subject: doc + "|" + d.body}
		scope := "页面正文"
		if !d.page {
			scope = ""
		}
		if len(read) > 0 {
			scope = strings.TrimPrefix(scope+"、附件"+strings.Join(read, "、")+"（已读取）", "、")
		}
		found := "未找到" + strings.Join(r.missing, "、")
		if len(r.missing) == 0 {
			found = "表格齐全"
		}
		if len(r.explained) > 0 {
			found += "；已说明为空表：" + strings.Join(r.explained, "、")
		}
		if len(r.notes) > 0 {
			found += "；未找到" + strings.Join(r.notes, "、") + "情况说明"
		}
		switch {
		case len(unread) > 0:
			f.Severity = Advice
			f.Message = fmt.Sprintf("%s的附件无法读取，未能核对公开表格是否齐全，请人工核对。", doc)
			f.Evidence = fmt.Sprintf("无法读取附件%s；已检查%s：%s。", strings.Join(unread, "、"), scope, found)
		case len(read) == 0 && images > 0:
			f.Severity = Advice
			f.Message = fmt.Sprintf("%s页面文字中缺少公开表格，页面含%d张图片，表格可能以图片形式发布，请人工核对。", doc, images)
			f.Evidence = fmt.Sprintf("已检查页面正文：%s；页面另有%d张图片，内容无法读取，预决算表格不应以图片形式发布。", found, images)
		default:
			var what []string
			if len(r.missing) > 0 {
				what = append(what, fmt.Sprintf("缺少%d张公开表格", len(r.missing)))
			}
			if len(r.notes) > 0 {
				what = append(what, "未说明"+strings.Join(r.notes, "、")+"情况")
			}
			f.Message = fmt.Sprintf("%s公开内容不完整：%s。", doc, strings.Join(what, "，"))
			f.Evidence = fmt.Sprintf("已检查%s：%s（按表名识别，空表须列出并说明）。", scope, found)
		}
		out = append(out, f)
	}
	return out
}
