package checks

// netSiteRules lists the rules of one area: the site's domain, IPv6 and
// HTTPS (issue #18, catalogue B3–B5).
func netSiteRules() []Rule {
	return []Rule{
		DomainNonstandard{},
		IPv6Missing{},
		HTTPSMissing{},
	}
}
