package bench

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gongkai/gongkai/bench/sitegen"
	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/site"
)

// asOf is the synthetic site's "today" (sitegen dates its articles back from
// 2025-11-20), so time rules see the same site in every run.
var asOf = time.Date(2025, 11, 20, 0, 0, 0, 0, site.Shanghai)

// crawled3k is a 3,000-page synthetic site, crawled once per test binary
// (about 4 s) and shared by the benchmarks: they measure the rules, not the
// crawl. snap3k is the same crawl as a snapshot.
var (
	once3k    sync.Once
	crawled3k *site.Site
	snap3k    []byte
	err3k     error
)

func site3k(b *testing.B) (*site.Site, []byte) {
	b.Helper()
	once3k.Do(func() {
		srv := httptest.NewServer(sitegen.Site{Pages: 3000, PerList: 20})
		defer srv.Close()
		var buf bytes.Buffer
		sw, err := site.NewSnapshotWriter(&buf, site.SnapshotHeader{Tool: "bench", Start: srv.URL + "/", StartedAt: time.Now().UTC()})
		if err != nil {
			err3k = err
			return
		}
		s, err := crawl.Run(context.Background(), crawl.Options{Start: srv.URL + "/", Concurrency: 16, MaxPages: 10000,
			Timeout: 10 * time.Second, Snapshot: sw})
		if err == nil {
			err = sw.Finish(s)
		}
		crawled3k, snap3k, err3k = s, buf.Bytes(), err
	})
	if err3k != nil {
		b.Fatal(err3k)
	}
	if n := len(crawled3k.Pages); n < 2900 {
		b.Fatalf("the synthetic site crawled to %d pages, want about 3000", n)
	}
	return crawled3k, snap3k
}

// BenchmarkRules3k is `checks.Run` with every registered rule over a crawled
// 3,000-page site: the check phase of scan without the outputs. Some rules
// share an analysis cached per *site.Site (disclosure, PII); each iteration
// gets a shallow copy of the site, so the caches miss as in a real run.
func BenchmarkRules3k(b *testing.B) {
	s, _ := site3k(b)
	ctx := &checks.Context{AsOf: asOf, Calendar: calendar.Default()}
	rules := checks.Registry()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fresh := *s
		if _, errs := checks.Run(ctx, &fresh, rules); len(errs) > 0 {
			b.Fatal(errs)
		}
	}
	b.ReportMetric(float64(len(s.Pages))*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkRule3k runs each rule alone over the same site, to see which one
// the check phase waits for. A rule that shares a cached analysis pays for
// all of it here, so the per-rule times add up to more than Rules3k.
func BenchmarkRule3k(b *testing.B) {
	s, _ := site3k(b)
	ctx := &checks.Context{AsOf: asOf, Calendar: calendar.Default()}
	for _, r := range checks.Registry() {
		b.Run(r.Meta().ID, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fresh := *s
				checks.Run(ctx, &fresh, []checks.Rule{r})
			}
		})
	}
}

// BenchmarkReadSnapshot3k is the replay half of `gongkai check`: decoding the
// compressed snapshot of the same site back into pages.
func BenchmarkReadSnapshot3k(b *testing.B) {
	_, snap := site3k(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(snap)))
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := site.ReadSnapshot(bytes.NewReader(snap)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck3k is `gongkai check SNAPSHOT` end to end: read the snapshot,
// run every rule, score, write the workbook and the JSON report.
func BenchmarkCheck3k(b *testing.B) {
	_, snap := site3k(b)
	dir := b.TempDir()
	path := filepath.Join(dir, "site.snap")
	if err := os.WriteFile(path, snap, 0o600); err != nil {
		b.Fatal(err)
	}
	o := scan.Options{AsOf: asOf, XLSXPath: filepath.Join(dir, "out.xlsx"), JSONPath: filepath.Join(dir, "out.json"),
		Concurrency: 1, MaxPages: 1, Timeout: 1, SnapshotDir: "-"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := scan.Check(context.Background(), o, path); err != nil {
			b.Fatal(err)
		}
	}
}
