package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gongkai/gongkai/site"
)

// Registry lists every rule, in the order reports show them (the order is
// output order: findings of equal severity follow it). Adding a rule means
// adding its file and one line here; nothing registers itself.
func Registry() []Rule {
	return append([]Rule{
		LinkBroken{},
		LinkBlocked{},
		FooterIdentity{},
		MetaTags{},
		PageTitleWrong{},
		DocDuplicate{},

		// Site health: availability, freshness, blank columns, unanswered messages.
		SiteUnreachable{},
		HomepageStale{},
		ColumnStale{},
		ColumnBlank{},
		MessageUnanswered{},

		// Personal data in pages and attachments.
		PIIIDNumber{},
		PIIMobile{},
		PIIBankCard{},

		// 政务公开 content: guide, annual report, documents, interpretations.
		GuideMissing{},
		GuideIncomplete{},
		AnnualReportMissing{},
		AnnualReportLate{},
		DocMetadataIncomplete{},
		DocPublishLate{},
		DocValidityExpired{},
		InterpMissing{},
		InterpLate{},
		InterpUnlinked{},

		// Budgets and final accounts, 三公经费, service guides, consultations.
		BudgetMissing{},
		FinalAccountsMissing{},
		SangongMissing{},
		ServiceGuideMissing{},
		ServiceGuideIncomplete{},
		ConsultationNoFeedback{},
		ConsultationShortPeriod{},

		// What the content itself says — wording, dates, expired notices
		// (issue #18 A7 (1), A7 (5), J2).
		WordingSerious{},
		DateInconsistent{},
		NoticeExpired{},

		// The site's domain, IPv6 and HTTPS (issue #18, catalogue B3–B5).
		DomainNonstandard{},
		IPv6Missing{},
		HTTPSMissing{},

		// Site functions and security (issue #18: 暗链, 站内搜索, 网站地图, 无障碍, 网站年度报表, 找错).
		HiddenLinks{},
		SearchBroken{},
		SitemapMissing{},
		A11yMissing{},
		SiteAnnualReportMissing{},
		JiucuoMissing{},

		// Issue #18's 政务公开 structure: the platform's columns, the 年报's format, budget tables and columns, the
		// 基层政务公开 catalogue and 行政执法公示.
		PlatformIncomplete{},
		AnnualReportFormat{},
		BudgetTablesIncomplete{},
		BudgetColumnMissing{},
		GrassrootsCatalogueMissing{},
		EnforcementDisclosureMissing{},
	}, testRules...)
}

// testRules are rules a test registers (testrule_test.go follows
// CONTRIBUTING.md's recipe with one); always empty outside tests.
var testRules []Rule

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range Registry() {
		if r.Meta().ID == id {
			return r, true
		}
	}
	return nil, false
}

// Run evaluates rules over a site and returns their findings, completed from
// each rule's Meta, fingerprinted and in a stable order: severity, then
// registry order, then URL. A rule that panics is reported as an error and
// the others still run.
func Run(ctx *Context, s *site.Site, rules []Rule) ([]Finding, []error) {
	var out []Finding
	var errs []error
	order := map[string]int{}
	results := runAll(ctx, s, rules)
	for i, r := range rules {
		m := r.Meta()
		order[m.ID] = i
		fs, err := results[i].fs, results[i].err
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range fs {
			f.Rule = m.ID
			if f.Severity == "" {
				f.Severity = m.Severity
			}
			if f.Basis == "" {
				f.Basis = m.Basis
			}
			if f.Advice == "" {
				f.Advice = m.Advice
			}
			f.Fingerprint = Fingerprint(m.ID, f.URL, f.Subject)
			// Whatever a rule quotes from a page (a title, a snippet), a
			// full personal number never reaches an output.
			f.Title, f.Message, f.Evidence, f.Column = maskNumbers(f.Title), maskNumbers(f.Message), maskNumbers(f.Evidence), maskNumbers(f.Column)
			out = append(out, f)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() > b.Severity.Rank()
		}
		if order[a.Rule] != order[b.Rule] {
			return order[a.Rule] < order[b.Rule]
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return a.Subject < b.Subject
	})
	return out, errs
}

type ruleResult struct {
	fs  []Finding
	err error
}

// maxRuleWorkers bounds the rules run at once: each holds its own
// temporaries (and may build an analysis), and the rules phase is a scan's
// memory peak.
const maxRuleWorkers = 4

// runAll runs the rules on up to GOMAXPROCS (at most maxRuleWorkers)
// goroutines, each rule's result in its own slot: the rules share only the
// site, which they read, and the Context's analyses, each built once under
// its own lock. Run merges the slots in registry order, so the findings do
// not depend on which rule finished first.
//
// The page rules' passes go first, fed by one pass over the pages (see
// visitPages), and give their findings before the other rules run: what a
// pass holds of every page is dropped before the rules phase's peak.
func runAll(ctx *Context, s *site.Site, rules []Rule) []ruleResult {
	results := make([]ruleResult, len(rules))
	passes := make([]PagePass, len(rules))
	isPage := make([]bool, len(rules))
	var live []visitor
	var liveAt []int
	for i, r := range rules {
		if pr, ok := r.(PageRule); ok {
			isPage[i] = true
			passes[i], results[i].err = newPass(ctx, s, pr)
			if results[i].err == nil {
				live, liveAt = append(live, passes[i]), append(liveAt, i)
			}
		}
	}
	var collectors []pageCollector
	if len(live) > 0 {
		// Without a page rule there is no pass to share: each analysis
		// is built by its accessor.
		collectors = collectorsOf(ctx, s, rules)
		for _, c := range collectors {
			live = append(live, c)
		}
	}
	errs := visitPages(s, live)
	for k, i := range liveAt {
		if errs[k] != nil {
			results[i].err = fmt.Errorf("rule %s failed: %w", rules[i].Meta().ID, errs[k])
		}
	}
	// The page rules' findings first, then the collectors' analyses: what
	// a pass's Findings builds over every page (date-inconsistent's index
	// of the pages' dates) is dropped before the analyses are assembled,
	// not held beside them — together they were the scan's peak at
	// 100,000 pages (issue 7). An analysis a Findings asks for is built
	// by its accessor as before.
	for _, i := range liveAt {
		if results[i].err == nil {
			results[i].fs, results[i].err = findingsOf(rules[i], passes[i])
		}
		passes[i] = nil
	}
	for k, c := range collectors {
		if errs[len(liveAt)+k] == nil {
			finishCollector(c)
		}
	}
	one := func(i int) {
		if !isPage[i] {
			results[i].fs, results[i].err = runOne(ctx, s, rules[i])
		}
	}
	workers := min(runtime.GOMAXPROCS(0), maxRuleWorkers, len(rules))
	if workers <= 1 {
		for i := range rules {
			one(i)
		}
		return results
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(rules) {
					return
				}
				one(i)
			}
		}()
	}
	wg.Wait()
	return results
}

func runOne(ctx *Context, s *site.Site, r Rule) (fs []Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rule %s failed: %v", r.Meta().ID, p)
		}
	}()
	return r.Check(ctx, s), nil
}

// newPass starts a page rule's pass; a panic is the rule's failure.
func newPass(ctx *Context, s *site.Site, r PageRule) (pass PagePass, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rule %s failed: %v", r.Meta().ID, p)
		}
	}()
	return r.Pass(ctx, s), nil
}

// findingsOf collects a visited pass's findings; a panic is the rule's
// failure.
func findingsOf(r Rule, pass PagePass) (fs []Finding, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rule %s failed: %v", r.Meta().ID, p)
		}
	}()
	return pass.Findings(), nil
}

// maskNumbers masks digit runs shaped like personal numbers (11 digits
// starting 13–19 like a mobile; 15 to 19 digits like an ID or bank card)
// in text a rule quotes from a page. Dates, 文号, phone numbers with area
// codes and URL ids are shorter and stay readable.
func maskNumbers(s string) string {
	if !piiHasLongRun(s) {
		return s
	}
	var b strings.Builder
	var run []rune
	flush := func() {
		n := len(run)
		mobile := n == 11 && digitValue(run[0]) == 1 && digitValue(run[1]) >= 3
		if mobile || n >= 15 && n <= 19 {
			keepHead, keepTail := 6, 4
			if mobile {
				keepHead = 3
			}
			b.WriteString(string(run[:keepHead]))
			b.WriteString(strings.Repeat("*", n-keepHead-keepTail))
			b.WriteString(string(run[n-keepTail:]))
		} else {
			b.WriteString(string(run))
		}
		run = run[:0]
	}
	for _, r := range s {
		if piiIsDigit(r) || (piiIsX(r) && len(run) == 17) {
			run = append(run, r)
			continue
		}
		flush()
		b.WriteRune(r)
	}
	flush()
	return b.String()
}

func digitValue(r rune) int {
	if r >= '０' && r <= '９' {
		return int(r - '０')
	}
	return int(r - '0')
}

// Fingerprint identifies a problem across scans: the rule, the URL without
// scheme, default "index" page or trailing slash, and the subject (the
// missing element, the year, the 文号). Never the message or the scan date.
func Fingerprint(rule, rawURL, subject string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + normalizeForFingerprint(rawURL) + "\x00" + subject))
	return hex.EncodeToString(h[:8])
}

func normalizeForFingerprint(raw string) string {
	if s, ok := fingerprintPlain(raw); ok {
		return s
	}
	return fingerprintParsed(raw)
}

// fingerprintPlain is fingerprintParsed for the common URL — http(s), a
// lower-case host, a path and query of unreserved characters only — where
// the result is a part of raw: no parse and no new string for each of a
// site's 100,000 page URLs. ok is false for anything else.
func fingerprintPlain(raw string) (string, bool) {
	var rest string
	switch {
	case strings.HasPrefix(raw, "http://"):
		rest = raw[len("http://"):]
	case strings.HasPrefix(raw, "https://"):
		rest = raw[len("https://"):]
	default:
		return "", false
	}
	host := len(rest)
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == '/' || c == '?' {
			host = i
			break
		}
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == ':') {
			return "", false
		}
	}
	if host == 0 {
		return "", false
	}
	if i := strings.IndexByte(rest[:host], ':'); i >= 0 && strings.Trim(rest[i+1:host], "0123456789") != "" {
		return "", false // not a port: the parser rejects it
	}
	path, query, _ := strings.Cut(rest[host:], "?")
	for i := 0; i < len(path); i++ {
		if c := path[i]; !plainURLByte(c) && c != '/' {
			return "", false
		}
	}
	for i := 0; i < len(query); i++ {
		if c := query[i]; !plainURLByte(c) && !strings.ContainsRune("=&/?", rune(c)) {
			return "", false
		}
	}
	trimmed := trimIndexPath(path)
	switch {
	case query == "":
		return rest[:host+len(trimmed)], true
	case len(trimmed) == len(path):
		return rest, true
	}
	return "", false // a trimmed path before a query: let the parser join them
}

// plainURLByte reports an unreserved URL character (RFC 3986).
func plainURLByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// trimIndexPath drops a default document name and then a trailing slash.
func trimIndexPath(p string) string {
	for _, idx := range []string{"index.html", "index.htm", "index.shtml", "index.jsp", "default.html", "default.htm"} {
		p = strings.TrimSuffix(p, "/"+idx)
	}
	return strings.TrimSuffix(p, "/")
}

// fingerprintParsed is the general form: lower-case host, escaped path
// without a default document name or trailing slash, raw query.
func fingerprintParsed(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	s := strings.ToLower(u.Host) + trimIndexPath(u.EscapedPath())
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}

// homepage returns the page record of the start URL, or nil.
func homepage(s *site.Site) *site.Page {
	for _, p := range s.Pages {
		if p.URL == s.Start || p.FinalURL == s.Start {
			return p
		}
	}
	return nil
}

// pageIndex maps URLs (requested and final) to page records.
func pageIndex(s *site.Site) map[string]*site.Page {
	idx := make(map[string]*site.Page, len(s.Pages))
	for _, p := range s.Pages {
		idx[p.URL] = p
		if p.FinalURL != "" {
			idx[p.FinalURL] = p
		}
	}
	return idx
}
