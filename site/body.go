package site

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// A BodyStore keeps all of a page record but what rules index every page
// by (URL, title, column, dates, status) in a temporary file — text,
// footer, inline scripts, meta tags, metadata table, list items — with
// links and script-found list pages as numbers into one table of strings,
// so that a crawl of 100,000 pages holds only the small facts in memory
// (issue 7: peak memory must stay flat as sites grow). Pages are moved
// there with Spill once the crawler is done with them; rules read the
// parts back with the accessors Spill names.
//
// The file is unlinked as soon as it is created where the system allows it,
// so nothing is left behind even if the process is killed. A BodyStore is
// safe for concurrent use.
type BodyStore struct {
	mu      sync.Mutex
	f       *os.File
	name    string // set while the file still has a name (removed at Close)
	off     int64
	readErr error
	full    bool // a write failed (disk full): pages stay in memory from then on
	// strs and ids are the string table of spilled links and list page
	// URLs (see bodyRef).
	strs []string
	ids  map[string]uint32
	// recent holds the last pages' parts other than text (meta tags,
	// metadata, items, links …), by offset: a rule asks several of them
	// of one page in a row, and each read is a system call.
	recent     [8]recentParts
	recentNext int
	reads      atomic.Int64 // reads of the file (Reads)
}

type recentParts struct {
	off int64
	b   []byte
}

// NewBodyStore creates a store in dir ("" for the system's temporary
// directory).
func NewBodyStore(dir string) (*BodyStore, error) {
	f, err := os.CreateTemp(dir, "gongkai-bodies-*")
	if err != nil {
		return nil, fmt.Errorf("page store: %w", err)
	}
	st := &BodyStore{f: f}
	if os.Remove(f.Name()) != nil {
		st.name = f.Name() // systems that cannot unlink an open file
	}
	return st, nil
}

// Reads is how many times the file was read: a measure of how often the
// rules went back to the store (issue 13: once a page).
func (st *BodyStore) Reads() int64 {
	if st == nil {
		return 0
	}
	return st.reads.Load()
}

// Close releases the file. Pages spilled to the store cannot be read after.
func (st *BodyStore) Close() error {
	if st == nil {
		return nil
	}
	err := st.f.Close()
	if st.name != "" {
		os.Remove(st.name)
	}
	return err
}

// Err is the first error met reading the store back. A page whose parts
// could not be read looks empty to the rules, so a caller must not trust
// findings made while Err is not nil.
func (st *BodyStore) Err() error {
	if st == nil {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.readErr
}

func (st *BodyStore) append(b []byte) (int64, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.full {
		return 0, false
	}
	off := st.off
	if _, err := st.f.WriteAt(b, off); err != nil {
		// Keep the page in memory rather than lose its text: a scan that
		// runs short of disk uses more memory but stays right.
		st.full = true
		return 0, false
	}
	st.off += int64(len(b))
	return off, true
}

func (st *BodyStore) read(off int64, n uint32) []byte {
	if n == 0 {
		return nil
	}
	b := make([]byte, n)
	st.reads.Add(1)
	if _, err := st.f.ReadAt(b, off); err != nil {
		st.mu.Lock()
		if st.readErr == nil {
			st.readErr = fmt.Errorf("reading page text back from the temporary page store: %w", err)
		}
		st.mu.Unlock()
		return nil
	}
	return b
}

// bodyRef says where a spilled page's parts are: one after the other
// from off in the store's file, in the order of the section constants
// below; ends holds where each section ends, counted from off. Links and
// list page URLs are written as varint numbers into the store's string
// table (link targets and anchor texts repeat across pages: each is kept
// once in memory). What rules ask of every page — is it an article, a
// column, how many list items and metadata fields — is kept in memory.
type bodyRef struct {
	st   *BodyStore
	off  int64
	ends [nSections]uint32
	// articleTitle is meta ArticleTitle, which many rules take as the
	// document's title: reading the meta tags back for it cost a read per
	// page per rule. It shares Title's bytes when Title contains it.
	articleTitle string
	nItems       uint32
	nFields      uint16
	content      bool
	column       bool
	hidden       bool // HasHiddenLinks
	// read is set on the copies Read returns: the whole record, already
	// read. Behind a pointer: every page record carries a bodyRef, and
	// inline these made the record cross a size class (issue 7's bound).
	read *readRecord
}

// readRecord is a record read back whole (see Page.Read): sections come
// from buf, with no read, each decoded once into decoded.
type readRecord struct {
	buf     []byte
	decoded [nSections]any
}

// The sections of a spilled page, in file order.
const (
	secText = iota
	secFooter
	secScript
	secMeta
	secFields
	secLabels
	secItems
	secCrumbs
	secScripts
	secLinks
	secPURLs
	nSections
)

// Body is the text of a page: what Text, FooterText and ScriptText hold.
type Body struct {
	Text       string
	FooterText string
	ScriptText string
}

// Spilled reports whether the page's bulky parts live in a BodyStore.
func (p *Page) Spilled() bool { return p.body.st != nil }

// Spill moves the page's text, footer, inline scripts, meta tags,
// metadata table, list items, breadcrumb, script sources, links and list
// page URLs to st and clears those fields; read them back with Body,
// MetaTags, Fields, FieldLabels, ListItems, Crumbs, ScriptSrcs, Outgoing
// and ListPageURLs. A nil store, a page already spilled or a failed write
// leave the page as it is.
func (p *Page) Spill(st *BodyStore) {
	if st == nil || p.Spilled() {
		return
	}
	r := bodyRef{st: st, nItems: uint32(len(p.Items)), nFields: uint16(min(len(p.Metadata), 1<<16-1)),
		content: p.IsContent(), column: p.IsColumn(), hidden: p.HasHiddenLinks(), articleTitle: p.Meta["articletitle"]}
	if i := strings.Index(p.Title, r.articleTitle); i >= 0 {
		r.articleTitle = p.Title[i : i+len(r.articleTitle)]
	}
	b := make([]byte, 0, len(p.Text)+len(p.FooterText)+len(p.ScriptText)+512)
	mark := func(sec int) bool {
		if len(b) > 1<<31 {
			return false
		}
		r.ends[sec] = uint32(len(b))
		return true
	}
	b = append(b, p.Text...)
	mark(secText)
	b = append(b, p.FooterText...)
	mark(secFooter)
	b = append(b, p.ScriptText...)
	mark(secScript)
	b = appendMap(b, p.Meta)
	mark(secMeta)
	b = appendMap(b, p.Metadata)
	mark(secFields)
	b = appendMap(b, p.MetadataLabels)
	mark(secLabels)
	b = appendItems(b, p.Items)
	mark(secItems)
	b = appendStrings(b, p.Breadcrumb)
	mark(secCrumbs)
	b = appendStrings(b, p.Scripts)
	mark(secScripts)
	b = st.appendLinks(b, p.Links)
	mark(secLinks)
	b = st.appendURLs(b, p.PageURLs)
	if !mark(secPURLs) {
		return // cannot happen with the crawler's body limit; stay in memory
	}
	off, ok := st.append(b)
	if !ok {
		return
	}
	r.off = off
	p.body = r
	p.Text, p.FooterText, p.ScriptText = "", "", ""
	p.Meta, p.Metadata, p.MetadataLabels = nil, nil, nil
	p.Items, p.Breadcrumb, p.Scripts, p.Links, p.PageURLs = nil, nil, nil, nil, nil
}

// section reads sections from..to (inclusive) of a spilled page; nil when
// they are empty or could not be read (see BodyStore.Err).
func (r *bodyRef) section(from, to int) []byte {
	start := uint32(0)
	if from > 0 {
		start = r.ends[from-1]
	}
	if r.read != nil {
		if start == r.ends[to] {
			return nil
		}
		return r.read.buf[start:r.ends[to]]
	}
	if from < secMeta || start == r.ends[to] {
		return r.st.read(r.off+int64(start), r.ends[to]-start)
	}
	// The parts after the text are read together and kept a little while.
	base := r.ends[secScript]
	b := r.st.parts(r.off+int64(base), r.ends[nSections-1]-base)
	if b == nil {
		return nil
	}
	return b[start-base : r.ends[to]-base]
}

// parts returns n bytes at off, from recent when they were just read.
// The buffers are never written after they are read.
func (st *BodyStore) parts(off int64, n uint32) []byte {
	st.mu.Lock()
	for _, c := range st.recent {
		if c.off == off && c.b != nil {
			st.mu.Unlock()
			return c.b
		}
	}
	st.mu.Unlock()
	b := st.read(off, n)
	if b == nil {
		return nil
	}
	st.mu.Lock()
	st.recent[st.recentNext] = recentParts{off: off, b: b}
	st.recentNext = (st.recentNext + 1) % len(st.recent)
	st.mu.Unlock()
	return b
}

// Body returns the page's text, footer text and inline scripts, from the
// store when the page was spilled.
func (p *Page) Body() Body {
	r := &p.body
	if r.st == nil {
		return Body{Text: p.Text, FooterText: p.FooterText, ScriptText: p.ScriptText}
	}
	b := r.section(secText, secScript)
	if b == nil {
		return Body{}
	}
	// The buffer is never written again: its parts can be strings without
	// a second copy.
	s := unsafe.String(&b[0], len(b))
	t, f := r.ends[secText], r.ends[secFooter]
	return Body{Text: s[:t], FooterText: s[t:f], ScriptText: s[f:]}
}

// InlineScript is Body().ScriptText, reading only the scripts back.
func (p *Page) InlineScript() string {
	r := &p.body
	if r.st == nil {
		return p.ScriptText
	}
	b := r.section(secScript, secScript)
	if len(b) == 0 {
		return ""
	}
	// A buffer of its own, never written again (see Body).
	return unsafe.String(&b[0], len(b))
}

// TextLen is len(Body().Text) without reading the text.
func (p *Page) TextLen() int {
	if p.body.st == nil {
		return len(p.Text)
	}
	return int(p.body.ends[secText])
}

// Read returns the page with its whole record read from the store in one
// read: a copy whose accessors (Body, MetaTags, Fields, ListItems,
// Outgoing …) do no I/O and decode each part once, for use by one
// goroutine. A page in memory is returned as it is. The copy
// is not the page of s.Pages: whatever keys on page identity needs p.
// The error is the store's (the record could not be read back); Err
// reports it too.
func (p *Page) Read() (*Page, error) {
	r := &p.body
	if r.st == nil || r.read != nil {
		return p, nil
	}
	q := *p
	n := r.ends[nSections-1]
	if n == 0 {
		q.body.read = &readRecord{buf: []byte{}}
		return &q, nil
	}
	b := make([]byte, n)
	r.st.reads.Add(1)
	if _, err := r.st.f.ReadAt(b, r.off); err != nil {
		err = fmt.Errorf("reading page %q back from the temporary page store: %w", p.URL, err)
		r.st.mu.Lock()
		if r.st.readErr == nil {
			r.st.readErr = err
		}
		r.st.mu.Unlock()
		return nil, err
	}
	q.body.read = &readRecord{buf: b}
	return &q, nil
}

// ReadOrder returns the indexes of pages in the order their records lie
// in the page store (pages in memory first), so that reading them one
// after the other reads the file forwards.
func ReadOrder(pages []*Page) []int {
	idx := make([]int, len(pages))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		ra, rb := &pages[a].body, &pages[b].body
		if (ra.st == nil) != (rb.st == nil) {
			if ra.st == nil {
				return -1
			}
			return 1
		}
		return cmp.Compare(ra.off, rb.off)
	})
	return idx
}

// part returns a moved field: the field itself while the page is in
// memory, else section sec of the store decoded by read.
func part[T any](p *Page, field T, sec int, read func([]byte) T) T {
	if p.body.st == nil {
		return field
	}
	if rr := p.body.read; rr != nil {
		d := &rr.decoded
		// A page of Read: one goroutine's, so the cache needs no lock.
		if v, ok := d[sec].(T); ok {
			return v
		}
		v := read(p.body.section(sec, sec))
		d[sec] = v
		return v
	}
	return read(p.body.section(sec, sec))
}

// MetaTags returns Meta, from the store when the page was spilled.
func (p *Page) MetaTags() map[string]string { return part(p, p.Meta, secMeta, readMap) }

// ArticleTitle is MetaTags()["articletitle"], kept in memory.
func (p *Page) ArticleTitle() string {
	if p.body.st == nil {
		return p.Meta["articletitle"]
	}
	return p.body.articleTitle
}

// Fields returns the metadata table (Metadata), from the store when the
// page was spilled.
func (p *Page) Fields() map[string]string { return part(p, p.Metadata, secFields, readMap) }

// FieldLabels returns MetadataLabels, from the store when the page was
// spilled.
func (p *Page) FieldLabels() map[string]string {
	return part(p, p.MetadataLabels, secLabels, readMap)
}

// ListItems returns Items, from the store when the page was spilled.
func (p *Page) ListItems() []ListItem { return part(p, p.Items, secItems, readItems) }

// Crumbs returns Breadcrumb, from the store when the page was spilled.
func (p *Page) Crumbs() []string { return part(p, p.Breadcrumb, secCrumbs, readStrings) }

// ScriptSrcs returns Scripts, from the store when the page was spilled.
func (p *Page) ScriptSrcs() []string { return part(p, p.Scripts, secScripts, readStrings) }

// Outgoing returns the page's links (Links), from the store when the page
// was spilled.
func (p *Page) Outgoing() []Link { return part(p, p.Links, secLinks, p.body.st.decodeLinks) }

// ListPageURLs returns PageURLs, from the store when the page was spilled.
func (p *Page) ListPageURLs() []string {
	return part(p, p.PageURLs, secPURLs, p.body.st.decodeURLs)
}

// HasHiddenLinks reports whether an anchor of Outgoing() is hidden (its
// Hidden set), without reading the links: most pages have none.
func (p *Page) HasHiddenLinks() bool {
	if p.body.st != nil {
		return p.body.hidden
	}
	for _, l := range p.Links {
		if l.Hidden != "" && l.Kind == KindAnchor {
			return true
		}
	}
	return false
}

// NumFields is len(Fields()) without reading them.
func (p *Page) NumFields() int {
	if p.body.st == nil {
		return len(p.Metadata)
	}
	return int(p.body.nFields)
}

// NumItems is len(ListItems()) without reading them.
func (p *Page) NumItems() int {
	if p.body.st == nil {
		return len(p.Items)
	}
	return int(p.body.nItems)
}

// Full returns the page with its bulky parts in the fields, as the
// crawler extracted it: a copy when the page was spilled, else p itself.
func (p *Page) Full() *Page {
	if !p.Spilled() {
		return p
	}
	q := *p
	b := p.Body()
	q.Text, q.FooterText, q.ScriptText = b.Text, b.FooterText, b.ScriptText
	q.Meta, q.Metadata, q.MetadataLabels = p.MetaTags(), p.Fields(), p.FieldLabels()
	q.Items, q.Breadcrumb, q.Scripts = p.ListItems(), p.Crumbs(), p.ScriptSrcs()
	q.Links, q.PageURLs = p.Outgoing(), p.ListPageURLs()
	q.body = bodyRef{}
	return &q
}

// Seal frees the index that finds a string's number while pages are
// spilled (about 10 MB at 100,000 pages) once no more pages are coming:
// reading pages back needs only the table. A later Spill still works; it
// rebuilds the index first.
func (st *BodyStore) Seal() {
	if st == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.ids = nil
}

// id returns the number of str in the string table, adding it if new.
// Callers hold st.mu.
func (st *BodyStore) id(str string) uint64 {
	if st.ids == nil {
		st.ids = make(map[string]uint32, len(st.strs))
		for i, s := range st.strs {
			st.ids[s] = uint32(i)
		}
	}
	if i, ok := st.ids[str]; ok {
		return uint64(i)
	}
	i := uint32(len(st.strs))
	st.strs = append(st.strs, str)
	st.ids[str] = i
	return uint64(i)
}

var linkKinds = []LinkKind{KindAnchor, KindFrame, KindImage, KindScript, KindStyle, KindOther}

func kindIndex(k LinkKind) int {
	for i, c := range linkKinds {
		if c == k {
			return i
		}
	}
	return -1
}

// appendLinks writes each link as three numbers: its URL, its text, and
// its kind (an index into linkKinds, or len(linkKinds)+a string number for a
// kind this version does not name) doubled, plus one when a fourth number
// follows: the string number of its Hidden reason.
func (st *BodyStore) appendLinks(b []byte, links []Link) []byte {
	return appendList(st, b, links, func(b []byte, l Link) []byte {
		b = binary.AppendUvarint(b, st.id(l.URL))
		b = binary.AppendUvarint(b, st.id(l.Text))
		var k uint64
		if i := kindIndex(l.Kind); i < 0 {
			k = uint64(len(linkKinds)) + st.id(string(l.Kind))
		} else {
			k = uint64(i)
		}
		if l.Hidden == "" {
			return binary.AppendUvarint(b, k<<1)
		}
		b = binary.AppendUvarint(b, k<<1|1)
		return binary.AppendUvarint(b, st.id(l.Hidden))
	})
}

func (st *BodyStore) decodeLinks(b []byte) []Link {
	return decodeList(st, b, func(b []byte) (Link, []byte, bool) {
		var u, t, k, h uint64
		u, b = uvarint(b)
		t, b = uvarint(b)
		k, b = uvarint(b)
		hidden := k&1 == 1
		k >>= 1
		if hidden {
			h, b = uvarint(b)
		}
		ns := uint64(len(st.strs))
		if u >= ns || t >= ns || k >= uint64(len(linkKinds))+ns || h >= ns {
			return Link{}, b, false
		}
		kind := LinkKind("")
		if k < uint64(len(linkKinds)) {
			kind = linkKinds[k]
		} else {
			kind = LinkKind(st.strs[k-uint64(len(linkKinds))])
		}
		l := Link{URL: st.strs[u], Text: st.strs[t], Kind: kind}
		if hidden {
			l.Hidden = st.strs[h]
		}
		return l, b, true
	})
}

func (st *BodyStore) appendURLs(b []byte, urls []string) []byte {
	return appendList(st, b, urls, func(b []byte, u string) []byte {
		return binary.AppendUvarint(b, st.id(u))
	})
}

func (st *BodyStore) decodeURLs(b []byte) []string {
	return decodeList(st, b, func(b []byte) (string, []byte, bool) {
		u, b := uvarint(b)
		if u >= uint64(len(st.strs)) {
			return "", b, false
		}
		return st.strs[u], b, true
	})
}

// appendList writes a count, then each item as put writes it, holding
// st.mu for put's string numbers (st.id). No items write nothing.
func appendList[T any](st *BodyStore, b []byte, items []T, put func([]byte, T) []byte) []byte {
	if len(items) == 0 {
		return b
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, it := range items {
		b = put(b, it)
	}
	return b
}

// decodeList reads what appendList wrote. get reads one item and says
// false for a damaged record (a string number past the table; see
// BodyStore.Err): the list keeps what was read before it.
func decodeList[T any](st *BodyStore, b []byte, get func([]byte) (T, []byte, bool)) []T {
	if len(b) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	n, b := uvarint(b)
	out := make([]T, min(n, uint64(len(b)))) // a damaged count cannot ask for more
	for i := range out {
		var ok bool
		if out[i], b, ok = get(b); !ok {
			return out[:i]
		}
	}
	return out
}

// uvarint reads one number the encoders above wrote; the buffers never
// leave this file, so they are well formed.
func uvarint(b []byte) (uint64, []byte) {
	x, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil
	}
	return x, b[n:]
}
