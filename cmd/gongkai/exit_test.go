package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// Cobra's own errors are usage (2); an untyped failure is a failed run (3),
// never 2 and never 1.
func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"foo"}, exitUsage},
		{[]string{"diff", "a.json"}, exitUsage},
		{[]string{"version", "extra"}, exitUsage},
		{[]string{"scan", "--rat", "3", "http://x/"}, exitUsage},
		{[]string{"version"}, exitOK},
	} {
		root := newRootCmd()
		root.SetArgs(tc.args)
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		if got := exitCode(root.Execute()); got != tc.want {
			t.Errorf("%v: exit %d, want %d", tc.args, got, tc.want)
		}
	}
	full := &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
	if got := exitCode(full); got != exitFailed {
		t.Errorf("a failed write exits %d, want %d", got, exitFailed)
	}
	if m := message(fmt.Errorf("rules: %w", full)); !strings.Contains(m, "磁盘空间不足") || strings.Contains(m, "write /dev/stdout") {
		t.Errorf("message = %q", m)
	}
}
