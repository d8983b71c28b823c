package checks

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gongkai/gongkai/site"
)

// How the service-guide rules read a 办事指南 (rules.md H1, A6): the page
// text is scanned for element labels (the canonical ten and their synonyms,
// exactly as H1 lists them); a label counts where it stands as a label —
// after a break, a number or a bracket, and before a colon or a break — so
// prose such as 「请携带申请材料到窗口」 is not one. Its value runs to the next
// label of any kind (extras such as 办理时限 included) or the footer.

// fsGuideElement is one canonical element and its printed labels.
type fsGuideElement struct {
	name   string
	labels []string
}

// fsGuideElements are the ten key element categories of 检查指标2019 with
// the synonyms of rules.md H1, in the order the indicators list them.
var fsGuideElements = []fsGuideElement{
	{"事项名称", []string{"事项名称", "服务事项", "名称"}},
	{"设定依据", []string{"设定依据", "实施依据", "法定依据", "法律依据", "办理依据", "政策依据"}},
	{"申请条件", []string{"申请条件", "受理条件", "办理条件", "准予条件", "申报条件"}},
	{"办理材料", []string{"办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料目录"}},
	{"办理地点", []string{"办理地点", "受理地点", "办公地址", "窗口地址"}},
	{"办理机构", []string{"办理机构", "实施机关", "实施主体", "受理机构", "责任部门"}},
	{"收费标准", []string{"收费标准", "收费依据", "是否收费", "不收费"}},
	{"办理时间", []string{"办理时间", "受理时间", "办公时间", "工作时间"}},
	{"联系电话", []string{"咨询电话", "联系电话", "监督投诉电话", "咨询方式"}},
	// A 流程图 is an image: the label alone shows the element.
	{"办理流程", []string{"办理流程", "办理程序", "办事流程", "流程图", "办理流程图", "办事流程图"}},
}

// fsGuideExtras are labels that are not key elements but end the value of
// the label before them.
var fsGuideExtras = []string{
	"办理时限", "法定时限", "承诺时限", "法定办结时限", "承诺办结时限", "结果送达", "送达方式", "表格下载",
	"网上办理入口", "在线办理", "常见问题", "基本信息", "事项类型", "事项编码", "服务对象", "办件类型",
	"审批结果", "办理结果", "结果名称", "到现场次数", "数量限制", "权力来源", "行使层级", "受理方式",
	"办理方式", "投诉电话", "监督电话", "备注", "相关附件", "附件下载", "温馨提示",
}

// fsGuideLabel maps every printed label to its element ("" for extras);
// fsGuideLabelList holds them longest first, so 办理流程图 wins over 办理流程.
var (
	fsGuideLabel     = map[string]string{}
	fsGuideLabelList []string
	// fsGuideLabelsBy holds fsGuideLabelList's labels by first rune, in
	// the list's order: a text is scanned rune by rune.
	fsGuideLabelsBy = map[rune][]string{}
)

func init() {
	for _, e := range fsGuideElements {
		for _, l := range e.labels {
			fsGuideLabel[l] = e.name
		}
	}
	for _, l := range fsGuideExtras {
		if _, ok := fsGuideLabel[l]; !ok {
			fsGuideLabel[l] = ""
		}
	}
	for l := range fsGuideLabel {
		fsGuideLabelList = append(fsGuideLabelList, l)
	}
	sort.Slice(fsGuideLabelList, func(i, j int) bool {
		a, b := fsGuideLabelList[i], fsGuideLabelList[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
	for _, l := range fsGuideLabelList {
		r, _ := utf8.DecodeRuneInString(l)
		fsGuideLabelsBy[r] = append(fsGuideLabelsBy[r], l)
	}
}

// fsGuideHit is one label occurrence with its value.
type fsGuideHit struct {
	label, element string
	start, end     int // the label in the text
	colon          bool
	value          string
}

// fsGuideValueStop ends a value: a footer marker.
var fsGuideValueStop = []string{"主办单位", "网站标识码", "版权所有", "ICP备", "网站地图"}

// fsTrailingEnum is a list number or bracket that opens the next label.
var fsTrailingEnum = regexp.MustCompile(`\s*(?:(?:第?[一二三四五六七八九十]+|\d+)\s*[、.．]|[(（]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|[【\[])\s*$`)

// fsGuideLabels finds the label occurrences of a text, in order.
func fsGuideLabels(text string) []fsGuideHit {
	var hits []fsGuideHit
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		labels := fsGuideLabelsBy[r]
		if r < 0x4e00 || len(labels) == 0 || !fsLabelStartOK(text, i) {
			i += size
			continue
		}
		matched := false
		for _, l := range labels {
			if !strings.HasPrefix(text[i:], l) {
				continue
			}
			end := i + len(l)
			colon, ok := fsLabelEndOK(text, end)
			if !ok {
				continue
			}
			hits = append(hits, fsGuideHit{label: l, element: fsGuideLabel[l], start: i, end: end, colon: colon})
			i = end
			matched = true
			break
		}
		if !matched {
			i += size
		}
	}
	for k := range hits {
		from := hits[k].end
		to := len(text)
		if k+1 < len(hits) {
			to = hits[k+1].start
		}
		v := strings.TrimLeft(text[from:to], " 】]")
		v = strings.TrimPrefix(strings.TrimPrefix(v, "："), ":")
		for _, stop := range fsGuideValueStop {
			if j := strings.Index(v, stop); j >= 0 {
				v = v[:j]
			}
		}
		// The next label's list number ("二、", "（三）", "【") is not this value.
		v = fsTrailingEnum.ReplaceAllString(v, "")
		hits[k].value = strings.TrimSpace(v)
	}
	return hits
}

// fsLabelStartOK: a label starts the text, or follows a break, a list number
// or a bracket ("一、办理地点", "（三）申请条件", "【收费标准】").
func fsLabelStartOK(text string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return r == ' ' || unicode.IsDigit(r) || strings.ContainsRune("、.．)）【】[]>》:：|·•", r)
}

// fsLabelEndOK: a label ends before a colon, a break, a closing bracket or
// the end of the text. It reports whether a colon follows.
func fsLabelEndOK(text string, end int) (colon, ok bool) {
	rest := text[end:]
	rest = strings.TrimLeft(rest, "】]")
	trimmed := strings.TrimLeft(rest, " ")
	if strings.HasPrefix(trimmed, "：") || strings.HasPrefix(trimmed, ":") {
		return true, true
	}
	return false, rest == "" || rest[0] == ' ' || len(rest) < len(text[end:])
}

// fsEmptyValues are values that say nothing; 「无」 is a real answer only for
// 收费标准 (rules.md H1).
var fsEmptyValues = map[string]bool{"无": true, "暂无": true, "空": true, "略": true, "待定": true, "待补充": true, "详见": true}

// fsValueEmpty reports whether a value is empty for element.
func fsValueEmpty(element, v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	})
	if v == "" {
		return true
	}
	if element == "收费标准" && (v == "无" || v == "暂无") {
		return false
	}
	return fsEmptyValues[v]
}

// fsGuideState is what a guide shows of one element.
type fsGuideState int

const (
	fsAbsent fsGuideState = iota // no label at all
	fsEmpty                      // a label with nothing after it
	fsPresent
)

// fsGuideResult is the reading of one guide page.
type fsGuideResult struct {
	state map[string]fsGuideState
	// labels is how many element labels were found (guide detection).
	labels int
	// stated is how many distinct elements stand as a label with a colon
	// or a value, and first where the first element label begins in the
	// text: a short guide in a service column is told by them.
	stated int
	first  int
	// unjudgeable: the labels are only tab or header names whose values are
	// rendered by scripts or sit in another row; nothing can be judged.
	unjudgeable bool
}

// missing lists the canonical elements absent or empty, in indicator order.
func (r fsGuideResult) missing() []string {
	var out []string
	for _, e := range fsGuideElements {
		if r.state[e.name] != fsPresent {
			out = append(out, e.name)
		}
	}
	return out
}

// fsReadGuide reads the elements of a guide's body text.
func fsReadGuide(text string) fsGuideResult {
	r := fsGuideResult{state: map[string]fsGuideState{}}
	hits := fsGuideLabels(text)
	// Runs of three or more colon-less labels with nothing between them are
	// tab bars or table headers: their values are elsewhere (script-loaded
	// tabs, the next table row), so they show presence only.
	header := make([]bool, len(hits))
	for i := 0; i < len(hits); {
		j := i
		for j < len(hits) && !hits[j].colon && hits[j].value == "" {
			j++
		}
		if j-i >= 3 {
			for k := i; k < j; k++ {
				header[k] = true
			}
		}
		if j == i {
			j++
		}
		i = j
	}
	judged, anyHeader := false, false
	stated := map[string]bool{}
	r.first = -1
	for i, h := range hits {
		if h.element == "" {
			continue
		}
		r.labels++
		if r.first < 0 {
			r.first = h.start
		}
		if !header[i] && (h.colon || !fsValueEmpty(h.element, h.value)) {
			stated[h.element] = true
		}
		st := fsEmpty
		switch {
		case header[i]:
			st, anyHeader = fsPresent, true
		case strings.Contains(h.label, "流程图"):
			st = fsPresent
		case !fsValueEmpty(h.element, h.value):
			st = fsPresent
			judged = true
		}
		if h.label == "不收费" {
			st, judged = fsPresent, true
		}
		if st > r.state[h.element] {
			r.state[h.element] = st
		}
	}
	// 「不收费」 or 「免费」 anywhere in a guide answers the fee question.
	if strings.Contains(text, "不收费") || strings.Contains(text, "不收取费用") || strings.Contains(text, "免费办理") {
		r.state["收费标准"] = fsPresent
	}
	r.unjudgeable = !judged && anyHeader
	r.stated = len(stated)
	return r
}

// fsShortGuideLead is how far (in bytes of text, ~60 characters) the first
// element label may stand after the page's title for a page in a service
// column with only two labels to be a guide: a guide opens with its
// elements, a news item tells its story first.
const fsShortGuideLead = 180

// fsShortGuide reports a guide that names only a few elements: a page in a
// service column that opens with two or more distinct element labels, each
// with a colon or a value.
func fsShortGuide(text, title string, r fsGuideResult) bool {
	if r.stated < 2 || r.first < 0 {
		return false
	}
	from := 0
	if title != "" {
		if i := strings.LastIndex(text[:r.first], title); i >= 0 {
			from = i + len(title)
		}
	}
	return r.first-from <= fsShortGuideLead
}

// fsGuideTitle: a page titled as a service guide (not the 政府信息公开指南).
func fsGuideTitle(title string) bool {
	if strings.Contains(title, "公开指南") || strings.Contains(title, "信息公开") {
		return false
	}
	return strings.Contains(title, "办事指南") || strings.Contains(title, "服务指南") || strings.HasSuffix(title, "指南")
}

// fsGuidePage is a recognised service guide.
type fsGuidePage struct {
	page   *site.Page
	title  string
	result fsGuideResult
}

// fsFindGuides returns the site's service guide pages: single documents in a
// 办事指南-class column or titled …指南, carrying element labels (three or more,
// or one or more when titled 办事指南, or two stated at the top of a page in a
// 办事指南-class column). Both service guide rules read the
// one list built per run.
func fsFindGuides(ctx *Context, s *site.Site) []fsGuidePage {
	return ctx.analyses(s).guides.get(func() []fsGuidePage { return fsBuildGuides(ctx, s) })
}

func fsBuildGuides(ctx *Context, s *site.Site) []fsGuidePage {
	var out []fsGuidePage
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		// Guide pages often carry only the column's <meta> tags, which make
		// IsColumn true; a list is told by its entries instead.
		if !isUsable(p) || p.NumItems() >= 3 {
			continue
		}
		class := classOf(ctx, p)
		if class == ColGuide || class == ColOnRequest {
			continue
		}
		title := fsDocTitle(p)
		titled := fsGuideTitle(title)
		if class != ColService && !titled {
			continue
		}
		text := bodyText(p)
		r := fsReadGuide(text)
		// A guide naming only two elements is an incomplete guide, not
		// an ordinary page: in a service column it is told by its shape.
		if r.labels >= 3 || titled && r.labels >= 1 || class == ColService && fsShortGuide(text, title, r) {
			out = append(out, fsGuidePage{page: p, title: title, result: r})
		}
	}
	return out
}
