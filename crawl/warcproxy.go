package crawl

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ProxyHandler is an HTTP proxy that answers only from the archive, for a
// browser rendering archived pages (check FILE.warc --screenshots): each
// absolute-URI request gets the archived response for the same URL, and
// nothing leaves the machine. An http:// request for a page archived only
// as https:// gets the https answer, since the browser loads archived
// https pages by their http address (see PlainURL). CONNECT (https) and
// anything not archived are refused: the page renders without them.
func (a *Archive) ProxyHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodConnect || r.URL.Host == "" {
			http.Error(w, "not in the archive", http.StatusForbidden)
			return
		}
		u := *r.URL
		u.Scheme = "http"
		resp, err := a.proxied(r, &u)
		if err != nil && errors.Is(err, ErrNotArchived) {
			u.Scheme = "https"
			resp, err = a.proxied(r, &u)
		}
		if err != nil {
			http.Error(w, "not in the archive", http.StatusNotFound)
			return
		}
		defer resp.Body.Close()
		for k, vs := range resp.Header {
			switch http.CanonicalHeaderKey(k) {
			// The body is sent as decoded here, whole.
			case "Content-Length", "Content-Encoding", "Transfer-Encoding", "Connection", "Keep-Alive":
				continue
			}
			for _, v := range vs {
				w.Header().Add(k, v)
			}
		}
		w.WriteHeader(resp.StatusCode)
		if r.Method != http.MethodHead {
			_, _ = io.Copy(w, resp.Body)
		}
	})
}

func (a *Archive) proxied(r *http.Request, u *url.URL) (*http.Response, error) {
	method := r.Method
	if method != http.MethodHead {
		method = http.MethodGet // a form post is answered by the archived page
	}
	req, err := http.NewRequestWithContext(r.Context(), method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	return a.RoundTrip(req)
}

// PlainURL is the address a browser behind ProxyHandler loads for an
// archived page: https becomes http, which the proxy answers from the
// archive instead of tunnelling.
func PlainURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://"); ok {
		return "http://" + rest
	}
	return u
}
