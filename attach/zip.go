package attach

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
)

// zipNames lists the part names of a zip archive (central directory only,
// nothing is decompressed); nil if it is not a readable zip.
func zipNames(data []byte) map[string]bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	names := make(map[string]bool, len(zr.File))
	for _, f := range zr.File {
		names[f.Name] = true
	}
	return names
}

// errPartTooBig means a zip part or OLE stream expands beyond maxPart.
var errPartTooBig = errors.New("part too big")

// zipBudget reads zip parts while keeping the total uncompressed bytes
// under maxTotal.
type zipBudget struct {
	zr   *zip.Reader
	left int64
}

func openZip(data []byte) (*zipBudget, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	return &zipBudget{zr: zr, left: maxTotal}, nil
}

// file finds a part by name (exact, then case-insensitive: some producers
// write "Word/Document.xml").
func (z *zipBudget) file(name string) *zip.File {
	for _, f := range z.zr.File {
		if f.Name == name {
			return f
		}
	}
	for _, f := range z.zr.File {
		if equalFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// open returns a reader over one part that fails with errPartTooBig past
// maxPart or the remaining total budget. archive/zip itself refuses to
// read more than the size the directory declares, so a lying header cannot
// stretch this further.
func (z *zipBudget) open(f *zip.File) (io.ReadCloser, error) {
	if f.Flags&0x1 != 0 {
		return nil, errEncryptedZip
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	limit := min(partLimit, z.left)
	return &budgetReader{rc: rc, left: limit, z: z}, nil
}

// read returns the whole part.
func (z *zipBudget) read(f *zip.File) ([]byte, error) {
	rc, err := z.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

var errEncryptedZip = errors.New("zip entry is encrypted")

type budgetReader struct {
	rc   io.ReadCloser
	left int64
	z    *zipBudget
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Probe one byte: a part exactly at the limit is fine.
		var one [1]byte
		if n, _ := b.rc.Read(one[:]); n > 0 {
			return 0, errPartTooBig
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	b.z.left -= int64(n)
	return n, err
}

func (b *budgetReader) Close() error { return b.rc.Close() }

// zipErr turns a zip or part error into an ErrUnreadable with a reason.
func zipErr(err error, label string) error {
	switch {
	case errors.Is(err, errPartTooBig):
		return unread(err, "%s文件解压后过大（超过%dMB），疑似异常文件，未读取", label, partLimit>>20)
	case errors.Is(err, errEncryptedZip):
		return unread(err, "文件已加密")
	}
	return unread(err, "不是有效的%s文件（文件已损坏或下载不完整）", label)
}

func equalFold(a, b string) bool {
	return len(a) == len(b) && bytes.EqualFold([]byte(a), []byte(b))
}
