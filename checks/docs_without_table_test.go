package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/site"
)

// realDocPage is a 政府文件 page in the markup of a real county portal (帝国CMS
// template): a breadcrumb, a 发布日期/来源/作者 line and no metadata table; the
// 文号 and the 主送 line are in the body.
func realDocPage(t *testing.T, u, crumb, title, num, to, body string) *site.Page {
	t.Helper()
	html := fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%[2]s</title></head><body>
<div class="container curmb_box"><div class="curmb"> 当前位置：
<a href="/index.html">首页</a>&nbsp;>&nbsp;<a href="/xxgk/">信息公开</a>&nbsp;>&nbsp;<a href="/xxgk/xxgkml/">政府信息公开目录</a>&nbsp;>&nbsp;%[1]s
</div></div>
<div class="container"><div class="content clearfix">
<h1 class="content_title">%[2]s</h1><h2 class="content_subtitle"></h2>
<div class="content_attr"><span class="time">发布日期：<b>2018-06-28 17:40:23</b></span>
<span class="ly">来源：<b> 政府办秘书科</b></span> <span class="ly">作者：<b>赵丹</b></span></div>
<div class="content_article" id="zoomcon"><p class="MsoNormal" align="center"><span>%[3]s</span></p>
<p><span>%[4]s</span></p><p><span>%[5]s</span></p><p align="right"><span>2018年6月14日</span></p></div>
</div></div>
<div class="footer">主办单位：示范县人民政府办公室 网站标识码：4114240001</div></body></html>`, crumb, title, num, to, body)
	p := site.Extract(u, html)
	p.Status = 200
	return p
}

const (
	zzbCrumb  = `<a href="/xxgk/xxgkml/zfwj/">政府文件</a>&nbsp;>&nbsp;<a href="/xxgk/xxgkml/zfwj/xzfwj/">县政府文件</a>&nbsp;>&nbsp;<a href="/xxgk/xxgkml/zfwj/xzfwj/zzb/">示政办</a>`
	newsCrumb = `<a href="/ywdt/">要闻动态</a>&nbsp;>&nbsp;<a href="/ywdt/xzdt/">乡镇动态</a>`
	allBodies = "各乡（镇）人民政府、街道办事处，县人民政府各部门："
)

func TestDocumentsWithoutMetadataTable(t *testing.T) {
	tests := []struct {
		name                  string
		crumb, title, num, to string
		metadata, interp      bool // want doc-metadata-incomplete, interp-missing
	}{
		{"a county office's 管理办法 to every body", zzbCrumb, "示范县人民政府办公室关于印发示范县县长质量奖管理办法的通知",
			"示政办 〔 2018 〕 44 号", allBodies, true, true},
		{"a plan (方案) is a document but not normative", zzbCrumb, "示范县人民政府办公室关于印发示范县儿童福利三级服务体系实施方案的通知",
			"示政办 〔 2018 〕 32 号", allBodies, true, false},
		{"a 管理办法 addressed to one body is not a general rule", zzbCrumb, "示范县人民政府办公室关于印发县城区停车场管理办法的通知",
			"示政办 〔 2018 〕 45 号", "县住房和城乡建设局：", true, false},
		{"a province's document reposted", zzbCrumb, "河南省人民政府办公厅关于印发河南省质量奖管理办法的通知",
			"豫政办 〔 2018 〕 30 号", "各省辖市、省直管县（市）人民政府，省人民政府各部门：", true, false},
		{"a news item in a 动态 column quoting a 文号", newsCrumb, "城关镇召开质量奖申报动员会",
			"示政办 〔 2018 〕 44 号", "全镇企业负责人参加会议。", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := realDocPage(t, "http://x.gov.cn/xxgk/xxgkml/zfwj/xzfwj/zzb/2018-07-11/6361.html", tt.crumb, tt.title, tt.num, tt.to,
				"《办法》已经县政府同意，现印发给你们，请认真贯彻执行。")
			s := siteOf(p)
			fs := runCtx(t, ctxAt("2018-07-27"), DocMetadataIncomplete{}, s)
			if got := len(fs) == 1; got != tt.metadata {
				t.Errorf("doc-metadata-incomplete: %+v, want %v", fs, tt.metadata)
			} else if got && !strings.Contains(fs[0].Evidence, "索引号、发布机构、成文日期") {
				t.Errorf("evidence %q", fs[0].Evidence)
			}
			fs = runCtx(t, ctxAt("2018-07-27"), InterpMissing{}, s)
			if got := len(fs) == 1; got != tt.interp {
				t.Errorf("interp-missing: %+v, want %v", fs, tt.interp)
			} else if got && !strings.Contains(fs[0].Evidence, "管理办法") {
				t.Errorf("evidence %q", fs[0].Evidence)
			}
		})
	}
	// With its interpretation in the 政策解读 column, nothing is missing.
	doc := realDocPage(t, "http://x.gov.cn/xxgk/xxgkml/zfwj/xzfwj/zzb/2018-07-11/6361.html", zzbCrumb,
		"示范县人民政府办公室关于印发示范县县长质量奖管理办法的通知", "示政办 〔 2018 〕 44 号", allBodies, "现印发给你们。")
	jd := &site.Page{URL: "http://x.gov.cn/xxgk/zcjd/1.html", Status: 200, Title: "《示范县县长质量奖管理办法》政策解读", Column: "政策解读",
		Text: "《示范县县长质量奖管理办法》政策解读 一、背景依据", Published: site.Date{Time: day("2018-06-29"), Source: site.SourceText}}
	if fs := runCtx(t, ctxAt("2018-07-27"), InterpMissing{}, siteOf(doc, jd)); len(fs) != 0 {
		t.Errorf("interpreted document reported: %+v", fs)
	}
}
