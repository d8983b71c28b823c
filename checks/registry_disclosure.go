package checks

// disclosureRules lists the rules of one area: 政务公开 content: guide, annual report, documents, interpretations.
func disclosureRules() []Rule {
	return []Rule{
		GuideMissing{},
		GuideIncomplete{},
		AnnualReportMissing{},
		AnnualReportLate{},
		DocMetadataIncomplete{},
		DocPublishLate{},
		DocValidityExpired{},
		InterpMissing{},
		InterpLate{},
		InterpUnlinked{},
	}
}
