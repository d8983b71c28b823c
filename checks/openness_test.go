package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// opList is a column page named name at path with n dated entries.
func opList(path, name string, n int) *site.Page {
	p := &site.Page{URL: fsBase + path, Status: 200, Title: name + "_示范县人民政府", Column: name,
		Meta:       map[string]string{"columnname": name, "sitename": "示范县人民政府"},
		Breadcrumb: []string{"首页", "政府信息公开", name}}
	for i := 0; i < n; i++ {
		p.Items = append(p.Items, site.ListItem{Title: fmt.Sprintf("%s信息%d", name, i), URL: fmt.Sprintf("%s%st2025%02d.html", fsBase, path, i)})
	}
	return p
}

// opPlatform is a 政府信息公开 platform page linking the given columns
// (name → path) and those columns as list pages with entries.
func opPlatform(cols ...string) []*site.Page {
	plat := &site.Page{URL: fsBase + "xxgk/", Status: 200, Title: "政府信息公开_示范县人民政府", Column: "政府信息公开",
		Meta: map[string]string{"columnname": "政府信息公开", "sitename": "示范县人民政府"}}
	out := []*site.Page{plat}
	for i := 0; i+1 < len(cols); i += 2 {
		plat.Links = append(plat.Links, site.Link{URL: fsBase + cols[i+1], Text: cols[i], Kind: site.KindAnchor})
		out = append(out, opList(cols[i+1], cols[i], 3))
	}
	return out
}

// opSite is a complete crawl of a county government site with the pages.
func opSite(pages ...*site.Page) *site.Site {
	s := fsSite(pages...)
	s.Pages[0].Meta = map[string]string{"sitename": "示范县人民政府"}
	s.Pages[0].Links = []site.Link{{URL: fsBase + "xxgk/", Text: "政府信息公开", Kind: site.KindAnchor}}
	return s
}

var opFullPlatform = []string{
	"政府信息公开指南", "xxgk/zn/", "政府信息公开制度", "xxgk/zd/", "法定主动公开内容", "xxgk/fdzdgknr/", "政府信息公开年报", "xxgk/nb/",
	"行政规范性文件", "xxgk/gfxwj/", "机构职能", "xxgk/jgzn/", "规划计划", "xxgk/ghjh/", "统计信息", "xxgk/tjxx/",
	"行政许可", "xxgk/xzxk/", "行政处罚", "xxgk/xzcf/", "财政预决算", "xxgk/czyjs/", "行政事业性收费", "xxgk/sf/",
	"政府采购", "xxgk/zfcg/", "重大建设项目", "xxgk/zdxm/", "社会保障", "xxgk/shbz/", "应急管理", "xxgk/yjgl/",
	"监督检查", "xxgk/jdjc/", "人事信息", "xxgk/rsxx/",
}

func TestPlatformIncomplete(t *testing.T) {
	without := func(names ...string) []string {
		var out []string
		for i := 0; i < len(opFullPlatform); i += 2 {
			skip := false
			for _, n := range names {
				skip = skip || opFullPlatform[i] == n
			}
			if !skip {
				out = append(out, opFullPlatform[i], opFullPlatform[i+1])
			}
		}
		return out
	}
	emptyCharge := opList("xxgk/sf/", "行政事业性收费", 0)
	explainedCharge := opList("xxgk/sf/", "行政事业性收费", 0)
	explainedCharge.Text = "行政事业性收费 本单位无行政事业性收费项目。"
	tests := []struct {
		name     string
		pages    []*site.Page
		asOf     string
		prof     *config.Profile
		want     []string // subjects
		contains string
	}{
		{"full platform", opPlatform(opFullPlatform...), "2025-11-25", nil, nil, ""},
		{"no 法定主动公开内容 column", opPlatform(without("法定主动公开内容")...), "2025-11-25", nil, []string{"法定主动公开内容"}, "疑似"},
		{"no 收费 and no 采购", opPlatform(without("行政事业性收费", "政府采购")...), "2025-11-25", nil, []string{"第二十条"}, "（八）行政事业性收费"},
		// The profile says the body has neither: nothing to report.
		{"收费 and 采购 not applicable", opPlatform(without("行政事业性收费", "政府采购")...), "2025-11-25",
			&config.Profile{NotApplicable: []string{"收费", "第二十条第九项"}}, nil, ""},
		{"empty 收费 column", append(opPlatform(without("行政事业性收费")...), emptyCharge), "2025-11-25", nil, []string{"第二十条"}, "栏目为空"},
		{"explained empty 收费 column", append(opPlatform(without("行政事业性收费")...), explainedCharge), "2025-11-25", nil, nil, ""},
		// 2018: the 2008 条例 set no platform layout (61号 is of 2019-12).
		{"before 61号", opPlatform(without("法定主动公开内容", "行政事业性收费")...), "2018-07-27", nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fsRun(t, PlatformIncomplete{}, opSite(tt.pages...), tt.asOf, tt.prof)
			if got := strings.Join(fsSubjects(fs), ","); got != strings.Join(tt.want, ",") {
				for _, f := range fs {
					t.Logf("%s: %s %s", f.Subject, f.Message, f.Evidence)
				}
				t.Fatalf("subjects %q, want %q", got, strings.Join(tt.want, ","))
			}
			if tt.contains != "" && !strings.Contains(fs[0].Message+fs[0].Evidence, tt.contains) {
				t.Errorf("finding does not say %q: %s %s", tt.contains, fs[0].Message, fs[0].Evidence)
			}
		})
	}
}
