package crawl

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/url"
	"path"
	"strings"
	"syscall"

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
