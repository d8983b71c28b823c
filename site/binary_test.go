package site

import (
	"bytes"
	"testing"
)

func TestLooksBinary(t *testing.T) {
	tests := []struct {
		body []byte
		want bool
	}{
		{[]byte("%PDF-1.4\n..."), true},
		{[]byte("PK\x03\x04\x14\x00"), true},
		{append([]byte("\xff\xd8\xff\xe0"), make([]byte, 100)...), true},
		{bytes.Repeat([]byte{0, 1, 2, 3, 'a'}, 200), true},
		{[]byte("<html><head><title>示范</title></head><body>正文</body></html>"), false},
		{append([]byte("<html><body>正文"), append([]byte{0}, []byte(" 更多正文内容</body></html>")...)...), false},
		{[]byte{0xFF, 0xFE, '<', 0, 'h', 0}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := LooksBinary(tt.body); got != tt.want {
			t.Errorf("LooksBinary(%.20q) = %v, want %v", tt.body, got, tt.want)
		}
	}
	if got := StripNUL([]byte("a\x00b")); string(got) != "ab" {
		t.Errorf("StripNUL = %q", got)
	}
}
