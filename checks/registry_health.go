package checks

// healthRules lists the rules of one area: site health: availability, freshness, blank columns, unanswered messages (issue: site-health rules).
func healthRules() []Rule {
	return []Rule{
		SiteUnreachable{},
		HomepageStale{},
		ColumnStale{},
		ColumnBlank{},
		MessageUnanswered{},
	}
}
