// Package config reads the per-site profile (YAML): extra hosts, rules that
// do not apply to this body, thresholds, due dates, column hints, waivers and
// an extra holiday calendar. Unknown keys are errors, so a typo never
// silently disables a setting.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Profile is one site's configuration. Zero values mean "use the default";
// the accessors below return the defaults, which are documented there.
type Profile struct {
	// Hosts besides the start host that belong to the site and are crawled
	// (e.g. the 信息公开 platform on its own subdomain).
	Hosts []string `yaml:"hosts"`
	// Disable lists rule IDs that do not apply to this body.
	Disable []string `yaml:"disable"`
	// Calendar is an extra holiday file (same format as the embedded one).
	Calendar string `yaml:"calendar"`
	// Body is who runs the site: "government" (a people's government, whose
	// own annual report is due 3月31日) or "department" (due 1月31日). Empty:
	// inferred from the report's issuing body.
	Body string `yaml:"body"`
	// ParentDomain is the domain of the government a department site
	// belongs to (e.g. bd.gov.cn): the department's site must be under it
	// (domain-nonstandard). Empty: not judged.
	ParentDomain string `yaml:"parent_domain"`
	// Level is the administrative level of the body: "county" (县、县级市、
	// 市辖区 and their departments) or "town" (乡、镇、街道). Empty: inferred
	// from the site name where it says (示范县人民政府, 某某镇人民政府).
	Level string `yaml:"level"`
	// NotApplicable names the 政务公开 items that do not apply to this body
	// (a department without 行政许可 powers): 第二十条 items by name (行政许可,
	// 行政处罚, 收费, 政府采购 …) or number (第二十条第五项), 基层政务公开标准目录
	// areas by name (征地补偿 …), and 国有资本 (no 国有资本经营预算 table).
	NotApplicable []string `yaml:"not_applicable"`
	// Columns maps a column class (e.g. 政策文件, 政策解读, 财政预决算) to URL
	// prefixes or substrings where that column lives, for sites whose column
	// names cannot be recognised.
	Columns map[string][]string `yaml:"columns"`
	// Thresholds overrides the rules' limits.
	Thresholds Thresholds `yaml:"thresholds"`
	// Due overrides due dates ("MM-DD" in the year concerned).
	Due DueDates `yaml:"due"`
	// Points overrides the per-finding deduction of a rule (score), for
	// deductions that rules.md marks [P]/[I].
	Points map[string]float64 `yaml:"points"`
	// Waivers suppress findings the office has accepted, with a reason and
	// an expiry date.
	Waivers []Waiver `yaml:"waivers"`
}

// Thresholds are the configurable limits; 0 means the default.
type Thresholds struct {
	InterpLateWorkdays    int `yaml:"interp_late_workdays"`    // default 3
	DocPublishWorkdays    int `yaml:"doc_publish_workdays"`    // default 20 (条例第二十六条)
	ConsultMinDays        int `yaml:"consult_min_days"`        // default 30
	ConsultFeedbackDays   int `yaml:"consult_feedback_days"`   // default 30
	HomepageStaleDays     int `yaml:"homepage_stale_days"`     // default 14
	NewsStaleDays         int `yaml:"news_stale_days"`         // default 14
	NoticeStaleMonths     int `yaml:"notice_stale_months"`     // default 6
	PersonnelStaleMonths  int `yaml:"personnel_stale_months"`  // default 12
	MessageUnansweredDays int `yaml:"message_unanswered_days"` // default 90
	// Issue #18: A7 (1), A7 (5), J2.
	WordingGraceMonths  int `yaml:"wording_grace_months"`  // default 6: months after a reform before an old organ name counts
	DateMigrationPages  int `yaml:"date_migration_pages"`  // default 100: pages sharing one timestamp that make a migration stamp
	NoticeExpiredMonths int `yaml:"notice_expired_months"` // default 12: months after a 公示期 ended
}

// DueDates are "MM-DD" strings; empty means the default.
type DueDates struct {
	AnnualReportDepartment string `yaml:"annual_report_department"` // default 01-31
	AnnualReportGovernment string `yaml:"annual_report_government"` // default 03-31
	Budget                 string `yaml:"budget"`                   // default 04-30 [I]
	FinalAccounts          string `yaml:"final_accounts"`           // default 09-30 [I]
}

// Waiver accepts one rule's findings on matching URLs until Expires.
type Waiver struct {
	Rule    string `yaml:"rule"`
	URL     string `yaml:"url"` // substring of the finding's URL; empty = all
	Reason  string `yaml:"reason"`
	Expires string `yaml:"expires"` // YYYY-MM-DD, required
}

// Or returns v, or def when v is zero.
func Or(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// DueDate returns the due date of year y from an "MM-DD" setting, or def.
func DueDate(setting, def string, y int, loc *time.Location) time.Time {
	s := setting
	if s == "" {
		s = def
	}
	t, err := time.ParseInLocation("2006-01-02", fmt.Sprintf("%04d-%s", y, s), loc)
	if err != nil {
		t, _ = time.ParseInLocation("2006-01-02", fmt.Sprintf("%04d-%s", y, def), loc)
	}
	return t
}

// Error is a configuration mistake; its message names the file and, where
// known, the line.
type Error struct {
	File string
	Msg  string
}

func (e *Error) Error() string { return e.File + ": " + e.Msg }

// Load reads a profile file.
func Load(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{File: path, Msg: "no such file; check the --config path"}
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data)
}

// Parse decodes and validates a profile; name is used in error messages.
func Parse(name string, data []byte) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Msg: cleanYAMLError(err)}
	}
	if err := p.validate(); err != nil {
		return nil, &Error{File: name, Msg: err.Error()}
	}
	return &p, nil
}

func (p *Profile) validate() error {
	if p.Body != "" && p.Body != "government" && p.Body != "department" {
		return fmt.Errorf("body %q: use government or department", p.Body)
	}
	if d := p.ParentDomain; d != "" && (strings.ContainsAny(d, "/:@ ") || !strings.Contains(d, ".")) {
		return fmt.Errorf("parent_domain %q: give a domain name only, e.g. bd.gov.cn", d)
	}
	if p.Level != "" && p.Level != "county" && p.Level != "town" {
		return fmt.Errorf("level %q: use county or town", p.Level)
	}
	for _, d := range []struct{ key, v string }{
		{"due.annual_report_department", p.Due.AnnualReportDepartment},
		{"due.annual_report_government", p.Due.AnnualReportGovernment},
		{"due.budget", p.Due.Budget}, {"due.final_accounts", p.Due.FinalAccounts},
	} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", "2024-"+d.v); err != nil {
			return fmt.Errorf("%s %q: use MM-DD, e.g. 03-31", d.key, d.v)
		}
	}
	for i, w := range p.Waivers {
		if w.Rule == "" || w.Reason == "" || w.Expires == "" {
			return fmt.Errorf("waivers[%d]: rule, reason and expires are all required", i)
		}
		if _, err := time.Parse("2006-01-02", w.Expires); err != nil {
			return fmt.Errorf("waivers[%d].expires %q: use YYYY-MM-DD", i, w.Expires)
		}
	}
	return nil
}

var knownKeys = "hosts, disable, calendar, body, level, not_applicable, parent_domain, columns, thresholds, due, points, waivers"

// cleanYAMLError turns "yaml: unmarshal errors:\n  line 3: field foo not
// found in type config.Profile" into "line 3: unknown key \"foo\"".
func cleanYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i := strings.Index(l, "field "); i >= 0 && strings.Contains(l, " not found in type") {
			j := strings.Index(l, " not found in type")
			key := l[i+len("field ") : j]
			where := "the top level"
			if strings.Contains(l[j:], "Thresholds") {
				where = "thresholds"
			} else if strings.Contains(l[j:], "DueDates") {
				where = "due"
			} else if strings.Contains(l[j:], "Waiver") {
				where = "a waiver"
			}
			l = l[:i] + fmt.Sprintf("unknown key %q in %s", key, where)
			if where == "the top level" {
				l += " (known keys: " + knownKeys + ")"
			}
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
}
