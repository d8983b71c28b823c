package crawl

import (
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestHostSlowDownAndRecovery(t *testing.T) {
	for _, configured := range []float64{0, 4} {
		pt := newPoliteTransport(http.DefaultTransport, configured, time.Second)
		want := rate.Inf
		if configured > 0 {
			want = rate.Limit(configured)
		}
		hp := pt.host("x.gov.cn")
		pt.observe(hp, http.StatusServiceUnavailable)
		slowed := hp.lim.Limit()
		if slowed >= want || slowed <= 0 {
			t.Fatalf("rate %v: after a 503 the limit is %v", configured, slowed)
		}
		pt.observe(hp, http.StatusTooManyRequests)
		if hp.lim.Limit() >= slowed {
			t.Errorf("rate %v: a 429 after a 503 did not slow down further", configured)
		}
		for i := 0; i < 200 && hp.lim.Limit() != want; i++ {
			pt.observe(hp, http.StatusOK)
		}
		if hp.lim.Limit() != want {
			t.Errorf("rate %v: the host never recovered its configured rate (%v)", configured, hp.lim.Limit())
		}
	}
}
