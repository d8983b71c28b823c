package scan

import (
	"context"
	"fmt"
	"testing"
)

func TestParseStop(t *testing.T) {
	for _, tc := range []struct {
		complete bool
		reason   string
		want     StopReason
	}{
		{complete: true, want: StopNone},
		{reason: ErrInterrupted.Error(), want: StopInterrupted},
		{reason: errTimeBudget.Error(), want: StopTimeBudget},
		{reason: fmt.Sprintf("reached --max-pages %d", 500), want: StopMaxPages},
		{reason: "snapshot is partial: the crawl that wrote it did not finish", want: StopPartialSnapshot},
		// What crawl and site write today (Chinese since #17).
		{reason: "已达到 --max-pages 设定的500页上限", want: StopMaxPages},
		{reason: "快照不完整：写入它的抓取没有完成", want: StopPartialSnapshot},
		{reason: context.Canceled.Error(), want: StopOther},
		// An interruption text that is only part of the reason is not one.
		{reason: "crawl of x: " + ErrInterrupted.Error(), want: StopOther},
	} {
		if got := ParseStop(tc.complete, tc.reason); got != tc.want {
			t.Errorf("ParseStop(%v, %q) = %v, want %v", tc.complete, tc.reason, got, tc.want)
		}
	}
}
