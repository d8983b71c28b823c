package checks

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/demo"
	"github.com/gongkai/gongkai/site"
)

// meetRule finds nothing when the other meetRule runs at the same time, and
// one finding when it waited alone.
type meetRule struct {
	id         string
	mine, peer chan struct{}
}

func (r meetRule) Meta() Meta { return Meta{ID: r.id, Severity: Advice} }

func (r meetRule) Check(*Context, *site.Site) []Finding {
	close(r.mine)
	select {
	case <-r.peer:
		return nil
	case <-time.After(3 * time.Second):
		return []Finding{{URL: "http://x/", Message: "ran alone"}}
	}
}

// The rules run side by side on a multi-core machine (the rules phase was a
// single core's work at the end of every scan).
func TestRunRulesInParallel(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	a, b := make(chan struct{}), make(chan struct{})
	fs, errs := Run(&Context{}, &site.Site{}, []Rule{meetRule{"meet-a", a, b}, meetRule{"meet-b", b, a}})
	if len(errs) > 0 || len(fs) > 0 {
		t.Fatalf("the two rules did not run at once: %v %v", fs, errs)
	}
}

// Every rule on a crawled fixture site gives the same findings, in the same
// order, whether the rules run one after the other or side by side.
func TestRunParallelSameFindings(t *testing.T) {
	srv := httptest.NewServer(demo.Handler(os.DirFS("testdata/health/site")))
	defer srv.Close()
	s, err := crawl.Run(context.Background(), crawl.Options{Start: srv.URL + "/", Concurrency: 4, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	at, _ := site.ParseDate("2025-11-25")
	run := func(procs int) string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		fs, errs := Run(&Context{AsOf: at}, s, Registry())
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		b, _ := json.Marshal(fs)
		return string(b)
	}
	one, four := run(1), run(4)
	if one != four {
		t.Errorf("findings differ:\n1 worker:  %s\n4 workers: %s", one, four)
	}
	if one == "null" {
		t.Error("no findings: the comparison proves little")
	}
}
