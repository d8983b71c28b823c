package scan

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gongkai/gongkai/attach"
	"github.com/gongkai/gongkai/demo"
)

// countingWriter counts the body bytes a handler sends.
type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	c.n.Add(int64(len(b)))
	return c.ResponseWriter.Write(b)
}

// okWriter counts only the body bytes of 200 answers (a broken link's 404
// page is checked every time, as it should be).
type okWriter struct {
	http.ResponseWriter
	n      *atomic.Int64
	status int
}

func (c *okWriter) WriteHeader(code int) {
	c.status = code
	c.ResponseWriter.WriteHeader(code)
}

func (c *okWriter) Write(b []byte) (int, error) {
	if c.status == 0 || c.status == http.StatusOK {
		c.n.Add(int64(len(b)))
	}
	return c.ResponseWriter.Write(b)
}

func fingerprints(o *Outcome) string {
	var fps []string
	for _, f := range o.Report.Findings {
		fps = append(fps, f.Rule+" "+f.Fingerprint)
	}
	sort.Strings(fps)
	return strings.Join(fps, "\n")
}

// On an unchanged site an incremental re-scan downloads almost nothing and
// finds exactly what a full scan finds.
func TestIncrementalRescan(t *testing.T) {
	var sent, attachSent atomic.Int64
	h := demo.Handler(demo.Site())
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if attach.Supported(path.Base(r.URL.Path)) && r.URL.Path != "/robots.txt" {
			h.ServeHTTP(&okWriter{ResponseWriter: w, n: &attachSent}, r)
			return
		}
		h.ServeHTTP(countingWriter{ResponseWriter: w, n: &sent}, r)
	}))
	defer srv.Close()
	snap := filepath.Join(t.TempDir(), "base.snap")
	if _, err := Crawl(context.Background(), baseOptions(t, srv.URL+"/"), snap); err != nil {
		t.Fatal(err)
	}
	sent.Store(0)
	attachSent.Store(0)
	full, err := Run(context.Background(), baseOptions(t, srv.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	fullAttach := attachSent.Swap(0)
	fullBytes := sent.Swap(0) + fullAttach
	if fullAttach == 0 {
		t.Fatal("the full scan downloaded no attachment: the test proves nothing")
	}
	if len(full.Report.Findings) == 0 {
		t.Fatal("the demo site gave no findings")
	}
	o := baseOptions(t, srv.URL+"/")
	o.Incremental, o.BaselineSnapshot = true, snap
	inc, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	incAttach := attachSent.Load()
	incBytes := sent.Load() + incAttach
	// The attachments (name lists, budget tables) are unchanged too: none
	// is downloaded again, yet their findings (personal data) remain.
	if incAttach != 0 {
		t.Errorf("incremental re-scan downloaded %d bytes of unchanged attachments", incAttach)
	}
	t.Logf("full scan %d bytes, incremental %d bytes (%.0f%% fewer)", fullBytes, incBytes, 100-100*float64(incBytes)/float64(fullBytes))
	if incBytes*5 > fullBytes {
		t.Errorf("incremental re-scan sent %d bytes, full %d: want at least 80%% fewer", incBytes, fullBytes)
	}
	if inc.Report.Pages != full.Report.Pages || fingerprints(inc) != fingerprints(full) {
		t.Errorf("incremental findings differ:\n%s\n---\n%s", fingerprints(inc), fingerprints(full))
	}

	bad := baseOptions(t, srv.URL+"/")
	bad.Incremental = true
	if _, err := Run(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "go together") {
		t.Errorf("--incremental without a snapshot: %v", err)
	}
}
