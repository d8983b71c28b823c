package crawl

import (
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/gongkai/gongkai/site"
)

// Answer is what an archive shows of one URL: the response of the day the
// archive was written, or the failure it recorded.
type Answer struct {
	Date   string // YYYY-MM-DD of the record ("" for a recorded failure)
	Status int    // HTTP status; 0 when the request failed
	// Failed is the failure class our archives record ("dns", "refused",
	// "timeout", "tls", …) when Status is 0.
	Failed string
	Title  string // an HTML page's <title>
}

// titleBytes is how much of a page is read for its title.
const titleBytes = 256 << 10

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// Lookup is the archive's answer to a GET of u; false when it holds none.
func (a *Archive) Lookup(u string) (Answer, bool) {
	a.mu.Lock()
	key := archiveKey(u)
	e, ok := pick(a.index[key], http.MethodGet)
	class, failed := a.failed[key][http.MethodGet]
	a.mu.Unlock()
	if !ok {
		if failed {
			return Answer{Failed: class}, true
		}
		return Answer{}, false
	}
	req, err := http.NewRequest(http.MethodGet, key, nil)
	if err != nil {
		return Answer{}, false
	}
	resp, err := a.RoundTrip(req)
	if err != nil {
		return Answer{}, false
	}
	defer resp.Body.Close()
	ans := Answer{Date: e.date, Status: resp.StatusCode}
	ct := resp.Header.Get("Content-Type")
	if ct == "" || strings.Contains(strings.ToLower(ct), "html") {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, titleBytes))
		text, _ := site.Decode(body, ct)
		if m := titleRE.FindStringSubmatch(text); m != nil {
			ans.Title = strings.Join(strings.Fields(html.UnescapeString(m[1])), " ")
		}
	}
	return ans, true
}
