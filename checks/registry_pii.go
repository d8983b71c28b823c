package checks

// piiRules lists the rules of one area: personal data in pages and attachments.
func piiRules() []Rule {
	return []Rule{
		PIIIDNumber{},
		PIIMobile{},
		PIIBankCard{},
	}
}
