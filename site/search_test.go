package site

import (
	"reflect"
	"testing"
)

func TestExtractSearchForm(t *testing.T) {
	tests := []struct {
		name, body string
		want       *SearchForm
	}{
		{"TRS GET form with hidden fields", `<form action="/search/index.html" method="get" target="_blank"><input type="hidden" name="siteid" value="12"><input name="searchword" placeholder="请输入关键字"><input type="submit" value="搜索"></form>`,
			&SearchForm{Action: "http://x.gov.cn/search/index.html", Method: "get", Param: "searchword", Fixed: "siteid=12"}},
		// 柘城 2018 (帝国CMS): a POST search.
		{"帝国 POST form", `<form id="searchform" method="post" action="http://www.zhecheng.gov.cn/e/search/index.php" onSubmit="return rrecheck()" name="searchform"><input name="keyboard" type="text" value=""><input type="hidden" name="show" value="title"><input type="submit" value=" "></form>`,
			&SearchForm{Action: "http://www.zhecheng.gov.cn/e/search/index.php", Method: "post", Param: "keyboard", Fixed: "show=title"}},
		{"short query name", `<form action="http://so.x.gov.cn/s"><input name="q"><button>搜索</button></form>`,
			&SearchForm{Action: "http://so.x.gov.cn/s", Method: "get", Param: "q"}},
		{"script box without a form", `<div class="ss"><input id="searchText" type="text"><a onclick="doSearch()">搜索</a></div>`,
			&SearchForm{Method: "script"}},
		{"form posting to javascript", `<form action="javascript:void(0)"><input name="keyword"></form>`, &SearchForm{Method: "script", Param: "keyword"}},
		// Not searches.
		{"login form", `<form action="/login"><input name="user"><input type="password" name="pw"><input type="submit" value="查询"></form>`, nil},
		{"message form", `<form action="/liuyan/save"><input name="title"><textarea name="content"></textarea></form>`, nil},
		{"poll form", `<form action="/vote"><input type="radio" name="opt" value="1"><input type="submit" value="投票"></form>`, nil},
		{"no search box", `<p>正文</p>`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Extract("http://x.gov.cn/", "<html><body>"+tt.body+"</body></html>")
			if !reflect.DeepEqual(p.Search, tt.want) {
				t.Errorf("Search = %+v, want %+v", p.Search, tt.want)
			}
		})
	}
}
