// Command floor is the simplest fast link checker we could write: net/http
// plus the x/net/html tokenizer, a fixed pool of workers, every URL fetched
// once, nothing kept but the set of seen URLs. It is not a product and not a
// peer: bench/run.sh runs it to show what a Go crawler can do against the
// same loopback server on the same machine, a floor for gongkai's wall time
// (muffet, the fastest Go peer, cannot be installed here; see BENCHMARKS.md).
package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/html"
)

func main() {
	conc := flag.Int("concurrency", 32, "parallel requests")
	timeout := flag.Duration("timeout", 15*time.Second, "per request")
	maxURLs := flag.Int("max-urls", 1_000_000, "stop queueing after this many URLs")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: floor [-concurrency N] http://127.0.0.1:PORT/")
		os.Exit(2)
	}
	start, err := url.Parse(flag.Arg(0))
	if err != nil || start.Host == "" {
		fmt.Fprintln(os.Stderr, "floor: bad start URL:", flag.Arg(0))
		os.Exit(2)
	}
	c := &crawler{
		host:   start.Host,
		client: &http.Client{Timeout: *timeout, Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}},
		seen:   map[string]bool{},
		max:    *maxURLs,
	}
	c.cond = sync.NewCond(&c.mu)
	began := time.Now()
	c.add(start.String(), true)
	var wg sync.WaitGroup
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.work()
		}()
	}
	wg.Wait()
	fmt.Printf("floor: %d pages, %d other targets, %d broken, %.2fs\n", c.pages, c.others, c.broken, time.Since(began).Seconds())
}

type job struct {
	url    string
	follow bool // same-host <a href>: parse it if it is HTML
}

type crawler struct {
	host   string
	client *http.Client
	max    int

	mu                    sync.Mutex
	cond                  *sync.Cond
	queue                 []job
	active                int
	seen                  map[string]bool
	pages, others, broken int
}

// add queues u once; callers hold no lock.
func (c *crawler) add(u string, follow bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[u] || len(c.seen) >= c.max {
		return
	}
	c.seen[u] = true
	c.queue = append(c.queue, job{url: u, follow: follow})
	c.cond.Signal()
}

// work takes jobs until the queue is empty and no worker can add more.
func (c *crawler) work() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && c.active > 0 {
			c.cond.Wait()
		}
		if len(c.queue) == 0 {
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
		j := c.queue[len(c.queue)-1]
		c.queue = c.queue[:len(c.queue)-1]
		c.active++
		c.mu.Unlock()

		page, ok := c.fetch(j)

		c.mu.Lock()
		c.active--
		if page {
			c.pages++
		} else {
			c.others++
		}
		if !ok {
			c.broken++
		}
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// fetch gets j; for an HTML page to follow it queues the page's links.
func (c *crawler) fetch(j job) (page, ok bool) {
	resp, err := c.client.Get(j.url)
	if err != nil {
		return false, false
	}
	defer resp.Body.Close()
	ok = resp.StatusCode < 400
	if !j.follow || !ok || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		io.Copy(io.Discard, resp.Body)
		return false, ok
	}
	base := resp.Request.URL
	z := html.NewTokenizer(resp.Body)
	for {
		switch z.Next() {
		case html.ErrorToken:
			return true, ok
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) != "href" && string(k) != "src" {
					continue
				}
				ref, err := base.Parse(string(v))
				if err != nil || (ref.Scheme != "http" && ref.Scheme != "https") {
					continue
				}
				ref.Fragment = ""
				// Only this host: the benchmark never leaves the loopback server.
				if ref.Host != c.host {
					continue
				}
				c.add(ref.String(), string(name) == "a")
			}
		}
	}
}
