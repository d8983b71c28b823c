package checks

import "github.com/gongkai/gongkai/site"

// PIIBankCard reports pages and attachments that publish unmasked bank card
// numbers.
type PIIBankCard struct{ usesPageTexts } // reads pageTexts: built in the page pass

var piiBankCardMeta = Meta{
	ID:          "pii-bank-card",
	Name:        "泄露银行卡号",
	Description: "检查网页正文和附件中是否公开了未遮挡的银行卡号（16至19位且校验有效，并且附近出现“卡号”“账号”“开户行”等字样）。发现即为泄露个人隐私。",
	// [I] Financial accounts are sensitive personal information (个保法第二
	// 十八条); no indicator confirms a veto, so it deducts.
	Severity: Deduct,
	Basis:    "《中华人民共和国政府信息公开条例》第十五条；《中华人民共和国个人信息保护法》第二十五条、第二十八条、第三十四条",
	Advice:   "立即对页面及附件中的银行卡号（账号）作去标识化处理（如仅保留前4位和后4位，中间以*代替）后重新发布，撤下原文件并申请清除搜索引擎快照；补贴、救助发放名单不应公开收款账号。",
	Summary: "an unmasked bank card number in page or attachment text: 16-19 digits starting 3/4/5/6/9, Luhn-valid, not an ID number, with 卡号/账号/银行/开户行/账户 " +
		"within 20 runes before or 10 after (or another such card in the same document); one finding per page/attachment; waive via profile waivers",
	// [I] rules.md gives no figure: 2 per page or attachment, as for ID
	// numbers; override with profile points.
	Points:      2,
	PointsBasis: "I",
	Recheck:     Recheck{Mode: RecheckPage, RemovedFixes: true},
}

// Meta describes the rule.
func (PIIBankCard) Meta() Meta { return piiBankCardMeta }

// Check reports each page or attachment with at least one card number. A
// card needs a bank word near it; in a list only the header row has one,
// so once one card of a document has it, the document's other Luhn-valid
// card-shaped numbers count too, unless a numbering label (编号, 订单 …)
// introduces them.
func (PIIBankCard) Check(ctx *Context, s *site.Site) []Finding {
	return piiCheck(ctx, s, piiCard, "银行卡号", piiCardLeaks)
}

// piiCardLeaks selects the leaked card numbers of one document.
func piiCardLeaks(d *piiDoc, _ *piiResult) (piiSelection, bool) {
	hits := piiHitsOf(d.hits, piiCard)
	anchored := false
	for _, h := range hits {
		anchored = anchored || h.cardCtx
	}
	if !anchored {
		return piiSelection{}, false
	}
	var kept []piiHit
	for _, h := range hits {
		if h.cardCtx || !h.otherLabel {
			kept = append(kept, h)
		}
	}
	return piiSelection{hits: kept, count: piiDistinct(kept), note: "Luhn校验通过，且附近有“卡号/账号/银行”等字样"}, true
}
