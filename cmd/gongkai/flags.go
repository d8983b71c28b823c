package main

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/shot"
)

// cmdEnv is what a run function gets from cobra besides its options: the
// context and the output streams (tests give their own).
type cmdEnv struct {
	ctx    context.Context
	out    io.Writer
	errOut io.Writer
}

func envOf(cmd *cobra.Command) cmdEnv {
	return cmdEnv{ctx: cmd.Context(), out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr()}
}

// crawlFlags are the crawl settings scan, crawl and batch share: declared
// once here, turned into scan.Options once by apply.
type crawlFlags struct {
	Rate         float64
	Concurrency  int
	MaxPages     int
	Depth        int
	Timeout      string
	MaxTime      string
	IgnoreRobots bool
	AllowPrivate bool
	// Exclude, Include, NoExternal and Resolve are the link checker's
	// --exclude/--include/--no-external/--resolve.
	Exclude    []string
	Include    []string
	NoExternal bool
	Resolve    []string
	// NoSearchProbe is --no-search-probe: no search request is sent.
	NoSearchProbe bool
	// WARC is --warc FILE (scan and crawl of one site).
	WARC string
}

// crawlScope words the help of the flags that a batch applies to each site.
type crawlScope int

const (
	oneSite crawlScope = iota
	eachSite
)

func (c *crawlFlags) register(fl *pflag.FlagSet, scope crawlScope) {
	concurrency, maxPages, maxTime := "parallel requests", "stop crawling HTML pages after N",
		"total time budget; the scan ends cleanly with what it found"
	if scope == eachSite {
		concurrency, maxPages, maxTime = "parallel requests per site", "stop crawling a site after N HTML pages",
			"time budget per site; its scan ends cleanly with what it found"
	}
	fl.Float64Var(&c.Rate, "rate", 2, "requests per second per host; 0 = unlimited")
	fl.IntVar(&c.Concurrency, "concurrency", 4, concurrency)
	fl.IntVar(&c.MaxPages, "max-pages", 20000, maxPages)
	fl.IntVar(&c.Depth, "depth", 0, "link depth from the start URL; 0 = unlimited")
	fl.StringVar(&c.Timeout, "timeout", "15s", "per request (Go duration or seconds)")
	fl.StringVar(&c.MaxTime, "max-time", "", maxTime)
	fl.BoolVar(&c.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt")
	fl.BoolVar(&c.AllowPrivate, "allow-private", false, "check off-site links to private or loopback addresses")
	fl.StringArrayVar(&c.Exclude, "exclude", nil, "neither crawl nor check URLs matching REGEX (repeatable)")
	fl.StringArrayVar(&c.Include, "include", nil, "check only URLs matching REGEX; wins over --exclude (repeatable)")
	fl.BoolVar(&c.NoExternal, "no-external", false, "check no off-site link")
	fl.StringArrayVar(&c.Resolve, "resolve", nil, "HOST:PORT:ADDRESS: connect to ADDRESS (an IP, optionally :PORT) for HOST:PORT, as curl does (repeatable)")
	fl.BoolVar(&c.NoSearchProbe, "no-search-probe", false, "send no search request (the one 站内搜索 test of a recent article's title)")
	if scope == oneSite {
		fl.StringVar(&c.WARC, "warc", "", "also write every request and response as a WARC 1.1 archive to FILE (.warc.gz); `gongkai check FILE` replays it")
	}
}

// apply parses the durations and copies the settings into o. The values
// are checked by scan before any request (scan.CheckCrawl).
func (c crawlFlags) apply(o *scan.Options) error {
	var err error
	if o.Timeout, err = parseDuration("--timeout", c.Timeout); err != nil {
		return err
	}
	if c.MaxTime != "" {
		if o.MaxTime, err = parseDuration("--max-time", c.MaxTime); err != nil {
			return err
		}
	}
	o.Rate, o.Concurrency, o.MaxPages, o.Depth = c.Rate, c.Concurrency, c.MaxPages, c.Depth
	o.IgnoreRobots, o.AllowPrivate = c.IgnoreRobots, c.AllowPrivate
	o.Exclude, o.Include, o.NoExternal, o.Resolve = c.Exclude, c.Include, c.NoExternal, c.Resolve
	o.NoSearchProbe = c.NoSearchProbe
	o.WARCPath = c.WARC
	return nil
}

// outputFlags are the outputs and evaluation settings scan shares with check.
type outputFlags struct {
	AsOf     string
	JSON     string
	XLSX     string
	Baseline string
	FailOn   string
	Calendar []string
	DB       string
	JUnit    string
	Markdown string
	HTML     string
}

func (f *outputFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.AsOf, "as-of", "", "evaluation date for every time rule, YYYY-MM-DD (default today in Asia/Shanghai)")
	fl.StringVar(&f.JSON, "json", "", "write machine-readable findings to FILE (- for stdout)")
	fl.StringVar(&f.XLSX, "xlsx", "", "the rectification workbook (default <host>-整改清单-<as-of>.xlsx)")
	fl.StringVar(&f.Baseline, "baseline", "", "a previous JSON output; findings get status new/persisting")
	fl.StringVar(&f.FailOn, "fail-on", "", "exit 1 when a finding at or above LEVEL exists: veto, deduct, advice, or new")
	fl.StringSliceVar(&f.Calendar, "calendar", nil, "extra holiday data (same format as the embedded calendar)")
	fl.StringVar(&f.DB, "db", "", "scan history database: a file or a postgres:// URL (default a file in the user data directory; - for none)")
	fl.StringVar(&f.JUnit, "junit", "", "write JUnit XML to FILE")
	fl.StringVar(&f.Markdown, "markdown", "", "write a pull-request-sized Markdown summary to FILE")
	fl.StringVar(&f.HTML, "html", "", "write a one-file HTML report (score, veto items, findings by 指标 with filters) to FILE")
}

// apply parses --as-of and copies the outputs into o.
func (f outputFlags) apply(o *scan.Options) error {
	var err error
	if o.AsOf, err = parseAsOf(f.AsOf); err != nil {
		return err
	}
	o.JSONPath, o.XLSXPath, o.BaselinePath, o.FailOn = f.JSON, f.XLSX, f.Baseline, f.FailOn
	o.CalendarPath, o.JUnitPath, o.MarkdownPath, o.HTMLPath = f.Calendar, f.JUnit, f.Markdown, f.HTML
	return nil
}

// shotFlags are --screenshots, --chrome and --screenshot-tabs (scan, check
// and batch).
type shotFlags struct {
	Dir    string
	Chrome string
	Tabs   int
}

func (f *shotFlags) register(fl *pflag.FlagSet) {
	fl.StringVar(&f.Dir, "screenshots", "", "save a screenshot of every finding's page in DIR (headless Chromium); the workbook's 截图 column links them")
	fl.StringVar(&f.Chrome, "chrome", "", "the Chromium/Chrome executable for --screenshots (default: chromium, chromium-browser or google-chrome on PATH)")
	fl.IntVar(&f.Tabs, "screenshot-tabs", shot.DefaultTabs, "pages rendered at once for --screenshots")
}

// browser starts nothing yet: it finds the browser and returns the one
// shared by the run, or nil when there are no screenshots to take. Without
// a browser the run goes on; the user is told once (notice) how to get one.
// hostRules are Chromium's --host-resolver-rules for the run's own names.
func (f shotFlags) browser(o *scan.Options, notice func(string), hostRules string) (*shot.Browser, error) {
	if f.Dir == "" {
		return nil, nil
	}
	if f.Tabs < 1 {
		return nil, usageErrorf("--screenshot-tabs must be at least 1")
	}
	if st, err := os.Stat(f.Dir); err == nil && !st.IsDir() {
		return nil, usageErrorf("--screenshots %s is a file; give a directory (it is created if missing)", f.Dir)
	}
	o.ScreenshotDir = f.Dir
	bin, err := shot.Find(f.Chrome)
	if err != nil {
		if f.Chrome != "" {
			return nil, usageErrorf("--chrome %s: no such executable; give the path of chromium or google-chrome, or leave --chrome out", f.Chrome)
		}
		notice(shot.InstallHint)
		return nil, nil
	}
	for _, r := range o.Resolve {
		// HOST:PORT:ADDRESS, as the crawl reached it.
		if i := strings.LastIndex(r, ":"); i > 0 {
			if j := strings.LastIndex(r[:i], ":"); j > 0 {
				rule := "MAP " + r[:i] + " " + r[i+1:]
				hostRules = strings.TrimPrefix(hostRules+", "+rule, ", ")
			}
		}
	}
	b := shot.NewBrowser(shot.Config{Chrome: bin, Tabs: f.Tabs, HostRules: hostRules, UserAgent: "gongkai/" + version})
	o.Shots = b
	return b, nil
}
