package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/gongkai/gongkai/checks"
)

// `gongkai rules ID` labels every field in Chinese with Chinese text, the
// 检查内容 first; the English summary is for --json only.
func TestRulesDetailChinese(t *testing.T) {
	stdout, stderr, code := execute(t, "rules", "link-broken", "pii-mobile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var labels []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue // the "id 名称 [类别]" line
		}
		label, value, _ := strings.Cut(strings.TrimSpace(line), "  ")
		value = strings.TrimSpace(value)
		labels = append(labels, label)
		if label == "豁免" {
			continue // configuration syntax
		}
		if !strings.ContainsFunc(value, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("field %s is not Chinese: %q", label, line)
		}
	}
	if len(labels) == 0 || labels[0] != "检查内容" {
		t.Errorf("labels = %v, want 检查内容 first", labels)
	}
	if want := "  检查内容  " + mustRule(t, "link-broken").Description + "\n"; !strings.Contains(stdout, want) {
		t.Errorf("no 检查内容 line %q:\n%s", want, stdout)
	}
	if strings.Contains(stdout, "English") || strings.Contains(stdout, mustRule(t, "link-broken").Summary) {
		t.Errorf("the English summary is printed:\n%s", stdout)
	}
}

// `gongkai rules --json` carries description (检查内容) and, for readers
// written before it, summary.
func TestRulesJSONDescription(t *testing.T) {
	stdout, stderr, code := execute(t, "rules", "--json", "pii-mobile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	m := mustRule(t, "pii-mobile")
	if len(got) != 1 || got[0]["description"] != m.Description || got[0]["summary"] != m.Summary || m.Description == "" {
		t.Errorf("rules --json = %s", stdout)
	}
}

func mustRule(t *testing.T, id string) checks.Meta {
	t.Helper()
	r, ok := checks.Lookup(id)
	if !ok {
		t.Fatalf("no rule %s", id)
	}
	return r.Meta()
}
