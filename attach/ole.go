package attach

import (
	"bytes"
	"io"

	"github.com/richardlehane/mscfb"
)

// oleText reads an OLE2 compound file (the container of .xls and .doc,
// and of password-protected .xlsx/.docx): its streams say what it is.
func oleText(data []byte, f format) (*textBuilder, error) {
	label := f.label
	if label == "" {
		label = "Office"
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, unread(err, "不是有效的%s文件（文件已损坏或下载不完整）", label)
	}
	streams := map[string]*mscfb.File{}
	for _, e := range r.File {
		if len(e.Path) == 0 { // root-level streams only
			if _, seen := streams[e.Name]; !seen {
				streams[e.Name] = e
			}
		}
	}
	switch {
	case streams["EncryptionInfo"] != nil || streams["EncryptedPackage"] != nil:
		// An xlsx/docx saved with an opening password.
		return nil, unread(nil, "文件已加密（设置了打开密码）")
	case streams["Workbook"] != nil || streams["Book"] != nil || streams["WORKBOOK"] != nil:
		s := streams["Workbook"]
		if s == nil {
			s = streams["Book"]
		}
		if s == nil {
			s = streams["WORKBOOK"]
		}
		b, err := readStream(s)
		if err != nil {
			return nil, streamErr(err, "xls")
		}
		return xlsText(b)
	case streams["WordDocument"] != nil:
		word, err := readStream(streams["WordDocument"])
		if err != nil {
			return nil, streamErr(err, "doc")
		}
		tables := map[string][]byte{}
		for _, name := range []string{"0Table", "1Table"} {
			if s := streams[name]; s != nil {
				b, err := readStream(s)
				if err != nil {
					return nil, streamErr(err, "doc")
				}
				tables[name] = b
			}
		}
		return docText(word, tables)
	case streams["PowerPoint Document"] != nil:
		return nil, unread(nil, "演示文稿（.ppt）暂不支持读取")
	}
	return nil, unread(nil, "不是有效的%s文件（无法识别的Office文件内容）", label)
}

// readStream reads one OLE stream, at most maxPart bytes (a cyclic sector
// chain can make a stream claim any size).
func readStream(f *mscfb.File) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(f, partLimit+1))
	if int64(len(b)) > partLimit {
		return nil, errPartTooBig
	}
	if err != nil && err != io.EOF {
		return nil, err
	}
	return b, nil
}

func streamErr(err error, label string) error {
	if err == errPartTooBig {
		return unread(err, "%s文件内容过大（超过%dMB），疑似异常文件，未读取", label, partLimit>>20)
	}
	return unread(err, "不是有效的%s文件（文件已损坏或下载不完整）", label)
}
