package scan

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/gongkai/gongkai/crawl"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/shot"
	"github.com/gongkai/gongkai/site"
)

// takeScreenshots renders the page of every finding into o.ScreenshotDir
// and records each finding's image, relative to the workbook, in rep. A
// page that gives no image is said once in a notice; it never fails the
// scan: the findings stand without their pictures.
func takeScreenshots(o Options, s *site.Site, rep *report.Report, xlsx string) {
	if o.ScreenshotDir == "" || o.Shots == nil || len(rep.Findings) == 0 {
		return
	}
	pages := make(map[string]bool, len(s.Pages))
	for _, p := range s.Pages {
		if p.Status >= 200 && p.Status < 300 {
			pages[p.URL] = true
			if p.FinalURL != "" {
				pages[p.FinalURL] = true
			}
		}
	}
	home := s.Start
	jobs, byFP := shot.Plan(rep.Findings, home, func(u string) bool { return pages[u] })
	if o.replay != nil {
		// An archived https page is loaded by its http address, which the
		// archive's proxy answers (see crawl.PlainURL).
		for i := range jobs {
			jobs[i].Load = crawl.PlainURL(jobs[i].URL)
		}
	}
	ctx := o.shotCtx
	if ctx == nil {
		ctx = context.Background()
	}
	res, err := o.Shots.Shoot(ctx, o.ScreenshotDir, jobs, o.AsOf)
	if err != nil {
		// Go's error text is not for the office: say what failed.
		notice(o, fmt.Sprintf("截图已跳过：浏览器无法启动，或截图目录 %s 无法创建；扫描结果不受影响", o.ScreenshotDir))
		return
	}
	if o.shotsTaken != nil {
		o.shotsTaken(res)
	}
	base := filepath.Dir(xlsx)
	rep.Screenshots = make(map[string]string, len(byFP))
	for fp, page := range byFP {
		f := res.Files[page]
		if f == "" {
			continue
		}
		rel, err := filepath.Rel(base, f)
		if err != nil {
			rel = f
		}
		rep.Screenshots[fp] = filepath.ToSlash(rel)
	}
	if n := len(res.Cut); n > 0 {
		notice(o, fmt.Sprintf("截图：%d 个页面在 %s 内未加载完成，已截取当时显示的内容（如 %s）", n, o.Shots.Timeout(), res.Cut[0]))
	}
	if n := len(res.Failed); n > 0 {
		failed := make([]string, 0, n)
		for u := range res.Failed {
			failed = append(failed, u)
		}
		sort.Strings(failed)
		notice(o, fmt.Sprintf("截图：%d 个页面未能截图（如 %s），工作簿中这些行的截图列为空", n, failed[0]))
	}
}

func notice(o Options, msg string) {
	if o.Notice != nil {
		o.Notice(msg)
	}
}
