package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/gongkai/gongkai/attach"
	"github.com/gongkai/gongkai/site"
)

// maxAttachment is the largest attachment downloaded for its text; name
// lists of 低保 or 补贴 are small, scanned budget books are not worth more.
const maxAttachment = 20 << 20

// wantsText reports whether a target is one of the site's own documents
// whose text the rules read (personal data in 公示 lists, 三公经费 tables).
// Off-site files are only checked.
func (cr *crawler) wantsText(u *url.URL) bool {
	return cr.onSite(u) && attach.Supported(path.Base(u.Path))
}

// fetchAttachment downloads one attachment with GET (its status is the
// check) and reads its text.
func (cr *crawler) fetchAttachment(ctx context.Context, target string) (result, *site.Attachment) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return result{errClass: site.ErrOther, err: shortErr(err)}, nil
	}
	req.Header.Set("User-Agent", cr.opts.UserAgent)
	prev := cr.opts.PreviousAttachments[target]
	if prev != nil {
		setValidators(req.Header, prev.ETag, prev.LastModified)
	}
	var hops []string
	req = req.WithContext(withHops(ctx, &hops))
	resp, err := cr.checker.client.Do(req)
	if err != nil {
		if errors.Is(err, errPrivateAddress) {
			return result{notChecked: "目标为内网或本机地址（未加 --allow-private）"}, nil
		}
		if errors.Is(err, ErrNotArchived) {
			return result{notChecked: NotCheckedNotArchived}, nil
		}
		return result{errClass: classify(err), err: shortErr(err), redirects: hops, offline: unreachable(err)}, nil
	}
	defer resp.Body.Close()
	r := result{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), redirects: hops,
		blocked:    blockedStatus(resp.StatusCode),
		retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if final := resp.Request.URL.String(); final != target {
		r.finalURL = final
	}
	if resp.StatusCode == http.StatusNotModified && prev != nil {
		// Unchanged since the previous crawl: its record, text and all,
		// stands; the status is the one that download had.
		cr.nReused.Add(1)
		r.status = http.StatusOK
		a := *prev
		return r, &a
	}
	if resp.StatusCode >= 400 {
		r.errClass = site.ErrHTTPStatus
		r.err = resp.Status
		return r, nil
	}
	if isHTMLType(r.contentType) && r.contentType != "" {
		// An attachment link answered with a page: a WAF challenge, or a
		// soft 404 of the CMS; either way there is no document to read.
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		if c := site.Challenge(head); c != "" {
			r.blocked = c
		}
		return r, nil
	}
	a := &site.Attachment{URL: target, Name: path.Base(resp.Request.URL.Path),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	if un, err := url.PathUnescape(a.Name); err == nil {
		a.Name = un
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAttachment+1))
	a.Size = int64(len(data))
	switch {
	case err != nil:
		if ctxDone(ctx) {
			return r, nil
		}
		a.Unreadable = "下载中断：" + shortErr(err)
	case len(data) > maxAttachment:
		a.Unreadable = fmt.Sprintf("文件超过%dMB，未读取内容", maxAttachment>>20)
	default:
		text, err := attach.Text(a.Name, r.contentType, data)
		if errors.Is(err, attach.ErrPartial) {
			a.Partial = attach.Reason(err)
		} else if err != nil {
			a.Unreadable = attach.Reason(err)
			if a.Unreadable == "" {
				a.Unreadable = "文件无法读取"
			}
		}
		a.Text = text
	}
	return r, a
}

// documentExt are the site's own documents that rules care about even when
// their text cannot be read (.wps, .ofd …): they are checked with HEAD like
// any link, and listed as unreadable attachments so that a rule says "could
// not read" instead of "missing".
var documentExt = map[string]bool{".wps": true, ".et": true, ".dps": true, ".ofd": true, ".ceb": true,
	".rar": true, ".zip": true, ".7z": true, ".ppt": true, ".pptx": true, ".rtf": true}

// unreadableDocument returns the attachment record of an on-site document
// whose format cannot be read, or nil.
func (cr *crawler) unreadableDocument(u *url.URL) *site.Attachment {
	ext := strings.ToLower(path.Ext(u.Path))
	if !cr.onSite(u) || !documentExt[ext] {
		return nil
	}
	name := path.Base(u.Path)
	if un, err := url.PathUnescape(name); err == nil {
		name = un
	}
	_, err := attach.Text(name, "", nil)
	reason := attach.Reason(err)
	if reason == "" {
		reason = fmt.Sprintf("%s格式无法自动读取内容", ext)
	}
	return &site.Attachment{URL: u.String(), Name: name, Unreadable: reason}
}
