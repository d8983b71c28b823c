package checks

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// DateInconsistent reports dates that cannot all be true (rules.md A7 (5),
// 弄虚作假 such as a forged 发稿日期): 发布日期 before 成文日期, dates after
// the evaluation date, a PubDate tag or a list date that disagrees with the
// date the page shows, and a whole site stamped with one timestamp (a CMS
// migration). Dates are often wrong by mistake, so every finding is 疑似.
type DateInconsistent struct{}

// dateMigrationPages is the pages sharing one timestamp that make a migration stamp.
var dateMigrationPages = Threshold{Key: "date_migration_pages", Default: 100, Min: 2, Max: 1000000, Unit: "个页面",
	field: func(t *config.Thresholds) int { return t.DateMigrationPages }}

var dateInconsistentMeta = Meta{
	ID:          "date-inconsistent",
	Name:        "日期异常",
	Description: "检查文章日期是否合理：发布日期早于成文日期、日期晚于检查日、页面元数据与页面显示的发布日期不一致、列表日期与文章日期不一致，或100个以上页面共用同一发布时间（数据迁移痕迹），即为疑似日期异常，需人工确认。",
	Severity:    Advice,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“安全、泄密事故等严重问题”第5项：弄虚作假（如伪造发稿日期）；《政府网站发展指引》（国办发〔2017〕47号）网页设计规范（PubDate）",
	Advice:      "核对页面的成文日期、发布日期、PubDate元数据和列表页日期，更正录入错误，使各处日期一致且真实；网站迁移时保留文章原发布日期。",
	Summary: "疑似, needs human confirmation; per content page: 发布日期 earlier than 成文日期 (the same day is fine); 发布日期 or 成文日期 after the as-of date; " +
		"the PubDate meta on another day than the visible 发布日期 (a different time of day is fine); a list entry dated on another day than the page's visible 发布日期 " +
		"unless it is the page's 成文日期 (some CMSs list that); and once per site: >= thresholds.date_migration_pages (default 100 [I]) content pages sharing one " +
		"PubDate timestamp (to the minute) or, without a time, one date — a migration stamp",
	Thresholds: []Threshold{dateMigrationPages},
	// List dates and migration stamps need other pages.
	Recheck: Recheck{Mode: RecheckFoundOnly, Strict: true, Reason: recheckMore},
}

// Meta describes the rule.
func (DateInconsistent) Meta() Meta { return dateInconsistentMeta }

// visiblePubRe finds a 发布日期 printed in the page text.
var visiblePubRe = regexp.MustCompile(`(?:发布日期|发布时间|发稿时间|公开日期|发表时间)\s*[:：]?\s*((?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2})`)

// shownPubDate is the 发布日期 a reader sees: the metadata table's, else
// the first 发布日期/发布时间 line of the text (read only then: reading a
// page's text back from the page store is a system call and a copy).
func shownPubDate(p *site.Page) (time.Time, string, bool) {
	if v := p.Fields()["发布日期"]; v != "" {
		if t, ok := site.FindDate(v); ok {
			return dayOf(t), labelOf(p, "发布日期"), true
		}
	}
	if m := visiblePubRe.FindStringSubmatch(bodyText(p)); m != nil {
		if t, ok := site.FindDate(m[1]); ok {
			return dayOf(t), "页面显示的发布日期", true
		}
	}
	return time.Time{}, "", false
}

// metaPubDate is the PubDate tag (or a CMS variant) and its raw value.
func metaPubDate(p *site.Page) (time.Time, string, bool) {
	tags := p.MetaTags()
	for _, k := range []string{"pubdate", "publishdate", "publish_date", "firstpublishedtime", "article:published_time"} {
		if v := strings.TrimSpace(tags[k]); v != "" {
			if t, ok := site.FindDate(v); ok {
				return t, v, true
			}
		}
	}
	return time.Time{}, "", false
}

// Check judges each content page's dates, then the site's timestamps.
func (r DateInconsistent) Check(ctx *Context, s *site.Site) []Finding { return checkPages(ctx, s, r) }

// datePass holds what each page shows (pages[i] for s.Pages[i]), a few
// bytes a page: at 100,000 pages a record of three time.Times a page was
// a good part of the page pass's memory (issue 7's bound).
type datePass struct {
	s        *site.Site
	ok       func(*site.Page) bool
	asOf     time.Time
	minPages int
	pages    []datePage
	mu       sync.Mutex
	fs       [][]Finding // the pages' own findings, datePage.fs-1
}

// datePage is one usable content page's dates and its own findings.
type datePage struct {
	meta             int64 // the PubDate tag's time in Unix seconds, noMeta without one
	visible, written dayNo
	fs               int32 // 1 + index in datePass.fs; 0: no finding
	seen             bool  // a usable content page (Visit looked at it)
}

// noMeta is datePage.meta without a PubDate tag.
const noMeta = math.MinInt64

// dayNo is a Shanghai date as days since 1970-01-01 (noDay: none).
type dayNo int32

const noDay dayNo = math.MinInt32

// dayNum is t's Shanghai date (t as dayOf gives it); noDay for the zero time.
func dayNum(t time.Time) dayNo {
	if t.IsZero() {
		return noDay
	}
	y, m, d := t.In(site.Shanghai).Date()
	return dayNo(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// time is the date as dayOf gives it; the zero time for noDay.
func (d dayNo) time() time.Time {
	if d == noDay {
		return time.Time{}
	}
	u := time.Unix(int64(d)*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, site.Shanghai)
}

// Pass starts a run over s.
func (DateInconsistent) Pass(ctx *Context, s *site.Site) PagePass {
	return &datePass{s: s, ok: usableIn(ctx, s), asOf: evalDate(ctx), minPages: dateMigrationPages.value(ctx),
		pages: make([]datePage, len(s.Pages))}
}

// Visit reads one page's dates.
func (d *datePass) Visit(v PageView) {
	if !v.Page.IsContent() || !d.ok(v.Page) {
		return // list pages are read in Findings: their entries are many
	}
	p, dp := v.Read, datePage{meta: noMeta, visible: noDay, written: noDay, seen: true}
	var fs []Finding
	finding := func(subject, msg, ev string) {
		fs = append(fs, Finding{URL: p.URL, Title: pageTitle(p), Column: p.Column,
			Message: "疑似日期异常：" + msg, Evidence: ev, Subject: subject})
	}
	written, hasWritten := writtenDate(p)
	if hasWritten {
		dp.written = dayNum(written.t)
	}
	visible, vLabel, hasVisible := shownPubDate(p)
	if hasVisible {
		dp.visible = dayNum(visible)
	}
	meta, metaRaw, hasMeta := metaPubDate(p)
	if hasMeta && !meta.IsZero() {
		dp.meta = meta.Unix()
	}
	pub, hasPub := publishedDate(p)
	if hasPub && hasWritten && pub.t.Before(written.t) {
		finding("发布早于成文", "发布日期早于成文日期。",
			fmt.Sprintf("%s%s，%s%s。", written.label, ymd(written.t), pub.label, ymd(pub.t)))
	}
	switch {
	case hasPub && pub.t.After(d.asOf):
		finding("未来日期", "发布日期晚于检查日期。", fmt.Sprintf("%s%s，检查日期%s。", pub.label, ymd(pub.t), ymd(d.asOf)))
	case hasWritten && written.t.After(d.asOf):
		finding("未来日期", "成文日期晚于检查日期。", fmt.Sprintf("%s%s，检查日期%s。", written.label, ymd(written.t), ymd(d.asOf)))
	}
	if hasMeta && hasVisible && !dayOf(meta).Equal(visible) {
		finding("PubDate不一致", "PubDate元数据与页面显示的发布日期不是同一天。",
			fmt.Sprintf("<meta name=\"PubDate\" content=\"%s\">，%s%s。", metaRaw, vLabel, ymd(visible)))
	}
	if fs != nil {
		d.mu.Lock()
		d.fs = append(d.fs, fs)
		dp.fs = int32(len(d.fs))
		d.mu.Unlock()
	}
	d.pages[v.I] = dp
}

// Findings reports each content page's own contradictions (a page once,
// however many URLs lead to it), list entries dated otherwise than their
// page, and timestamps shared by many pages.
func (d *datePass) Findings() []Finding {
	s, minPages := d.s, d.minPages
	// pages maps a content page's URLs to its index in s.Pages: an int32
	// rather than a record a page (this map holds every content page).
	pages := map[string]int32{}
	stamps := map[string][]string{}
	var out []Finding
	for i, p := range s.Pages {
		key := p.FinalOrURL()
		dp := &d.pages[i]
		if _, dup := pages[key]; !dp.seen || !p.IsContent() || dup {
			continue
		}
		pages[key], pages[p.URL] = int32(i), int32(i)
		if dp.meta != noMeta {
			meta := time.Unix(dp.meta, 0)
			stamp := ymd(meta)
			if h, m := meta.In(site.Shanghai).Hour(), meta.In(site.Shanghai).Minute(); h != 0 || m != 0 {
				stamp += meta.In(site.Shanghai).Format(" 15:04")
			}
			stamps[stamp] = append(stamps[stamp], p.URL)
		}
		if dp.fs > 0 {
			out = append(out, d.fs[dp.fs-1]...)
		}
	}
	// A list entry dated otherwise than the page it leads to. Some CMSs
	// list the 成文日期: that is not a contradiction.
	listed := map[string]bool{}
	for _, lp := range s.Pages {
		if lp.IsContent() || !d.ok(lp) {
			continue
		}
		for _, it := range lp.ListItems() {
			at, ok := pages[it.URL]
			if !ok || it.Date.IsZero() {
				continue
			}
			p, dp := s.Pages[at], &d.pages[at]
			if dp.visible == noDay || listed[p.URL] {
				continue
			}
			day, visible := dayOf(it.Date.Time), dp.visible.time()
			if day.Equal(visible) || day.Equal(dp.written.time()) {
				continue
			}
			listed[p.URL] = true
			out = append(out, Finding{URL: p.URL, Title: pageTitle(p), Column: p.Column,
				Message:  "疑似日期异常：" + "列表页显示的日期与文章页的发布日期不一致。",
				Evidence: fmt.Sprintf("列表页%s显示%s，文章页发布日期%s。", lp.URL, ymd(day), ymd(visible)),
				Subject:  "列表日期不一致"})
		}
	}
	// One timestamp on hundreds of pages: a migration re-stamped them.
	keys := slices.Sorted(maps.Keys(stamps))
	for _, k := range keys {
		urls := stamps[k]
		if len(urls) < minPages {
			continue
		}
		sort.Strings(urls)
		out = append(out, Finding{
			URL:     s.Start,
			Title:   "全站",
			Message: fmt.Sprintf("疑似日期异常：%d个页面的PubDate为同一时间%s，疑似网站迁移或批量导入时改写了原发布日期。", len(urls), k),
			Evidence: fmt.Sprintf("PubDate为“%s”的页面共%d个（达到%d个即报告），例如：%s。", k, len(urls), minPages,
				strings.Join(urls[:3], "、")),
			Subject: "批量相同时间 " + k,
		})
	}
	return out
}
