package checks

// contentIntegrityRules lists the rules of one area (issue #18 A7 (1),
// A7 (5), J2): what the content itself says — wording, dates, expired
// notices.
func contentIntegrityRules() []Rule {
	return []Rule{
		WordingSerious{},
		DateInconsistent{},
		NoticeExpired{},
	}
}
