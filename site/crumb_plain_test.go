package site

import (
	"strings"
	"testing"
)

// A trail written as plain text, without links, must not swallow the page
// (it once took the whole body as the trail and the footer as the column,
// and the list was lost: a full column would have looked blank).
func TestPlainTextBreadcrumb(t *testing.T) {
	page := `<html><head><title>通知公告</title></head><body><div class="header">示范县</div>
<div>当前位置：首页 &gt; 通知公告</div>
<ul class="list"><li><a href="./202511/t20251120_3.html">通知三</a><span>2025-11-20</span></li>
<li><a href="./202510/t20251020_2.html">通知二</a><span>2025-10-20</span></li>
<li><a href="./202509/t20250920_1.html">通知一</a><span>2025-09-20</span></li></ul>
<div class="footer">主办单位：示范县人民政府办公室</div></body></html>`
	p := Extract("http://x.gov.cn/tzgg/index.html", page)
	if strings.Join(p.Breadcrumb, ">") != "首页>通知公告" || p.Column != "通知公告" || len(p.Items) != 3 {
		t.Errorf("breadcrumb %q, column %q, %d items", p.Breadcrumb, p.Column, len(p.Items))
	}
	// An article whose trail ends with its own title keeps the column before it.
	art := Extract("http://x.gov.cn/tzgg/202511/t20251120_3.html", `<html><head><title>关于开展防汛演练的通知</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; 关于开展防汛演练的通知</div><p>正文</p></body></html>`)
	if art.Column != "通知公告" {
		t.Errorf("article column = %q", art.Column)
	}
}
