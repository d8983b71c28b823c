package main

import (
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Stats is the traffic the site served since the last reset.
type Stats struct {
	Requests int64 `json:"requests"`
	HEAD     int64 `json:"head"`
	// Conditional counts requests with If-None-Match or If-Modified-Since
	// (incremental re-scans).
	Conditional int64 `json:"conditional"`
	// HTML counts 200 responses with an HTML body: the pages a tool fetched.
	HTML int64 `json:"html"`
	// NotModified counts 304 answers: pages and files a conditional
	// request found unchanged, sent without a body.
	NotModified int64 `json:"not_modified"`
	NotFound    int64 `json:"not_found"`
	// Distinct is the number of different request URIs; Requests - Distinct
	// is how often a tool asked for a URL it had already asked for.
	Distinct int64 `json:"distinct"`
	// Repeated names up to 10 URIs asked for more than once, with the
	// methods used in order ("HEAD,GET /a.pdf").
	Repeated  []string `json:"repeated,omitempty"`
	BodyBytes int64    `json:"body_bytes"`
	// BytesOut and BytesIn are counted on the TCP connections: headers
	// included, what a network would carry.
	BytesOut int64 `json:"bytes_out"`
	BytesIn  int64 `json:"bytes_in"`
	Conns    int64 `json:"conns"`
}

type stats struct {
	requests, head, conditional, html, notModified, notFound atomic.Int64
	bodyBytes, bytesOut, bytesIn, conns                      atomic.Int64

	mu   sync.Mutex
	seen map[string]string // request URI → methods, comma-separated
}

func newStats() *stats { return &stats{seen: map[string]string{}} }

func (s *stats) reset() {
	for _, c := range []*atomic.Int64{&s.requests, &s.head, &s.conditional, &s.html, &s.notModified, &s.notFound,
		&s.bodyBytes, &s.bytesOut, &s.bytesIn, &s.conns} {
		c.Store(0)
	}
	s.mu.Lock()
	s.seen = map[string]string{}
	s.mu.Unlock()
}

func (s *stats) snapshot() Stats {
	s.mu.Lock()
	distinct := int64(len(s.seen))
	var repeated []string
	for uri, methods := range s.seen {
		if strings.Contains(methods, ",") {
			repeated = append(repeated, methods+" "+uri)
		}
	}
	s.mu.Unlock()
	slices.Sort(repeated)
	repeated = repeated[:min(len(repeated), 10)]
	return Stats{
		Requests: s.requests.Load(), HEAD: s.head.Load(), Conditional: s.conditional.Load(),
		HTML: s.html.Load(), NotModified: s.notModified.Load(), NotFound: s.notFound.Load(), Distinct: distinct, Repeated: repeated,
		BodyBytes: s.bodyBytes.Load(), BytesOut: s.bytesOut.Load(), BytesIn: s.bytesIn.Load(), Conns: s.conns.Load(),
	}
}

// wrap counts every request and response of h.
func (s *stats) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if r.Method == http.MethodHead {
			s.head.Add(1)
		}
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
			s.conditional.Add(1)
		}
		s.mu.Lock()
		if m := s.seen[r.URL.RequestURI()]; m == "" {
			s.seen[r.URL.RequestURI()] = r.Method
		} else if len(m) < 64 {
			s.seen[r.URL.RequestURI()] = m + "," + r.Method
		}
		s.mu.Unlock()
		cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(cw, r)
		if r.Method != http.MethodHead { // net/http drops a HEAD's body
			s.bodyBytes.Add(cw.n)
		}
		switch {
		case cw.status == http.StatusNotFound:
			s.notFound.Add(1)
		case cw.status == http.StatusNotModified:
			s.notModified.Add(1)
		case cw.status == http.StatusOK && strings.HasPrefix(w.Header().Get("Content-Type"), "text/html"):
			s.html.Add(1)
		}
	})
}

// control serves /stats and /reset on the control port.
func (s *stats) control() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(s.snapshot())
	})
	mux.HandleFunc("POST /reset", func(w http.ResponseWriter, r *http.Request) {
		s.reset()
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *countingWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

// countingListener counts the bytes on every accepted connection.
type countingListener struct {
	net.Listener
	st *stats
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.st.conns.Add(1)
	return &countingConn{Conn: c, st: l.st}, nil
}

type countingConn struct {
	net.Conn
	st *stats
}

func (c *countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.st.bytesIn.Add(int64(n))
	return n, err
}

// Write counts p before sending it, so the count is complete by the time
// the client has the bytes (and asks /stats), then corrects a short write.
func (c *countingConn) Write(p []byte) (int, error) {
	c.st.bytesOut.Add(int64(len(p)))
	n, err := c.Conn.Write(p)
	c.st.bytesOut.Add(int64(n - len(p)))
	return n, err
}
