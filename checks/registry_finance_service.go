package checks

// financeServiceRules lists the rules of one area: budgets and final accounts, 三公经费, service guides, consultations.
func financeServiceRules() []Rule {
	return []Rule{
		BudgetMissing{},
		FinalAccountsMissing{},
		SangongMissing{},
		ServiceGuideMissing{},
		ServiceGuideIncomplete{},
		ConsultationNoFeedback{},
		ConsultationShortPeriod{},
	}
}
