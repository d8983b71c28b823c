package checks

import "sort"

// Score is the indicator score: 100 points less the deductions; any veto
// item fails the site whatever the points say.
type Score struct {
	Total      float64
	Veto       []string
	Deductions map[string]float64
}

// ComputeScore applies each rule's per-finding points. It is provisional:
// only deductions confirmed or clearly inferred in rules.md carry points.
// override replaces a rule's points (profile "points:").
func ComputeScore(findings []Finding, rules []Rule, override map[string]float64) Score {
	points := map[string]float64{}
	for _, r := range rules {
		m := r.Meta()
		points[m.ID] = m.Points
	}
	for id, p := range override {
		points[id] = p
	}
	sc := Score{Total: 100, Veto: []string{}, Deductions: map[string]float64{}}
	vetoSeen := map[string]bool{}
	for _, f := range findings {
		switch f.Severity {
		case Veto:
			if !vetoSeen[f.Rule] {
				vetoSeen[f.Rule] = true
				sc.Veto = append(sc.Veto, f.Rule)
			}
		case Deduct:
			sc.Deductions[f.Rule] += points[f.Rule]
		}
	}
	var sum float64
	for id, d := range sc.Deductions {
		d = round1(d)
		sc.Deductions[id] = d
		sum += d
	}
	sc.Total = max(round1(100-sum), 0)
	sort.Strings(sc.Veto)
	return sc
}

func round1(x float64) float64 {
	if x < 0 {
		return -round1(-x)
	}
	return float64(int64(x*10+0.5)) / 10
}
