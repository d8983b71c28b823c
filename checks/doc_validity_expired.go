package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/site"
)

// DocValidityExpired reports documents marked 有效 whose own text says their
// validity has ended.
type DocValidityExpired struct{ usesDisclosure } // reads the document analysis: built in the page pass

var docValidityExpiredMeta = Meta{
	ID:          "doc-validity-expired",
	Name:        "有效性未标注",
	Description: "检查文件的有效性标注：文件正文写明的有效期已过，但“有效性”仍标为“有效”，即为有效性未及时更新。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《政府网站发展指引》（国办发〔2017〕47号）文件资料修改、废止、失效的应在已发布的原文件上作出明确标注；《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》（国办发〔2018〕37号）",
	Advice:      "将已过有效期的文件有效性改为“失效”（或标注已延期、已修订并链接新文件），并开展规范性文件清理。",
	Summary: "a document whose 有效性 says 有效 although its own text says \"本…有效期至YYYY年M月D日\" or \"有效期X年\" (from the stated 施行 date, " +
		"else 成文日期, else 发布日期) and that date is before the as-of date; only sentences about the document itself (本办法/自…起施行) count; " +
		"waive with a waiver on doc-validity-expired",
	Recheck: Recheck{Mode: RecheckPage},
}

// Meta describes the rule.
func (DocValidityExpired) Meta() Meta { return docValidityExpiredMeta }

var (
	// validUntilRe: "本办法自2020年1月1日起施行，有效期至2024年12月31日".
	// The sentence must be about this document (本…/…起施行), not about a
	// licence or another document it mentions.
	validUntilRe = regexp.MustCompile(`(本\p{Han}{1,8}|起施行|起实施|起执行|之日起)[^。；;]{0,40}?有效期(?:限)?(?:至|截至|截止到|截止至|到)\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
	// validYearsRe: "本意见自印发之日起施行，有效期5年".
	validYearsRe = regexp.MustCompile(`(本\p{Han}{1,8}|起施行|起实施|起执行|之日起)[^。；;]{0,40}?有效期(?:限)?(?:为)?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,2})\s*年`)
	// inForceFromRe: "自2020年1月1日起施行".
	inForceFromRe = regexp.MustCompile(`自\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起(?:施行|实施|执行|生效)`)
	// markedValid is a 有效性 that says the document is in force.
	markedInvalid = regexp.MustCompile(`失效|无效|废止|废除|停止|过期|修改|修订|已替代|被替代`)
)

// Check compares the stated end of validity with the as-of date.
func (DocValidityExpired) Check(ctx *Context, s *site.Site) []Finding {
	now := evalDate(ctx)
	d := analyse(ctx, s)
	var out []Finding
	for _, doc := range d.docs {
		p := doc.page
		v := strings.TrimSpace(p.Fields()["有效性"])
		if !strings.Contains(v, "有效") || markedInvalid.MatchString(v) {
			continue
		}
		end, quote, ok := statedEnd(p)
		if !ok || !now.After(end) {
			continue
		}
		out = append(out, Finding{
			URL:    p.URL,
			Title:  doc.title,
			Column: p.Column,
			Message: fmt.Sprintf("文件有效性仍标注为“%s”，但正文写明有效期至%s，已过期未更新标注。",
				v, cnDate(end)),
			Evidence: fmt.Sprintf("%s：%s；正文：“%s”；有效期截止%s，评估日期%s。",
				labelOf(p, "有效性"), v, quote, ymd(end), ymd(now)),
			Subject: "有效期至" + ymd(end),
		})
	}
	return out
}

// statedEnd finds the last day of validity the document states.
func statedEnd(p *site.Page) (end time.Time, quote string, ok bool) {
	text := bodyText(p)
	if !strings.Contains(text, "有效期") {
		return time.Time{}, "", false
	}
	if m := validUntilRe.FindStringSubmatchIndex(text); m != nil {
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		mo, _ := strconv.Atoi(text[m[6]:m[7]])
		da, _ := strconv.Atoi(text[m[8]:m[9]])
		t := time.Date(y, time.Month(mo), da, 0, 0, 0, 0, site.Shanghai)
		if t.Month() != time.Month(mo) {
			return time.Time{}, "", false
		}
		return t, text[m[0]:m[1]], true
	}
	m := validYearsRe.FindStringSubmatchIndex(text)
	if m == nil {
		return time.Time{}, "", false
	}
	years := cnSmallNumber(text[m[4]:m[5]])
	if years <= 0 || years > 30 {
		return time.Time{}, "", false
	}
	// The term runs from the stated 施行 date in the same passage, else
	// from the 成文日期 (印发之日), else from the 发布日期.
	var start time.Time
	lo := max(0, m[0]-80)
	if f := inForceFromRe.FindStringSubmatch(text[lo:m[1]]); f != nil {
		y, _ := strconv.Atoi(f[1])
		mo, _ := strconv.Atoi(f[2])
		da, _ := strconv.Atoi(f[3])
		start = time.Date(y, time.Month(mo), da, 0, 0, 0, 0, site.Shanghai)
	} else if w, ok := writtenDate(p); ok {
		start = w.t
	} else if pub, ok := publishedDate(p); ok {
		start = pub.t
	} else {
		return time.Time{}, "", false
	}
	// "有效期5年" from 2020-01-01 covers up to 2024-12-31.
	return start.AddDate(years, 0, -1), text[m[0]:m[1]], true
}

// cnSmallNumber parses 1–99 in Arabic or Chinese numerals (五, 两, 十, 十五).
func cnSmallNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	digit := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return digit[r[0]]
	case len(r) == 2 && r[0] == '十':
		return 10 + digit[r[1]]
	case len(r) == 2 && r[1] == '十':
		return digit[r[0]] * 10
	}
	return 0
}

// cnDate formats a date as 2024年12月31日.
func cnDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}
