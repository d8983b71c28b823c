package site

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sort"
	"sync"
	"time"
)

// Snapshot format (documented in SNAPSHOT.md): gzip-compressed JSON Lines.
// The first line is the header; then one record per line, each an object
// with exactly one of the keys "page", "resource", "attachment", "end".
// Pages are appended as they are crawled and the stream is flushed after
// each, so a snapshot is readable while the crawl runs or after it died;
// resources and attachments are final only at the end of the crawl, and
// the "end" record says whether the crawl was complete.
const (
	SnapshotFormat  = "gongkai-snapshot"
	SnapshotVersion = 1
)

// SnapshotHeader is the first line of a snapshot.
type SnapshotHeader struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	Tool      string    `json:"tool"` // gongkai version that wrote it
	Start     string    `json:"start"`
	Host      string    `json:"host"`
	StartedAt time.Time `json:"started_at"`
}

type snapshotRecord struct {
	Page       *Page        `json:"page,omitempty"`
	Resource   *Resource    `json:"resource,omitempty"`
	Attachment *Attachment  `json:"attachment,omitempty"`
	End        *snapshotEnd `json:"end,omitempty"`
}

type snapshotEnd struct {
	Start      string     `json:"start"` // canonical start URL, as crawled
	Host       string     `json:"host"`
	Complete   bool       `json:"complete"`
	StopReason string     `json:"stop_reason,omitempty"`
	Fetch      StartFetch `json:"fetch"`
	Probe      *Probe     `json:"probe,omitempty"`
	// SearchProbe is the crawl's one search of the site (Site.SearchProbe).
	SearchProbe *SearchProbe `json:"search_probe,omitempty"`
}

// SnapshotWriter appends records to a snapshot. It is safe for concurrent
// use by the crawler's workers.
type SnapshotWriter struct {
	mu        sync.Mutex
	gz        *gzip.Writer
	bw        *bufio.Writer
	enc       *json.Encoder
	err       error
	lastFlush time.Time
	unflushed int
}

// A gzip sync flush per page cost a tenth of a fast crawl's CPU; flushing
// at most every second (or 64 pages) keeps a killed crawl's snapshot at
// most a second behind.
const (
	flushEvery = time.Second
	flushPages = 64
)

// NewSnapshotWriter writes the header to w.
func NewSnapshotWriter(w io.Writer, h SnapshotHeader) (*SnapshotWriter, error) {
	h.Format, h.Version = SnapshotFormat, SnapshotVersion
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	sw := &SnapshotWriter{gz: gz, bw: bufio.NewWriterSize(gz, 64<<10)}
	sw.enc = json.NewEncoder(sw.bw)
	sw.enc.SetEscapeHTML(false)
	if err := sw.enc.Encode(h); err != nil {
		return nil, err
	}
	return sw, sw.flush()
}

func (sw *SnapshotWriter) write(r snapshotRecord, flush bool) error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if sw.err != nil {
		return sw.err
	}
	if err := sw.enc.Encode(r); err != nil {
		sw.err = err
		return err
	}
	sw.unflushed++
	if flush && (sw.unflushed >= flushPages || time.Since(sw.lastFlush) >= flushEvery) {
		sw.err = sw.flush()
	}
	return sw.err
}

// Flush makes everything written so far readable now.
func (sw *SnapshotWriter) Flush() error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if sw.err == nil {
		sw.err = sw.flush()
	}
	return sw.err
}

func (sw *SnapshotWriter) flush() error {
	sw.lastFlush, sw.unflushed = time.Now(), 0
	if err := sw.bw.Flush(); err != nil {
		return err
	}
	return sw.gz.Flush()
}

// WritePage appends a page; the stream is flushed at most a second later,
// so the page survives a crash.
// A spilled page is written whole.
func (sw *SnapshotWriter) WritePage(p *Page) error {
	return sw.write(snapshotRecord{Page: p.Full()}, true)
}

// Finish writes the resources, attachments and the end record of a crawl
// and closes the gzip stream (not the underlying writer).
func (sw *SnapshotWriter) Finish(s *Site) error {
	for _, r := range s.Resources {
		if err := sw.write(snapshotRecord{Resource: r}, false); err != nil {
			return err
		}
	}
	for _, a := range s.Attachments {
		if err := sw.write(snapshotRecord{Attachment: a}, false); err != nil {
			return err
		}
	}
	end := &snapshotEnd{Start: s.Start, Host: s.Host, Complete: s.Complete, StopReason: s.StopReason, Fetch: s.Fetch,
		Probe: s.Probe, SearchProbe: s.SearchProbe}
	if err := sw.write(snapshotRecord{End: end}, false); err != nil {
		return err
	}
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if err := sw.bw.Flush(); err != nil {
		return err
	}
	return sw.gz.Close()
}

// ErrNotSnapshot is returned for a file that is not a gongkai snapshot.
var ErrNotSnapshot = errors.New("not a gongkai snapshot")

// ReadSnapshot reads a snapshot, complete or not. A snapshot cut short (the
// crawl was killed) yields the pages written so far with Complete false and
// a StopReason saying so.
func ReadSnapshot(r io.Reader) (*SnapshotHeader, *Site, error) { return ReadSnapshotTo(r, nil) }

// ReadSnapshotTo is ReadSnapshot with every page spilled to st as it is
// decoded, so that replaying a large crawl never holds all page text at once.
func ReadSnapshotTo(r io.Reader, st *BodyStore) (*SnapshotHeader, *Site, error) {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrNotSnapshot, err)
	}
	defer gz.Close()
	br := bufio.NewReaderSize(gz, 1<<20)
	first, err := br.ReadBytes('\n')
	var h SnapshotHeader
	if (err != nil && !errors.Is(err, io.EOF)) || json.Unmarshal(first, &h) != nil || h.Format != SnapshotFormat {
		return nil, nil, ErrNotSnapshot
	}
	if h.Version > SnapshotVersion {
		return nil, nil, fmt.Errorf("snapshot version %d is newer than this gongkai reads (%d); upgrade gongkai", h.Version, SnapshotVersion)
	}
	recs := decodeRecords(br, st)
	s := &Site{Start: h.Start, Host: h.Host}
	ended := false
	firstPage := "" // records are in file order: the start page is written first
	for _, rec := range recs {
		switch {
		case rec.rec.Page != nil:
			s.Pages = append(s.Pages, rec.rec.Page)
			if firstPage == "" {
				firstPage = rec.rec.Page.URL
			}
		case rec.rec.Resource != nil:
			s.Resources = append(s.Resources, rec.rec.Resource)
		case rec.rec.Attachment != nil:
			s.Attachments = append(s.Attachments, rec.rec.Attachment)
		case rec.rec.End != nil:
			ended = true
			e := rec.rec.End
			s.Complete, s.StopReason, s.Fetch, s.Probe, s.SearchProbe = e.Complete, e.StopReason, e.Fetch, e.Probe, e.SearchProbe
			s.Start, s.Host = e.Start, e.Host
		}
	}
	if !ended && firstPage != "" {
		s.Start = firstPage
	}
	// Crawl order varies run to run; rules see pages in URL order, as after
	// a scan.
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	sort.Slice(s.Resources, func(i, j int) bool { return s.Resources[i].URL < s.Resources[j].URL })
	sort.Slice(s.Attachments, func(i, j int) bool { return s.Attachments[i].URL < s.Attachments[j].URL })
	if !ended {
		s.Complete = false
		s.StopReason = "snapshot is partial: the crawl that wrote it did not finish"
	}
	return &h, s, nil
}

type numberedRecord struct {
	idx int
	rec snapshotRecord
}

// decodeRecords decodes the record lines on every core: JSON decoding was a
// third of replaying a 100,000-page snapshot. A torn last line (a crawl
// killed mid-write) is dropped; the records come back in file order.
func decodeRecords(br *bufio.Reader, st *BodyStore) []numberedRecord {
	type line struct {
		idx  int
		data []byte
	}
	lines := make(chan line, 256)
	out := make(chan numberedRecord, 256)
	var wg sync.WaitGroup
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range lines {
				var rec snapshotRecord
				if json.Unmarshal(l.data, &rec) == nil {
					if p := rec.Page; p != nil {
						p.Spill(st)
						p.internStrings()
					}
					if r := rec.Resource; r != nil {
						r.internStrings()
					}
					out <- numberedRecord{idx: l.idx, rec: rec}
				}
			}
		}()
	}
	go func() {
		for i := 0; ; i++ {
			data, err := br.ReadBytes('\n')
			if len(bytes.TrimSpace(data)) > 0 && (err == nil || errors.Is(err, io.EOF)) {
				lines <- line{idx: i, data: data}
			}
			if err != nil {
				break
			}
		}
		close(lines)
		wg.Wait()
		close(out)
	}()
	var recs []numberedRecord
	for r := range out {
		recs = append(recs, r)
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].idx < recs[j].idx })
	return recs
}
