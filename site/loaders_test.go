package site

import (
	"math/rand"
	"strings"
	"testing"
)

func TestScriptListMarker(t *testing.T) {
	badge := `document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript src='https://dcs.conac.cn/js/x.js'%3E%3C/script%3E"));`
	tests := []struct {
		name   string
		p      Page
		marker bool
	}{
		{"conac badge only", Page{ScriptText: badge}, false},
		{"visit counter ajax", Page{ScriptText: `$.ajax({url:'/count/visit.jsp?id=1',type:'post'});`}, false},
		{"no scripts", Page{}, false},
		{"TRS writeln with runtime url", Page{ScriptText: `var url = base + id; document.writeln("<li><a href='" + url + "'>" + t + "</a></li>");`}, true},
		{"hanweb jpage", Page{ScriptText: `$('#1').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp'})`}, true},
		{"hanweb jpage script src", Page{Scripts: []string{"http://x.gov.cn/module/jslib/jquery/jpage/jquery.page.min.js"}}, true},
		{"gkmlpt page", Page{URL: "http://x.gov.cn/gkmlpt/index"}, true},
		{"gkmlpt article is no list", Page{URL: "http://x.gov.cn/gkmlpt/content/0/1/post_1.html"}, false},
		{"ajax list", Page{ScriptText: `$.getJSON("/api/news/list?col=12", function(d){ render(d) })`}, true},
		{"vue app", Page{Scripts: []string{"http://x.gov.cn/static/js/chunk-vendors.1a2b.js"}}, true},
	}
	for _, tt := range tests {
		if got := ScriptListMarker(&tt.p); (got != "") != tt.marker {
			t.Errorf("%s: marker %q, want marker=%v", tt.name, got, tt.marker)
		}
	}
}

// mayCallAjax must hold wherever ajaxCallRe matches: it only spares the
// regexp on scripts that cannot match.
func TestMayCallAjaxCoversRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	pieces := []string{"$", ".", "ajax", "get", "post", "getjson", " ", "(", "fetch", "axios", "xmlhttprequest",
		"new", "vue", "createapp", "reactdom", "laypage", "x", "_", "\n", "document.write("}
	matched := 0
	for range 200000 {
		var b strings.Builder
		for range rng.Intn(8) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		if ajaxCallRe.MatchString(s) {
			matched++
			if !mayCallAjax(s) {
				t.Fatalf("ajaxCallRe matches %q but mayCallAjax says it cannot", s)
			}
		}
	}
	if matched < 1000 {
		t.Fatalf("only %d random scripts matched: the test proves little", matched)
	}
}
