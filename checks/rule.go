// Package checks holds the rules. Each rule lives in its own file with one
// Meta value; Registry lists them all. Rules see only the page model (package
// site) and the evaluation context, never the crawler or a report format.
package checks

import (
	"sync"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// Severity is the category a finding falls into on the inspection indicators.
type Severity string

// Severities, most serious first.
const (
	Veto   Severity = "veto"   // 单项否决
	Deduct Severity = "deduct" // 扣分
	Advice Severity = "advice" // 合规建议
)

// Rank orders severities: veto 3, deduct 2, advice 1, unknown 0.
func (s Severity) Rank() int {
	switch s {
	case Veto:
		return 3
	case Deduct:
		return 2
	case Advice:
		return 1
	}
	return 0
}

// Chinese returns the 问题类别 label used in the workbook.
func (s Severity) Chinese() string {
	switch s {
	case Veto:
		return "单项否决"
	case Deduct:
		return "扣分"
	case Advice:
		return "合规建议"
	}
	return string(s)
}

// Meta is the one description of a rule: everything a report shows about it.
type Meta struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"` // 名称
	Severity Severity `json:"severity"`
	Basis    string   `json:"basis"`  // regulation and article
	Advice   string   `json:"advice"` // 整改建议
	// Description is 检查内容 for offices: what is checked and when it is
	// a problem, with the threshold, in plain Chinese.
	Description string `json:"description"`
	// Summary is the same in English, precise for developers; kept in the
	// JSON for readers written before Description.
	Summary string `json:"summary"`
	// Points deducted per finding for the indicator score (deduct rules).
	Points float64 `json:"points,omitempty"`
	// PointsBasis says how sure the points are, as rules.md tags them:
	// "C" confirmed, "P" partly confirmed, "I" inferred, "profile" set by
	// the site profile. Reports label the score with it.
	PointsBasis string `json:"points_basis,omitempty"`
	// Thresholds are the rule's configurable limits with their defaults;
	// the rule reads its values through them.
	Thresholds []Threshold `json:"-"`
	// Recheck is how verify re-checks the rule's rows.
	Recheck Recheck `json:"-"`
}

// Finding is one problem on one page (or one site-level gap).
type Finding struct {
	Rule        string   `json:"rule"`
	Severity    Severity `json:"severity"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Column      string   `json:"column"`
	Message     string   `json:"message"`
	Evidence    string   `json:"evidence"`
	Basis       string   `json:"basis"`
	Advice      string   `json:"advice"`
	Referrers   []string `json:"referrers,omitempty"`
	Fingerprint string   `json:"fingerprint"`
	Status      string   `json:"status,omitempty"`
	// Subject distinguishes several findings of one rule on one URL (the
	// missing element, the year …); it feeds the fingerprint.
	Subject string `json:"-"`
}

// Context is what every rule may know besides the site: the evaluation date
// and the per-site profile.
type Context struct {
	AsOf time.Time // midnight Asia/Shanghai
	// Calendar is the official working-day calendar, with any extra data
	// the user supplied.
	Calendar *calendar.Calendar
	// Profile is the site profile (never nil when run by scan; rules must
	// still treat nil as "all defaults").
	Profile *config.Profile
	// PerPage asks for one finding per page where a rule would otherwise
	// report a template's defect once (meta-tags): verify re-checks only
	// the pages of its rows, not a whole site.
	PerPage bool

	// analysesMu guards bySite: the analyses several rules share, per site
	// (see analyses.go).
	analysesMu sync.Mutex
	bySite     map[analysesKey]*analyses
}

// memoized returns f with its results kept, for one analysis over a site
// whose pages repeat the same URLs (menus, list pagers). Not for
// concurrent use.
func memoized[V any](f func(string) V) func(string) V {
	m := map[string]V{}
	return func(s string) V {
		v, ok := m[s]
		if !ok {
			v = f(s)
			m[s] = v
		}
		return v
	}
}

// profile returns the context's profile or an empty one.
func (c *Context) profile() *config.Profile {
	if c == nil || c.Profile == nil {
		return &config.Profile{}
	}
	return c.Profile
}

// Rule is one check. Check returns the findings for the whole site. A rule
// that looks at pages one at a time is also a PageRule: Run then feeds it
// from its one read of each page (pagepass.go) instead of calling Check.
type Rule interface {
	Meta() Meta
	Check(ctx *Context, s *site.Site) []Finding
}
