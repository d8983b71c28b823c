package checks

import (
	"strings"

	"github.com/gongkai/gongkai/site"
)

// PIIIDNumber reports pages and attachments that publish unmasked resident
// ID numbers.
type PIIIDNumber struct{ usesPageTexts } // reads pageTexts: built in the page pass

var piiIDNumberMeta = Meta{
	ID:          "pii-id-number",
	Name:        "泄露身份证号",
	Description: "检查网页正文和附件中是否公开了未遮挡的居民身份证号码（18位或老式15位）。发现即为泄露个人隐私，须立即处理。",
	// [I] Inspection reports treat a leak as serious, but no indicator
	// confirms it as 单项否决, so it deducts.
	Severity: Deduct,
	Basis:    "《中华人民共和国政府信息公开条例》第十五条；《中华人民共和国个人信息保护法》第二十五条、第二十八条、第三十四条",
	Advice:   "立即对页面及附件中的居民身份证号码作去标识化处理（如仅保留前6位和后4位，中间以*代替）后重新发布，撤下原文件并申请清除搜索引擎快照；建立公示公告发布前的个人信息审核机制。",
	Summary: "an unmasked resident ID number in page or attachment text: 18 digits with a province code, a birth date 1900..as-of and a valid GB 11643 check character, " +
		"or a 15-digit legacy number (19YYMMDD) in a document that mentions 身份证; never exempt by context; one finding per page/attachment; waive via profile waivers",
	// [I] rules.md gives no figure: 2 per page or attachment, as for the
	// other sensitive number (bank card); override with profile points.
	Points:      2,
	PointsBasis: "I",
	Recheck:     Recheck{Mode: RecheckPage, RemovedFixes: true},
}

// Meta describes the rule.
func (PIIIDNumber) Meta() Meta { return piiIDNumberMeta }

// Check reports each page or attachment with at least one ID number.
func (PIIIDNumber) Check(ctx *Context, s *site.Site) []Finding {
	return piiCheck(ctx, s, piiID, "居民身份证号码", piiIDLeaks)
}

// piiIDLeaks selects the leaked ID numbers of one document.
func piiIDLeaks(d *piiDoc, _ *piiResult) (piiSelection, bool) {
	hits := piiHitsOf(d.hits, piiID)
	if len(hits) == 0 {
		return piiSelection{}, false
	}
	// [I] A 15-digit legacy number has no check digit; it counts only
	// where the document speaks of ID numbers.
	legacyOK := strings.Contains(d.text, "身份证") || strings.Contains(d.text, "身份号码") || strings.Contains(d.text, "证件号")
	kept := hits[:0:0]
	for _, h := range hits {
		if len(h.digits) == 18 || legacyOK {
			kept = append(kept, h)
		}
	}
	if len(kept) == 0 {
		return piiSelection{}, false
	}
	note := "均符合GB 11643校验规则，出生日期有效"
	for _, h := range kept {
		if len(h.digits) == 15 {
			note = "18位号码均符合GB 11643校验规则；15位旧号码（无校验位）的地区码和出生日期有效，且文件提及身份证"
			break
		}
	}
	return piiSelection{hits: kept, count: piiDistinct(kept), note: note}, true
}
