package checks

import (
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// TestLooksNotFoundShape: a soft 404 has an error page's shape (error
// words, or the code 404 on a short or error-worded page), never just the
// number 404 in a title or a text.
func TestLooksNotFoundShape(t *testing.T) {
	template := strings.Repeat("首页 政务公开 政务服务 互动交流 走进示范县 ", 30) // site navigation, ~600 runes
	article := strings.Repeat("为进一步做好政务公开工作，全面推进决策、执行、管理、服务、结果公开。", 12)
	tests := []struct {
		name, title, text string
		want              bool
	}{
		// Violations.
		{"server error page saved by a site copier (Apache 404 served 200)", "404 Not Found",
			"Not Found The requested URL /d/file/xxgk/2018-07-06/2911f8.xlsx was not found on this server.", true},
		{"bare code title, short body", "404", "返回首页", true},
		{"code title with the site name, template body in error words", "404 - 示范县人民政府",
			template + "抱歉，您访问的页面不存在或已被删除！" + template, true},
		{"error words in the title", "页面不存在", "抱歉，您访问的页面不存在或已被删除！返回首页", true},
		{"plain title, short body with the code", "示范县人民政府", "HTTP 404 错误 返回首页", true},
		// Look-alikes that are pages.
		{"numbered item (benchmark site)", "部门动态第404号信息", "索 引 号：11369999MB0000000X/2025-00403 " + article, false},
		{"numbered item, short body", "部门动态第404条", "当前位置：首页 > 部门动态 部门动态第404条 正文见附件。", false},
		{"bus line", "关于调整404路公交线路的通告", "自2025年12月1日起，404路公交线路调整如下。", false},
		{"code title on a long page without error words", "404 - 示范县人民政府", template + article, false},
		{"long headline with 找不到", "我县开展“找不到工作怎么办”就业政策宣讲活动暨2025年春风行动启动仪式", article, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &site.Page{URL: "http://x.gov.cn/a.html", Status: 200, Title: tt.title, Text: tt.text}
			if got := looksNotFound(p); got != tt.want {
				t.Errorf("looksNotFound(%q) = %v, want %v", tt.title, got, tt.want)
			}
			if got := usable(p); got == tt.want {
				t.Errorf("usable(%q) = %v, want %v", tt.title, got, !tt.want)
			}
		})
	}
}
