package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/site"
)

// GrassrootsCatalogueMissing reports a county or 乡镇 government site without
// its 基层政务公开标准目录, or whose catalogue's areas have empty columns
// (rules.md G1). Judged only from 2021: 国办发〔2019〕54号 gave 基层政府
// until the end of 2020.
type GrassrootsCatalogueMissing struct{ usesVocabulary } // reads siteVocabulary: gathered in the page pass

var grassrootsCatalogueMissingMeta = Meta{
	ID:          "grassroots-catalogue-missing",
	Name:        "基层政务公开标准目录缺失",
	Description: "检查县（区）和乡镇（街道）政府网站是否公开基层政务公开标准目录：找不到标准目录即扣分；县级网站有目录但26个试点领域的栏目全部为空且未说明的扣分，没有对应栏目的提示疑似。",
	Severity:    Deduct, // [I] rules.md gives no deduction figure
	Basis:       "《国务院办公厅关于全面推进基层政务公开标准化规范化工作的指导意见》（国办发〔2019〕54号）：基层政府对照26个试点领域基层政务公开标准指引，于2020年底前编制完成本级政务公开事项标准目录",
	Advice:      "编制并在政府网站公布本级政务公开事项标准目录（26个试点领域），按目录设置领域栏目并发布信息；确不涉及的领域在栏目中说明（或在站点配置 not_applicable 中注明）。",
	Summary: "a government site of a county (县、区、旗; a 县级市 by profile level: county) or a 乡镇/街道 (profile level: town) — departments are not judged — " +
		"as of 2021-01-01 or later (calendar/law grassroots-catalogue): no column, page title or link named 基层政务公开标准目录/政务公开事项标准目录/标准目录/重点领域信息公开 (deduct); " +
		"on a county site with a catalogue, the 26 areas (重大建设项目 … 公共法律服务) whose columns are all empty without a note (deduct) " +
		"or that have no column by name at all (疑似, advice); profile not_applicable names areas that do not apply.",
	Recheck: Recheck{Reason: recheckSite},
}

// Meta describes the rule.
func (GrassrootsCatalogueMissing) Meta() Meta { return grassrootsCatalogueMissingMeta }

// grArea is one of the 26 试点领域 and the words its columns are named by.
type grArea struct {
	name  string
	words []string
}

var grAreas = []grArea{
	{"重大建设项目", []string{"重大建设项目", "重大项目", "建设项目"}},
	{"公共资源交易", []string{"公共资源交易", "招标投标", "招投标"}},
	{"财政预决算", []string{"预决算", "财政预算", "财政决算", "财政资金"}},
	{"安全生产", []string{"安全生产"}},
	{"税收管理", []string{"税收"}},
	{"征地补偿", []string{"征地"}},
	{"国有土地上房屋征收与补偿", []string{"房屋征收"}},
	{"农村危房改造", []string{"危房改造"}},
	{"城市综合执法", []string{"综合执法", "城市管理"}},
	{"扶贫", []string{"扶贫", "脱贫", "乡村振兴"}},
	{"救灾", []string{"救灾"}},
	{"社会救助", []string{"社会救助"}},
	{"养老服务", []string{"养老"}},
	{"户籍管理", []string{"户籍"}},
	{"涉农补贴", []string{"涉农补贴", "惠农补贴"}},
	{"就业", []string{"就业"}},
	{"社会保险", []string{"社会保险", "社保"}},
	{"环境保护", []string{"环境保护", "生态环境", "环保"}},
	{"公共文化服务", []string{"公共文化"}},
	{"医疗卫生", []string{"医疗卫生", "卫生健康"}},
	{"食品药品监管", []string{"食品药品"}},
	{"城乡规划", []string{"城乡规划", "规划"}},
	{"保障性住房", []string{"保障性住房", "保障房", "住房保障"}},
	{"义务教育", []string{"义务教育", "教育"}},
	{"市政服务", []string{"市政"}},
	{"公共法律服务", []string{"公共法律", "法律服务"}},
}

// grCatalogueName is how a site names the catalogue.
var grCatalogueName = regexp.MustCompile(`基层政务公开|公开事项标准目录|政务公开标准目录|标准目录|重点领域信息公开|重点领域公开`)

var (
	grCounty = regexp.MustCompile(`(?:县|区|旗)人民政府$|(?:县|区|旗)政府$|(?:县|区|旗)人民政府门户网站$`)
	grTown   = regexp.MustCompile(`(?:乡|镇)人民政府$|(?:乡|镇)政府$|街道办事处$|街道$`)
)

// grassrootsLevel is "county" or "town" for a 基层政府 site, else "": the
// profile's level, else the site name; departments are not 基层政府 sites.
func grassrootsLevel(ctx *Context, s *site.Site) string {
	if siteBody(ctx, s) != bodyGovernment {
		return ""
	}
	if l := ctx.profile().Level; l != "" {
		return l
	}
	n := strings.Join(strings.Fields(siteNameOf(ctx, s)), "")
	switch {
	case grTown.MatchString(n):
		return "town"
	case grCounty.MatchString(n):
		return "county"
	}
	return ""
}

// siteVocabulary is every short name the site shows that a rule asks
// about: column names, breadcrumbs, titles of pages and link texts of links
// that work, each with where it was seen. Rules about a column's presence
// read it.
func siteVocabulary(ctx *Context, s *site.Site) map[string]string {
	return ctx.analyses(s).vocabulary.get(func() map[string]string {
		broken := brokenLinks(s)
		isUsable := usableIn(ctx, s)
		out := map[string]string{}
		for _, p := range s.Pages {
			if isUsable(p) {
				pageVocabulary(p, broken, func(n, u string) {
					if _, seen := out[n]; !seen {
						out[n] = u
					}
				})
			}
		}
		return out
	})
}

// vocabularyWords holds every word of the matchers rules pass to
// vocabularyHas: the vocabulary keeps only names containing one. Every
// short link text is a name — most are article titles — and keeping them
// all held ~10 MB at 100,000 pages (issue 7's bound). A rule that asks
// the vocabulary something new adds its words here.
var vocabularyWords = newWordSet(literalWords(edSection), literalWords(edPowers), literalWords(grCatalogueName), grAreaWords())

func grAreaWords() []string {
	var words []string
	for _, a := range grAreas {
		words = append(words, a.words...)
	}
	return words
}

// brokenLinks is the set of link targets that failed.
func brokenLinks(s *site.Site) map[string]bool {
	broken := map[string]bool{}
	for _, r := range s.Resources {
		if r.ErrClass != "" {
			broken[r.URL] = true
		}
	}
	return broken
}

// pageVocabulary calls add with each column name a usable page shows and
// where it was seen, in the order siteVocabulary takes them.
func pageVocabulary(p *site.Page, broken map[string]bool, add func(n, u string)) {
	try := func(n, u string) {
		if n, ok := gkColumnNameOf(n, vocabularyWords); ok {
			add(n, u)
		}
	}
	for _, n := range p.Crumbs() {
		try(n, p.URL)
	}
	try(p.Column, p.URL)
	try(healthColumnName(p), p.URL)
	try(pageTitle(p), p.URL)
	for _, l := range p.Outgoing() {
		if l.Kind == site.KindAnchor && !broken[l.URL] {
			try(l.Text, l.URL)
		}
	}
}

// usesVocabulary is what a rule that reads siteVocabulary embeds: Run then
// gathers it in its one pass over the pages.
type usesVocabulary struct{}

func (usesVocabulary) collectors(ctx *Context, s *site.Site) []pageCollector {
	if ctx == nil {
		return nil
	}
	a := ctx.analyses(s)
	c := a.vocabularyC.get(func() *vocabularyCollector {
		if a.vocabulary.built() {
			return nil
		}
		return &vocabularyCollector{ctx: ctx, s: s, broken: brokenLinks(s), isUsable: usableIn(ctx, s), first: map[string]vocabSeen{}}
	})
	if c == nil {
		return nil
	}
	return []pageCollector{c}
}

// vocabularyCollector is siteVocabulary fed by the page pass: of each
// name it keeps the place seen first in page order, as the loop over
// s.Pages would.
type vocabularyCollector struct {
	ctx      *Context
	s        *site.Site
	broken   map[string]bool
	isUsable func(*site.Page) bool
	mu       sync.Mutex
	first    map[string]vocabSeen
	once     sync.Once
}

// vocabSeen is where a name was seen: on page i (s.Pages[i]).
type vocabSeen struct {
	i   int32
	url string
}

func (c *vocabularyCollector) Visit(v PageView) {
	if !c.isUsable(v.Page) {
		return
	}
	var seen []vocabSeen
	var names []string
	pageVocabulary(v.Read, c.broken, func(n, u string) {
		names = append(names, n)
		seen = append(seen, vocabSeen{i: int32(v.I), url: u})
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	for j, n := range names {
		// The page's first mention of a name is its first in names.
		if old, ok := c.first[n]; !ok || int(old.i) > v.I {
			c.first[n] = seen[j]
		}
	}
}

func (c *vocabularyCollector) finish() {
	c.once.Do(func() {
		c.ctx.analyses(c.s).vocabulary.get(func() map[string]string {
			out := make(map[string]string, len(c.first))
			for n, at := range c.first {
				out[n] = at.url
			}
			return out
		})
		c.first = nil
	})
}

// vocabularyHas returns a name of the vocabulary matching re and where it
// was seen, the shortest first (a column rather than an article).
func vocabularyHas(vocab map[string]string, match func(string) bool) (name, where string) {
	var names []string
	for n := range vocab {
		if match(n) {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "", ""
	}
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) < len(names[j])
		}
		return names[i] < names[j]
	})
	return names[0], vocab[names[0]]
}

// Check judges a complete crawl of a 基层政府 site.
func (GrassrootsCatalogueMissing) Check(ctx *Context, s *site.Site) []Finding {
	if !s.Complete || len(s.Pages) == 0 {
		return nil
	}
	req, ok := calendar.RequirementOn("grassroots-catalogue", evalDate(ctx))
	if !ok {
		return nil // before 2021 no catalogue was due
	}
	level := grassrootsLevel(ctx, s)
	if level == "" {
		return nil
	}
	vocab := siteVocabulary(ctx, s)
	where := platformPage(ctx, s)
	who := "县级政府"
	if level == "town" {
		who = "乡镇（街道）"
	}
	name, at := vocabularyHas(vocab, grCatalogueName.MatchString)
	if name == "" {
		name, at = grCatalogueDocument(ctx, s)
	}
	if name == "" {
		return []Finding{{
			URL: where.URL, Title: pageTitle(where), Column: where.Column,
			Message: "网站未公布基层政务公开标准目录。",
			Evidence: fmt.Sprintf("%s网站（%s）；已完整抓取%d个页面，未发现名称含“基层政务公开”“标准目录”“重点领域信息公开”的栏目、页面或链接；%s要求2020年底前编制完成并公开本级政务公开事项标准目录。",
				who, siteNameOf(ctx, s), len(s.Pages), req.Ref),
			Basis:   req.Basis,
			Subject: "基层政务公开标准目录",
		}}
	}
	if level != "county" {
		return nil
	}
	hx := sharedHealthIndex(ctx, s)
	na := ctx.profile().NotApplicable
	var empty, absent []string
	for _, a := range grAreas {
		if grNotApplicable(a, na) {
			continue
		}
		it := gkItem{words: a.words}
		n, _ := vocabularyHas(vocab, func(v string) bool {
			for _, w := range a.words {
				if strings.Contains(v, w) {
					return true
				}
			}
			return false
		})
		switch {
		case n == "":
			absent = append(absent, a.name)
		case gkEmptyItem(hx, it) != "":
			empty = append(empty, a.name+"（“"+gkEmptyItem(hx, it)+"”）")
		}
	}
	var out []Finding
	if len(empty) > 0 {
		out = append(out, Finding{
			URL: at, Title: name, Column: name,
			Message: fmt.Sprintf("基层政务公开标准目录中%d个领域栏目无内容。", len(empty)),
			Evidence: fmt.Sprintf("标准目录“%s”已公布；以下领域的栏目无条目、无正文且无说明：%s；%s要求实行政务过程和结果全公开。",
				name, strings.Join(empty, "、"), req.Ref),
			Basis:   req.Basis,
			Subject: "领域栏目为空",
		})
	}
	if len(absent) > 0 {
		out = append(out, Finding{
			URL: at, Title: name, Column: name,
			Severity: Advice,
			Message:  fmt.Sprintf("疑似基层政务公开标准目录未覆盖%d个试点领域（请人工确认）。", len(absent)),
			Evidence: fmt.Sprintf("标准目录“%s”已公布；按栏目名称未找到以下试点领域的栏目：%s（26个试点领域为推定清单，确不涉及的领域可在站点配置 not_applicable 中注明）。",
				name, strings.Join(absent, "、")),
			Basis:   req.Basis,
			Subject: "领域未覆盖",
		})
	}
	return out
}

func grNotApplicable(a grArea, na []string) bool {
	for _, n := range na {
		n = strings.TrimSpace(n)
		if n != "" && (n == a.name || strings.Contains(a.name, n)) {
			return true
		}
	}
	return false
}

// grCatalogueDocument finds the catalogue published as a document (关于印发
// …政务公开事项标准目录的通知, an attachment): any title naming a 标准目录.
func grCatalogueDocument(ctx *Context, s *site.Site) (name, where string) {
	isUsable := usableIn(ctx, s)
	for _, p := range s.Pages {
		if !isUsable(p) {
			continue
		}
		if t := pageTitle(p); strings.Contains(t, "标准目录") {
			return t, p.URL
		}
		for _, it := range p.ListItems() {
			if strings.Contains(it.Title, "标准目录") {
				return it.Title, it.URL
			}
		}
	}
	for _, a := range s.Attachments {
		if strings.Contains(a.Name, "标准目录") {
			return a.Name, a.URL
		}
	}
	return "", ""
}
