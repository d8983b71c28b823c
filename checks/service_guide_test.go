package checks

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

func TestReadGuide(t *testing.T) {
	all := "事项名称：A 设定依据：B 申请条件：C 办理材料：D 办理地点：E 办理机构：F 收费标准：G 办理时间：H 联系电话：I 办理流程：J"
	tests := []struct {
		name        string
		text        string
		missing     []string
		unjudgeable bool
	}{
		{"all ten", all, nil, false},
		{"synonyms", "服务事项：A 法律依据：B 受理条件：C 提交材料：D 窗口地址：E 责任部门：F 是否收费：否 工作时间：H 咨询方式：I 办事流程：J", nil, false},
		{"无 counts only for the fee", strings.Replace(strings.Replace(all, "收费标准：G", "收费标准：无", 1), "设定依据：B", "设定依据：无", 1), []string{"设定依据"}, false},
		{"empty values before the next label", strings.Replace(all, "办理时间：H", "办理时间：", 1), []string{"办理时间"}, false},
		{"punctuation only is empty", strings.Replace(all, "办理地点：E", "办理地点：——", 1), []string{"办理地点"}, false},
		{"不收费 anywhere answers the fee", strings.Replace(all, "收费标准：G", "本事项不收费。", 1), nil, false},
		{"a 流程图 is an image", strings.Replace(all, "办理流程：J", "办理流程图", 1), nil, false},
		{"prose mentions are not labels", "事项名称：A 设定依据：B 请携带申请材料到办理地点提交，按办理流程办理。 办理机构：F 收费标准：G 办理时间：H 联系电话：I",
			[]string{"申请条件", "办理材料", "办理地点", "办理流程"}, false},
		{"extras end a value", "事项名称：A 设定依据：B 申请条件：C 办理材料：D 办理地点：E 办理机构：F 收费标准：G 办理时间：H 联系电话： 承诺时限：20个工作日 办理流程：J",
			[]string{"联系电话"}, false},
		{"footer markers end a value", "事项名称：A 设定依据：B 申请条件：C 办理材料：D 办理地点：E 办理机构：F 收费标准：G 办理时间：H 联系电话：I 办理流程： 主办单位：示范县人民政府",
			[]string{"办理流程"}, false},
		{"tab names only", "基本信息 申请条件 申报材料 办理流程 收费标准 设定依据 常见问题", nil, true},
		{"an empty template with colons is judged", "事项名称： 设定依据： 申请条件： 办理材料： 办理地点：", []string{"事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理机构", "收费标准", "办理时间", "联系电话", "办理流程"}, false},
	}
	for _, tt := range tests {
		r := fsReadGuide(tt.text)
		if r.unjudgeable != tt.unjudgeable {
			t.Errorf("%s: unjudgeable %v", tt.name, r.unjudgeable)
			continue
		}
		if got := r.missing(); !tt.unjudgeable && !slices.Equal(got, tt.missing) {
			t.Errorf("%s: missing %v, want %v", tt.name, got, tt.missing)
		}
	}
}

func TestServiceGuideIncomplete(t *testing.T) {
	u := func(n string) string { return fsBase + "bsfw/bszn/" + n + ".html" }
	pages := []*site.Page{
		fsFixture(t, "guide_complete.html", u("complete")),
		fsFixture(t, "guide_colon.html", u("colon")),
		fsFixture(t, "guide_sparse.html", u("sparse")),
		fsFixture(t, "guide_tabs.html", u("tabs")),
		fsFixture(t, "guide_header_table.html", u("header")),
		// Look-alikes that are not service guides: the 政府信息公开指南 and a
		// news item in the service column.
		{URL: fsBase + "xxgk/zfxxgkzn/", Status: 200, Title: "政府信息公开指南_示范县人民政府", Column: "政府信息公开指南",
			Text: "政府信息公开指南 办理机构：示范县人民政府办公室 办公地址：人民路1号 办公时间：工作日 联系电话：0795-0000000"},
		{URL: u("news"), Status: 200, Title: "我县政务服务中心开展延时服务_示范县人民政府", Column: "办事服务",
			Text: "我县政务服务中心开展延时服务 办理时间：工作日延长至19:00。"},
	}
	fs := fsRun(t, ServiceGuideIncomplete{}, fsSite(pages...), "2025-11-24", nil)
	got := map[string]Finding{}
	for _, f := range fs {
		got[f.URL] = f
	}
	if len(fs) != 2 {
		t.Errorf("got %d findings, want 2: %+v", len(fs), fs)
	}
	colon, ok := got[u("colon")]
	if !ok || colon.Severity != Deduct || !strings.Contains(colon.Message, "2类要素：设定依据、办理时间") ||
		!strings.Contains(colon.Evidence, "有标题但内容为空：设定依据、办理时间") || colon.Title != "临时救助办事指南" {
		t.Errorf("colon guide = %+v", colon)
	}
	sparse, ok := got[u("sparse")]
	if !ok || sparse.Severity != Veto || !strings.Contains(sparse.Message, "6类") ||
		!strings.Contains(sparse.Evidence, "未找到要素：设定依据、申请条件、办理机构、收费标准、办理流程") {
		t.Errorf("sparse guide = %+v", sparse)
	}
}

func TestServiceGuideIncompleteFooterPhone(t *testing.T) {
	// The footer's 联系电话 is the site's, not the guide's.
	p := &site.Page{URL: fsBase + "bsfw/bszn/1.html", Status: 200, Title: "临时救助办事指南", Column: "办事指南",
		Text: "临时救助办事指南 事项名称：临时救助 设定依据：《社会救助暂行办法》 申请条件：困难家庭 办理材料：申请书 办理地点：乡镇 办理机构：民政局 收费标准：不收费 办理时间：工作日 办理流程：申请、审批 " +
			"主办单位：示范县人民政府办公室 联系电话：0795-0000000",
		FooterText: "主办单位：示范县人民政府办公室 联系电话：0795-0000000"}
	fs := fsRun(t, ServiceGuideIncomplete{}, fsSite(p), "2025-11-24", nil)
	if len(fs) != 1 || !strings.Contains(fs[0].Message, "联系电话") || fs[0].Severity != Deduct {
		t.Errorf("got %+v", fs)
	}
}

func TestServiceGuideMissing(t *testing.T) {
	news := &site.Page{URL: fsBase + "xwzx/1.html", Status: 200, Title: "工作动态", Column: "工作动态", Text: "我县召开会议"}
	emptyService := &site.Page{URL: fsBase + "bsfw/", Status: 200, Title: "办事服务_示范县人民政府", Column: "办事服务",
		Meta: map[string]string{"columnname": "办事服务"}, Text: "办事服务 暂无信息"}
	tests := []struct {
		name string
		site func() *site.Site
		want bool
	}{
		{"nothing at all", func() *site.Site { return fsSite(news) }, true},
		{"an empty service column", func() *site.Site { return fsSite(news, emptyService) }, true},
		{"an on-site link called 网上办事 is not a service", func() *site.Site {
			s := fsSite(news)
			s.Pages[0].Links = []site.Link{{URL: fsBase + "bsfw/", Text: "网上办事", Kind: site.KindAnchor}}
			return s
		}, true},
		{"incomplete crawl", func() *site.Site { s := fsSite(news); s.Complete = false; return s }, false},
		{"link to the 政务服务网 host", func() *site.Site {
			s := fsSite(news)
			s.Pages[0].Links = []site.Link{{URL: "http://www.jxzwfww.gov.cn/", Text: "江西政务服务网", Kind: site.KindAnchor}}
			return s
		}, false},
		{"zwfw subdomain", func() *site.Site {
			s := fsSite(news)
			s.Pages[0].Links = []site.Link{{URL: "https://zwfw.sfx.gov.cn/item/1", Text: "进入", Kind: site.KindAnchor}}
			return s
		}, false},
		{"service column with entries", func() *site.Site {
			col := *emptyService
			col.Items = []site.ListItem{{Title: "最低生活保障审批", URL: fsBase + "bsfw/1.html"}}
			return fsSite(news, &col)
		}, false},
		{"a guide page", func() *site.Site {
			return fsSite(news, fsFixture(t, "guide_colon.html", fsBase+"bsfw/bszn/colon.html"))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, ServiceGuideMissing{}, tt.site(), "2025-11-24", nil)
			if (len(fs) > 0) != tt.want {
				t.Fatalf("got %+v, want finding %v", fs, tt.want)
			}
			if tt.want && (fs[0].Severity != Veto || fs[0].Subject != "办事指南" || fs[0].Evidence == "") {
				t.Errorf("finding = %+v", fs[0])
			}
		})
	}
}

// A guide that names only two of the ten elements is a guide missing eight
// (单项否决), not an ordinary page; a news item in the same column that
// mentions an element is still no guide.
func TestServiceGuideFewLabels(t *testing.T) {
	page := func(n, title, text string) *site.Page {
		return &site.Page{URL: fsBase + "bsfw/bszn/" + n + ".html", Status: 200, Title: title + "_示范县人民政府", Column: "办事指南",
			Text:       "首页 办事服务 当前位置：首页 > 办事服务 > 办事指南 " + title + " " + text + " 主办单位：示范县人民政府办公室",
			FooterText: "主办单位：示范县人民政府办公室"}
	}
	tests := []struct {
		name    string
		page    *site.Page
		missing int // 0: not a guide
	}{
		{"two labels with colons", page("1", "残疾人证办理", "申请材料：身份证、户口簿、近期免冠照片 咨询电话：0795-1234567"), 8},
		{"two bracketed labels", page("2", "城乡居民医保参保登记", "【办理地点】县政务服务中心一楼医保窗口 【办理时间】工作日上午8:00-12:00"), 8},
		{"two labels and a time limit", page("3", "个体工商户设立登记", "办理材料：经营者身份证明 办理时限：即时办结 办理地点：县政务服务中心"), 8},
		// Look-alikes.
		{"a news item that mentions 办理时限 once", page("4", "我县企业开办再提速",
			"发布日期：2025-06-01 记者从县政务服务中心获悉，我县推行企业开办“一窗通办”，办理时限压缩至1个工作日，群众满意度明显提升。"), 0},
		{"a news item with two labels after its story", page("5", "我县政务服务中心开展延时服务",
			"发布日期：2025-06-01 为方便上班族办事，县政务服务中心自6月起推行“延时服务”，在工作日下班后和周末为群众办理社保、医保、不动产登记等高频事项，"+
				"受到群众广泛好评。中心负责人介绍，下一步将进一步扩大延时服务事项范围，持续优化营商环境。 办理时间：工作日延长至19:00 咨询电话：0795-1234567"), 0},
		{"one label", page("6", "我县政务服务中心开展延时服务", "办理时间：工作日延长至19:00。"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, ServiceGuideIncomplete{}, fsSite(tt.page), "2025-11-24", nil)
			if tt.missing == 0 {
				if len(fs) > 0 {
					t.Fatalf("unexpected finding %+v", fs[0])
				}
				return
			}
			if len(fs) != 1 || fs[0].Severity != Veto || !strings.Contains(fs[0].Message, fmt.Sprintf("缺少%d类要素", tt.missing)) {
				t.Fatalf("got %+v, want one veto finding missing %d", fs, tt.missing)
			}
		})
	}
}
