package crawl

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path"
	"strings"
	"syscall"

	"github.com/gocolly/colly/v2"

	"github.com/gongkai/gongkai/site"
)

// errRedirectLoop and errTooManyRedirects end a redirect chain.
var (
	errRedirectLoop     = errors.New("redirect loop")
	errTooManyRedirects = errors.New("more than 10 redirects")
	errBadScheme        = errors.New("redirect to a non-HTTP scheme")
)

// classify maps a transport error to an error class.
func classify(err error) site.ErrClass {
	if err == nil {
		return ""
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alertErr tls.AlertError
	var netErr net.Error
	switch {
	case errors.Is(err, errRedirectLoop), errors.Is(err, errTooManyRedirects):
		return site.ErrRedirectLoop
	case errors.As(err, &dnsErr):
		return site.ErrDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return site.ErrRefused
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostnameErr),
		errors.As(err, &invalidCert), errors.As(err, &recordErr), errors.As(err, &alertErr),
		strings.Contains(err.Error(), "tls: "):
		return site.ErrTLS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return site.ErrTimeout
	}
	return site.ErrOther
}

// Extensions of targets that are checked but never crawled, even on the
// site's own host.
var assetExt = map[string]bool{
	// attachments
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".wps": true,
	".et": true, ".dps": true, ".ofd": true, ".zip": true, ".rar": true, ".7z": true,
	".ppt": true, ".pptx": true, ".txt": true, ".csv": true, ".xml": true, ".json": true,
	".ceb": true, ".caj": true, ".tif": true, ".tiff": true, ".gz": true, ".tar": true,
	".apk": true, ".exe": true, ".msi": true, ".dmg": true, ".iso": true,
	// media, scripts, styles
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".bmp": true, ".webp": true,
	".svg": true, ".ico": true, ".mp3": true, ".mp4": true, ".avi": true, ".flv": true,
	".wmv": true, ".mov": true, ".swf": true, ".js": true, ".css": true, ".woff": true,
	".woff2": true, ".ttf": true, ".eot": true,
}

// isAsset reports whether a URL names a file that should only be checked.
func isAsset(u *url.URL) bool {
	return assetExt[strings.ToLower(path.Ext(u.Path))]
}

// isHTMLType reports whether a Content-Type header names an HTML page. An
// empty type counts as HTML: many government servers send none for .shtml.
func isHTMLType(ct string) bool {
	ct = strings.ToLower(ct)
	return ct == "" || strings.Contains(ct, "text/html") || strings.Contains(ct, "application/xhtml")
}

// unreachable reports a failure that says nothing about the target: its
// name did not resolve, or the network is unreachable. On a machine without
// network (or DNS) every off-site link fails so.
func unreachable(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) || errors.Is(err, syscall.ENETUNREACH) || errors.Is(err, syscall.EHOSTUNREACH)
}

// describeErr says in one Chinese phrase why a request failed, for
// evidence, stop reasons and messages: the office never sees Go's or a
// library's English ("dial tcp …", "context deadline exceeded", "EOF").
func describeErr(err error) string {
	var dnsErr *net.DNSError
	var hostnameErr x509.HostnameError
	var unknownAuth x509.UnknownAuthorityError
	var invalidCert x509.CertificateInvalidError
	var netErr net.Error
	var ue *url.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, errRedirectLoop):
		return "重定向形成循环"
	case errors.Is(err, errTooManyRedirects):
		return "重定向超过10次"
	case errors.Is(err, errBadScheme):
		return "重定向到了非网页（非HTTP）地址"
	case errors.Is(err, errPrivateAddress):
		return "目标为内网或本机地址"
	case errors.As(err, &dnsErr):
		switch {
		case dnsErr.IsNotFound:
			return fmt.Sprintf("域名“%s”不存在", dnsErr.Name)
		case dnsErr.IsTimeout:
			return fmt.Sprintf("域名“%s”解析超时", dnsErr.Name)
		}
		return fmt.Sprintf("域名“%s”无法解析", dnsErr.Name)
	case errors.Is(err, syscall.ECONNREFUSED):
		return "服务器拒绝连接（该地址和端口没有提供服务）"
	case errors.Is(err, syscall.ECONNRESET):
		return "连接被服务器中断"
	case errors.As(err, &hostnameErr):
		return "HTTPS证书与域名不符"
	case errors.As(err, &unknownAuth):
		return "HTTPS证书不是受信任的机构签发的（或为自签名证书）"
	case errors.As(err, &invalidCert):
		if invalidCert.Reason == x509.Expired {
			return "HTTPS证书已过期或尚未生效"
		}
		return "HTTPS证书无效"
	case classify(err) == site.ErrTLS:
		return "HTTPS加密连接建立失败"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "在规定时间内没有响应"
	case errors.Is(err, context.Canceled):
		return "请求被取消"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "服务器没有返回完整的响应就断开了连接"
	case errors.Is(err, colly.ErrForbiddenDomain), errors.Is(err, colly.ErrForbiddenURL),
		errors.Is(err, colly.ErrNoURLFiltersMatch):
		return "不在抓取范围内"
	case errors.Is(err, colly.ErrMaxDepth):
		return "超出了 --depth 设定的抓取深度"
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		return "robots.txt 不允许抓取"
	case errors.As(err, &ue) && (ue.Op == "parse" || strings.HasPrefix(ue.Err.Error(), "unsupported protocol")):
		return "链接地址格式不正确"
	}
	return "网络请求失败"
}

// stopReason says why a crawl stopped early. The cause is the caller's
// own sentence (scan's are Chinese); the context package's English is
// replaced.
func stopReason(cause error) string {
	switch {
	case cause == nil, cause == context.Canceled:
		return "扫描被取消"
	case cause == context.DeadlineExceeded:
		return "扫描时间已到"
	}
	return cause.Error()
}
