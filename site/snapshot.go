package site

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sort"
	"strconv"
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
//
// Version 2 puts a checksum in every line (header included): the line is
// `{"sum":"xxxxxxxx",` followed by the rest of the record's JSON object,
// and xxxxxxxx is the CRC-32C of that rest (without the newline). The gzip
// header is the fixed 10 bytes Go's writer puts there, and the gzip trailer
// checks the whole stream, so a changed byte anywhere is found.
const (
	SnapshotFormat  = "gongkai-snapshot"
	SnapshotVersion = 2
)

// sumPrefix starts every line of a version 2 snapshot; eight hex digits
// and sumSep follow.
const (
	sumPrefix = `{"sum":"`
	sumSep    = `",`
	sumLen    = len(sumPrefix) + 8 + len(sumSep)
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// gzipHeader is what gzip.NewWriterLevel(w, gzip.BestSpeed) writes: no
// name, no time, XFL 4 (fastest), OS unknown. Nothing in it is covered by
// a checksum, so the reader requires it byte for byte.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff}

// fileSumTrailer is what a finished snapshot ends with, after its gzip
// stream: a second, empty gzip member whose comment is the CRC-32C of every
// byte before it. The gzip trailer checks only the decompressed data; this
// also covers the bits of the compressed stream that decompress to the same
// data (block padding, the header's time), so no changed byte goes unseen.
// gzip and zcat read it as an empty member.
func fileSumTrailer(sum uint32) []byte {
	b := []byte{0x1f, 0x8b, 8, 0x10, 0, 0, 0, 0, 0, 0xff} // FLG: a comment follows
	b = fmt.Appendf(b, "gongkai-crc32c:%08x", sum)
	b = append(b, 0)                         // end of the comment
	b = append(b, 1, 0, 0, 0xff, 0xff)       // final, empty stored block
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0) // CRC-32 and size of nothing
}

var trailerLen = len(fileSumTrailer(0))

// hashWriter passes writes on and keeps the CRC-32C of all of them.
type hashWriter struct {
	w   io.Writer
	sum uint32
}

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.sum = crc32.Update(h.sum, castagnoli, p[:n])
	return n, err
}

// appendSummed appends the line for one JSON object (as json.Encoder
// wrote it, newline included) with its checksum.
func appendSummed(dst, obj []byte) []byte {
	body := bytes.TrimSuffix(obj, []byte("\n"))[1:] // without the opening brace
	dst = append(dst, sumPrefix...)
	dst = fmt.Appendf(dst, "%08x", crc32.Checksum(body, castagnoli))
	dst = append(dst, sumSep...)
	dst = append(dst, body...)
	return append(dst, '\n')
}

// checkSum verifies a line and returns the JSON object it holds.
func checkSum(line []byte) ([]byte, bool) {
	line = bytes.TrimSuffix(line, []byte("\n"))
	if len(line) < sumLen+1 || !bytes.HasPrefix(line, []byte(sumPrefix)) || string(line[sumLen-len(sumSep):sumLen]) != sumSep {
		return nil, false
	}
	want, err := strconv.ParseUint(string(line[len(sumPrefix):len(sumPrefix)+8]), 16, 32)
	body := line[sumLen:]
	if err != nil || uint32(want) != crc32.Checksum(body, castagnoli) {
		return nil, false
	}
	return append([]byte{'{'}, body...), true
}

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
	out       *hashWriter
	z         *gzipChunks
	enc       *json.Encoder
	obj       bytes.Buffer // one record's JSON, before its checksum
	line      []byte
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
	out := &hashWriter{w: w}
	sw := &SnapshotWriter{out: out, z: &gzipChunks{out: out}}
	sw.enc = json.NewEncoder(&sw.obj)
	sw.enc.SetEscapeHTML(false)
	if err := sw.encode(h); err != nil {
		return nil, err
	}
	return sw, sw.flush()
}

// gzipChunks writes the snapshot's gzip member (gzipHeader, a deflate
// stream, the CRC-32 and size of the data) with a compressor borrowed from
// a process-wide pool for each chunk of at most chunkSize bytes or each
// flush, and given back at once. A flate compressor holds about 1 MB: a
// worker scanning 200 sites at 2 requests/s kept 200 of them, mostly idle
// between flushes, and they were two thirds of its heap (issue 14,
// BENCHMARKS.md). Every chunk but the last ends with a sync flush (an empty
// stored block, byte-aligned, not final), so the chunks are one valid
// deflate stream that any gzip reader reads; only matches into the chunk
// before are lost (BestSpeed compresses in 64 KB blocks anyway).
type gzipChunks struct {
	out     io.Writer
	buf     []byte
	crc     uint32 // IEEE, of the data, for the gzip trailer
	size    uint32 // of the data, modulo 2^32 (gzip's ISIZE)
	started bool
}

const chunkSize = 64 << 10

var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

// write buffers p, compressing once a chunk is full.
func (g *gzipChunks) write(p []byte) error {
	g.buf = append(g.buf, p...)
	if len(g.buf) >= chunkSize {
		return g.compress(false)
	}
	return nil
}

// compress writes the buffered data as the next chunk; final ends the
// stream with its trailer.
func (g *gzipChunks) compress(final bool) error {
	if !g.started {
		if _, err := g.out.Write(gzipHeader); err != nil {
			return err
		}
		g.started = true
	}
	if len(g.buf) == 0 && !final {
		return nil
	}
	fw := flatePool.Get().(*flate.Writer)
	fw.Reset(g.out)
	defer func() {
		fw.Reset(io.Discard) // the pool keeps no file
		flatePool.Put(fw)
	}()
	g.crc = crc32.Update(g.crc, crc32.IEEETable, g.buf)
	g.size += uint32(len(g.buf))
	_, err := fw.Write(g.buf)
	g.buf = g.buf[:0]
	if err != nil {
		return err
	}
	if !final {
		return fw.Flush()
	}
	if err := fw.Close(); err != nil {
		return err
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], g.crc)
	binary.LittleEndian.PutUint32(trailer[4:], g.size)
	_, err = g.out.Write(trailer[:])
	return err
}

// encode writes one value as a checksummed line.
func (sw *SnapshotWriter) encode(v any) error {
	sw.obj.Reset()
	if err := sw.enc.Encode(v); err != nil {
		return err
	}
	sw.line = appendSummed(sw.line[:0], sw.obj.Bytes())
	return sw.z.write(sw.line)
}

func (sw *SnapshotWriter) write(r snapshotRecord, flush bool) error {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	if sw.err != nil {
		return sw.err
	}
	if err := sw.encode(r); err != nil {
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
	return sw.z.compress(false)
}

// WritePage appends a page; the stream is flushed at most a second later,
// so the page survives a crash.
// A spilled page is written whole.
func (sw *SnapshotWriter) WritePage(p *Page) error {
	return sw.write(snapshotRecord{Page: p.Full()}, true)
}

// Finish writes the resources, attachments and the end record of a crawl,
// closes the gzip stream and writes the file checksum (fileSumTrailer); it
// does not close the underlying writer.
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
	if err := sw.z.compress(true); err != nil {
		return err
	}
	_, err := sw.out.w.Write(fileSumTrailer(sw.out.sum))
	return err
}

// ErrNotSnapshot is returned for a file that is not a gongkai snapshot.
var ErrNotSnapshot = errors.New("不是gongkai快照文件")

// ErrSnapshotDamaged matches (errors.Is) the error of a snapshot in which
// a byte changed: a record whose checksum does not match, a damaged gzip
// stream. *SnapshotDamagedError says where.
var ErrSnapshotDamaged = errors.New("快照文件已损坏")

// ErrSnapshotOld matches the error of a snapshot written in an older
// format version than this reader's.
var ErrSnapshotOld = errors.New("快照文件格式过旧")

// SnapshotDamagedError says where a snapshot is damaged.
type SnapshotDamagedError struct {
	// Offset is the byte offset in the file (Compressed) or in the
	// decompressed JSON lines, where Line is the 1-based line number.
	Offset     int64
	Compressed bool
	Line       int
}

func (e *SnapshotDamagedError) Error() string {
	if e.Compressed {
		return fmt.Sprintf("快照文件已损坏（文件第%d字节附近的压缩数据无法解开）", e.Offset)
	}
	return fmt.Sprintf("快照文件已损坏（解压后第%d字节、第%d行的记录校验和不符）", e.Offset, e.Line)
}

// Is makes errors.Is(err, ErrSnapshotDamaged) true.
func (e *SnapshotDamagedError) Is(target error) bool { return target == ErrSnapshotDamaged }

// snapshotOldError is a snapshot of an older format version.
type snapshotOldError struct{ version int }

func (e *snapshotOldError) Error() string {
	return fmt.Sprintf("快照文件是旧格式（第%d版），本版本gongkai只读取第%d版：请用 gongkai crawl 重新抓取", e.version, SnapshotVersion)
}

func (e *snapshotOldError) Is(target error) bool { return target == ErrSnapshotOld }

// countingReader counts the bytes the gzip reader consumed, to say where a
// damaged stream failed. It is a ByteReader, so gzip reads through it
// without a buffer of its own.
type countingReader struct {
	br   *bufio.Reader
	n    int64
	tail uint32 // the last four bytes read
	sum  uint32 // CRC-32C of the bytes read
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	c.n += int64(n)
	for _, b := range p[:n] {
		c.tail = c.tail<<8 | uint32(b)
	}
	c.sum = crc32.Update(c.sum, castagnoli, p[:n])
	return n, err
}

func (c *countingReader) ReadByte() (byte, error) {
	b, err := c.br.ReadByte()
	if err == nil {
		c.n++
		c.tail = c.tail<<8 | uint32(b)
		c.sum = crc32.Update(c.sum, castagnoli, []byte{b})
	}
	return b, err
}

// checkTrailer reads what follows the gzip stream: a finished snapshot's
// fileSumTrailer and nothing else.
func (c *countingReader) checkTrailer() error {
	want := fileSumTrailer(c.sum)
	got, _ := io.ReadAll(io.LimitReader(c.br, int64(len(want))+1))
	if !bytes.Equal(got, want) {
		return &SnapshotDamagedError{Offset: c.n + int64(firstDiff(got, want)), Compressed: true}
	}
	return nil
}

// syncFlushEnd ends every gzip flush (an empty stored block): a file cut
// right after one is a crawl killed between flushes.
const syncFlushEnd = 0x0000ffff

// cutAtFlush reports whether the whole file was read and ends where the
// writer had flushed: a partial snapshot, not a damaged one.
func (c *countingReader) cutAtFlush() bool {
	_, err := c.br.Peek(1)
	return errors.Is(err, io.EOF) && c.tail == syncFlushEnd
}

// ReadSnapshot reads a snapshot, complete or not. A snapshot cut short (the
// crawl was killed) yields the pages written so far with Complete false and
// a StopReason saying so. Any other damage is an error matching
// ErrSnapshotDamaged; an older format version one matching ErrSnapshotOld.
func ReadSnapshot(r io.Reader) (*SnapshotHeader, *Site, error) { return ReadSnapshotTo(r, nil) }

// ReadSnapshotTo is ReadSnapshot with every page spilled to st as it is
// decoded, so that replaying a large crawl never holds all page text at once.
func ReadSnapshotTo(r io.Reader, st *BodyStore) (*SnapshotHeader, *Site, error) {
	cr := &countingReader{br: bufio.NewReaderSize(r, 64<<10)}
	head, _ := cr.br.Peek(len(gzipHeader))
	gz, err := gzip.NewReader(cr)
	if err != nil {
		if len(head) == len(gzipHeader) && differing(head, gzipHeader) <= 2 {
			return nil, nil, &SnapshotDamagedError{Offset: int64(firstDiff(head, gzipHeader)), Compressed: true}
		}
		return nil, nil, ErrNotSnapshot
	}
	defer gz.Close()
	gz.Multistream(false) // what follows is fileSumTrailer
	br := bufio.NewReaderSize(gz, 1<<20)
	first, err := br.ReadBytes('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		// The header is flushed as soon as it is written: a gzip
		// stream that fails before its end is damaged.
		return nil, nil, &SnapshotDamagedError{Offset: cr.n, Compressed: true}
	}
	var h SnapshotHeader
	obj, summed := checkSum(first)
	if !summed {
		// Version 1 had no checksums.
		if json.Unmarshal(first, &h) == nil && h.Format == SnapshotFormat && h.Version > 0 && h.Version < 2 {
			return nil, nil, &snapshotOldError{version: h.Version}
		}
		// A changed byte in a snapshot's header line fails the gzip
		// checksum at the end; a foreign gzip file decodes cleanly.
		if _, err := io.Copy(io.Discard, br); err != nil || bytes.HasPrefix(first, []byte(sumPrefix)) {
			return nil, nil, &SnapshotDamagedError{Offset: cr.n, Compressed: err != nil, Line: 1}
		}
		return nil, nil, ErrNotSnapshot
	}
	if json.Unmarshal(obj, &h) != nil || h.Format != SnapshotFormat {
		return nil, nil, ErrNotSnapshot
	}
	switch {
	case h.Version > SnapshotVersion:
		return nil, nil, fmt.Errorf("快照文件是第%d版格式，比本版本gongkai能读取的（第%d版）新：请升级gongkai", h.Version, SnapshotVersion)
	case h.Version < SnapshotVersion:
		return nil, nil, &snapshotOldError{version: h.Version}
	case !bytes.Equal(head, gzipHeader):
		return nil, nil, &SnapshotDamagedError{Offset: int64(firstDiff(head, gzipHeader)), Compressed: true}
	}
	recs, err := decodeRecords(br, st, cr, int64(len(first)))
	if err != nil {
		return nil, nil, err
	}
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
		s.StopReason = "快照不完整：写入它的抓取没有完成"
	}
	return &h, s, nil
}

// differing counts the positions where a and b differ.
func differing(a, b []byte) int {
	n := 0
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// firstDiff is the index of the first byte where a and b differ.
func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

type numberedRecord struct {
	idx int
	rec snapshotRecord
}

// decodeRecords decodes the record lines on every core: JSON decoding was a
// third of replaying a 100,000-page snapshot. The records come back in file
// order. A file cut short (a crawl killed mid-write: the gzip stream ends
// early) keeps its complete lines and drops a torn last one; any other
// damage — a line whose checksum or JSON is wrong, a gzip stream that does
// not decode or whose trailer does not match — is a *SnapshotDamagedError
// for the first damaged place. off is the decompressed offset of the first
// record line.
func decodeRecords(br *bufio.Reader, st *BodyStore, cr *countingReader, off int64) ([]numberedRecord, error) {
	type line struct {
		idx  int
		off  int64
		data []byte
	}
	lines := make(chan line, 256)
	out := make(chan numberedRecord, 256)
	var mu sync.Mutex
	var damage *SnapshotDamagedError // the first, by line
	report := func(e *SnapshotDamagedError, idx int) {
		mu.Lock()
		defer mu.Unlock()
		if damage == nil || idx < damage.Line {
			damage = e
		}
	}
	var wg sync.WaitGroup
	for range max(runtime.GOMAXPROCS(0), 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for l := range lines {
				var rec snapshotRecord
				obj, ok := checkSum(l.data)
				if !ok || json.Unmarshal(obj, &rec) != nil {
					report(&SnapshotDamagedError{Offset: l.off, Line: l.idx + 2}, l.idx+2)
					continue
				}
				if p := rec.Page; p != nil {
					p.Spill(st)
					p.internStrings()
				}
				if r := rec.Resource; r != nil {
					r.internStrings()
				}
				out <- numberedRecord{idx: l.idx, rec: rec}
			}
		}()
	}
	go func() {
		for i := 0; ; i++ {
			data, err := br.ReadBytes('\n')
			switch {
			case err == nil:
				lines <- line{idx: i, off: off, data: data}
				off += int64(len(data))
				continue
			case errors.Is(err, io.ErrUnexpectedEOF) && cr.cutAtFlush():
				// Cut short at a flush (a crawl killed between
				// writes): what was flushed is whole; a torn last line
				// is dropped. A stream cut anywhere else, or ended
				// early by a changed byte, is damaged.
			case errors.Is(err, io.EOF):
				if len(data) > 0 { // the writer ends every line
					report(&SnapshotDamagedError{Offset: off, Line: i + 2}, i+2)
				} else if err := cr.checkTrailer(); err != nil {
					report(err.(*SnapshotDamagedError), i+2)
				}
			default:
				report(&SnapshotDamagedError{Offset: cr.n, Compressed: true, Line: i + 2}, i+2)
			}
			break
		}
		close(lines)
		wg.Wait()
		close(out)
	}()
	var recs []numberedRecord
	for r := range out {
		recs = append(recs, r)
	}
	if damage != nil {
		return nil, damage
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].idx < recs[j].idx })
	return recs, nil
}
