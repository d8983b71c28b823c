package config_test

import (
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
)

// The profile's threshold ranges and the rules' Meta name the same keys
// with the same range and unit, and each Meta threshold reads its own
// setting: a default is written once, in the rule's Meta.
func TestThresholdRangesMatchRuleMeta(t *testing.T) {
	meta := map[string]checks.Threshold{}
	for _, r := range checks.Registry() {
		for _, th := range r.Meta().Thresholds {
			if prev, ok := meta[th.Key]; ok && (prev.Default != th.Default || prev.Min != th.Min || prev.Max != th.Max || prev.Unit != th.Unit) {
				t.Errorf("%s: two rules describe threshold %s differently", r.Meta().ID, th.Key)
			}
			meta[th.Key] = th
		}
	}
	p := &config.Profile{}
	ranges := p.ThresholdRanges()
	for _, cr := range ranges {
		th, ok := meta[cr.Key]
		if !ok {
			t.Errorf("config checks thresholds.%s, but no rule's Meta has it", cr.Key)
			continue
		}
		delete(meta, cr.Key)
		if th.Min != cr.Min || th.Max != cr.Max || th.Unit != cr.Unit {
			t.Errorf("thresholds.%s: Meta range %d–%d %s, config %d–%d %s", cr.Key, th.Min, th.Max, th.Unit, cr.Min, cr.Max, cr.Unit)
		}
		if th.Default < th.Min || th.Default > th.Max {
			t.Errorf("thresholds.%s: default %d outside %d–%d", cr.Key, th.Default, th.Min, th.Max)
		}
		if got := th.Of(p); got != th.Default {
			t.Errorf("thresholds.%s unset = %d, want the default %d", cr.Key, got, th.Default)
		}
		*cr.V = 7777
		if got := th.Of(p); got != 7777 {
			t.Errorf("thresholds.%s set to 7777 reads %d: the Meta threshold reads another setting", cr.Key, got)
		}
		*cr.V = 0
	}
	for key := range meta {
		t.Errorf("a rule's Meta has threshold %s, but config does not range-check it", key)
	}
}
