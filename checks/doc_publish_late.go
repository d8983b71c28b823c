package checks

import (
	"fmt"
	"regexp"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// DocPublishLate reports policy documents published more than 20 working
// days after their 成文日期.
type DocPublishLate struct{ usesDisclosure } // reads the document analysis: built in the page pass

// docPublishWorkdays is the working days within which a document is published (条例第二十六条).
var docPublishWorkdays = Threshold{Key: "doc_publish_workdays", Default: 20, Min: 1, Max: 250, Unit: "个工作日",
	field: func(t *config.Thresholds) int { return t.DocPublishWorkdays }}

var docPublishLateMeta = Meta{
	ID:          "doc-publish-late",
	Name:        "公开超期",
	Description: "检查政策文件是否及时公开：从成文日期到发布日期超过20个工作日（可在配置中调整，按国务院公布的节假日安排计算），即为疑似公开超期。转发上级文件和年报不在检查范围。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《中华人民共和国政府信息公开条例》第二十六条（自该政府信息形成或者变更之日起20个工作日内及时公开）",
	Advice:      "核实文件的形成（印发）日期：确属超期公开的，说明原因并今后自形成之日起20个工作日内公开；成文日期填写有误的，更正元数据。",
	Summary: "this body's policy document with more than 20 working days (thresholds.doc_publish_workdays) from 成文日期 to 发布日期, " +
		"counted on the official State Council calendar (start day excluded); reported as 疑似超期 because 成文日期 is not always the 形成日期; " +
		"转发/higher-level documents, 年报 and 工作总结 excluded; a year without calendar data is not judged; waive with a waiver on doc-publish-late",
	Thresholds: []Threshold{docPublishWorkdays},
	Recheck:    Recheck{Mode: RecheckPage},
}

// Meta describes the rule.
func (DocPublishLate) Meta() Meta { return docPublishLateMeta }

// reportLike are documents whose 成文日期 is when they were written, not
// when a decision was made (rules.md C6).
var reportLike = regexp.MustCompile(`年报|年度报告|工作总结|总结|述职|统计公报`)

// Check counts working days from 成文日期 to 发布日期 for each own document.
func (DocPublishLate) Check(ctx *Context, s *site.Site) []Finding {
	limit := docPublishWorkdays.value(ctx)
	cal := calOf(ctx)
	d := analyse(ctx, s)
	var out []Finding
	for _, doc := range d.docs {
		if doc.foreign || reportLike.MatchString(doc.title) {
			continue
		}
		p := doc.page
		written, ok1 := writtenDate(p)
		pub, ok2 := publishedDate(p)
		if !ok1 || !ok2 || !pub.t.After(written.t) {
			continue
		}
		n, err := cal.WorkdaysBetween(written.t, pub.t)
		if err != nil || n <= limit {
			continue // no calendar data for those years: cannot judge
		}
		ev := fmt.Sprintf("%s%s，%s%s，间隔%d个工作日（上限%d个，工作日依据%s）",
			written.label, ymd(written.t), pub.label, ymd(pub.t), n, limit, noticesFor(cal, written.t, pub.t))
		if x := workdayEvidence(cal, written.t, pub.t); x != "" {
			ev += "；" + x
		}
		out = append(out, Finding{
			URL:    p.URL,
			Title:  doc.title,
			Column: p.Column,
			Message: fmt.Sprintf("文件自成文日期至发布日期间隔%d个工作日，疑似超过%d个工作日的主动公开时限。",
				n, limit),
			Evidence: ev + "。",
			Subject:  docSubject(doc),
		})
	}
	return out
}
