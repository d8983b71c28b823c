package shot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gongkai/gongkai/checks"
)

// Rendering constants: the viewport offices' monitors have, and the
// tallest image kept (a list of 2,000 items is not evidence, its top is).
const (
	Width     = 1366
	Height    = 768
	MaxHeight = 10000
	// PageTimeout is how long a page may take to load before it is cut
	// and what it shows by then is captured.
	PageTimeout = 15 * time.Second
	// DefaultTabs is how many pages render at once.
	DefaultTabs = 2
)

// InstallHint is what a user without Chromium is told.
const InstallHint = "截图已跳过：未找到 Chromium 浏览器（可用 --chrome 指定路径；Debian/Ubuntu 安装：apt-get install chromium fonts-noto-cjk）"

// ErrNoChrome is returned by Find when no browser is found.
var ErrNoChrome = errors.New("no chromium found")

// Find returns the browser to use: explicit when given (it must exist),
// else chromium, chromium-browser or google-chrome on PATH.
func Find(explicit string) (string, error) {
	if explicit != "" {
		p, err := exec.LookPath(explicit)
		if err != nil {
			return "", fmt.Errorf("--chrome %q: %w", explicit, ErrNoChrome)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChrome
}

// Config is how the browser is started.
type Config struct {
	Chrome string // executable (see Find)
	Tabs   int    // pages at once; 0 = DefaultTabs
	// Timeout cuts a page that does not finish loading; 0 = PageTimeout.
	Timeout time.Duration
	// HostRules are Chromium's --host-resolver-rules: how the browser
	// reaches the names the crawl reached through --resolve or the demo's
	// own network.
	HostRules string
	UserAgent string
	// Proxy, "127.0.0.1:PORT", sends every request of the browser —
	// loopback ones too — to that HTTP proxy (the archive's, see
	// UseProxy); nothing goes anywhere else.
	Proxy string
}

// Browser is one headless Chromium shared by every screenshot of a run
// (all sites of a batch). It starts on first use, or earlier with Warm.
type Browser struct {
	cfg Config
	// mu guards begun and stop; ready is closed once the start has ended,
	// after which err and ctx are set.
	mu    sync.Mutex
	begun bool
	ready chan struct{}
	err   error
	ctx   context.Context
	stop  []context.CancelFunc
	// spare are tabs opened with the browser (Warm), taken by Shoot's
	// workers before they open any.
	spare chan context.Context
}

// NewBrowser prepares a browser; nothing starts until Warm or Shoot.
func NewBrowser(cfg Config) *Browser {
	if cfg.Tabs <= 0 {
		cfg.Tabs = DefaultTabs
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = PageTimeout
	}
	return &Browser{cfg: cfg, ready: make(chan struct{}), spare: make(chan context.Context, cfg.Tabs)}
}

// Warm starts the browser, and opens its tabs, in the background: a scan
// calls it before the crawl, so that Chromium's start-up (the better part
// of a second) overlaps the crawl instead of following it. Shoot waits for
// it; Close ends it, started or not. Only a scan that takes screenshots
// calls it: without --screenshots no browser starts.
func (b *Browser) Warm() {
	b.begin(true)
}

// begin launches the start once; warm also opens the spare tabs.
func (b *Browser) begin(warm bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.begun {
		return
	}
	b.begun = true
	bctx := b.allocate()
	go func() {
		defer close(b.ready)
		// No timeout here: the browser lives as long as the context it
		// was started with.
		if err := chromedp.Do(bctx); err != nil {
			b.err = fmt.Errorf("start %q: %w", b.cfg.Chrome, err)
			return
		}
		b.ctx = bctx
		if !warm {
			return
		}
		for range b.cfg.Tabs {
			tctx, _ := chromedp.NewContext(bctx) // closed with the browser when never taken
			if chromedp.Do(tctx) != nil {
				return
			}
			b.spare <- tctx
		}
	}()
}

// Running says the browser has started (and Warm's tabs are open) and is
// not closed.
func (b *Browser) Running() bool {
	select {
	case <-b.ready:
		return b.err == nil && b.ctx.Err() == nil
	default:
		return false
	}
}

// start starts the browser unless Warm did, and waits until it runs.
func (b *Browser) start() error {
	b.begin(false)
	<-b.ready
	return b.err
}

// allocate prepares the browser's process and first context (nothing runs
// until the first action); its cancel functions go to b.stop.
func (b *Browser) allocate() context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(b.cfg.Chrome),
		chromedp.WindowSize(Width, Height),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run its sandbox as root.
		opts = append(opts, chromedp.NoSandbox)
	}
	if b.cfg.HostRules != "" {
		opts = append(opts, chromedp.Flag("host-resolver-rules", b.cfg.HostRules))
	}
	if b.cfg.Proxy != "" {
		opts = append(opts,
			chromedp.ProxyServer("http://"+b.cfg.Proxy),
			// Chromium bypasses a proxy for loopback addresses unless
			// told not to; an archived 127.0.0.1 site must not reach
			// whatever listens there now.
			chromedp.Flag("proxy-bypass-list", "<-loopback>"))
	}
	if b.cfg.UserAgent != "" {
		opts = append(opts, chromedp.UserAgent(b.cfg.UserAgent))
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelB := chromedp.NewContext(actx)
	b.stop = []context.CancelFunc{cancelB, cancelA}
	return bctx
}

// UseProxy makes the browser send every request to the HTTP proxy at addr
// (see Config.Proxy). It takes effect only before the browser starts (Warm
// or the first Shoot).
func (b *Browser) UseProxy(addr string) { b.cfg.Proxy = addr }

// Close ends the browser and its temporary profile.
// A start still under way is cut and waited for: no Chromium outlives it.
func (b *Browser) Close() {
	b.mu.Lock()
	begun, stop := b.begun, b.stop
	b.mu.Unlock()
	for _, c := range stop {
		c()
	}
	if begun {
		<-b.ready
	}
}

// Result is what became of a run's jobs.
type Result struct {
	// Files are the images written, by page URL (paths in the directory).
	Files map[string]string
	// Cut are pages that were still loading at the deadline (captured as
	// they were, when anything had rendered).
	Cut []string
	// Failed are pages that gave no image, with why.
	Failed map[string]string
	// Titles are the pages' titles as rendered, by page URL: what the
	// image shows (an archived page's own, or a browser error page's).
	Titles map[string]string
}

// Shoot renders every job into dir (created if missing), at most Tabs at a
// time. asOf dates the personal-number masking (no one is born after it).
func (b *Browser) Shoot(ctx context.Context, dir string, jobs []Job, asOf time.Time) (*Result, error) {
	if err := b.start(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("screenshot directory %q: %w", dir, err)
	}
	res := &Result{Files: map[string]string{}, Failed: map[string]string{}, Titles: map[string]string{}}
	var mu sync.Mutex
	queue := make(chan Job)
	var wg sync.WaitGroup
	for range min(b.cfg.Tabs, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One tab per worker, reused page after page; a page cut at
			// the deadline gets its tab closed and a fresh one after it.
			var t *tab
			defer func() {
				if t != nil {
					t.close()
				}
			}()
			for j := range queue {
				if t == nil {
					t = b.takeTab(ctx)
				}
				png, title, cut, err := b.one(ctx, t, j, asOf)
				if err == nil && png != nil {
					err = os.WriteFile(filepath.Join(dir, j.File), png, 0o644)
				}
				if cut || err != nil {
					t.close()
					t = nil
				}
				mu.Lock()
				if cut {
					res.Cut = append(res.Cut, j.URL)
				}
				switch {
				case err != nil:
					res.Failed[j.URL] = err.Error()
				case png == nil:
					res.Failed[j.URL] = "nothing rendered"
				default:
					res.Files[j.URL] = filepath.Join(dir, j.File)
					res.Titles[j.URL] = title
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, j := range jobs {
		select {
		case queue <- j:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	sort.Strings(res.Cut)
	return res, nil
}

// tab is one browser tab.
type tab struct {
	ctx   context.Context
	close func()
	// sized: the viewport is set; it stays so from page to page.
	sized bool
}

// takeTab is a spare tab (opened by Warm) when there is one, else a new
// one; either is closed when ctx ends.
func (b *Browser) takeTab(ctx context.Context) *tab {
	select {
	case tctx := <-b.spare:
		closeTab := func() { _ = chromedp.Cancel(tctx) }
		stop := context.AfterFunc(ctx, closeTab)
		return &tab{ctx: tctx, close: func() { stop(); closeTab() }}
	default:
	}
	tctx, closeTab := chromedp.NewContext(b.ctx)
	stop := context.AfterFunc(ctx, closeTab)
	return &tab{ctx: tctx, close: func() { stop(); closeTab() }}
}

// one renders one page in a tab of its own and returns the PNG; cut says
// the page was still loading at the deadline.
func (b *Browser) one(ctx context.Context, t *tab, j Job, asOf time.Time) (png []byte, title string, cut bool, err error) {
	tab := t.ctx
	// The tab is made on first use without a deadline: it lives as long as
	// the context that made it.
	if err := chromedp.Do(tab); err != nil {
		return nil, "", false, err
	}
	navCtx, cancel := context.WithTimeout(tab, b.cfg.Timeout)
	// The previous page of this tab ended with its scripts stopped.
	steps := []chromedp.Action[chromedp.Void]{chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	})}
	if !t.sized {
		steps = append(steps, chromedp.EmulateViewport(Width, Height))
	}
	err = chromedp.Do(navCtx, append(steps, chromedp.Navigate(j.load()))...)
	cancel()
	if err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.sized = true
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, "", false, ctx.Err()
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			return nil, "", false, err
		}
		cut = true
	}
	// What follows is quick; it gets a budget of its own.
	capCtx, cancel := context.WithTimeout(tab, 10*time.Second)
	defer cancel()
	if cut {
		if _, err := chromedp.Call(capCtx, page.StopLoading, cdp.Empty{}); err != nil {
			return nil, "", true, err
		}
	}
	// Masking clears the page's timers first, so that no script puts a
	// number back; the outline and the page's height and title come in
	// the same call as the masked text's write-back (a round trip to the
	// browser less per page); then scripts stop altogether.
	marks, _ := json.Marshal(j.Marks)
	r, err := maskThen(capCtx, asOf, fmt.Sprintf(outlineJS, marks))
	if err != nil {
		return nil, "", cut, err
	}
	h, title := r.H, r.Title
	if _, err := chromedp.Call(capCtx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		return nil, "", cut, err
	}
	if h < 1 {
		return nil, "", cut, nil // nothing rendered (a response that never came)
	}
	h = min(h, MaxHeight)
	shot, err := chromedp.Call(capCtx, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{X: 0, Y: 0, Width: Width, Height: h, Scale: 1},
		CaptureBeyondViewport: ptr(true),
		FromSurface:           ptr(true),
		OptimizeForSpeed:      ptr(true), // a larger file, encoded in a fraction of the time
	})
	if err != nil {
		return nil, "", cut, err
	}
	return shot.Data, title, cut, nil
}

func ptr[T any](v T) *T { return &v }

// Mask replaces, in the page of ctx, every personal number in the text
// (text nodes, form values, same-origin frames) by its masked form, with
// the rules of the pii checks (checks.MaskPersonalNumbers). A number split
// over several nodes, which that cannot see, is caught on the page's whole
// text: then every digit run of the page is masked.
func Mask(ctx context.Context, asOf time.Time) error {
	_, err := maskThen(ctx, asOf, "0")
	return err
}

// rendered is what the page says once masked.
type rendered struct {
	H     float64 `json:"h"`     // the value of maskThen's expression
	Title string  `json:"title"` // document.title
	Whole string  `json:"whole"` // the page's text, masked
}

// maskThen masks as Mask does and, in the same script as the masked texts'
// write-back, evaluates the JavaScript expression then (a number).
func maskThen(ctx context.Context, asOf time.Time, then string) (rendered, error) {
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](collectJS))
	if err != nil {
		return rendered{}, fmt.Errorf("mask: %w", err)
	}
	masked := make([]string, len(texts))
	for i, t := range texts {
		masked[i] = checks.MaskPersonalNumbers(t, asOf)
	}
	arg, _ := json.Marshal(masked)
	js := fmt.Sprintf(`(function(){ var whole = %s; var h = %s; return {whole: whole, h: h, title: document.title}; })()`,
		fmt.Sprintf(replaceJS, arg), then)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[rendered](js))
	if err != nil {
		return rendered{}, fmt.Errorf("mask: %w", err)
	}
	if checks.MaskPersonalNumbers(r.Whole, asOf) == r.Whole {
		return r, nil
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](maskAllJS)); err != nil {
		return rendered{}, fmt.Errorf("mask: %w", err)
	}
	return r, nil
}

// Timeout is the page deadline in force.
func (b *Browser) Timeout() time.Duration { return b.cfg.Timeout }
