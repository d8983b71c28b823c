package checks

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// noticeHTML is a 公示 page as county CMSs print it: title, 发布日期 line,
// the period sentence, then the list as a table.
func noticeHTML(title, period string, rows [][3]string) string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>` + title + `</title></head><body><h1>` + title + `</h1>` +
		`<div class="info">发布日期：2023-03-01</div><div class="content"><p>经审核，现将有关人员名单予以公示。` + period + `</p>` +
		`<table><tr><td>序号</td><td>姓名</td><td>身份证号码</td><td>手机号码</td></tr>`)
	for i, r := range rows {
		b.WriteString(`<tr><td>` + string(rune('1'+i)) + `</td><td>` + r[0] + `</td><td>` + r[1] + `</td><td>` + r[2] + `</td></tr>`)
	}
	b.WriteString(`</table><p>监督电话：0795-3512345</p></div><div class="footer">主办单位：示范县人民政府办公室</div></body></html>`)
	return b.String()
}

func TestNoticeExpired(t *testing.T) {
	people := [][3]string{{"张三", piiTestID1, piiTestMob1}, {"李四", piiTestID2, piiTestMob2}}
	masked := [][3]string{{"张三", "362329********1232", "138****5678"}, {"李四", "110105********002X", "139****4321"}}
	const old = "公示期为2023年3月1日至2023年3月7日。"
	tests := []struct {
		name, title, period string
		rows                [][3]string
		want                string // part of the message; "" = silent
	}{
		{"expired list with numbers", "关于2023年低保对象审核结果的公示", old, people, "公示期已于2023-03-07结束"},
		{"dashes and no 期", "关于2023年低保对象审核结果的公示", "公示时间：2023-03-01—2023-03-07。", people, "居民身份证号码2个、个人手机号码2个"},
		{"end date without its year", "关于低保对象的公示", "公示期：2022年12月28日至1月4日。", people, "公示期已于2023-01-04结束"},
		{"period ended less than a year ago", "关于2025年低保对象审核结果的公示", "公示期为2025年3月1日至2025年3月7日。", people, ""},
		{"masked numbers", "关于2023年低保对象审核结果的公示", old, masked, ""},
		{"not a 公示", "关于做好2023年低保工作的通知", old, people, ""},
		{"no stated period", "关于2023年低保对象审核结果的公示", "公示期为7天。", people, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := site.Extract("http://www.x.gov.cn/gsgg/2023/1.html", noticeHTML(tt.title, tt.period, tt.rows))
			p.Status = 200
			fs := run(t, NoticeExpired{}, &site.Site{Start: "http://www.x.gov.cn/", Pages: []*site.Page{p}})
			if tt.want == "" {
				for _, f := range fs {
					t.Errorf("false finding: %s", f.Message)
				}
				return
			}
			if len(fs) != 1 || !strings.Contains(fs[0].Message, tt.want) || !strings.HasPrefix(fs[0].Message, "疑似") || fs[0].Severity != Advice {
				t.Fatalf("findings %+v, want one saying %q", fs, tt.want)
			}
			if strings.Contains(fs[0].Message+fs[0].Evidence, piiTestID1) || strings.Contains(fs[0].Message+fs[0].Evidence, piiTestMob1) {
				t.Errorf("a full number in %+v", fs[0])
			}
		})
	}
}

// The list in an attachment counts for the 公示 page that links it; an
// official contact line on an expired 公示 does not.
func TestNoticeExpiredAttachmentAndContacts(t *testing.T) {
	page := &site.Page{URL: "http://www.x.gov.cn/gsgg/3.html", Status: 200, Title: "关于2022年耕地地力保护补贴发放情况的公示",
		Column: "公示公告", Text: "现将补贴发放情况公示如下，详见附件。公示期为2022年9月1日至9月7日。联系电话：0795-3512345"}
	contact := &site.Page{URL: "http://www.x.gov.cn/gsgg/4.html", Status: 200, Title: "示范县2022年项目中标候选人公示",
		Column: "公示公告", Text: "公示期为2022年9月1日至9月3日。招标人：示范县交通运输局 联系人：张工 联系电话：" + piiTestMob1}
	list := "序号\t姓名\t身份证号码\t金额\n1\t张三\t" + piiTestID1 + "\t1200\n2\t李四\t" + piiTestID2 + "\t1200\n"
	s := &site.Site{Start: "http://www.x.gov.cn/", Pages: []*site.Page{page, contact}, Attachments: []*site.Attachment{
		{URL: "http://www.x.gov.cn/gsgg/P0209.xlsx", Name: "补贴发放明细表.xlsx", Text: list, Referrers: []string{page.URL}},
	}}
	fs := run(t, NoticeExpired{}, s)
	if len(fs) != 1 || fs[0].URL != page.URL || !strings.Contains(fs[0].Message, "附件“补贴发放明细表.xlsx”") ||
		!strings.Contains(fs[0].Message, "居民身份证号码2个") {
		t.Fatalf("findings %+v", fs)
	}
}

func TestNoticeEnd(t *testing.T) {
	for text, want := range map[string]string{
		"公示期为2020年1月1日至2020年1月7日":      "2020-01-07",
		"公示时间：2020.12.28-2021.1.4":     "2021-01-04",
		"公示期：5个工作日（2020年1月2日至1月8日）":    "2020-01-08",
		"公示日期 2020-02-01 ~ 2020-02-10": "2020-02-10",
		"公示期为2020年2月1日至2月30日":          "",
	} {
		got := ""
		if end, _, ok := noticeEnd(text); ok {
			got = ymd(end)
		}
		if got != want {
			t.Errorf("%s: end %q, want %q", text, got, want)
		}
	}
}
