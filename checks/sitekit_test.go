package checks_test

import (
	"context"
	"io/fs"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/site"
)

// The end-to-end tests of a group of rules on a fixture site: serve it,
// crawl it through the real crawler and extraction, run the group's rules,
// and compare the findings as lines.

// crawlFS serves a file tree like a government web server and crawls it to
// the end. base is the server's URL, which the findings' URLs begin with.
func crawlFS(t *testing.T, root fs.FS) (s *site.Site, base string) {
	t.Helper()
	srv := httptest.NewServer(demo.Handler(root))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := crawl.Run(ctx, crawl.Options{Start: srv.URL + "/", Concurrency: 4, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	if !s.Complete {
		t.Fatalf("crawl incomplete: %s", s.StopReason)
	}
	return s, srv.URL
}

// rulesOf is the registered rules of these IDs.
func rulesOf(t *testing.T, ids []string) []checks.Rule {
	t.Helper()
	var rules []checks.Rule
	for _, id := range ids {
		r, ok := checks.Lookup(id)
		if !ok {
			t.Fatalf("rule %s not registered", id)
		}
		rules = append(rules, r)
	}
	return rules
}

// runRules runs rules on s; a rule's error fails the test.
func runRules(t *testing.T, ctx *checks.Context, s *site.Site, rules []checks.Rule) []checks.Finding {
	t.Helper()
	fs, errs := checks.Run(ctx, s, rules)
	if len(errs) > 0 {
		t.Fatalf("rule errors: %v", errs)
	}
	return fs
}

// findingLines is the findings as "rule severity path" lines, sorted, with
// the finding's subject after the path when subject is set; base is the
// site's URL, cut from each finding's.
func findingLines(fs []checks.Finding, base string, subject bool) []string {
	var out []string
	for _, f := range fs {
		l := f.Rule + " " + string(f.Severity) + " " + strings.TrimPrefix(f.URL, base)
		if subject {
			l += " " + f.Subject
		}
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// wantLines fails the test unless got is want, line for line.
func wantLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
