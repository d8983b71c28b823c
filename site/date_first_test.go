package site

import (
	"strings"
	"testing"
	"time"
)

// findDateAll is findDate as it was, finding every match before looking at
// the first: findDate must agree with it on every text.
func findDateAll(n string) (t time.Time, start, end int, ok bool) {
	if !hasDateChars(n) {
		return time.Time{}, 0, 0, false
	}
	start, end = -1, -1
	for _, m := range numDateRe.FindAllStringSubmatchIndex(n, -1) {
		if m[1] < len(n) && isASCIIDigit(n[m[1]]) && m[10] < 0 {
			continue
		}
		if tt, good := numericDate(n, m); good {
			t, start, end = tt, m[2], m[1]
			break
		}
	}
	if strings.ContainsAny(n, "〇○零") || strings.Contains(n, "年") {
		for _, m := range cnDateRe.FindAllStringSubmatchIndex(n, -1) {
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

func TestFindDateFirstMatchSame(t *testing.T) {
	long := strings.Repeat("正文内容，第12段。", 200)
	for _, n := range []string{
		"", "无日期", "发布日期：2025-01-02", "2025-01-02 09:30:15+08:00",
		"编号2025-13-45，发布于2024-02-03", // an impossible first date, then a good one
		"2025-01-0212 与 2024-05-06",  // a cut number first
		"2025-01-022024-05-06",       // one number running into another
		"二〇二四年三月五日印发，2025-01-02发布", "2025年1月2日", "2025年13月2日 二〇二三年十二月三十一日",
		long + "2023/4/5" + long + "2022.1.1", long,
	} {
		gt, gs, ge, gok := findDate(n)
		wt, ws, we, wok := findDateAll(n)
		if !gt.Equal(wt) || gs != ws || ge != we || gok != wok {
			t.Errorf("findDate(%.40q) = %v %d %d %v, want %v %d %d %v", n, gt, gs, ge, gok, wt, ws, we, wok)
		}
	}
}
