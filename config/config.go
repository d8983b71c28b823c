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
	"math"
	"os"
	"regexp"
	"sort"
	"strconv"
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
// known, the line, and says what to write instead.
type Error struct {
	File string
	Line int // 1-based; 0 when no line applies
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s 第%d行：%s", e.File, e.Line, e.Msg)
	}
	return e.File + "：" + e.Msg
}

// Load reads a profile file.
func Load(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{File: path, Msg: "文件不存在，请检查 --config 的路径"}
		}
		return nil, &Error{File: path, Msg: "文件无法读取（可能是目录或没有读取权限），请检查 --config 的路径"}
	}
	return Parse(path, data)
}

// Parse decodes and validates a profile; name is used in error messages.
func Parse(name string, data []byte) (*Profile, error) {
	// The node tree gives the line of each key for the range checks.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(name, err)
	}
	if err := p.validate(&root); err != nil {
		err.File = name
		return nil, err
	}
	return &p, nil
}

// intRange is the allowed range of one threshold.
type intRange struct {
	key      string
	v        *int
	min, max int
	unit     string
}

// MaxPoints caps a per-finding deduction: the score is out of 100.
const MaxPoints = 100

func (p *Profile) thresholdRanges() []intRange {
	t := &p.Thresholds
	return []intRange{
		{key: "interp_late_workdays", v: &t.InterpLateWorkdays, min: 1, max: 60, unit: "个工作日"},
		{key: "doc_publish_workdays", v: &t.DocPublishWorkdays, min: 1, max: 250, unit: "个工作日"},
		{key: "consult_min_days", v: &t.ConsultMinDays, min: 1, max: 365, unit: "天"},
		{key: "consult_feedback_days", v: &t.ConsultFeedbackDays, min: 1, max: 365, unit: "天"},
		{key: "homepage_stale_days", v: &t.HomepageStaleDays, min: 1, max: 365, unit: "天"},
		{key: "news_stale_days", v: &t.NewsStaleDays, min: 1, max: 365, unit: "天"},
		{key: "notice_stale_months", v: &t.NoticeStaleMonths, min: 1, max: 60, unit: "个月"},
		{key: "personnel_stale_months", v: &t.PersonnelStaleMonths, min: 1, max: 60, unit: "个月"},
		{key: "message_unanswered_days", v: &t.MessageUnansweredDays, min: 1, max: 3650, unit: "天"},
		{key: "wording_grace_months", v: &t.WordingGraceMonths, min: 1, max: 60, unit: "个月"},
		{key: "date_migration_pages", v: &t.DateMigrationPages, min: 2, max: 1000000, unit: "个页面"},
		{key: "notice_expired_months", v: &t.NoticeExpiredMonths, min: 1, max: 120, unit: "个月"},
	}
}

func (p *Profile) validate(root *yaml.Node) *Error {
	at := func(line int, format string, args ...any) *Error {
		return &Error{Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	if p.Body != "" && p.Body != "government" && p.Body != "department" {
		return at(keyLine(root, "body"), "body 写的是“%s”，应为 government（人民政府）或 department（部门）", p.Body)
	}
	for _, r := range p.thresholdRanges() {
		line := keyLine(root, "thresholds", r.key)
		if line == 0 { // not given: the default
			continue
		}
		if *r.v < r.min || *r.v > r.max {
			return at(line, "thresholds.%s 写的是 %d，应为 %d 到 %d 之间的整数（%s）；不写则用默认值", r.key, *r.v, r.min, r.max, r.unit)
		}
	}
	keys := make([]string, 0, len(p.Points))
	for k := range p.Points {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := p.Points[k]
		if math.IsNaN(v) || v < 0 || v > MaxPoints {
			return at(keyLine(root, "points", k), "points.%s 写的是 %v，每条问题的扣分应在 0 到 %d 之间", k, v, MaxPoints)
		}
	}
	if d := p.ParentDomain; d != "" && (strings.ContainsAny(d, "/:@ ") || !strings.Contains(d, ".")) {
		return at(keyLine(root, "parent_domain"), "parent_domain 写的是“%s”，只填域名，例如 bd.gov.cn（不带 http://、路径或端口）", d)
	}
	if p.Level != "" && p.Level != "county" && p.Level != "town" {
		return at(keyLine(root, "level"), "level 写的是“%s”，应为 county（县级）或 town（乡镇、街道）", p.Level)
	}
	for _, d := range []struct{ key, v string }{
		{"annual_report_department", p.Due.AnnualReportDepartment},
		{"annual_report_government", p.Due.AnnualReportGovernment},
		{"budget", p.Due.Budget}, {"final_accounts", p.Due.FinalAccounts},
	} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", "2024-"+d.v); err != nil {
			return at(keyLine(root, "due", d.key), "due.%s 写的是“%s”，应为“月-日”格式，例如 \"03-31\"（加引号）", d.key, d.v)
		}
	}
	for i, w := range p.Waivers {
		line := itemLine(root, "waivers", i)
		if w.Rule == "" || w.Reason == "" || w.Expires == "" {
			return at(line, "waivers 第%d项缺少 rule、reason 或 expires，三项都必须填写", i+1)
		}
		if _, err := time.Parse("2006-01-02", w.Expires); err != nil {
			return at(line, "waivers 第%d项的 expires 写的是“%s”，应为“年-月-日”格式，例如 2026-06-30", i+1, w.Expires)
		}
	}
	return nil
}

// keyLine is the line of the key at path in a YAML document, or 0.
func keyLine(root *yaml.Node, path ...string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := 0
	for _, key := range path {
		if n == nil || n.Kind != yaml.MappingNode {
			return 0
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				line, next = n.Content[i].Line, n.Content[i+1]
			}
		}
		if next == nil {
			return 0
		}
		n = next
	}
	return line
}

// itemLine is the line of item i of the sequence under key, or 0.
func itemLine(root *yaml.Node, key string, i int) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return 0
	}
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == key {
			if seq := n.Content[j+1]; seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				return seq.Content[i].Line
			}
			return n.Content[j].Line
		}
	}
	return 0
}

var knownKeys = "hosts, disable, calendar, body, level, not_applicable, parent_domain, columns, thresholds, due, points, waivers"

var (
	reYAMLLine    = regexp.MustCompile(`^line (\d+): (.*)$`)
	reUnknownKey  = regexp.MustCompile(`^field (.+) not found in type (\S+)$`)
	reWrongType   = regexp.MustCompile("^cannot unmarshal !!(\\w+) `(.*)` into (\\S+)$")
	reWrongTypeNV = regexp.MustCompile(`^cannot unmarshal !!(\w+) into (\S+)$`)
)

// yamlKinds names YAML value kinds and Go target types for the user.
var yamlKinds = map[string]string{
	"str": "文字", "int": "整数", "float": "数字", "bool": "是/否（true/false）", "seq": "列表", "map": "键值表",
	"null": "空值", "timestamp": "日期",
}

func goKind(t string) string {
	switch {
	case t == "int":
		return "整数"
	case t == "float64":
		return "数字"
	case t == "string":
		return "文字"
	case t == "bool":
		return "是/否（true/false）"
	case strings.HasPrefix(t, "[]"):
		return "列表（如 [a, b]）"
	default: // maps and structs
		return "键值表（下一行缩进写“键: 值”）"
	}
}

// yamlError turns a YAML decoding error into one Chinese sentence per
// problem with its line: an unknown key, a value of the wrong kind, bad
// syntax. The library's English never reaches the user.
func yamlError(name string, err error) *Error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	e := &Error{File: name}
	var out []string
	for _, m := range msgs {
		m = strings.TrimSpace(m)
		line := 0
		if g := reYAMLLine.FindStringSubmatch(m); g != nil {
			line, _ = strconv.Atoi(g[1])
			m = g[2]
		}
		var text string
		switch g := reUnknownKey.FindStringSubmatch(m); {
		case g != nil:
			where := "顶层"
			known := "（可用的键：" + knownKeys + "）"
			switch {
			case strings.Contains(g[2], "Thresholds"):
				where, known = "thresholds 下", ""
			case strings.Contains(g[2], "DueDates"):
				where, known = "due 下", ""
			case strings.Contains(g[2], "Waiver"):
				where, known = "waivers 的一项中", ""
			}
			text = fmt.Sprintf("%s没有“%s”这个键%s，请检查拼写", where, g[1], known)
		default:
			if w := reWrongType.FindStringSubmatch(m); w != nil {
				text = fmt.Sprintf("这里应为%s，写的却是%s“%s”", goKind(w[3]), kindName(w[1]), w[2])
			} else if w := reWrongTypeNV.FindStringSubmatch(m); w != nil {
				text = fmt.Sprintf("这里应为%s，写的却是%s", goKind(w[2]), kindName(w[1]))
			} else {
				text = "YAML 格式有误（冒号、引号、括号或缩进不对），请对照 README 中的示例改正"
			}
		}
		if e.Line == 0 {
			e.Line = line
		} else if line > 0 {
			text = fmt.Sprintf("第%d行：%s", line, text)
		}
		out = append(out, text)
	}
	e.Msg = strings.Join(out, "；")
	return e
}

func kindName(k string) string {
	if n, ok := yamlKinds[k]; ok {
		return n
	}
	return "值"
}
