package site

import "bytes"

// binaryMagic are file signatures of documents and images that servers
// sometimes label text/html.
var binaryMagic = [][]byte{
	[]byte("%PDF-"), []byte("PK\x03\x04"), {0xD0, 0xCF, 0x11, 0xE0}, []byte("\x89PNG"),
	{0xFF, 0xD8, 0xFF}, []byte("GIF8"), []byte("Rar!"), {0x1F, 0x8B}, []byte("7z\xBC\xAF"),
}

// LooksBinary reports whether a body served as a page is really a binary
// file (a PDF, an image, a zip …): extracting "text" from it would only
// invent content. A few stray NUL bytes in real HTML do not count.
func LooksBinary(body []byte) bool {
	head := body[:min(len(body), 4096)]
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return true
		}
	}
	if len(head) >= 2 && (head[0] == 0xFE && head[1] == 0xFF || head[0] == 0xFF && head[1] == 0xFE) {
		return false // UTF-16 text has NULs by nature
	}
	ctrl := 0
	for _, b := range head {
		if b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B) {
			ctrl++
		}
	}
	return len(head) > 0 && ctrl*10 > len(head) // more than 10 % control bytes
}

// StripNUL removes NUL bytes, which some broken CMS templates emit inside
// otherwise ordinary HTML.
func StripNUL(body []byte) []byte {
	if bytes.IndexByte(body, 0) < 0 {
		return body
	}
	return bytes.ReplaceAll(body, []byte{0}, nil)
}
