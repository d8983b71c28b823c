package checks

import "strings"

// attachmentExts are the file types isAttachment knows.
var attachmentExts = []string{"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "zip", "rar", "7z", "ppt", "pptx", "txt", "csv"}

// isAttachment reports a URL whose path or query ends in an attachment's
// extension: some "." followed by one of attachmentExts (any case) and then
// "?" or the end, as `(?i)\.(pdf|docx?|…)(\?|$)` would match. It runs on
// every link of every page, so it does without the regexp.
func isAttachment(u string) bool {
	for i := strings.IndexByte(u, '.'); i >= 0; {
		rest := u[i+1:]
		ext := rest
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			ext = rest[:q]
		}
		if len(ext) <= 8 { // "xlſx" is 5 bytes: EqualFold folds ſ to s as (?i) does
			for _, e := range attachmentExts {
				if strings.EqualFold(ext, e) {
					return true
				}
			}
		}
		j := strings.IndexByte(rest, '.')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
