package site

import (
	"encoding/binary"
	"fmt"
	"os"
	"sync"
	"unsafe"
)

// A BodyStore keeps the bulky part of pages — their text, footer and inline
// scripts in a temporary file, their links and script-found list pages as
// numbers into one table of strings; about three quarters of a page record —
// out of the page records, so that a crawl of 100,000 pages holds only
// the small facts in memory (issue 7: peak memory must stay flat as sites
// grow). Pages are moved there with Spill once the crawler is done with them;
// rules read the parts back with Body, Outgoing and ListPageURLs.
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

// bodyRef says where a spilled page's parts are: text, footer and scripts
// one after the other from off in the store's file; links and list page
// URLs as varint numbers into the store's string table (link targets and
// anchor texts repeat across pages: each is kept once).
type bodyRef struct {
	st                   *BodyStore
	off                  int64
	text, footer, script uint32
	links, purls         []byte
}

// Body is the text of a page: what Text, FooterText and ScriptText hold.
type Body struct {
	Text       string
	FooterText string
	ScriptText string
}

// Spilled reports whether the page's bulky parts live in a BodyStore.
func (p *Page) Spilled() bool { return p.body.st != nil }

// Spill moves the page's text, footer and scripts to st's file and its
// links and list page URLs to st's string table, and clears those fields;
// read them back with Body, Outgoing and ListPageURLs. A nil store, a page
// already spilled or a failed write leave the page as it is.
func (p *Page) Spill(st *BodyStore) {
	if st == nil || p.Spilled() {
		return
	}
	b := make([]byte, 0, len(p.Text)+len(p.FooterText)+len(p.ScriptText))
	b = append(b, p.Text...)
	b = append(b, p.FooterText...)
	b = append(b, p.ScriptText...)
	if len(b) > 1<<31 {
		return // cannot happen with the crawler's body limit; stay in memory
	}
	off, ok := st.append(b)
	if !ok {
		return
	}
	p.body = bodyRef{st: st, off: off,
		text: uint32(len(p.Text)), footer: uint32(len(p.FooterText)), script: uint32(len(p.ScriptText)),
		links: st.encodeLinks(p.Links), purls: st.encodeURLs(p.PageURLs)}
	p.Text, p.FooterText, p.ScriptText, p.Links, p.PageURLs = "", "", "", nil, nil
}

// Body returns the page's text, footer text and inline scripts, from the
// store when the page was spilled.
func (p *Page) Body() Body {
	r := p.body
	if r.st == nil {
		return Body{Text: p.Text, FooterText: p.FooterText, ScriptText: p.ScriptText}
	}
	b := r.st.read(r.off, r.text+r.footer+r.script)
	if b == nil {
		return Body{}
	}
	// The buffer is never written again: its parts can be strings without
	// a second copy.
	s := unsafe.String(&b[0], len(b))
	return Body{Text: s[:r.text], FooterText: s[r.text : r.text+r.footer], ScriptText: s[r.text+r.footer:]}
}

// TextLen is len(Body().Text) without reading the text.
func (p *Page) TextLen() int {
	if p.body.st == nil {
		return len(p.Text)
	}
	return int(p.body.text)
}

// Outgoing returns the page's links (Links), from the store when the page
// was spilled.
func (p *Page) Outgoing() []Link {
	r := p.body
	if r.st == nil {
		return p.Links
	}
	return r.st.decodeLinks(r.links)
}

// ListPageURLs returns PageURLs, from the store when the page was spilled.
func (p *Page) ListPageURLs() []string {
	r := p.body
	if r.st == nil {
		return p.PageURLs
	}
	return r.st.decodeURLs(r.purls)
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
	q.Links, q.PageURLs = p.Outgoing(), p.ListPageURLs()
	q.body = bodyRef{}
	return &q
}

// id returns the number of str in the string table, adding it if new.
// Callers hold st.mu.
func (st *BodyStore) id(str string) uint64 {
	if i, ok := st.ids[str]; ok {
		return uint64(i)
	}
	i := uint32(len(st.strs))
	st.strs = append(st.strs, str)
	if st.ids == nil {
		st.ids = map[string]uint32{}
	}
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

// encodeLinks writes each link as three numbers: its URL, its text, and
// its kind (an index into linkKinds, or len(linkKinds)+a string number for a
// kind this version does not name).
func (st *BodyStore) encodeLinks(links []Link) []byte {
	if len(links) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	b := make([]byte, 0, 4*len(links)+1)
	b = binary.AppendUvarint(b, uint64(len(links)))
	for _, l := range links {
		b = binary.AppendUvarint(b, st.id(l.URL))
		b = binary.AppendUvarint(b, st.id(l.Text))
		k := kindIndex(l.Kind)
		if k < 0 {
			b = binary.AppendUvarint(b, uint64(len(linkKinds))+st.id(string(l.Kind)))
		} else {
			b = binary.AppendUvarint(b, uint64(k))
		}
	}
	return b
}

func (st *BodyStore) decodeLinks(b []byte) []Link {
	if len(b) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	n, b := uvarint(b)
	links := make([]Link, n)
	for i := range links {
		var u, t, k uint64
		u, b = uvarint(b)
		t, b = uvarint(b)
		k, b = uvarint(b)
		kind := LinkKind("")
		if k < uint64(len(linkKinds)) {
			kind = linkKinds[k]
		} else {
			kind = LinkKind(st.strs[k-uint64(len(linkKinds))])
		}
		links[i] = Link{URL: st.strs[u], Text: st.strs[t], Kind: kind}
	}
	return links
}

func (st *BodyStore) encodeURLs(urls []string) []byte {
	if len(urls) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	b := make([]byte, 0, 3*len(urls)+1)
	b = binary.AppendUvarint(b, uint64(len(urls)))
	for _, u := range urls {
		b = binary.AppendUvarint(b, st.id(u))
	}
	return b
}

func (st *BodyStore) decodeURLs(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	n, b := uvarint(b)
	urls := make([]string, n)
	for i := range urls {
		var u uint64
		u, b = uvarint(b)
		urls[i] = st.strs[u]
	}
	return urls
}

// uvarint reads one number the encoders above wrote; the buffers never
// leave this file, so they are well formed.
func uvarint(b []byte) (uint64, []byte) {
	x, n := binary.Uvarint(b)
	return x, b[n:]
}
