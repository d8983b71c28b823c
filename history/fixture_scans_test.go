package history

import "github.com/gongkai/gongkai/report"

// fixtureScans are the scans testdata/v1.db holds: it was written by the
// gongkai of schema 1 (before numbered migrations and PostgreSQL) from
// exactly these reports.
func fixtureScans() []*report.Report {
	const site = "https://www.example.gov.cn/"
	return []*report.Report{
		rep(site, "2025-09-25", true, 90, "link-broken", "link-broken", "meta-tags"),
		rep(site, "2025-10-25", true, 95, "link-broken"),
		rep(site, "2025-10-28", false, 99),
		rep(site, "2025-11-25", true, 80, "homepage-stale", "link-broken"),
		rep("http://other.gov.cn/", "2025-11-25", true, 70, "meta-tags"),
	}
}
