package checks

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// ColumnBlank reports columns with no content at all (有栏目无内容): no
// list entries after script-rendered lists are expanded, no text of their
// own, no documents, no sub-columns.
type ColumnBlank struct{}

var columnBlankMeta = Meta{
	ID:          "column-blank",
	Name:        "空白栏目",
	Description: "检查栏目是否为空：栏目页没有任何信息条目、正文、文件或子栏目即为空白栏目；栏目已说明“暂无信息”的仅作提示。空白栏目达到5个及以上属单项否决。",
	Severity:    Deduct,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“栏目不更新”第3项：空白栏目数量超过（含）5个；空白栏目指有栏目无内容（全国政府网站普查2015）",
	Advice:      "在栏目中发布应公开的信息；确无信息的栏目应作出说明（如“本栏目暂无信息”“本单位无此项职能”），不需要的栏目应删除或整合。",
	Summary: "a column page with no entries (after TRS/大汉/gkmlpt script lists are expanded), no own text, documents or sub-columns; " +
		"never judged while a script-rendered list could not be read; a column that explains itself is advice; " +
		"veto when ≥5 blank columns [C]; 1 point per column [I] (profile points: overrides); waive with a waiver on the column URL",
	Points:      1, // [I] no confirmed figure
	PointsBasis: "I",
	Recheck: Recheck{Mode: RecheckFresh, FreshDays: -1,
		Reason: "栏目页仍无条目，但可能由下级栏目或脚本加载内容，请重新扫描全站"},
}

// blankVetoCount is the indicators' count of blank columns that vetoes [C].
const blankVetoCount = 5

// minBodyHan is how many characters of its own text make a column page a
// page with content (a 公开指南 or 依申请公开 column is one document) [I].
const minBodyHan = 20

// Meta describes the rule.
func (ColumnBlank) Meta() Meta { return columnBlankMeta }

// Check looks at every fetched column whose pages all lack entries.
func (ColumnBlank) Check(ctx *Context, s *site.Site) []Finding {
	hx := sharedHealthIndex(ctx, s)
	named := hx.namedColumns()
	var out []Finding
	blank := 0
	// How many empty columns show each note: one the template prints on
	// every empty list explains nothing.
	notes := map[string]int{}
	for _, g := range hx.groups {
		if len(g.items()) == 0 && len(g.missing) == 0 {
			if n := hx.explanation(g); n != "" {
				notes[n]++
			}
		}
	}
	for _, g := range hx.groups {
		if len(g.items()) > 0 || len(g.missing) > 0 || isNonContentPage(g.rep) {
			continue
		}
		// Only a page that says it is a column is judged: a ColumnName tag,
		// or its own breadcrumb at a column's address (selfNamedColumn).
		if _, ok := g.rep.MetaTags()["columnname"]; !ok && !selfNamedColumn(g.rep) {
			continue
		}
		if g.unexpanded() != "" {
			continue // a script list we could not read: never call it blank
		}
		note := hx.explanation(g)
		if hx.hasOwnContent(g, named, note) {
			continue
		}
		name := g.name()
		f := Finding{URL: g.rep.URL, Title: g.rep.Title, Column: name, Subject: "空白栏目"}
		placeholder := ""
		if note != "" && hx.bareNote(g, note, notes) {
			// 「此栏目暂无任何新增信息」 alone is the list's empty text, not an
			// explanation: a page that says 暂无 with no items is blank (A4).
			placeholder, note = note, ""
		}
		if note != "" {
			f.Severity = Advice
			f.Message = fmt.Sprintf("“%s”栏目没有信息条目，页面已说明“%s”。", name, note)
			f.Evidence = fmt.Sprintf("栏目页（%d个）未发现信息条目、正文或附件；页面说明：“%s”；有说明的栏目不计入空白栏目。", len(g.pages), note)
			out = append(out, f)
			continue
		}
		blank++
		f.Message = fmt.Sprintf("“%s”栏目没有任何内容，属空白栏目。", name)
		f.Evidence = fmt.Sprintf("栏目页（%d个）未发现信息条目、正文、附件或下级栏目，页面未使用脚本加载列表，也无“暂无信息”等说明", len(g.pages))
		if placeholder != "" {
			f.Evidence = fmt.Sprintf("栏目页（%d个）未发现信息条目、正文、附件或下级栏目，页面未使用脚本加载列表；仅显示“%s”，未说明无信息的原因（如“本单位无此项职能”）", len(g.pages), placeholder)
		}
		out = append(out, f)
	}
	for i := range out {
		if out[i].Severity == Advice {
			continue
		}
		if blank >= blankVetoCount {
			out[i].Severity = Veto
			out[i].Evidence += fmt.Sprintf("；全站空白栏目共%d个（达到%d个即单项否决）", blank, blankVetoCount)
		}
		out[i].Evidence += "。"
	}
	return out
}

// bareNote reports a note that only says the list is empty, printed by the
// template on several empty columns (此栏目暂无任何新增信息 on three or more)
// with no reason after it in its sentence: the list's empty text, not an
// office's explanation of this column.
func (hx *healthIndex) bareNote(g *columnGroup, note string, seen map[string]int) bool {
	if seen[note] < templateNoteColumns || !emptyListNote.MatchString(note) {
		return false
	}
	for _, p := range g.pages {
		t := hx.bodyText(p)
		i := strings.Index(t, note)
		if i < 0 {
			continue
		}
		rest := t[i+len(note):]
		if j := strings.IndexAny(rest, "。；;！!"); j >= 0 {
			rest = rest[:j]
		}
		if hanRunes(rest) >= 6 {
			return false // 「…暂无信息，规划纲要批准后将在本栏目公开」
		}
	}
	return true
}

// templateNoteColumns is how many empty columns showing the same note make
// it the template's empty-list text [I].
const templateNoteColumns = 3

// namedColumns counts, per column name, the pages that name it as their
// column or in their breadcrumb.
func (hx *healthIndex) namedColumns() map[string][]*site.Page {
	out := map[string][]*site.Page{}
	for _, p := range hx.s.Pages {
		seen := map[string]bool{}
		for _, n := range append([]string{p.Column}, p.Crumbs()...) {
			n = strings.Join(strings.Fields(n), "")
			if n != "" && !seen[n] {
				seen[n] = true
				if len(out[n]) < 8 {
					out[n] = append(out[n], p)
				}
			}
		}
	}
	return out
}

// hasOwnContent reports a column page that is not blank although it lists
// nothing: it is one document itself (enough text of its own), offers
// documents or forms, leads to sub-columns, or other pages place
// themselves under it (its list is shown some other way). The column's
// explanatory note does not count as text of its own.
func (hx *healthIndex) hasOwnContent(g *columnGroup, named map[string][]*site.Page, note string) bool {
	inGroup := map[*site.Page]bool{}
	for _, p := range g.pages {
		inGroup[p] = true
	}
	name := strings.Join(strings.Fields(g.name()), "")
	for _, q := range named[name] {
		if !inGroup[q] {
			return true
		}
	}
	for _, p := range g.pages {
		if hanRunes(hx.bodyTextWithout(p, note)) >= minBodyHan {
			return true
		}
		if t := p.Body().Text; strings.Contains(t, "验证码") || strings.Contains(t, "提交") {
			return true // a letter or application form, not a list
		}
		dir := ""
		if u, err := url.Parse(p.URL); err == nil {
			dir, _ = path.Split(u.Path)
		}
		for _, l := range p.Outgoing() {
			k := normalizeForFingerprint(l.URL)
			if hx.homeLinks[k] || l.Kind != site.KindAnchor && l.Kind != site.KindFrame {
				continue
			}
			if isAttachment(l.URL) || l.Kind == site.KindFrame {
				return true // a document, or a list shown in a frame
			}
			q := hx.byKey[k]
			if q != nil && !inGroup[q] && q.IsContent() {
				return true
			}
			if dir != "" && dir != "/" && q != nil && !inGroup[q] {
				if u, err := url.Parse(l.URL); err == nil && strings.HasPrefix(u.Path, dir) && u.Path != dir {
					return true // a sub-column or document under this column
				}
			}
			// A menu of sub-columns under this column's folder that were not
			// crawled (a copy of a site links them at the production host).
			if q == nil && l.Kind == site.KindAnchor && strings.Count(dir, "/") >= 3 {
				if u, err := url.Parse(l.URL); err == nil && strings.HasPrefix(u.Path, dir) && u.Path != dir && !pagerNameRe.MatchString(path.Base(u.Path)) {
					return true
				}
			}
		}
	}
	return false
}
