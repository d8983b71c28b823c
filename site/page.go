// Package site holds the page model that flows from the crawler to the rules,
// and the extraction that fills it from raw HTML. It knows nothing of HTTP
// clients or of rules: crawl produces Pages and Resources, checks reads them.
package site

import "time"

// Page is what the rules know of one fetched HTML page. It holds extracted
// facts only, never the parsed document, so a crawl of many pages stays small.
type Page struct {
	URL      string `json:"url"`                 // requested URL (canonical form)
	FinalURL string `json:"final_url,omitempty"` // after redirects, when different
	Status   int    `json:"status"`
	Depth    int    `json:"depth"`
	// Charset is the encoding the body was decoded from ("utf-8", "gb18030" …).
	Charset string `json:"charset,omitempty"`
	// Digest is a hash of the body: the same page served under another
	// address is recognised and not counted twice.
	Digest uint64 `json:"digest,omitempty"`
	// ETag and LastModified are the response's validators: an incremental
	// re-scan asks for the page only if it changed.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	Title string `json:"title"`
	// Meta maps lower-cased <meta name|property|http-equiv> to content. The
	// first occurrence wins. A tag present with empty content maps to "".
	Meta map[string]string `json:"meta,omitempty"`
	// Text is the visible text (no script/style), whitespace collapsed.
	//
	// Every field from Meta to PageURLs except Title, Column and Published
	// moves to a BodyStore once the crawler is done with the page: rules
	// read them with Body, MetaTags, Fields, FieldLabels, ListItems,
	// Crumbs, ScriptSrcs, Outgoing and ListPageURLs, which work either way.
	Text string `json:"text"`
	// FooterText is the visible text of the footer region, or the last part of
	// Text when no footer element can be found.
	FooterText string `json:"footer_text,omitempty"`
	Links      []Link `json:"links,omitempty"`
	// Scripts lists every <script src> (absolute) and ScriptText the inline
	// script bodies concatenated; badges and list loaders live there.
	Scripts    []string `json:"scripts,omitempty"`
	ScriptText string   `json:"script_text,omitempty"`

	// Column is the column (栏目) name: meta ColumnName, else the last
	// breadcrumb entry that is not the page's own title.
	Column     string   `json:"column,omitempty"`
	Breadcrumb []string `json:"breadcrumb,omitempty"`

	// Metadata is the 政府信息公开 metadata table with canonical labels
	// (see CanonicalLabel): 索引号, 发布机构, 成文日期, 发布日期, 文号, 有效性 …
	Metadata map[string]string `json:"metadata,omitempty"`
	// MetadataLabels maps each canonical label of Metadata to the label as
	// the page prints it, spaces and colons removed (成文日期 → 发文日期 on
	// 宜春/宿迁/怒江 pages, 发布机构 → 责任部门 on 万载), so a rule can say
	// which field it judged. Kept apart so len(Metadata) counts fields.
	MetadataLabels map[string]string `json:"metadata_labels,omitempty"`

	// Published is the publication date and which source gave it.
	Published Date `json:"published,omitzero"`

	// Search is the page's 站内搜索 box, if it has one (kept in memory:
	// one small record, on the pages whose template has a search box).
	Search *SearchForm `json:"search,omitempty"`

	// Items are the entries of a list/column page, in page order.
	Items []ListItem `json:"items,omitempty"`
	// PageURLs are further pages of this list found only in scripts
	// (createPageHTML, countPage, document.writeln).
	PageURLs []string `json:"page_urls,omitempty"`

	// Loaded counts the script-rendered list requests (大汉 dataproxy.jsp,
	// 广东 gkmlpt API; see DetectLoaders) the crawler fetched for this page;
	// their entries were appended to Items. Set by the crawler.
	Loaded int `json:"loaded,omitempty"`
	// Unexpanded names a script-rendered list on this page whose entries
	// could not be read, and why (see ScriptListMarker). Rules never call
	// such a page blank. Set by the crawler.
	Unexpanded string `json:"unexpanded,omitempty"`
	// EmptyList is set when the page has a list region (an element whose
	// class or id names a list) holding no link and almost no text, and no
	// entries were found: an empty column list, as a CMS renders it.
	EmptyList bool `json:"empty_list,omitempty"`

	// body, once the page is spilled (see BodyStore), says where the
	// moved fields went; they are then empty.
	body bodyRef
}

// FinalOrURL is the URL the page was served from: relative links and list
// loaders resolve against it.
func (p *Page) FinalOrURL() string {
	if p.FinalURL != "" {
		return p.FinalURL
	}
	return p.URL
}

// IsContent reports whether the page looks like an article (a single
// document) rather than a column, list or home page.
func (p *Page) IsContent() bool {
	if p.Spilled() {
		return p.body.content // worked out before the parts went to the store
	}
	if _, ok := p.Meta["articletitle"]; ok {
		return true
	}
	if len(p.Metadata) >= 2 {
		return true
	}
	return !p.Published.IsZero() && len(p.Items) < 3
}

// IsColumn reports whether the page is a column (list) page.
func (p *Page) IsColumn() bool {
	if p.Spilled() {
		return p.body.column
	}
	if _, ok := p.Meta["columnname"]; ok && !p.IsContent() {
		return true
	}
	return len(p.Items) >= 3 && p.Published.Source != SourceMeta
}

// Link is one outgoing reference of a page.
type Link struct {
	URL  string   `json:"url"`            // absolute, fragment removed
	Text string   `json:"text,omitempty"` // anchor text or alt
	Kind LinkKind `json:"kind"`
	// Hidden says why a visitor cannot see an anchor (display:none,
	// visibility:hidden, off-screen, zero-size, font-size, same-colour,
	// hidden) and which element hid it; "" when it is shown (or also
	// shown elsewhere on the page). Read for 暗链 (hidden-links).
	Hidden string `json:"hidden,omitempty"`
}

// LinkKind says which element a link came from; only KindAnchor and
// KindFrame are crawled, everything else is checked.
type LinkKind string

// Link kinds.
const (
	KindAnchor LinkKind = "a"
	KindFrame  LinkKind = "frame" // <frame>, <iframe>
	KindImage  LinkKind = "img"
	KindScript LinkKind = "script"
	KindStyle  LinkKind = "css"
	KindOther  LinkKind = "other" // <embed>, <object>, <source>, <area> …
)

// ListItem is one entry of a list page.
type ListItem struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  Date   `json:"date,omitzero"`
}

// Date is a calendar date in Asia/Shanghai with the source it was read from.
type Date struct {
	Time   time.Time  `json:"time"` // midnight (or the stated time) in Asia/Shanghai
	Source DateSource `json:"source,omitempty"`
}

// IsZero reports whether no date was found.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// String formats the date as YYYY-MM-DD, or "" when zero.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time.Format("2006-01-02")
}

// DateSource names where a date came from, in order of trust.
type DateSource string

// Date sources.
const (
	SourceMeta     DateSource = "meta"     // <meta name="PubDate">
	SourceMetadata DateSource = "metadata" // the metadata table (发布日期 …)
	SourceText     DateSource = "text"     // a "发布日期：…" line in the text
	SourceURL      DateSource = "url"      // tYYYYMMDD_ or /art/YYYY/M/D/ in the URL
	SourceList     DateSource = "list"     // the date beside the link on a list page
)

// Shanghai is Asia/Shanghai. China has had no DST since 1991, so a fixed zone
// is exact and does not depend on tzdata being installed.
var Shanghai = time.FixedZone("CST", 8*3600)

// Resource is the result of checking one non-crawled target (image, script,
// stylesheet, attachment, off-site page) or a crawled page that failed.
type Resource struct {
	URL         string   `json:"url"`
	Kind        LinkKind `json:"kind"`
	Status      int      `json:"status,omitempty"`
	FinalURL    string   `json:"final_url,omitempty"`
	Redirects   []string `json:"redirects,omitempty"` // each hop's URL, in order
	ContentType string   `json:"content_type,omitempty"`
	// ErrClass is empty when the target is fine; else one of the Err* values.
	ErrClass ErrClass `json:"error_class,omitempty"`
	Err      string   `json:"error,omitempty"`
	// Referrers are the pages linking here, sorted, each once — at most
	// MaxReferrers of them; ReferrerCount is how many there were in all. (A
	// stylesheet is linked from every page: all of them would cost more
	// memory than the pages themselves and help nobody fix it.)
	Referrers     []string `json:"referrers,omitempty"`
	ReferrerCount int      `json:"referrer_count,omitempty"`
	// Anchor is the first anchor text seen for this target.
	Anchor string `json:"anchor,omitempty"`
	// Crawled is true for HTML pages of the site (fetched with GET in full).
	Crawled bool `json:"crawled,omitempty"`
	// NotChecked says why a target was deliberately not checked (robots,
	// private address …); such targets are never reported broken.
	NotChecked string `json:"not_checked,omitempty"`
	// Blocked names the anti-bot challenge that answered instead of the
	// target (瑞数 $_ts, _bot_sbu, HTTP 412 …): neither broken nor fine.
	Blocked string `json:"blocked,omitempty"`
}

// MaxReferrers caps Resource.Referrers.
const MaxReferrers = 50

// Referenced is the number of pages linking to the target.
func (r *Resource) Referenced() int { return max(r.ReferrerCount, len(r.Referrers)) }

// ErrClass classifies why a target failed.
type ErrClass string

// Error classes.
const (
	ErrDNS          ErrClass = "dns"
	ErrRefused      ErrClass = "refused"
	ErrTimeout      ErrClass = "timeout"
	ErrTLS          ErrClass = "tls"
	ErrHTTPStatus   ErrClass = "http"
	ErrRedirectLoop ErrClass = "redirect-loop"
	ErrSoft404      ErrClass = "soft-404"
	ErrOther        ErrClass = "other"
)

// NotCheckedOffline is the NotChecked of off-site targets when no off-site
// host could be reached at all (no network or no DNS where the scan ran):
// the links were not checked, they are not known to be broken.
const NotCheckedOffline = "外部链接未能检查：网络不可用"

// Site is everything one crawl produced, as the rules see it.
type Site struct {
	Start     string      `json:"start"` // canonical start URL
	Host      string      `json:"host"`
	Pages     []*Page     `json:"pages"`
	Resources []*Resource `json:"resources"`
	// Complete is false when the crawl stopped early (time budget, Ctrl-C,
	// page limit); rules about absence must then be cautious.
	Complete bool `json:"complete"`
	// StopReason says why the crawl stopped early, when it did.
	StopReason string `json:"stop_reason,omitempty"`
	// Attachments are the site's own documents (.xlsx .xls .docx .pdf .csv
	// .txt …) that were downloaded and read for the rules that need their
	// text (personal data, 三公经费).
	Attachments []*Attachment `json:"attachments,omitempty"`
	// Fetch is what the crawl saw of the start page (availability rules).
	Fetch StartFetch `json:"fetch"`
	// Probe is the site probe's IPv6 and HTTPS findings, or nil (see Probe).
	Probe *Probe `json:"probe,omitempty"`
	// SearchProbe is the one search the crawl ran on the site's own search
	// box for a recent article's title, when it could (see crawl).
	SearchProbe *SearchProbe `json:"search_probe,omitempty"`
}

// SearchProbe is the result of one search of the site for a recent
// article's exact title.
type SearchProbe struct {
	Query   string `json:"query"`   // the title searched for
	Article string `json:"article"` // the article that carries it
	Request string `json:"request"` // the GET sent
	Status  int    `json:"status,omitempty"`
	// Found: the answer holds the title or the article's address.
	Found bool `json:"found"`
	// Skipped says why the answer proves nothing (a challenge, a
	// captcha, a refusal, a timeout); Found is then false.
	Skipped string `json:"skipped,omitempty"`
}

// Attachment is the text of one downloaded attachment.
type Attachment struct {
	URL       string   `json:"url"`
	Name      string   `json:"name"` // anchor text or file name
	Size      int64    `json:"size"`
	Text      string   `json:"text,omitempty"`
	Referrers []string `json:"referrers,omitempty"`
	// Unreadable says why no text could be read (scanned image, .wps,
	// encrypted, too large); Text is then empty and rules must say so
	// instead of guessing.
	Unreadable string `json:"unreadable,omitempty"`
	// Partial says what was left out when only part of the text could be
	// read; a rule finding nothing in it must not call the file clean.
	Partial string `json:"partial,omitempty"`
	// ETag and LastModified are the download's validators: an incremental
	// re-scan asks for the file only if it changed.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// StartFetch is the first request of the crawl.
type StartFetch struct {
	Duration time.Duration `json:"duration"`
	Status   int           `json:"status"`
	Attempts int           `json:"attempts"`
}

// SearchForm is the page's 站内搜索 box as the extractor read it.
type SearchForm struct {
	// Action is the absolute address the form submits to ("" when the box
	// has no form: a script runs the search).
	Action string `json:"action,omitempty"`
	// Method is "get", "post", or "script" when the search needs a script
	// (no form, or a form whose submit handler builds the request).
	Method string `json:"method"`
	// Param is the name of the query box; Fixed the form's hidden fields,
	// URL-encoded, which a GET must carry too.
	Param string `json:"param,omitempty"`
	Fixed string `json:"fixed,omitempty"`
}
