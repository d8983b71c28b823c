package config

import (
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	p, err := Parse("site.yaml", []byte(`
hosts: [xxgk.example.gov.cn]
disable: [meta-tags]
body: department
parent_domain: bd.gov.cn
columns:
  政策解读: [/xxgk/zcjd/]
thresholds:
  interp_late_workdays: 0
  doc_publish_workdays: 15
due:
  budget: "03-31"
waivers:
  - rule: link-broken
    url: /old/
    reason: 旧栏目已申请下线
    expires: 2026-06-30
`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Hosts[0] != "xxgk.example.gov.cn" || p.Disable[0] != "meta-tags" || p.Body != "department" ||
		p.Columns["政策解读"][0] != "/xxgk/zcjd/" || len(p.Waivers) != 1 || p.ParentDomain != "bd.gov.cn" {
		t.Errorf("profile = %+v", p)
	}
	if Or(p.Thresholds.InterpLateWorkdays, 3) != 3 || Or(p.Thresholds.DocPublishWorkdays, 20) != 15 {
		t.Errorf("thresholds = %+v", p.Thresholds)
	}
	loc := time.FixedZone("CST", 8*3600)
	if d := DueDate(p.Due.Budget, "04-30", 2026, loc); d.Format("2006-01-02") != "2026-03-31" {
		t.Errorf("budget due = %v", d)
	}
	if d := DueDate(p.Due.FinalAccounts, "09-30", 2026, loc); d.Format("2006-01-02") != "2026-09-30" {
		t.Errorf("final accounts due = %v", d)
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"hosts: [a]\ndisabel: [x]\n":                        `line 2: unknown key "disabel" in the top level`,
		"thresholds:\n  interp_late: 5\n":                   `unknown key "interp_late" in thresholds`,
		"body: county\n":                                    `body "county"`,
		"due:\n  budget: 2026-03-31\n":                      `due.budget`,
		"waivers:\n  - rule: link-broken\n    reason: x\n":  "waivers[0]: rule, reason and expires are all required",
		"waivers:\n  - {rule: a, reason: b, expires: soon}": `waivers[0].expires "soon"`,
		"hosts: [a\n":                                       "line",
		"parent_domain: https://www.bd.gov.cn/\n":           `parent_domain "https://www.bd.gov.cn/": give a domain name only`,
	}
	for in, want := range tests {
		_, err := Parse("site.yaml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "site.yaml: ") {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestLevelAndNotApplicable(t *testing.T) {
	p, err := Parse("p.yaml", []byte("level: town\nnot_applicable: [行政许可, 国有资本]\n"))
	if err != nil || p.Level != "town" || len(p.NotApplicable) != 2 {
		t.Fatalf("got %+v, %v", p, err)
	}
	if _, err := Parse("p.yaml", []byte("level: province\n")); err == nil || !strings.Contains(err.Error(), "use county or town") {
		t.Errorf("bad level: %v", err)
	}
}
