package checks

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// Test numbers. The IDs carry valid GB 11643 check characters; the cards are
// Luhn-valid. None belongs to a real person as far as anyone can know.
const (
	piiTestID1    = "362329199001011232"
	piiTestID2    = "11010519491231002X"
	piiTestID3    = "360922198506154011"
	piiTestIDX    = "36092219880808109X"
	piiTestIDLeap = "36092220000229001X" // born 2000-02-29
	piiTestID15   = "360922850615401"    // legacy: 1985-06-15
	piiTestMob1   = "13812345678"
	piiTestMob2   = "13987654321"
	piiTestMob3   = "15011112222"
	piiTestCard19 = "6217001234567890122"
	piiTestCard18 = "622848001234567894"
	piiTestCard16 = "6230591123456789"
)

var piiTestScanner = newPIIScanner(20251124)

type piiWantHit struct {
	kind   piiKind
	digits string
}

func piiScanKinds(text string) []piiWantHit {
	var out []piiWantHit
	for _, h := range piiTestScanner.scan(nil, text) {
		if h.kind == piiCard && !h.cardCtx {
			continue // a card candidate without a bank word counts only in a list
		}
		out = append(out, piiWantHit{h.kind, h.digits})
	}
	return out
}

func TestPIIScanTable(t *testing.T) {
	id := func(d string) []piiWantHit { return []piiWantHit{{piiID, d}} }
	mob := func(d string) []piiWantHit { return []piiWantHit{{piiMobile, d}} }
	card := func(d string) []piiWantHit { return []piiWantHit{{piiCard, d}} }
	tests := []struct {
		name string
		text string
		want []piiWantHit
	}{
		// Violations.
		{"id in a sentence", "申请人张三，身份证号" + piiTestID1 + "，现居", id(piiTestID1)},
		{"id with X", "身份证：" + piiTestIDX + "。", id(piiTestIDX)},
		{"id with lower-case x", "身份证：" + strings.ToLower(piiTestIDX) + " 男", id(piiTestIDX)},
		{"id with full-width X", "身份证：" + strings.TrimSuffix(piiTestIDX, "X") + "Ｘ，", id(piiTestIDX)},
		{"full-width id", "证件号码：３６２３２９１９９００１０１１２３２", id(piiTestID1)},
		{"leap-day birth", "身份证号 " + piiTestIDLeap, id(piiTestIDLeap)},
		{"legacy 15 digits", "身份证号 " + piiTestID15 + " 户主", id(piiTestID15)},
		{"id at text start and end", piiTestID1, id(piiTestID1)},
		{"id after a numbered item", "1." + piiTestID1, id(piiTestID1)},
		{"tab-separated row", "1\t张三\t" + piiTestID1 + "\t" + piiTestMob1 + "\n", []piiWantHit{{piiID, piiTestID1}, {piiMobile, piiTestMob1}}},
		{"mobile", "村民张三（" + piiTestMob1 + "）反映", mob(piiTestMob1)},
		{"mobile +86", "电话+86" + piiTestMob1, mob(piiTestMob1)},
		{"full-width mobile", "张三１３８１２３４５６７８", mob(piiTestMob1)},
		{"全国学籍号", "学籍号 G" + piiTestID1 + " 张三", id(piiTestID1)},
		{"G + 18 digits that are no ID", "G" + piiTestCard18 + " 银行", nil},
		{"longer code with G", "AG" + piiTestID1, nil},
		{"amount in 元", "收入 15234567890元", nil},
		{"two mobiles joined by /", "张三 " + piiTestMob1 + "/" + piiTestMob2, []piiWantHit{{piiMobile, piiTestMob1}, {piiMobile, piiTestMob2}}},
		{"card with context", "开户银行：农商银行 卡号：" + piiTestCard19, card(piiTestCard19)},
		{"18-digit card that is no ID", "银行账号" + piiTestCard18, card(piiTestCard18)},
		{"16-digit card", "一卡通账号 " + piiTestCard16, card(piiTestCard16)},
		// Look-alikes: nothing to find.
		{"masked id", "身份证号：362329********1232", nil},
		{"masked id tail", "身份证号：36232919900101****", nil},
		{"masked id ×", "身份证号：362329××××××××1232", nil},
		{"masked mobile", "手机：138****5678，139＊＊＊＊4321", nil},
		{"wrong check digit", "项目编号：360922202501011236", nil},
		{"wrong check digit alone", "362329199001011233", nil},
		{"invalid birth date 2001-02-29", "440306200102291236", nil},
		{"born after as-of", "身份证 36092220251201123" + piiCheckChar("36092220251201123"), nil},
		{"bad province", "身份证 " + piiWithCheck("99092219850615401"), nil},
		{"credit code with letters", "统一社会信用代码：91360922MA35ABCD1Y", nil},
		{"credit code all digits", "统一社会信用代码：11360922015225123X", nil},
		{"credit code shaped like an id", "统一社会信用代码：" + piiTestID3, nil},
		{"索引号 with id shape", "索引号：" + piiTestID3 + "/2025-00321", nil},
		{"索引号 shape without label", piiTestID3 + "/2025-00321", nil},
		{"索引号 label", "索 引 号：" + piiTestID3, nil},
		{"文号", "示民发〔2025〕" + piiTestID1 + "号", nil},
		{"serial with 号", "第" + piiTestMob1 + "号", nil},
		{"17-digit order number", "订单编号：20250303123456789", nil},
		{"19-digit run", "流水 1234567890123456789", nil},
		{"20-digit run", "36232919900101123212", nil},
		{"id inside a longer run", "9" + piiTestID1, nil},
		{"url http", "http://x.gov.cn/a?id=" + piiTestID1 + "&m=" + piiTestMob1, nil},
		{"url www", "www.x.gov.cn/art/" + piiTestMob1 + ".html", nil},
		{"path without scheme", "x.gov.cn/" + piiTestMob1 + ".html", nil},
		{"underscore", "art_" + piiTestMob1 + ".html", nil},
		{"email", piiTestMob1 + "@163.com", nil},
		{"letters around", "ID" + piiTestID1 + "A", nil},
		{"landline area code", "0795-" + piiTestMob1, nil},
		{"compound serial", "2025-" + piiTestMob1, nil},
		{"decimal amount", "合计 " + piiTestMob1 + ".90 元", nil},
		{"decimal fraction", "0." + piiTestMob1, nil},
		{"ten digits", "1381234567", nil},
		{"twelve digits", "138123456789", nil},
		{"not 1[3-9]", "12812345678", nil},
		{"card without context", "编号 " + piiTestCard19, nil},
		{"card that fails Luhn", "银行卡号 6217001234567890123", nil},
		{"corporate account", "开户行：农商银行 账号：1502201009000012345", nil},
		{"legacy-shaped licence number", "注册号：" + piiTestID15, nil},
		{"id then X then letters", "3623291990010112XAB", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := piiScanKinds(tt.text)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("scan(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// piiCheckChar computes the GB 11643 check character of 17 digits.
func piiCheckChar(d17 string) string {
	sum := 0
	for k := range 17 {
		sum += int(d17[k]-'0') * piiIDWeights[k]
	}
	return string(piiIDCheckChar[sum%11])
}

func piiWithCheck(d17 string) string { return d17 + piiCheckChar(d17) }

func TestPIITestNumbersValid(t *testing.T) {
	for _, d := range []string{piiTestID1, piiTestID2, piiTestID3, piiTestIDX, piiTestIDLeap} {
		if piiWithCheck(d[:17]) != d || !piiTestScanner.validID18([]byte(d)) {
			t.Errorf("%s is not a valid test ID", d)
		}
	}
	for _, d := range []string{piiTestCard19, piiTestCard18, piiTestCard16} {
		if !piiLuhn([]byte(d)) {
			t.Errorf("%s fails Luhn", d)
		}
	}
}

func TestPIIMobileContact(t *testing.T) {
	tests := []struct {
		name          string
		text          string
		contact, role []bool // per mobile hit, in order
	}{
		{"labelled", "咨询电话：" + piiTestMob1, []bool{true}, []bool{false}},
		{"after a labelled landline", "联系电话：0795-3512345、" + piiTestMob1, []bool{true}, []bool{false}},
		{"联系人 with name", "联系人：张科长 手机 " + piiTestMob1, []bool{true}, []bool{false}},
		{"label too far", "联系电话请在工作日上午九点至下午五点拨打：" + piiTestMob1, []bool{false}, []bool{false}},
		{"unlabelled", "村民张三（" + piiTestMob1 + "）反映", []bool{false}, []bool{false}},
		{"role label", "留言人：张三 联系电话：" + piiTestMob1, []bool{true}, []bool{true}},
		{"role word without colon", "申请人可拨打咨询电话" + piiTestMob1, []bool{true}, []bool{false}},
		{"contact block rows", "各乡镇联系人及电话：城关镇 张明 " + piiTestMob1 + "；高湖镇 李华 " + piiTestMob2 + "；罗城镇 王强 0795-3512345 " + piiTestMob3,
			[]bool{true, true, true}, []bool{false, false, false}},
		{"contact block in prose", "联系人：城关镇张明" + piiTestMob1 + "；高湖镇李华" + piiTestMob2, []bool{true, true}, []bool{false, false}},
		{"village units", "各村联系人：高湖村 张明 " + piiTestMob1 + "，罗城村委会 李华 " + piiTestMob2, []bool{true, true}, []bool{false, false}},
		{"办 inside a word is no unit", "手机 张三 " + piiTestMob1 + " 李四 已办理 " + piiTestMob2, []bool{true, false}, []bool{false, false}},
		{"gender breaks the chain", "联系电话：城关镇 张明 男 " + piiTestMob1 + " 高湖镇 李华 女 " + piiTestMob2, []bool{true, false}, []bool{false, false}},
		{"list rows do not chain", "姓名 手机 张三 " + piiTestMob1 + " 李四 " + piiTestMob2 + " 王五 " + piiTestMob3,
			[]bool{true, false, false}, []bool{false, false, false}},
		{"address rows do not chain", "联系电话 1 张三 高湖镇高湖村三组 " + piiTestMob1 + " 2 李四 高湖镇高湖村五组 " + piiTestMob2,
			[]bool{false, false}, []bool{false, false}},
		{"ID breaks the chain", "手机号码 张三 " + piiTestMob1 + " " + piiTestID1 + " " + piiTestMob2,
			[]bool{true, false}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var contact, role []bool
			for _, h := range piiTestScanner.scan(nil, tt.text) {
				if h.kind == piiMobile {
					contact = append(contact, h.contact)
					role = append(role, h.role)
				}
			}
			if fmt.Sprint(contact) != fmt.Sprint(tt.contact) || fmt.Sprint(role) != fmt.Sprint(tt.role) {
				t.Errorf("contact %v role %v, want %v %v", contact, role, tt.contact, tt.role)
			}
		})
	}
}

func TestPIIMask(t *testing.T) {
	tests := []struct {
		kind      piiKind
		in, want  string
		keptDigit int
	}{
		{piiID, piiTestID1, "362329********1232", 10},
		{piiID, piiTestID2, "110105********002X", 9},
		{piiID, piiTestID15, "360922******401", 9},
		{piiMobile, piiTestMob1, "138****5678", 7},
		{piiCard, piiTestCard19, "6217***********0122", 8},
		{piiCard, piiTestCard16, "6230********6789", 8},
	}
	for _, tt := range tests {
		if got := piiMask(tt.kind, tt.in); got != tt.want {
			t.Errorf("piiMask(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"姓名 张三 " + piiTestID1 + " 电话": "姓名 张三 362*************32 电话",
		"１３８１２３４５６７８":                 "138******78",
		"2025年3月 共123456元":            "2025年3月 共123456元",
		"编号 1234567":                  "编号 123**67",
		"x " + piiTestIDX + " y":      "x 360*************9X y",
		"":                            "",
	} {
		if got := piiMaskRuns(in); got != want {
			t.Errorf("piiMaskRuns(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzScanPII checks the scanner's promises on any input: no panic, spans
// inside the text, every ID valid, every mobile and card well-formed, and
// masks that never show more than they should.
func FuzzScanPII(f *testing.F) {
	for _, s := range []string{
		"身份证号" + piiTestID1 + "，手机" + piiTestMob1, "银行卡号：" + piiTestCard19, piiTestIDX, "0795-" + piiTestMob1,
		"http://x.gov.cn/?id=" + piiTestID1, "+86" + piiTestMob1, "３６２３２９１９９００１０１１２３２",
		"362329********1232", "联系电话：0795-3512345、" + piiTestMob1, "\xef\xbc", "\xef\xbc\x99", "1.", "-1", "X",
		"城关镇 张明 " + piiTestMob1 + "；高湖镇 李华 " + piiTestMob2, piiTestID15 + " 身份证",
	} {
		f.Add(s)
	}
	sc := newPIIScanner(20251124)
	f.Fuzz(func(t *testing.T, s string) {
		hits := sc.scan(nil, s)
		for _, h := range hits {
			if h.start < 0 || h.end > len(s) || h.start >= h.end {
				t.Fatalf("hit span [%d,%d) outside %q", h.start, h.end, s)
			}
			if got := piiNormDigits(piiDigitsOnly(s[h.start:h.end])); !strings.HasSuffix(got, h.digits) {
				t.Fatalf("hit %q does not match its text %q", h.digits, s[h.start:h.end])
			}
			switch h.kind {
			case piiID:
				ok := len(h.digits) == 18 && sc.validID18([]byte(h.digits)) || len(h.digits) == 15 && sc.validID15([]byte(h.digits))
				if !ok {
					t.Fatalf("invalid ID reported: %q in %q", h.digits, s)
				}
			case piiMobile:
				if !piiIsMobile([]byte(h.digits)) {
					t.Fatalf("invalid mobile reported: %q", h.digits)
				}
			case piiCard:
				if len(h.digits) < 16 || len(h.digits) > 19 || !piiLuhn([]byte(h.digits)) {
					t.Fatalf("invalid card reported: %q", h.digits)
				}
			default:
				t.Fatalf("unknown kind %d", h.kind)
			}
			m := piiMask(h.kind, h.digits)
			if len(m) != len(h.digits) || strings.Count(m, "*") < len(h.digits)-10 || piiHasLongRun(m) {
				t.Fatalf("mask %q of %q shows too much", m, h.digits)
			}
			snip := piiSnippet(s, h, hits)
			if piiHasLongRun(snip) || strings.Contains(snip, h.digits) {
				t.Fatalf("snippet %q shows a number", snip)
			}
		}
		if masked := piiMaskRuns(s); piiHasLongRun(masked) {
			t.Fatalf("piiMaskRuns(%q) = %q keeps a long run", s, masked)
		}
	})
}

// piiDigitsOnly keeps the digits and X of s.
func piiDigitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if piiIsDigit(r) || piiIsX(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// piiBenchText builds about n bytes of mixed Chinese text: sentences, dates,
// amounts, URLs, 文号, tables with IDs, mobiles and cards, contact lines.
func piiBenchText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	parts := []string{
		"根据《中华人民共和国政府信息公开条例》第十九条规定，现将有关情况公示如下。",
		"2025年9月30日，县人民政府召开常务会议，研究部署第四季度重点工作。",
		"全县完成固定资产投资1234567万元，同比增长8.5%，其中工业投资456789万元。",
		"详见 http://www.example.gov.cn/zwgk/202509/t20250930_2730572.shtml 。",
		"示政发〔2025〕12号文件已印发，索引号：11360922015225123X/2025-00321。",
		"咨询电话：0795-3512345，监督电话：13987654321。",
		"乡村振兴 高标准农田建设 项目编号：360922202501011236 ",
		"统一社会信用代码：91360922MA35ABCD1Y。",
		"序号\t姓名\t身份证号码\t手机号码\t银行卡号\n",
		"1\t张三\t" + piiTestID1 + "\t" + piiTestMob1 + "\t" + piiTestCard19 + "\n",
		"身份证号：362329********1232，手机：138****5678。",
		"全县城乡低保对象共计12345户23456人，发放保障金6789.12万元。",
	}
	weights := []int{20, 20, 15, 5, 5, 3, 3, 3, 1, 1, 3, 10}
	total := 0
	for _, w := range weights {
		total += w
	}
	var b strings.Builder
	b.Grow(n + 256)
	for b.Len() < n {
		k := r.IntN(total)
		for i, w := range weights {
			if k < w {
				b.WriteString(parts[i])
				break
			}
			k -= w
		}
	}
	return b.String()
}

// BenchmarkPIIScan measures the scanner over 1 MB of mixed Chinese text; it
// runs on every page and attachment, so it must stay well above 50 MB/s.
func BenchmarkPIIScan(b *testing.B) {
	text := piiBenchText(1 << 20)
	if !utf8.ValidString(text) {
		b.Fatal("bench text is not UTF-8")
	}
	sc := newPIIScanner(20251124)
	var buf []piiHit
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		buf = sc.scan(buf[:0], text)
	}
	if len(buf) == 0 {
		b.Fatal("no hits in the bench text")
	}
}
