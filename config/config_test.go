package config

import (
	"reflect"
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
		"hosts: [a]\ndisabel: [x]\n":                        `site.yaml 第2行：顶层没有“disabel”这个键`,
		"thresholds:\n  interp_late: 5\n":                   `site.yaml 第2行：thresholds 下没有“interp_late”这个键`,
		"body: county\n":                                    `site.yaml 第1行：body 写的是“county”`,
		"due:\n  budget: 2026-03-31\n":                      `site.yaml 第2行：due.budget`,
		"waivers:\n  - rule: link-broken\n    reason: x\n":  "site.yaml 第2行：waivers 第1项缺少 rule、reason 或 expires",
		"waivers:\n  - {rule: a, reason: b, expires: soon}": `site.yaml 第2行：waivers 第1项的 expires 写的是“soon”`,
		"hosts: [a\n":                                       "YAML 格式有误",
		"thresholds:\n  news_stale_days: abc\n":             "site.yaml 第2行：这里应为整数，写的却是文字“abc”",
		"points: [1]\n":                                     "site.yaml 第1行：这里应为键值表",
		"parent_domain: https://www.bd.gov.cn/\n":           `parent_domain`,
	}
	for in, want := range tests {
		_, err := Parse("site.yaml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
}

func TestLevelAndNotApplicable(t *testing.T) {
	p, err := Parse("p.yaml", []byte("level: town\nnot_applicable: [行政许可, 国有资本]\n"))
	if err != nil || p.Level != "town" || len(p.NotApplicable) != 2 {
		t.Fatalf("got %+v, %v", p, err)
	}
	if _, err := Parse("p.yaml", []byte("level: province\n")); err == nil || !strings.Contains(err.Error(), "应为 county（县级）或 town") {
		t.Errorf("bad level: %v", err)
	}
}

// TestParseRanges: every number in a profile has an allowed range, and a
// number outside it is an error naming the line (points {link-broken: -5}
// used to raise the score to 113; zero and negative thresholds were
// silently replaced by the defaults).
func TestParseRanges(t *testing.T) {
	tests := []struct{ in, want string }{
		{"points:\n  link-broken: -5\n", "site.yaml 第2行：points.link-broken 写的是 -5，每条问题的扣分应在 0 到 100 之间"},
		{"points:\n  link-broken: 101\n", "第2行：points.link-broken 写的是 101"},
		{"points:\n  link-broken: .nan\n", "第2行：points.link-broken"},
		{"hosts: []\nthresholds:\n  interp_late_workdays: 0\n", "site.yaml 第3行：thresholds.interp_late_workdays 写的是 0，应为 1 到 60 之间的整数（个工作日）"},
		{"thresholds:\n  doc_publish_workdays: -3\n", "第2行：thresholds.doc_publish_workdays 写的是 -3"},
		{"thresholds:\n  news_stale_days: 100000\n", "第2行：thresholds.news_stale_days 写的是 100000"},
		{"thresholds:\n  notice_stale_months: 0\n", "thresholds.notice_stale_months"},
		{"thresholds:\n  message_unanswered_days: -1\n", "thresholds.message_unanswered_days"},
	}
	for _, tc := range tests {
		_, err := Parse("site.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tc.in, err, tc.want)
		}
	}
	// The limits themselves are accepted.
	ok := "points: {link-broken: 0, meta-tags: 100}\nthresholds:\n  interp_late_workdays: 1\n  doc_publish_workdays: 250\n  message_unanswered_days: 3650\n"
	if _, err := Parse("site.yaml", []byte(ok)); err != nil {
		t.Errorf("limits rejected: %v", err)
	}
}

// Every threshold has a range: a field added without one would accept -5.
func TestEveryThresholdHasARange(t *testing.T) {
	p := &Profile{}
	ranged := map[string]bool{}
	for _, r := range p.thresholdRanges() {
		ranged[r.key] = true
	}
	typ := reflect.TypeOf(p.Thresholds)
	for i := range typ.NumField() {
		key := strings.Split(typ.Field(i).Tag.Get("yaml"), ",")[0]
		if !ranged[key] {
			t.Errorf("thresholds.%s has no range in thresholdRanges", key)
		}
	}
}
