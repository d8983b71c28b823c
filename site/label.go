package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// labelSynonyms maps each canonical metadata label to the labels real
// metadata tables print for it (rules.md §5.1, C4). Decisions:
//   - 成文日期 also takes 生成日期 (条例第十二条's term, 连云港/万载) and
//     发文日期: on 宿迁, 怒江 and 宜春 it is the only document date and sits in
//     the slot other templates call 成文日期 (宜春's markup even names it
//     "scrq", 生成日期). The printed label is kept in Page.MetadataLabels so a
//     rule can say which field it used.
//   - 发布机构 also takes 责任部门: 万载 prints it in the slot whose markup is
//     "ReleaseMechanism" and that 宜春 labels 发布机构.
//   - 主题分类 takes 分类, 组配分类 (浙江/安徽 catalogue class), 信息分类 and
//     主题导航; when a page has two of them the first printed wins.
//   - 公开时限 and 公开目录 are kept under their own names: they are not
//     required fields but must end the value before them.
var labelSynonyms = map[string][]string{
	"索引号":  {"索引号", "索引", "信息索引号"},
	"主题分类": {"主题分类", "分类", "组配分类", "信息分类", "主题导航", "所属分类", "主题类别"},
	"发布机构": {"发布机构", "发布机关", "发布单位", "发文机关", "发文机构", "发文单位", "责任部门", "发布部门"},
	"成文日期": {"成文日期", "生成日期", "发文日期", "形成日期", "成文时间", "发文时间"},
	"名称":   {"名称", "标题", "信息名称", "文件名称", "文件标题"},
	"文号":   {"文号", "发文字号", "文件编号", "发布文号", "发文文号", "文件字号", "发文号"},
	"发布日期": {"发布日期", "公开日期", "发布时间", "公布日期"},
	"主题词":  {"主题词", "关键词", "关键字"},
	"有效性":  {"有效性", "时效", "时效性", "效力状态", "是否有效"},
	"公开方式": {"公开方式", "公开形式"},
	"公开范围": {"公开范围"},
	"公开时限": {"公开时限"},
	"公开目录": {"公开目录"},
	"内容概述": {"内容概述", "内容概要", "内容摘要", "摘要"},
	"来源":   {"来源", "信息来源", "文章来源"},
	"统一编号": {"统一编号", "统一登记号", "登记号"},
}

// strongLabels are fields only a 政府信息公开 metadata table has; a news
// byline has 来源 and 发布日期 too, so those alone don't make a table.
var strongLabels = map[string]bool{
	"索引号": true, "主题分类": true, "发布机构": true, "成文日期": true, "文号": true,
	"有效性": true, "公开方式": true, "公开范围": true, "统一编号": true, "公开时限": true,
}

// stopLabels are labels that are not metadata fields but often share a line
// with them ("来源：… 访问量：199"); they end the value before them.
var stopLabels = []string{
	"访问量", "访问次数", "浏览次数", "浏览量", "点击数", "点击量", "阅读次数", "阅读量",
	"作者", "编辑", "责任编辑", "审核", "校对", "录入", "供稿", "发布人",
	"字号", "字体", "分享到", "更新时间", "更新日期", "体裁分类", "服务对象",
	"文件下载", "附件", "相关附件",
}

// canonicalOf maps a normalised printed label to its canonical label.
var canonicalOf = func() map[string]string {
	m := make(map[string]string)
	for canon, syns := range labelSynonyms {
		for _, s := range syns {
			m[s] = canon
		}
	}
	return m
}()

// maxLabelRunes bounds the printed label length, so only short strings are
// ever normalised and looked up.
const maxLabelRunes = 6

// knownLabel holds every printed label, metadata and stop labels alike;
// "" for stop labels.
var knownLabel = func() map[string]string {
	m := make(map[string]string, len(canonicalOf)+len(stopLabels))
	for _, s := range stopLabels {
		m[s] = ""
	}
	for s, c := range canonicalOf {
		m[s] = c
	}
	return m
}()

// labelBefore finds a label ending right before a colon at b[colon]: up to
// maxLabelRunes runes, spaces between them allowed ("索 引 号："), longest
// first so 发布日期 wins over a shorter overlap. Text reaches it with every
// space already an ASCII space (see extractor.text). It returns the label's
// start and its normalised form.
func labelBefore(b []byte, lo, colon int) (start int, printed string, ok bool) {
	var runes [maxLabelRunes]rune
	var starts [maxLabelRunes]int
	n := 0
	i := colon
	for i > 0 && b[i-1] == ' ' { // "索引号 ："
		i--
	}
	for n < maxLabelRunes && i > lo {
		r, size := utf8.DecodeLastRune(b[lo:i])
		if r == ' ' {
			i -= size
			continue
		}
		if r < utf8.RuneSelf || !unicode.Is(unicode.Han, r) {
			break
		}
		i -= size
		runes[n], starts[n] = r, i
		n++
	}
	for k := n; k >= 2; k-- {
		var sb strings.Builder
		for j := k - 1; j >= 0; j-- {
			sb.WriteRune(runes[j])
		}
		if _, ok := knownLabel[sb.String()]; ok {
			return starts[k-1], sb.String(), true
		}
	}
	return 0, "", false
}

// labelFirstRune holds the first rune of every known label.
var labelFirstRune = func() map[rune]bool {
	m := make(map[rune]bool)
	for s := range canonicalOf {
		r, _ := utf8.DecodeRuneInString(s)
		m[r] = true
	}
	return m
}()

// CanonicalLabel maps a metadata label as printed on a page ("索 引 号：",
// "「发文日期」", "发文字号:") to its canonical label (索引号, 成文日期, 文号 …).
// It ignores every kind of space, 「」【】[] and full- and half-width colons.
func CanonicalLabel(label string) (canonical string, ok bool) {
	n := normalizeLabel(label)
	if n == "" {
		return "", false
	}
	c, ok := canonicalOf[n]
	return c, ok
}

// normalizeLabel strips what varies between templates around the same label.
func normalizeLabel(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
		case strings.ContainsRune("「」【】[]：:*＊﹕", r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// labelText reports whether a short text is exactly one label (with or
// without its colon) and returns the canonical label and the normalised
// printed one.
func labelText(s string) (canon, printed string, ok bool) {
	if len(s) > 4*maxLabelRunes*3 { // cheap bound before normalising
		return "", "", false
	}
	// Cheap filter: every label starts with one of a few runes.
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(s, " 「【[*＊"))
	if !labelFirstRune[r] {
		return "", "", false
	}
	p := normalizeLabel(s)
	if p == "" || utf8.RuneCountInString(p) > maxLabelRunes {
		return "", "", false
	}
	c, ok := canonicalOf[p]
	return c, p, ok
}
