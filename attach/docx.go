package attach

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strings"
)

// docxText reads the main document part (paragraphs, tables, text boxes),
// then footnotes and endnotes. Headers and footers are left out: they are
// page numbers and letterheads, repeated noise for the rules.
func docxText(data []byte, f format) (*textBuilder, error) {
	z, err := openZip(data)
	if err != nil {
		return nil, zipErr(err, f.label)
	}
	main := docxMainPart(z)
	part := z.file(main)
	if part == nil {
		return nil, unread(nil, "不是有效的%s文件（缺少正文部分）", f.label)
	}
	out := newText()
	if err := docxPart(z, part, out); err != nil {
		return nil, zipErr(err, f.label)
	}
	dir := path.Dir(main)
	for _, extra := range []string{"footnotes.xml", "endnotes.xml"} {
		if p := z.file(path.Join(dir, extra)); p != nil && !out.full {
			if err := docxPart(z, p, out); err != nil {
				return nil, zipErr(err, f.label)
			}
		}
	}
	return out, nil
}

// docxMainPart finds the main document part from the package relations;
// word/document.xml when they say nothing usable.
func docxMainPart(z *zipBudget) string {
	const def = "word/document.xml"
	rels := z.file("_rels/.rels")
	if rels == nil {
		return def
	}
	b, err := z.read(rels)
	if err != nil {
		return def
	}
	var doc struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &doc) != nil {
		return def
	}
	for _, r := range doc.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") && r.Target != "" {
			t := strings.TrimPrefix(path.Clean("/"+r.Target), "/")
			if z.file(t) != nil {
				return t
			}
		}
	}
	return def
}

// docxTable is one open table: the row being built and the cell text.
type docxTable struct {
	row  []string
	cell strings.Builder
}

// docxPart streams one WordprocessingML part into out.
func docxPart(z *zipBudget, f *zip.File, out *textBuilder) error {
	rc, err := z.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	dec.Strict = false
	var tables []*docxTable
	inText := 0
	// write sends run text to the innermost table cell, or to out.
	write := func(s string) {
		if len(tables) > 0 {
			tables[len(tables)-1].cell.WriteString(s)
			return
		}
		out.WriteString(s)
	}
	for !out.full {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText++
			case "tab":
				if len(tables) > 0 {
					write(" ")
				} else {
					write("\t")
				}
			case "br", "cr":
				if len(tables) > 0 {
					write(" ")
				} else {
					write("\n")
				}
			case "noBreakHyphen":
				write("-")
			case "tbl":
				tables = append(tables, &docxTable{})
			case "tr":
				if n := len(tables); n > 0 {
					tables[n-1].row = tables[n-1].row[:0]
				}
			case "tc":
				if n := len(tables); n > 0 {
					tables[n-1].cell.Reset()
				}
			case "Fallback", // mc:AlternateContent repeats its content here
				"delText", "instrText", // deleted revisions, field codes
				"pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "tblGrid", // properties (tab stops are not tabs)
				"object": // embedded OLE objects
				if err := dec.Skip(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				if inText > 0 {
					inText--
				}
			case "p":
				if len(tables) > 0 {
					write(" ")
				} else {
					write("\n")
				}
			case "tc":
				if n := len(tables); n > 0 {
					tb := tables[n-1]
					tb.row = append(tb.row, cellText(tb.cell.String()))
					tb.cell.Reset()
				}
			case "tr":
				if n := len(tables); n > 0 {
					tb := tables[n-1]
					if n == 1 {
						out.writeRow(tb.row)
					} else {
						// A table nested in a cell: flatten into that cell.
						parent := tables[n-2]
						parent.cell.WriteString(strings.Join(tb.row, " ") + " ")
					}
					tb.row = tb.row[:0]
				}
			case "tbl":
				if n := len(tables); n > 0 {
					tables = tables[:n-1]
				}
			}
		case xml.CharData:
			if inText > 0 {
				write(string(t))
			}
		}
	}
	return nil
}
