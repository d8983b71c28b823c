package checks

import "github.com/gongkai/gongkai/config"

// Threshold is one configurable limit of a rule: the profile key under
// thresholds:, its default, its allowed range and unit. The rule reads its
// value through the Threshold, so the default is written only here.
// (config checks a profile's values against the same range; a test keeps
// the two in step.)
type Threshold struct {
	Key      string
	Default  int
	Min, Max int
	Unit     string
	// field picks the profile's setting (0 = unset).
	field func(*config.Thresholds) int
}

// From returns the threshold's value in th, or its default.
func (t Threshold) From(th config.Thresholds) int {
	return config.Or(t.field(&th), t.Default)
}

// Of returns the threshold's value in a profile (nil: the default).
func (t Threshold) Of(p *config.Profile) int {
	if p == nil {
		return t.Default
	}
	return t.From(p.Thresholds)
}

// value is the threshold for a run.
func (t Threshold) value(ctx *Context) int { return t.Of(ctx.profile()) }

// Threshold returns the rule's threshold with the given key.
func (m Meta) Threshold(key string) (Threshold, bool) {
	for _, t := range m.Thresholds {
		if t.Key == key {
			return t, true
		}
	}
	return Threshold{}, false
}

// RecheckMode says how verify re-checks a rule's rows.
type RecheckMode int

const (
	// RecheckNone: the problem can only be judged on a full crawl
	// (something missing from the whole site, context from other pages);
	// the row is 无法复核 with the policy's reason.
	RecheckNone RecheckMode = iota
	// RecheckLink: the row's URL is a link target; it is checked again (an
	// on-site page is fetched, so a soft 404 is seen), and when it still
	// fails, the pages that linked to it are fetched to see whether the
	// link was removed.
	RecheckLink
	// RecheckPage: the rule judges the page (or attachment) on its own, so
	// it is fetched again and the rule re-run: found again → still there;
	// not found on a page that opened normally → fixed.
	RecheckPage
	// RecheckFoundOnly: found again on the re-fetched page proves the
	// problem is still there, but not finding it proves nothing (the rule
	// needs pages the re-check does not fetch).
	RecheckFoundOnly
	// RecheckFresh: like RecheckFoundOnly, and a page listing an item
	// dated within FreshDays of the as-of date proves the fix (stale/blank
	// columns and homepages).
	RecheckFresh
)

// Recheck is how verify re-checks the rows of one rule [I]: a rule is only
// trusted to say "fixed" when it judges the re-fetched page on its own.
type Recheck struct {
	Mode RecheckMode
	// Strict: several rows of the rule may share a URL (one per missing
	// element), so only the exact fingerprint matches a row.
	Strict bool
	// RemovedFixes: a page or attachment that is gone (404/410) no longer
	// publishes the problem (a leaked ID number taken down).
	RemovedFixes bool
	// Homepage: the row is about the start page.
	Homepage bool
	// FreshDays is the age of the newest dated item that proves a
	// RecheckFresh page updated; 0 reads the homepage threshold, -1 means
	// any listed item proves it (blank columns).
	FreshDays int
	// Reason is why a RecheckNone row, or a RecheckFoundOnly row that is
	// no longer found, cannot be judged.
	Reason string
}

// Defined reports whether someone decided the policy: a re-check mode, or
// a reason why the rows cannot be re-checked.
func (r Recheck) Defined() bool { return r.Mode != RecheckNone || r.Reason != "" }

// Reasons shared by many rules' re-check policies.
const (
	recheckSite = "缺失类问题只能在全站扫描中确认，请重新扫描全站"
	recheckMore = "该指标需结合其他页面或附件判断，未再发现不足以证明已整改，请重新扫描全站"
)
