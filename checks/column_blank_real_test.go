package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// emptyColumnPage is a column page in the markup of a real county portal:
// no ColumnName tag, a breadcrumb ending in its name, and the CMS's
// empty-list text where the list would be. sidebar, when set, is the
// column's menu of sub-columns.
func emptyColumnPage(t *testing.T, dir, name, sidebar string) *site.Page {
	t.Helper()
	p := site.Extract(hHost+dir+"index.html", emptyColumnMarkup(dir, name, sidebar))
	p.Status = 200
	return p
}

func emptyColumnMarkup(dir, name, sidebar string) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%[2]s</title></head><body>
<div class="header"><a href="/index.html">首页</a> <a href="/ywdt/">要闻动态</a> <a href="/xxgk/">信息公开</a></div>
<div class="container curmb_box"><div class="curmb"> 当前位置：
<a href="../../index.html">首页</a>&nbsp;>&nbsp;<a href="../index.html">工作机构</a>&nbsp;>&nbsp;<a href="index.html">%[2]s</a></div></div>
<div class="container"><div class="pageMain clearfix">
<div class="banner ban_jgzy"><table><tr><td>%[2]s</td></tr></table></div>
<div class="jgzy_l"><div class="jgzy_sidebar">%[3]s</div>
<div class="jgzy_tt"><div class="jgzy_con"><div class="news_list"><ul> 此栏目暂无任何新增信息 </ul>
<div class="pagediv" id="page_div"></div></div></div></div></div></div></div>
<div class="footer"><div class="copyright">主办单位：示范县人民政府办公室 网站标识码：4114240001</div></div></body></html>`, dir, name, sidebar)
}

// pageHTML is emptyColumnPage's markup without a sidebar.
func pageHTML(t *testing.T, dir, name string) string {
	t.Helper()
	return emptyColumnMarkup(dir, name, "")
}

func TestColumnBlankWithoutMetaTags(t *testing.T) {
	var cols []*site.Page
	for i, n := range []string{"乡镇文件", "乡镇工作", "部门文件", "部门工作", "领导信息"} {
		cols = append(cols, emptyColumnPage(t, fmt.Sprintf("/gzjg/c%d/", i), n, ""))
	}
	fs := run(t, ColumnBlank{}, hSite(append([]*site.Page{hHome(nil)}, cols...)...))
	if len(fs) != 5 {
		t.Fatalf("want 5 blank columns, got %d: %+v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Severity != Veto || !strings.Contains(f.Evidence, "仅显示“此栏目暂无任何新增信息”") || !strings.Contains(f.Evidence, "共5个") {
			t.Errorf("finding = %s %s", f.Severity, f.Evidence)
		}
	}
	// A town's landing page whose menu leads to its sub-columns is not blank,
	// even where the menu points at the site's production host (a copy).
	menu := `<ul class="jgzy_menu"><li><a href="http://www.example.gov.cn/gzjg/town/xzjj/">乡镇简介</a></li>` +
		`<li><a href="http://www.example.gov.cn/gzjg/town/xzwj/">乡镇文件</a></li></ul>`
	town := emptyColumnPage(t, "/gzjg/town/", "安平镇", menu)
	if fs := run(t, ColumnBlank{}, hSite(hHome(nil), town, cols[0], cols[1])); len(fs) != 2 {
		t.Errorf("a landing page with sub-columns: %+v", fs)
	}
	// An empty list region with no text at all is blank too; a page that
	// only names itself (no list region) is not known to be a column.
	bare := strings.NewReplacer(" 此栏目暂无任何新增信息 ", "").Replace
	noList := site.Extract(hHost+"/gzjg/about/index.html", strings.Replace(pageHTML(t, "/gzjg/about/", "关于我们"),
		`<div class="news_list"><ul> 此栏目暂无任何新增信息 </ul>`, `<div class="article"><div>`, 1))
	noList.Status = 200
	empty := site.Extract(hHost+"/gzjg/e/index.html", bare(pageHTML(t, "/gzjg/e/", "部门动态")))
	empty.Status = 200
	if !empty.EmptyList {
		t.Fatalf("an empty <ul> in div.news_list is not an empty list")
	}
	if fs := run(t, ColumnBlank{}, hSite(hHome(nil), empty, noList)); len(fs) != 1 || fs[0].URL != empty.URL || fs[0].Severity != Deduct {
		t.Errorf("empty list region: %+v", fs)
	}
	// One column saying 暂无 is an explanation, not the template's text.
	if fs := run(t, ColumnBlank{}, hSite(hHome(nil), cols[0])); len(fs) != 1 || fs[0].Severity != Advice {
		t.Errorf("one column with a note: %+v", fs)
	}
}
