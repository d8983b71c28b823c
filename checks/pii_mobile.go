package checks

import (
	"fmt"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// PIIMobile reports pages and attachments that publish private persons'
// mobile numbers unmasked. Official contact lines are not leaks; a list of
// people with their numbers is.
type PIIMobile struct{ usesPageTexts } // reads pageTexts: built in the page pass

var piiMobileMeta = Meta{
	ID:          "pii-mobile",
	Name:        "泄露手机号",
	Description: "检查网页正文和附件中是否公开了个人的手机号码：没有“联系电话”等标注的手机号、申请人等个人信息后的手机号，或名单类文件中的手机号，即为问题。单位联系电话和联系我们页面不算。",
	// [I] Deducts like the other two; inspection reports name mobile
	// numbers beside ID and card numbers (汉台区 2022, 永安 2023).
	Severity: Deduct,
	Basis:    "《中华人民共和国政府信息公开条例》第十五条；《中华人民共和国个人信息保护法》第二十五条、第三十四条",
	Advice:   "对公示名单、留言、处罚决定等页面及附件中的个人手机号码作去标识化处理（如138****5678）后重新发布；工作联系电话请标注“联系电话”等字样并使用办公电话。",
	Summary: "an unmasked mobile number (1[3-9] + 9 digits) of a private person: one without a contact label (联系电话/电话/手机/联系人/传真/咨询/监督/值班 …) in the 12 runes before it, " +
		"or any mobile after a role label (申请人：, 户主： …), or every mobile of a list (>= 3 distinct numbers of which >= 2 unlabelled, or a 名单/低保/救助/补贴/发放 title, or ID/card numbers in the same document); " +
		"contact pages (title 联系方式/联系电话 …) and numbers on >= 10 pages (site template) are exempt; one finding per page/attachment; waive via profile waivers",
	// [I] rules.md gives no figure: 1 per page or attachment, half an ID
	// or card leak (a mobile number is not sensitive information under
	// 个保法第二十八条); override with profile points.
	Points:      1,
	PointsBasis: "I",
	Recheck:     Recheck{Mode: RecheckPage, RemovedFixes: true},
}

// Meta describes the rule.
func (PIIMobile) Meta() Meta { return piiMobileMeta }

// piiListMin is how many distinct mobile numbers make a document a list of
// people rather than a contact block. [I]
const piiListMin = 3

var (
	// piiListWords in a title or attachment name mark a list of people.
	piiListWords = []string{"名单", "花名册", "名册", "明细"}
	// A title with one of piiWeakListWords and one of piiTopicWords is a list of
	// residents too ("低保对象公示", "补贴发放情况表"); either alone is not:
	// "中标候选人公示" and "补贴申报工作的通知" carry officials' numbers.
	piiWeakListWords = []string{"公示", "一览表", "情况表", "汇总表", "对象", "人员", "清册", "台账"}
	piiTopicWords    = []string{"低保", "特困", "五保", "救助", "补贴", "补助", "发放", "贫困", "困难", "受助", "慰问", "资助", "救济",
		"抚恤", "优抚", "津贴", "养老金", "危房改造", "保障性住房", "公租房", "廉租房", "孕检", "一卡通"}
	// piiContactPageWords in a title mark a page of official contacts.
	piiContactPageWords = []string{"联系方式", "联系电话", "咨询电话", "服务电话", "监督电话", "投诉电话", "举报电话", "联系我们", "值班电话", "热线", "通讯录"}
)

// piiIsPersonalList reports a title or attachment name of a list of residents.
func piiIsPersonalList(title string) bool {
	return piiContainsAny(title, piiListWords) || piiContainsAny(title, piiWeakListWords) && piiContainsAny(title, piiTopicWords)
}

// Check applies, per page or attachment: numbers printed on many pages are
// the template's; on a contact page only numbers after a role label count;
// in a list every number counts; elsewhere the unlabelled numbers and those
// after a role label count.
func (PIIMobile) Check(ctx *Context, s *site.Site) []Finding {
	return piiCheck(ctx, s, piiMobile, "手机号码", func(d *piiDoc, res *piiResult) (piiSelection, bool) {
		return piiMobileLeaks(d, res.mobilePages)
	})
}

// piiMobileLeaks selects the leaked mobile numbers of one document.
func piiMobileLeaks(d *piiDoc, mobilePages map[string]int) (piiSelection, bool) {
	type number struct{ contact, role bool }
	nums := map[string]*number{}
	var hits []piiHit
	personalNumbers := false
	for _, h := range d.hits {
		if h.kind != piiMobile {
			personalNumbers = personalNumbers || h.kind == piiID || h.kind == piiCard && h.cardCtx
			continue
		}
		if !d.attachment && mobilePages[h.digits] >= piiTemplatePages {
			continue
		}
		hits = append(hits, h)
		n := nums[h.digits]
		if n == nil {
			n = &number{}
			nums[h.digits] = n
		}
		// Labelled once is an official line; a role label anywhere makes
		// it a private person's.
		n.contact = n.contact || h.contact
		n.role = n.role || h.role
	}
	if len(nums) == 0 {
		return piiSelection{}, false
	}
	// A number in the 联系电话 column of a table headed 联系人 (a project's,
	// an enterprise's, a recruiter's contact) is a published contact; the
	// header may stand far before it. Not in a list of residents.
	if hdr := piiContactHeaderEnd(d.text); hdr >= 0 && !personalNumbers && !piiIsPersonalList(d.title) {
		for _, h := range hits {
			if h.start > hdr && !h.role {
				nums[h.digits].contact = true
			}
		}
	}
	// A document that leaks ID or card numbers is about private persons:
	// its mobile numbers count, labelled 手机 or not (举报人…身份证号…手机…).
	if personalNumbers {
		for _, n := range nums {
			n.contact = false
		}
	}
	unlabelled := 0
	for _, n := range nums {
		if !n.contact {
			unlabelled++
		}
	}
	titleList := piiIsPersonalList(d.title)
	contactPage := !titleList && !personalNumbers && piiContainsAny(d.title, piiContactPageWords)
	list := len(nums) >= piiListMin && (unlabelled >= 2 || titleList || personalNumbers)
	var note string
	switch {
	case contactPage:
		note = piiDocWord(d) + "为联系方式类，仅计入标注为申请人、户主等个人的号码"
	case list:
		why := fmt.Sprintf("其中%d个无联系电话标注", unlabelled)
		if titleList {
			why = "标题表明为名单类信息"
		} else if personalNumbers {
			why = "同一文件中还有身份证号或银行卡号"
		}
		note = fmt.Sprintf("同一%s有%d个不同手机号（%s），按个人名单处理", piiDocWord(d), len(nums), why)
	}
	var kept []piiHit
	unl, roles := map[string]bool{}, map[string]bool{}
	for _, h := range hits {
		n := nums[h.digits]
		switch {
		case n.role, list && !contactPage, !contactPage && !n.contact:
			kept = append(kept, h)
			if n.role {
				roles[h.digits] = true
			} else if !n.contact {
				unl[h.digits] = true
			}
		}
	}
	if len(kept) == 0 {
		return piiSelection{}, false
	}
	if note == "" && personalNumbers {
		note = fmt.Sprintf("同一%s中还有未脱敏的身份证号或银行卡号，其中的手机号码按个人信息处理", piiDocWord(d))
	}
	if note == "" {
		var parts []string
		if len(unl) > 0 {
			parts = append(parts, fmt.Sprintf("%d个号码前无“联系电话”“联系人”等工作联系标注", len(unl)))
		}
		if len(roles) > 0 {
			parts = append(parts, fmt.Sprintf("%d个号码前标注为申请人、留言人等个人", len(roles)))
		}
		note = strings.Join(parts, "，")
	}
	return piiSelection{hits: kept, count: piiDistinct(kept), note: note}, true
}

// piiContactHeader is a table header naming a contact person and a phone
// column; piiHeaderResident are the columns of a list of residents, which
// makes such a header a 名单's.
var (
	piiHeaderPhones   = []string{"联系电话", "联系方式", "手机号码", "手机", "电话"}
	piiHeaderResident = []string{"身份证", "证件号", "户主", "住址", "家庭", "性别", "年龄", "出生", "姓名", "村组", "补贴", "救助", "金额"}
)

// piiContactHeaderEnd is the end of the first 联系人 … 联系电话 table header
// in text (a 联系人 within 30 runes before a phone column word, no resident
// column within the 80 runes before it), or -1.
func piiContactHeaderEnd(text string) int {
	from := 0
	for {
		i := strings.Index(text[from:], "系人")
		if i < 0 {
			return -1
		}
		i += from
		from = i + len("系人")
		// 联系人, also split by a line break in the cell (联<br>系人).
		lead := strings.TrimRight(text[max(0, i-8):i], " \t\n\u3000")
		if !strings.HasSuffix(lead, "联") {
			continue
		}
		after := text[from:min(len(text), from+30*3)]
		j := -1
		for _, w := range piiHeaderPhones {
			if k := strings.Index(after, w); k >= 0 && (j < 0 || k < j) {
				j = k + len(w)
			}
		}
		if j < 0 {
			continue
		}
		head := text[piiBackRunes(text, i, 80) : from+j]
		if piiContainsAny(head, piiHeaderResident) || piiHasLongRun(head) {
			continue
		}
		return from + j
	}
}

func piiDocWord(d *piiDoc) string {
	if d.attachment {
		return "附件"
	}
	return "页面"
}
