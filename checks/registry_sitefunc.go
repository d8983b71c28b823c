package checks

// siteFunctionRules lists the rules of one area: site functions and security (issue #18: 暗链, 站内搜索, 网站地图, 无障碍, 网站年度报表, 找错).
func siteFunctionRules() []Rule {
	return []Rule{
		HiddenLinks{},
		SearchBroken{},
		SitemapMissing{},
		A11yMissing{},
		SiteAnnualReportMissing{},
		JiucuoMissing{},
	}
}
