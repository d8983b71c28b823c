package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCIRunNeedsShared: .ci/run stops at once when ../shared is absent, so
// the tests that read it are never skipped in CI.
func TestCIRunNeedsShared(t *testing.T) {
	script, err := os.ReadFile("../../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	repo := filepath.Join(t.TempDir(), "repo") // no ../shared beside it
	if err := os.MkdirAll(filepath.Join(repo, ".ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(repo, ".ci", "run"), script, 0o755)
	cmd := exec.Command("bash", filepath.Join(repo, ".ci", "run"))
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "../shared") || strings.Contains(string(out), "go version") {
		t.Errorf(".ci/run without ../shared: err %v, output %q; want a failure naming ../shared", err, out)
	}
}
