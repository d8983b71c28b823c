package site

import (
	"testing"
	"time"
)

func sh(y, mo, d, h, mi, s int) time.Time {
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, Shanghai)
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2025-09-30", sh(2025, 9, 30, 0, 0, 0), true},
		{"2025/9/30", sh(2025, 9, 30, 0, 0, 0), true},
		{"2025.9.30", sh(2025, 9, 30, 0, 0, 0), true},
		{"2025年9月30日", sh(2025, 9, 30, 0, 0, 0), true},
		{"2020年08月02日", sh(2020, 8, 2, 0, 0, 0), true}, // 邯郸 PubDate
		{"2025年09月30日 09时30分", sh(2025, 9, 30, 9, 30, 0), true},
		{"2025年09月30日 09时30分15秒", sh(2025, 9, 30, 9, 30, 15), true},
		{"2023-04-12 15:35:01", sh(2023, 4, 12, 15, 35, 1), true},
		{"2023-04-12 15:35", sh(2023, 4, 12, 15, 35, 0), true},
		{"2023-04-12T15:35:01", sh(2023, 4, 12, 15, 35, 1), true},
		{"2023-04-12T07:35:01Z", sh(2023, 4, 12, 15, 35, 1), true},
		{"2023-04-12T15:35:01+08:00", sh(2023, 4, 12, 15, 35, 1), true},
		{"２０２３－０４－１２", sh(2023, 4, 12, 0, 0, 0), true},
		{"２０２３年４月１２日　１０：３０", sh(2023, 4, 12, 10, 30, 0), true},
		{"\u00a02023-04-12\u3000", sh(2023, 4, 12, 0, 0, 0), true},
		{"二〇二三年四月十二日", sh(2023, 4, 12, 0, 0, 0), true},
		{"二○二三年十二月三十一日", sh(2023, 12, 31, 0, 0, 0), true},
		{"二零二零年八月二日", sh(2020, 8, 2, 0, 0, 0), true},
		{"二〇一九年十月二十日", sh(2019, 10, 20, 0, 0, 0), true},
		{"2023-04-12 25:70", sh(2023, 4, 12, 0, 0, 0), true}, // bad time, good date
		{"2023-02-30", time.Time{}, false},
		{"2023-13-01", time.Time{}, false},
		{"1989-12-31", time.Time{}, false},
		{"2101-01-01", time.Time{}, false},
		{"12023-04-12", time.Time{}, false},
		{"2023-04-123", time.Time{}, false},
		{"发布日期：2023-04-12", time.Time{}, false}, // not the whole string
		{"二〇二三年二月三十日", time.Time{}, false},
		{"", time.Time{}, false},
		{"09-19", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && got.Location() != Shanghai {
			t.Errorf("ParseDate(%q) location = %v, want Shanghai", tt.in, got.Location())
		}
	}
}

func TestFindDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"发布日期：2017-05-15 10:49:00 来源：", sh(2017, 5, 15, 10, 49, 0), true},
		{"索引号：000014348/2020-35147 发布日期：2020年08月02日", sh(2020, 8, 2, 0, 0, 0), true},
		{"000014349/2017-00110", time.Time{}, false},
		{"01527918X-2020-153077", time.Time{}, false},
		{"编号12023-04-12，另 2023-4-1", sh(2023, 4, 1, 0, 0, 0), true},
		{"成文日期：2023-02-30 发布日期：2023-03-01", sh(2023, 3, 1, 0, 0, 0), true},
		{"（2023年4月12日）", sh(2023, 4, 12, 0, 0, 0), true},
		{"落款 二〇二三年四月十二日 印发", sh(2023, 4, 12, 0, 0, 0), true},
		{"二〇二三年四月十二日印发，2024-01-01实施", sh(2023, 4, 12, 0, 0, 0), true},
		{"2024-01-01实施，二〇二三年四月十二日印发", sh(2024, 1, 1, 0, 0, 0), true},
		{"时间 08:00-17:00，2023-04-12 08:00-17:00", sh(2023, 4, 12, 8, 0, 0), true},
		{"2023年度工作要点", time.Time{}, false},
		{"10月9日至10日", time.Time{}, false},
		{"no digits here", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := FindDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("FindDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"http://x.gov.cn/zwgk/202602/t20260214_2730572.shtml", sh(2026, 2, 14, 0, 0, 0), true},
		{"http://x.gov.cn/art/2023/4/12/art_1229_123.html", sh(2023, 4, 12, 0, 0, 0), true},
		{"https://www.gov.cn/zhengce/content/2023-04/12/content_5751056.htm", sh(2023, 4, 12, 0, 0, 0), true},
		{"http://x.gov.cn/tjgb/201705/9c059bf058ef4db8b3c8f920e22186fe.shtml", time.Time{}, false}, // /YYYYMM/ is too weak
		{"http://x.gov.cn/a/t20230230_1.html", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := urlDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("urlDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestURLYearFor(t *testing.T) {
	tests := []struct {
		u      string
		mo     int
		want   int
		wantOK bool
	}{
		{"/ycsrmzf/yfz32mr/202309/c045c3226e5c4ca383d094ccbcc2a50b.shtml", 9, 2023, true},
		{"/ycsrmzf/yfz32mr/202309/c045c3226e5c4ca383d094ccbcc2a50b.shtml", 8, 2023, true},
		{"/a/202401/x.shtml", 12, 2023, true},
		{"/a/t20230412_1.html", 4, 2023, true},
		{"/a/zxft_content.shtml?id=e4d6", 10, 0, false},
	}
	for _, tt := range tests {
		got, ok := urlYearFor(tt.u, tt.mo)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("urlYearFor(%q, %d) = %d, %v; want %d, %v", tt.u, tt.mo, got, ok, tt.want, tt.wantOK)
		}
	}
}
