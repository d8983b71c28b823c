package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Hyperlinks in bulk.
//
// excelize's SetCellHyperLink scans every hyperlink and relationship already
// in the sheet, so n links cost O(n²): 20,000 links took 6 s and 65,000 took
// 77 s. Instead, one link per sheet (the seed) is set through excelize, which
// puts the <hyperlinks> element and the sheet's relationships part in their
// proper places, and the other links are spliced into those two parts while
// the package is zipped, through excelize's public SetZipWriter hook. Cell
// text can never contain the markers searched for: excelize escapes "<" in
// cell values.

// sheetLink is one hyperlink: a cell and its external address.
type sheetLink struct {
	cell, target string
}

// bulkLinks are the hyperlinks of one sheet after its seed.
type bulkLinks struct {
	sheetPart, relsPart string
	links               []sheetLink
	// firstID is the relationship number of links[0]; the seed is rId1, the
	// only relationship of a findings sheet.
	firstID             int
	sheetDone, relsDone bool
}

const (
	relNS         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relTypeLink   = relNS + "/hyperlink"
	hyperlinksEnd = "</hyperlinks>"
	relsEnd       = "</Relationships>"
)

// newBulkLinks returns the parts of the sheet with the given sheet ID.
func newBulkLinks(sheetID int, links []sheetLink) *bulkLinks {
	name := "sheet" + strconv.Itoa(sheetID) + ".xml"
	return &bulkLinks{
		sheetPart: "xl/worksheets/" + name,
		relsPart:  "xl/worksheets/_rels/" + name + ".rels",
		links:     links,
		firstID:   2,
	}
}

// hyperlinkElems writes the <hyperlink> elements of b.
func (b *bulkLinks) hyperlinkElems(w io.Writer) error {
	var buf bytes.Buffer
	for i, l := range b.links {
		buf.WriteString(`<hyperlink ref="`)
		buf.WriteString(l.cell)
		buf.WriteString(`" xmlns:r="` + relNS + `" r:id="rId`)
		buf.WriteString(strconv.Itoa(b.firstID + i))
		buf.WriteString(`"/>`)
		if buf.Len() > 32<<10 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// relationships writes the <Relationship> elements of b.
func (b *bulkLinks) relationships(w io.Writer) error {
	var buf bytes.Buffer
	for i, l := range b.links {
		buf.WriteString(`<Relationship Id="rId`)
		buf.WriteString(strconv.Itoa(b.firstID + i))
		buf.WriteString(`" Type="` + relTypeLink + `" Target="`)
		if err := xml.EscapeText(&buf, []byte(l.target)); err != nil {
			return err
		}
		buf.WriteString(`" TargetMode="External"/>`)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var relID = regexp.MustCompile(`Id="rId(\d+)"`)

// linkZip is the zip writer of a workbook with bulk hyperlinks.
type linkZip struct {
	zw      *zip.Writer
	sheets  []*bulkLinks
	pending func() error // finishes the part being written
}

// setBulkLinks makes f splice links into the sheets when it is written.
func setBulkLinks(f *excelize.File, sheets []*bulkLinks) {
	if len(sheets) == 0 {
		return
	}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		return &linkZip{zw: zip.NewWriter(w), sheets: sheets}
	})
}

func (z *linkZip) finish() error {
	if z.pending == nil {
		return nil
	}
	err := z.pending()
	z.pending = nil
	return err
}

// Create starts a part; a sheet or relationships part with bulk links gets
// a writer that splices them in.
func (z *linkZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	w, err := z.zw.Create(name)
	if err != nil {
		return nil, err
	}
	for _, b := range z.sheets {
		switch name {
		case b.sheetPart:
			sw := &spliceWriter{w: w, marker: []byte(hyperlinksEnd), insert: b.hyperlinkElems}
			z.pending = func() error {
				if err := sw.close(); err != nil {
					return fmt.Errorf("hyperlinks of %s: %w", name, err)
				}
				b.sheetDone = true
				return nil
			}
			return sw, nil
		case b.relsPart:
			// The relationships part is small: buffer it, check that our
			// IDs are free, then write it with ours added.
			var buf bytes.Buffer
			z.pending = func() error {
				for _, m := range relID.FindAllSubmatch(buf.Bytes(), -1) {
					if n, _ := strconv.Atoi(string(m[1])); n >= b.firstID {
						return fmt.Errorf("hyperlinks of %s: relationship rId%d already taken", name, n)
					}
				}
				sw := &spliceWriter{w: w, marker: []byte(relsEnd), insert: b.relationships}
				if _, err := sw.Write(buf.Bytes()); err != nil {
					return err
				}
				if err := sw.close(); err != nil {
					return fmt.Errorf("hyperlinks of %s: %w", name, err)
				}
				b.relsDone = true
				return nil
			}
			return &buf, nil
		}
	}
	return w, nil
}

// AddFS adds the files of fsys.
func (z *linkZip) AddFS(fsys fs.FS) error {
	if err := z.finish(); err != nil {
		return err
	}
	return z.zw.AddFS(fsys)
}

// Close finishes the package; it fails if a sheet's links were not written,
// rather than produce a workbook that silently lacks them.
func (z *linkZip) Close() error {
	if err := z.finish(); err != nil {
		_ = z.zw.Close()
		return err
	}
	for _, b := range z.sheets {
		if !b.sheetDone || !b.relsDone {
			_ = z.zw.Close()
			return fmt.Errorf("hyperlinks of %s were not written", b.sheetPart)
		}
	}
	return z.zw.Close()
}

// spliceWriter copies to w and calls insert just before the first
// occurrence of marker.
type spliceWriter struct {
	w      io.Writer
	marker []byte
	insert func(io.Writer) error
	held   []byte // a tail that may be the start of marker
	done   bool
}

func (s *spliceWriter) Write(p []byte) (int, error) {
	if s.done {
		return s.w.Write(p)
	}
	data := append(s.held, p...)
	if i := bytes.Index(data, s.marker); i >= 0 {
		if _, err := s.w.Write(data[:i]); err != nil {
			return 0, err
		}
		if err := s.insert(s.w); err != nil {
			return 0, err
		}
		s.done, s.held = true, nil
		if _, err := s.w.Write(data[i:]); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	keep := min(len(data), len(s.marker)-1)
	if _, err := s.w.Write(data[:len(data)-keep]); err != nil {
		return 0, err
	}
	s.held = append(s.held[:0:0], data[len(data)-keep:]...)
	return len(p), nil
}

func (s *spliceWriter) close() error {
	if !s.done {
		return errors.New("marker " + string(s.marker) + " not found")
	}
	return nil
}
