package main

import (
	"strings"
	"testing"
	"unicode"
)

// `gongkai rules ID` labels every field in Chinese with Chinese text; the
// catalogue's English summary is on its own line, labelled as English.
func TestRulesDetailChinese(t *testing.T) {
	stdout, stderr, code := execute(t, "rules", "link-broken", "pii-mobile")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.HasPrefix(line, "  ") {
			continue // the "id 名称 [类别]" line
		}
		label, value, _ := strings.Cut(strings.TrimSpace(line), "  ")
		value = strings.TrimSpace(value)
		if label == "英文说明" {
			if !strings.HasPrefix(value, "(English) ") {
				t.Errorf("the English summary is not marked as English: %q", line)
			}
			continue
		}
		if label == "豁免" {
			continue // configuration syntax
		}
		han := false
		for _, r := range value {
			if unicode.Is(unicode.Han, r) {
				han = true
				break
			}
		}
		if !han {
			t.Errorf("field %s is not Chinese: %q", label, line)
		}
	}
	if !strings.Contains(stdout, "英文说明  (English) a link") {
		t.Errorf("no labelled English summary:\n%s", stdout)
	}
}
