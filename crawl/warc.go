package crawl

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"
)

// WARCWriter writes every HTTP exchange of a crawl as WARC 1.1 (ISO 28500):
// a request and a response record per exchange, each record its own gzip
// member, so that any WARC tool (wget, pywb, Heritrix, Browsertrix) reads
// the file and a damaged tail loses only its last record.
type WARCWriter struct {
	mu  sync.Mutex
	out io.Writer
	err error
	// tmpDir is where bodies larger than 1 MiB wait on disk until their
	// record is written: attachments can be hundreds of megabytes.
	tmpDir string
}

// WARCInfo is what the warcinfo record says: the tool and the crawl's
// settings, in order.
type WARCInfo struct {
	Software string
	Start    string
	// Fields are further "name: value" lines (the scan's options).
	Fields [][2]string
}

// NewWARCWriter starts a WARC on out with its warcinfo record. tmpDir ""
// is the system's temporary directory.
func NewWARCWriter(out io.Writer, info WARCInfo, tmpDir string) (*WARCWriter, error) {
	w := &WARCWriter{out: out, tmpDir: tmpDir}
	rb := newRecordBuilder(gowarc.Warcinfo, w.recordOptions()...)
	rb.AddWarcHeaderTime(gowarc.WarcDate, time.Now().UTC())
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationWarcFields)
	var b strings.Builder
	fmt.Fprintf(&b, "software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n", info.Software)
	if info.Start != "" {
		fmt.Fprintf(&b, "gongkai-start: %s\r\n", info.Start)
	}
	for _, f := range info.Fields {
		fmt.Fprintf(&b, "gongkai-%s: %s\r\n", f[0], strings.NewReplacer("\r", " ", "\n", " ").Replace(f[1]))
	}
	rb.AddWarcHeader(gowarc.WarcBlockDigest, sha1Digest([]byte(b.String())))
	if _, err := rb.WriteString(b.String()); err != nil {
		return nil, err
	}
	if err := w.write(rb); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *WARCWriter) recordOptions() []gowarc.WarcRecordOption {
	opts := []gowarc.WarcRecordOption{
		gowarc.WithVersion(gowarc.V1_1),
		// Digests are computed here as the body streams (gowarc's own
		// payload digest came out as the empty body's).
		gowarc.WithAddMissingDigest(false),
		gowarc.WithBlockErrorPolicy(gowarc.ErrIgnore),
		// What the server sent is the evidence, even when it breaks HTTP.
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrIgnore),
		gowarc.WithSpecViolationPolicy(gowarc.ErrIgnore),
	}
	if w.tmpDir != "" {
		opts = append(opts, gowarc.WithBufferTmpDir(w.tmpDir))
	}
	return opts
}

// Err is the first write error, if any: the crawl goes on without the
// archive, and the caller reports it.
func (w *WARCWriter) Err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// write builds the records and appends them, each in its own gzip member.
func (w *WARCWriter) write(builders ...gowarc.WarcRecordBuilder) error {
	recs := make([]gowarc.WarcRecord, 0, len(builders))
	defer func() {
		for _, r := range recs {
			r.Close()
		}
	}()
	for _, rb := range builders {
		rec, _, err := rb.Build()
		if err != nil {
			rb.Close()
			w.fail(err)
			return err
		}
		recs = append(recs, rec)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return w.err
	}
	m := gowarc.NewMarshaler()
	for _, rec := range recs {
		zw := gzip.NewWriter(w.out)
		_, _, err := m.Marshal(zw, rec, 0)
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			w.err = err
			return err
		}
	}
	return nil
}

func (w *WARCWriter) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

// Wrap records every exchange made through rt. It sits under the polite
// transport, so it sees what went over the network, once per request.
func (w *WARCWriter) Wrap(rt http.RoundTripper) http.RoundTripper {
	return &recordingTransport{base: rt, w: w}
}

type recordingTransport struct {
	base http.RoundTripper
	w    *WARCWriter
}

func (t *recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	when := time.Now().UTC()
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		t.failed(req, when, err)
		return resp, err
	}
	reqID, respID := recordID(), recordID()
	target := req.URL.String()

	rq := t.w.record(gowarc.Request, reqID, respID, target, when, gowarc.ApplicationHttp+";msgtype=request")
	var head bytes.Buffer
	fmt.Fprintf(&head, "%s %s HTTP/1.1\r\nHost: %s\r\n", req.Method, req.URL.RequestURI(), req.URL.Host)
	req.Header.Write(&head)
	head.WriteString("\r\n")
	rq.AddWarcHeader(gowarc.WarcBlockDigest, sha1Digest(head.Bytes()))
	rq.Write(head.Bytes())

	rs := t.w.record(gowarc.Response, respID, reqID, target, when, gowarc.ApplicationHttp+";msgtype=response")
	head.Reset()
	// The body is recorded as the client read it: net/http has already
	// undone chunking and gzip, and dropped those headers with it, so the
	// header block describes the payload that follows it.
	fmt.Fprintf(&head, "HTTP/1.1 %s\r\n", resp.Status)
	resp.Header.Write(&head)
	head.WriteString("\r\n")
	rs.Write(head.Bytes())
	block, payload := sha1.New(), sha1.New()
	block.Write(head.Bytes())

	resp.Body = &recordingBody{body: resp.Body, w: t.w, req: rq, resp: rs, head: req.Method == http.MethodHead,
		block: block, payload: payload}
	return resp, nil
}

// failed records a request that got no answer (refused, DNS, timeout …)
// as a metadata record, so that a replay of the archive finds the same
// failure instead of "not archived": WARC has no record type for it, and
// Heritrix keeps such failures in its crawl log, outside the WARC.
func (t *recordingTransport) failed(req *http.Request, when time.Time, err error) {
	if req.Context().Err() != nil {
		return // the crawl was stopped: not the site's failure
	}
	class := string(classify(err))
	if errors.Is(err, errPrivateAddress) {
		class = archivedPrivate
	}
	body := fmt.Sprintf("%s: %s\r\n%s: %s\r\n", fieldFetchError, class, fieldMethod, req.Method)
	rb := t.w.record(gowarc.Metadata, recordID(), "", req.URL.String(), when, gowarc.ApplicationWarcFields)
	rb.AddWarcHeader(gowarc.WarcBlockDigest, sha1Digest([]byte(body)))
	rb.WriteString(body)
	_ = t.w.write(rb)
}

// The fields of a failed request's metadata record.
const (
	fieldFetchError = "gongkai-fetch-error"
	fieldMethod     = "gongkai-method"
	archivedPrivate = "private"
)

// builderMu serialises gowarc.NewRecordBuilder: its default options call
// uuid.EnableRandPool, which writes a global of the uuid package (a data
// race between the crawl's workers).
var builderMu sync.Mutex

// record starts a record of kind about target, fetched at when: its ID, the
// ID of the record it pairs with (the request's response, and back; ""
// for none) and the type of its content.
func (w *WARCWriter) record(kind gowarc.RecordType, id, concurrentTo, target string, when time.Time, contentType string) gowarc.WarcRecordBuilder {
	rb := newRecordBuilder(kind, w.recordOptions()...)
	rb.AddWarcHeader(gowarc.WarcRecordID, id)
	if concurrentTo != "" {
		rb.AddWarcHeader(gowarc.WarcConcurrentTo, concurrentTo)
	}
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	rb.AddWarcHeaderTime(gowarc.WarcDate, when)
	rb.AddWarcHeader(gowarc.ContentType, contentType)
	return rb
}

func newRecordBuilder(t gowarc.RecordType, opts ...gowarc.WarcRecordOption) gowarc.WarcRecordBuilder {
	builderMu.Lock()
	defer builderMu.Unlock()
	return gowarc.NewRecordBuilder(t, opts...)
}

// recordID is a new record's WARC-Record-ID, a random (version 4) UUID
// made here rather than by the uuid package, whose pool setting gowarc
// changes under our feet (see builderMu).
func recordID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// recordingBody copies what the crawl reads into the response record (in
// memory up to 1 MiB, then on disk) and writes the exchange when the body
// is closed: the archive never holds a body in memory, and a reader that
// stops early (a link check reads 16 KB) leaves a record marked truncated
// rather than downloading the rest for the archive's sake.
type recordingBody struct {
	body      io.ReadCloser
	w         *WARCWriter
	req, resp gowarc.WarcRecordBuilder
	// block and payload are the running digests of the record's block
	// (HTTP header and body) and of the body alone.
	block, payload hash.Hash
	head           bool
	eof            bool
	readErr        bool
	once           sync.Once
}

func (b *recordingBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	if n > 0 {
		b.resp.Write(p[:n])
		b.block.Write(p[:n])
		b.payload.Write(p[:n])
	}
	switch {
	case errors.Is(err, io.EOF):
		b.eof = true
	case err != nil:
		b.readErr = true
	}
	return n, err
}

func (b *recordingBody) Close() error {
	b.once.Do(func() {
		if !b.eof && !b.head && !b.readErr {
			// Peek: a body that ended exactly where the reader stopped is
			// whole (one byte more, not the rest).
			var one [1]byte
			if n, err := b.body.Read(one[:]); n == 0 && errors.Is(err, io.EOF) {
				b.eof = true
			}
		}
		switch {
		case b.head || b.eof:
		case b.readErr:
			b.resp.AddWarcHeader(gowarc.WarcTruncated, "disconnect")
		default:
			b.resp.AddWarcHeader(gowarc.WarcTruncated, "length")
		}
		b.resp.AddWarcHeader(gowarc.WarcBlockDigest, hashDigest(b.block))
		b.resp.AddWarcHeader(gowarc.WarcPayloadDigest, hashDigest(b.payload))
		_ = b.w.write(b.req, b.resp)
	})
	return b.body.Close()
}

// sha1Digest and hashDigest format a digest as WARC writers do
// ("sha1:" and base 32).
func sha1Digest(b []byte) string {
	h := sha1.New()
	h.Write(b)
	return hashDigest(h)
}

func hashDigest(h hash.Hash) string {
	return "sha1:" + base32.StdEncoding.EncodeToString(h.Sum(nil))
}
