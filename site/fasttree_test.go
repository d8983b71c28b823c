package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// sameTree reports the first difference between the fast tree and
// html.Parse's: node types, names, namespaces, attributes in order,
// children in order, and the fast tree's links (parent, siblings, last
// child) consistent.
func sameTree(got, want *html.Node, path string) error {
	if got.Type != want.Type || got.Data != want.Data || got.DataAtom != want.DataAtom || got.Namespace != want.Namespace {
		return fmt.Errorf("%s: node %v %q (%v, ns %q), want %v %q (%v, ns %q)", path,
			got.Type, got.Data, got.DataAtom, got.Namespace, want.Type, want.Data, want.DataAtom, want.Namespace)
	}
	if len(got.Attr) != len(want.Attr) {
		return fmt.Errorf("%s: attributes %v, want %v", path, got.Attr, want.Attr)
	}
	for i := range got.Attr {
		if got.Attr[i] != want.Attr[i] {
			return fmt.Errorf("%s: attributes %v, want %v", path, got.Attr, want.Attr)
		}
	}
	g, w := got.FirstChild, want.FirstChild
	var prev *html.Node
	for i := 0; g != nil || w != nil; i++ {
		p := fmt.Sprintf("%s/%d", path, i)
		if g == nil || w == nil {
			return fmt.Errorf("%s: child present in one tree only (fast %v, parse %v)", p, g != nil, w != nil)
		}
		if g.Parent != got || g.PrevSibling != prev {
			return fmt.Errorf("%s: parent or previous sibling link wrong", p)
		}
		if err := sameTree(g, w, p+"("+w.Data+")"); err != nil {
			return err
		}
		prev = g
		g, w = g.NextSibling, w.NextSibling
	}
	if got.LastChild != prev {
		return fmt.Errorf("%s: last child link wrong", path)
	}
	return nil
}

// checkFastTree fails when fastTree builds a tree for doc that is not
// html.Parse's; it reports whether the fast path was taken.
func checkFastTree(t testing.TB, name, doc string) bool {
	t.Helper()
	got, tb, ok := fastTree(doc)
	if !ok {
		return false
	}
	defer tb.release()
	want, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("%s: fast tree built where html.Parse fails (%v)", name, err)
	}
	if err := sameTree(got, want, ""); err != nil {
		t.Fatalf("%s: fast tree differs from html.Parse's: %v", name, err)
	}
	return true
}

// corpusGroup names a corpus page's source: the shared real pages, each
// shared site copy, the repository's fixture trees, the bench site.
func corpusGroup(name string) string {
	parts := strings.Split(name, "/")
	switch {
	case strings.HasPrefix(name, "shared/realsites/") && len(parts) > 3:
		return strings.Join(parts[:3], "/")
	case strings.HasPrefix(name, "sitegen"):
		return "sitegen"
	case len(parts) > 2 && (parts[1] == "testdata" || parts[0] == "shared"):
		return strings.Join(parts[:2], "/")
	}
	return parts[0]
}

// TestFastTreeCorpus: on every HTML page at hand the fast tree is either
// given up or html.Parse's tree, node for node. The log gives the share of
// pages on the fast path per corpus.
func TestFastTreeCorpus(t *testing.T) {
	type tally struct{ fast, all int }
	by := map[string]*tally{}
	total := tally{}
	for _, pg := range extractCorpus(t) {
		g := corpusGroup(pg.name)
		if by[g] == nil {
			by[g] = &tally{}
		}
		by[g].all++
		total.all++
		if checkFastTree(t, pg.name, stripLeadingJunk(pg.html)) {
			by[g].fast++
			total.fast++
		} else if os.Getenv("FASTTREE_WHY") != "" {
			line := 0
			fastTreeTrace = func(l int) { line = l }
			fastTree(stripLeadingJunk(pg.html))
			fastTreeTrace = nil
			t.Logf("fallback at fasttree.go:%d: %s", line, pg.name)
		}
	}
	var groups []string
	for g := range by {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	for _, g := range groups {
		t.Logf("fast path %3d/%3d (%3.0f %%) %s", by[g].fast, by[g].all, 100*float64(by[g].fast)/float64(by[g].all), g)
	}
	t.Logf("fast path %3d/%3d (%3.0f %%) all pages", total.fast, total.all, 100*float64(total.fast)/float64(total.all))
}

// TestFastTreeCases pins the builder on the markup it must build (true)
// and on the markup it must give up (false).
func TestFastTreeCases(t *testing.T) {
	cases := []struct {
		doc  string
		fast bool
	}{
		{"", true},
		{"<!DOCTYPE html><html><head><title>t</title></head><body><p>a</p></body></html>", true},
		{"<!-- c --><!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html>\n<head>\n<meta charset=utf-8>\n<link rel=stylesheet href=a.css>\n<script>var a = '<b>';</script>\n<style>p{}</style>\n</head>\n<body>\n</body>\n</html>\n", true},
		{"<p>a<div>b</div>c</p>", true},                  // </p> without an open p
		{"<ul><li>a<li>b</ul><dl><dt>a<dd>b</dl>", true}, // implied ends
		{"<table><tr><td>a</td></tr></table>", true},     // implied tbody
		{"<table>\n<tr>\n<td>a<td>b\n<tr><td>c</table>", true},
		{"<p><table><tr><td>q</td></tr></table>", true},                       // quirks: the table stays in the p
		{"<!DOCTYPE html><p><table><tr><td>q</td></tr></table>", true},        // no quirks: the table closes the p
		{"a\x00b\r\nc<br/>d<div/>e", true},                                    // NUL, CR, self-closing syntax
		{"<a href=x href=y title='&amp;&lt;'>a</a>", true},                    // duplicate attribute, entities
		{"<b class=z id=a>a</b><font color=red size=2>b</font>", true},        // formatting elements sort their attributes
		{"</body>x</html>y<!--z-->", true},                                    // text after </body> and </html>
		{"<head></head> <meta name=a>\n<body>", true},                         // head elements after head
		{"<select><option>a<option>b</select><textarea>\nx</textarea>", true}, // select, textarea
		{"<pre>\nx</pre><form><input type=text></form>", true},
		{"<p><b>a</p>c", true},                                       // b reconstructed
		{"<p><font color=r>a</p><p>b</font>c<i>d<div>e</div>", true}, // clones, then closed
		{"<a>x<div>y</a>z</div>", true},                              // adoption agency with a furthest block
		{"<table>x<tr><td>a</td></tr></table>", true},                // foster parenting of text
		{"<p>a<table>&nbsp;<tr>b<td>c</td>d</tr></table>", true},     // joins the text before the table
		{"<table><div>a</div></table>", false},
		{"<table><tr><td><b><table><tr><td>x</b></table></table>", true},
		{"<table><b><tr><td>x</b>", false}, // the b is foster-parented
		{"<svg><circle/></svg>", false},
		{"<div><p>" + strings.Repeat("x", 100) + "<SVG></svg>", false}, // told by the scan before the build
		{"<template>a</template>", false},
		{"<frameset><frame src=a></frameset>", false},
		{"<table><caption>c<b>d</caption><tr><td>e</table>", true},
		{"<a>1<a>2", true},
		{"<ul><li><a href=1>x</li><li><a href=2>y</a></ul>", true}, // the unclosed a is reopened, then closed by the next
		{"<a>1<div><a>2</div>", true},                              // closing the first a needs the adoption agency
	}
	for _, c := range cases {
		if got := checkFastTree(t, fmt.Sprintf("%q", c.doc), c.doc); got != c.fast {
			t.Errorf("%q: fast path %v, want %v", c.doc, got, c.fast)
		}
	}
}

// FuzzFastTree: for any input the fast tree is given up or html.Parse's.
func FuzzFastTree(f *testing.F) {
	for _, s := range []string{
		"<!DOCTYPE html><html><head><title>t</title><meta name=a content=b></head><body><div class=x><p>a<b>b</b></div></body></html>",
		"<table><tr><td>a<td>b<tr><th>c</table><ul><li>1<li>2</ul>",
		"<p>a<p>b<h1>c</h1><hr><pre>\nx</pre></p>",
		"<select><option>a<optgroup><option>b</select><input><button>x<button>y",
		"<a href=1>x</a><font color=red><font color=red><font color=red>z</font></font></font>",
		"</br><image src=x></p><br/><div/>&amp;&#x4e2d;\x00\r\n",
		"<!doctype html public \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table></table>",
		"<html><head> <script>a</script> </head> <!--c--> <body>x</body> </html> y",
		"<dl><dt>a<dd>b<dt>c</dl><ruby>a<rt>b<rp>c</ruby><object><b>x</object>",
		"<table><colgroup><col><col></colgroup><thead><tr><td>a</thead><tbody><form><tr><td>b</td></tr></form></tbody></table>",
	} {
		f.Add(s)
	}
	// No whole page among the seeds: minimizing mutations of a 100 KB page
	// stalls the fuzzer, and TestFastTreeCorpus reads the pages.
	f.Fuzz(func(t *testing.T, doc string) {
		checkFastTree(t, "input", doc)
		if n := fastTreePanics.Load(); n != 0 {
			t.Fatalf("the builder panicked (%d)", n)
		}
	})
}

// checkRawTags fails when readRawTag reads a tag of doc other than
// Tokenizer.TagName and TagAttr do (what html.Parse sees).
func checkRawTags(t testing.TB, doc string) (read, asked int) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(doc))
	b := &treeBuilder{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return read, asked
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		b.tok = ftToken{}
		b.attrB = b.attrB[:0]
		raw := string(z.Raw())
		if !b.readRawTag(z.Raw(), tt == html.EndTagToken) {
			asked++
			continue
		}
		read++
		name, more := z.TagName()
		var want []html.Attribute
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			want = append(want, html.Attribute{Key: string(k), Val: string(v)})
		}
		if b.tok.name != string(name) || b.tok.atom != atom.Lookup(name) || len(b.tok.attr) != len(want) {
			t.Fatalf("%q: read %q %v, the tokenizer %q %v", raw, b.tok.name, b.tok.attr, name, want)
		}
		for i := range want {
			if b.tok.attr[i] != want[i] {
				t.Fatalf("%q: read %v, the tokenizer %v", raw, b.tok.attr, want)
			}
		}
	}
}

// TestRawTagCorpus: every tag of every corpus page reads as the tokenizer
// reads it; most are read from the raw bytes.
func TestRawTagCorpus(t *testing.T) {
	read, asked := 0, 0
	for _, pg := range extractCorpus(t) {
		r, a := checkRawTags(t, pg.html)
		read, asked = read+r, asked+a
	}
	t.Logf("%d tags read from their raw bytes, %d asked of the tokenizer", read, asked)
	if read < 10*asked {
		t.Errorf("only %d of %d tags read from their raw bytes", read, read+asked)
	}
}

func FuzzRawTag(f *testing.F) {
	for _, s := range []string{
		`<a href=x HREF=y title='t' =z data-x = "1"/>`, `<div/class=a/id=b>`, `<p a=/>`, `<input value= disabled>`,
		`</DIV foo=bar>`, `<img src="a b"alt=c>`, "<x\ty\fz\n=w>", `<a ===>`, `<a b='>'>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) { checkRawTags(t, doc) })
}

// TestFastTreeHTML5Lib runs the inputs of the html5lib tree-construction
// tests that x/net/html carries (its module's testdata, in the module
// cache) through the differential check: thousands of small documents
// made to hit every corner of the parsing algorithm.
func TestFastTreeHTML5Lib(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "golang.org/x/net").Output()
	if err != nil {
		t.Skipf("x/net's module directory: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "html", "testdata")
	files, _ := filepath.Glob(filepath.Join(dir, "html5lib-tests", "tree-construction", "*.dat"))
	more, _ := filepath.Glob(filepath.Join(dir, "go", "*.dat"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skipf("no html5lib tests under %s", dir)
	}
	fast, all := 0, 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, block := range strings.Split(string(b), "#data\n")[1:] {
			doc, _, ok := strings.Cut(block, "\n#errors")
			if !ok {
				continue
			}
			all++
			if checkFastTree(t, filepath.Base(f)+": "+fmt.Sprintf("%q", doc), doc) {
				fast++
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "go1.html")); err == nil {
		all++
		if checkFastTree(t, "go1.html", string(b)) {
			fast++
		}
	}
	t.Logf("fast path on %d of %d html5lib documents", fast, all)
}

// TestNeedsParse: the scan before the build sends the pages the builder
// would give up on anyway straight to html.Parse, and no other.
func TestNeedsParse(t *testing.T) {
	for doc, want := range map[string]bool{
		"<p>a</p>" + strings.Repeat("<div>x</div>", 20) + "<SVG viewBox='0 0 1 1'></svg>": true,
		"<math><mi>x</mi></math>":                                true,
		"<body><Template shadowrootmode=open></template>":        true,
		"<frameset><frame src=a></frameset>":                     true,
		"<p>svg, math, template</p><s>x</s><tt>y</tt><form><th>": false,
		"<":   false,
		"<sv": false,
	} {
		if got := needsParse(doc); got != want {
			t.Errorf("needsParse(%q) = %v, want %v", doc, got, want)
		}
	}
}

// TestFastTreeConcurrent: pages extracted at once, as a crawl's workers do,
// each get their own builder from the pool — every Page as when extracted
// alone (run with -race to see the pool's use too).
func TestFastTreeConcurrent(t *testing.T) {
	pages := extractCorpus(t)
	if len(pages) > 120 {
		pages = pages[len(pages)-120:]
	}
	want := make([]string, len(pages))
	for i, pg := range pages {
		want[i] = pageDigest(t, Extract(pg.url, pg.html))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4*len(pages))
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range pages {
				j := (i + w*31) % len(pages)
				p := Extract(pages[j].url, pages[j].html)
				b, _ := json.Marshal(p)
				h := sha256.Sum256(b)
				if hex.EncodeToString(h[:12]) != want[j] {
					errs <- pages[j].name
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for name := range errs {
		t.Errorf("%s: Page differs when extracted alongside other pages", name)
	}
}

// TestFastTreePanicFallsBack: a builder that panics costs the page its
// fast path, not the crawl; Extract's Page is html.Parse's.
func TestFastTreePanicFallsBack(t *testing.T) {
	const doc = "<p>a<table><div>b</div></table>"
	fastTreeTrace = func(int) { panic("a builder bug") }
	got := Extract("http://a.gov.cn/", doc)
	fastTreeTrace = nil
	if n := fastTreePanics.Swap(0); n != 1 {
		t.Errorf("%d panics counted, want 1", n)
	}
	referenceMode = true
	want := Extract("http://a.gov.cn/", doc)
	referenceMode = false
	if pageDigest(t, got) != pageDigest(t, want) {
		t.Errorf("Page after a panic differs from html.Parse's")
	}
}

// BenchmarkFastTree builds the trees of BenchmarkExtractSitegen's pages
// with html.Parse and with the fast tree: the part of extraction it
// replaces.
func BenchmarkFastTree(b *testing.B) {
	var pages []string
	for _, p := range extractCorpus(b) {
		if strings.HasPrefix(p.name, "sitegen/") {
			pages = append(pages, stripLeadingJunk(p.html))
		}
	}
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				html.Parse(strings.NewReader(p))
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, tb, ok := fastTree(p); ok {
					tb.release()
				}
			}
		}
	})
	b.Run("tokenizer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				z := html.NewTokenizer(strings.NewReader(p))
				for z.Next() != html.ErrorToken {
				}
			}
		}
	})
}
