package site

import (
	"iter"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Years outside this range are page furniture (copyright lines, IDs), not dates.
const (
	minYear = 1990
	maxYear = 2100
)

// numDateRe matches numeric dates on text already passed through
// normalizeDateText (ASCII digits, ':' and '-', spaces only). The leading
// (?:^|[^0-9]) stops "12023-04-12" matching; the trailing digit check is done
// in code because RE2 has no lookahead.
var numDateRe = regexp.MustCompile(
	`(?:^|[^0-9])((?:19|20|21)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?` +
		`(?:\s*(T)?\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?(?:\s*分)?(Z|[+-]\d{2}:?\d{2})?)?`)

// cnDateRe matches 公文落款 dates written in Chinese numerals:
// 二〇二三年四月十二日. 〇, ○, 零 and the letter O all serve as zero.
var cnDateRe = regexp.MustCompile(
	`([〇○零OＯ0一二三四五六七八九]{4})\s*年\s*(十[一二]?|[一二三四五六七八九])\s*月\s*(三十一?|三十|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日`)

// monthDayRe matches a short list date without a year ("09-19", "9月19日").
var monthDayRe = regexp.MustCompile(`^\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$`)

// ParseDate parses s when the whole string (surrounding spaces aside) is one
// date, in any of the forms FindDate accepts. The result is in Shanghai, at
// the stated time or at midnight.
func ParseDate(s string) (time.Time, bool) {
	n := strings.TrimSpace(normalizeDateText(s))
	if referenceMode {
		if n == "" {
			return time.Time{}, false
		}
	} else if !mayStartDate(n) {
		return time.Time{}, false
	} else if t, ok := plainDate(n); ok {
		return t, true
	}
	t, start, end, ok := findDate(n)
	if !ok || strings.TrimSpace(n[:start]) != "" || strings.TrimSpace(n[end:]) != "" {
		return time.Time{}, false
	}
	return t, true
}

// FindDate returns the first date inside s (see ParseDate for the forms). It
// is meant for labelled values and short snippets; on long free text the
// first date is not necessarily the relevant one.
func FindDate(s string) (time.Time, bool) {
	t, _, _, ok := findDate(normalizeDateText(s))
	return t, ok
}

// findDate finds the first valid date in normalised text and returns its byte
// span in n.
func findDate(n string) (t time.Time, start, end int, ok bool) {
	if !hasDateChars(n) {
		return time.Time{}, 0, 0, false
	}
	start, end = -1, -1
	for m := range firstOrAll(numDateRe, n) {
		// A digit right after the day means we cut a longer number.
		if m[1] < len(n) && isASCIIDigit(n[m[1]]) && m[10] < 0 {
			continue
		}
		tt, good := numericDate(n, m)
		if good {
			t, start, end = tt, m[2], m[1]
			break
		}
	}
	// Chinese-numeral dates are rare; look only when a zero-like rune exists.
	if strings.ContainsAny(n, "〇○零") || strings.Contains(n, "年") {
		for m := range firstOrAll(cnDateRe, n) {
			if start >= 0 && m[0] >= start {
				break
			}
			if tt, good := cnDate(n, m); good {
				t, start, end = tt, m[0], m[1]
				break
			}
		}
	}
	if start < 0 {
		return time.Time{}, 0, 0, false
	}
	return t, start, end, true
}

// firstOrAll yields re's matches in n as FindAllStringSubmatchIndex does,
// but finds the first alone before the others: findDate mostly takes the
// first, and finding all of them in a long page's text was a good part of
// extraction's CPU (issue 14).
func firstOrAll(re *regexp.Regexp, n string) iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		first := re.FindStringSubmatchIndex(n)
		if first == nil || !yield(first) {
			return
		}
		for i, m := range re.FindAllStringSubmatchIndex(n, -1) {
			if i > 0 && !yield(m) {
				return
			}
		}
	}
}

func numericDate(n string, m []int) (time.Time, bool) {
	y, _ := strconv.Atoi(n[m[2]:m[3]])
	mo, _ := strconv.Atoi(n[m[4]:m[5]])
	d, _ := strconv.Atoi(n[m[6]:m[7]])
	t, ok := makeDate(y, mo, d)
	if !ok {
		return time.Time{}, false
	}
	if m[10] >= 0 {
		h, _ := strconv.Atoi(n[m[10]:m[11]])
		mi, _ := strconv.Atoi(n[m[12]:m[13]])
		sec := 0
		if m[14] >= 0 {
			sec, _ = strconv.Atoi(n[m[14]:m[15]])
		}
		// An impossible time does not spoil a good date: keep the date.
		if h < 24 && mi < 60 && sec < 60 {
			loc := Shanghai
			// Only ISO (with T) may carry a zone; "08:00-17:00" is a range.
			if m[16] >= 0 && m[8] >= 0 {
				loc = zoneOf(n[m[16]:m[17]])
			}
			t = time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc).In(Shanghai)
		}
	}
	return t, true
}

// zoneOf turns an ISO zone suffix (Z, +08:00, -0500) into a location.
func zoneOf(z string) *time.Location {
	if z == "Z" {
		return time.UTC
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = strings.ReplaceAll(z[1:], ":", "")
	h, _ := strconv.Atoi(z[:2])
	mi, _ := strconv.Atoi(z[2:])
	if h > 14 || mi > 59 {
		return Shanghai
	}
	return time.FixedZone("", sign*(h*3600+mi*60))
}

func cnDate(n string, m []int) (time.Time, bool) {
	y := 0
	for _, r := range n[m[2]:m[3]] {
		y = y*10 + cnDigit(r)
	}
	mo := cnNumber(n[m[4]:m[5]])
	d := cnNumber(n[m[6]:m[7]])
	return makeDate(y, mo, d)
}

// cnDigit maps one Chinese (or zero-like) digit to its value.
func cnDigit(r rune) int {
	switch r {
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return 0 // 〇 ○ 零 O Ｏ 0
}

// cnNumber reads 1–31 written as 三, 十, 十二, 二十, 二十五, 三十一.
func cnNumber(s string) int {
	tens, units := 0, 0
	if i := strings.IndexRune(s, '十'); i >= 0 {
		tens = 1
		if i > 0 {
			r, _ := utf8.DecodeRuneInString(s)
			tens = cnDigit(r)
		}
		s = s[i+len("十"):]
	}
	if s != "" {
		r, _ := utf8.DecodeRuneInString(s)
		units = cnDigit(r)
	}
	return tens*10 + units
}

// makeDate validates by round trip so 2023-02-30 is rejected, not normalised.
func makeDate(y, mo, d int) (time.Time, bool) {
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, Shanghai)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func isASCIIDigit(b byte) bool { return b >= '0' && b <= '9' }

// mayStartDate reports whether trimmed, normalised text can start with a
// date, which ParseDate requires: a numeric date's year (19xx, 20xx, 21xx)
// or a Chinese-numeral year's first rune. Most short elements of a page
// (titles, labels, IDs) fail here, before the regexps, which were a fifth
// of extraction's CPU (issue 14).
func mayStartDate(n string) bool {
	if len(n) >= 4 && isASCIIDigit(n[2]) && isASCIIDigit(n[3]) &&
		(n[0] == '1' && n[1] == '9' || n[0] == '2' && (n[1] == '0' || n[1] == '1')) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(n)
	return strings.ContainsRune(cnYearRunes, r)
}

// plainDate reads the commonest whole dates, 2025-11-20, 2025/1/5 and
// 2025年11月20日, without the regexps (list dates sit beside every entry).
// It answers only when the text is one such valid date: findDate reads
// the same date from it then. Anything else goes the regexps' way.
func plainDate(n string) (time.Time, bool) {
	y, i := leadingInt(n, 0, 4)
	if i != 4 {
		return time.Time{}, false
	}
	i, ok := dateSep(n, i, "年")
	if !ok {
		return time.Time{}, false
	}
	mo, j := leadingInt(n, i, 2)
	if j == i {
		return time.Time{}, false
	}
	i, ok = dateSep(n, j, "月")
	if !ok {
		return time.Time{}, false
	}
	d, j := leadingInt(n, i, 2)
	if j == i {
		return time.Time{}, false
	}
	if rest := n[j:]; rest != "" && rest != "日" {
		return time.Time{}, false
	}
	return makeDate(y, mo, d)
}

// leadingInt reads up to max ASCII digits of n from i; it returns the value
// and where the digits end.
func leadingInt(n string, i, max int) (v, end int) {
	for end = i; end < len(n) && end-i < max && isASCIIDigit(n[end]); end++ {
		v = v*10 + int(n[end]-'0')
	}
	return v, end
}

// dateSep skips one of - / . or the given character at i.
func dateSep(n string, i int, cn string) (int, bool) {
	if i < len(n) && (n[i] == '-' || n[i] == '/' || n[i] == '.') {
		return i + 1, true
	}
	if strings.HasPrefix(n[i:], cn) {
		return i + len(cn), true
	}
	return i, false
}

// cnYearRunes are the runes cnDateRe's year starts with.
const cnYearRunes = "〇○零OＯ0一二三四五六七八九"

// hasDateChars is a cheap pre-filter: every date form needs an ASCII digit or
// a Chinese zero.
func hasDateChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if isASCIIDigit(s[i]) {
			return true
		}
	}
	return strings.ContainsAny(s, "〇○零")
}

// normalizeDateText maps full-width digits and punctuation to ASCII and every
// Unicode space (NBSP and U+3000 included, which regexp's \s misses) to ' '.
// It returns s itself when nothing needs changing, which is the common case.
func normalizeDateText(s string) string {
	clean := true
	for _, r := range s {
		if r >= utf8.RuneSelf && (mapDateRune(r) != r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(mapDateRune, s)
}

func mapDateRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		return r
	case r >= '０' && r <= '９':
		return '0' + (r - '０')
	case r == '－' || r == '‐' || r == '‑' || r == '–':
		return '-'
	case r == '／':
		return '/'
	case r == '．':
		return '.'
	case r == '：':
		return ':'
	case r == 'Ｔ':
		return 'T'
	case unicode.IsSpace(r):
		return ' '
	}
	return r
}

// parseMonthDay reads a year-less list date such as "09-19" or "9月19日".
func parseMonthDay(s string) (month, day int, ok bool) {
	n := normalizeDateText(s)
	// monthDayRe starts with \s*\d: skip the regexp when that cannot match.
	i := 0
	for i < len(n) && (n[i] == ' ' || n[i] == '\t' || n[i] == '\n' || n[i] == '\r' || n[i] == '\f') {
		i++
	}
	if (i == len(n) || !isASCIIDigit(n[i])) && !referenceMode {
		return 0, 0, false
	}
	m := monthDayRe.FindStringSubmatch(n)
	if m == nil {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(m[1])
	day, _ = strconv.Atoi(m[2])
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return 0, 0, false
	}
	return month, day, true
}

// URL date patterns. /YYYYMM/ alone is deliberately absent: it is the month a
// CMS folder was made, not a publication date.
var (
	trsURLDateRe    = regexp.MustCompile(`/t((?:19|20|21)\d{2})(\d{2})(\d{2})_\d+`)
	hanwebURLDateRe = regexp.MustCompile(`/art/((?:19|20|21)\d{2})/(\d{1,2})/(\d{1,2})/`)
	govcnURLDateRe  = regexp.MustCompile(`/((?:19|20|21)\d{2})-(\d{2})/(\d{2})/content_`)
	yearMonthPathRe = regexp.MustCompile(`/((?:19|20|21)\d{2})-?(0[1-9]|1[0-2])/`)
)

// urlDate reads a publication date encoded in a CMS article URL: TRS
// tYYYYMMDD_, Hanweb /art/YYYY/M/D/, gov.cn /YYYY-MM/DD/content_.
func urlDate(u string) (time.Time, bool) {
	for _, re := range []*regexp.Regexp{trsURLDateRe, hanwebURLDateRe, govcnURLDateRe} {
		if m := re.FindStringSubmatch(u); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			if t, ok := makeDate(y, mo, d); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// urlYearFor returns the year of a year-less list date ("09-19") from the
// link's date: a TRS/Hanweb date of the same month, else a …/202309/ folder,
// the month the CMS filed the page. The shown date is not after that month,
// so a December date in a January folder belongs to the year before.
func urlYearFor(u string, mo int) (int, bool) {
	if t, ok := urlDate(u); ok && int(t.Month()) == mo {
		return t.Year(), true
	}
	if m := yearMonthPathRe.FindStringSubmatch(u); m != nil {
		y, _ := strconv.Atoi(m[1])
		fm, _ := strconv.Atoi(m[2])
		if mo > fm {
			y--
		}
		return y, true
	}
	return 0, false
}
