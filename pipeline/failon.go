package pipeline

import "github.com/gongkai/gongkai/checks"

// FailOnLevels are the accepted --fail-on values.
var FailOnLevels = []string{"veto", "deduct", "advice", "new"}

// FailOnMet is true when a finding reaches level: its severity or above, or
// for "new" any new finding. "" is never met.
func FailOnMet(level string, findings []checks.Finding) bool {
	if level == "" {
		return false
	}
	for _, f := range findings {
		if level == "new" {
			if f.Status == StatusNew {
				return true
			}
			continue
		}
		if f.Severity.Rank() >= checks.Severity(level).Rank() {
			return true
		}
	}
	return false
}
