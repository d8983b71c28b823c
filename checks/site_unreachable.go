package checks

import (
	"fmt"
	"time"

	"github.com/gongkai/gongkai/site"
)

// SiteUnreachable reports a start page that took more than 15 seconds to
// open, or that failed (or answered 5xx) before a retry succeeded. A start
// page that never opens ends the scan before the rules run (exit 3).
type SiteUnreachable struct{}

var siteUnreachableMeta = Meta{
	ID:          "site-unreachable",
	Name:        "站点无法访问",
	Description: "检查网站首页能否正常访问：首页打开超过15秒，或第一次请求失败（含返回5xx错误）、重试后才打开，即提示站点访问不稳定。单次检测仅供参考，不作单项否决。",
	Severity:    Advice,
	Basis:       "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）单项否决指标“站点无法访问”：监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%",
	Advice:      "检查服务器性能、带宽、负载均衡和防护策略，确保首页在15秒内稳定打开；建议开展连续监测。",
	Summary: "the start page took > 15 s, or its first request failed or answered 5xx and only a retry opened it; " +
		"one scan is one observation (the indicator's veto needs 7 days × ≥20 probes/day with ≥5% failures), " +
		"so this is advice; waive with a waiver on the start URL",
	Recheck: Recheck{Reason: "一次访问不能证明站点可用，需连续监测（检查指标要求监测1周）"},
}

// unreachableAfter is the indicators' time limit for opening the homepage [C].
const unreachableAfter = 15 * time.Second

// Meta describes the rule.
func (SiteUnreachable) Meta() Meta { return siteUnreachableMeta }

// Check reads what the crawl recorded of the start page.
func (SiteUnreachable) Check(_ *Context, s *site.Site) []Finding {
	fe := s.Fetch
	if fe.Attempts == 0 {
		return nil // not recorded (an old snapshot): nothing observed
	}
	slow := fe.Duration > unreachableAfter
	retried := fe.Attempts > 1
	if !slow && !retried {
		return nil
	}
	f := startFinding(s, "首页访问")
	secs := fe.Duration.Seconds()
	switch {
	case slow && retried:
		f.Message = fmt.Sprintf("首页首次请求失败，重试后用时%.1f秒才打开，超过15秒。", secs)
	case slow:
		f.Message = fmt.Sprintf("首页本次打开用时%.1f秒，超过15秒。", secs)
	default:
		f.Message = "首页首次请求失败或返回服务器错误，重试后才打开。"
	}
	f.Message += "本次扫描只是一次观测，检查指标要求连续监测1周、每天20次以上，打不开累计占比≥5%才单项否决，建议开展连续监测。"
	f.Evidence = fmt.Sprintf("首页%s：请求%d次，最后一次HTTP状态码%d、用时%.1f秒（上限15秒）。", s.Start, fe.Attempts, fe.Status, secs)
	return []Finding{f}
}
