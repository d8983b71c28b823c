package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// piiFixture reads an HTML fixture of checks/testdata/pii through the real
// extraction, so extraction and rules are tested together.
func piiFixture(t *testing.T, file, pageURL string) *site.Page {
	t.Helper()
	return pageFile(t, filepath.Join("testdata", "pii", file), pageURL)
}

var piiRuleSet = []Rule{PIIIDNumber{}, PIIMobile{}, PIIBankCard{}}

// piiRun runs the three rules and checks, for every finding, that no field
// carries a full number: no run of 11 or more digits, and none of the
// planted test numbers in any form.
// piiRun runs rules (default: the three PII rules) on s, and checks that no
// finding shows a number unmasked.
func piiRun(t *testing.T, s *site.Site, rules ...Rule) []Finding {
	t.Helper()
	if len(rules) == 0 {
		rules = piiRuleSet
	}
	fs, errs := Run(&Context{AsOf: asOf}, s, rules)
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	for _, f := range fs {
		piiAssertMasked(t, f)
	}
	return fs
}

// piiWantCount wants no finding of a page for want 0, else one that counts
// want numbers of what.
func piiWantCount(t *testing.T, fs []Finding, want int, what string) {
	t.Helper()
	if want == 0 {
		if len(fs) != 0 {
			t.Errorf("unexpected finding: %s %s", fs[0].Message, fs[0].Evidence)
		}
		return
	}
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(fs), fs)
	}
	if w := fmt.Sprintf("页面公开了%d个未脱敏的%s。", want, what); fs[0].Message != w {
		t.Errorf("message %q, want %q (evidence %s)", fs[0].Message, w, fs[0].Evidence)
	}
}

var piiLongRun = regexp.MustCompile(`[0-9０-９]{11,}`)

var piiPlanted = []string{piiTestID1, piiTestID2, piiTestID3, piiTestIDX, piiTestIDLeap, piiTestID15, piiTestMob1, piiTestMob2, piiTestMob3,
	piiTestCard19, piiTestCard18, piiTestCard16, "13700001111", "360922198506154011"}

func piiAssertMasked(t *testing.T, f Finding) {
	t.Helper()
	fields := map[string]string{"title": f.Title, "column": f.Column, "message": f.Message, "evidence": f.Evidence,
		"subject": f.Subject, "basis": f.Basis, "advice": f.Advice}
	for name, v := range fields {
		if m := piiLongRun.FindString(v); m != "" {
			t.Errorf("%s: field %s contains the unmasked run %s: %q", f.Rule, name, m, v)
		}
		for _, n := range piiPlanted {
			if strings.Contains(piiNormDigits(v), n) {
				t.Errorf("%s: field %s contains the full number %s", f.Rule, name, n)
			}
		}
	}
}

// piiByRule groups findings as "rule URL" → finding.
func piiByRule(fs []Finding) map[string]Finding {
	out := map[string]Finding{}
	for _, f := range fs {
		out[f.Rule+" "+f.URL] = f
	}
	return out
}

func TestPIIDibaoList(t *testing.T) {
	const u = "http://www.example.gov.cn/gsgg/202509/t20250930_1.html"
	p := piiFixture(t, "dibao_list.html", u)
	fs := piiRun(t, &site.Site{Start: "http://www.example.gov.cn/", Pages: []*site.Page{p}})
	got := piiByRule(fs)
	if len(fs) != 3 {
		t.Fatalf("got %d findings, want 3 (id, mobile, card): %+v", len(fs), fs)
	}
	id := got["pii-id-number "+u]
	if id.Message != "页面公开了3个未脱敏的居民身份证号码。" || id.Severity != Deduct || id.Column != "公示公告" ||
		!strings.Contains(id.Evidence, "362329********1232") || !strings.Contains(id.Evidence, "110105********002X") ||
		!strings.Contains(id.Evidence, "360922********4011") || id.Subject != "居民身份证号码" {
		t.Errorf("id finding = %+v", id)
	}
	mob := got["pii-mobile "+u]
	if mob.Message != "页面公开了3个未脱敏的手机号码。" || !strings.Contains(mob.Evidence, "138****5678") ||
		!strings.Contains(mob.Evidence, "按个人名单处理") {
		t.Errorf("mobile finding = %+v", mob)
	}
	card := got["pii-bank-card "+u]
	// The Luhn-valid 流水号 after the table is not a card: a numbering
	// label introduces it and no bank word is near.
	if card.Message != "页面公开了3个未脱敏的银行卡号。" || !strings.Contains(card.Evidence, "6217***********0122") {
		t.Errorf("card finding = %+v", card)
	}
	// The contact line of the 公示 is a landline; the 索引号 never counts.
	if strings.Contains(id.Evidence, "11360922") {
		t.Errorf("索引号 reached the evidence: %s", id.Evidence)
	}
}

func TestPIILookalikePagesHaveNoFinding(t *testing.T) {
	for _, tt := range []struct{ file, url string }{
		{"guide_lookalikes.html", "http://www.example.gov.cn/bszn/1.html"},
		{"town_contacts.html", "http://www.example.gov.cn/tzgg/2.html"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			p := piiFixture(t, tt.file, tt.url)
			if fs := piiRun(t, &site.Site{Start: "http://www.example.gov.cn/", Pages: []*site.Page{p}}); len(fs) != 0 {
				for _, f := range fs {
					t.Errorf("unexpected %s: %s %s", f.Rule, f.Message, f.Evidence)
				}
			}
		})
	}
}

func TestPIIMobileCases(t *testing.T) {
	tests := []struct {
		name, file, title, text string
		want                    int // mobile numbers counted; 0 = no finding
		noteHas                 string
	}{
		{name: "留言人 with a labelled number", file: "message_board.html", want: 1},
		{name: "list of villagers under a 联系电话 header", file: "villagers_mobile.html", want: 3, noteHas: "无联系电话标注"},
		{name: "single unlabelled number", title: "群众来信摘要", text: "村民张三（" + piiTestMob1 + "）反映道路破损。", want: 1},
		{name: "two official contacts", title: "关于开展2025年技能培训的通知",
			text: "报名咨询电话：" + piiTestMob1 + "；监督电话：" + piiTestMob2 + "。", want: 0},
		{name: "bidding notice with three labelled contacts", title: "示范县道路工程中标候选人公示",
			text: "招标人：示范县交通运输局 联系人：张工 电话：" + piiTestMob1 + " 招标代理机构：某咨询公司 联系人：李工 电话：" + piiTestMob2 +
				" 监督部门：县公管办 电话：" + piiTestMob3, want: 0},
		{name: "list title counts labelled numbers", title: "2025年度临时救助对象名单",
			text: "张三 手机：" + piiTestMob1 + " 李四 手机：" + piiTestMob2 + " 王五 手机：" + piiTestMob3, want: 3, noteHas: "标题表明为名单类信息"},
		{name: "contact page", title: "各村（社区）便民服务联系方式",
			text: "高湖村 张明 " + piiTestMob1 + " 罗城村 李华 " + piiTestMob2 + " 城关村 王强 " + piiTestMob3, want: 0},
		// A project's 联系人/联系电话 columns on a real county portal (the header
		// stands far before the number): a published contact.
		{name: "project table headed 联系人 联系电话", file: "project_contact_table.html", want: 0},
		{name: "the same header over a list of residents", title: "2025年度危房改造对象公示",
			text: "序号 姓名 住址 联系人 联系电话 1 张三 高湖村 张三 " + piiTestMob1 + " 2 李四 罗城村 李四 " + piiTestMob2, want: 2},
		// A mobile beside a leaked ID number is a private person's, whatever
		// its label.
		{name: "手机 beside an ID number", title: "关于张三举报问题的处理情况",
			text: "举报人：张三，身份证号：" + piiTestID1 + "，手机：" + piiTestMob1 + "。经查，反映问题属实。", want: 1, noteHas: "身份证"},
		{name: "contact page with a role label", title: "联系方式",
			text: "申请人：张三 电话：" + piiTestMob1 + " 办公室 电话：" + piiTestMob2, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p *site.Page
			const u = "http://www.example.gov.cn/a/1.html"
			if tt.file != "" {
				p = piiFixture(t, tt.file, u)
			} else {
				p = &site.Page{URL: u, Status: 200, Title: tt.title, Text: tt.text}
			}
			fs := piiRun(t, &site.Site{Pages: []*site.Page{p}}, PIIMobile{})
			piiWantCount(t, fs, tt.want, "手机号码")
			if tt.want != 0 && !strings.Contains(fs[0].Evidence, tt.noteHas) {
				t.Errorf("evidence %q lacks %q", fs[0].Evidence, tt.noteHas)
			}
		})
	}
}

func TestPIITemplateMobile(t *testing.T) {
	// A number in the site template (here an unlabelled footer line) on
	// many pages is the office's; on fewer pages it counts.
	for _, tt := range []struct {
		pages int
		want  int
	}{{piiTemplatePages, 0}, {piiTemplatePages - 1, piiTemplatePages - 1}} {
		s := &site.Site{Start: "http://www.example.gov.cn/"}
		for i := range tt.pages {
			s.Pages = append(s.Pages, &site.Page{URL: fmt.Sprintf("http://www.example.gov.cn/a/%d.html", i), Status: 200,
				Title: "新闻", Text: "正文内容。地址：示范县人民路1号 " + piiTestMob1})
		}
		if fs := piiRun(t, s); len(fs) != tt.want {
			t.Errorf("%d pages: %d findings, want %d", tt.pages, len(fs), tt.want)
		}
	}
}

func TestPIIAttachments(t *testing.T) {
	list := "工作表：Sheet1\n序号\t姓名\t身份证号码\t联系电话\t开户行\t银行账号\t金额\n" +
		"1\t张三\t" + piiTestID1 + "\t" + piiTestMob1 + "\t农商银行\t" + piiTestCard19 + "\t1200\n" +
		"2\t李四\t" + piiTestID2 + "\t" + piiTestMob2 + "\t农商银行\t" + piiTestCard18 + "\t1200\n" +
		"3\t王五\t" + piiTestIDX + "\t" + piiTestMob3 + "\t邮储银行\t" + piiTestCard16 + "\t800\n"
	page := &site.Page{URL: "http://www.example.gov.cn/gsgg/3.html", Status: 200, Title: "关于2025年耕地地力保护补贴发放情况的公示",
		Column: "公示公告", Text: "现将补贴发放情况公示如下，详见附件。联系电话：0795-3512345"}
	s := &site.Site{Start: "http://www.example.gov.cn/", Pages: []*site.Page{page}, Attachments: []*site.Attachment{
		{URL: "http://www.example.gov.cn/gsgg/P020250930.xlsx", Name: "补贴发放明细表.xlsx", Text: list,
			Referrers: []string{page.URL}},
		// Unreadable: nothing can be said (the crawl notes report it).
		{URL: "http://www.example.gov.cn/gsgg/scan.pdf", Name: "低保花名册.pdf", Unreadable: "扫描件，无文字层",
			Referrers: []string{page.URL}},
		// Masked list: compliant.
		{URL: "http://www.example.gov.cn/gsgg/masked.xlsx", Name: "低保对象名单.xlsx", Referrers: []string{page.URL},
			Text: "姓名\t身份证号\t电话\n张三\t362329********1232\t138****5678\n李四\t110105********002X\t139****4321\n"},
		// A contact directory of village officials.
		{URL: "http://www.example.gov.cn/gsgg/contacts.csv", Name: "各村便民服务联系电话.csv", Referrers: []string{page.URL},
			Text: "村\t联系人\t手机\n高湖村\t张明\t" + piiTestMob1 + "\n罗城村\t李华\t" + piiTestMob2 + "\n城关村\t王强\t" + piiTestMob3 + "\n"},
	}}
	fs := piiRun(t, s)
	got := piiByRule(fs)
	if len(fs) != 3 {
		for _, f := range fs {
			t.Logf("%s %s %s", f.Rule, f.URL, f.Message)
		}
		t.Fatalf("got %d findings, want 3", len(fs))
	}
	const au = "http://www.example.gov.cn/gsgg/P020250930.xlsx"
	for rule, msg := range map[string]string{
		"pii-id-number": "附件“补贴发放明细表.xlsx”公开了3个未脱敏的居民身份证号码。",
		"pii-mobile":    "附件“补贴发放明细表.xlsx”公开了3个未脱敏的手机号码。",
		"pii-bank-card": "附件“补贴发放明细表.xlsx”公开了3个未脱敏的银行卡号。",
	} {
		f, ok := got[rule+" "+au]
		if !ok {
			t.Errorf("%s: no finding on the attachment", rule)
			continue
		}
		if f.Message != msg || f.Title != "补贴发放明细表.xlsx" || f.Column != "公示公告" ||
			len(f.Referrers) != 1 || !strings.Contains(f.Evidence, page.URL) {
			t.Errorf("%s finding = %+v", rule, f)
		}
	}
}

func TestPIISkipsErrorPagesAndDuplicates(t *testing.T) {
	text := "身份证号 " + piiTestID1
	s := &site.Site{Pages: []*site.Page{
		{URL: "http://x.gov.cn/404.html", Status: 404, Text: text},
		{URL: "http://x.gov.cn/a.html", FinalURL: "http://x.gov.cn/b.html", Status: 200, Text: text},
		{URL: "http://x.gov.cn/b.html", Status: 200, Text: text},
	}}
	if fs := piiRun(t, s); len(fs) != 1 || fs[0].URL != "http://x.gov.cn/a.html" {
		t.Errorf("findings = %+v", fs)
	}
}

func TestPIITitleMasked(t *testing.T) {
	p := &site.Page{URL: "http://x.gov.cn/a.html", Status: 200, Title: "关于张三（" + piiTestID1 + "）的处罚决定",
		Text: "当事人张三，身份证号" + piiTestID1 + "。"}
	fs := piiRun(t, &site.Site{Pages: []*site.Page{p}})
	if len(fs) != 1 || !strings.Contains(fs[0].Title, "362*************32") {
		t.Errorf("findings = %+v", fs)
	}
}

func TestPIIRealPagesHaveNoFinding(t *testing.T) {
	s := &site.Site{Start: "https://www.yichun.gov.cn/"}
	for rel, u := range realPageURLs {
		s.Pages = append(s.Pages, loadReal(t, rel, u))
	}
	for _, f := range piiRun(t, s) {
		t.Errorf("real page %s: %s %s %s", f.URL, f.Rule, f.Message, f.Evidence)
	}
}

func TestPIICacheFollowsSite(t *testing.T) {
	a := &site.Site{Pages: []*site.Page{{URL: "http://x.gov.cn/a.html", Status: 200, Text: "身份证号 " + piiTestID1}}}
	b := &site.Site{Pages: []*site.Page{{URL: "http://x.gov.cn/b.html", Status: 200, Text: "无"}}}
	if fs := piiRun(t, a); len(fs) != 1 {
		t.Fatalf("site a: %d findings", len(fs))
	}
	if fs := piiRun(t, b); len(fs) != 0 {
		t.Fatalf("site b reused site a's scan: %+v", fs)
	}
	// A later as-of date is a different scan: no stale result.
	fs, _ := Run(&Context{AsOf: asOf.AddDate(1, 0, 0)}, a, []Rule{PIIIDNumber{}})
	if len(fs) != 1 {
		t.Fatalf("site a again: %d findings", len(fs))
	}
}

// TestPIIGolden runs the three rules over every fixture of testdata/pii and
// compares the findings with <fixture>.golden (empty: no finding). HTML
// fixtures are pages read through site.Extract; .tsv fixtures are
// attachment texts as the attachment reader writes them (cells joined by
// tabs), their first line "#name=…" giving the attachment's name.
// PII_GOLDEN_UPDATE=1 rewrites the golden files.
func TestPIIGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "pii", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, path := range files {
		ext := filepath.Ext(path)
		if ext != ".html" && ext != ".tsv" {
			continue
		}
		n++
		base := strings.TrimSuffix(filepath.Base(path), ext)
		t.Run(base, func(t *testing.T) {
			s := &site.Site{Start: "http://www.example.gov.cn/"}
			if ext == ".html" {
				s.Pages = append(s.Pages, piiFixture(t, filepath.Base(path), "http://www.example.gov.cn/gk/"+base+".html"))
			} else {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				first, text, _ := strings.Cut(string(data), "\n")
				ref := &site.Page{URL: "http://www.example.gov.cn/gsgg/" + base + ".html", Status: 200, Title: "公示", Column: "公示公告",
					Text: "详见附件。"}
				s.Pages = append(s.Pages, ref)
				s.Attachments = append(s.Attachments, &site.Attachment{URL: "http://www.example.gov.cn/gsgg/" + base + ".xlsx",
					Name: strings.TrimPrefix(first, "#name="), Text: text, Referrers: []string{ref.URL}})
			}
			var b strings.Builder
			for _, f := range piiRun(t, s) {
				fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Rule, f.Severity, f.URL, f.Title, f.Column, f.Message, f.Evidence)
			}
			golden := strings.TrimSuffix(path, ext) + ".golden"
			if os.Getenv("PII_GOLDEN_UPDATE") != "" {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with PII_GOLDEN_UPDATE=1 to create it)", err)
			}
			if b.String() != string(want) {
				t.Errorf("findings differ from %s\ngot:\n%s\nwant:\n%s", golden, b.String(), want)
			}
		})
	}
	if n < 8 {
		t.Errorf("only %d fixtures found", n)
	}
}

func TestPIIIDRuleCases(t *testing.T) {
	tests := []struct {
		name string
		page *site.Page
		want int // distinct IDs counted; 0 = no finding
	}{
		{"legacy number where the text speaks of ID cards",
			&site.Page{Text: "户主张三，身份证号 " + piiTestID15 + "，家庭人口3人。"}, 1},
		{"legacy-shaped number without any ID word",
			&site.Page{Text: "档案号 " + piiTestID15 + " 已归档。"}, 0},
		{"unlabelled 索引号 value in the text",
			&site.Page{Text: "信息索引 " + piiTestID3 + " 发布机构 示范县民政局", Metadata: map[string]string{"索引号": piiTestID3}}, 0},
		{"full-width 索引号 value",
			&site.Page{Text: "３６０９２２１９８５０６１５４０１１", Metadata: map[string]string{"索引号": "３６０９２２１９８５０６１５４０１１"}}, 0},
		{"same ID twice counts once",
			&site.Page{Text: "当事人张三（身份证号" + piiTestID1 + "）…… 张三，" + piiTestID1 + "。"}, 1},
		{"ID in a contact line is never exempt",
			&site.Page{Text: "联系人：张三 联系电话：" + piiTestID1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.page.URL, tt.page.Status = "http://x.gov.cn/a.html", 200
			piiWantCount(t, piiRun(t, &site.Site{Pages: []*site.Page{tt.page}}, PIIIDNumber{}), tt.want, "居民身份证号码")
		})
	}
}

func TestPIIApplyHeaders(t *testing.T) {
	text := "工作表：联系人\n单位\t姓名\t职务\t手机\n城关镇\t张明\t副镇长\t" + piiTestMob1 + "\n" +
		"\n工作表：名单\n姓名\t身份证号码\t手机\t总投资（元）\n张三\t" + piiTestID1 + "\t" + piiTestMob2 + "\t" + piiTestMob3 + "\n"
	hits := piiApplyHeaders(text, piiTestScanner.scan(nil, text))
	var got []string
	for _, h := range hits {
		got = append(got, fmt.Sprintf("%d:%s:%v", h.kind, h.digits, h.contact))
	}
	// The directory's number is labelled by its column; the list's is not;
	// the mobile-shaped number under 总投资（元） is an amount.
	want := []string{
		fmt.Sprintf("%d:%s:true", piiMobile, piiTestMob1),
		fmt.Sprintf("%d:%s:false", piiID, piiTestID1),
		fmt.Sprintf("%d:%s:false", piiMobile, piiTestMob2),
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("hits = %v, want %v", got, want)
	}
}
