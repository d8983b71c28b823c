package verify

import (
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
)

// policyFor is how the rows of a rule are re-checked: the rule's Meta says
// (checks.Recheck). A rule verify does not know, or one whose policy nobody
// decided, is 无法复核.
func policyFor(rule string) checks.Recheck {
	if r, ok := checks.Lookup(rule); ok {
		if p := r.Meta().Recheck; p.Defined() {
			return p
		}
	}
	return checks.Recheck{Reason: "该指标暂不支持自动复核，请重新扫描全站"}
}

// homepageStaleDays is homepage-stale's threshold in a profile: a homepage
// listing an item this recent is updated.
func homepageStaleDays(p *config.Profile) int {
	r, _ := checks.Lookup("homepage-stale")
	t, _ := r.Meta().Threshold("homepage_stale_days")
	return t.Of(p)
}
