package checks

import (
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

func fsDay(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, site.Shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// fsNotice is a notice page in a column, published on pub.
func fsNotice(path, title, column, text, pub string) *site.Page {
	p := &site.Page{URL: fsBase + path, Status: 200, Title: title + "_示范县人民政府", Column: column,
		Meta: map[string]string{"articletitle": title}, Text: title + " " + text}
	if pub != "" {
		p.Published = site.Date{Time: fsDay(pub), Source: site.SourceMeta}
	}
	return p
}

func TestReadPeriod(t *testing.T) {
	tests := []struct {
		name       string
		text, pub  string
		start, end string // "" = unknown
		reason     bool
	}{
		{"range", "征求意见时间为2025年3月1日至2025年3月15日。", "2025-03-01", "2025-03-01", "2025-03-15", false},
		{"range, end without year", "征求意见时间：2025年3月1日—3月31日", "", "2025-03-01", "2025-03-31", false},
		{"range across the new year", "意见征集时间为2025年12月20日至1月20日", "", "2025-12-20", "2026-01-20", false},
		{"ISO range with times", "征求意见起止时间：2025-03-01 09:00至2025-03-30 17:00", "", "2025-03-01", "2025-03-30", false},
		{"full-width digits", "征求意见时间为２０２５年３月１日至２０２５年３月１５日", "", "2025-03-01", "2025-03-15", false},
		{"from now", "自即日起至2025年3月20日。", "2025-03-10", "2025-03-10", "2025-03-20", false},
		{"from now, month-day", "即日起至3月20日。", "2025-03-10", "2025-03-10", "2025-03-20", false},
		{"deadline", "意见反馈截止时间为2025年4月10日。", "2025-03-10", "2025-03-10", "2025-04-10", false},
		{"please before", "请于2025年3月25日前将意见建议通过电子邮件反馈。", "2025-03-10", "2025-03-10", "2025-03-25", false},
		{"days", "征求意见期限为30天。", "2025-03-10", "2025-03-10", "2025-04-08", false},
		{"days in Chinese", "公开征求意见，为期十五日。", "2025-03-10", "2025-03-10", "2025-03-24", false},
		{"reason stated", "征求意见时间为2025年3月1日至2025年3月15日。因上级时限要求，征求意见期限缩短。", "", "2025-03-01", "2025-03-15", true},
		// A validity period is not the comment period; nothing to read.
		{"validity only", "本办法自2025年5月1日起施行，有效期至2030年4月30日。", "2025-03-10", "", "", false},
		{"deadline without publication date", "截止日期：2025年4月10日", "", "", "2025-04-10", false},
	}
	for _, tt := range tests {
		c := &fsConsult{}
		var pub site.Date
		if tt.pub != "" {
			pub = site.Date{Time: fsDay(tt.pub)}
		}
		fsReadPeriod(c, tt.text, pub)
		gs, ge := "", ""
		if !c.start.IsZero() && c.known {
			gs = fsDate(c.start)
		}
		if !c.end.IsZero() {
			ge = fsDate(c.end)
		}
		if gs != tt.start || ge != tt.end || (c.reason != "") != tt.reason {
			t.Errorf("%s: %s–%s reason %q (period %q), want %s–%s %v", tt.name, gs, ge, c.reason, c.period, tt.start, tt.end, tt.reason)
		}
	}
}

func TestIsDraft(t *testing.T) {
	tests := []struct {
		title, column string
		want          bool
	}{
		{"关于《示范县养犬管理办法（征求意见稿）》公开征求意见的公告", "意见征集", true},
		{"关于《示范县国土空间总体规划（草案）》的公示", "意见征集", true},
		{"示范县城区停车管理办法（征求意见稿）", "通知公告", true},
		{"关于开展政务公开满意度问卷调查的通知", "意见征集", false},
		{"关于征集2026年民生实事项目的公告", "通知公告", false},
		{"关于公开征求意见的公告", "网上调查", false},
		{"《示范县养犬管理办法》征求意见采纳情况", "意见征集", false},
		{"关于征集示范县城市形象宣传语的公告", "意见征集", false},
	}
	for _, tt := range tests {
		p := fsNotice("xxgk/yjzj/1.html", tt.title, tt.column, "正文", "2025-03-01")
		if _, got := fsIsDraft(&Context{}, p); got != tt.want {
			t.Errorf("%s (%s): draft %v, want %v", tt.title, tt.column, got, tt.want)
		}
	}
}

func TestConsultationShortPeriod(t *testing.T) {
	col := "意见征集"
	draft := func(n, text string) *site.Page {
		return fsNotice("xxgk/yjzj/202503/t20250301_"+n+".html", "关于《示范县养犬管理办法"+n+"（征求意见稿）》公开征求意见的公告", col, text, "2025-03-01")
	}
	tests := []struct {
		name string
		page *site.Page
		prof *config.Profile
		want bool
	}{
		{"15 days, no reason", draft("1", "征求意见时间为2025年3月1日至2025年3月15日。"), nil, true},
		{"29 days", draft("2", "征求意见时间为2025年3月1日至2025年3月29日。"), nil, true},
		{"30 days", draft("3", "征求意见时间为2025年3月1日至2025年3月30日。"), nil, false},
		{"15 days with a reason", draft("4", "因情况紧急，征求意见时间为2025年3月1日至2025年3月15日。"), nil, false},
		{"dates unreadable", draft("5", "欢迎社会各界提出宝贵意见。"), nil, false},
		{"a survey is not a draft", fsNotice("xxgk/yjzj/6.html", "关于开展政务公开满意度问卷调查的通知", col, "调查时间为2025年3月1日至2025年3月7日。", "2025-03-01"), nil, false},
		{"profile lowers the minimum", draft("7", "征求意见时间为2025年3月1日至2025年3月25日。"), &config.Profile{Thresholds: config.Thresholds{ConsultMinDays: 20}}, false},
		{"profile minimum, still short", draft("8", "征求意见时间为2025年3月1日至2025年3月15日。"), &config.Profile{Thresholds: config.Thresholds{ConsultMinDays: 20}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, ConsultationShortPeriod{}, fsSite(tt.page), "2025-11-24", tt.prof)
			if (len(fs) > 0) != tt.want {
				t.Fatalf("got %+v, want finding %v", fs, tt.want)
			}
		})
	}
	fs := fsRun(t, ConsultationShortPeriod{}, fsSite(draft("1", "征求意见时间为2025年3月1日至2025年3月15日。")), "2025-11-24", nil)
	if len(fs) != 1 || fs[0].Severity != Deduct || !strings.Contains(fs[0].Message, "《示范县养犬管理办法1》") ||
		!strings.Contains(fs[0].Evidence, "2025-03-01至2025-03-15，共15个日历日") || !strings.Contains(fs[0].Evidence, "下限30天") {
		t.Errorf("finding = %+v", fs)
	}
}

func TestConsultationNoFeedback(t *testing.T) {
	col := "意见征集"
	ended := "征求意见时间为2025年9月1日至2025年9月30日。"
	draft := func(n, name, text string) *site.Page {
		return fsNotice("xxgk/yjzj/202509/t20250901_"+n+".html", "关于《"+name+"（征求意见稿）》公开征求意见的公告", col, text, "2025-09-01")
	}
	list := &site.Page{URL: fsBase + "xxgk/yjzj/", Status: 200, Title: "意见征集_示范县人民政府", Column: col,
		Meta: map[string]string{"columnname": col}, Items: []site.ListItem{
			{Title: "《示范县物业管理办法》意见反馈情况", URL: fsBase + "xxgk/yjzj/202510/t20251015_90.html", Date: site.Date{Time: fsDay("2025-10-15")}},
			{Title: "关于A", URL: fsBase + "xxgk/yjzj/a.html"}, {Title: "关于B", URL: fsBase + "xxgk/yjzj/b.html"},
		}}
	pages := []*site.Page{
		list,
		draft("1", "示范县养犬管理办法", ended+"欢迎提出意见。征求意见结束后，我们将及时公开意见采纳情况。"),
		draft("2", "示范县城区停车管理办法", ended),
		fsNotice("xxgk/yjzj/202510/t20251020_91.html", "关于《示范县城区停车管理办法》征求意见采纳情况的说明", col, "共收到意见5条，采纳3条。", "2025-10-20"),
		draft("3", "示范县殡葬管理办法", ended+" 意见采纳情况：征求意见期间共收到意见建议12条，采纳5条。"),
		draft("4", "示范县物业管理办法", ended),
		draft("5", "示范县燃放烟花爆竹管理规定", ended),
		fsNotice("xxgk/zcjd/202510/t20251025_92.html", "《示范县燃放烟花爆竹管理规定》政策解读", "政策解读",
			"起草过程：2025年9月，《示范县燃放烟花爆竹管理规定（征求意见稿）》向社会公开征求意见，共收到意见建议8条，均已研究吸纳。", "2025-10-25"),
		draft("6", "示范县老旧小区改造实施方案", "征求意见时间为2025年10月1日至2025年10月31日。"),
		// A condition is not an adoption statement.
		draft("8", "示范县公共租赁住房管理办法", ended+"逾期未收到意见的，视为无意见。"),
		// Feedback for another draft does not answer this one.
		draft("7", "示范县农贸市场管理办法", ended),
		fsNotice("xxgk/yjzj/202510/t20251020_93.html", "关于《示范县菜市场建设规划》征求意见采纳情况", col, "共收到意见2条。", "2025-10-20"),
	}
	fs := fsRun(t, ConsultationNoFeedback{}, fsSite(pages...), "2025-11-24", nil)
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.URL] = f
	}
	want := []string{"xxgk/yjzj/202509/t20250901_1.html", "xxgk/yjzj/202509/t20250901_7.html", "xxgk/yjzj/202509/t20250901_8.html"}
	if len(fs) != len(want) {
		t.Errorf("got %d findings, want %d: %+v", len(fs), len(want), fs)
	}
	for _, w := range want {
		f, ok := got[fsBase+w]
		if !ok {
			t.Errorf("no finding for %s", w)
			continue
		}
		if f.Severity != Deduct || !strings.Contains(f.Evidence, "征求意见截止2025-09-30") || !strings.Contains(f.Evidence, "最迟2025-10-30") ||
			!strings.Contains(f.Message, "超过30天") {
			t.Errorf("finding = %+v", f)
		}
	}
	s := fsSite(pages...)
	s.Complete = false
	if fs := fsRun(t, ConsultationNoFeedback{}, s, "2025-11-24", nil); len(fs) != 0 {
		t.Errorf("incomplete crawl: %+v", fs)
	}
}

func TestConsultationNoFeedbackHolidayGrace(t *testing.T) {
	// Ended 2025-09-01; +30 days is 2025-10-01, in the 国庆 break: the grace
	// period ends on 2025-10-09, the first working day after it.
	p := fsNotice("xxgk/yjzj/1.html", "关于《示范县养犬管理办法（征求意见稿）》公开征求意见的公告", "意见征集",
		"征求意见时间为2025年8月1日至2025年9月1日。", "2025-08-01")
	if fs := fsRun(t, ConsultationNoFeedback{}, fsSite(p), "2025-10-09", nil); len(fs) != 0 {
		t.Errorf("on the moved last day: %+v", fs)
	}
	fs := fsRun(t, ConsultationNoFeedback{}, fsSite(p), "2025-10-10", nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Evidence, "顺延至2025-10-09") || !strings.Contains(fs[0].Evidence, "国办发明电〔2024〕12号") {
		t.Errorf("after the moved day: %+v", fs)
	}
	// A year the calendar lacks: close to the deadline, no judgement.
	p2 := fsNotice("xxgk/yjzj/2.html", "关于《示范县养犬管理办法（征求意见稿）》公开征求意见的公告", "意见征集",
		"征求意见时间为2030年8月1日至2030年9月1日。", "2030-08-01")
	if fs := fsRun(t, ConsultationNoFeedback{}, fsSite(p2), "2030-10-05", nil); len(fs) != 0 {
		t.Errorf("uncovered year: %+v", fs)
	}
}
