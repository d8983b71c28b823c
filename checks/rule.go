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
	Summary  string   `json:"summary"`
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

	// memo holds what several rules derive from the same site (column
	// groups, the document analysis), built once per run and dropped with
	// the Context, so that no cache outlives a scan.
	memoMu sync.Mutex
	memo   map[memoKey]*memoEntry
}

type memoKey struct {
	name string
	site *site.Site
	n    int // pages: a site grown since is another site
}

// memoEntry is one shared result. It has its own lock so that a build may
// use other shared results (the document analysis asks which pages are
// soft 404s).
type memoEntry struct {
	mu   sync.Mutex
	done bool
	v    any
}

// shared returns build()'s result for this site, building it once per
// Context. A nil Context builds every time.
func shared[T any](c *Context, name string, s *site.Site, build func() T) T {
	if c == nil {
		return build()
	}
	k := memoKey{name: name, site: s, n: len(s.Pages)}
	c.memoMu.Lock()
	e := c.memo[k]
	if e == nil {
		e = &memoEntry{}
		if c.memo == nil {
			c.memo = map[memoKey]*memoEntry{}
		}
		c.memo[k] = e
	}
	c.memoMu.Unlock()
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.done { // a build that panicked is tried again, as before
		e.v, e.done = build(), true
	}
	return e.v.(T)
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

// Rule is one check. Check returns the findings for the whole site; rules
// that look at pages one at a time loop over s.Pages themselves.
type Rule interface {
	Meta() Meta
	Check(ctx *Context, s *site.Site) []Finding
}
