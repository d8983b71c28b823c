// Package verify re-checks a rectification list (整改清单): it reads the
// workbook gongkai wrote (with the office's edits), fetches again only the
// pages and link targets its rows concern, re-runs only those rules, and
// writes a 复核结果 per row: 已整改, 未整改, 虚假整改 (marked 已整改 but still
// there) or 无法复核 with the reason. It never says 已整改 without evidence.
package verify

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

// Options is everything `gongkai verify` can be told.
type Options struct {
	ListPath string
	// OutPath is where the verified workbook goes; "" writes it back to
	// ListPath (atomically).
	OutPath       string
	AsOf          time.Time // midnight Asia/Shanghai
	ConfigPath    string
	CalendarPaths []string

	Rate         float64
	Concurrency  int
	Timeout      time.Duration
	AllowPrivate bool
	UserAgent    string
	// RetryBackoff overrides the crawler's wait before a retry (tests).
	RetryBackoff time.Duration
	// WARCPath is --warc: the scan's web archive. Each row's 复核说明 then
	// also says what the archived response showed on the day of the scan.
	WARCPath string
}

// Outcome is what a re-check found.
type Outcome struct {
	List     *report.List
	Verdicts []report.Verdict // one per row, in row order
	// Written is the workbook written, "" when the list had no rows.
	Written string
	// Fetched is the number of distinct pages and targets requested.
	Fetched int
	// Edited are the rows (sheet row numbers) whose cells no longer match
	// their fingerprint: 无法复核（表格内容被修改）, nothing fetched for them.
	Edited []int
}

// Counts returns the number of rows per verdict; every 无法复核（…） counts
// as 无法复核.
func (o *Outcome) Counts() map[string]int {
	out := map[string]int{}
	for _, v := range o.Verdicts {
		k := v.Result
		if strings.HasPrefix(k, report.VerdictUnknown) {
			k = report.VerdictUnknown
		}
		out[k]++
	}
	return out
}

// maxReferrers is how many linking pages of a still-broken target are
// fetched to see whether the link was removed.
const maxReferrers = 3

// Run re-checks the list. Bad input (not a gongkai list, columns moved, a
// missing output directory, a bad profile) is a scan.ErrUsage before
// anything is fetched; a site that answers nothing is a scan.ErrFailed
// and nothing is written.
func Run(ctx context.Context, o Options) (*Outcome, error) {
	l, err := report.ReadList(o.ListPath)
	if err != nil {
		var le *report.ListError
		if errors.As(err, &le) {
			return nil, scan.Usagef("%s", le.Msg)
		}
		return nil, scan.Failedf("%w", err)
	}
	out := o.OutPath
	if out == "" {
		out = o.ListPath
	}
	if dir := filepath.Dir(out); !isDir(dir) {
		return nil, scan.Usagef("-o %s: the directory %s does not exist; create it or choose another path", out, dir)
	}
	profile := &config.Profile{}
	if o.ConfigPath != "" {
		if profile, err = config.Load(o.ConfigPath); err != nil {
			return nil, scan.Usagef("%w", err)
		}
	}
	cal, err := scan.LoadCalendar(o.CalendarPaths, profile.Calendar)
	if err != nil {
		return nil, err
	}
	var arch *crawl.Archive
	if o.WARCPath != "" {
		if arch, err = crawl.OpenArchive(o.WARCPath); err != nil {
			return nil, scan.Usagef("--warc %s 不是可读的网页存档（WARC），请给出扫描时 --warc 写出的 .warc.gz 文件", o.WARCPath)
		}
	}
	outcome := &Outcome{List: l}
	if len(l.Rows) == 0 {
		return outcome, nil
	}
	start := l.Site
	if start == "" {
		start = origin(l.Rows[0].URL)
	}
	v := &verifier{
		o:       o,
		list:    l,
		profile: profile,
		ctx:     &checks.Context{AsOf: o.AsOf, Calendar: cal, Profile: profile, PerPage: true},
		start:   canonical(start),
	}
	v.plan()
	if err := v.fetch(ctx); err != nil {
		return nil, err
	}
	if v.unreachable() {
		return nil, scan.Failedf("none of the %d pages and links of %s could be fetched (%s); the site seems unreachable, so %s was left unchanged",
			v.fetched, o.ListPath, v.firstError, out)
	}
	if err := ctx.Err(); err != nil {
		return nil, scan.Failedf("re-check stopped (%v); %s was left unchanged", context.Cause(ctx), out)
	}
	v.runRules()
	for _, p := range v.plans {
		verdict := v.judge(p)
		if arch != nil && !p.edited {
			verdict.Notes = withArchive(verdict.Notes, archiveNote(arch, p))
		}
		outcome.Verdicts = append(outcome.Verdicts, verdict)
		if p.edited {
			outcome.Edited = append(outcome.Edited, p.row.Row)
		}
	}
	outcome.Fetched = v.fetched
	if err := report.WriteVerified(l, out, o.AsOf.Format("2006-01-02"), outcome.Verdicts); err != nil {
		return nil, scan.Failedf("cannot write %s: %v", out, err)
	}
	outcome.Written = out
	return outcome, nil
}

// rowPlan is what one row needs re-checked.
type rowPlan struct {
	row  report.ListRow
	pol  checks.Recheck
	rule checks.Rule // nil for a rule this version does not know
	url  string      // canonical URL of the row
	// asPage: the URL is fetched as a page (else checked as a link target,
	// attachments downloaded for their text).
	asPage bool
	// referrers of a link target listed in the row's evidence, and
	// whether that list is the whole of them.
	referrers    []string
	refsComplete bool
	// edited: the row's cells disagree with its fingerprint.
	edited bool
}

type verifier struct {
	o       Options
	list    *report.List
	profile *config.Profile
	ctx     *checks.Context
	start   string
	plans   []*rowPlan

	site     *site.Site            // the pages and targets re-fetched
	refSite  *site.Site            // linking pages of still-broken targets
	pages    map[string]*site.Page // by URL and final URL
	res      map[string]*site.Resource
	attach   map[string]*site.Attachment
	broken   map[string]checks.Finding // link-broken on the re-fetched URLs
	blocked  map[string]checks.Finding // link-blocked on the re-fetched URLs
	found    map[string][]checks.Finding
	ruleErrs map[string]error
	claimed  map[string]bool // fingerprints of all rows
	perKey   map[string]int  // rows per rule+URL

	fetched    int
	failed     int
	firstError string
}

// plan decides, per row, what to fetch.
func (v *verifier) plan() {
	v.claimed = map[string]bool{}
	v.perKey = map[string]int{}
	for _, r := range v.list.Rows {
		p := &rowPlan{row: r, pol: policyFor(r.Rule), url: canonical(r.URL)}
		if rule, ok := checks.Lookup(r.Rule); ok {
			p.rule = rule
		} else {
			p.pol = checks.Recheck{Reason: fmt.Sprintf("未知指标“%s”，本版本无法复核", r.Rule)}
		}
		if !webURL(r.URL) {
			p.pol = checks.Recheck{Reason: "问题页面不是网址，无法重新抓取"}
		}
		if v.edited(r) {
			// The scan's fingerprint is the truth: re-checking another
			// address than the one found would call the problem fixed.
			p.pol = checks.Recheck{Reason: reasonEdited}
			p.edited = true
		}
		if p.pol.Homepage {
			p.url = v.start
		}
		switch p.pol.Mode {
		case checks.RecheckLink:
			p.asPage = v.onSite(p.url) && pageLike(p.url)
			p.referrers, p.refsComplete = referrersOf(r)
		case checks.RecheckPage, checks.RecheckFoundOnly, checks.RecheckFresh:
			p.asPage = pageLike(p.url)
		}
		if r.Fingerprint != "" {
			v.claimed[r.Fingerprint] = true
		}
		if !p.edited {
			v.perKey[key(r.Rule, p.url)]++
		}
		v.plans = append(v.plans, p)
	}
}

// reasonEdited is the verdict of a row whose cells disagree with its
// fingerprint.
const reasonEdited = "表格内容被修改"

// notesEdited explains reasonEdited in the row's 复核说明.
const notesEdited = "问题页面、指标、问题描述或证据与扫描时写入的内容（指纹）不符，复核以扫描结果为准。请恢复这些单元格的原内容，或重新扫描生成新的整改清单。"

// edited reports whether a row's cells are no longer what the scan wrote:
// by its 校验码, or, in a list written before that column, for the rules
// whose fingerprint is rule and URL alone (the links), by recomputing it.
func (v *verifier) edited(r report.ListRow) bool {
	if v.list.HasCheck {
		return r.Edited(v.list)
	}
	if r.Fingerprint == "" || policyFor(r.Rule).Mode != checks.RecheckLink {
		return false
	}
	return checks.Fingerprint(r.Rule, r.URL, "") != r.Fingerprint
}

// fetch re-fetches the rows' pages and targets, then the linking pages of
// targets that still fail.
func (v *verifier) fetch(ctx context.Context) error {
	var pages, targets []string
	seen := map[string]bool{}
	add := func(list *[]string, u string) {
		if u != "" && !seen[u] {
			seen[u] = true
			*list = append(*list, u)
		}
	}
	needHome := false
	for _, p := range v.plans {
		switch p.pol.Mode {
		case checks.RecheckNone:
			continue
		case checks.RecheckPage, checks.RecheckFoundOnly, checks.RecheckFresh:
			needHome = true // site context: the site's name, the homepage
		}
		if p.asPage {
			add(&pages, p.url)
		} else {
			add(&targets, p.url)
		}
	}
	if needHome {
		add(&pages, v.start)
	}
	v.pages, v.res, v.attach = map[string]*site.Page{}, map[string]*site.Resource{}, map[string]*site.Attachment{}
	s, err := v.fetchURLs(ctx, pages, targets)
	if err != nil {
		return err
	}
	v.site = s
	v.index(s)
	v.broken = v.findingsByURL(checks.LinkBroken{})
	v.blocked = v.findingsByURL(checks.LinkBlocked{})

	// Linking pages, only for targets that still fail.
	var refs []string
	for _, p := range v.plans {
		if p.pol.Mode != checks.RecheckLink {
			continue
		}
		if _, bad := v.broken[p.url]; !bad {
			continue
		}
		for _, r := range p.referrers {
			add(&refs, r)
		}
	}
	if len(refs) > 0 {
		rs, err := v.fetchURLs(ctx, refs, nil)
		if err != nil {
			return err
		}
		v.refSite = rs
		v.index(rs)
	}
	return nil
}

func (v *verifier) fetchURLs(ctx context.Context, pages, targets []string) (*site.Site, error) {
	if len(pages)+len(targets) == 0 {
		return &site.Site{Start: v.start}, nil
	}
	s, err := crawl.Fetch(ctx, crawl.Options{
		Start:        v.start,
		ExtraHosts:   v.profile.Hosts,
		Rate:         v.o.Rate,
		Concurrency:  max(v.o.Concurrency, 1),
		Timeout:      v.o.Timeout,
		AllowPrivate: v.o.AllowPrivate,
		UserAgent:    v.o.UserAgent,
		RetryBackoff: v.o.RetryBackoff,
	}, pages, targets)
	if err != nil {
		var se *crawl.StartError
		if errors.As(err, &se) && se.Usage {
			return nil, scan.Usagef("%s: the site %s named in its 汇总 sheet cannot be used (%s)", v.o.ListPath, v.start, se.Reason)
		}
		return nil, scan.Failedf("%w", err)
	}
	v.fetched += len(pages) + len(targets)
	for _, r := range s.Resources {
		if transportError(r) {
			v.failed++
			if v.firstError == "" {
				v.firstError = fmt.Sprintf("%s: %s", r.URL, describe(r))
			}
		}
	}
	return s, nil
}

// unreachable is true when every request failed at the network level: the
// verdicts would say nothing about the site.
func (v *verifier) unreachable() bool {
	return v.fetched > 0 && v.failed >= v.fetched
}

func (v *verifier) index(s *site.Site) {
	for _, p := range s.Pages {
		v.pages[p.URL] = p
		if p.FinalURL != "" {
			if _, ok := v.pages[p.FinalURL]; !ok {
				v.pages[p.FinalURL] = p
			}
		}
	}
	for _, r := range s.Resources {
		v.res[r.URL] = r
	}
	for _, a := range s.Attachments {
		v.attach[a.URL] = a
	}
}

// findingsByURL runs a link rule over the re-fetched site.
func (v *verifier) findingsByURL(r checks.Rule) map[string]checks.Finding {
	out := map[string]checks.Finding{}
	fs, _ := checks.Run(v.ctx, v.site, []checks.Rule{r})
	for _, f := range fs {
		out[f.URL] = f
	}
	return out
}

// runRules runs each rule of the page rows once over the re-fetched site.
func (v *verifier) runRules() {
	v.found = map[string][]checks.Finding{}
	v.ruleErrs = map[string]error{}
	done := map[string]bool{}
	for _, p := range v.plans {
		if p.rule == nil || p.pol.Mode == checks.RecheckNone || p.pol.Mode == checks.RecheckLink || done[p.row.Rule] {
			continue
		}
		done[p.row.Rule] = true
		fs, errs := checks.Run(v.ctx, v.site, []checks.Rule{p.rule})
		if len(errs) > 0 {
			v.ruleErrs[p.row.Rule] = errs[0]
			continue
		}
		for _, f := range fs {
			k := key(f.Rule, f.URL)
			v.found[k] = append(v.found[k], f)
		}
	}
}

// judge decides one row.
func (v *verifier) judge(p *rowPlan) report.Verdict {
	res, notes := v.decide(p)
	if res == report.VerdictOpen && p.row.Rectify == "已整改" {
		res = report.VerdictFake
		notes = "清单标注“已整改”，但复核时问题仍在：" + notes
	}
	return report.Verdict{Row: p.row.Row, Result: res, Notes: clip(notes, 1200)}
}

func unknown(reason string) string { return report.VerdictUnknown + "（" + reason + "）" }

func (v *verifier) decide(p *rowPlan) (string, string) {
	switch p.pol.Mode {
	case checks.RecheckNone:
		if p.edited {
			return unknown(reasonEdited), notesEdited
		}
		return unknown(p.pol.Reason), ""
	case checks.RecheckLink:
		return v.decideLink(p)
	}
	if err := v.ruleErrs[p.row.Rule]; err != nil {
		return unknown("规则运行出错"), err.Error()
	}
	// The page itself first: a page that is gone or blocked shows nothing.
	state, gone, ok := v.pageState(p)
	if !ok {
		if gone && p.pol.RemovedFixes {
			return report.VerdictFixed, "页面或附件已撤下：" + state
		}
		return unknown("页面无法正常访问"), state
	}
	if f, note, ok := v.match(p); ok {
		if p.pol.Mode == checks.RecheckFresh && strings.HasPrefix(f.Subject, "未标注日期") {
			// Undated on the page alone: the articles it links to (not
			// fetched again) may carry the dates.
			return unknown(p.pol.Reason), "重新抓取" + state + "，列表条目仍未显示日期：" + f.Message
		}
		return report.VerdictOpen, "重新抓取后仍发现：" + f.Message + note + "（" + f.Evidence + "）"
	} else if note != "" {
		return unknown(note), ""
	}
	if a := v.attach[p.url]; a != nil {
		switch {
		case a.Unreadable != "":
			return unknown("附件无法读取"), "附件" + a.URL + "：" + a.Unreadable
		case a.Partial != "":
			return unknown("附件只读取了部分内容"), "附件" + a.URL + "：" + a.Partial
		}
	}
	switch p.pol.Mode {
	case checks.RecheckFoundOnly:
		return unknown(p.pol.Reason), "重新抓取" + state + "，未再发现，但仅凭该页面不足以证明已整改。"
	case checks.RecheckFresh:
		if ev, ok := v.freshEvidence(p); ok {
			return report.VerdictFixed, ev
		}
		return unknown(p.pol.Reason), "重新抓取" + state + "。"
	}
	return report.VerdictFixed, "重新抓取" + state + "，未再发现该问题。"
}

// pageState describes the re-fetched page or attachment of a row: ok when
// it opened normally; gone when it answered 404/410 (or a soft 404).
func (v *verifier) pageState(p *rowPlan) (state string, gone, ok bool) {
	if f, bad := v.broken[p.url]; bad {
		r := v.res[p.url]
		gone = r == nil || r.ErrClass == "" || r.Status == 404 || r.Status == 410
		return p.url + "：" + f.Evidence, gone, false
	}
	if f, bad := v.blocked[p.url]; bad {
		return p.url + "：" + f.Evidence, false, false
	}
	r := v.res[p.url]
	if r != nil && r.NotChecked != "" {
		return p.url + "：未检查（" + r.NotChecked + "）", false, false
	}
	if r != nil && r.ErrClass != "" {
		return p.url + "：" + describe(r), false, false
	}
	if p.asPage {
		pg := v.pages[p.url]
		if pg == nil {
			return p.url + "：未能抓取为网页", false, false
		}
		return fmt.Sprintf("%s（HTTP %d）", p.url, pg.Status), false, true
	}
	if r == nil {
		return p.url + "：未能检查", false, false
	}
	return fmt.Sprintf("%s（HTTP %d）", p.url, r.Status), false, true
}

// match finds the row's problem among the findings of the re-check. The
// fingerprint decides; when the fix changed the problem's subject (a 文号
// added to a document still missing other fields), a finding of the same
// rule on the same page that no row of the list claims is the same problem
// in a new form, unless the rule reports several problems per page.
func (v *verifier) match(p *rowPlan) (checks.Finding, string, bool) {
	fs := v.found[key(p.row.Rule, p.url)]
	if p.row.Fingerprint != "" {
		for _, f := range fs {
			if f.Fingerprint == p.row.Fingerprint {
				return f, "", true
			}
		}
		if p.pol.Strict {
			return checks.Finding{}, "", false
		}
		for _, f := range fs {
			if !v.claimed[f.Fingerprint] && v.perKey[key(p.row.Rule, p.url)] == 1 {
				return f, "（问题内容有变化）", true
			}
		}
		return checks.Finding{}, "", false
	}
	// A list written before the 指纹 column: the message, else the only
	// finding of the rule on the page.
	for _, f := range fs {
		if f.Message == p.row.Message {
			return f, "", true
		}
	}
	if len(fs) > 0 {
		if v.perKey[key(p.row.Rule, p.url)] == 1 && !p.pol.Strict {
			return fs[0], "（问题内容有变化）", true
		}
		return checks.Finding{}, "清单无指纹列，无法区分同一页面的多个问题", false
	}
	return checks.Finding{}, "", false
}

// freshEvidence is the proof a stale or blank page was updated: an item
// dated recently enough (for column-blank, any item at all).
func (v *verifier) freshEvidence(p *rowPlan) (string, bool) {
	pg := v.pages[p.url]
	if pg == nil || pg.Unexpanded != "" {
		return "", false
	}
	items := pg.ListItems()
	if p.pol.FreshDays < 0 {
		if len(items) == 0 {
			return "", false
		}
		return fmt.Sprintf("重新抓取%s，栏目已有%d条信息（如《%s》），不再是空白栏目。", pg.URL, len(items), items[0].Title), true
	}
	days := p.pol.FreshDays
	if days == 0 {
		days = homepageStaleDays(v.profile)
	}
	limit := v.o.AsOf.AddDate(0, 0, -days)
	var best *site.ListItem
	for i := range items {
		it := &items[i]
		if it.Date.IsZero() || it.Date.Time.After(v.o.AsOf.AddDate(0, 0, 1)) {
			continue // undated, or a date in the future: no proof
		}
		if best == nil || it.Date.Time.After(best.Date.Time) {
			best = it
		}
	}
	if best == nil || best.Date.Time.Before(limit) {
		return "", false
	}
	return fmt.Sprintf("重新抓取%s，最新信息《%s》发布于%s，距复核日期%s不超过%d天。",
		pg.URL, best.Title, best.Date.String(), v.o.AsOf.Format("2006-01-02"), days), true
}

// decideLink re-judges a broken or blocked link.
func (v *verifier) decideLink(p *rowPlan) (string, string) {
	r := v.res[p.url]
	if r == nil {
		return unknown("目标未能检查"), p.url
	}
	if r.NotChecked != "" {
		return unknown("目标未检查"), r.NotChecked
	}
	if f, blocked := v.blocked[p.url]; blocked {
		if p.row.Rule == "link-blocked" {
			return report.VerdictOpen, "仍被防火墙人机校验拦截：" + f.Evidence
		}
		return unknown("目标被防火墙人机校验拦截"), f.Evidence
	}
	f, bad := v.broken[p.url]
	if !bad {
		if transportError(r) || r.ErrClass != "" {
			return unknown("目标访问失败"), describe(r)
		}
		return report.VerdictFixed, fmt.Sprintf("目标%s现可正常访问（HTTP %d）。", p.url, r.Status)
	}
	if p.row.Rule == "link-blocked" {
		return report.VerdictOpen, "不再被拦截，但链接无法访问：" + f.Evidence
	}
	if len(p.referrers) == 0 {
		return report.VerdictOpen, "目标仍无法访问：" + f.Evidence
	}
	// Still broken: is it still linked?
	var still, removed, unsure []string
	for _, ref := range p.referrers {
		switch linked, ok := v.links(ref, p.url); {
		case !ok:
			unsure = append(unsure, ref)
		case linked:
			still = append(still, ref)
		default:
			removed = append(removed, ref)
		}
	}
	switch {
	case len(still) > 0:
		return report.VerdictOpen, fmt.Sprintf("目标仍无法访问（%s），仍被%s引用。", f.Evidence, strings.Join(still, "、"))
	case len(unsure) == 0 && p.refsComplete:
		return report.VerdictFixed, fmt.Sprintf("目标仍无法访问，但原引用页面（%s）均已删除该链接。", strings.Join(removed, "、"))
	case len(unsure) == 0:
		return unknown("目标仍无法访问，已抽查的引用页面不再链接，其余引用页面需完整扫描确认"),
			fmt.Sprintf("已抽查：%s；%s", strings.Join(removed, "、"), f.Evidence)
	}
	return unknown("目标仍无法访问，引用页面未能抓取"), fmt.Sprintf("未能抓取：%s；%s", strings.Join(unsure, "、"), f.Evidence)
}

// links reports whether the re-fetched page ref still links to target; ok
// is false when the page could not be read. A page that is gone no longer
// links anywhere.
func (v *verifier) links(ref, target string) (linked, ok bool) {
	pg := v.pages[ref]
	if pg == nil {
		if r := v.res[ref]; r != nil && (r.Status == 404 || r.Status == 410) {
			return false, true
		}
		return false, false
	}
	if pg.Status >= 400 {
		return false, pg.Status == 404 || pg.Status == 410
	}
	for _, l := range pg.Outgoing() {
		if c, ok := site.CanonicalURL(l.URL, nil); ok && c == target {
			return true, true
		}
	}
	return false, true
}

func (v *verifier) onSite(u string) bool {
	h := host(u)
	if h == "" {
		return false
	}
	if h == host(v.start) {
		return true
	}
	for _, x := range v.profile.Hosts {
		if strings.EqualFold(strings.TrimSpace(x), h) {
			return true
		}
	}
	return false
}

// refsRe finds the referrer count in a link finding's message.
var refsRe = regexp.MustCompile(`共(\d+)个页面引用`)

// referrersOf reads the linking pages from a link row's 证据 (after
// “引用页面：”, one per line; the cell may have been cut at Excel's limit)
// and whether they are all of them. At most maxReferrers are returned.
func referrersOf(r report.ListRow) ([]string, bool) {
	_, after, ok := strings.Cut(r.Evidence, "引用页面：")
	if !ok {
		return nil, false
	}
	var refs []string
	for _, line := range strings.Split(after, "\n") {
		if c, ok := site.CanonicalURL(strings.TrimSpace(line), nil); ok {
			refs = append(refs, c)
		}
	}
	total := len(refs)
	if m := refsRe.FindStringSubmatch(r.Message); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			total = max(total, n)
		}
	}
	if len(refs) > maxReferrers {
		refs = refs[:maxReferrers]
	}
	return refs, len(refs) == total && len(refs) > 0
}

// pageExt are the extensions of pages (fetched and extracted); anything
// else is a file, checked as a link target and read when it is a document.
var pageExt = map[string]bool{"": true, ".html": true, ".htm": true, ".shtml": true, ".xhtml": true,
	".jsp": true, ".jspx": true, ".php": true, ".asp": true, ".aspx": true, ".do": true, ".action": true, ".cgi": true}

func pageLike(u string) bool {
	pu, err := url.Parse(u)
	if err != nil {
		return false
	}
	return pageExt[strings.ToLower(path.Ext(pu.Path))]
}

// transportError is a failure of the network, not an answer of the site.
func transportError(r *site.Resource) bool {
	switch r.ErrClass {
	case site.ErrDNS, site.ErrRefused, site.ErrTimeout, site.ErrTLS:
		return true
	}
	return false
}

func describe(r *site.Resource) string {
	var b strings.Builder
	switch {
	case r.Status != 0:
		fmt.Fprintf(&b, "HTTP %d", r.Status)
	case r.ErrClass != "":
		b.WriteString(string(r.ErrClass))
	}
	if r.Err != "" {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(r.Err)
	}
	if b.Len() == 0 {
		return "访问失败"
	}
	return b.String()
}

func key(rule, u string) string { return checks.Fingerprint(rule, u, "") }

func canonical(u string) string {
	if c, ok := site.CanonicalURL(u, nil); ok {
		return c
	}
	return u
}

func webURL(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && pu.Host != "" && (pu.Scheme == "http" || pu.Scheme == "https")
}

func host(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Host)
}

func origin(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	return pu.Scheme + "://" + pu.Host + "/"
}

func isDir(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// archiveNote says what the web archive showed of a row's URL on the day
// of the scan: for a link row the dead link's own answer, else the page's
// status and title. It stands as the row's evidence once the office has
// changed the page.
func archiveNote(a *crawl.Archive, p *rowPlan) string {
	u := p.url
	if u == "" || !webURL(u) {
		return ""
	}
	what := "问题页面"
	if p.pol.Mode == checks.RecheckLink {
		what = "失效链接"
	}
	ans, ok := a.Lookup(u)
	if !ok {
		return "网页存档中没有" + what + " " + u + " 的记录。"
	}
	if ans.Status == 0 {
		return fmt.Sprintf("网页存档：扫描时%s %s 无法访问（%s）。", what, u, failureText(ans.Failed))
	}
	day := "扫描当日"
	if ans.Date != "" {
		day += "（" + ans.Date + "）"
	}
	note := fmt.Sprintf("网页存档：%s%s %s 返回 HTTP %d", day, what, u, ans.Status)
	if ans.Title != "" && what == "问题页面" {
		note += "，标题“" + clip(ans.Title, 80) + "”"
	}
	return note + "。"
}

// failureText is a recorded failure class in the office's words.
func failureText(class string) string {
	switch site.ErrClass(class) {
	case site.ErrDNS:
		return "域名无法解析"
	case site.ErrRefused:
		return "连接被拒绝"
	case site.ErrTimeout:
		return "连接超时"
	case site.ErrTLS:
		return "HTTPS 证书或握手失败"
	}
	return "请求失败"
}

// withArchive appends the archive's note to a verdict's notes, keeping it
// whole: the re-check's part is what gets shortened.
func withArchive(notes, arch string) string {
	if arch == "" {
		return notes
	}
	if notes == "" {
		return arch
	}
	return clip(notes, 1200-len([]rune(arch))-1) + " " + arch
}
