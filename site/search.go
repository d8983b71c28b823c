package site

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The 站内搜索 box: a form with one query box and the words of a search
// in its address, names or button (search, sousuo, 检索 …), or a query
// box outside any form, which a script submits. Login forms (a password)
// and message forms (a textarea) are not searches.

// searchWords mark a search in addresses, ids, names, classes and
// placeholders, lower-cased.
var searchWords = []string{"search", "sousuo", "jansearch", "fulltext", "query", "keyword", "searchword", "检索", "搜索", "查询"}

// searchNames are query-box names too short to find by substring.
var searchNames = map[string]bool{"q": true, "wd": true, "kw": true, "key": true, "ss": true, "sword": true, "word": true, "keys": true, "title": true}

func searchish(vals ...string) bool {
	for _, v := range vals {
		v = strings.ToLower(v)
		for _, w := range searchWords {
			if strings.Contains(v, w) {
				return true
			}
		}
	}
	return false
}

// searchForm is the form's search box, or nil when the form is no search.
func searchForm(form *html.Node) *SearchForm {
	var query *html.Node
	texts := 0
	fixed := url.Values{}
	word := searchish(attrOr(form, "action"), attrOr(form, "id"), attrOr(form, "name"), attrOr(form, "class"))
	seen := 0
	var visit func(n *html.Node) bool
	visit = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if seen++; seen > 400 {
				return true
			}
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Textarea:
				return false
			case atom.Input:
				typ := strings.ToLower(attrOr(c, "type"))
				name := attrOr(c, "name")
				switch typ {
				case "password", "file":
					return false
				case "hidden":
					if name != "" {
						fixed.Add(name, attrOr(c, "value"))
					}
				case "", "text", "search":
					texts++
					if query == nil && name != "" {
						query = c
					}
				case "submit", "button", "image":
					word = word || searchish(attrOr(c, "value"), attrOr(c, "alt"))
				}
			case atom.Button:
				word = word || searchish(attrOr(c, "class"), attrOr(c, "id")) || strings.Contains(textContent(c, 40), "搜") || strings.Contains(textContent(c, 40), "检索")
			}
			if !visit(c) {
				return false
			}
		}
		return true
	}
	if !visit(form) || query == nil || texts > 2 {
		return nil
	}
	name := attrOr(query, "name")
	word = word || searchNames[strings.ToLower(name)] || searchish(name, attrOr(query, "id"), attrOr(query, "class"), attrOr(query, "placeholder"))
	if !word {
		return nil
	}
	sf := &SearchForm{Action: attrOr(form, "action"), Method: strings.ToLower(attrOr(form, "method")), Param: name, Fixed: fixed.Encode()}
	if sf.Method != "post" {
		sf.Method = "get"
	}
	if a := strings.ToLower(sf.Action); a == "" || a == "#" || strings.HasPrefix(a, "javascript:") {
		sf.Method, sf.Action = "script", ""
	}
	return sf
}

// textContent is the first n bytes of an element's text.
func textContent(n *html.Node, max int) string {
	var b strings.Builder
	var f func(*html.Node)
	f = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < max; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(c.Data)
			}
			f(c)
		}
	}
	f(n)
	return b.String()
}

// searchElement looks at a form, or at a query box outside any form, for
// the page's first search box.
func (x *extractor) searchElement(n *html.Node) {
	if x.search != nil {
		return
	}
	switch n.DataAtom {
	case atom.Form:
		x.search = searchForm(n)
	case atom.Input:
		typ := strings.ToLower(attrOr(n, "type"))
		if typ != "" && typ != "text" && typ != "search" {
			return
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Form {
				return // the form's own judgement stands
			}
		}
		if searchish(attrOr(n, "name"), attrOr(n, "id"), attrOr(n, "class"), attrOr(n, "placeholder"), attrOr(n, "onkeydown"), attrOr(n, "onkeyup")) {
			x.search = &SearchForm{Method: "script"}
		}
	}
}

// resolveSearch makes the form's action absolute.
func (x *extractor) resolveSearch(p *Page, base *url.URL) {
	if x.search == nil {
		return
	}
	sf := *x.search
	if sf.Action != "" && base != nil {
		u, err := base.Parse(sf.Action)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			sf.Method, sf.Action = "script", ""
		} else {
			u.Fragment = ""
			sf.Action = intern(u.String())
		}
	}
	sf.Param, sf.Fixed = intern(sf.Param), intern(sf.Fixed)
	p.Search = &sf
}
