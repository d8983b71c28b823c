package checks

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// DocDuplicate reports a document published twice in one column: two
// content pages with the same title and the same text, or the same 文号.
type DocDuplicate struct{}

var docDuplicateMeta = Meta{
	ID:          "doc-duplicate",
	Name:        "重复发布",
	Description: "检查同一栏目内是否重复发布同一篇文章：标题相同且正文相同（忽略日期和数字），或标题和文号都相同，即为重复发布。转载到其他栏目、解读稿和同一页面的不同网址不算重复。",
	// No confirmed deduction in rules.md; inspectors list 重复发布 among
	// content-quality problems. [I]
	Severity: Advice,
	Basis:    "《政府网站发展指引》（国办发〔2017〕47号）信息发布要求（内容准确、栏目规范，避免重复发布）",
	Advice:   "删除重复发布的页面，保留一条（如需更正，在原页面修改），并检查栏目列表中是否仍有重复条目。",
	Summary: "two content pages in the same column (column name and URL folder, dates and ids ignored) with the same title and the same text " +
		"(dates, times and numbers ignored), or the same title and the same own 文号; one finding per copy naming the other page. " +
		"A repost in another column, an interpretation, list pages and URL variants of one page are not duplicates",
	Recheck: Recheck{Reason: "重复发布需同时抓取两个页面比对，请重新扫描全站"},
}

// Meta describes the rule.
func (DocDuplicate) Meta() Meta { return docDuplicateMeta }

// ddMinContent is how many letters a page must hold after its title to be
// compared by text: pages that are only a title, a player or a picture say
// too little to call two of them the same.
const ddMinContent = 80

// ddPage is one candidate page.
type ddPage struct {
	p     *site.Page
	title string
	num   string // own 文号, if any
	text  []rune // letters of the text, digits and punctuation dropped
	body  int    // letters after the title
}

// ddColumnKey is where a page is listed: its column name and its URL folder
// without the parts that hold dates or ids (/2018-07-11/, /202506/).
func ddColumnKey(p *site.Page) string {
	u := p.FinalOrURL()
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	dir := path.Dir(u)
	var keep []string
	for _, seg := range strings.Split(dir, "/") {
		if strings.IndexFunc(seg, unicode.IsDigit) < 0 {
			keep = append(keep, seg)
		}
	}
	return strings.TrimSpace(p.Column) + "|" + strings.Join(keep, "/")
}

// ddLetters keeps the letters of a text: dates, times, view counts and
// spacing differ between two copies of one document.
func ddLetters(s string) []rune {
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		if unicode.IsLetter(r) {
			out = append(out, r)
		}
	}
	return out
}

// sameText reports whether two texts differ only in a few letters: what is
// left between their common beginning and end.
func sameText(a, b []rune) bool {
	n := min(len(a), len(b))
	pre := 0
	for pre < n && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < n-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	diff := max(len(a), len(b)) - pre - suf
	return diff <= max(10, max(len(a), len(b))/100)
}

// Check groups content pages by column and title and compares each group.
func (DocDuplicate) Check(ctx *Context, s *site.Site) []Finding {
	usable := usableIn(ctx, s)
	home := homepage(s)
	groups := map[string][]*site.Page{}
	var keys []string
	for _, p := range s.Pages {
		if p == home || !usable(p) || !p.IsContent() || p.IsColumn() || p.NumItems() >= 3 {
			continue
		}
		t := pageTitle(p)
		k := stripNoise(t)
		if utf8.RuneCountInString(k) < minKeyRunes || isInterpTitle(t) {
			continue
		}
		// The whole <title> too: a consultation split by topic
		// (「…征集--劳动就业」「…征集--社会保障」) shares its text, not its title.
		k = ddColumnKey(p) + "|" + k + "|" + stripNoise(p.Title)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], p)
	}
	sort.Strings(keys)
	var out []Finding
	for _, k := range keys {
		ps := groups[k]
		if len(ps) < 2 {
			continue
		}
		out = append(out, ddGroup(ps)...)
	}
	return out
}

// ddGroup compares the pages of one column with one title: each page that
// repeats an earlier one is a finding naming the earlier page.
func ddGroup(ps []*site.Page) []Finding {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Published.Time, ps[j].Published.Time
		if !a.Equal(b) {
			return a.Before(b)
		}
		return ps[i].URL < ps[j].URL
	})
	cands := make([]ddPage, 0, len(ps))
	seen := map[string]bool{}
	for _, p := range ps {
		nu := normalizeForFingerprint(p.FinalOrURL())
		if seen[nu] {
			continue // the same page under another address (index.html and /)
		}
		seen[nu] = true
		c := ddPage{p: p, title: pageTitle(p)}
		if n, ok := metadataDocNum(p); ok {
			c.num = n.String()
		} else if n, ok := titleDocNum(c.title); ok {
			c.num = n.String()
		}
		c.text = ddLetters(bodyText(p))
		c.body = len(c.text)
		if tl := ddLetters(c.title); len(tl) > 0 {
			if i := lastRunes(c.text, tl); i >= 0 {
				c.body = len(c.text) - i - len(tl)
			}
		}
		cands = append(cands, c)
	}
	var out []Finding
	dup := make([]bool, len(cands))
	for j := 1; j < len(cands); j++ {
		for i := 0; i < j; i++ {
			if dup[i] {
				continue
			}
			a, b := cands[i], cands[j]
			why := ""
			switch {
			case a.num != "" && a.num == b.num:
				why = "标题和文号“" + a.num + "”相同"
			case a.body >= ddMinContent && b.body >= ddMinContent && sameText(a.text, b.text):
				why = "标题和正文相同"
			default:
				continue
			}
			dup[j] = true
			out = append(out, ddFinding(b, a, why))
			break
		}
	}
	return out
}

// lastRunes is the index of the last occurrence of sub in s, or -1.
func lastRunes(s, sub []rune) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		match := true
		for k := range sub {
			if s[i+k] != sub[k] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

func ddFinding(copyOf, orig ddPage, why string) Finding {
	date := func(p *site.Page) string {
		if p.Published.IsZero() {
			return "未标注"
		}
		return p.Published.String()
	}
	col := copyOf.p.Column
	where := "同一栏目"
	if col != "" {
		where = "栏目“" + col + "”"
	}
	return Finding{
		URL:       copyOf.p.URL,
		Title:     copyOf.title,
		Column:    col,
		Message:   fmt.Sprintf("《%s》在%s重复发布：与 %s %s。", copyOf.title, where, orig.p.URL, why),
		Evidence:  fmt.Sprintf("本页 %s（发布日期 %s）；先发布的页面 %s（发布日期 %s）；%s。", copyOf.p.URL, date(copyOf.p), orig.p.URL, date(orig.p), why),
		Referrers: []string{orig.p.URL},
		Subject:   normalizeForFingerprint(orig.p.URL),
	}
}
