// Package shot takes the evidence screenshots: one headless Chromium
// (chromedp), a few tabs, each page that has a finding rendered once, the
// elements the findings are about outlined, personal numbers masked in the
// page before capture.
package shot

import (
	"crypto/sha1"
	"encoding/hex"
	"sort"

	"github.com/gongkai/gongkai/checks"
)

// Mark is what to outline on a page.
type Mark struct {
	// Kind is one of "link" (an <a>/<img>/… whose URL is Value), "footer",
	// "metadata" (the 政府信息公开 metadata table), "list" (the column's
	// list) and "number" (the text holding the masked number Value).
	Kind  string
	Value string
}

// Job is one page to render, with every mark its findings ask for.
type Job struct {
	URL   string
	Marks []Mark
	// File is the image's name in the screenshot directory.
	File string
	// Load, when set, is the address the browser loads instead of URL
	// (an archived https page through the archive's proxy).
	Load string
}

func (j Job) load() string {
	if j.Load != "" {
		return j.Load
	}
	return j.URL
}

// Plan assigns every finding a page to render: the page the finding is
// about when it is an HTML page of the site (isPage), else the first page
// linking to it (an attachment, a dead link), else home (site-level
// findings). It returns the jobs, one per page, and each finding's page by
// fingerprint.
func Plan(findings []checks.Finding, home string, isPage func(string) bool) ([]Job, map[string]string) {
	jobs := map[string]*Job{}
	byFP := make(map[string]string, len(findings))
	add := func(page string, m *Mark) {
		j := jobs[page]
		if j == nil {
			j = &Job{URL: page, File: FileName(page)}
			jobs[page] = j
		}
		if m == nil {
			return
		}
		for _, have := range j.Marks {
			if have == *m {
				return
			}
		}
		j.Marks = append(j.Marks, *m)
	}
	for i := range findings {
		f := &findings[i]
		page, mark := pageOf(f, home, isPage)
		if page == "" {
			continue
		}
		add(page, mark)
		byFP[f.Fingerprint] = page
	}
	out := make([]Job, 0, len(jobs))
	for _, j := range jobs {
		out = append(out, *j)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].URL < out[b].URL })
	return out, byFP
}

// pageOf is the page a finding's screenshot shows and what to outline there.
func pageOf(f *checks.Finding, home string, isPage func(string) bool) (string, *Mark) {
	linkRow := f.Rule == "link-broken" || f.Rule == "link-blocked"
	if !linkRow && f.URL != "" && isPage(f.URL) {
		return f.URL, markOf(f)
	}
	if len(f.Referrers) > 0 && f.URL != "" {
		return f.Referrers[0], &Mark{Kind: "link", Value: f.URL}
	}
	return home, nil
}

// markOf is the element a page-level finding is about, when the rule says.
func markOf(f *checks.Finding) *Mark {
	switch f.Rule {
	case "footer-identity":
		return &Mark{Kind: "footer"}
	case "doc-metadata-incomplete":
		return &Mark{Kind: "metadata"}
	case "column-blank":
		return &Mark{Kind: "list"}
	case "pii-id-number", "pii-mobile", "pii-bank-card":
		if n := maskedExample(f.Evidence); n != "" {
			return &Mark{Kind: "number", Value: n}
		}
	}
	return nil
}

// maskedExample is the first masked number in a pii finding's evidence
// ("示例：360999********0013、…").
func maskedExample(ev string) string {
	r := []rune(ev)
	for i := 0; i < len(r); i++ {
		if !isDigit(r[i]) {
			continue
		}
		j := i
		stars := 0
		for j < len(r) && (isDigit(r[j]) || r[j] == '*' || r[j] == 'X') {
			if r[j] == '*' {
				stars++
			}
			j++
		}
		if stars >= 4 && j-i >= 11 {
			return string(r[i:j])
		}
		i = j
	}
	return ""
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// FileName is the image file of a page: stable across runs, safe anywhere.
func FileName(pageURL string) string {
	sum := sha1.Sum([]byte(pageURL))
	return "p-" + hex.EncodeToString(sum[:8]) + ".png"
}
