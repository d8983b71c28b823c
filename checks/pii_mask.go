package checks

import (
	"strings"
	"time"
)

// MaskPersonalNumbers returns text with every personal number the pii rules
// would find (resident ID, mobile, bank card; labelled contact numbers
// included) replaced by its masked form, as findings show it. Screenshots
// apply it to a page's text before capture, so that an image never shows
// what a finding would not.
func MaskPersonalNumbers(text string, asOf time.Time) string {
	if !piiHasLongRun(text) {
		return text
	}
	hits := newPIIScanner(piiMaxBirth(&Context{AsOf: asOf})).scan(nil, text)
	if len(hits) == 0 {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, h := range hits {
		if h.start < last {
			continue
		}
		b.WriteString(text[last:h.start])
		b.WriteString(piiMask(h.kind, h.digits))
		last = h.end
	}
	b.WriteString(text[last:])
	return b.String()
}
