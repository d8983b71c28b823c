package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/site"
)

// NoticeExpired reports a 公示 whose stated period ended long ago and that
// still shows private persons' ID or mobile numbers, on the page or in its
// attachment (rules.md J2). 条例 requires 主动公开 information to stay
// accessible, so this is advice only: remove or archive the personal data.
type NoticeExpired struct{}

// noticeExpiredMonths is the months after a 公示期 ended before the 公示 counts as expired.
var noticeExpiredMonths = Threshold{Key: "notice_expired_months", Default: 12, Min: 1, Max: 120, Unit: "个月",
	field: func(t *config.Thresholds) int { return t.NoticeExpiredMonths }}

var noticeExpiredMeta = Meta{
	ID:          "notice-expired",
	Name:        "公示期满未撤除",
	Description: "检查公示期满的公示是否撤除：公示期结束超过12个月（可在配置中调整），页面或附件仍显示未遮挡的身份证号、个人手机号，即提示撤除或遮挡。",
	Severity:    Advice,
	Basis:       "《中华人民共和国个人信息保护法》第十九条（个人信息的保存期限应当为实现处理目的所必要的最短时间）、第四十七条（处理目的已实现的，应当主动删除个人信息）",
	Advice:      "公示期满的名单类公示应及时撤除含个人信息的内容，或对身份证号码、手机号码作去标识化处理后归档保留；确需长期公开的，仅保留必要信息。",
	Summary: "疑似, advice only [I] (条例 keeps 主动公开 information accessible): a page titled 公示 whose stated period (公示期/公示时间 … date 至 date) ended more than " +
		"thresholds.notice_expired_months (default 12 [I]) before the as-of date and that shows, itself or in an attachment it links, unmasked resident ID numbers or " +
		"private mobile numbers as found by the personal-data rules (official contact lines do not count); one finding per 公示 page",
	Thresholds: []Threshold{noticeExpiredMonths},
	// The numbers may sit in an attachment the re-check does not read; a
	// 公示 taken down is the fix.
	Recheck: Recheck{Mode: RecheckFoundOnly, RemovedFixes: true, Reason: recheckMore},
}

// Meta describes the rule.
func (NoticeExpired) Meta() Meta { return noticeExpiredMeta }

// noticePeriodRe finds a stated 公示 period: its start date (with year) and
// its end date (year optional: 2020年1月1日至1月7日).
var noticePeriodRe = regexp.MustCompile(`公示(?:期|时间|期限|日期)[^。；;]{0,24}?((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?[^。；;\d]{0,6}?(?:至|到|—|－|-|~|～)\s*(?:((?:19|20)\d{2})\s*[年.\-/]\s*)?(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?`)

// noticeEnd reads the end of the stated 公示 period in text.
func noticeEnd(text string) (end time.Time, quote string, ok bool) {
	m := noticePeriodRe.FindStringSubmatch(text)
	if m == nil {
		return time.Time{}, "", false
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	y1, m1 := n(m[1]), n(m[2])
	y2, m2, d2 := n(m[4]), n(m[5]), n(m[6])
	if y2 == 0 {
		y2 = y1
		if m2 < m1 {
			y2++ // 12月28日至1月4日
		}
	}
	end = time.Date(y2, time.Month(m2), d2, 0, 0, 0, 0, site.Shanghai)
	if end.Month() != time.Month(m2) || end.Day() != d2 {
		return time.Time{}, "", false
	}
	return end, m[0], true
}

// Check pairs the personal-data scan with the 公示 pages whose period ended.
func (NoticeExpired) Check(ctx *Context, s *site.Site) []Finding {
	months := noticeExpiredMonths.value(ctx)
	limit := evalDate(ctx).AddDate(0, -months, 0)
	res := piiScanSite(ctx, s)
	pages := pageIndex(s)
	ok := usableIn(ctx, s)
	type notice struct {
		p            *site.Page
		end          time.Time
		quote        string
		ids, mobiles int
		attachments  []string
		expired      bool
	}
	notices := map[*site.Page]*notice{}
	// expiredNotice reads a page once: a 公示 whose period ended before limit.
	expiredNotice := func(p *site.Page) *notice {
		if n := notices[p]; n != nil {
			return n
		}
		n := &notice{p: p}
		notices[p] = n
		if !ok(p) || !strings.Contains(pageTitle(p), "公示") {
			return n
		}
		if end, q, found := noticeEnd(bodyText(p)); found && end.Before(limit) {
			n.end, n.quote, n.expired = end, q, true
		}
		return n
	}
	for i := range res.docs {
		d := &res.docs[i]
		// As pii-id-number: a 15-digit legacy number (no check digit) only
		// where the document speaks of ID numbers.
		var idHits []piiHit
		for _, h := range piiHitsOf(d.hits, piiID) {
			if len(h.digits) == 18 || strings.Contains(d.text, "身份证") {
				idHits = append(idHits, h)
			}
		}
		ids := piiDistinct(idHits)
		mobiles := 0
		if sel, found := piiMobileLeaks(d, res.mobilePages); found {
			mobiles = sel.count
		}
		if ids == 0 && mobiles == 0 {
			continue
		}
		var on []*site.Page
		if d.attachment {
			for _, r := range d.referrers {
				if p := pages[r]; p != nil {
					on = append(on, p)
				}
			}
		} else if p := pages[d.url]; p != nil {
			on = append(on, p)
		}
		for _, p := range on {
			n := expiredNotice(p)
			if !n.expired {
				continue
			}
			n.ids += ids
			n.mobiles += mobiles
			if d.attachment {
				n.attachments = append(n.attachments, d.title)
			}
		}
	}
	var list []*notice
	for _, n := range notices {
		if n.expired && n.ids+n.mobiles > 0 {
			list = append(list, n)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].p.URL < list[j].p.URL })
	var out []Finding
	for _, n := range list {
		var what []string
		if n.ids > 0 {
			what = append(what, fmt.Sprintf("居民身份证号码%d个", n.ids))
		}
		if n.mobiles > 0 {
			what = append(what, fmt.Sprintf("个人手机号码%d个", n.mobiles))
		}
		where := "页面"
		if len(n.attachments) > 0 {
			where = "页面及附件“" + strings.Join(n.attachments, "”“") + "”"
		}
		p := n.p
		out = append(out, Finding{
			URL:    p.URL,
			Title:  pageTitle(p),
			Column: p.Column,
			Message: fmt.Sprintf("疑似公示期满未撤除：公示期已于%s结束，超过%d个月，%s仍公开未去标识化的个人信息（%s）。",
				ymd(n.end), months, where, strings.Join(what, "、")),
			Evidence: fmt.Sprintf("“%s”；检查日期%s；个人信息由个人信息泄露检查（pii-id-number、pii-mobile）识别。", n.quote, ymd(evalDate(ctx))),
		})
	}
	return out
}
