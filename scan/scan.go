// Package scan runs the main job end to end: crawl the site, run the rules,
// write the outputs. Commands call it; it holds the flow so that the
// commands stay thin and the flow is testable without a process.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/gongkai/gongkai/carry"
	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/config"
	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/pipeline"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/shot"
	"github.com/gongkai/gongkai/site"
)

// Options is everything `gongkai scan` can be told.
type Options struct {
	Start        string
	AsOf         time.Time // midnight Asia/Shanghai
	JSONPath     string    // "-" = stdout
	XLSXPath     string    // "" = <host>-整改清单-<as-of>.xlsx in the working directory
	JUnitPath    string
	MarkdownPath string
	HTMLPath     string // the one-file HTML report ("-" = stdout)
	ConfigPath   string
	BaselinePath string
	FailOn       string // "", veto, deduct, advice, new
	CalendarPath []string

	Rate         float64
	Concurrency  int
	MaxPages     int
	Depth        int
	Timeout      time.Duration
	MaxTime      time.Duration
	IgnoreRobots bool
	AllowPrivate bool
	// Exclude and Include are the --exclude/--include URL patterns (Go
	// regular expressions), NoExternal --no-external, Resolve the
	// --resolve HOST:PORT:ADDRESS values (see crawl.ParseResolve).
	Exclude    []string
	Include    []string
	NoExternal bool
	Resolve    []string
	// NoSearchProbe is --no-search-probe: no search request (crawl).
	NoSearchProbe bool
	// Resolver, when set, looks up every host name (tests).
	Resolver *net.Resolver
	// Probe replaces how the site probe (IPv6, HTTPS) reaches the network:
	// tests, and the demo, which stands for a name of its own.
	Probe *crawl.ProbeNet

	// WARCPath is --warc: every request and response of the crawl, as a
	// WARC file.
	WARCPath string
	// replay answers the crawl from a WARC (CheckWARC); warc records it.
	replay *crawl.Archive
	warc   *crawl.WARCWriter

	exclude, include []*regexp.Regexp
	resolve          map[string]string

	// Resume continues the interrupted scan of the same start URL from its
	// snapshot. SnapshotDir is where scans keep their crawl snapshots
	// (default: the user cache directory; "-" disables them).
	Resume bool
	// NoPageStore keeps every page's parts in memory (no temporary page
	// store): the findings must be the same either way.
	NoPageStore bool
	SnapshotDir string
	// SnapshotName names the snapshot instead of the start URL's host: the
	// demo's port changes every run, and its snapshots must not pile up.
	SnapshotName string
	// BaselineSnapshot is a previous crawl's snapshot: with Incremental, its
	// pages are requested conditionally and reused when unchanged.
	BaselineSnapshot string
	Incremental      bool
	// RetryBackoff overrides the wait before the first retry (tests).
	RetryBackoff time.Duration

	// ScreenshotDir is --screenshots: an image of every finding's page
	// goes there, taken by Shots (nil: no browser, none taken).
	ScreenshotDir string
	Shots         *shot.Browser
	// ShotsWARC is check's --warc: the web archive the snapshot's crawl
	// also wrote, from which a snapshot's findings are rendered (a
	// snapshot keeps the pages' text only).
	ShotsWARC string
	shotCtx   context.Context
	// shotsTaken, for tests, sees what the browser rendered.
	shotsTaken func(*shot.Result)

	// NoOutputs writes no file: the caller keeps the report (a queue
	// worker stores it in the database).
	NoOutputs bool

	Version  string
	Stdout   io.Writer
	Progress func(crawl.Stats)
	// Notice receives one-sentence messages for the user's terminal
	// (stderr), e.g. that --resume starts afresh; nil drops them.
	Notice func(string)
	// RulesPhase, when set, is called as the rules start; what it returns
	// is called once the outputs are written. The command tunes the
	// garbage collector there (cmd/gongkai/main.go): a scan holds the most
	// then and allocates the least.
	RulesPhase func() (done func())

	resumePages []*site.Page
	previous    map[string]*site.Page
	// previousAttachments are the baseline's attachments, by URL.
	previousAttachments map[string]*site.Attachment
	// bodies keeps the pages' text and links on disk while the scan runs
	// (nil: in memory, when no temporary file could be made).
	bodies *site.BodyStore
}

// openBodies gives the run a page store (see bodyStoreDir), else one in
// the system's temporary directory. Without any the scan still works, in
// memory.
func openBodies(o *Options) func() {
	if o.NoPageStore {
		return func() {}
	}
	st, err := site.NewBodyStore(bodyStoreDir(*o))
	if err != nil {
		st, err = site.NewBodyStore("")
	}
	if err != nil {
		return func() {}
	}
	o.bodies = st
	return func() { st.Close() }
}

// bodyStoreDir is where the page store's file goes: $TMPDIR when the user
// set it, else beside the snapshots (the user cache directory). /tmp is a
// RAM disk (tmpfs) on many systems, where the store — about 4.5 KB a page —
// would take the very memory it is there to save.
func bodyStoreDir(o Options) string {
	if os.Getenv("TMPDIR") != "" || runtime.GOOS == "windows" {
		return "" // Windows cannot unlink an open file: %TEMP% is where leftovers belong
	}
	dir := o.SnapshotDir
	if dir == "" || dir == "-" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(cache, "gongkai")
	}
	if os.MkdirAll(dir, 0o700) != nil {
		return ""
	}
	return dir
}

// loadPrevious reads the baseline snapshot of an incremental scan.
func loadPrevious(o Options) (*site.Site, error) {
	if !o.Incremental || o.BaselineSnapshot == "" {
		return nil, Usagef("--incremental and --baseline-snapshot FILE go together: give the snapshot of the previous crawl of this site")
	}
	f, err := os.Open(o.BaselineSnapshot)
	if err != nil {
		return nil, Usagef("--baseline-snapshot %s：%s，请检查路径", o.BaselineSnapshot, PathProblem(err))
	}
	defer f.Close()
	_, prev, err := site.ReadSnapshotTo(f, o.bodies)
	if err != nil {
		return nil, Usagef("--baseline-snapshot %s：%v；去掉 --incremental 完整扫描一次，或给出完好的快照", o.BaselineSnapshot, err)
	}
	if a, b := strings.ToLower(SiteHost(prev.Start)), strings.ToLower(SiteHost(normalizeStart(o.Start))); a != b {
		return nil, Usagef("--baseline-snapshot %s is a crawl of %s, not of %s", o.BaselineSnapshot, a, b)
	}
	return prev, nil
}

// Outcome is what a scan produced.
type Outcome struct {
	Report *report.Report
	// Written lists the output files, in the order written.
	Written []string
	// FailOnMet is true when a finding reaches the --fail-on level.
	FailOnMet bool
	// Stop is why the crawl ended early (StopNone: it finished).
	Stop StopReason
	// Interrupted is true when the crawl was stopped by the user.
	Interrupted bool
	// RuleErrors are rules that failed; the others still ran.
	RuleErrors []error
	// Waived counts findings suppressed by unexpired profile waivers.
	Waived int
	// Carry is what became of the workbook the scan replaced.
	Carry *carry.Result
}

// Run performs the scan. Options are validated before anything is fetched.
func Run(ctx context.Context, o Options) (*Outcome, error) {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	rules, profile, cal, baseline, err := setup(&o)
	if err != nil {
		return nil, err
	}

	if baseline != nil {
		if err := SameSite("--baseline "+o.BaselinePath, baseline, "本次扫描", o.Start); err != nil {
			return nil, err
		}
	}
	defer openBodies(&o)()
	if o.ScreenshotDir != "" && o.Shots != nil {
		// Chromium starts, and opens its tabs, while the site is crawled
		// rather than after it (issue 16).
		o.Shots.Warm()
	}
	if o.Incremental || o.BaselineSnapshot != "" {
		prev, err := loadPrevious(o)
		if err != nil {
			return nil, err
		}
		o.previous = make(map[string]*site.Page, len(prev.Pages))
		for _, p := range prev.Pages {
			o.previous[p.URL] = p
		}
		o.previousAttachments = make(map[string]*site.Attachment, len(prev.Attachments))
		for _, a := range prev.Attachments {
			o.previousAttachments[a.URL] = a
		}
	}
	started := time.Now()
	snapPath := snapshotPath(o)
	if o.Resume {
		if snapPath == "" {
			return nil, Usagef("--resume needs a snapshot directory; none is available (set XDG_CACHE_HOME or HOME)")
		}
		prev, err := readResumable(snapPath, o.Start, o.bodies)
		switch {
		case errors.Is(err, site.ErrSnapshotDamaged) || errors.Is(err, site.ErrSnapshotOld):
			// What was crawled cannot be trusted: crawl again.
			if o.Notice != nil {
				o.Notice(fmt.Sprintf("--resume：上次扫描的快照 %s 无法使用（%v），本次从头开始扫描", snapPath, err))
			}
		case err != nil:
			return nil, err
		default:
			o.resumePages = prev.Pages
		}
	}
	wo, err := openWARC(o)
	if err != nil {
		return nil, err
	}
	if wo != nil {
		o.warc = wo.w
	}
	s, err := crawlWithSnapshot(ctx, o, profile, snapPath)
	if werr := wo.finish(err == nil); err == nil && werr != nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	o.shotCtx = ctx // Ctrl-C stops the screenshots too
	return finish(o, s, rules, cal, profile, baseline, started)
}

// normalizeStart adds the scheme a user may leave out.
func normalizeStart(start string) string {
	if !strings.Contains(start, "://") {
		return "http://" + start
	}
	return start
}

// snapshotPath is where the scan of o.Start keeps its snapshot, or "".
func snapshotPath(o Options) string {
	dir := o.SnapshotDir
	if dir == "-" {
		return ""
	}
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(cache, "gongkai", "snapshots")
	}
	name := o.SnapshotName
	if name == "" {
		name = SiteHost(normalizeStart(o.Start))
	}
	return filepath.Join(dir, safeHost(name)+".snap")
}

// SnapshotPaths are where a scan with o keeps its snapshot: resume is the
// file --resume reads (the last scan's, complete or interrupted), writing the
// one the running crawl writes and flushes as it goes (renamed to resume at
// the end). Both are "" when o keeps none.
func SnapshotPaths(o Options) (resume, writing string) {
	p := snapshotPath(o)
	if p == "" {
		return "", ""
	}
	return p, inProgress(p)
}

// inProgress is where a snapshot for path is written while the crawl runs.
func inProgress(path string) string { return path + ".tmp" }

func safeHost(host string) string {
	h := strings.Trim(unsafeName.ReplaceAllString(host, "_"), "._")
	if h == "" {
		h = "site"
	}
	return h
}

// readResumable loads the snapshot of an interrupted scan of start.
func readResumable(path, start string, bodies *site.BodyStore) (*site.Site, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Usagef("--resume: there is no interrupted scan of %s to continue; run the scan without --resume", start)
	}
	defer f.Close()
	_, prev, err := site.ReadSnapshotTo(f, bodies)
	if errors.Is(err, site.ErrSnapshotDamaged) || errors.Is(err, site.ErrSnapshotOld) {
		return nil, err
	}
	if err != nil {
		return nil, Usagef("--resume: %s cannot be read (%v); run the scan without --resume", path, err)
	}
	if !strings.EqualFold(SiteHost(prev.Start), SiteHost(normalizeStart(start))) {
		// A snapshot named alike (the demo's, a host made safe as a file
		// name) of another address: its pages are not this site's.
		return nil, Usagef("--resume: there is no interrupted scan of %s to continue; run the scan without --resume", start)
	}
	if prev.Complete {
		return nil, Usagef("--resume: the last scan of %s finished; run the scan without --resume", start)
	}
	return prev, nil
}

// crawlWithSnapshot crawls and keeps the crawl's snapshot at path (written
// beside it while crawling, renamed into place at the end, so an
// interrupted scan leaves a snapshot --resume can continue).
func crawlWithSnapshot(ctx context.Context, o Options, profile *config.Profile, path string) (*site.Site, error) {
	if path == "" {
		return crawlSite(ctx, o, profile, nil)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return crawlSite(ctx, o, profile, nil) // no snapshot: the scan itself still works
	}
	tmp := inProgress(path)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return crawlSite(ctx, o, profile, nil)
	}
	snap, err := site.NewSnapshotWriter(f, site.SnapshotHeader{Tool: o.Version, Start: o.Start, StartedAt: time.Now().UTC()})
	if err != nil {
		f.Close()
		os.Remove(tmp)
		return crawlSite(ctx, o, profile, nil)
	}
	s, err := crawlSite(ctx, o, profile, snap)
	if err != nil {
		f.Close()
		os.Remove(tmp)
		return nil, err
	}
	if snap.Finish(s) == nil && f.Close() == nil {
		_ = os.Rename(tmp, path)
	} else {
		os.Remove(tmp)
	}
	pruneSnapshots(filepath.Dir(path), path, time.Now(), snapshotMaxAge, snapshotMaxBytes)
	return s, nil
}

// crawlSite runs the crawler with the scan's options.
func crawlSite(ctx context.Context, o Options, profile *config.Profile, snap *site.SnapshotWriter) (*site.Site, error) {
	crawlCtx := ctx
	if o.MaxTime > 0 {
		var cancel context.CancelFunc
		crawlCtx, cancel = context.WithTimeoutCause(ctx, o.MaxTime, errTimeBudget)
		defer cancel()
	}
	s, err := crawl.Run(crawlCtx, crawl.Options{
		Start:               o.Start,
		ExtraHosts:          profile.Hosts,
		Rate:                o.Rate,
		Concurrency:         o.Concurrency,
		MaxPages:            o.MaxPages,
		Depth:               o.Depth,
		Timeout:             o.Timeout,
		IgnoreRobots:        o.IgnoreRobots,
		AllowPrivate:        o.AllowPrivate,
		Exclude:             o.exclude,
		Include:             o.include,
		NoExternal:          o.NoExternal,
		NoSearchProbe:       o.NoSearchProbe,
		Resolve:             o.resolve,
		Resolver:            o.Resolver,
		Probe:               o.Probe,
		UserAgent:           userAgent(o.Version),
		OnProgress:          o.Progress,
		Snapshot:            snap,
		Resume:              o.resumePages,
		Previous:            o.previous,
		PreviousAttachments: o.previousAttachments,
		RetryBackoff:        o.RetryBackoff,
		Bodies:              o.bodies,
		WARC:                o.warc,
		Replay:              o.replay,
	})
	if err != nil {
		var se *crawl.StartError
		if errors.As(err, &se) && se.Usage {
			return nil, Usagef("%s", se.Reason)
		}
		return nil, Failedf("%w", err)
	}
	return s, nil
}

// Crawl crawls the site and writes a snapshot to path for Check to replay
// offline. The snapshot is written in place as the crawl goes (readable
// while partial); only a complete one ends with its resources.
func Crawl(ctx context.Context, o Options, path string) (*site.Site, error) {
	_, profile, err := prepare(&o)
	if err != nil {
		return nil, err
	}
	if err := CheckOutput("-o", path); err != nil {
		return nil, err
	}
	if o.WARCPath == "-" {
		return nil, Usagef("--warc needs a file name (a WARC is not written to standard output), e.g. --warc site.warc.gz")
	}
	if o.WARCPath != "" {
		outs := []output{{"-o", path}, {"--warc", o.WARCPath}}
		if err := checkClashes(outs, nil); err != nil {
			return nil, err
		}
		if err := CheckOutput("--warc", o.WARCPath); err != nil {
			return nil, err
		}
	}
	// Snapshots hold the pages' text as published, personal data included:
	// readable by the owner only.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, Usagef("-o %s：%s，请换一个可写的路径", path, PathProblem(err))
	}
	defer f.Close()
	started := time.Now()
	snap, err := site.NewSnapshotWriter(f, site.SnapshotHeader{Tool: o.Version, Start: o.Start, StartedAt: started.UTC()})
	if err != nil {
		return nil, Failedf("快照 %s 无法写入（%s）", path, PathProblem(err))
	}
	defer openBodies(&o)()
	wo, err := openWARC(o)
	if err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return nil, err
	}
	if wo != nil {
		o.warc = wo.w
	}
	s, err := crawlSite(ctx, o, profile, snap)
	if werr := wo.finish(err == nil); err == nil && werr != nil {
		err = werr
	}
	if err != nil {
		_ = f.Close()
		_ = os.Remove(path) // nothing was crawled: no snapshot to keep
		return nil, err
	}
	if err := snap.Finish(s); err != nil {
		return nil, Failedf("快照 %s 无法写入（%s）", path, PathProblem(err))
	}
	if err := f.Close(); err != nil {
		return nil, Failedf("快照 %s 无法写入（%s）", path, PathProblem(err))
	}
	return s, nil
}

// Check runs the rules over a saved snapshot and writes the outputs, exactly
// as Run would have after crawling.
func Check(ctx context.Context, o Options, snapshotPath string) (*Outcome, error) {
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
	var archive *crawl.Archive
	switch {
	case o.ScreenshotDir != "" && o.ShotsWARC == "":
		// A snapshot keeps the pages' text, not the pages: nothing to
		// render. A WARC of the same crawl keeps the responses.
		return nil, Usagef("--screenshots：快照 %s 只保存了页面的文字，没有网页原文，无法截图；请加 --warc 给出同一次抓取保存的网页存档（gongkai crawl URL -o %s --warc SITE.warc.gz），或直接对存档检查并截图：gongkai check SITE.warc.gz --screenshots DIR", snapshotPath, snapshotPath)
	case o.ShotsWARC != "" && o.ScreenshotDir == "":
		return nil, Usagef("--warc %s 是截图所用的网页存档，只和 --screenshots DIR 一起使用；请加上 --screenshots DIR 或去掉 --warc", o.ShotsWARC)
	case o.ShotsWARC != "":
		a, err := crawl.OpenArchive(o.ShotsWARC)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, Usagef("--warc %s：%s；请给出抓取时 --warc 写出的网页存档（.warc 或 .warc.gz）", o.ShotsWARC, PathProblem(err))
			}
			return nil, Usagef("--warc %s 不是可读的网页存档（WARC），请给出抓取时 --warc 写出的 .warc/.warc.gz 文件", o.ShotsWARC)
		}
		archive = a
	}
	f, err := os.Open(snapshotPath)
	if err != nil {
		return nil, Usagef("%s：%s；请给出 gongkai crawl URL -o FILE 写出的快照文件", snapshotPath, PathProblem(err))
	}
	defer f.Close()
	// The outputs named on the command line, before a long read (the
	// default workbook's name needs the snapshot's host: setup checks it).
	if err := checkOutputs(&o, ""); err != nil {
		return nil, err
	}
	defer openBodies(&o)()
	_, s, err := site.ReadSnapshotTo(f, o.bodies)
	switch {
	case errors.Is(err, site.ErrSnapshotDamaged):
		return nil, Usagef("%s：%v，不能据此检查；请用 gongkai crawl URL -o FILE 重新抓取", snapshotPath, err)
	case errors.Is(err, site.ErrSnapshotOld):
		return nil, Usagef("%s：%v", snapshotPath, err)
	case err != nil:
		return nil, Usagef("%s：%v；请给出 gongkai crawl URL -o FILE 写出的快照文件", snapshotPath, err)
	}
	if o.Start == "" {
		o.Start = s.Start
	}
	if archive != nil && !archive.Has(normalizeStart(s.Start)) {
		return nil, Usagef("--warc %s 中没有快照起始页 %s 的存档，不是同一次抓取的存档；请给出 gongkai crawl %s -o %s --warc FILE 写出的存档", o.ShotsWARC, s.Start, s.Start, snapshotPath)
	}
	rules, profile, cal, baseline, err := setup(&o)
	if err != nil {
		return nil, err
	}
	if archive != nil && o.Shots != nil {
		// As for check of a WARC: the crawl's archive answers the browser.
		defer shootFromArchive(ctx, &o, archive)()
	}
	return finish(o, s, rules, cal, profile, baseline, time.Now())
}

// LoadCalendar is the embedded calendar with the profile's holiday file and
// the --calendar files added (a usage error names a bad file); verify
// reads a list's calendar the same way.
func LoadCalendar(flagPaths []string, profilePath string) (*calendar.Calendar, error) {
	cal := calendar.Default()
	paths := append([]string{}, flagPaths...)
	if profilePath != "" {
		paths = append([]string{profilePath}, paths...)
	}
	for _, p := range paths {
		years, err := calendar.LoadFile(p)
		if err != nil {
			return nil, Usagef("--calendar: %v", err)
		}
		if cal, err = cal.With(years...); err != nil {
			return nil, Usagef("--calendar %s: %v", p, err)
		}
	}
	return cal, nil
}

// setup validates the options and loads everything a run reads before any
// request: rules, profile, calendar and baseline.
func setup(o *Options) ([]checks.Rule, *config.Profile, *calendar.Calendar, *report.Report, error) {
	rules, profile, err := prepare(o)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := checkOutputs(o, SiteHost(normalizeStart(o.Start))); err != nil {
		return nil, nil, nil, nil, err
	}
	cal, err := LoadCalendar(o.CalendarPath, profile.Calendar)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	var baseline *report.Report
	if o.BaselinePath != "" {
		if baseline, err = loadBaseline(o.BaselinePath); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return rules, profile, cal, baseline, nil
}

// prepare validates options and loads the profile before any request.
func prepare(o *Options) ([]checks.Rule, *config.Profile, error) {
	if o.FailOn != "" && !contains(pipeline.FailOnLevels, o.FailOn) {
		return nil, nil, Usagef("--fail-on %q is not a level; use one of %s", o.FailOn, strings.Join(pipeline.FailOnLevels, ", "))
	}
	if err := CheckCrawl(o); err != nil {
		return nil, nil, err
	}
	profile := &config.Profile{}
	if o.ConfigPath != "" {
		p, err := config.Load(o.ConfigPath)
		if err != nil {
			return nil, nil, Usagef("%w", err)
		}
		profile = p
	}
	rules, err := enabledRules(profile.Disable)
	if err != nil {
		return nil, nil, err
	}
	for _, w := range profile.Waivers {
		if _, ok := checks.Lookup(w.Rule); !ok {
			return nil, nil, Usagef("%s: a waiver names unknown rule %q%s", o.ConfigPath, w.Rule, suggest(w.Rule))
		}
	}
	for id := range profile.Points {
		if _, ok := checks.Lookup(id); !ok {
			return nil, nil, Usagef("%s: points names unknown rule %q%s", o.ConfigPath, id, suggest(id))
		}
	}
	return rules, profile, nil
}

// CheckCrawl validates the crawl settings (one sentence each, exit 2)
// and keeps the compiled link filters in o. Batch calls it before any
// site is scanned; every scan calls it again.
func CheckCrawl(o *Options) error {
	switch {
	case o.Rate < 0:
		return Usagef("--rate must be 0 (unlimited) or a positive number of requests per second")
	case o.Concurrency < 1:
		return Usagef("--concurrency must be at least 1")
	case o.MaxPages < 1:
		return Usagef("--max-pages must be at least 1")
	case o.Depth < 0:
		return Usagef("--depth must be 0 (unlimited) or positive")
	case o.Timeout <= 0:
		return Usagef("--timeout must be positive, e.g. 15s")
	}
	return CheckLinkFlags(o)
}

// CheckLinkFlags validates --exclude, --include and --resolve (one
// sentence each, exit 2) and keeps their compiled form in o.
func CheckLinkFlags(o *Options) error {
	var err error
	if o.exclude, err = crawl.CompileFilters("--exclude", o.Exclude); err != nil {
		return Usagef("%w", err)
	}
	if o.include, err = crawl.CompileFilters("--include", o.Include); err != nil {
		return Usagef("%w", err)
	}
	if o.resolve, err = crawl.ParseResolve(o.Resolve); err != nil {
		return Usagef("%w", err)
	}
	return nil
}

func enabledRules(disable []string) ([]checks.Rule, error) {
	off := map[string]bool{}
	for _, id := range disable {
		if _, ok := checks.Lookup(id); !ok {
			return nil, Usagef("the profile disables unknown rule %q%s; `gongkai rules` lists the IDs", id, suggest(id))
		}
		off[id] = true
	}
	var rules []checks.Rule
	for _, r := range checks.Registry() {
		if !off[r.Meta().ID] {
			rules = append(rules, r)
		}
	}
	return rules, nil
}

// suggest names the closest rule ID, for typos.
func suggest(id string) string {
	var ids []string
	for _, r := range checks.Registry() {
		ids = append(ids, r.Meta().ID)
	}
	if best := Closest(id, ids); best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// Closest returns the candidate nearest to word (at most 3 edits away, and
// fewer than half its length), or "".
func Closest(word string, candidates []string) string {
	best, bestD := "", min(4, max(len(word)/2, 1)+1)
	for _, c := range candidates {
		if d := levenshtein(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func userAgent(version string) string {
	if version == "" {
		return crawl.DefaultUserAgent
	}
	return "Mozilla/5.0 (compatible; gongkai/" + version + "; government website compliance checker)"
}

// finish runs the rules over a crawled site, hands their findings to the
// pipeline and writes what it made of them.
func finish(o Options, s *site.Site, rules []checks.Rule, cal *calendar.Calendar, profile *config.Profile,
	baseline *report.Report, started time.Time) (*Outcome, error) {
	ctx := &checks.Context{AsOf: o.AsOf, Calendar: cal, Profile: profile}
	o.bodies.Seal() // every page is in; rules only read
	if o.RulesPhase != nil {
		defer o.RulesPhase()()
	}
	findings, ruleErrs := checks.Run(ctx, s, rules)
	mailboxes := checks.MailboxStats(ctx, s)
	if err := o.bodies.Err(); err != nil {
		// A rule that could not read a page's text saw it blank: its
		// findings cannot be trusted, so none are written.
		return nil, Failedf("%w", err)
	}
	res := pipeline.Run(pipeline.Input{
		Header: report.Report{
			Tool:       "gongkai",
			Schema:     report.SchemaVersion,
			Version:    o.Version,
			Site:       s.Start,
			AsOf:       o.AsOf.Format("2006-01-02"),
			StartedAt:  started.UTC().Truncate(time.Second),
			FinishedAt: time.Now().UTC().Truncate(time.Second),
			Pages:      len(s.Pages),
			Complete:   s.Complete,
			StopReason: s.StopReason,
		},
		Findings:  findings,
		Rules:     rules,
		Mailboxes: mailboxes,
		Profile:   profile,
		AsOf:      o.AsOf,
		Baseline:  baseline,
		FailOn:    o.FailOn,
	})
	out := &Outcome{Report: res.Report, RuleErrors: ruleErrs, Waived: res.Waived, FailOnMet: res.FailOnMet}
	out.Stop = ParseStop(s.Complete, s.StopReason)
	out.Interrupted = out.Stop == StopInterrupted
	xlsx := o.XLSXPath
	if xlsx == "" {
		xlsx = DefaultWorkbookName(s.Host, res.Report.AsOf)
	}
	if o.NoOutputs {
		return out, nil
	}
	takeScreenshots(o, s, res.Report, xlsx)
	var err error
	if out.Written, out.Carry, err = writeOutputs(o, s.Host, res.Report); err != nil {
		return nil, err
	}
	return out, nil
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.\-_]+`)

// DefaultWorkbookName is <host>-整改清单-<as-of>.xlsx with the host made safe
// as a file name (ports and odd characters become "_").
func DefaultWorkbookName(host, asOf string) string {
	return safeHost(host) + "-整改清单-" + asOf + ".xlsx"
}

func loadBaseline(path string) (*report.Report, error) {
	return ReadReport("--baseline "+path, path)
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// SiteHost returns the host of a start URL for naming outputs.
func SiteHost(start string) string {
	u, err := url.Parse(start)
	if err != nil {
		return ""
	}
	return u.Host
}

// Shanghai is re-exported for commands parsing --as-of.
var Shanghai = site.Shanghai
