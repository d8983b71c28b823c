package checks

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// WordingSerious reports misspelt fixed political phrases and state-organ
// names, and organ names the 2018 reform abolished used in content
// published after the change (rules.md A7 (1)). A dictionary cannot judge
// meaning, so every finding is 疑似 and needs a human's confirmation.
type WordingSerious struct{}

// wordingGraceMonths is the months after a reform before an old organ name counts.
var wordingGraceMonths = Threshold{Key: "wording_grace_months", Default: 6, Min: 1, Max: 60, Unit: "个月",
	field: func(t *config.Thresholds) int { return t.WordingGraceMonths }}

var wordingSeriousMeta = Meta{
	ID:          "wording-serious",
	Name:        "严重表述错误",
	Description: "检查页面中是否有严重表述错误：重要政治词语、机关名称写错（如“中华人民共合国”），或机构改革后仍使用已撤销的机构名称（如“国土资源局”），即为疑似问题，需人工确认。",
	Severity:    Veto,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“安全、泄密事故等严重问题”第1项：严重表述错误",
	Advice:      "人工核实所引语句：确属错误的，立即更正页面内容（固定政治表述、机构名称以权威文本为准，机构改革后应使用新机构名称，提及旧机构时注明“原”），并建立发布前审校机制。",
	Summary: "疑似, needs human confirmation: a curated dictionary (checks/data/wording.json, with sources) of misspelt fixed political phrases and organ names " +
		"(中华人民共合国, 实是求是, 人民检查院 …: each entry tested never to match its correct form), and organ names abolished in the 2018 机构改革 " +
		"(国土资源局 → 自然资源局, 卫生和计划生育委员会 → 卫生健康委员会 …) in content published after the change at the organ's level " +
		"(national 2018-03-17, provincial 2018-12-31, city/county 2019-03-31 [I]) plus a grace period (thresholds.wording_grace_months, default 6 [I]), " +
		"judged by the page's own publication date; a page without a date, a document written (成文日期, 文号 year) before the change, a name marked 原/现/更名, " +
		"inside 《》 or in a sentence about the reform is not judged; one finding per page quoting the sentence (at most 3), a sentence the template repeats reported once",
	Thresholds: []Threshold{wordingGraceMonths},
	Recheck:    Recheck{Mode: RecheckPage},
}

// Meta describes the rule.
func (WordingSerious) Meta() Meta { return wordingSeriousMeta }

//go:embed data/wording.json
var wordingJSON []byte

// wordingData is checks/data/wording.json.
type wordingData struct {
	Reform struct {
		Name  string `json:"name"`
		Dates []struct {
			Level  string `json:"level"`
			Date   string `json:"date"`
			Source string `json:"source"`
		} `json:"dates"`
		Renamed []wordingTerm `json:"renamed"`
	} `json:"reform"`
	Misspellings []struct {
		Wrong string `json:"wrong"`
		Right string `json:"right"`
	} `json:"misspellings"`
}

// wordingTerm is one abolished organ name.
type wordingTerm struct {
	Old   string `json:"old"`
	New   string `json:"new"`
	Level string `json:"level"` // national, province, local, or prefix: read from the words before it
	// NotFollowedBy and NotPrecededBy are words that make the match part
	// of another word (农业部门, 企业文化部).
	NotFollowedBy []string `json:"not_followed_by"`
	NotPrecededBy []string `json:"not_preceded_by"`
}

// wordingDict is the parsed dictionary, with the reform dates by level.
type wordingDict struct {
	data  wordingData
	dates map[string]time.Time
	terms []wordingTerm // longest first, so 国家卫生计生委 wins over 卫生计生委
	// match finds, in one pass, which terms (indices 0..len(terms)-1)
	// and misspellings (len(terms)+i) a text holds.
	match *multiMatcher
}

var wordingDictionary = func() *wordingDict {
	d := &wordingDict{dates: map[string]time.Time{}}
	if err := json.Unmarshal(wordingJSON, &d.data); err != nil {
		panic("checks/data/wording.json: " + err.Error()) // embedded: a test catches it
	}
	for _, x := range d.data.Reform.Dates {
		t, err := time.ParseInLocation("2006-01-02", x.Date, site.Shanghai)
		if err != nil {
			panic("checks/data/wording.json: date " + strconv.Quote(x.Date))
		}
		d.dates[x.Level] = t
	}
	d.terms = append(d.terms, d.data.Reform.Renamed...)
	sort.SliceStable(d.terms, func(i, j int) bool { return len(d.terms[i].Old) > len(d.terms[j].Old) })
	var words []string
	for _, t := range d.terms {
		words = append(words, t.Old)
	}
	for _, m := range d.data.Misspellings {
		words = append(words, m.Wrong)
	}
	d.match = newMultiMatcher(words)
	return d
}()

// levelName is the Chinese name of a reform level.
func wordingLevelName(level string) string {
	switch level {
	case "national":
		return "中央和国家机关"
	case "province":
		return "省级"
	}
	return "市县"
}

// wordingHit is one suspect wording on a page.
type wordingHit struct {
	term, right, sentence, note string
}

// Check reads the body text of every dated content page.
func (r WordingSerious) Check(ctx *Context, s *site.Site) []Finding { return checkPages(ctx, s, r) }

// wordingPass holds each page's suspect wordings (pages[i] for
// s.Pages[i]).
type wordingPass struct {
	s     *site.Site
	ok    func(*site.Page) bool
	grace int
	pages []*wordingPage
}

// wordingPage is a page with suspect wordings: the hits and what a finding
// quotes of the page, read while the page was.
type wordingPage struct {
	hits  []wordingHit
	title string
	pub   string // the publication date's label and day, "" without one
}

// Pass starts a run over s.
func (WordingSerious) Pass(ctx *Context, s *site.Site) PagePass {
	return &wordingPass{s: s, ok: usableIn(ctx, s), grace: wordingGraceMonths.value(ctx), pages: make([]*wordingPage, len(s.Pages))}
}

// Visit looks for the dictionary in one content page's text.
func (w *wordingPass) Visit(v PageView) {
	if !w.ok(v.Page) || !v.Page.IsContent() {
		return
	}
	dict, p := wordingDictionary, v.Read
	text := bodyText(p)
	present := dict.match.present(text)
	if !slices.Contains(present, true) {
		return // nothing of the dictionary: most pages
	}
	wp := &wordingPage{hits: dict.misspelt(text, present)}
	if pub, ok := publishedDate(p); ok {
		wp.hits = append(wp.hits, dict.abolished(p, text, pub.t, w.grace, present)...)
		wp.pub = pub.label + ymd(pub.t)
	}
	if len(wp.hits) > 0 {
		wp.title = pageTitle(p)
		w.pages[v.I] = wp
	}
}

// Findings reports each page's wordings, a template's sentence once.
func (w *wordingPass) Findings() []Finding {
	type found struct {
		p *site.Page
		*wordingPage
	}
	var pages []found
	sentencePages := map[string]int{}
	seen := map[string]bool{}
	for i, p := range w.s.Pages {
		if !w.ok(p) || !p.IsContent() || seen[p.FinalOrURL()] {
			continue
		}
		seen[p.FinalOrURL()] = true
		wp := w.pages[i]
		if wp == nil {
			continue
		}
		counted := map[string]bool{}
		for _, h := range wp.hits {
			if !counted[h.sentence] {
				counted[h.sentence] = true
				sentencePages[h.sentence]++
			}
		}
		pages = append(pages, found{p: p, wordingPage: wp})
	}
	// A sentence on many pages is the template's (a sidebar, a footer
	// note): it is reported once, on the first page, with the count.
	reported := map[string]bool{}
	var out []Finding
	for _, fp := range pages {
		var terms, quotes []string
		termSeen := map[string]bool{}
		for _, h := range fp.hits {
			if reported[h.sentence] {
				continue
			}
			if sentencePages[h.sentence] >= 3 {
				reported[h.sentence] = true
			}
			if !termSeen[h.term] {
				termSeen[h.term] = true
				terms = append(terms, fmt.Sprintf("“%s”（应为“%s”%s）", h.term, h.right, h.note))
			}
			if len(quotes) < 3 {
				q := "“" + h.sentence + "”"
				if n := sentencePages[h.sentence]; n >= 3 {
					q += fmt.Sprintf("（共%d个页面含此句）", n)
				}
				quotes = append(quotes, q)
			}
		}
		if len(terms) == 0 {
			continue
		}
		p := fp.p
		ev := "原句：" + strings.Join(quotes, "；")
		if fp.pub != "" {
			ev = fp.pub + "；" + ev
		}
		out = append(out, Finding{
			URL:      p.URL,
			Title:    fp.title,
			Column:   p.Column,
			Message:  "疑似严重表述错误，需人工核实：" + strings.Join(terms, "；") + "。",
			Evidence: ev + "。",
		})
	}
	return out
}

// misspelt finds the dictionary's misspellings in text.
func (d *wordingDict) misspelt(text string, present []bool) []wordingHit {
	var out []wordingHit
	for k, m := range d.data.Misspellings {
		if !present[len(d.terms)+k] {
			continue
		}
		if i := strings.Index(text, m.Wrong); i >= 0 {
			out = append(out, wordingHit{term: m.Wrong, right: m.Right, sentence: sentenceAround(text, i, i+len(m.Wrong))})
		}
	}
	return out
}

// abolished finds organ names abolished before pub (the reform date of the
// organ's level plus grace months) that the text uses as current names.
func (d *wordingDict) abolished(p *site.Page, text string, pub time.Time, grace int, present []bool) []wordingHit {
	national := d.dates["national"]
	if pub.Before(national.AddDate(0, grace, 0)) {
		return nil // before the earliest change: nothing can be stale
	}
	// A document written before the reform and reposted later keeps its
	// names: its 成文日期 or its own 文号 year tells.
	written := time.Time{}
	if w, ok := writtenDate(p); ok {
		written = w.t
	}
	docYear := 0
	for _, f := range []func() (docNum, bool){
		func() (docNum, bool) { return metadataDocNum(p) },
		func() (docNum, bool) { return titleDocNum(pageTitle(p)) },
		func() (docNum, bool) { return standaloneDocNum(text) },
	} {
		if n, ok := f(); ok {
			if y, err := strconv.Atoi(n.Year); err == nil {
				docYear = y
				break
			}
		}
	}
	var out []wordingHit
	var covered [][2]int
	for k, t := range d.terms {
		if !present[k] {
			continue
		}
		for off := 0; off < len(text); {
			i := strings.Index(text[off:], t.Old)
			if i < 0 {
				break
			}
			start, end := off+i, off+i+len(t.Old)
			off = end
			if overlaps(covered, start, end) || !wordingBounded(text, start, end, t) {
				continue
			}
			covered = append(covered, [2]int{start, end})
			level := t.Level
			if level == "prefix" {
				level = wordingPrefixLevel(text[:start])
			}
			change, ok := d.dates[level]
			if !ok {
				continue
			}
			if pub.Before(change.AddDate(0, grace, 0)) ||
				!written.IsZero() && written.Before(change) ||
				docYear > 0 && docYear < change.Year() {
				continue
			}
			if wordingHistorical(text, start, end) {
				continue
			}
			out = append(out, wordingHit{term: t.Old, right: t.New, sentence: sentenceAround(text, start, end),
				note: fmt.Sprintf("，%s机构改革已于%s前完成", wordingLevelName(level), ymd(change))})
			break // one quote per name and page
		}
	}
	return out
}

func overlaps(spans [][2]int, start, end int) bool {
	for _, s := range spans {
		if start < s[1] && s[0] < end {
			return true
		}
	}
	return false
}

// wordingBounded reports whether the match is the organ name, not part of
// another word (农业部门, 国土资源部分, 企业文化部).
func wordingBounded(text string, start, end int, t wordingTerm) bool {
	for _, w := range t.NotFollowedBy {
		if strings.HasPrefix(text[end:], w) {
			return false
		}
	}
	for _, w := range t.NotPrecededBy {
		if strings.HasSuffix(text[:start], w) {
			return false
		}
	}
	return true
}

// wordingPrefixLevel reads an organ's level from the words before its name:
// 国家卫生计生委 is national, 河南省卫生计生委 provincial, anything else
// (县卫生计生委, a bare name) local — the latest date, so the safest.
func wordingPrefixLevel(before string) string {
	switch {
	case strings.HasSuffix(before, "国家"):
		return "national"
	case strings.HasSuffix(before, "省"), strings.HasSuffix(before, "自治区"), strings.HasSuffix(before, "省人民政府"),
		strings.HasSuffix(before, "北京市"), strings.HasSuffix(before, "天津市"),
		strings.HasSuffix(before, "上海市"), strings.HasSuffix(before, "重庆市"):
		return "province"
	}
	return "local"
}

// wordingReformWords in a sentence mean it speaks of the reform itself, so
// the old name is history.
var wordingReformWords = []string{"机构改革", "更名", "组建", "不再保留", "划入", "划转", "整合", "撤销", "挂牌", "前身", "转隶", "改革前"}

// wordingHistorical reports a mention of the old organ as history: 原国土资源局,
// 国土资源局（现自然资源局）, a document title in 《》, a sentence about the reform.
func wordingHistorical(text string, start, end int) bool {
	s, e := sentenceBounds(text, start, end)
	sentence := text[s:e]
	if piiContainsAny(sentence, wordingReformWords) {
		return true
	}
	before := text[s:start]
	if o := strings.LastIndex(before, "《"); o >= 0 && !strings.Contains(before[o:], "》") {
		return true
	}
	after := strings.TrimLeft(text[end:e], " ")
	for _, w := range []string{"（现", "(现", "（今", "(今", "（已", "(已", "现为", "现已"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	// 原 before the name and its place prefix (原柘城县国土资源局), not 原则/原来.
	if o := strings.LastIndex(before, "原"); o >= 0 {
		between := before[o+len("原"):]
		next, _ := utf8.DecodeRuneInString(between)
		if utf8.RuneCountInString(between) <= 12 && !strings.ContainsRune("则来因始本先理告件文创", next) &&
			strings.IndexFunc(between, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) < 0 {
			return true
		}
	}
	return false
}

// sentenceDelims end a sentence in page text. Not spaces: CMSs put them
// inside sentences (“关于 2018 年…”); quotes are cut at 40 runes instead.
const sentenceDelims = "。！？；!?;\n"

// sentenceBounds is the sentence around text[start:end], as byte offsets.
func sentenceBounds(text string, start, end int) (int, int) {
	s := strings.LastIndexAny(text[:start], sentenceDelims)
	if s < 0 {
		s = 0
	} else {
		_, n := utf8.DecodeRuneInString(text[s:])
		s += n // past the delimiter, whole: 。 is three bytes
	}
	e := strings.IndexAny(text[end:], sentenceDelims)
	if e < 0 {
		e = len(text)
	} else {
		e += end
	}
	return s, e
}

// sentenceAround quotes the sentence around text[start:end], at most 40
// runes either side of the match: never the whole page.
func sentenceAround(text string, start, end int) string {
	s, e := sentenceBounds(text, start, end)
	head, tail := text[s:start], text[end:e]
	if r := []rune(head); len(r) > 40 {
		head = "…" + string(r[len(r)-40:])
	}
	if r := []rune(tail); len(r) > 40 {
		tail = string(r[:40]) + "…"
	}
	return strings.TrimSpace(head + text[start:end] + tail)
}
