package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/gocolly/colly/v2"
)

// TestDescribeErr: request errors become Chinese phrases; none of Go's
// English ("dial tcp", "context deadline exceeded", "EOF") is kept.
func TestDescribeErr(t *testing.T) {
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "http://x.gov.cn/a", Err: err} }
	tests := []struct {
		err  error
		want string
	}{
		{wrap(context.DeadlineExceeded), "在规定时间内没有响应"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}}), "域名“x.invalid”不存在"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "server misbehaving", Name: "x.gov.cn"}}), "域名“x.gov.cn”无法解析"},
		{wrap(&net.OpError{Op: "dial", Net: "tcp", Err: fmt.Errorf("connect: %w", syscall.ECONNREFUSED)}), "服务器拒绝连接"},
		{wrap(io.EOF), "服务器没有返回完整的响应就断开了连接"},
		{wrap(io.ErrUnexpectedEOF), "断开了连接"},
		{wrap(errRedirectLoop), "重定向形成循环"},
		{&url.Error{Op: "parse", URL: "ht!tp://", Err: errors.New("first path segment in URL cannot contain colon")}, "链接地址格式不正确"},
		{colly.ErrMaxDepth, "--depth"},
		{errors.New("something new"), "网络请求失败"},
	}
	for _, tc := range tests {
		got := describeErr(tc.err)
		if !strings.Contains(got, tc.want) {
			t.Errorf("describeErr(%v) = %q, want %q", tc.err, got, tc.want)
		}
		for _, p := range []string{"dial", "context", "EOF", "no such host", "refused", "misbehaving"} {
			if strings.Contains(got, p) {
				t.Errorf("describeErr(%v) = %q keeps %q", tc.err, got, p)
			}
		}
	}
	if got := stopReason(context.Canceled); got != "扫描被取消" {
		t.Errorf("stopReason(Canceled) = %q", got)
	}
}
