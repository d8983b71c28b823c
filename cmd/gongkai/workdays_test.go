package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func execWorkdays(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newWorkdaysCmd(nil)
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func firstToken(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	tok, _, _ := strings.Cut(line, " ")
	return tok
}

func TestWorkdaysAdd(t *testing.T) {
	for _, n := range []string{"+3", "3"} {
		out, err := execWorkdays(t, "2025-09-30", n)
		if err != nil {
			t.Fatalf("workdays 2025-09-30 %s: %v", n, err)
		}
		if got := firstToken(out); got != "2025-10-11" {
			t.Errorf("workdays 2025-09-30 %s: first token %q, want 2025-10-11\n%s", n, got, out)
		}
		for _, want := range []string{"国庆节、中秋节", "2025-10-01 to 2025-10-08", "counted 2025-10-11 (Sat)", "国办发明电〔2024〕12号"} {
			if !strings.Contains(out, want) {
				t.Errorf("explanation lacks %q:\n%s", want, out)
			}
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	out, err := execWorkdays(t, "2025-03-03", "2025-03-10")
	if err != nil {
		t.Fatal(err)
	}
	if got := firstToken(out); got != "5" {
		t.Errorf("workdays 2025-03-03 2025-03-10: first token %q, want 5\n%s", got, out)
	}
	if !strings.Contains(out, "weekend") {
		t.Errorf("explanation lacks the skipped weekend:\n%s", out)
	}
	out, err = execWorkdays(t, "2025-03-10", "2025-03-03")
	if err != nil || firstToken(out) != "-5" {
		t.Errorf("reversed dates: %q, %v, want -5", out, err)
	}
}

func TestWorkdaysErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"2027-01-04", "+1"}, []string{"no official holiday data for 2027: add it with --calendar FILE (holiday-cn JSON format) or 'calendar: FILE' in the site profile"}},
		{[]string{"2026-12-30", "+5"}, []string{"no official holiday data for 2027"}},
		{[]string{"2027-01-04", "2027-01-08"}, []string{"no official holiday data for 2027"}},
		{[]string{"2025-9-30", "+3"}, []string{`"2025-9-30"`, "YYYY-MM-DD"}},
		{[]string{"2025-09-30", "soon"}, []string{`"soon"`, "+N", "YYYY-MM-DD"}},
		{[]string{"2025-09-30", "2025-13-01"}, []string{`"2025-13-01"`, "YYYY-MM-DD"}},
		{[]string{"2025-09-30"}, []string{"two arguments"}},
		{[]string{"--calendar", "/nonexistent/2027.json", "2025-09-30", "+3"}, []string{"/nonexistent/2027.json"}},
	} {
		_, err := execWorkdays(t, tc.args...)
		if err == nil {
			t.Errorf("workdays %v: no error", tc.args)
			continue
		}
		if code := exitCode(err); code != exitUsage {
			t.Errorf("workdays %v: exit %d, want %d", tc.args, code, exitUsage)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("workdays %v: error %q lacks %q", tc.args, err, w)
			}
		}
	}
}

func TestWorkdaysExtraCalendar(t *testing.T) {
	dir := t.TempDir()
	// Made-up test data shaped like a notice, not the real 2027 one.
	file := filepath.Join(dir, "2027.json")
	data := `{"year":2027,"papers":[],"notices":[{"title":"test 2027","number":""}],
	  "days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}`
	if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	// 12-31 Thu, 01-01 off, then 01-04..01-07.
	out, err := execWorkdays(t, "--calendar", file, "2026-12-30", "+5")
	if err != nil || firstToken(out) != "2027-01-07" {
		t.Errorf("with --calendar 2027: %q, %v, want 2027-01-07", out, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"year":2027,"days":[{"name":"x","date":"2027-01-01"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = execWorkdays(t, "--calendar", bad, "2026-12-30", "+5")
	if err == nil || exitCode(err) != exitUsage || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "isOffDay") {
		t.Errorf("bad --calendar file: %v (exit %d)", err, exitCode(err))
	}
}

func TestWorkdaysRegistered(t *testing.T) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"workdays", "2025-09-30", "+3"})
	if err := root.Execute(); err != nil || firstToken(out.String()) != "2025-10-11" {
		t.Errorf("gongkai workdays 2025-09-30 +3: %q, %v", out.String(), err)
	}
}
