package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/report"
)

// TestMain lets the test binary stand in for the gongkai binary: with
// GONGKAI_TEST_MAIN=1 it runs main() on its arguments, so that shell
// scripts (the README's CI jobs) can call `gongkai` without a build step.
func TestMain(m *testing.M) {
	if os.Getenv("GONGKAI_TEST_MAIN") == "1" {
		os.Args = append([]string{"gongkai"}, os.Args[1:]...)
		main()
		return
	}
	os.Exit(m.Run())
}

// readmeBlock returns the fenced code block that follows the marker
// <!-- name --> in README.md.
func readmeBlock(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "<!-- "+name+" -->")
	if !ok {
		t.Fatalf("README.md has no <!-- %s --> block", name)
	}
	_, after, ok = strings.Cut(after, "```")
	if !ok {
		t.Fatalf("README.md: no code block after <!-- %s -->", name)
	}
	_, body, _ := strings.Cut(after, "\n") // the info string
	body, _, ok = strings.Cut(body, "```")
	if !ok {
		t.Fatalf("README.md: the code block after <!-- %s --> is not closed", name)
	}
	return body
}

// ciStep is one shell step of a CI job.
type ciStep struct {
	script string
	always bool // runs even after a failed step (GitHub: if: always())
}

// githubSteps returns the run: steps of the README's workflow, without the
// install step (the test provides gongkai).
func githubSteps(t *testing.T) []ciStep {
	var wf struct {
		Jobs map[string]struct {
			Env   map[string]string `yaml:"env"`
			Steps []struct {
				Run  string `yaml:"run"`
				If   string `yaml:"if"`
				Uses string `yaml:"uses"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(readmeBlock(t, "ci:github")), &wf); err != nil {
		t.Fatalf("README's GitHub workflow is not valid YAML: %v", err)
	}
	if len(wf.Jobs) != 1 {
		t.Fatalf("workflow has %d jobs", len(wf.Jobs))
	}
	var steps []ciStep
	for _, job := range wf.Jobs {
		if !strings.Contains(job.Env["STAGING_URL"], "vars.STAGING_URL") {
			t.Errorf("the job does not take STAGING_URL from the repository variables: %q", job.Env)
		}
		for _, s := range job.Steps {
			if s.Run == "" || strings.HasPrefix(strings.TrimSpace(s.Run), "go install ") {
				continue
			}
			steps = append(steps, ciStep{script: s.Run, always: strings.Contains(s.If, "always()")})
		}
	}
	return steps
}

// gitlabScript returns the README's GitLab job script as one shell script
// (the runner runs the lines in one shell), without the install line.
func gitlabScript(t *testing.T) []ciStep {
	var jobs map[string]struct {
		Script    []string `yaml:"script"`
		Artifacts struct {
			When    string `yaml:"when"`
			Reports struct {
				JUnit string `yaml:"junit"`
			} `yaml:"reports"`
		} `yaml:"artifacts"`
	}
	if err := yaml.Unmarshal([]byte(readmeBlock(t, "ci:gitlab")), &jobs); err != nil {
		t.Fatalf("README's GitLab job is not valid YAML: %v", err)
	}
	job, ok := jobs["gongkai"]
	if !ok {
		t.Fatalf("no job gongkai in %v", jobs)
	}
	if job.Artifacts.When != "always" || job.Artifacts.Reports.JUnit == "" {
		t.Errorf("artifacts = %+v, want when: always and a JUnit report", job.Artifacts)
	}
	var lines []string
	for _, l := range job.Script {
		if !strings.HasPrefix(l, "go install ") {
			lines = append(lines, l)
		}
	}
	return []ciStep{{script: strings.Join(lines, "\n")}}
}

// ciRunner runs CI steps in a workspace, with the test binary as gongkai.
type ciRunner struct {
	t       *testing.T
	dir     string
	env     []string
	summary string // $GITHUB_STEP_SUMMARY
}

func newCIRunner(t *testing.T, stagingURL string) *ciRunner {
	if runtime.GOOS == "windows" {
		t.Skip("the CI jobs are shell scripts")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash not available")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	wrapper := fmt.Sprintf("#!/bin/sh\nGONGKAI_TEST_MAIN=1 exec %q \"$@\"\n", exe)
	if err := os.WriteFile(filepath.Join(bin, "gongkai"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	c := &ciRunner{t: t, dir: t.TempDir(), summary: filepath.Join(state, "step-summary.md")}
	c.env = append(os.Environ(),
		"PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"STAGING_URL="+stagingURL,
		"XDG_CACHE_HOME="+filepath.Join(state, "cache"),
		"XDG_DATA_HOME="+filepath.Join(state, "data"),
		"GITHUB_STEP_SUMMARY="+c.summary,
	)
	return c
}

// run runs the steps as the CI would (bash -e, stop at the first failure
// except for always() steps) and returns the exit code of the first
// failing step, 0 when all passed.
func (c *ciRunner) run(steps []ciStep) int {
	c.t.Helper()
	failed := 0
	for _, s := range steps {
		if failed != 0 && !s.always {
			continue
		}
		cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", s.script)
		cmd.Dir, cmd.Env = c.dir, c.env
		out, err := cmd.CombinedOutput()
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			if failed == 0 {
				failed = ee.ExitCode()
			}
			c.t.Logf("step exited %d:\n%s\n%s", ee.ExitCode(), s.script, out)
		default:
			c.t.Fatalf("cannot run a step: %v", err)
		}
	}
	return failed
}

func (c *ciRunner) report() report.Report {
	c.t.Helper()
	return testkit.ReadJSON[report.Report](c.t, filepath.Join(c.dir, "gongkai-report.json"))
}

// Tried as a new user would: the README's CI jobs, exactly as written, run
// against the demo site as the staging site: the baseline command, then a
// job that passes while nothing changed and fails when a defect is added.
func TestReadmeCIExample(t *testing.T) {
	sw := &switchable{}
	sw.set(demo.Site())
	ts := httptest.NewServer(sw)
	t.Cleanup(ts.Close)
	srv := ts.URL
	c := newCIRunner(t, srv+"/")
	gh, gl := githubSteps(t), gitlabScript(t)
	baseline := []ciStep{{script: readmeBlock(t, "ci:baseline")}}

	if code := c.run(baseline); code != 0 {
		t.Fatalf("README baseline command: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(c.dir, ".gongkai", "baseline.json")); err != nil {
		t.Fatal(err)
	}

	// Nothing changed: both jobs pass, every finding persisting.
	for name, steps := range map[string][]ciStep{"GitHub": gh, "GitLab": gl} {
		if code := c.run(steps); code != 0 {
			t.Fatalf("%s job on the unchanged site: exit %d, want 0", name, code)
		}
		r := c.report()
		for _, f := range r.Findings {
			if f.Status != "persisting" {
				t.Errorf("%s job: %s %s is %q on the unchanged site", name, f.Rule, f.URL, f.Status)
			}
		}
		// Known problems do not fail the CI's test report either.
		if junit, _ := os.ReadFile(filepath.Join(c.dir, "gongkai-junit.xml")); strings.Contains(string(junit), "<failure") {
			t.Errorf("%s job: the JUnit file has failures on the unchanged site", name)
		}
	}
	for _, out := range []string{"gongkai-list.xlsx", "gongkai-junit.xml", "gongkai-summary.md"} {
		if _, err := os.Stat(filepath.Join(c.dir, out)); err != nil {
			t.Errorf("artifact %s: %v", out, err)
		}
	}
	if data, _ := os.ReadFile(c.summary); !strings.Contains(string(data), "gongkai 检查结果") {
		t.Errorf("the job summary was not written: %q", data)
	}

	// A regression on staging: a page now links to a missing document.
	data, err := fs.ReadFile(demo.Site(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	home := string(data)
	changed := strings.Replace(home, "</ul>", `<li><a href="/uploads/2025/11/xinbanfa.pdf">新办法</a></li></ul>`, 1)
	if changed == home {
		t.Fatal("the demo homepage has no list to add a link to")
	}
	sw.set(newOverlay(demo.Site(), map[string][]byte{"index.html": []byte(changed)}))
	for name, steps := range map[string][]ciStep{"GitHub": gh, "GitLab": gl} {
		if code := c.run(steps); code != exitFailOn {
			t.Fatalf("%s job after a regression: exit %d, want %d", name, code, exitFailOn)
		}
		var news []string
		for _, f := range c.report().Findings {
			if f.Status == "new" {
				news = append(news, f.Rule+" "+strings.TrimPrefix(f.URL, srv))
			}
		}
		if want := "link-broken /uploads/2025/11/xinbanfa.pdf"; len(news) != 1 || news[0] != want {
			t.Errorf("%s job: new = %q, want [%s]", name, news, want)
		}
		junit, _ := os.ReadFile(filepath.Join(c.dir, "gongkai-junit.xml"))
		if n := strings.Count(string(junit), "<failure"); n != 1 {
			t.Errorf("%s job: the JUnit file has %d failures, want the new finding only", name, n)
		}
	}
	// The JSON artifact is the contract's report.
	var raw map[string]any
	data, _ = os.ReadFile(filepath.Join(c.dir, "gongkai-report.json"))
	if err := json.Unmarshal(data, &raw); err != nil || raw["tool"] != "gongkai" {
		t.Errorf("gongkai-report.json: %v %v", err, raw["tool"])
	}
}
