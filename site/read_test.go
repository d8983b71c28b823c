package site

import (
	"reflect"
	"slices"
	"testing"
)

// Read gives every part of a spilled page from one read of the store, each
// decoded once, and the page as it went in (issue 13's page pass).
func TestPageRead(t *testing.T) {
	st := testStore(t)
	want := spillPage()
	p := spillPage()
	p.Spill(st)
	before := st.Reads()
	r, err := p.Read()
	if err != nil {
		t.Fatal(err)
	}
	if r == p {
		t.Fatal("Read of a spilled page returned the page itself, not a copy")
	}
	full := r.Full()
	full.body = bodyRef{}
	if !reflect.DeepEqual(full, want) {
		t.Errorf("Read = %+v\nwant %+v", full, want)
	}
	m1, m2 := r.Fields(), r.Fields()
	m1["x"] = "y" // the same map both times: decoded once
	if m2["x"] != "y" {
		t.Error("Fields of a read page decoded twice")
	}
	if n := st.Reads() - before; n != 1 {
		t.Errorf("Read and every accessor of its page read the store %d times; want 1", n)
	}
	if q := spillPage(); func() *Page { r, _ := q.Read(); return r }() != q {
		t.Error("Read of a page in memory is not the page itself")
	}
	st.Close()
	if _, err := p.Read(); err == nil || st.Err() == nil {
		t.Errorf("Read from a closed store: err %v, store Err %v", err, st.Err())
	}
}

// ReadOrder lists pages in memory first, then by their place in the store.
func TestReadOrder(t *testing.T) {
	st := testStore(t)
	pages := []*Page{spillPage(), spillPage(), spillPage(), spillPage()}
	pages[2].Spill(st)
	pages[0].Spill(st)
	pages[3].Spill(st)
	if got := ReadOrder(pages); !slices.Equal(got, []int{1, 2, 0, 3}) {
		t.Errorf("ReadOrder = %v, want [1 2 0 3]", got)
	}
}

// HasHiddenLinks is known without reading a spilled page's links.
func TestHasHiddenLinks(t *testing.T) {
	st := testStore(t)
	hidden, plain := spillPage(), spillPage()
	plain.Links = plain.Links[:3]
	// a hidden image is not a hidden link
	plain.Links = append(plain.Links, Link{URL: "http://bet.example/x.png", Kind: KindImage, Hidden: "display:none"})
	for _, c := range []struct {
		p    *Page
		want bool
	}{{hidden, true}, {plain, false}} {
		if got := c.p.HasHiddenLinks(); got != c.want {
			t.Errorf("in memory: HasHiddenLinks = %v, want %v", got, c.want)
		}
		c.p.Spill(st)
		before := st.Reads()
		if got := c.p.HasHiddenLinks(); got != c.want || st.Reads() != before {
			t.Errorf("spilled: HasHiddenLinks = %v (want %v), %d reads", got, c.want, st.Reads()-before)
		}
	}
}
