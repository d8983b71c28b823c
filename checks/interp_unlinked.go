package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// InterpUnlinked reports a document and its interpretation that do not link
// to each other in both directions.
type InterpUnlinked struct{ usesDisclosure } // reads the document analysis: built in the page pass

var interpUnlinkedMeta = Meta{
	ID:          "interp-unlinked",
	Name:        "文件解读未关联",
	Description: "检查文件与其解读是否互相关联：文件页面没有链接到解读，或解读页面没有链接回原文件，即为未关联。",
	Severity:    Advice, // [I] a third-party inspection item; no national text found (rules.md E3)
	Basis:       "政策文件与解读材料相互关联（第三方政务公开评估通行指标；《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）解读材料与文件同步发布）",
	Advice:      "在文件页面增加“相关解读”链接指向解读，在解读页面增加“政策原文”链接指向文件。",
	Summary: "this body's document and its own interpretation, paired by title or 文号 (never by links alone, since sidebars link " +
		"unrelated pages), where the document page has no link to the interpretation or the interpretation has no link back; " +
		"links written by scripts count when the script names the page; waive with a waiver on interp-unlinked",
	Recheck: Recheck{Reason: "需同时抓取文件及其解读页面判断，请重新扫描全站"},
}

// Meta describes the rule.
func (InterpUnlinked) Meta() Meta { return interpUnlinkedMeta }

// Check reports, per pair, the missing direction(s).
func (InterpUnlinked) Check(ctx *Context, s *site.Site) []Finding {
	d := analyse(ctx, s)
	var out []Finding
	for _, pr := range d.pairs {
		// Only pairs known from their titles or 文号: a pair known from a
		// link has that link, and a link alone may be a sidebar.
		if !pr.named || pr.doc.foreign || pr.interp.foreign {
			continue
		}
		doc, it := pr.doc, pr.interp
		toInterp, back := false, false
		for _, c := range doc.copies {
			toInterp = toInterp || d.linksToPage(c, it.page)
			back = back || d.linksToPage(it.page, c)
		}
		if toInterp && back {
			continue
		}
		var gaps []string
		if !toInterp {
			gaps = append(gaps, "文件页面没有指向解读的链接")
		}
		if !back {
			gaps = append(gaps, "解读页面没有链接回文件原文")
		}
		url, title, column := doc.page.URL, doc.title, doc.page.Column
		if toInterp {
			url, title, column = it.page.URL, it.title, it.page.Column
		}
		out = append(out, Finding{
			URL:     url,
			Title:   title,
			Column:  column,
			Message: fmt.Sprintf("政策文件与其解读未相互关联：%s。", strings.Join(gaps, "，")),
			Evidence: fmt.Sprintf("文件%s（%s）与解读“%s”（%s）经%s配对；%s。",
				docLabel(doc), doc.page.URL, it.title, it.page.URL, pr.how, strings.Join(gaps, "；")),
			Subject: normalizeForFingerprint(it.page.URL),
		})
	}
	return out
}
