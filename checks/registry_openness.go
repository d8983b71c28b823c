package checks

// opennessRules lists the rules of issue #18's 政务公开 structure area: the
// platform's columns, the 年报's format, budget tables and columns, the
// 基层政务公开 catalogue and 行政执法公示.
func opennessRules() []Rule {
	return []Rule{
		PlatformIncomplete{},
		AnnualReportFormat{},
		BudgetTablesIncomplete{},
		BudgetColumnMissing{},
		GrassrootsCatalogueMissing{},
		EnforcementDisclosureMissing{},
	}
}
