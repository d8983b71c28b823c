package crawl

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/gongkai/gongkai/site"
)

// ErrNotArchived is the replay's answer for a URL the archive does not
// hold: the target is "not checked", never broken.
var ErrNotArchived = errors.New("not in the archive")

// NotCheckedNotArchived is the NotChecked of a target a WARC replay could
// not answer.
const NotCheckedNotArchived = "网页存档（WARC）中没有此地址，未检查"

// Archive answers HTTP requests from a WARC file (ours, wget's, Heritrix's,
// Browsertrix's): the crawl runs against it exactly as against the site.
// Only an index (URL → record offset) is held; each answer is read from
// the file when asked, so an archive of any size replays in little memory.
type Archive struct {
	path string
	// Start is the start URL the archive names (our warcinfo's
	// gongkai-start), else its first HTML response's URL.
	Start string
	// Responses counts the response records indexed.
	Responses int

	mu    sync.Mutex
	index map[string][]archived
	// failed are the requests our own archives recorded as failed (no
	// answer): URL → method → error class.
	failed map[string]map[string]string
}

// archived is one response record.
type archived struct {
	offset    int64
	method    string // of its request record; "" when unknown (then GET)
	truncated bool
	id        string
	date      string // WARC-Date's day, YYYY-MM-DD
}

// OpenArchive indexes the WARC (gzip per record, or not compressed) at
// path.
func OpenArchive(path string) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd, err := gowarc.NewWarcFileReaderFromStream(f, 0, replayOptions()...)
	if err != nil {
		return nil, err
	}
	a := &Archive{path: path, index: map[string][]archived{}, failed: map[string]map[string]string{}}
	methods := map[string]string{} // response record ID → its request's method
	var firstHTML, first string
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if a.Responses > 0 {
				break // a damaged tail: what came before stands
			}
			return nil, fmt.Errorf("not a WARC file: %w", err)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		switch wr.Type() {
		case gowarc.Warcinfo:
			if a.Start == "" {
				a.Start = warcinfoStart(wr)
			}
		case gowarc.Metadata:
			blk, ok := wr.Block().(gowarc.WarcFieldsBlock)
			key := archiveKey(h.Get(gowarc.WarcTargetURI))
			if !ok || key == "" || !blk.WarcFields().Has(fieldFetchError) {
				break
			}
			if a.failed[key] == nil {
				a.failed[key] = map[string]string{}
			}
			a.failed[key][strings.ToUpper(blk.WarcFields().Get(fieldMethod))] = blk.WarcFields().Get(fieldFetchError)
		case gowarc.Request:
			if blk, ok := wr.Block().(gowarc.HttpRequestBlock); ok {
				line, _, _ := strings.Cut(string(blk.ProtocolHeaderBytes()), "\n")
				m, _, _ := strings.Cut(line, " ")
				for _, id := range h.GetAll(gowarc.WarcConcurrentTo) {
					methods[id] = strings.ToUpper(m)
				}
			}
		case gowarc.Response:
			key := archiveKey(h.Get(gowarc.WarcTargetURI))
			if key == "" {
				break
			}
			day := h.Get(gowarc.WarcDate)
			if len(day) >= 10 {
				day = day[:10]
			}
			a.index[key] = append(a.index[key], archived{offset: rec.Offset, id: h.GetId(gowarc.WarcRecordID),
				truncated: h.Has(gowarc.WarcTruncated), date: day})
			a.Responses++
			if first == "" && !strings.HasSuffix(key, "/robots.txt") {
				first = key
			}
			if blk, ok := wr.Block().(gowarc.HttpResponseBlock); ok && firstHTML == "" && blk.HttpStatusCode() < 400 &&
				strings.Contains(strings.ToLower(blk.HttpHeader().Get("Content-Type")), "html") {
				firstHTML = key
			}
		}
		rec.Close()
	}
	if a.Responses == 0 && len(a.failed) == 0 {
		return nil, errors.New("no HTTP responses in the archive")
	}
	for key, list := range a.index {
		for i := range list {
			list[i].method = methods[list[i].id]
			if list[i].method == "" {
				list[i].method = methods["<"+list[i].id+">"]
			}
		}
		a.index[key] = list
	}
	if a.Start == "" {
		a.Start = firstHTML
	}
	if a.Start == "" {
		a.Start = first
	}
	return a, nil
}

func replayOptions() []gowarc.WarcRecordOption {
	return []gowarc.WarcRecordOption{
		// Archives from other tools break the letter of the standard in
		// small ways; the responses are what matter.
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithUnknownRecordTypePolicy(gowarc.ErrIgnore),
	}
}

// warcinfoStart is the gongkai-start field of a warcinfo record.
func warcinfoStart(wr gowarc.WarcRecord) string {
	blk, ok := wr.Block().(gowarc.WarcFieldsBlock)
	if !ok {
		return ""
	}
	return strings.TrimSpace(blk.WarcFields().Get("gongkai-start"))
}

// archiveKey is the form under which a URL is looked up: WARC-Target-URI
// in angle brackets (WARC 1.0 writers), host case, default ports and
// fragments do not matter.
func archiveKey(raw string) string {
	raw = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(raw), "<"), ">")
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if p := u.Port(); (p == "80" && u.Scheme == "http") || (p == "443" && u.Scheme == "https") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

// pick chooses the record that answers method: the last one of the same
// method (the answer the crawl went on with, after any retries), a whole
// one before a truncated one; a HEAD is answered from a GET's headers.
func pick(list []archived, method string) (archived, bool) {
	best, found := archived{}, false
	for _, e := range list {
		m := e.method
		if m == "" {
			m = http.MethodGet
		}
		if m != method && !(method == http.MethodHead && m == http.MethodGet) {
			continue
		}
		better := !found || (best.truncated && !e.truncated) ||
			(best.truncated == e.truncated && (m == method || best.method != method))
		if better {
			best, found = e, true
		}
	}
	return best, found
}

// Has reports whether the archive answers a GET of u.
func (a *Archive) Has(u string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := pick(a.index[archiveKey(u)], http.MethodGet)
	return ok
}

// RoundTrip answers req from the archive, or fails with ErrNotArchived.
func (a *Archive) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	a.mu.Lock()
	key := archiveKey(req.URL.String())
	e, ok := pick(a.index[key], req.Method)
	class, failed := a.failed[key][req.Method]
	a.mu.Unlock()
	if !ok && failed {
		return nil, archivedError(req.URL, class)
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", req.URL, ErrNotArchived)
	}
	f, err := os.Open(a.path)
	if err != nil {
		return nil, err
	}
	resp, err := readArchived(f, e.offset, req)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", req.URL, ErrNotArchived)
	}
	if req.Method == http.MethodHead {
		f.Close()
		return resp, nil
	}
	body, err := decodeContent(resp, resp.Body)
	if err != nil {
		body = resp.Body
	}
	inner := resp.Body
	resp.Body = &archiveBody{Reader: body, close: func() { inner.Close(); f.Close() }}
	return resp, nil
}

// archivedError stands for a failure our archive recorded: an error the
// crawl classifies as it did the original (see classify).
func archivedError(u *url.URL, class string) error {
	var err error
	switch site.ErrClass(class) {
	case site.ErrDNS:
		err = &net.DNSError{Err: "no such host", Name: u.Hostname(), IsNotFound: true}
	case site.ErrRefused:
		err = &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	case site.ErrTimeout:
		err = context.DeadlineExceeded
	case site.ErrTLS:
		err = errors.New("tls: handshake failure (archived)")
	default:
		if class == archivedPrivate {
			err = errPrivateAddress
		} else {
			err = errors.New("request failed (archived)")
		}
	}
	return &url.Error{Op: "Get", URL: u.String(), Err: err}
}

// readArchived reads the response record at offset (one gzip member, or
// plain): its WARC header, then the HTTP message of its block, parsed as
// net/http would parse it off the wire (chunking undone, the body bounded
// by the record). The index was made with gowarc; the body is read here,
// streaming, because gowarc's payload reader stopped short on some gzip
// members.
func readArchived(f *os.File, offset int64, req *http.Request) (*http.Response, error) {
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		r = zr
	}
	tp := textproto.NewReader(bufio.NewReader(r))
	if line, err := tp.ReadLine(); err != nil || !strings.HasPrefix(line, "WARC/") {
		return nil, errors.New("not a WARC record")
	}
	hdr, err := tp.ReadMIMEHeader()
	if err != nil {
		return nil, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(hdr.Get("Content-Length")), 10, 64)
	if err != nil {
		return nil, err
	}
	return http.ReadResponse(bufio.NewReader(io.LimitReader(tp.R, n)), req)
}

type archiveBody struct {
	io.Reader
	close func()
	once  sync.Once
}

func (b *archiveBody) Close() error {
	b.once.Do(b.close)
	return nil
}

// decodeContent undoes gzip/deflate, which wget and Heritrix keep as
// sent, as net/http's transport would.
func decodeContent(resp *http.Response, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		resp.Header.Del("Content-Encoding")
		resp.Uncompressed = true
		return zr, nil
	case "deflate":
		resp.Header.Del("Content-Encoding")
		resp.Uncompressed = true
		return flate.NewReader(r), nil
	}
	return r, nil
}
