package checks_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/site"
)

// financeServiceIDs are the rules of registry_finance_service.go.
var financeServiceIDs = []string{
	"budget-missing", "final-accounts-missing", "sangong-missing",
	"service-guide-missing", "service-guide-incomplete",
	"consultation-no-feedback", "consultation-short-period",
}

// crawlFixture crawls a fixture site and runs the finance and service rules
// as of asOf. It returns "rule severity path" lines, sorted.
func crawlFixture(t *testing.T, dir, asOf string) ([]string, []checks.Finding) {
	t.Helper()
	s, base := crawlFS(t, os.DirFS(dir))
	d, _ := time.ParseInLocation("2006-01-02", asOf, site.Shanghai)
	fs := runRules(t, &checks.Context{AsOf: d}, s, rulesOf(t, financeServiceIDs))
	for _, f := range fs {
		if f.Message == "" || f.Evidence == "" || f.Basis == "" || f.Advice == "" || f.Title == "" {
			t.Errorf("incomplete finding: %+v", f)
		}
	}
	return findingLines(fs, base, false), fs
}

// TestFinanceServiceSite crawls the fixture county site end to end: each
// violating page yields its finding, and the compliant look-alikes (a
// complete budget, a 竣工决算, a tab-only guide, a draft with feedback, a
// short period with its reason, a survey) yield none.
func TestFinanceServiceSite(t *testing.T) {
	got, fs := crawlFixture(t, "testdata/finance_service/site", "2025-11-24")
	want := []string{
		"consultation-no-feedback deduct /xxgk/yjzj/202508/t20250815_32.html",
		"consultation-short-period deduct /xxgk/yjzj/202511/t20251110_31.html",
		"final-accounts-missing deduct /xxgk/czyjs/",
		"sangong-missing deduct /xxgk/czyjs/202503/t20250325_12.html",
		"service-guide-incomplete deduct /bsfw/bszn/202506/t20250602_22.html",
		"service-guide-incomplete veto /bsfw/bszn/202506/t20250603_23.html",
	}
	wantLines(t, "findings", got, want)
	for _, f := range fs {
		switch f.Rule {
		case "final-accounts-missing":
			if !strings.Contains(f.Evidence, "人民路改造工程2024年竣工决算") || !strings.Contains(f.Evidence, "2023年") || f.Column != "财政预决算" {
				t.Errorf("final accounts evidence: %s", f.Evidence)
			}
		case "consultation-short-period":
			if !strings.Contains(f.Evidence, "2025-11-10至2025-11-24，共15个日历日") {
				t.Errorf("short period evidence: %s", f.Evidence)
			}
		}
	}
}

// TestFinanceServiceSiteWithoutServices is a township site with news only:
// no budget, no final account, no service guide and no link to one.
func TestFinanceServiceSiteWithoutServices(t *testing.T) {
	got, _ := crawlFixture(t, "testdata/finance_service/site_noservice", "2025-11-24")
	want := []string{
		"budget-missing deduct /",
		"final-accounts-missing deduct /",
		"service-guide-missing veto /",
	}
	wantLines(t, "findings", got, want)
}

// TestFinanceServiceDemoSite pins what these rules find on the embedded demo
// site as of its snapshot date (xxgk/czyjs/, bsfw/, xxgk/yjzj/): a new
// finding is a false positive or a new planted defect to add here.
// service-guide-missing cannot show on a site that has guides.
func TestFinanceServiceDemoSite(t *testing.T) {
	s, base := crawlFS(t, demo.Site())
	got := findingLines(runRules(t, &checks.Context{AsOf: demo.AsOf}, s, rulesOf(t, financeServiceIDs)), base, true)
	want := []string{
		"budget-missing deduct /xxgk/czyjs/ 2025年部门预算",
		"consultation-no-feedback deduct /xxgk/yjzj/202508/t20250815_602.html ",
		"consultation-short-period deduct /xxgk/yjzj/202511/t20251110_601.html ",
		"final-accounts-missing deduct /xxgk/czyjs/ 2024年部门决算",
		"sangong-missing deduct /xxgk/czyjs/202403/t20240328_403.html 2024年部门预算",
		"service-guide-incomplete deduct /bsfw/202507/t20250710_502.html ",
		"service-guide-incomplete veto /bsfw/202509/t20250915_503.html ",
	}
	wantLines(t, "demo findings", got, want)
}
