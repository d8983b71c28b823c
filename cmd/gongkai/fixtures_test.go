package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/internal/testkit"
	"github.com/gongkai/gongkai/report"
)

// The fixture county sites of the rule areas, scanned through the command
// as a user would, together show every rule (the demo shows most of them;
// the fixtures also hold the sites without a guide or without services).
func TestFixtureSitesThroughScan(t *testing.T) {
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "checks", "testdata", "*", "site*"))
	fixtures = append(fixtures, filepath.Join("..", "..", "testdata", "monitor", "site"))
	seen := map[string]bool{}
	dir := t.TempDir()
	for _, fx := range append(fixtures, "demo") {
		var srv *httptest.Server
		if fx == "demo" {
			srv = httptest.NewServer(demo.Handler(demo.Site()))
		} else {
			srv = httptest.NewServer(demo.Handler(os.DirFS(fx)))
		}
		out := filepath.Join(dir, "r.json")
		_, stderr, code := execute(t, "scan", srv.URL+"/", "--rate", "0", "--quiet", "--as-of", "2025-11-25",
			"--json", out, "--xlsx", filepath.Join(dir, "r.xlsx"), "--db", "-")
		srv.Close()
		if code != 0 {
			t.Errorf("%s: exit %d: %s", fx, code, stderr)
			continue
		}
		for _, f := range testkit.ReadJSON[report.Report](t, out).Findings {
			seen[f.Rule] = true
		}
	}
	var missing []string
	for _, rule := range checks.Registry() {
		if !seen[rule.Meta().ID] {
			missing = append(missing, rule.Meta().ID)
		}
	}
	sort.Strings(missing)
	// Not shown by a single scan of any fixture: the start page of a
	// loopback site answers at once, and no fixture's start page is blocked;
	// a loopback start is never probed for IPv6 and HTTPS nor judged for
	// its domain (scan --demo, which stands for a name, shows those three:
	// TestScanDemoEndToEnd).
	want := []string{"domain-nonstandard", "https-missing", "ipv6-missing", "link-blocked", "site-unreachable"}
	if strings.Join(missing, ",") != strings.Join(want, ",") {
		t.Errorf("rules no fixture scan shows: %v (want only %v)", missing, want)
	}
}
