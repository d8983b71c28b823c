package checks

import (
	"os"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// What the rule tests of this package do alike: read a saved page through
// the real extraction, compare a table of inputs with a function's
// answers, compare the subjects of a rule's findings.

// pageFile is the HTML file at path read as the page at pageURL (status
// 200), through the real decoding and extraction, so that extraction and
// rules are tested together.
func pageFile(t *testing.T, path, pageURL string) *site.Page {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	html, _ := site.Decode(data, "")
	p := site.Extract(pageURL, html)
	p.Status = 200
	return p
}

// wantEach checks f, named name in messages, against a table of inputs and
// the answers wanted.
func wantEach[V comparable](t *testing.T, name string, f func(string) V, cases map[string]V) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %v, want %v", name, in, got, want)
		}
	}
}

// wantSubjects stops the test unless the findings' subjects, sorted, are
// want; the findings are logged first, to see what the rule said instead.
func wantSubjects(t *testing.T, fs []Finding, want []string) {
	t.Helper()
	if got, w := strings.Join(fsSubjects(fs), ","), strings.Join(want, ","); got != w {
		for _, f := range fs {
			t.Logf("%s: %s %s", f.Subject, f.Message, f.Evidence)
		}
		t.Fatalf("subjects %q, want %q", got, w)
	}
}

// subjectCase is a site judged as of a day (YYYY-MM-DD) with a profile (nil:
// defaults), and the subjects of the findings wanted.
type subjectCase struct {
	name string
	s    *site.Site
	asOf string
	prof *config.Profile
	want []string
}

// runSubjectCases runs rule r on each case, a subtest each.
func runSubjectCases(t *testing.T, r Rule, tests []subjectCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantSubjects(t, fsRun(t, r, tt.s, tt.asOf, tt.prof), tt.want)
		})
	}
}
