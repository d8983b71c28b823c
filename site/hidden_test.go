package site

import "testing"

// Each way of hiding an anchor is recorded with the element that hid it;
// shown links, and links also shown elsewhere on the page, are not hidden.
func TestExtractHiddenLinks(t *testing.T) {
	const page = `<html><head><style>
#hl { display:none }
.far{position:absolute;left:-9999px}
.white { color:#fff }
.menu li:hover ul { display:block }
</style></head><body>
<div id="hl"><a href="http://a.example/">澳门赌场</a></div>
<div class="far"><a href="http://b.example/">b</a></div>
<div style="DISPLAY: none"><a href="http://c.example/">c</a></div>
<p style="visibility:hidden"><a href="http://d.example/">d</a></p>
<div style="position:absolute; top:-1200px"><a href="http://e.example/">e</a></div>
<div style="font-size:0px"><a href="http://f.example/">f</a></div>
<div style="height:0;overflow:hidden"><a href="http://g.example/">g</a></div>
<div style="background:#ffffff"><a class="white" href="http://h.example/">h</a></div>
<div hidden><a href="http://i.example/">i</a></div>
<span style="text-indent:-5000px"><a href="http://j.example/">j</a></span>
<div style="position:relative;left:-20px"><a href="http://k.example/">k</a></div>
<div style="display:block"><a href="http://l.example/">l</a></div>
<div style="display:none"><a href="/shown.html">x</a></div><a href="/shown.html">x</a>
<div style="color:#fff"><a href="http://m.example/">m</a></div>
<div style="opacity:0.7"><a href="http://n.example/">n</a></div>
</body></html>`
	p := Extract("http://x.gov.cn/", page)
	want := map[string]string{
		"http://a.example/":          "display:none（div#hl）",
		"http://b.example/":          "off-screen（div.far）",
		"http://c.example/":          "display:none（div）",
		"http://d.example/":          "visibility:hidden（p）",
		"http://e.example/":          "off-screen（div）",
		"http://f.example/":          "font-size:0px（div）",
		"http://g.example/":          "zero-size（div）",
		"http://h.example/":          "same-colour（a.white）",
		"http://i.example/":          "hidden（div）",
		"http://j.example/":          "off-screen（span）",
		"http://k.example/":          "",
		"http://l.example/":          "",
		"http://x.gov.cn/shown.html": "",
		"http://m.example/":          "",
		"http://n.example/":          "",
	}
	got := map[string]string{}
	for _, l := range p.Links {
		got[l.URL] = l.Hidden
	}
	for u, w := range want {
		if g, ok := got[u]; !ok || g != w {
			t.Errorf("%s: Hidden = %q (found %v), want %q", u, g, ok, w)
		}
	}
}
