package scan

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gongkai/gongkai/site"
)

// realSitesDir holds copies of real government sites with an inspector's
// judgement (../shared/realsites beside the repository).
var realSitesDir = filepath.Join("..", "..", "shared", "realsites")

// realSiteFloors are the recall and precision each real site must keep; a
// scan that falls below fails CI. Raise them as rules improve (set from the
// main branch, rounded down to 0.05).
var realSiteFloors = map[string]struct{ recall, precision float64 }{
	"zhecheng-2018": {recall: 0.95, precision: 0.95},
}

// realSitesProxyEnv carries the refusing proxy's address to the child test.
const realSitesProxyEnv = "GONGKAI_REALSITES_PROXY"

// TestRealSites scans each real site copy, served on loopback, and scores the
// findings with the inspector's truth.json. The copies link to their
// original hosts: every request the scan makes to a host other than
// 127.0.0.1 goes to a local proxy that refuses it, so nothing is resolved or
// fetched beyond the machine. The proxy comes from the environment, which net/http
// reads once per process, so the scan runs in a child process of this test
// binary started with it set.
func TestRealSites(t *testing.T) {
	truths, _ := filepath.Glob(filepath.Join(realSitesDir, "*", "truth.json"))
	if _, err := os.Stat(realSitesDir); err != nil || len(truths) == 0 {
		t.Skip("../shared/realsites is absent: no real sites to score")
	}
	if proxy := os.Getenv(realSitesProxyEnv); proxy != "" {
		scoreRealSites(t, proxy, truths)
		return
	}
	var refused atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refused.Add(1)
		// A 404 at once: the link is broken, as an unreachable host's
		// would be, and the checker does not retry it.
		http.Error(w, "off-site request refused by the test", http.StatusNotFound)
	}))
	defer proxy.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRealSites$", "-test.v", "-test.timeout=5m")
	env := []string{realSitesProxyEnv + "=" + proxy.URL, "HTTP_PROXY=" + proxy.URL, "HTTPS_PROXY=" + proxy.URL,
		"http_proxy=" + proxy.URL, "https_proxy=" + proxy.URL, "NO_PROXY=", "no_proxy="}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "REQUEST_METHOD", realSitesProxyEnv:
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if strings.Contains(line, "realsites_test.go") {
			t.Log(strings.TrimSpace(line))
		}
	}
	if err != nil {
		t.Fatalf("the real-site scans failed: %v\n%s", err, out)
	}
	t.Logf("off-site requests refused on loopback: %d", refused.Load())
}

// realSiteTruth is what the test reads of a truth.json.
type realSiteTruth struct {
	AsOf  string `json:"as_of"`
	Start string `json:"start"`
}

var scoreLine = regexp.MustCompile(`recall ([0-9.]+) \(\d+/\d+\) precision ([0-9.]+) `)

func scoreRealSites(t *testing.T, proxy string, truths []string) {
	// Make sure the proxy is in force before anything leaves: a request to
	// a public host must go to it, never to a resolver.
	probe, _ := http.NewRequest(http.MethodGet, "http://www.gov.cn/", nil)
	if u, err := http.ProxyFromEnvironment(probe); err != nil || u == nil || u.String() != proxy {
		t.Fatalf("off-site requests would not go to the refusing proxy (%v, %v)", u, err)
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to score the real sites (../shared/realsites/score.py)")
	}
	for _, truth := range truths {
		dir := filepath.Dir(truth)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			floor, ok := realSiteFloors[name]
			if !ok {
				t.Fatalf("no floor for real site %s: add its recall and precision to realSiteFloors", name)
			}
			var tr realSiteTruth
			data, err := os.ReadFile(truth)
			if err == nil {
				err = json.Unmarshal(data, &tr)
			}
			if err != nil {
				t.Fatal(err)
			}
			asOf, err := time.ParseInLocation("2006-01-02", tr.AsOf, site.Shanghai)
			if err != nil {
				t.Fatalf("as_of of %s: %v", truth, err)
			}
			if tr.Start == "" {
				tr.Start = "/index.html"
			}
			srv := httptest.NewServer(staticSite(filepath.Join(dir, "site")))
			defer srv.Close()
			tmp := t.TempDir()
			report := filepath.Join(tmp, "report.json")
			start := time.Now()
			_, err = Run(context.Background(), Options{
				Start: srv.URL + tr.Start, AsOf: asOf, Rate: 0,
				// The command's defaults, so the score is what a user sees.
				Concurrency: 4, MaxPages: 20000, Timeout: 15 * time.Second,
				JSONPath: report, XLSXPath: filepath.Join(tmp, "report.xlsx"),
				SnapshotDir: "-", Version: "test", Stdout: io.Discard,
				RetryBackoff: 10 * time.Millisecond,
			})
			if err != nil {
				t.Fatalf("scan: %v", err)
			}
			out, err := exec.Command(py, filepath.Join(realSitesDir, "score.py"), truth, report).CombinedOutput()
			if err != nil {
				t.Fatalf("score.py: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			last := lines[len(lines)-1]
			m := scoreLine.FindStringSubmatch(last)
			if m == nil {
				t.Fatalf("score.py printed no score line: %q", last)
			}
			recall, _ := strconv.ParseFloat(m[1], 64)
			precision, _ := strconv.ParseFloat(m[2], 64)
			t.Logf("%s: %s (%.0fs)", name, last, time.Since(start).Seconds())
			if recall < floor.recall || precision < floor.precision {
				t.Errorf("%s regressed: recall %.2f (floor %.2f), precision %.2f (floor %.2f)\n%s",
					name, recall, floor.recall, precision, floor.precision, strings.Join(lines[:len(lines)-1], "\n"))
			}
		})
	}
}

// staticSite serves a copied site as a plain static server does (python's
// http.server, which the copies were judged with): a file is served at its
// own path, index.html included, without http.FileServer's redirect of
// …/index.html to …/; the query string is ignored.
func staticSite(root string) http.Handler {
	fs := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/index.html") {
			if f, err := http.Dir(root).Open(r.URL.Path); err == nil {
				defer f.Close()
				if st, err := f.Stat(); err == nil && !st.IsDir() {
					http.ServeContent(w, r, st.Name(), st.ModTime(), f)
					return
				}
			}
		}
		fs.ServeHTTP(w, r)
	})
}
