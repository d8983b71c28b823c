package scan

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/demo"
)

// findingKeys are the findings as a set: rule, URL and fingerprint (which
// carries the subject).
func findingKeys(fs []checks.Finding) map[string]checks.Finding {
	m := map[string]checks.Finding{}
	for _, f := range fs {
		m[f.Rule+" "+f.URL+" "+f.Fingerprint] = f
	}
	return m
}

func sortedKeys(m map[string]checks.Finding) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// The must-hold of issue 16: a WARC written by gongkai, and one written by
// wget over the same site, give the same findings through check as the
// live scan — except, for wget's, what wget never fetched (the crawler's
// off-site link checks): those are "not archived", never different.
func TestWARCReplayEqualsLiveScan(t *testing.T) {
	srv := httptest.NewServer(demo.Handler(demo.Site()))
	defer srv.Close()
	dir := t.TempDir()
	ours := filepath.Join(dir, "site.warc.gz")
	o := baseOptions(t, srv.URL+"/")
	o.WARCPath = ours
	live, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".site.warc.gz.part")); !os.IsNotExist(err) {
		t.Errorf("the partial WARC was left beside the archive: %v", err)
	}
	want := findingKeys(live.Report.Findings)
	if len(want) == 0 {
		t.Fatal("the live scan found nothing: the comparison would prove nothing")
	}

	var wgetWARC string
	if _, err := exec.LookPath("wget"); err == nil {
		// wget's archive is made while the site is up; every check below
		// runs with the site gone.
		wgetWARC = filepath.Join(dir, "wget")
		cmd := exec.Command("wget", "--warc-file="+wgetWARC, "--recursive", "--level=inf", "--no-parent",
			"--no-verbose", "-e", "robots=off", "--directory-prefix="+filepath.Join(dir, "files"),
			srv.URL+"/robots.txt", srv.URL+"/") // robots.txt too: the replay obeys it as the scan did
		out, _ := cmd.CombinedOutput() // exit 8 for the site's 404s
		wgetWARC += ".warc.gz"
		if _, err := os.Stat(wgetWARC); err != nil {
			t.Fatalf("wget wrote no WARC: %v\n%s", err, out)
		}
	}
	srv.Close()

	replayed, err := CheckWARC(context.Background(), baseOptions(t, ""), ours)
	if err != nil {
		t.Fatal(err)
	}
	if replayed.Report.Site != live.Report.Site || replayed.Report.Pages != live.Report.Pages {
		t.Errorf("replay of our WARC: site %s, %d pages; live %s, %d pages",
			replayed.Report.Site, replayed.Report.Pages, live.Report.Site, live.Report.Pages)
	}
	got := findingKeys(replayed.Report.Findings)
	for _, k := range sortedKeys(want) {
		if _, ok := got[k]; !ok {
			t.Errorf("replay of our WARC lacks %s", k)
		}
	}
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok {
			t.Errorf("replay of our WARC adds %s", k)
		}
	}

	if wgetWARC == "" {
		t.Skip("wget is not installed: the replay of a wget WARC is not tested")
	}
	arch, err := crawl.OpenArchive(wgetWARC)
	if err != nil {
		t.Fatal(err)
	}
	fromWget, err := CheckWARC(context.Background(), baseOptions(t, ""), wgetWARC)
	if err != nil {
		t.Fatal(err)
	}
	// wget does not run scripts: the pages a list writes with
	// document.writeln (which the crawler reads) are not in its archive.
	if fromWget.Report.Pages > live.Report.Pages || fromWget.Report.Pages == 0 {
		t.Errorf("replay of wget's WARC: %d pages, live %d", fromWget.Report.Pages, live.Report.Pages)
	}
	got = findingKeys(fromWget.Report.Findings)
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok {
			t.Errorf("replay of wget's WARC adds %s", k)
		}
		if !arch.Has(got[k].URL) {
			t.Errorf("replay of wget's WARC judges %s, which wget did not archive: it must be not checked", k)
		}
	}
	for _, k := range sortedKeys(want) {
		if _, ok := got[k]; ok {
			continue
		}
		f := want[k]
		// The one admissible difference: what wget never fetched — the
		// off-site links (it stays on the site), the pages the crawler
		// reaches through a list's script loader — is "not archived", so
		// not checked and not judged.
		if !arch.Has(f.URL) {
			t.Logf("not archived by wget, so not checked: %s", k)
			continue
		}
		t.Errorf("replay of wget's WARC lacks %s (%s)", k, f.Message)
	}
}

// --warc is an output like the others: a clash or an unwritable place is
// refused before the first request, and a failed start leaves no file.
func TestWARCOutputChecked(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, warc, want string
		json             bool
	}{
		{"clash with --json", filepath.Join(dir, "out.json"), "both write", true},
		{"missing directory", filepath.Join(dir, "nope", "a.warc.gz"), "does not exist", false},
		{"stdout", "-", "needs a file name", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := baseOptions(t, "http://127.0.0.1:1/") // nothing listens: a request would fail, not a usage error
			if tc.json {
				o.JSONPath = tc.warc
			}
			o.WARCPath = tc.warc
			_, err := Run(context.Background(), o)
			if !errors.Is(err, ErrUsage) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a usage error saying %q", err, tc.want)
			}
		})
	}
	o := baseOptions(t, "http://127.0.0.1:1/")
	o.WARCPath = filepath.Join(dir, "dead.warc.gz")
	if _, err := Run(context.Background(), o); err == nil {
		t.Fatal("a scan of a dead address succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "warc") {
			t.Errorf("a start that failed left %s", e.Name())
		}
	}
}
