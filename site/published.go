package site

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// pubMetaKeys are the meta names that carry the publication time, most
// trusted first (PubDate is the 发展指引 tag; the others are CMS and Open
// Graph variants).
var pubMetaKeys = []string{
	"pubdate", "publishdate", "publish_date", "firstpublishedtime",
	"article:published_time", "og:release_date", "dc.date.issued", "dc.date",
}

// pubLabels introduce a publication date in visible text. 日期 and 时间
// count alone only when not the tail of another label (成文日期, 更新时间).
var pubLabels = []string{"发布日期", "发布时间", "公开日期", "发表日期", "发表时间", "发稿时间", "上网时间", "发布于", "日期", "时间"}

// publishedOf picks the publication date: meta PubDate, else the metadata
// table's 发布日期, else a "发布日期：…" line in the text, else a date-coded
// URL. The first source that parses wins even when a later one disagrees;
// comparing them is a rule's job.
func publishedOf(p *Page) Date {
	for _, k := range pubMetaKeys {
		if v, ok := p.Meta[k]; ok && v != "" {
			if t, ok := FindDate(v); ok {
				return Date{Time: t, Source: SourceMeta}
			}
		}
	}
	if v := p.Metadata["发布日期"]; v != "" {
		if t, ok := FindDate(v); ok {
			return Date{Time: t, Source: SourceMetadata}
		}
	}
	if t, ok := textPubDate(p.Text); ok {
		return Date{Time: t, Source: SourceText}
	}
	if t, ok := urlDate(p.URL); ok {
		return Date{Time: t, Source: SourceURL}
	}
	return Date{}
}

// textPubDate returns the date right after the first publication label in
// text that is followed by one.
func textPubDate(text string) (t time.Time, ok bool) {
	type hit struct{ at, end int }
	var hits []hit
	for _, l := range pubLabels {
		bare := l == "日期" || l == "时间"
		for off, n := 0, 0; n < 64; n++ {
			i := strings.Index(text[off:], l)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(l)
			if bare && at > 0 {
				if r, _ := utf8.DecodeLastRuneInString(text[:at]); unicode.Is(unicode.Han, r) {
					continue
				}
			}
			hits = append(hits, hit{at, off})
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		rest := strings.TrimLeft(text[h.end:], " ")
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, "："), ":")
		if len(rest) > 48 {
			rest = rest[:48]
		}
		n := normalizeDateText(rest)
		if d, start, _, found := findDate(n); found && strings.TrimLeft(n[:start], " [【(（") == "" {
			return d, true
		}
	}
	return t, false
}
