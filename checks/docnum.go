package checks

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// 文号 (document numbers): found in titles, metadata and text, and parsed.

// docNum is a 文号 such as 示府办规〔2025〕3号.
type docNum struct {
	Prefix string // issuer code: 示府办规
	Year   string
	Num    string // without leading zeros
}

func (d docNum) String() string {
	if d.Year == "" {
		return ""
	}
	return d.Prefix + "〔" + d.Year + "〕" + d.Num + "号"
}

// normative reports whether the 文号 is one of a 规章 or 行政规范性文件: the
// issuer code of such documents ends in 规 (X府规, X府办规, X政规, X财规).
func (d docNum) normative() bool { return strings.HasSuffix(d.Prefix, "规") }

// national reports whether the 文号 is the State Council's (国发, 国办发 …).
func (d docNum) national() bool {
	switch d.Prefix {
	case "国发", "国办发", "国函", "国办函", "国发明电", "国办发明电", "国令":
		return true
	}
	return false
}

var (
	// docNumBracket normalises the year brackets of a 文号: 〔〕 [ ] 【】 （）.
	docNumBracket = regexp.MustCompile(`[\[［【（(〔﹝]\s*((?:19|20)\d{2})\s*[\]］】）)〕﹞]`)
	docNumRe      = regexp.MustCompile(`(\p{Han}+)\s*〔((?:19|20)\d{2})〕\s*第?\s*(\d{1,5})\s*号`)
	// docNumAt is docNumRe matched only at the start of its input.
	docNumAt = regexp.MustCompile(`^` + docNumRe.String())
	// citeWords open a sentence that cites another document's 文号.
	citeWords = []string{"根据", "依据", "按照", "贯彻", "落实", "转发", "印发", "关于", "执行", "参照", "依照", "废止", "同时", "原", "经"}
)

// docNumMatch is one 文号 found in a string, with its surroundings.
type docNumMatch struct {
	num          docNum
	before       rune // rune before the match, 0 at the start
	after        rune // rune after the match, 0 at the end
	prefixRunes  int
	citationLike bool
}

// findDocNums returns every 文号 in s (brackets normalised first): the
// matches of docNumRe.FindAllStringSubmatchIndex on the normalised text.
// Whole bodies pass here, so the regexp is only tried where a match can
// start: each match holds one 〔 and begins in the run of Han characters
// before it (after the previous match), and ends at the first 号 after it.
func findDocNums(s string) []docNumMatch {
	if !strings.Contains(s, "号") {
		return nil
	}
	n := normDocNumBrackets(s)
	var out []docNumMatch
	prevEnd, hao := 0, -1 // end of the last match; the first 号 at or after off
	for off := 0; ; {
		i := strings.Index(n[off:], "〔")
		if i < 0 {
			break
		}
		c := off + i
		off = c + len("〔")
		if !strings.HasPrefix(n[off:], "19") && !strings.HasPrefix(n[off:], "20") {
			continue
		}
		if hao < off {
			j := strings.Index(n[off:], "号")
			if j < 0 {
				break
			}
			hao = off + j
		}
		q := c // \s* before 〔
		for q > prevEnd && isRESpace(n[q-1]) {
			q--
		}
		x := q // (\p{Han}+) before that
		for x > prevEnd {
			r, size := utf8.DecodeLastRuneInString(n[prevEnd:x])
			if !unicode.Is(unicode.Han, r) {
				break
			}
			x -= size
		}
		if x == q {
			continue
		}
		m := docNumAt.FindStringSubmatchIndex(n[x : hao+len("号")])
		if m == nil {
			continue
		}
		for k := range m {
			m[k] += x
		}
		prevEnd = m[1]
		off = max(off, prevEnd)
		if dm, ok := docNumMatchAt(n, m); ok {
			out = append(out, dm)
		}
	}
	return out
}

// docNumMatchAt builds the match of docNumRe's submatch indexes m in n; a
// number of only zeros is no 文号.
func docNumMatchAt(n string, m []int) (docNumMatch, bool) {
	prefix := n[m[2]:m[3]]
	num := strings.TrimLeft(n[m[6]:m[7]], "0")
	if num == "" {
		return docNumMatch{}, false
	}
	dm := docNumMatch{num: docNum{Prefix: prefix, Year: n[m[4]:m[5]], Num: num}, prefixRunes: utf8.RuneCountInString(prefix)}
	if m[0] > 0 {
		dm.before, _ = utf8.DecodeLastRuneInString(n[:m[0]])
	}
	if m[1] < len(n) {
		dm.after, _ = utf8.DecodeRuneInString(n[m[1]:])
	}
	for _, w := range citeWords {
		if strings.HasPrefix(prefix, w) {
			dm.citationLike = true
			break
		}
	}
	return dm, true
}

// isRESpace is \s of Go's regexp.
func isRESpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r'
}

// normDocNumBrackets is docNumBracket.ReplaceAllString(s, "〔$1〕") without
// the regexp: an opening bracket, \s*, a year 19xx or 20xx, \s*, a closing
// bracket become 〔year〕. s itself is returned when nothing changes.
func normDocNumBrackets(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '[' && c != '(' && c != 0xE3 && c != 0xEF {
			continue // the opening brackets begin with one of these bytes
		}
		w := bracketAt(s[i:], "[［【（(〔﹝")
		if w == 0 {
			continue
		}
		j := i + w
		for j < len(s) && isRESpace(s[j]) {
			j++
		}
		if j+4 > len(s) || !(s[j:j+2] == "19" || s[j:j+2] == "20") || !isASCIIDigit(s[j+2]) || !isASCIIDigit(s[j+3]) {
			continue
		}
		year := s[j : j+4]
		j += 4
		for j < len(s) && isRESpace(s[j]) {
			j++
		}
		cw := bracketAt(s[j:], "]］】）)〕﹞")
		if cw == 0 {
			continue
		}
		if b.Len() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString("〔")
		b.WriteString(year)
		b.WriteString("〕")
		last = j + cw
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// bracketAt returns the length of the bracket of set that s starts with, or 0.
func bracketAt(s, set string) int {
	// The brackets are ASCII or begin with byte E3 or EF.
	if s == "" || !(s[0] < utf8.RuneSelf && strings.IndexByte(set, s[0]) >= 0 || s[0] == 0xE3 || s[0] == 0xEF) {
		return 0
	}
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || !strings.ContainsRune(set, r) {
		return 0
	}
	return size
}

func isASCIIDigit(b byte) bool { return '0' <= b && b <= '9' }

// ownNumber reports whether a match looks like a document's own 文号 rather
// than a citation inside a sentence: a short issuer code, not opened by
// 根据/转发…, and not running on into more text ("…5号文件精神").
func (m docNumMatch) ownNumber() bool {
	if m.citationLike || m.prefixRunes < 2 || m.prefixRunes > 8 {
		return false
	}
	if m.before == '《' || m.before == '“' {
		return false
	}
	startBounded := m.before == 0 || m.before == ' '
	endBounded := m.after == 0 || !unicode.Is(unicode.Han, m.after)
	return endBounded || startBounded
}

// metadataDocNum reads the 文号 field: "无", "-" or an unparseable value
// give no number.
func metadataDocNum(p *site.Page) (docNum, bool) {
	v := p.Fields()["文号"]
	for _, m := range findDocNums(v) {
		d := m.num
		if r := []rune(d.Prefix); len(r) > 10 {
			d.Prefix = string(r[len(r)-10:])
		}
		return d, true
	}
	return docNum{}, false
}

// titleDocNum finds the document's own 文号 in its title.
func titleDocNum(title string) (docNum, bool) {
	for _, m := range findDocNums(title) {
		if m.ownNumber() {
			return m.num, true
		}
	}
	return docNum{}, false
}

// standaloneDocNum finds a 文号 printed on its own in the body (the line
// under the title of a 公文): bounded by spaces, short issuer code.
func standaloneDocNum(text string) (docNum, bool) {
	for _, m := range findDocNums(text) {
		if !m.citationLike && m.prefixRunes >= 2 && m.prefixRunes <= 8 &&
			(m.before == 0 || m.before == ' ') && (m.after == 0 || m.after == ' ') {
			return m.num, true
		}
	}
	return docNum{}, false
}
