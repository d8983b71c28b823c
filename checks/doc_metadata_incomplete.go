package checks

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/gongkai/gongkai/site"
)

// DocMetadataIncomplete reports policy documents whose 政府信息公开 metadata
// lacks a required field.
type DocMetadataIncomplete struct{ usesDisclosure } // reads the document analysis: built in the page pass

var docMetadataIncompleteMeta = Meta{
	ID:          "doc-metadata-incomplete",
	Name:        "文件要素不全",
	Description: "检查政策文件是否标注索引号、发布机构、成文日期、发布日期和文号，规范性文件是否标注有效性。缺少任一项即为文件要素不全。",
	Severity:    Advice, // [I] no known deduction; the field list is from 条例第十二条 and local 目录 rules
	Basis:       "《中华人民共和国政府信息公开条例》第十二条（政府信息公开目录包括索引、名称、内容概述、生成日期等）；《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）政策文件信息要素要求",
	Advice:      "在文件页面的政府信息公开元数据中补齐缺失项：索引号、发布机构、成文日期、发布日期；有文号的文件填写文号，行政规范性文件标注有效性（有效/失效/废止）。",
	Summary: "a policy document (a page of a 政策文件 column with a metadata table or its own 文号, or any page with its own 文号 and a metadata table; " +
		"not a 文号 in the title of a news or notice page without a table) without " +
		"索引号, 发布机构, 成文日期 or 发布日期 (a visible 发布日期 line counts), without 文号 when its title or a standalone body line shows one, " +
		"or a normative document (规 文号, 规范性文件 label or column) without 有效性; one finding per document listing the fields; " +
		"label variants (发文日期, 发文字号, 时效 …) accepted; waive per URL with a waiver on doc-metadata-incomplete",
	Recheck: Recheck{Mode: RecheckPage},
}

// Meta describes the rule.
func (DocMetadataIncomplete) Meta() Meta { return docMetadataIncompleteMeta }

// Check lists, per document, the fields that are absent or empty.
func (DocMetadataIncomplete) Check(ctx *Context, s *site.Site) []Finding {
	d := analyse(ctx, s)
	var out []Finding
	for _, doc := range d.docs {
		p := doc.page
		// A document reposted in a news column without any metadata table
		// is judged where the platform shows it, not there.
		if p.NumFields() < 2 && doc.class != ColPolicy {
			continue
		}
		md := p.Fields()
		var missing, notes []string
		for _, f := range []string{"索引号", "发布机构", "成文日期"} {
			if blank(md[f]) {
				missing = append(missing, f)
			}
		}
		if blank(md["发布日期"]) && !visiblePubDate.MatchString(p.Body().Text) {
			missing = append(missing, "发布日期")
		}
		if blank(md["文号"]) || !hasDocNumValue(md["文号"]) {
			if n, ok := titleDocNum(doc.title); ok {
				missing = append(missing, "文号")
				notes = append(notes, "标题含文号“"+n.String()+"”")
			} else if n, ok := standaloneDocNum(bodyText(p)); ok {
				missing = append(missing, "文号")
				notes = append(notes, "正文含文号“"+n.String()+"”")
			}
		}
		if doc.normative && blank(md["有效性"]) {
			missing = append(missing, "有效性")
			notes = append(notes, "属规范性文件（"+doc.normWhy+"）")
		}
		if len(missing) == 0 {
			continue
		}
		present := presentFields(p)
		ev := "元数据表中未找到：" + strings.Join(missing, "、")
		if len(present) > 0 {
			ev += "；已有：" + strings.Join(present, "、")
		} else {
			ev += "；页面无政府信息公开元数据表"
		}
		if len(notes) > 0 {
			ev += "；" + strings.Join(notes, "；")
		}
		out = append(out, Finding{
			URL:      p.URL,
			Title:    doc.title,
			Column:   p.Column,
			Message:  fmt.Sprintf("政策文件页面缺少信息要素：%s。", strings.Join(missing, "、")),
			Evidence: ev + "。",
			Subject:  docSubject(doc),
		})
	}
	return out
}

// visiblePubDate is a publication date printed outside the metadata table
// ("发布日期：2025-09-10" in the line under the title).
var visiblePubDate = regexp.MustCompile(`(?:发布|公开|发表|上网|发稿)(?:日期|时间)\s*[:：]?\s*(?:19|20)\d{2}\s*[-/.年]|发布于\s*(?:19|20)\d{2}`)

// blank reports an empty value or a placeholder ("-", "/", "　").
func blank(v string) bool {
	for _, r := range v {
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			return false
		}
	}
	return true
}

// hasDocNumValue reports whether a 文号 field holds a number rather than
// "无" (a document without 文号 may say so).
func hasDocNumValue(v string) bool {
	if len(findDocNums(v)) > 0 {
		return true
	}
	v = strings.TrimSpace(v)
	return !blank(v) && v != "无" && v != "暂无"
}

// presentFields lists the required fields a page has, printed labels kept.
func presentFields(p *site.Page) []string {
	var out []string
	md := p.Fields()
	for _, f := range []string{"索引号", "发布机构", "成文日期", "发布日期", "文号", "有效性"} {
		if !blank(md[f]) {
			out = append(out, labelOf(p, f))
		}
	}
	return out
}
