package report

import (
	"os"
	"os/exec"
	"testing"
)

// requireToolsEnv turns a skip for a missing outside program (chromium,
// LibreOffice, pdftotext) into a failure: .ci/run installs them and sets it,
// so CI never passes by skipping the browser and print tests.
const requireToolsEnv = "GONGKAI_REQUIRE_TOOLS"

// lookTool returns the path of the first of names on PATH, or skips the
// test with one line (fails it under GONGKAI_REQUIRE_TOOLS).
func lookTool(t *testing.T, pkg string, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv(requireToolsEnv) != "" {
		t.Fatalf("%s not found on PATH and %s is set: install it (apt-get install -y %s)", names[0], requireToolsEnv, pkg)
	}
	t.Skipf("%s not found on PATH: apt-get install -y %s to run this test", names[0], pkg)
	return ""
}

// artifactDir is where a test keeps files for a person to look at after the
// run (screenshots, PDFs): $GONGKAI_ARTIFACTS, else a new directory under
// the system temporary directory, which the test does not remove.
func artifactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("GONGKAI_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	d, err := os.MkdirTemp("", "gongkai-test-artifacts-")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// For the external tests (package report_test).
var (
	LookTool    = lookTool
	ArtifactDir = artifactDir
)
