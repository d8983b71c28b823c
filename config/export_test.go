package config

// ThresholdRange is intRange for tests outside the package.
type ThresholdRange struct {
	Key      string
	V        *int
	Min, Max int
	Unit     string
}

// ThresholdRanges exposes a profile's threshold ranges to the test that
// keeps them in step with the rules' Meta.
func (p *Profile) ThresholdRanges() []ThresholdRange {
	var out []ThresholdRange
	for _, r := range p.thresholdRanges() {
		out = append(out, ThresholdRange{Key: r.key, V: r.v, Min: r.min, Max: r.max, Unit: r.unit})
	}
	return out
}
