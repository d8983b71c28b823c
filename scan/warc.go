package scan

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/shot"
)

// warcOut is the --warc file being written: beside its final name until
// the crawl ends, so a failed start leaves nothing behind.
type warcOut struct {
	path, tmp string
	f         *os.File
	w         *crawl.WARCWriter
}

// openWARC starts the --warc file (nil when not asked for). Its path was
// checked with the other outputs before any request.
func openWARC(o Options) (*warcOut, error) {
	if o.WARCPath == "" {
		return nil, nil
	}
	tmp := filepath.Join(filepath.Dir(o.WARCPath), "."+filepath.Base(o.WARCPath)+".part")
	// The archive holds the pages as published, personal data included.
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, Usagef("--warc %s：%s，请换一个可写的路径", o.WARCPath, PathProblem(err))
	}
	info := crawl.WARCInfo{Software: "gongkai " + o.Version, Start: normalizeStart(o.Start), Fields: warcFields(o)}
	w, err := crawl.NewWARCWriter(f, info, "")
	if err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, Failedf("网页存档 %s 无法写入（%s）", o.WARCPath, PathProblem(err))
	}
	return &warcOut{path: o.WARCPath, tmp: tmp, f: f, w: w}, nil
}

// warcFields are the scan's options, for the warcinfo record.
func warcFields(o Options) [][2]string {
	f := [][2]string{
		{"rate", strconv.FormatFloat(o.Rate, 'g', -1, 64)},
		{"concurrency", strconv.Itoa(o.Concurrency)},
		{"max-pages", strconv.Itoa(o.MaxPages)},
		{"depth", strconv.Itoa(o.Depth)},
		{"timeout", o.Timeout.String()},
		{"ignore-robots", strconv.FormatBool(o.IgnoreRobots)},
		{"allow-private", strconv.FormatBool(o.AllowPrivate)},
		{"no-external", strconv.FormatBool(o.NoExternal)},
		{"no-search-probe", strconv.FormatBool(o.NoSearchProbe)},
	}
	for _, e := range o.Exclude {
		f = append(f, [2]string{"exclude", e})
	}
	for _, e := range o.Include {
		f = append(f, [2]string{"include", e})
	}
	for _, e := range o.Resolve {
		f = append(f, [2]string{"resolve", e})
	}
	if o.ConfigPath != "" {
		f = append(f, [2]string{"config", o.ConfigPath})
	}
	return f
}

// finish puts the archive in place: crawled is false when the crawl never
// started (then no archive is left).
func (w *warcOut) finish(crawled bool) error {
	if w == nil {
		return nil
	}
	err := w.w.Err()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if !crawled {
		os.Remove(w.tmp)
		return nil
	}
	if err != nil {
		os.Remove(w.tmp)
		return Failedf("网页存档 %s 无法写入（%s）", w.path, PathProblem(err))
	}
	if err := os.Rename(w.tmp, w.path); err != nil {
		os.Remove(w.tmp)
		return Failedf("网页存档 %s 无法写入（%s）", w.path, PathProblem(err))
	}
	return nil
}

// IsWARC reports whether path holds a WARC (gzip per record or not
// compressed), by its first bytes, whatever its name.
func IsWARC(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false
		}
		r = zr
	}
	head := make([]byte, 5)
	n, _ := io.ReadFull(r, head)
	return string(head[:n]) == "WARC/"
}

// serveArchive starts the archive's proxy (crawl.Archive.ProxyHandler) on
// a random loopback port and points the browser at it.
func serveArchive(a *crawl.Archive, b *shot.Browser) (stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: a.ProxyHandler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.UseProxy(ln.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// CheckWARC runs the crawl against a WARC instead of the site — every
// request answered from the archive, URLs it lacks "not checked" — and the
// rules on what it found, with the same outputs as a scan. o.Start, when
// set, overrides the start URL the archive names.
func CheckWARC(ctx context.Context, o Options, path string) (*Outcome, error) {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	if err := checkOutputs(&o, ""); err != nil {
		return nil, err
	}
	a, err := crawl.OpenArchive(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, Usagef("%s：%s；请给出网页存档（.warc 或 .warc.gz）", path, PathProblem(err))
		}
		return nil, Usagef("%s 不是可读的网页存档（WARC），请给出 wget --warc-file、Heritrix、Browsertrix 或 gongkai --warc 写出的 .warc/.warc.gz 文件", path)
	}
	if o.Start == "" {
		o.Start = a.Start
	}
	if !a.Has(normalizeStart(o.Start)) {
		return nil, Usagef("%s 中没有起始页 %s 的存档；请用 --start URL 指明存档里有的首页", path, o.Start)
	}
	// The archive is on disk: no pacing, and the crawl's own defaults.
	o.Rate, o.Concurrency, o.MaxPages, o.Timeout = 0, 4, 20000, 15*time.Second
	o.SnapshotDir = "-"
	rules, profile, cal, baseline, err := setup(&o)
	if err != nil {
		return nil, err
	}
	defer openBodies(&o)()
	started := time.Now()
	o.replay = a
	s, err := crawlSite(ctx, o, profile, nil)
	if err != nil {
		return nil, err
	}
	if o.ScreenshotDir != "" && o.Shots != nil {
		defer shootFromArchive(ctx, &o, a)()
	}
	return finish(o, s, rules, cal, profile, baseline, started)
}

// shootFromArchive points the browser at the archive: every request it
// makes goes to a loopback proxy answering from a, nothing is fetched. When
// the proxy cannot start, screenshots are skipped (said once) and the
// findings stand. It returns what stops the proxy.
func shootFromArchive(ctx context.Context, o *Options, a *crawl.Archive) (stop func()) {
	o.shotCtx = ctx
	stopProxy, err := serveArchive(a, o.Shots)
	if err != nil {
		notice(*o, "截图已跳过：无法在本机启动网页存档的回放服务；检查结果不受影响")
		o.Shots = nil
		return func() {}
	}
	return stopProxy
}
