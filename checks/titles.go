package checks

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// Titles: a page's title, its subject keys and whether it names a document
// or an interpretation.

// pageTitle is the document's own title: ArticleTitle, the metadata 名称,
// else the longest part of <title> (sites append or prepend their name).
func pageTitle(p *site.Page) string {
	if t := strings.TrimSpace(p.ArticleTitle()); t != "" {
		return t
	}
	if t := strings.TrimSpace(p.Fields()["名称"]); t != "" {
		return t
	}
	best := ""
	for _, part := range titleSplit.Split(p.Title, -1) {
		part = strings.TrimSpace(part)
		if utf8.RuneCountInString(part) > utf8.RuneCountInString(best) {
			best = part
		}
	}
	return best
}

var titleSplit = regexp.MustCompile(`\s*(?:_|\||｜|－|—|--|\s-\s)\s*`)

var (
	bookTitleRe = regexp.MustCompile(`《([^《》]{2,})》`)
	// docWrapperHead and docWrapperTail strip the 公文 frame around a
	// subject ("XX县人民政府关于印发…的通知"); interpHead and interpTail the
	// words of an interpretation's title. Longer words first.
	docWrapperHead = []string{"印发", "转发", "发布", "公布", "下发", "修订", "修改", "废止"}
	docWrapperTail = []string{"通知", "通告", "公告", "意见", "决定", "批复", "复函", "函", "报告", "请示", "公示"}
	interpHead     = []string{"一图读懂", "一图看懂", "一图了解", "政策解读", "图解", "图说", "解读"}
	interpTailList = []string{"解读材料", "解读稿", "政策解读", "政策问答", "答记者问", "一图读懂", "解读", "图解", "问答"}
)

// minKeyRunes keeps generic subjects (实施方案, 工作制度) out of matching.
const minKeyRunes = 6

// titleKeys returns the comparable subjects of a title: every 《…》 inside it,
// and the title with the 公文 or 解读 frame removed, without punctuation.
func titleKeys(title string) []string {
	var keys []string
	add := func(s string) {
		k := stripNoise(s)
		if utf8.RuneCountInString(k) < minKeyRunes {
			return
		}
		for _, e := range keys {
			if e == k {
				return
			}
		}
		keys = append(keys, k)
	}
	for _, m := range bookTitleRe.FindAllStringSubmatch(title, -1) {
		add(m[1])
		add(titleCore(m[1])) // 《关于加强耕地保护的意见》 → 加强耕地保护
	}
	add(titleCore(title))
	return keys
}

// titleCore strips the issuer ("XX县人民政府关于"), 印发/转发, the document
// type and any 解读 words: "示范县人民政府关于印发《X办法》的通知" → "X办法".
func titleCore(title string) string {
	t := normDocNumBrackets(title)
	// Drop the document's own 文号 ("（示府发〔2025〕5号）"); of a cited one
	// only the number goes, the words before it are part of the subject.
	for _, m := range findDocNums(t) {
		if m.ownNumber() {
			t = strings.Replace(t, m.num.Prefix, "", 1)
		}
	}
	t = docNumTail.ReplaceAllString(t, "")
	if i := strings.Index(t, "关于"); i >= 0 {
		t = t[i+len("关于"):]
	}
	t = quoteMarks.Replace(t)
	t = stripNoise(t)
	for range 3 {
		before := t
		t = trimPrefixAny(t, docWrapperHead)
		t = trimPrefixAny(t, interpHead)
		t = strings.TrimSuffix(trimSuffixAny(t, interpTailList), "的")
		t = strings.TrimSuffix(trimSuffixAny(t, docWrapperTail), "的")
		if t == before {
			break
		}
	}
	return t
}

var quoteMarks = strings.NewReplacer("《", "", "》", "", "“", "", "”", "", "\"", "")

// stripNoise removes spaces, punctuation and symbols.
func stripNoise(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, s)
}

func trimPrefixAny(s string, words []string) string {
	for _, w := range words {
		if strings.HasPrefix(s, w) {
			return s[len(w):]
		}
	}
	return s
}

func trimSuffixAny(s string, words []string) string {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return s[:len(s)-len(w)]
		}
	}
	return s
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

var docNumTail = regexp.MustCompile(`〔\d{4}〕\s*第?\s*\d+\s*号`)

// isInterpTitle reports whether a title names an interpretation rather than
// a document about interpretation work ("关于做好政策解读工作的通知").
func isInterpTitle(title string) bool {
	if !hasInterpWord(title) {
		return false
	}
	t := stripNoise(title)
	if interpStart.MatchString(t) || hasSuffixAny(t, interpTailList) {
		return true
	}
	return !docTypeTail.MatchString(t)
}

// docTitle reports a 公文 title ("…的通知", "…办法") without 解读 words.
func docTitle(title string) bool {
	return !hasInterpWord(title) && docTypeTail.MatchString(stripNoise(title))
}

// interpWords mark an interpretation's title or a link to one.
var interpWords = []string{"解读", "图解", "一图读懂", "一图看懂", "答记者问", "政策问答"}

func hasInterpWord(s string) bool {
	for _, w := range interpWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var (
	interpStart = regexp.MustCompile(`^(?:一图读懂|一图看懂|一图了解|图解|图说|解读)`)
	docTypeTail = regexp.MustCompile(`(?:通知|通告|意见|办法|决定|规定|方案|公告|批复|函|细则|规则|制度|纲要|规划|计划|报告|总结|要点|名单|安排|清单|目录|标准|预案|公示)$`)
)
