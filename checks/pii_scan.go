package checks

import (
	"strings"
	"unicode/utf8"
)

// This file holds the personal-number scanner shared by pii-id-number,
// pii-mobile and pii-bank-card. It runs over every page and attachment, so
// it is one hand-written pass over the bytes: the fast path looks at one
// byte and a table entry, and only digit runs of a length that can be a
// personal number (11, 13, 15–19) are looked at more closely.

// piiKind is the kind of personal number a hit is.
type piiKind uint8

const (
	piiID     piiKind = iota + 1 // 居民身份证号码 (18 digits, or 15 legacy)
	piiMobile                    // 手机号码
	piiCard                      // 银行卡号
)

// piiHit is one personal number found in a text.
type piiHit struct {
	kind       piiKind
	start, end int    // byte span in the text, the trailing X included
	digits     string // normalised: ASCII digits, an upper-case X check character
	// contact (mobile): a contact label (联系电话, 手机, 传真 …) stands in the
	// 12 runes before it, or it follows such a labelled number directly.
	contact bool
	// role (mobile): a private person's role label (申请人：, 户主：…) stands in
	// the 20 runes before it, so a contact label does not make it official.
	role bool
	// cardCtx (card): a bank word (卡号, 账号, 银行 …) is near it.
	cardCtx bool
	// otherLabel (card): a non-card numbering label (编号, 订单 …) precedes it
	// and no bank word does.
	otherLabel bool
}

// Byte classes of the fast path.
const (
	piiClsNone  = iota
	piiClsDigit // 0-9
	piiClsEF    // first byte of ０-９ (EF BC 90–99), among others
	piiClsURL   // h/H/w/W: a possible "http" or "www." start
)

var piiClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = piiClsDigit
	}
	t[0xEF] = piiClsEF
	for _, c := range "hHwW" {
		t[c] = piiClsURL
	}
	return t
}()

// maxPIIRun is the longest digit run kept: a bank card has at most 19.
const maxPIIRun = 19

// piiPhoneSpan is a digit run of 7 or more digits (a phone-like number).
// The last few are kept, so that "联系电话：0795-3512345、13812345678" and a
// 联系人 block ("A镇 张三 138…；B镇 李四 139…") count as labelled.
type piiPhoneSpan struct {
	start, end int  // start includes an area code joined by '-'
	personal   bool // an ID or card number: a chain of contacts ends there
	// contact is whether it counts as an official contact: 0 not yet
	// known, 1 no, 2 yes. It is worked out only when a mobile number needs
	// it, which keeps the scanner fast on tables of amounts.
	contact uint8
}

// piiPhones is a ring of the last phone-like runs.
type piiPhones struct {
	ring [4]piiPhoneSpan
	n    int // runs seen
}

func (ps *piiPhones) add(p piiPhoneSpan) int {
	ps.ring[ps.n%len(ps.ring)] = p
	ps.n++
	return ps.n - 1
}

// at returns run k (0-based, in text order), or nil once it has left the ring.
func (ps *piiPhones) at(k int) *piiPhoneSpan {
	if k < 0 || k >= ps.n || k < ps.n-len(ps.ring) {
		return nil
	}
	return &ps.ring[k%len(ps.ring)]
}

// endBefore is the end of the run before run k, or -1 when there is none
// (or it has left the ring: three runs of 7 digits lie between, further
// back than any window looks).
func (ps *piiPhones) endBefore(k int) int {
	if p := ps.at(k - 1); p != nil {
		return p.end
	}
	return -1
}

// contact reports whether run k is an official contact: a contact label
// in the 12 runes before it, not reaching back past the run before; or it
// continues a labelled run right after it through list separators
// ("0795-3512345、13812345678"), or on the next row of a 联系人 block
// ("A镇 张三 138…；B镇 李四 139…").
func (ps *piiPhones) contact(text string, k int) bool {
	p := ps.at(k)
	if p == nil {
		return false
	}
	if p.contact == 0 {
		p.contact = 1
		lo := min(max(piiBackRunes(text, p.start, 12), ps.endBefore(k), 0), p.start)
		if piiContainsAny(text[lo:p.start], piiContactLabels) {
			p.contact = 2
		} else if prev := ps.at(k - 1); prev != nil && !prev.personal && prev.end <= p.start &&
			(piiSeparatorsOnly(text, prev.end, p.start, 3) || piiContactRow(text[prev.end:p.start])) &&
			ps.contact(text, k-1) {
			p.contact = 2
		}
	}
	return p.contact == 2
}

// piiScanner scans texts for personal numbers. The zero value is not
// usable; use newPIIScanner.
type piiScanner struct {
	// maxBirth is the latest plausible birth date, yyyymmdd (the evaluation
	// date): an ID "born" after it is not an ID.
	maxBirth int
}

func newPIIScanner(maxBirth int) piiScanner { return piiScanner{maxBirth: maxBirth} }

// scan appends the personal numbers found in text to dst.
func (sc piiScanner) scan(dst []piiHit, text string) []piiHit {
	n := len(text)
	var phones piiPhones
	i := 0
	for i < n {
		c := text[i]
		switch piiClass[c] {
		case piiClsNone:
			i++
			continue
		case piiClsEF:
			if !(i+2 < n && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99) {
				i++
				continue
			}
		case piiClsURL:
			if j := piiURLEnd(text, i); j > i {
				i = j
			} else {
				i++
			}
			continue
		}
		// A digit run: ASCII and full-width digits, normalised.
		start := i
		var buf [maxPIIRun + 1]byte
		nd := 0
		for i < n {
			b := text[i]
			if b >= '0' && b <= '9' {
				if nd <= maxPIIRun {
					buf[nd] = b
				}
				nd++
				i++
				continue
			}
			if b == 0xEF && i+2 < n && text[i+1] == 0xBC && text[i+2] >= 0x90 && text[i+2] <= 0x99 {
				if nd <= maxPIIRun {
					buf[nd] = '0' + text[i+2] - 0x90
				}
				nd++
				i += 3
				continue
			}
			break
		}
		if nd < 7 {
			continue
		}
		lastEnd := -1
		if p := phones.at(phones.n - 1); p != nil {
			lastEnd = p.end
		}
		k := phones.add(piiPhoneSpan{start: piiWithAreaCode(text, start), end: i})
		if nd >= 11 && nd <= maxPIIRun {
			if h, ok := sc.classify(text, start, i, buf[:nd], lastEnd); ok {
				cur := phones.at(k)
				switch h.kind {
				case piiMobile:
					h.contact = phones.contact(text, k)
				case piiID, piiCard:
					cur.personal = true
				}
				dst = append(dst, h)
				i = max(i, h.end) // past the X check character
				cur.end = i
			}
		}
	}
	return dst
}

// piiWithAreaCode steps back from a run over an area code joined by '-'
// ("0795-3512345"): a whole run of 3 or 4 digits beginning with 0.
func piiWithAreaCode(text string, start int) int {
	if start < 4 || text[start-1] != '-' {
		return start
	}
	k := start - 1
	for k > 0 && text[k-1] >= '0' && text[k-1] <= '9' && start-1-k < 5 {
		k--
	}
	if n := start - 1 - k; n < 3 || n > 4 || text[k] != '0' || k > 0 && piiIsWordByte(text[k-1]) {
		return start
	}
	return k
}

// piiURLEnd returns the end of a URL starting at i ("http://", "https://",
// "www."), or i when none starts there. Digits inside a URL are never
// personal data (post_12612456, t20260214_2730572, ?id=13812345678).
func piiURLEnd(s string, i int) int {
	if i > 0 && piiIsWordByte(s[i-1]) {
		return i
	}
	rest := s[i:]
	switch {
	case piiHasPrefixFold(rest, "http://"), piiHasPrefixFold(rest, "https://"), piiHasPrefixFold(rest, "www."):
	default:
		return i
	}
	j := i
	for j < len(s) {
		b := s[j]
		if b <= ' ' || b >= 0x7f || b == '"' || b == '\'' || b == '<' || b == '>' || b == '`' {
			break
		}
		j++
	}
	return j
}

func piiHasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func piiIsWordByte(b byte) bool {
	return b >= '0' && b <= '9' || b|0x20 >= 'a' && b|0x20 <= 'z' || b == '_'
}

// piiIsLetter reports ASCII and full-width Latin letters.
func piiIsLetter(r rune) bool {
	return r|0x20 >= 'a' && r|0x20 <= 'z' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}

func piiIsDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// piiIsMask reports the characters offices mask digits with.
func piiIsMask(r rune) bool {
	switch r {
	case '*', '＊', '×', '∗', '●', '○', '■', '□', '☆', '★', '※':
		return true
	}
	return false
}

func piiIsX(r rune) bool { return r == 'X' || r == 'x' || r == 'Ｘ' || r == 'ｘ' }

// classify decides what the digit run text[start:end] (digits d) is;
// lastEnd is the end of the phone-like run before it, or -1.
func (sc piiScanner) classify(text string, start, end int, d []byte, lastEnd int) (piiHit, bool) {
	pr, prSize := utf8.DecodeLastRuneInString(text[:start])
	if start == 0 {
		pr = 0
	}
	nr, nrSize := utf8.DecodeRuneInString(text[end:])
	if end == len(text) {
		nr = 0
	}
	// Part of a code, a path or an e-mail address, or already masked. One
	// exception: "G" + an ID number is a 全国学籍号, the pupil's ID number.
	student := pr == 'G' && piiStudentNo(text, start-prSize, d)
	if student {
		pr = ' '
	}
	if piiIsLetter(pr) || pr == '_' || piiIsMask(pr) || strings.ContainsRune("=\\#&%~@", pr) ||
		pr == '〕' || pr == ']' || pr == '】' {
		return piiHit{}, false
	}
	// After '/': a path (x.gov.cn/13812345678.html), unless a number stands
	// before it ("13812345678/13987654321" lists two numbers).
	if pr == '/' || pr == '／' {
		r2, _ := utf8.DecodeLastRuneInString(text[:start-prSize])
		if !piiIsDigit(r2) {
			return piiHit{}, false
		}
	}
	// Joined to an earlier number by '-' or '.': a landline with its area
	// code (0795-…), a compound serial (2025-…) or a decimal fraction.
	// An ID number is still checked after "1." (a numbered list item): its
	// check character makes a decimal fraction passing for one implausible.
	joined := false
	if pr == '-' || pr == '－' || pr == '.' {
		r2, _ := utf8.DecodeLastRuneInString(text[:start-prSize])
		joined = piiIsDigit(r2)
	}
	idAfterDot := joined && pr == '.'
	if joined && !(idAfterDot && (len(d) == 18 || len(d) == 17)) {
		return piiHit{}, false
	}
	if nr == '_' || piiIsMask(nr) || nr == '@' || nr == '号' {
		return piiHit{}, false
	}
	if nr == '-' || nr == '－' || nr == '.' {
		r2, _ := utf8.DecodeRuneInString(text[end+nrSize:])
		if piiIsDigit(r2) {
			return piiHit{}, false
		}
	}
	// Before "/2025-": the shape of a 索引号 (code/year-serial).
	if (nr == '/' || nr == '／') && piiIndexTail(text[end+nrSize:]) {
		return piiHit{}, false
	}
	nd := len(d)
	if piiIsLetter(nr) {
		if nd != 17 || !piiIsX(nr) {
			return piiHit{}, false
		}
		after, _ := utf8.DecodeRuneInString(text[end+nrSize:])
		if piiIsLetter(after) || piiIsDigit(after) || after == '_' || piiIsMask(after) {
			return piiHit{}, false
		}
		var id [18]byte
		copy(id[:], d)
		id[17] = 'X'
		if !sc.validID18(id[:]) || piiNumberedNotID(text, start) {
			return piiHit{}, false
		}
		return piiHit{kind: piiID, start: start, end: end + nrSize, digits: string(id[:])}, true
	}
	if nd == 18 && sc.validID18(d) {
		if piiNumberedNotID(text, start) {
			return piiHit{}, false
		}
		return piiHit{kind: piiID, start: start, end: end, digits: string(d)}, true
	}
	if idAfterDot || student {
		return piiHit{}, false
	}
	switch {
	case nd == 15 && sc.validID15(d):
		// Old business licence numbers (注册号) have 15 digits too.
		if piiLabelBefore(text, start, 20, piiNumberingLabels15) {
			return piiHit{}, false
		}
		return piiHit{kind: piiID, start: start, end: end, digits: string(d)}, true
	case piiIsUnit(nr):
		// "15234567890元", "13500000000人次": an amount or a count.
		return piiHit{}, false
	case nd == 11 && piiIsMobile(d):
		return sc.mobileHit(text, start, end, d, lastEnd), true
	case nd == 13 && pr == '+' && d[0] == '8' && d[1] == '6' && piiIsMobile(d[2:]):
		return sc.mobileHit(text, start, end, d[2:], lastEnd), true
	case nd >= 16 && nd <= 19 && piiIsCardPrefix(d[0]) && piiLuhn(d):
		h := piiHit{kind: piiCard, start: start, end: end, digits: string(d)}
		h.cardCtx = piiLabelBefore(text, start, 20, piiCardWords) || piiLabelAfter(text, end, 10, piiCardWords)
		h.otherLabel = !h.cardCtx && piiLabelBefore(text, start, 20, piiNumberingLabels)
		return h, true
	}
	return piiHit{}, false
}

// piiStudentNo reports whether the "G" at g starts a 全国学籍号: G and an
// 18-character ID number (digits d, maybe an X after them), the G not part
// of a longer code.
func piiStudentNo(text string, g int, d []byte) bool {
	if g > 0 && piiIsWordByte(text[g-1]) {
		return false
	}
	return len(d) == 18 || len(d) == 17
}

// piiIsUnit reports a unit character that makes the number before it an
// amount or a count, never a phone or card number.
func piiIsUnit(r rune) bool {
	return strings.ContainsRune("元万亿千百人户个次件吨亩米%‰岁天", r)
}

// piiIndexTail reports whether s starts with the "2025-00321" tail of a
// 索引号 (a 4-digit year, a hyphen, a digit).
func piiIndexTail(s string) bool {
	return len(s) >= 6 && (s[0] == '1' || s[0] == '2') && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
		s[3] >= '0' && s[3] <= '9' && (s[4] == '-' || s[4] == '_') && s[5] >= '0' && s[5] <= '9'
}

// piiNumberedNotID reports an ID-shaped number that a numbering label (项目编号,
// 订单号, 索引号 …) introduces in the 12 runes before it, with no ID word
// (身份证, 证件 …) there: project numbers built as region code + date +
// serial pass the check character one time in eleven.
func piiNumberedNotID(text string, start int) bool {
	w := text[piiBackRunes(text, start, 12):start]
	return piiContainsAny(w, piiNumberingLabels) && !piiContainsAny(w, piiIDWords)
}

func (sc piiScanner) mobileHit(text string, start, end int, d []byte, lastEnd int) piiHit {
	h := piiHit{kind: piiMobile, start: start, end: end, digits: string(d)}
	h.role = piiRoleBefore(text, min(max(lastEnd, piiBackRunes(text, start, 20)), start), start)
	return h
}

// piiContactRow reports whether gap, the text between two phone numbers,
// is the next row of an official contact block ("；高湖镇 李华 "): short,
// naming a unit, and without what marks a row of a list of residents: a
// role label, a gender, a 组/户/门牌号 address or a village that is not a
// unit ("高湖村三组", while "高湖村 张明" and "高湖村委会" are units).
func piiContactRow(gap string) bool {
	if len(gap) > 16*4 || utf8.RuneCountInString(gap) > 16 || piiContainsAny(gap, piiRoleLabels) {
		return false
	}
	unit := false
	for k := 0; k < len(gap); {
		r, sz := utf8.DecodeRuneInString(gap[k:])
		k += sz
		next, _ := utf8.DecodeRuneInString(gap[k:])
		endsName := k == len(gap) || piiIsSeparator(next)
		switch r {
		case '组', '户', '号', '男', '女':
			return false
		case '村':
			if next != '委' && !endsName {
				return false
			}
			unit = true
		case '镇', '乡', '局':
			unit = true
		case '办', '科', '股', '室', '所', '站', '队', '院', '校', '部', '处', '厅', '馆', '委', '会', '司':
			// Also inside common words (办理, 所在, 部分): a unit only when
			// it ends the name.
			unit = unit || endsName
		}
	}
	return unit || piiContainsAny(gap, piiUnitWords)
}

// piiIsSeparator reports the characters that end a name in a row.
func piiIsSeparator(r rune) bool {
	return strings.ContainsRune(" \t\r\n\u3000、，,;；:：（）()", r)
}

// piiSeparatorsOnly reports whether text[from:to] is at most max runes of
// list separators (spaces, 、，/；或 and brackets).
func piiSeparatorsOnly(text string, from, to, max int) bool {
	if from > to {
		return false
	}
	k := 0
	for _, r := range text[from:to] {
		if !strings.ContainsRune(" \t\r\n、，,/／;；或及和（）()：:-－", r) {
			return false
		}
		k++
		if k > max {
			return false
		}
	}
	return true
}

// piiRoleBefore reports a private person's role label with its colon
// ("申请人：", "户主:") in text[lo:start].
func piiRoleBefore(text string, lo, start int) bool {
	w := text[lo:start]
	for _, r := range piiRoleLabels {
		for k := 0; ; {
			j := strings.Index(w[k:], r)
			if j < 0 {
				break
			}
			after := w[k+j+len(r):]
			if strings.HasPrefix(after, "：") || strings.HasPrefix(after, ":") {
				return true
			}
			k += j + len(r)
		}
	}
	return false
}

var (
	// piiContactLabels mark an official contact line. 电话 covers 联系电话,
	// 咨询电话, 监督电话, 值班电话 …; 联系 covers 联系人 and 联系方式.
	// piiUnitWords name the units of an official contact block, wherever
	// they stand in a row; single-character units are judged in
	// piiContactRow.
	piiUnitWords = []string{"街道", "社区", "中心", "公司", "办公室", "委员会", "村委会", "居委会", "管委会",
		// and officials' titles
		"主任", "书记", "镇长", "乡长", "局长", "科长", "所长", "站长", "村长", "干部", "专干", "委员", "经办人", "负责人", "联络员", "网格员"}
	piiContactLabels = []string{"电话", "手机", "联系", "传真", "热线", "咨询", "监督", "值班", "举报", "投诉", "微信", "Tel", "TEL", "tel"}
	// piiRoleLabels name a private person whose number is personal data even
	// when it is labelled 电话.
	piiRoleLabels = []string{"申请人", "举报人", "投诉人", "户主", "当事人", "村民", "患者", "家长", "监护人", "受助人", "被处罚人",
		"承租人", "购房人", "求助人", "来信人", "留言人", "咨询人", "反映人", "受益人", "救助对象", "补贴对象"}
	// piiIDWords introduce a resident ID number.
	piiIDWords   = []string{"身份证", "身份号码", "证件", "公民身份"}
	piiCardWords = []string{"卡号", "账号", "帐号", "银行", "开户行", "账户", "帐户", "存折", "折号", "社保卡", "一卡通", "信用社", "银联"}
	// piiNumberingLabels name non-card numbers of card length.
	piiNumberingLabels = []string{"编号", "订单", "流水号", "项目", "代码", "索引号", "文号", "注册号", "批号", "批次", "单号", "编码", "序列号"}
	// piiNumberingLabels15 are the labels of 15-digit numbers that are not
	// legacy ID numbers: old business licence numbers, tax and other codes.
	piiNumberingLabels15 = []string{"注册号", "执照", "信用代码", "代码", "税号", "编号", "编码", "登记号", "订单", "流水号"}
)

// piiContainsAny reports whether s contains one of words. Spaces inside s
// are ignored, as labels are often spaced out ("索 引 号", "电  话").
func piiContainsAny(s string, words []string) bool {
	if strings.ContainsAny(s, " \t\u3000") {
		s = strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\u3000' {
				return -1
			}
			return r
		}, s)
	}
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// piiLabelBefore reports one of words in the n runes before i.
func piiLabelBefore(text string, i, n int, words []string) bool {
	return piiContainsAny(text[piiBackRunes(text, i, n):i], words)
}

// piiLabelAfter reports one of words in the n runes after i.
func piiLabelAfter(text string, i, n int, words []string) bool {
	return piiContainsAny(text[i:piiFwdRunes(text, i, n)], words)
}

// piiBackRunes returns the byte offset n runes before i.
func piiBackRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return i
}

// piiFwdRunes returns the byte offset n runes after i.
func piiFwdRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, sz := utf8.DecodeRuneInString(s[i:])
		i += sz
	}
	return i
}

// piiIsMobile reports an 11-digit mainland mobile number: 1[3-9] and 9 more.
func piiIsMobile(d []byte) bool { return len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' }

// piiIsCardPrefix reports the first digits of personal bank cards issued in
// China: 62 UnionPay, 4 Visa, 5 Mastercard, 3 JCB/Amex, 9 older domestic
// cards (9558, 9559). [I] Corporate account numbers (对公账户, which offices
// publish for fees on purpose) mostly begin with 0, 1 or 2 and fail Luhn.
func piiIsCardPrefix(c byte) bool { return c == '3' || c == '4' || c == '5' || c == '6' || c == '9' }

// piiLuhn reports whether the digits pass the Luhn check.
func piiLuhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i] - '0')
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// piiProvinceCode marks the province codes of GB/T 2260 that begin resident ID
// numbers, with 71 台湾, 81 香港, 82 澳门 and 83 (台湾居民居住证).
var piiProvinceCode = func() (t [100]bool) {
	for _, c := range []int{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83} {
		t[c] = true
	}
	return t
}()

// piiIDWeights are the GB 11643-1999 weights of the first 17 digits.
var piiIDWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// piiIDCheckChar is the check character for each sum mod 11.
const piiIDCheckChar = "10X98765432"

// validID18 reports an 18-character resident ID number: a province code, a
// birth date from 1900 to the evaluation date and the GB 11643 check
// character (digits or a final upper-case X).
func (sc piiScanner) validID18(d []byte) bool {
	if len(d) != 18 || !piiProvinceCode[int(d[0]-'0')*10+int(d[1]-'0')] {
		return false
	}
	sum := 0
	for k := 0; k < 17; k++ {
		if d[k] < '0' || d[k] > '9' {
			return false
		}
		sum += int(d[k]-'0') * piiIDWeights[k]
	}
	if piiIDCheckChar[sum%11] != d[17] {
		return false
	}
	return sc.validBirth(piiAtoi(d[6:10]), piiAtoi(d[10:12]), piiAtoi(d[12:14]))
}

// validID15 reports a 15-digit legacy ID number (1984–1999 issue): a
// province code and a birth date 19YYMMDD. It has no check digit.
func (sc piiScanner) validID15(d []byte) bool {
	if len(d) != 15 || !piiProvinceCode[int(d[0]-'0')*10+int(d[1]-'0')] {
		return false
	}
	return sc.validBirth(1900+piiAtoi(d[6:8]), piiAtoi(d[8:10]), piiAtoi(d[10:12]))
}

func (sc piiScanner) validBirth(y, m, d int) bool {
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > piiDaysIn(y, m) {
		return false
	}
	return y*10000+m*100+d <= sc.maxBirth
}

func piiDaysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func piiAtoi(d []byte) int {
	v := 0
	for _, c := range d {
		v = v*10 + int(c-'0')
	}
	return v
}

// piiMask masks a normalised personal number the way the contract shows
// it: ID 362329********1234 (15 digits: first 6, last 3), mobile
// 138****5678, card 6222********1234.
func piiMask(kind piiKind, d string) string {
	keepHead, keepTail := 0, 0
	switch kind {
	case piiID:
		keepHead, keepTail = 6, 4
		if len(d) == 15 {
			keepTail = 3
		}
	case piiMobile:
		keepHead, keepTail = 3, 4
	case piiCard:
		keepHead, keepTail = 4, 4
	}
	if len(d) < keepHead+keepTail+4 {
		return strings.Repeat("*", len(d))
	}
	return d[:keepHead] + strings.Repeat("*", len(d)-keepHead-keepTail) + d[len(d)-keepTail:]
}

// piiMaskRuns masks every run of 7 or more digits (ASCII or full-width, with a
// trailing X) in s, keeping its first 3 and last 2 digits, so no full
// personal number can reach an output field through a title or snippet.
func piiMaskRuns(s string) string {
	if !piiHasLongRun(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var run []byte
	flush := func() {
		if len(run) >= 7 {
			b.Write(run[:3])
			b.WriteString(strings.Repeat("*", len(run)-5))
			b.Write(run[len(run)-2:])
		} else {
			b.Write(run)
		}
		run = run[:0]
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			run = append(run, byte(r))
			continue
		case r >= '０' && r <= '９':
			run = append(run, byte('0'+r-'０'))
			continue
		case piiIsX(r) && len(run) >= 7:
			run = append(run, 'X')
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

// piiHasLongRun reports a run of 7 or more digits in s.
func piiHasLongRun(s string) bool {
	k := 0
	for _, r := range s {
		if piiIsDigit(r) {
			k++
			if k >= 7 {
				return true
			}
		} else {
			k = 0
		}
	}
	return false
}
