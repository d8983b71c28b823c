package verify

// mode says how a rule's rows are re-checked.
type mode int

const (
	// modeNone: the problem can only be judged on a full crawl (something
	// missing from the whole site, context from other pages); the row is
	// 无法复核 with the policy's reason.
	modeNone mode = iota
	// modeLink: the row's URL is a link target; it is checked again (an
	// on-site page is fetched, so a soft 404 is seen), and when it still
	// fails, the pages that linked to it are fetched to see whether the
	// link was removed.
	modeLink
	// modePage: the rule judges the page (or attachment) on its own, so it
	// is fetched again and the rule re-run: found again → still there; not
	// found on a page that opened normally → fixed.
	modePage
	// modeFoundOnly: found again on the re-fetched page proves the problem
	// is still there, but not finding it proves nothing (the rule needs
	// pages the re-check does not fetch).
	modeFoundOnly
	// modeFresh: like modeFoundOnly, and a page listing an item dated
	// within freshDays of the as-of date proves the fix (stale/blank
	// columns and homepages).
	modeFresh
)

// policy is how the rows of one rule are re-checked.
type policy struct {
	mode mode
	// strict: several rows of the rule may share a URL (one per missing
	// element), so only the exact fingerprint matches a row.
	strict bool
	// removedFixes: a page or attachment that is gone (404/410) no longer
	// publishes the problem (a leaked ID number taken down).
	removedFixes bool
	// homepage: the row is about the start page.
	homepage bool
	// freshDays is the age of the newest dated item that proves a
	// modeFresh page updated; 0 reads the homepage threshold.
	freshDays int
	// reason is why a modeNone row, or a modeFoundOnly row that is no
	// longer found, cannot be judged.
	reason string
}

const (
	reasonSite = "缺失类问题只能在全站扫描中确认，请重新扫描全站"
	reasonMore = "该指标需结合其他页面或附件判断，未再发现不足以证明已整改，请重新扫描全站"
)

// policies lists how each rule is re-checked [I]: a rule is only trusted to
// say "fixed" when it judges the re-fetched page on its own. Rules not
// listed here (added later) are 无法复核 until someone decides.
var policies = map[string]policy{
	"link-broken":  {mode: modeLink},
	"link-blocked": {mode: modeLink},

	"footer-identity": {mode: modePage, strict: true, homepage: true},
	"meta-tags":       {mode: modePage, strict: true},

	"pii-id-number": {mode: modePage, removedFixes: true},
	"pii-mobile":    {mode: modePage, removedFixes: true},
	"pii-bank-card": {mode: modePage, removedFixes: true},

	"doc-metadata-incomplete": {mode: modePage},
	"doc-publish-late":        {mode: modePage},
	"doc-validity-expired":    {mode: modePage},

	"homepage-stale": {mode: modeFresh, homepage: true,
		reason: "首页条目未显示近期日期，需结合首页链接的页面判断，请重新扫描全站"},
	// 14 days is the shortest update window of any column class, so an
	// item this recent proves every class updated.
	"column-stale": {mode: modeFresh, freshDays: 14,
		reason: "栏目页未显示近期日期的条目，需结合分页和文章页判断，请重新扫描全站"},
	"column-blank": {mode: modeFresh, freshDays: -1,
		reason: "栏目页仍无条目，但可能由下级栏目或脚本加载内容，请重新扫描全站"},

	"gk-annual-report-late":     {mode: modeFoundOnly, reason: reasonMore},
	"consultation-short-period": {mode: modeFoundOnly, reason: reasonMore},

	"site-unreachable":         {reason: "一次访问不能证明站点可用，需连续监测（检查指标要求监测1周）"},
	"gk-guide-missing":         {reason: reasonSite},
	"gk-annual-report-missing": {reason: reasonSite},
	"budget-missing":           {reason: reasonSite},
	"final-accounts-missing":   {reason: reasonSite},
	"service-guide-missing":    {reason: reasonSite},
	"interp-missing":           {reason: reasonSite},
	"interp-late":              {reason: "需同时抓取文件及其解读页面判断，请重新扫描全站"},
	"interp-unlinked":          {reason: "需同时抓取文件及其解读页面判断，请重新扫描全站"},
	"gk-guide-incomplete":      {reason: "指南要素可能在附件中，需完整扫描复核"},
	"service-guide-incomplete": {reason: "办事指南要素可能在附件或脚本加载的内容中，需完整扫描复核"},
	"sangong-missing":          {reason: "需读取预决算附件判断，请重新扫描全站"},
	"consultation-no-feedback": {reason: "反馈结果可能发布在其他页面，请重新扫描全站"},
	"message-unanswered":       {reason: "需抓取留言列表及答复页面判断，请重新扫描全站"},
	// The homepage's title is judged against the site's name read from the
	// same page; titles shared site-wide need the whole crawl.
	"page-title-wrong": {mode: modeFoundOnly, homepage: true, reason: "页面标题问题需结合全站页面判断，请重新扫描全站"},
	"doc-duplicate":    {reason: "重复发布需同时抓取两个页面比对，请重新扫描全站"},

	// Issue #18 A7 (1), A7 (5), J2.
	"wording-serious": {mode: modePage},
	// List dates and migration stamps need other pages.
	"date-inconsistent": {mode: modeFoundOnly, strict: true, reason: reasonMore},
	// The numbers may sit in an attachment the re-check does not read; a
	// 公示 taken down is the fix.
	"notice-expired": {mode: modeFoundOnly, removedFixes: true, reason: reasonMore},

	// The domain, IPv6 and HTTPS rows come from the scan's site probe,
	// which a re-check does not run; a mixed-content row found again on
	// its re-fetched page is still there.
	"domain-nonstandard": {reason: "需重新检测网站域名和首页跳转，请重新扫描全站"},
	"ipv6-missing":       {reason: "需重新检测域名解析和IPv6访问，请重新扫描全站"},
	"https-missing":      {mode: modeFoundOnly, reason: "HTTPS证书和跳转需重新检测，请重新扫描全站"},

	// issue #18, site functions. A hidden link found again on the
	// re-fetched page is still there; one not found may be a friend link
	// whose redirect only the full crawl checks. One row per target host.
	// Absences (an entry written by a script, a 报表 on another page, a
	// search needing its request) are judged by a full scan only.
	"hidden-links":               {mode: modeFoundOnly, strict: true, reason: reasonMore},
	"search-broken":              {reason: "搜索是否可用需全站扫描（含一次搜索请求）判断，请重新扫描全站"},
	"sitemap-missing":            {reason: reasonSite},
	"a11y-missing":               {reason: reasonSite},
	"jiucuo-missing":             {reason: reasonSite},
	"site-annual-report-missing": {reason: reasonSite},

	// Issue #18: the platform's columns need the whole site.
	"gk-platform-incomplete": {reason: reasonSite},
	// A report's parts, tables and year are on its page; 雷同 needs the
	// other reports, so a row not found again proves nothing.
	"gk-annual-report-format":        {mode: modeFoundOnly, strict: true, reason: reasonMore},
	"budget-tables-incomplete":       {reason: "需读取预决算页面及附件判断，请重新扫描全站"},
	"budget-column-missing":          {reason: reasonSite},
	"grassroots-catalogue-missing":   {reason: reasonSite},
	"enforcement-disclosure-missing": {reason: reasonSite},
}

func policyFor(rule string) policy {
	if p, ok := policies[rule]; ok {
		return p
	}
	return policy{reason: "该指标暂不支持自动复核，请重新扫描全站"}
}
