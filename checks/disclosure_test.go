package checks

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, site.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func runCtx(t *testing.T, ctx *Context, r Rule, s *site.Site) []Finding {
	t.Helper()
	fs, errs := Run(ctx, s, []Rule{r})
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	return fs
}

func ctxAt(date string) *Context {
	return &Context{AsOf: day(date), Calendar: calendar.Default()}
}

// policyPage is a document page of a 政策文件 column with a metadata table.
func policyPage(url, title string, md map[string]string, links ...site.Link) *site.Page {
	p := &site.Page{URL: url, Status: 200, Title: title + "_示范县人民政府", Column: "政策文件",
		Meta: map[string]string{"articletitle": title}, Metadata: md, Links: links, Text: title}
	if v := md["发布日期"]; v != "" {
		p.Published = site.Date{Time: day(v), Source: site.SourceMetadata}
	}
	return p
}

// interpPage is an interpretation page of a 政策解读 column.
func interpPage(url, title, pub, text string, links ...site.Link) *site.Page {
	return &site.Page{URL: url, Status: 200, Title: title, Column: "政策解读", Text: title + " " + text,
		Meta: map[string]string{"articletitle": title}, Links: links,
		Published: site.Date{Time: day(pub), Source: site.SourceMeta}}
}

func home() *site.Page {
	return &site.Page{URL: "http://x.gov.cn/", Status: 200, Title: "示范县人民政府", Column: "首页",
		Meta: map[string]string{"sitename": "示范县人民政府", "columnname": "首页"}}
}

func siteOf(pages ...*site.Page) *site.Site {
	return &site.Site{Start: "http://x.gov.cn/", Complete: true, Pages: append([]*site.Page{home()}, pages...)}
}

func link(url, text string) site.Link { return site.Link{URL: url, Text: text, Kind: site.KindAnchor} }

func subjects(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.URL+" "+f.Subject)
	}
	return strings.Join(out, "; ")
}

func TestFindDocNums(t *testing.T) {
	tests := []struct {
		in        string
		title     string // titleDocNum result, "" = none
		normative bool
	}{
		{"示范县人民政府关于印发《X办法》的通知（示府规〔2025〕2号）", "示府规〔2025〕2号", true},
		{"示府办规〔2025〕3号", "示府办规〔2025〕3号", true},
		{"关于表彰先进的决定（赣府字[2025]05号）", "赣府字〔2025〕5号", false},
		{"关于表彰先进的决定【样政发【2025】5号】", "样政发〔2025〕5号", false},
		{"示政办发（2025）第 12 号 关于做好防汛工作的通知", "示政办发〔2025〕12号", false},
		{"关于贯彻落实国发〔2024〕5号文件精神的通知", "", false},
		{"关于转发国办发〔2024〕12号的通知", "", false},
		{"2025年度工作要点", "", false},
	}
	for _, tt := range tests {
		n, ok := titleDocNum(tt.in)
		got := ""
		if ok {
			got = n.String()
		}
		if got != tt.title {
			t.Errorf("titleDocNum(%q) = %q, want %q", tt.in, got, tt.title)
		}
		if ok && n.normative() != tt.normative {
			t.Errorf("%q normative = %v", got, n.normative())
		}
	}
	if n, ok := standaloneDocNum("示范县人民政府文件 示府发〔2025〕1号 各乡镇人民政府："); !ok || n.String() != "示府发〔2025〕1号" {
		t.Errorf("standalone 文号 = %v %v", n, ok)
	}
	if n, ok := standaloneDocNum("根据示府发〔2025〕1号文件精神，（国办发〔2019〕61号）"); ok {
		t.Errorf("citation taken for the document's own 文号: %v", n)
	}
	if !(docNum{Prefix: "国办发", Year: "2024", Num: "1"}).national() || (docNum{Prefix: "示府发"}).national() {
		t.Error("national 文号 misjudged")
	}
}

func TestTitleKeysPairDocumentsAndInterpretations(t *testing.T) {
	pairs := []struct{ doc, interp string }{
		{"示范县人民政府关于印发《示范县城乡居民最低生活保障实施办法》的通知", "《示范县城乡居民最低生活保障实施办法》政策解读"},
		{"示范县人民政府关于印发《示范县城乡居民最低生活保障实施办法》的通知", "一图读懂《示范县城乡居民最低生活保障实施办法》"},
		{"示范县人民政府关于调整城乡低保标准的通知", "关于调整城乡低保标准的解读"},
		{"示范县人民政府关于印发示范县养老服务补贴管理办法的通知", "示范县养老服务补贴管理办法政策解读"},
		{"示范县人民政府关于印发《示范县养老服务补贴管理办法》的通知（示府规〔2025〕5号）", "图解：示范县养老服务补贴管理办法"},
		{"示范县人民政府关于加强耕地保护工作的意见", "《关于加强耕地保护工作的意见》政策解读"},
	}
	for _, p := range pairs {
		if !sharesKey(titleKeys(p.doc), titleKeys(p.interp)) {
			t.Errorf("%q and %q share no key: %v / %v", p.doc, p.interp, titleKeys(p.doc), titleKeys(p.interp))
		}
	}
	// Generic subjects never pair.
	if ks := titleKeys("关于印发《实施方案》的通知"); len(ks) != 0 {
		t.Errorf("generic subject gave keys %v", ks)
	}
	if sharesKey(titleKeys("示范县人民政府关于调整城乡低保标准的通知"), titleKeys("关于调整城乡特困供养标准的解读")) {
		t.Error("different subjects share a key")
	}
}

func sharesKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func TestIsInterpTitle(t *testing.T) {
	tests := map[string]bool{
		"《示范县城乡居民最低生活保障实施办法》政策解读":     true,
		"一图读懂《示范县优化营商环境三年行动方案》":       true,
		"图解：示范县养老服务补贴管理办法":            true,
		"县民政局负责人就《示范县低保办法》答记者问":       true,
		"关于《示范县城区临时占道管理暂行办法》的解读":      true,
		"关于进一步做好政策解读工作的通知":            false,
		"示范县人民政府关于印发《政策解读工作规定》的通知":    false,
		"示范县人民政府关于印发《示范县低保办法》的通知":     false,
		"专家解读：三季度经济运行情况":              true,
		"示范县2025年政务公开工作要点（含政策解读工作安排）": false,
	}
	wantEach(t, "isInterpTitle", isInterpTitle, tests)
}

func TestLevelOf(t *testing.T) {
	tests := map[string]int{
		"国务院办公厅":       levelNational,
		"财政部":          levelNational,
		"国家发展改革委":      levelNational,
		"国家税务总局示范县税务局": levelLocal,
		"江西省人民政府":      levelProvince,
		"江西省市场监督管理局":   levelProvince,
		"江西省宜春市人民政府":   levelLocal,
		"广西壮族自治区人民政府":  levelProvince,
		"示范县人民政府":      levelLocal,
		"中共示范县委宣传部":    levelLocal,
		"邯郸市教育局":       levelLocal,
		"中国宜春":         levelUnknown,
		"":             levelUnknown,
	}
	wantEach(t, "levelOf", levelOf, tests)
	if !higherThanSite("江西省人民政府", levelLocal) || higherThanSite("江西省人民政府", levelProvince) ||
		!higherThanSite("国务院", levelUnknown) || higherThanSite("示范县教育局", levelLocal) {
		t.Error("higherThanSite misjudged")
	}
}

func TestDocPublishLate(t *testing.T) {
	late := map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": "2025-08-01", "发布日期": "2025-09-10", "文号": "示府发〔2025〕1号"}
	md := func(written, pub string, kv ...string) map[string]string {
		m := map[string]string{"索引号": "1", "发布机构": "示范县人民政府办公室", "成文日期": written, "发布日期": pub, "文号": "示政办发〔2025〕9号"}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	at20, _ := calendar.Default().AddWorkdays(day("2025-04-30"), 20)
	at21, _ := calendar.Default().AddWorkdays(day("2025-04-30"), 21)
	tests := []struct {
		name, title string
		md          map[string]string
		labels      map[string]string
		profile     *config.Profile
		want        string // evidence fragment, "" = no finding
	}{
		{"late", "示范县人民政府关于加强耕地保护的通知", late, nil, nil,
			"成文日期2025-08-01，发布日期2025-09-10，间隔28个工作日（上限20个，工作日依据国办发明电〔2024〕12号）"},
		{"National Day week: 19 official working days, 23 weekdays", "示范县人民政府办公室关于做好森林防火工作的通知",
			md("2025-09-12", "2025-10-15"), nil, nil, ""},
		{"exactly 20 working days across 劳动节", "示范县人民政府办公室关于做好防汛工作的通知", md("2025-04-30", ymd(at20)), nil, nil, ""},
		{"21 working days", "示范县人民政府办公室关于做好防汛工作的通知", md("2025-04-30", ymd(at21)), nil, nil, "间隔21个工作日"},
		{"threshold from the profile", "示范县人民政府关于加强耕地保护的通知", late, nil,
			&config.Profile{Thresholds: config.Thresholds{DocPublishWorkdays: 30}}, ""},
		{"宿迁 label 发文日期", "示范县人民政府关于加强耕地保护的通知", late, map[string]string{"成文日期": "发文日期"}, nil,
			"成文日期（页面标注为“发文日期”）2025-08-01"},
		{"forwarded", "示范县人民政府办公室关于转发《江西省耕地保护办法》的通知", late, nil, nil, ""},
		{"higher-level issuer", "江西省人民政府关于加强耕地保护的通知", md("2025-06-01", "2025-09-10", "发布机构", "江西省人民政府"), nil, nil, ""},
		{"State Council 文号", "国务院关于加强耕地保护的通知", md("2025-06-01", "2025-09-10", "文号", "国发〔2025〕3号", "发布机构", ""), nil, nil, ""},
		{"annual report", "示范县人民政府2024年政府信息公开工作年度报告", md("2025-01-02", "2025-03-28"), nil, nil, ""},
		{"工作总结", "示范县2025年上半年工作总结", md("2025-06-30", "2025-09-10"), nil, nil, ""},
		{"成文 after 发布 (inconsistent)", "示范县人民政府关于加强耕地保护的通知", md("2025-09-10", "2025-08-01"), nil, nil, ""},
		{"no 成文日期", "示范县人民政府关于加强耕地保护的通知", md("", "2025-09-10"), nil, nil, ""},
		{"year without calendar data", "示范县人民政府关于加强耕地保护的通知", md("2007-01-05", "2007-06-01"), nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := policyPage("http://x.gov.cn/zcwj/t1.html", tt.title, tt.md)
			p.MetadataLabels = tt.labels
			ctx := ctxAt("2025-11-24")
			ctx.Profile = tt.profile
			fs := runCtx(t, ctx, DocPublishLate{}, siteOf(p))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s | %s", fs[0].Message, fs[0].Evidence)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Evidence, tt.want)):
				t.Errorf("findings = %+v, want evidence with %q", fs, tt.want)
			case tt.want != "" && !strings.Contains(fs[0].Message, "疑似"):
				t.Errorf("message %q lacks 疑似", fs[0].Message)
			}
		})
	}
}

func TestDocPublishLateCalendarGap(t *testing.T) {
	// A calendar without 2025 data cannot judge 2025 dates: no finding,
	// never a weekend-only guess.
	only2024, err := calendar.New(mustYears(t, 2024)...)
	if err != nil {
		t.Fatal(err)
	}
	p := policyPage("http://x.gov.cn/zcwj/t1.html", "示范县人民政府关于加强耕地保护的通知",
		map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": "2025-08-01", "发布日期": "2025-09-10", "文号": "示府发〔2025〕1号"})
	ctx := &Context{AsOf: day("2025-11-24"), Calendar: only2024}
	if fs := runCtx(t, ctx, DocPublishLate{}, siteOf(p)); len(fs) != 0 {
		t.Errorf("judged without calendar data: %+v", fs)
	}
}

func mustYears(t *testing.T, years ...int) []calendar.Year {
	t.Helper()
	all, err := calendar.EmbeddedYears()
	if err != nil {
		t.Fatal(err)
	}
	var out []calendar.Year
	for _, y := range all {
		for _, want := range years {
			if y.Year == want {
				out = append(out, y)
			}
		}
	}
	return out
}

// docWithInterp is a normative document and one interpretation of it, paired
// by title; the document links to the interpretation and back.
func docWithInterp(docPub, interpPub string) (*site.Page, *site.Page) {
	d := policyPage("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县城乡居民医疗救助办法》的通知",
		map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": docPub, "发布日期": docPub, "文号": "示府规〔2025〕1号", "有效性": "有效"},
		link("http://x.gov.cn/zcjd/i1.html", "相关解读"))
	i := interpPage("http://x.gov.cn/zcjd/i1.html", "《示范县城乡居民医疗救助办法》政策解读", interpPub, "解读内容",
		link("http://x.gov.cn/zcwj/d1.html", "政策原文"))
	return d, i
}

func TestInterpLate(t *testing.T) {
	tests := []struct {
		name, doc, interp string
		limit             int
		want              string
	}{
		{"on time on the 2025-10-11 make-up Saturday", "2025-09-30", "2025-10-11", 0, ""},
		{"late after the National Day week", "2025-09-30", "2025-10-13", 0,
			"文件发布2025-09-30，解读发布2025-10-13，间隔4个工作日（上限3个，依据国办发明电〔2024〕12号）；其间10月1日至10月8日国庆节、中秋节放假；10月11日（星期六）调休上班计为工作日"},
		{"on time across the 2025-09-28 make-up Sunday", "2025-09-26", "2025-09-30", 0, ""},
		{"same day", "2025-09-26", "2025-09-26", 0, ""},
		{"interpretation before the document", "2025-09-26", "2025-09-20", 0, ""},
		{"threshold from the profile", "2025-09-30", "2025-10-13", 5, ""},
		{"同步 = 0 in the profile is not possible: 0 means default", "2025-09-30", "2025-10-11", 0, ""},
		{"late across 春节", "2025-01-24", "2025-02-06", 0, "间隔4个工作日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, i := docWithInterp(tt.doc, tt.interp)
			ctx := ctxAt("2025-11-24")
			ctx.Profile = &config.Profile{Thresholds: config.Thresholds{InterpLateWorkdays: tt.limit}}
			fs := runCtx(t, ctx, InterpLate{}, siteOf(d, i))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s", fs[0].Evidence)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Evidence, tt.want)):
				t.Errorf("findings = %+v, want evidence with %q", fs, tt.want)
			case tt.want != "" && (fs[0].URL != d.URL || fs[0].Subject != "示府规〔2025〕1号"):
				t.Errorf("finding on %s subject %q, want the document", fs[0].URL, fs[0].Subject)
			}
		})
	}
}

func TestInterpLateLookAlikes(t *testing.T) {
	for _, tc := range []struct {
		why    string
		interp *site.Page // the interpretation judged
		// also: the site keeps docWithInterp's late interpretation too
		also bool
		late bool // whether the document's interpretation is late
	}{
		// A second, earlier interpretation (a 图解 published on time) makes
		// the document's interpretation timely.
		{"earliest interpretation was on time", interpPage("http://x.gov.cn/zcjd/i0.html", "图解：示范县城乡居民医疗救助办法", "2025-10-09", ""), true, false},
		// A provincial interpretation reposted by the county: not its duty.
		{"reposted interpretation", interpPage("http://x.gov.cn/zcjd/i2.html", "《示范县城乡居民医疗救助办法》政策解读", "2025-10-20", "（转载自江西省人民政府网）"), false, false},
		// Paired only because its body names the document once: not sure
		// enough to call it late.
		{"weakly paired interpretation", interpPage("http://x.gov.cn/zcjd/i3.html", "关于医疗救助工作的问答", "2025-10-20", "依据示府规〔2025〕1号的规定……"), false, false},
		// A footer's "不得转载" does not make a local interpretation a repost.
		{"local interpretation with a copyright line", interpPage("http://x.gov.cn/zcjd/i5.html", "《示范县城乡居民医疗救助办法》政策解读", "2025-10-13", "版权所有 未经许可不得转载"), false, true},
		// Paired by 文号 in the interpretation's title.
		{"interpretation paired by 文号", interpPage("http://x.gov.cn/zcjd/i4.html", "示府规〔2025〕1号文件解读", "2025-10-20", ""), false, true},
	} {
		d, i := docWithInterp("2025-09-30", "2025-10-13")
		pages := []*site.Page{d, tc.interp}
		if tc.also {
			pages = append(pages, i)
		}
		want := 0
		if tc.late {
			want = 1
		}
		if fs := runCtx(t, ctxAt("2025-11-24"), InterpLate{}, siteOf(pages...)); len(fs) != want {
			t.Errorf("%s: %d findings, want %d: %+v", tc.why, len(fs), want, fs)
		}
	}
}

func TestInterpMissing(t *testing.T) {
	normative := func(url, title, num, pub string, links ...site.Link) *site.Page {
		return policyPage(url, title, map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": pub, "发布日期": pub, "文号": num}, links...)
	}
	d := normative("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县农村集体资产管理规定》的通知", "示府规〔2025〕3号", "2025-09-10")
	tests := []struct {
		name  string
		pages []*site.Page
		asOf  string
		want  bool
	}{
		{"no interpretation", []*site.Page{d}, "2025-11-24", true},
		{"interpretation page paired by title", []*site.Page{d,
			interpPage("http://x.gov.cn/zcjd/i1.html", "关于《示范县农村集体资产管理规定》的解读", "2025-09-11", "")}, "2025-11-24", false},
		{"interpretation only in the 解读 column's list (a PDF)", []*site.Page{d, {URL: "http://x.gov.cn/zcjd/", Status: 200,
			Title: "政策解读", Column: "政策解读", Meta: map[string]string{"columnname": "政策解读"}, Items: []site.ListItem{
				{Title: "一图读懂《示范县农村集体资产管理规定》", URL: "http://x.gov.cn/zcjd/1.pdf"},
				{Title: "其他解读", URL: "http://x.gov.cn/zcjd/2.pdf"}, {Title: "其他解读二", URL: "http://x.gov.cn/zcjd/3.pdf"}}}},
			"2025-11-24", false},
		{"interpretation body names the 文号", []*site.Page{d,
			interpPage("http://x.gov.cn/zcjd/i1.html", "关于农村集体资产管理的问答", "2025-09-11", "示府规〔2025〕3号出台后……")}, "2025-11-24", false},
		{"still within 3 working days", []*site.Page{d}, "2025-09-15", false},
		{"just past 3 working days", []*site.Page{d}, "2025-09-16", true},
		{"not a normative document", []*site.Page{normative("http://x.gov.cn/zcwj/d2.html",
			"示范县人民政府办公室关于做好森林防火工作的通知", "示政办发〔2025〕9号", "2025-09-10")}, "2025-11-24", false},
		{"forwarded", []*site.Page{normative("http://x.gov.cn/zcwj/d3.html",
			"示范县人民政府办公室关于转发《江西省耕地保护办法》的通知", "赣府规〔2025〕1号", "2025-09-10")}, "2025-11-24", false},
		{"a sidebar on an interpretation page proves nothing", []*site.Page{d,
			normative("http://x.gov.cn/zcwj/d4.html", "示范县人民政府关于印发《示范县河道管理办法》的通知", "示府规〔2025〕4号", "2025-09-10",
				link("http://x.gov.cn/zcjd/i9.html", "相关解读")),
			normative("http://x.gov.cn/zcwj/d5.html", "示范县人民政府关于印发《示范县停车场管理办法》的通知", "示府规〔2025〕5号", "2025-09-10",
				link("http://x.gov.cn/zcjd/i9.html", "相关解读")),
			interpPage("http://x.gov.cn/zcjd/i9.html", "《示范县河道管理办法》《示范县停车场管理办法》解读", "2025-09-10", "",
				link("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县农村集体资产管理规定》的通知"),
				link("http://x.gov.cn/zcwj/d4.html", "示范县人民政府关于印发《示范县河道管理办法》的通知"),
				link("http://x.gov.cn/zcwj/d5.html", "示范县人民政府关于印发《示范县停车场管理办法》的通知"))}, "2025-11-24", true},
		{"a document in a 政策文件及解读 column", []*site.Page{func() *site.Page {
			p := normative("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县农村集体资产管理规定》的通知", "示府规〔2025〕3号", "2025-09-10")
			p.Column = "政策文件及解读"
			return p
		}()}, "2025-11-24", true},
		{"a single link from the document to an interpretation", []*site.Page{
			normative("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县农村集体资产管理规定》的通知", "示府规〔2025〕3号", "2025-09-10",
				link("http://x.gov.cn/zcjd/i1.html", "农村集体资产怎么管？一文看懂")),
			interpPage("http://x.gov.cn/zcjd/i1.html", "农村集体资产怎么管？一文看懂新规", "2025-09-11", "")}, "2025-11-24", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := runCtx(t, ctxAt(tt.asOf), InterpMissing{}, siteOf(tt.pages...))
			var onD1 []Finding
			for _, f := range fs {
				if f.URL == "http://x.gov.cn/zcwj/d1.html" || !strings.Contains(tt.name, "sidebar") {
					onD1 = append(onD1, f)
				}
			}
			if got := len(onD1) > 0; got != tt.want {
				t.Errorf("finding = %v, want %v: %s", got, tt.want, subjects(fs))
			}
		})
	}
	// An incomplete crawl proves no absence.
	s := siteOf(d)
	s.Complete = false
	if fs := runCtx(t, ctxAt("2025-11-24"), InterpMissing{}, s); len(fs) != 0 {
		t.Errorf("incomplete crawl: %+v", fs)
	}
}

func TestNormativeByValidityField(t *testing.T) {
	// Where only some documents carry 有效性 it marks the normative ones;
	// where (nearly) every document has it, it proves nothing.
	mk := func(n int, withValidity int) *site.Site {
		var pages []*site.Page
		for i := range n {
			md := map[string]string{"索引号": "1", "发布机构": "示范县人民政府办公室", "成文日期": "2025-09-10", "发布日期": "2025-09-10",
				"文号": "示政办发〔2025〕" + string(rune('1'+i)) + "号"}
			if i < withValidity {
				md["有效性"] = "有效"
			}
			pages = append(pages, policyPage("http://x.gov.cn/zcwj/d"+string(rune('a'+i))+".html", "示范县人民政府办公室关于第"+string(rune('一'+i))+"项工作的通知", md))
		}
		return siteOf(pages...)
	}
	if fs := runCtx(t, ctxAt("2025-11-24"), InterpMissing{}, mk(5, 2)); len(fs) != 2 {
		t.Errorf("有效性 on 2 of 5 documents: %d findings, want 2", len(fs))
	}
	if fs := runCtx(t, ctxAt("2025-11-24"), InterpMissing{}, mk(5, 5)); len(fs) != 0 {
		t.Errorf("有效性 on every document: %d findings, want 0", len(fs))
	}
}

func TestInterpUnlinked(t *testing.T) {
	mk := func(docLinks, interpLinks bool) (*site.Page, *site.Page) {
		d, i := docWithInterp("2025-09-30", "2025-10-09")
		if !docLinks {
			d.Links = nil
		}
		if !interpLinks {
			i.Links = nil
		}
		return d, i
	}
	tests := []struct {
		name                  string
		docLinks, interpLinks bool
		url, want             string
	}{
		{"both ways", true, true, "", ""},
		{"document lacks the link", false, true, "http://x.gov.cn/zcwj/d1.html", "文件页面没有指向解读的链接"},
		{"interpretation lacks the link back", true, false, "http://x.gov.cn/zcjd/i1.html", "解读页面没有链接回文件原文"},
		{"neither", false, false, "http://x.gov.cn/zcwj/d1.html", "文件页面没有指向解读的链接，解读页面没有链接回文件原文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, i := mk(tt.docLinks, tt.interpLinks)
			fs := runCtx(t, ctxAt("2025-11-24"), InterpUnlinked{}, siteOf(d, i))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s", fs[0].Message)
			case tt.want != "" && (len(fs) != 1 || fs[0].URL != tt.url || !strings.Contains(fs[0].Message, tt.want)):
				t.Errorf("findings = %+v, want %s on %s", fs, tt.want, tt.url)
			}
		})
	}
	// A list written by script that names the interpretation's file counts.
	d, i := mk(false, true)
	d.ScriptText = `var url = "../zcjd/i1.html"; document.writeln("<a href='" + url + "'>解读</a>");`
	if fs := runCtx(t, ctxAt("2025-11-24"), InterpUnlinked{}, siteOf(d, i)); len(fs) != 0 {
		t.Errorf("script-built link ignored: %+v", fs)
	}
	// Paired only by a labelled link (titles unrelated): not reported.
	d2 := policyPage("http://x.gov.cn/zcwj/d2.html", "示范县人民政府关于印发《示范县河道管理办法》的通知",
		map[string]string{"文号": "示府规〔2025〕4号", "发布日期": "2025-09-10"}, link("http://x.gov.cn/zcjd/i2.html", "相关解读"))
	i2 := interpPage("http://x.gov.cn/zcjd/i2.html", "河长们请注意：新规来了", "2025-09-11", "")
	if fs := runCtx(t, ctxAt("2025-11-24"), InterpUnlinked{}, siteOf(d2, i2)); len(fs) != 0 {
		t.Errorf("link-only pair reported: %+v", fs)
	}
}

func TestDocValidityExpired(t *testing.T) {
	tests := []struct {
		name, validity, text, written string
		want                          string // subject, "" = none
	}{
		{"expired", "有效", "本办法自2020年2月1日起施行，有效期至2024年12月31日。", "2020-01-06", "有效期至2024-12-31"},
		{"still valid", "有效", "本办法自2023年3月1日起施行，有效期至2026年2月28日。", "2023-02-20", ""},
		{"marked 失效", "失效", "本办法自2020年2月1日起施行，有效期至2024年12月31日。", "2020-01-06", ""},
		{"a licence's validity, not the document's", "有效", "第五条 许可证有效期至2020年12月31日的，应当重新申领。", "2019-01-06", ""},
		{"有效期5年 from the stated 施行 date", "有效", "本办法自2020年1月1日起施行，有效期5年。", "2019-12-20", "有效期至2024-12-31"},
		{"有效期五年 from 成文日期", "现行有效", "本意见自印发之日起施行，有效期五年。", "2021-06-01", ""},
		{"有效期三年 from 成文日期", "有效", "本意见自印发之日起施行，有效期三年。", "2021-01-05", "有效期至2024-01-04"},
		{"no 有效性 field", "", "本办法自2020年2月1日起施行，有效期至2024年12月31日。", "2020-01-06", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": tt.written, "发布日期": tt.written, "文号": "示府规〔2020〕1号"}
			if tt.validity != "" {
				md["有效性"] = tt.validity
			}
			p := policyPage("http://x.gov.cn/zcwj/d1.html", "示范县人民政府关于印发《示范县临时占道管理办法》的通知", md)
			p.Text = p.Title + " " + tt.text
			fs := runCtx(t, ctxAt("2025-11-24"), DocValidityExpired{}, siteOf(p))
			got := ""
			if len(fs) == 1 {
				got = fs[0].Subject
			}
			if got != tt.want || len(fs) > 1 {
				t.Errorf("findings = %s, want %q", subjects(fs), tt.want)
			}
		})
	}
}

// docHTML is a document page as a TRS site prints it; rows are printed
// label/value pairs of the metadata table.
func docHTML(title, column string, rows [][2]string, body string) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>` + title + `_示范县人民政府</title>` +
		`<meta name="ArticleTitle" content="` + title + `"><meta name="PubDate" content="2025-09-10 09:00">` +
		`<meta name="ColumnName" content="` + column + `"></head><body>` +
		`<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zcwj/">` + column + `</a></div><h1>` + title + `</h1>`)
	if len(rows) > 0 {
		b.WriteString(`<table class="xxgk">`)
		for _, r := range rows {
			b.WriteString(`<tr><td>` + r[0] + `：</td><td>` + r[1] + `</td></tr>`)
		}
		b.WriteString(`</table>`)
	}
	b.WriteString(`<div class="TRS_Editor">` + body + `</div><div class="footer">主办单位：示范县人民政府办公室</div></body></html>`)
	return b.String()
}

func TestDocMetadataIncomplete(t *testing.T) {
	full := [][2]string{{"索 引 号", "11369999MB0000000X/2025-0001"}, {"发布机构", "示范县人民政府"}, {"成文日期", "2025-09-05"},
		{"文　　号", "示府规〔2025〕3号"}, {"发布日期", "2025-09-10"}, {"有 效 性", "有效"}}
	without := func(label string) [][2]string {
		var out [][2]string
		for _, r := range full {
			if r[0] != label {
				out = append(out, r)
			}
		}
		return out
	}
	tests := []struct {
		name, title, column string
		rows                [][2]string
		body                string
		want                string // Message fragment, "" = no finding
	}{
		{"complete", "示范县人民政府关于印发《示范县低保办法》的通知", "政策文件", full, "", ""},
		{"normative without 有效性", "示范县人民政府关于印发《示范县低保办法》的通知", "政策文件", without("有 效 性"), "", "有效性"},
		{"without 索引号 and 成文日期", "示范县人民政府关于印发《示范县低保办法》的通知", "政策文件",
			[][2]string{{"发布机构", "示范县人民政府"}, {"文号", "示府规〔2025〕3号"}, {"发布日期", "2025-09-10"}, {"有效性", "有效"}}, "", "索引号、成文日期"},
		{"empty 成文日期 value", "示范县人民政府关于印发《示范县低保办法》的通知", "政策文件",
			append(without("成文日期"), [2]string{"成文日期", "-"}), "", "成文日期"},
		{"宿迁 labels", "示范县人民政府办公室关于做好防汛工作的通知", "政策文件",
			[][2]string{{"索引号", "053533505/2025-00106"}, {"发布机构", "示范县人民政府办公室"}, {"发文日期", "2025-09-05"},
				{"文号", "示政办发〔2025〕9号"}, {"发布日期", "2025-09-10"}}, "", ""},
		{"文号 无 and none in the title", "示范县教育局关于开展安全检查的通知", "政策文件",
			[][2]string{{"索引号", "1"}, {"发布机构", "示范县教育局"}, {"成文日期", "2025-09-05"}, {"文号", "无"}, {"发布日期", "2025-09-10"}}, "", ""},
		{"文号 only in the title", "示范县人民政府关于表彰先进的决定（示政发〔2025〕5号）", "政策文件",
			[][2]string{{"索引号", "1"}, {"发布机构", "示范县人民政府"}, {"成文日期", "2025-09-05"}, {"发布日期", "2025-09-10"}}, "", "文号"},
		{"文号 on its own line of the body", "示范县人民政府关于表彰先进的决定", "政策文件",
			[][2]string{{"索引号", "1"}, {"发布机构", "示范县人民政府"}, {"成文日期", "2025-09-05"}, {"发布日期", "2025-09-10"}},
			"<p>示政发〔2025〕5号</p><p>各乡镇人民政府：</p>", "文号"},
		{"a cited 文号 in the body is not the document's", "示范县人民政府关于表彰先进的决定", "政策文件",
			[][2]string{{"索引号", "1"}, {"发布机构", "示范县人民政府"}, {"成文日期", "2025-09-05"}, {"发布日期", "2025-09-10"}},
			"<p>根据《江西省表彰办法》（赣府发〔2020〕5号）规定，决定如下。</p>", ""},
		{"发布日期 printed above the table", "示范县人民政府办公室关于做好防汛工作的通知", "政策文件",
			[][2]string{{"索引号", "1"}, {"发布机构", "示范县人民政府办公室"}, {"成文日期", "2025-09-05"}, {"文号", "示政办发〔2025〕9号"}},
			"<p>发布时间：2025-09-10 09:00</p>", ""},
		{"a notice with a 文号 in its title and no table", "示范县人民政府办公室关于国庆节放假的通知（示政办明电〔2025〕6号）", "通知公告",
			nil, "<p>10月1日至8日放假。</p>", ""},
		{"a 政策文件 page without any table", "示范县人民政府关于表彰先进的决定（示政发〔2025〕5号）", "政策文件",
			nil, "<p>决定如下。</p>", "索引号、发布机构、成文日期、发布日期、文号"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := site.Extract("http://x.gov.cn/zcwj/202509/t20250910_1.html", docHTML(tt.title, tt.column, tt.rows, tt.body))
			p.Status = 200
			fs := runCtx(t, ctxAt("2025-11-24"), DocMetadataIncomplete{}, siteOf(p))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s | %s (metadata %v)", fs[0].Message, fs[0].Evidence, p.Metadata)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want)):
				t.Errorf("findings = %+v, want %q (metadata %v)", fs, tt.want, p.Metadata)
			}
		})
	}
}

func guidePage(url, text string, links ...site.Link) *site.Page {
	return &site.Page{URL: url, Status: 200, Title: "政府信息公开指南_示范县人民政府", Column: "政府信息公开指南",
		Meta: map[string]string{"columnname": "政府信息公开指南"}, Text: text + " 主办单位：示范县人民政府办公室 电话：0795-0000000 传真：0795-0000001 zfb@example.gov.cn",
		FooterText: "主办单位：示范县人民政府办公室 电话：0795-0000000 传真：0795-0000001 zfb@example.gov.cn", Links: links}
}

const fullGuide = "根据《中华人民共和国政府信息公开条例》（国务院令第711号），编制本指南。一、主动公开：按主题分类，编排体系为索引号、名称；" +
	"获取方式为政府网站查阅。二、依申请公开：受理机构为示范县人民政府办公室，办公地址：示范县人民路1号，办公时间：工作日8:30-12:00，" +
	"联系电话：0795-0000000，传真：0795-0000001，电子邮箱：zfb@example.gov.cn。"

func TestGuideIncomplete(t *testing.T) {
	pdf := "http://x.gov.cn/zfxxgkzn/指南.pdf"
	tests := []struct {
		name        string
		page        *site.Page
		attachments []*site.Attachment
		want        []string // subjects
		evidence    string
	}{
		{"complete", guidePage("http://x.gov.cn/zfxxgkzn/", fullGuide), nil, nil, ""},
		{"fax and e-mail only in the footer", guidePage("http://x.gov.cn/zfxxgkzn/",
			strings.NewReplacer("传真：0795-0000001，", "", "电子邮箱：zfb@example.gov.cn", "").Replace(fullGuide)), nil,
			[]string{"要素不全"}, "传真、互联网联系方式"},
		{"cites the 2007 regulation", guidePage("http://x.gov.cn/zfxxgkzn/",
			strings.Replace(fullGuide, "国务院令第711号", "国务院令第492号", 1)), nil, []string{"未按新条例更新"}, "国务院令第492号"},
		{"2008年5月1日起施行", guidePage("http://x.gov.cn/zfxxgkzn/",
			strings.Replace(fullGuide, "（国务院令第711号）", "（2008年5月1日起施行）", 1)), nil, []string{"未按新条例更新"}, "2008年5月1日"},
		{"a column listing other bodies' guides", guidePage("http://x.gov.cn/zfxxgkzn/",
			"政府信息公开指南 依申请公开 市政府办公室 市教育局 市公安局 市民政局",
			link("http://x.gov.cn/bm/jyj/zn/", "市教育局")), nil, nil, ""},
		{"guide as a readable PDF", guidePage("http://x.gov.cn/zfxxgkzn/", "政府信息公开指南 下载", link(pdf, "示范县政府信息公开指南")),
			[]*site.Attachment{{URL: pdf, Name: "指南.pdf", Text: strings.Replace(fullGuide, "传真：0795-0000001，", "", 1)}},
			[]string{"要素不全"}, "附件“示范县政府信息公开指南”中未找到：传真"},
		{"guide as a scanned PDF", guidePage("http://x.gov.cn/zfxxgkzn/", "政府信息公开指南 下载", link(pdf, "示范县政府信息公开指南")),
			[]*site.Attachment{{URL: pdf, Name: "指南.pdf", Unreadable: "扫描件，无文字层"}}, nil, ""},
		{"scanned PDF beside a page citing 492号", guidePage("http://x.gov.cn/zfxxgkzn/",
			"根据条例（国务院令第492号）编制本指南，获取方式见附件。", link(pdf, "示范县政府信息公开指南")),
			[]*site.Attachment{{URL: pdf, Name: "指南.pdf", Unreadable: "扫描件，无文字层"}}, []string{"未按新条例更新"}, "无法读取（扫描件，无文字层），其内容未核验"},
		{"a guide page linking the application form it could not read", guidePage("http://x.gov.cn/zfxxgkzn/",
			strings.Replace(fullGuide, "传真：0795-0000001，", "", 1), link("http://x.gov.cn/ysqgk/申请表.doc", "政府信息公开申请表")),
			nil, []string{"要素不全"}, "传真"},
		{"dated before the revised 条例", func() *site.Page {
			p := guidePage("http://x.gov.cn/zfxxgkzn/", strings.Replace(fullGuide, "（国务院令第711号）", "", 1))
			p.Published = site.Date{Time: day("2018-03-01"), Source: site.SourceMeta}
			return p
		}(), nil, []string{"未按新条例更新"}, "2018-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteOf(tt.page)
			s.Attachments = tt.attachments
			fs := runCtx(t, ctxAt("2025-11-24"), GuideIncomplete{}, s)
			var got []string
			for _, f := range fs {
				got = append(got, f.Subject)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("subjects = %v, want %v: %+v", got, tt.want, fs)
			}
			if tt.evidence != "" && !strings.Contains(fs[0].Evidence, tt.evidence) {
				t.Errorf("evidence %q lacks %q", fs[0].Evidence, tt.evidence)
			}
		})
	}
}

func TestGuideMissing(t *testing.T) {
	platform := &site.Page{URL: "http://x.gov.cn/xxgk/", Status: 200, Title: "政府信息公开", Column: "政府信息公开",
		Meta: map[string]string{"columnname": "政府信息公开"}}
	tests := []struct {
		name     string
		pages    []*site.Page
		res      []*site.Resource
		complete bool
		want     bool
	}{
		{"no guide at all", []*site.Page{platform}, nil, true, true},
		{"incomplete crawl", []*site.Page{platform}, nil, false, false},
		{"guide column page", []*site.Page{platform, guidePage("http://x.gov.cn/zfxxgkzn/", fullGuide)}, nil, true, false},
		{"guide kept on another platform", []*site.Page{{URL: "http://x.gov.cn/xxgk/", Status: 200, Column: "政府信息公开",
			Links: []site.Link{link("http://xxgk.jiangxi.gov.cn/sfx/zn/", "政府信息公开指南")}}}, nil, true, false},
		{"the only guide link is dead", []*site.Page{{URL: "http://x.gov.cn/xxgk/", Status: 200, Column: "政府信息公开",
			Meta: map[string]string{"columnname": "政府信息公开"}, Links: []site.Link{link("http://x.gov.cn/zfxxgkzn/", "政府信息公开指南")}}},
			[]*site.Resource{{URL: "http://x.gov.cn/zfxxgkzn/", Status: 404, ErrClass: site.ErrHTTPStatus}}, true, true},
		{"a guide classified by a profile hint", []*site.Page{platform, {URL: "http://x.gov.cn/col/col77/", Status: 200, Title: "办事须知"}}, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteOf(tt.pages...)
			s.Complete, s.Resources = tt.complete, tt.res
			ctx := ctxAt("2025-11-24")
			ctx.Profile = &config.Profile{Columns: map[string][]string{"政府信息公开指南": {"/col/col77/"}}}
			fs := runCtx(t, ctx, GuideMissing{}, s)
			if (len(fs) > 0) != tt.want {
				t.Errorf("findings = %+v, want %v", fs, tt.want)
			}
			if len(fs) > 0 && fs[0].URL != "http://x.gov.cn/xxgk/" {
				t.Errorf("finding on %s, want the platform page", fs[0].URL)
			}
		})
	}
}

func TestParseReportTitle(t *testing.T) {
	tests := []struct {
		title string
		year  int
		kind  string
		ok    bool
	}{
		{"示范县人民政府2024年政府信息公开工作年度报告", 2024, bodyGovernment, true},
		{"示范县教育体育局2024年政府信息公开工作年度报告", 2024, bodyDepartment, true},
		{"示范县人民政府办公室2024年政府信息公开工作年度报告", 2024, bodyDepartment, true},
		{"2024年政府信息公开工作年度报告", 2024, bodyUnnamed, true},
		{"示范县2024年度政府信息公开年报", 2024, bodyUnnamed, true},
		{"镇江市2024年政府信息公开工作年度报告", 2024, bodyUnnamed, true},
		{"示范县政府信息公开工作年度报告（2024年度）", 2024, bodyUnnamed, true},
		{"2024年度示范县民政局政府信息公开工作年度报告", 2024, bodyDepartment, true},
		{"城关镇2024年政府信息公开工作年度报告", 2024, bodyTown, true},
		{"城关镇人民政府2024年政府信息公开工作年度报告", 2024, bodyGovernment, true},
		{"关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", 0, "", false},
		{"图解：示范县2024年政府信息公开工作年度报告", 0, "", false},
		{"示范县2024年国民经济和社会发展统计公报", 0, "", false},
	}
	for _, tt := range tests {
		y, name, ok := parseReportTitle(tt.title)
		if ok != tt.ok || y != tt.year || (ok && bodyKind(name) != tt.kind) {
			t.Errorf("parseReportTitle(%q) = %d %q %v (kind %q), want %d %q %v", tt.title, y, name, ok, bodyKind(name), tt.year, tt.kind, tt.ok)
		}
	}
}

func reportPage(url, title, pub string) *site.Page {
	return &site.Page{URL: url, Status: 200, Title: title, Column: "政府信息公开年报", Text: title,
		Meta:      map[string]string{"articletitle": title},
		Published: site.Date{Time: day(pub), Source: site.SourceMeta}}
}

func TestAnnualReportLate(t *testing.T) {
	tests := []struct {
		name, title, pub, body, dueDept string
		want                            string // evidence fragment, "" = none
	}{
		{"government on time", "示范县人民政府2024年政府信息公开工作年度报告", "2025-03-28", "", "", ""},
		{"government on the due day", "示范县2024年政府信息公开工作年度报告", "2025-03-31", "", "", ""},
		{"government late", "示范县人民政府2024年政府信息公开工作年度报告", "2025-04-08", "", "", "本级人民政府年度报告（示范县人民政府）应于2025-03-31前公布"},
		{"department on time by the 春节 extension", "示范县民政局2024年政府信息公开工作年度报告", "2025-02-05", "", "", ""},
		{"department late", "示范县教育体育局2024年政府信息公开工作年度报告", "2025-02-06", "", "", "2025-01-31为休息日，顺延至2025-02-05"},
		{"department due date from the profile", "示范县教育体育局2024年政府信息公开工作年度报告", "2025-02-20", "", "02-28", ""},
		{"unnamed report on a department's site", "2024年政府信息公开工作年度报告", "2025-02-12", "department", "", "部门年度报告应于2025-01-31前公布"},
		{"unnamed report on a government's site", "2024年政府信息公开工作年度报告", "2025-02-12", "", "", ""},
		{"the office is a department", "示范县人民政府办公室2024年政府信息公开工作年度报告", "2025-03-20", "", "", "部门年度报告"},
		{"an older year is not judged", "示范县人民政府2023年政府信息公开工作年度报告", "2024-06-01", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := ctxAt("2025-11-24")
			ctx.Profile = &config.Profile{Body: tt.body, Due: config.DueDates{AnnualReportDepartment: tt.dueDept}}
			fs := runCtx(t, ctx, AnnualReportLate{}, siteOf(reportPage("http://x.gov.cn/nb/t1.html", tt.title, tt.pub)))
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s | %s", fs[0].Message, fs[0].Evidence)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Evidence, tt.want)):
				t.Errorf("findings = %+v, want evidence with %q", fs, tt.want)
			}
		})
	}
	// Listed only (the report is a PDF): the list date is judged.
	list := &site.Page{URL: "http://x.gov.cn/nb/", Status: 200, Title: "政府信息公开年报", Column: "政府信息公开年报",
		Meta: map[string]string{"columnname": "政府信息公开年报"}, Items: []site.ListItem{
			{Title: "示范县教育体育局2024年政府信息公开工作年度报告", URL: "http://x.gov.cn/nb/2024.pdf", Date: site.Date{Time: day("2025-03-01"), Source: site.SourceList}},
			{Title: "示范县教育体育局2023年政府信息公开工作年度报告", URL: "http://x.gov.cn/nb/2023.pdf"},
			{Title: "示范县教育体育局2022年政府信息公开工作年度报告", URL: "http://x.gov.cn/nb/2022.pdf"}}}
	fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportLate{}, siteOf(list))
	if len(fs) != 1 || fs[0].URL != "http://x.gov.cn/nb/2024.pdf" || !strings.Contains(fs[0].Evidence, "列表日期2025-03-01") {
		t.Errorf("listed report: %+v", fs)
	}
	// A province's report linked from the county site is not the county's.
	prov := &site.Page{URL: "http://x.gov.cn/nb/", Status: 200, Title: "政府信息公开年报", Column: "政府信息公开年报",
		Meta: map[string]string{"columnname": "政府信息公开年报"}, Items: []site.ListItem{
			{Title: "江西省教育厅2024年政府信息公开工作年度报告", URL: "http://jyt.jiangxi.gov.cn/nb/2024.html", Date: site.Date{Time: day("2025-03-01"), Source: site.SourceList}},
			{Title: "其他一", URL: "http://x.gov.cn/nb/1.html"}, {Title: "其他二", URL: "http://x.gov.cn/nb/2.html"}}}
	if fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportLate{}, siteOf(prov)); len(fs) != 0 {
		t.Errorf("provincial report judged: %+v", fs)
	}
	if fs := runCtx(t, ctxAt("2025-11-24"), AnnualReportMissing{}, siteOf(prov)); len(fs) != 1 {
		t.Errorf("a provincial report hid the county's missing one: %+v", fs)
	}
	// No calendar data for the due year: past the nominal date, but a
	// holiday might extend it, so nothing is said.
	only2024, _ := calendar.New(mustYears(t, 2024)...)
	ctx := &Context{AsOf: day("2025-11-24"), Calendar: only2024}
	if fs := runCtx(t, ctx, AnnualReportLate{}, siteOf(reportPage("http://x.gov.cn/nb/t1.html", "示范县教育体育局2024年政府信息公开工作年度报告", "2025-02-03"))); len(fs) != 0 {
		t.Errorf("judged without calendar data: %+v", fs)
	}
}

func TestAnnualReportMissing(t *testing.T) {
	column := &site.Page{URL: "http://x.gov.cn/nb/", Status: 200, Title: "政府信息公开年报", Column: "政府信息公开年报",
		Meta: map[string]string{"columnname": "政府信息公开年报"}}
	own := reportPage("http://x.gov.cn/nb/t1.html", "示范县人民政府2024年政府信息公开工作年度报告", "2025-04-20")
	dept := reportPage("http://x.gov.cn/nb/t2.html", "示范县民政局2024年政府信息公开工作年度报告", "2025-01-20")
	old := reportPage("http://x.gov.cn/nb/t3.html", "示范县人民政府2023年政府信息公开工作年度报告", "2024-03-20")
	notice := reportPage("http://x.gov.cn/nb/t4.html", "关于做好2024年度政府信息公开工作年度报告编制发布工作的通知", "2025-01-10")
	tests := []struct {
		name     string
		pages    []*site.Page
		asOf     string
		body     string
		complete bool
		want     string // evidence fragment, "" = none
	}{
		{"present (late, but present)", []*site.Page{column, own}, "2025-11-24", "", true, ""},
		{"missing", []*site.Page{column, old, notice}, "2025-11-24", "", true, "已找到2023年度报告"},
		{"only departments' reports on a government's site", []*site.Page{column, dept, old}, "2025-11-24", "", true, "仅有其他单位的2024年度报告"},
		{"a department's site with its report", []*site.Page{column, dept}, "2025-11-24", "department", true, ""},
		{"before the government's due date", []*site.Page{column, old}, "2025-03-31", "", true, ""},
		{"a department's site after 1月31日 (moved to 2025-02-05)", []*site.Page{column, old}, "2025-02-06", "department", true, "遇休息日顺延至2025-02-05"},
		{"a department's site on the moved due date", []*site.Page{column, old}, "2025-02-05", "department", true, ""},
		{"incomplete crawl", []*site.Page{column, old}, "2025-11-24", "", false, ""},
		{"report only as a link", []*site.Page{column, {URL: "http://x.gov.cn/xxgk/", Status: 200,
			Links: []site.Link{link("http://x.gov.cn/nb/2024.pdf", "2024年政府信息公开工作年度报告")}}}, "2025-11-24", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := siteOf(tt.pages...)
			s.Complete = tt.complete
			ctx := ctxAt(tt.asOf)
			ctx.Profile = &config.Profile{Body: tt.body}
			fs := runCtx(t, ctx, AnnualReportMissing{}, s)
			switch {
			case tt.want == "" && len(fs) > 0:
				t.Errorf("false finding: %s | %s", fs[0].Message, fs[0].Evidence)
			case tt.want != "" && (len(fs) != 1 || !strings.Contains(fs[0].Evidence, tt.want)):
				t.Errorf("findings = %+v, want evidence with %q", fs, tt.want)
			case tt.want != "" && (fs[0].URL != column.URL || fs[0].Subject != "2024"):
				t.Errorf("finding on %s subject %q", fs[0].URL, fs[0].Subject)
			}
		})
	}
}

func TestWorkdayEvidence(t *testing.T) {
	got := workdayEvidence(calendar.Default(), day("2025-09-26"), day("2025-10-13"))
	want := "其间10月1日至10月8日国庆节、中秋节放假；9月28日（星期日）调休上班，10月11日（星期六）调休上班计为工作日"
	if got != want {
		t.Errorf("workdayEvidence = %q\nwant %q", got, want)
	}
	if got := noticesFor(calendar.Default(), day("2024-12-20"), day("2025-01-10")); got != "国办发明电〔2023〕7号、国办发明电〔2024〕12号" {
		t.Errorf("noticesFor = %q", got)
	}
}

// BenchmarkDisclosureRules runs the area's rules over a 20,000-page site:
// they index once and never compare pages pairwise.
func BenchmarkDisclosureRules(b *testing.B) {
	var pages []*site.Page
	filler := strings.Repeat("示范县人民政府召开常务会议，研究部署重点工作。", 100)
	var nav []site.Link
	for i := range 100 {
		nav = append(nav, link(fmt.Sprintf("http://x.gov.cn/nav/%d/", i), fmt.Sprintf("栏目%d", i)))
	}
	for i := range 20000 {
		u := fmt.Sprintf("http://x.gov.cn/zcwj/t%d.html", i)
		switch i % 4 {
		case 0:
			p := policyPage(u, fmt.Sprintf("示范县人民政府关于印发《示范县第%d号管理办法》的通知", i),
				map[string]string{"索引号": "1", "发布机构": "示范县人民政府", "成文日期": "2025-08-01", "发布日期": "2025-09-10",
					"文号": fmt.Sprintf("示府规〔2025〕%d号", i), "有效性": "有效"}, nav...)
			p.Text = filler
			pages = append(pages, p)
		case 1:
			pages = append(pages, interpPage(strings.Replace(u, "zcwj", "zcjd", 1),
				fmt.Sprintf("《示范县第%d号管理办法》政策解读", i-1), "2025-09-20", filler, nav...))
		default:
			pages = append(pages, &site.Page{URL: u, Status: 200, Title: "工作动态", Column: "工作动态", Text: filler, Links: nav})
		}
	}
	s := siteOf(pages...)
	ctx := ctxAt("2025-11-24")
	b.ResetTimer()
	for b.Loop() {
		if _, errs := Run(ctx, s, rulesFromTo("gk-guide-missing", "interp-unlinked")); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
}

// Without a footer element FooterText is only the end of the text: cutting
// it would drop the end of the document (a guide's 传真 line).
func TestBodyTextKeepsStandInTail(t *testing.T) {
	text := "政府信息公开指南 办公地址：人民路1号 联系电话：0795-0000000 传真：0795-0000001"
	stand := &site.Page{Text: text, FooterText: "传真：0795-0000001"}
	if got := bodyText(stand); got != text {
		t.Errorf("stand-in tail cut: %q", got)
	}
	real := &site.Page{Text: text + " 主办单位：示范县人民政府 网站标识码3609990001", FooterText: "主办单位：示范县人民政府 网站标识码3609990001"}
	if got := bodyText(real); got != text {
		t.Errorf("real footer kept: %q", got)
	}
}
