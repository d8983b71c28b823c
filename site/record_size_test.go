package site

import (
	"testing"
	"unsafe"
)

// A scan holds every page's record until its rules have run: at 100,000
// pages each 64 bytes of it is ~6 MB of issue 7's 300 MB. 512 is a size
// class of Go's allocator; one byte more and every record takes 576. A
// field that must be added moves something rarely set behind a pointer
// (as bodyRef.read) or into the page store.
func TestPageRecordFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(Page{}); n > 512 {
		t.Errorf("a Page record is %d bytes, over the 512-byte size class it was held to", n)
	}
}
