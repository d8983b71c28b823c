package site

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Hidden links (暗链): a link a visitor cannot see. The extractor notes,
// per element, why it is hidden — its inline style, a <style> rule for its
// id or class, or the hidden attribute — and children inherit it, so each
// anchor's Link.Hidden names the reason and the element that hid it
// ("display:none（div#hl）"). External style sheets are not read: a site
// hiding links there is missed, never wrongly accused.

// hideState is what an element passes on to its children.
type hideState struct {
	reason string // "" = visible
	bg     string // the background colour set inline or by a rule, for same-colour text
}

// hiddenOf works out n's state from its parent's. Cheap when n carries
// no style, class, id or hidden attribute (nearly every element).
func (x *extractor) hiddenOf(n *html.Node, parent hideState) hideState {
	if parent.reason != "" {
		return parent // hidden stays hidden whatever the children say
	}
	st := parent
	var style, class, id string
	hiddenAttr := false
	for _, a := range n.Attr {
		switch a.Key {
		case "style":
			style = a.Val
		case "class":
			class = a.Val
		case "id":
			id = a.Val
		case "hidden":
			hiddenAttr = true
		}
	}
	if style == "" && !hiddenAttr && (len(x.hideRules) == 0 || class == "" && id == "") {
		return st
	}
	if hiddenAttr && n.DataAtom != atom.Input {
		st.reason = "hidden"
	}
	// Rules first, then the inline style, which wins over them.
	if len(x.hideRules) > 0 {
		if id != "" {
			st = applyDecl(st, x.hideRules["#"+strings.TrimSpace(id)])
		}
		for c := range strings.FieldsSeq(class) {
			st = applyDecl(st, x.hideRules["."+c])
		}
	}
	if style != "" {
		st = applyDecl(st, parseDecl(style))
	}
	if st.reason != "" && parent.reason == "" {
		st.reason += "（" + elemLabel(n, id, class) + "）"
	}
	return st
}

// decl is what one declaration block says about visibility.
type decl struct {
	hide  string // reason, "" = none
	color string
	bg    string
	set   bool
}

func applyDecl(st hideState, d decl) hideState {
	if !d.set {
		return st
	}
	if d.bg != "" {
		st.bg = d.bg
	}
	if d.hide != "" {
		st.reason = d.hide
	} else if d.color != "" && st.bg != "" && d.color == st.bg {
		st.reason = "same-colour"
	}
	return st
}

// offScreenPx is how far off the page a positioned or indented element
// must sit to be out of sight (a hidden link is typically at -9999px; a
// dropdown nudged by -20px is not).
const offScreenPx = 500

// parseDecl reads the declarations that hide an element: display:none,
// visibility:hidden, a position far off-screen or a large negative
// text-indent, a zero font size or a zero box that clips, and the colours.
func parseDecl(s string) decl {
	var d decl
	var positioned, clips, zeroBox bool
	for part := range strings.SplitSeq(strings.ToLower(s), ";") {
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		d.set = true
		switch k {
		case "display":
			if v == "none" {
				d.hide = "display:none"
			}
		case "visibility":
			if v == "hidden" || v == "collapse" {
				d.hide = "visibility:hidden"
			}
		case "position":
			positioned = v == "absolute" || v == "fixed"
		case "left", "top", "right", "margin-left", "margin-top":
			if px, ok := cssPx(v); ok && px <= -offScreenPx {
				if k == "margin-left" || k == "margin-top" {
					d.hide = "off-screen"
				} else {
					if d.hide == "" {
						d.hide = "?off-screen" // confirmed below when positioned
					}
				}
			}
		case "text-indent":
			if px, ok := cssPx(v); ok && px <= -offScreenPx {
				d.hide = "off-screen"
			}
		case "font-size":
			if px, ok := cssPx(v); ok && px < 2 {
				d.hide = "font-size:" + v
			}
		case "width", "height", "max-height", "max-width":
			if px, ok := cssPx(v); ok && px == 0 {
				zeroBox = true
			}
		case "overflow":
			clips = v == "hidden"
		case "color":
			d.color = normColour(v)
		case "background-color":
			d.bg = normColour(v)
		case "background":
			if f := strings.Fields(v); len(f) == 1 {
				d.bg = normColour(f[0])
			}
		}
	}
	if d.hide == "?off-screen" {
		d.hide = ""
		if positioned {
			d.hide = "off-screen"
		}
	}
	if d.hide == "" && zeroBox && clips {
		d.hide = "zero-size"
	}
	if d.hide == "" && d.color != "" && d.color == d.bg {
		d.hide = "same-colour"
	}
	return d
}

// cssPx reads a length in px (or unitless, or em/pt roughly as px) from
// "-9999px"; ok is false for percentages, auto and anything else.
func cssPx(v string) (float64, bool) {
	num := strings.TrimRight(v, "abcdefghijklmnopqrstuvwxyz")
	unit := v[len(num):]
	switch unit {
	case "", "px", "pt", "em", "rem":
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil {
		return 0, false
	}
	if unit == "em" || unit == "rem" {
		f *= 16
	}
	return f, true
}

// normColour makes #fff and #ffffff and white one value.
func normColour(v string) string {
	v = strings.TrimSpace(v)
	switch v {
	case "white":
		return "#ffffff"
	case "black":
		return "#000000"
	case "", "transparent", "inherit", "initial", "none":
		return ""
	}
	if len(v) == 4 && v[0] == '#' {
		return string([]byte{'#', v[1], v[1], v[2], v[2], v[3], v[3]})
	}
	return v
}

// elemLabel names the element that hid a link, as a selector would.
func elemLabel(n *html.Node, id, class string) string {
	s := n.Data
	if id = strings.TrimSpace(id); id != "" {
		return s + "#" + id
	}
	if f := strings.Fields(class); len(f) > 0 {
		return s + "." + f[0]
	}
	return s
}

// maxHideRules bounds the rules kept from a page's <style> blocks.
const maxHideRules = 256

// styleRules keeps, from the text of one <style> element, the rules for
// a bare #id or .class (or tag#id, tag.class) that hide or colour an
// element. Compound and descendant selectors are left out: cheap, and
// where 暗链 are hidden by a page's own <style> they use a bare id/class.
func (x *extractor) styleRules(css string) {
	for len(css) > 0 && len(x.hideRules) < maxHideRules {
		open := strings.IndexByte(css, '{')
		if open < 0 {
			return
		}
		end := strings.IndexByte(css[open:], '}')
		if end < 0 {
			return
		}
		sels, body := css[:open], css[open+1:open+end]
		css = css[open+end+1:]
		if i := strings.LastIndex(sels, "*/"); i >= 0 {
			sels = sels[i+2:]
		}
		if strings.Contains(sels, "@") {
			continue // @media and the like: their inner rules are not read
		}
		d := parseDecl(body)
		if d.hide == "" && d.bg == "" && d.color == "" {
			continue
		}
		for sel := range strings.SplitSeq(sels, ",") {
			sel = strings.TrimSpace(sel)
			if i := strings.IndexAny(sel, "#."); i >= 0 && !strings.ContainsAny(sel, " >+~:[") && strings.IndexAny(sel[i+1:], "#.") < 0 {
				if x.hideRules == nil {
					x.hideRules = map[string]decl{}
				}
				x.hideRules[sel[i:]] = d
			}
		}
	}
}
