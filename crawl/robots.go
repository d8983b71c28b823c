package crawl

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/temoto/robotstxt"
)

// robotsAgent is the token matched against User-agent lines in robots.txt.
const robotsAgent = "gongkai"

// robots caches robots.txt per host. It is fetched with our own client rather
// than colly's so that a broken robots.txt (5xx, timeout) does not silently
// block a whole site: that case is allowed and noted instead.
type robots struct {
	client *http.Client
	ua     string
	mu     sync.Mutex
	hosts  map[string]*robotsEntry
}

type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData
	note string
}

func newRobots(client *http.Client, ua string) *robots {
	return &robots{client: client, ua: ua, hosts: map[string]*robotsEntry{}}
}

// allowed reports whether robots.txt lets us crawl u.
func (r *robots) allowed(ctx context.Context, u *url.URL) bool {
	r.mu.Lock()
	e, ok := r.hosts[u.Host]
	if !ok {
		e = &robotsEntry{}
		r.hosts[u.Host] = e
	}
	r.mu.Unlock()
	e.once.Do(func() { e.data, e.note = r.fetch(ctx, u) })
	if e.data == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return e.data.TestAgent(p, robotsAgent)
}

func (r *robots) fetch(ctx context.Context, u *url.URL) (*robotstxt.RobotsData, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.Scheme+"://"+u.Host+"/robots.txt", nil)
	if err != nil {
		return nil, "robots.txt 无法读取：" + shortErr(err)
	}
	req.Header.Set("User-Agent", r.ua)
	resp, err := r.client.Do(req)
	if errors.Is(err, ErrNotArchived) {
		return nil, "" // an archive without robots.txt (wget -e robots=off): crawled as if absent
	}
	if err != nil {
		return nil, "robots.txt 无法读取：" + shortErr(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil {
		return nil, "robots.txt 无法读取：" + shortErr(err)
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		d, err := robotstxt.FromBytes(body)
		if err != nil {
			return nil, "robots.txt 格式无法解析，按没有 robots.txt 抓取"
		}
		return d, ""
	case resp.StatusCode >= 500:
		return nil, "robots.txt answered " + resp.Status + "; crawled as if absent"
	}
	return nil, "" // 4xx: no robots.txt
}

// notes returns what went wrong reading robots files, per host.
func (r *robots) notes() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]string{}
	for h, e := range r.hosts {
		if e.note != "" {
			out[h] = e.note
		}
	}
	return out
}
