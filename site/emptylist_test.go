package site

import "testing"

func TestEmptyList(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       bool
	}{
		{"CMS list with its empty text", `<div class="news_list"><ul> 此栏目暂无任何新增信息 </ul><div class="pagediv" id="page_div"></div></div>`, true},
		{"bare empty ul.list", `<ul class="list"></ul>`, true},
		{"empty table#listTable", `<table id="listTable"><tbody></tbody></table>`, true},
		{"a list with entries", `<ul class="list"><li><a href="/a/t1.html">关于开展检查的通知</a><span>2025-01-02</span></li></ul>`, false},
		{"an empty menu", `<ul class="nav-list"></ul><div class="menuList"></div>`, false},
		{"an empty friend-links box", `<div class="linkList"></div>`, false},
		{"a list region full of text", `<div class="list">` + longText + `</div>`, false},
		{"no list region", `<div class="content"></div>`, false},
	} {
		p := Extract("http://www.a.gov.cn/col/", "<html><body>"+tc.body+"</body></html>")
		if p.EmptyList != tc.want {
			t.Errorf("%s: EmptyList = %v, want %v", tc.name, p.EmptyList, tc.want)
		}
	}
}

const longText = "本栏目介绍本单位的主要职能、内设机构和联系方式，包括办公地址、办公时间和联系电话，以及领导分工和工作规则等内容。" +
	"本栏目介绍本单位的主要职能、内设机构和联系方式。"
