package site

import (
	"encoding/binary"
	"slices"
	"time"
)

// The encoding of a spilled page's maps, lists and items: a count, then
// each string as its length and bytes, numbers as varints. The bytes come
// back from the store's own file, but the readers still check every length,
// so a short read can only lose data (BodyStore.Err says so), never panic.

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendMap(b []byte, m map[string]string) []byte {
	if len(m) == 0 {
		return b
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same page gives the same bytes
	b = binary.AppendUvarint(b, uint64(len(m)))
	for _, k := range keys {
		b = appendString(b, k)
		b = appendString(b, m[k])
	}
	return b
}

func appendStrings(b []byte, ss []string) []byte {
	if len(ss) == 0 {
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendString(b, s)
	}
	return b
}

// Zones of a spilled date: Shanghai (nearly every date), UTC, or another
// fixed zone written out.
const (
	zoneNone = iota // the zero time
	zoneShanghai
	zoneUTC
	zoneOther
)

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, zoneNone)
	}
	switch loc := t.Location(); loc {
	case Shanghai:
		b = append(b, zoneShanghai)
	case time.UTC:
		b = append(b, zoneUTC)
	default:
		name, off := t.Zone()
		b = append(b, zoneOther)
		b = appendString(b, name)
		b = binary.AppendVarint(b, int64(off))
	}
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

func appendItems(b []byte, items []ListItem) []byte {
	if len(items) == 0 {
		return b
	}
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, it := range items {
		b = appendString(b, it.Title)
		b = appendString(b, it.URL)
		b = appendTime(b, it.Date.Time)
		b = appendString(b, string(it.Date.Source))
	}
	return b
}

// reader walks a buffer written by the functions above; once it runs
// short, every further read gives zero values.
type reader struct {
	b   []byte
	bad bool
}

// skip moves past n bytes; a bad n (a short or garbled buffer) empties
// the reader.
func (r *reader) skip(n int) bool {
	if n <= 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		return false
	}
	r.b = r.b[n:]
	return true
}

func (r *reader) uvarint() uint64 {
	x, n := binary.Uvarint(r.b)
	if !r.skip(n) {
		return 0
	}
	return x
}

func (r *reader) varint() int64 {
	x, n := binary.Varint(r.b)
	if !r.skip(n) {
		return 0
	}
	return x
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a count and bounds it by what the buffer can hold (each
// entry takes at least min bytes), so a bad count cannot make a huge slice.
func (r *reader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min) {
		r.bad, r.b = true, nil
		return 0
	}
	return int(n)
}

func readMap(b []byte) map[string]string {
	if len(b) == 0 {
		return nil
	}
	r := reader{b: b}
	n := r.count(2)
	m := make(map[string]string, n)
	for range n {
		k := r.string()
		m[k] = r.string()
	}
	return m
}

func readStrings(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	r := reader{b: b}
	ss := make([]string, r.count(1))
	for i := range ss {
		ss[i] = r.string()
	}
	return ss
}

func (r *reader) time() time.Time {
	var loc *time.Location
	switch r.byte() {
	case zoneNone:
		return time.Time{}
	case zoneShanghai:
		loc = Shanghai
	case zoneUTC:
		loc = time.UTC
	default:
		name := r.string()
		loc = time.FixedZone(name, int(r.varint()))
	}
	sec := r.varint()
	return time.Unix(sec, int64(r.uvarint())).In(loc)
}

func readItems(b []byte) []ListItem {
	if len(b) == 0 {
		return nil
	}
	r := reader{b: b}
	items := make([]ListItem, r.count(4))
	for i := range items {
		it := &items[i]
		it.Title = r.string()
		it.URL = r.string()
		it.Date.Time = r.time()
		it.Date.Source = DateSource(r.string())
	}
	return items
}
