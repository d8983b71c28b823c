package main

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/spf13/cobra"
)

// parseArgv runs argv through the command it names, with a run function
// that only keeps the options, and returns them (env cleared).
func parseArgv(t *testing.T, argv []string) any {
	t.Helper()
	var got any
	var cmd *cobra.Command
	switch argv[0] {
	case "scan":
		cmd = newScanCmd(func(o *scanOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "crawl":
		cmd = newCrawlCmd(func(o *crawlOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "check":
		cmd = newCheckCmd(func(o *checkOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "batch":
		cmd = newBatchCmd(func(o *batchOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "diff":
		cmd = newDiffCmd(func(o *diffOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "rules":
		cmd = newRulesCmd(func(o *rulesOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "workdays":
		cmd = newWorkdaysCmd(func(o *workdaysOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "verify":
		cmd = newVerifyCmd(func(o *verifyOptions) error { o.env = cmdEnv{}; got = o; return nil })
	case "history":
		cmd = newHistoryCmd(func(o *historyOptions) error { o.env = cmdEnv{}; got = o; return nil })
	default:
		t.Fatalf("no such command %q", argv[0])
	}
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(argv[1:])
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v: %v", argv, err)
	}
	return got
}

// defaultCrawl is what scan, crawl and batch crawl with when told nothing.
var defaultCrawl = crawlFlags{Rate: 2, Concurrency: 4, MaxPages: 20000, Timeout: "15s"}

// defaultShots are the screenshot flags of scan, check and batch when not given.
var defaultShots = shotFlags{Tabs: 2}

// TestArgvToOptions: each command line gives the options its run function
// gets — the crawl flags the same way for scan, crawl and batch — for every
// command that takes options.
func TestArgvToOptions(t *testing.T) {
	allCrawl := []string{"--rate", "0.5", "--concurrency", "8", "--max-pages", "300", "--depth", "3",
		"--timeout", "30s", "--max-time", "2h", "--ignore-robots", "--allow-private",
		"--exclude", `/old/`, "--exclude", `\.pdf$`, "--include", "/xxgk/", "--no-external",
		"--resolve", "www.example.gov.cn:443:127.0.0.1"}
	everyCrawl := crawlFlags{Rate: 0.5, Concurrency: 8, MaxPages: 300, Depth: 3, Timeout: "30s", MaxTime: "2h",
		IgnoreRobots: true, AllowPrivate: true, Exclude: []string{`/old/`, `\.pdf$`}, Include: []string{"/xxgk/"},
		NoExternal: true, Resolve: []string{"www.example.gov.cn:443:127.0.0.1"}}
	allOutput := []string{"--as-of", "2025-11-25", "--json", "r.json", "--xlsx", "r.xlsx", "--baseline", "old.json",
		"--fail-on", "new", "--calendar", "a.json,b.json", "--db", "-", "--junit", "r.xml", "--markdown", "r.md", "--html", "r.html"}
	everyOutput := outputFlags{AsOf: "2025-11-25", JSON: "r.json", XLSX: "r.xlsx", Baseline: "old.json", FailOn: "new",
		Calendar: []string{"a.json", "b.json"}, DB: "-", JUnit: "r.xml", Markdown: "r.md", HTML: "r.html"}
	allShots := []string{"--screenshots", "shots", "--chrome", "/usr/bin/chromium", "--screenshot-tabs", "3"}
	everyShots := shotFlags{Dir: "shots", Chrome: "/usr/bin/chromium", Tabs: 3}
	cat := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		argv []string
		want any
	}{
		{name: "scan, defaults", argv: []string{"scan", "https://www.example.gov.cn/"},
			want: &scanOptions{Start: "https://www.example.gov.cn/", Crawl: defaultCrawl, Shots: defaultShots}},
		{name: "scan, every flag",
			argv: cat([]string{"scan", "www.example.gov.cn", "--config", "p.yaml", "--quiet", "--resume", "--incremental",
				"--baseline-snapshot", "prev.snap", "--cpuprofile", "cpu.out"}, allCrawl, allOutput, allShots),
			want: &scanOptions{Start: "www.example.gov.cn", Config: "p.yaml", Quiet: true, Resume: true, Incremental: true,
				BaselineSnapshot: "prev.snap", CPUProfile: "cpu.out", RateSet: true, Crawl: everyCrawl, Output: everyOutput, Shots: everyShots}},
		{name: "scan --demo", argv: []string{"scan", "--demo"},
			want: &scanOptions{Demo: true, Crawl: defaultCrawl, Shots: defaultShots}},
		{name: "crawl, defaults", argv: []string{"crawl", "https://www.example.gov.cn/", "-o", "site.snap"},
			want: &crawlOptions{Start: "https://www.example.gov.cn/", Output: "site.snap", Crawl: defaultCrawl}},
		{name: "crawl, every flag",
			argv: cat([]string{"crawl", "www.example.gov.cn", "--output", "s.snap", "--config", "p.yaml", "--quiet"}, allCrawl),
			want: &crawlOptions{Start: "www.example.gov.cn", Output: "s.snap", Config: "p.yaml", Quiet: true, Crawl: everyCrawl}},
		{name: "check, defaults", argv: []string{"check", "site.snap"},
			want: &checkOptions{Snapshot: "site.snap", Shots: defaultShots}},
		{name: "check, every flag", argv: cat([]string{"check", "site.snap", "--config", "p.yaml", "--quiet"}, allOutput, allShots),
			want: &checkOptions{Snapshot: "site.snap", Config: "p.yaml", Quiet: true, Output: everyOutput, Shots: everyShots}},
		{name: "batch, defaults", argv: []string{"batch", "sites.csv"},
			want: &batchOptions{CSV: "sites.csv", Out: ".", Parallel: 2, Crawl: defaultCrawl, Shots: defaultShots}},
		{name: "batch, every flag",
			argv: cat([]string{"batch", "sites.csv", "--out", "2025-11", "--parallel", "3", "--force", "--as-of", "2025-11-25",
				"--db", "h.db", "--config", "p.yaml", "--calendar", "c.json", "--quiet", "--html"}, allCrawl, allShots),
			want: &batchOptions{CSV: "sites.csv", Out: "2025-11", Parallel: 3, Force: true, AsOf: "2025-11-25", DB: "h.db",
				Config: "p.yaml", Calendar: []string{"c.json"}, Quiet: true, HTML: true, Crawl: everyCrawl, Shots: everyShots}},
		{name: "diff", argv: []string{"diff", "old.json", "new.json"}, want: &diffOptions{Old: "old.json", New: "new.json"}},
		{name: "diff --xlsx", argv: []string{"diff", "old.json", "new.json", "--xlsx", "d.xlsx"},
			want: &diffOptions{Old: "old.json", New: "new.json", XLSX: "d.xlsx"}},
		{name: "rules", argv: []string{"rules"}, want: &rulesOptions{IDs: []string{}}},
		{name: "rules, IDs and --json", argv: []string{"rules", "link-broken", "pii-mobile", "--json"},
			want: &rulesOptions{IDs: []string{"link-broken", "pii-mobile"}, JSON: true}},
		{name: "rules --short", argv: []string{"rules", "--short"}, want: &rulesOptions{IDs: []string{}, Short: true}},
		{name: "workdays", argv: []string{"workdays", "2025-09-30", "+3"},
			want: &workdaysOptions{Start: "2025-09-30", Second: "+3"}},
		{name: "workdays --calendar", argv: []string{"workdays", "--calendar", "a.json", "--calendar", "b.json", "2025-09-30", "2025-10-09"},
			want: &workdaysOptions{Start: "2025-09-30", Second: "2025-10-09", Calendar: []string{"a.json", "b.json"}}},
		{name: "verify, defaults", argv: []string{"verify", "list.xlsx"},
			want: &verifyOptions{List: "list.xlsx", Rate: 2, Concurrency: 4, Timeout: "15s"}},
		{name: "verify, every flag",
			argv: []string{"verify", "list.xlsx", "-o", "out.xlsx", "--as-of", "2025-12-20", "--config", "p.yaml", "--calendar", "c.json",
				"--rate", "1", "--concurrency", "2", "--timeout", "5s", "--allow-private", "--quiet"},
			want: &verifyOptions{List: "list.xlsx", Output: "out.xlsx", AsOf: "2025-12-20", Config: "p.yaml", Calendar: []string{"c.json"},
				Rate: 1, Concurrency: 2, Timeout: "5s", AllowPrivate: true, Quiet: true}},
		{name: "history, defaults", argv: []string{"history", "www.example.gov.cn"},
			want: &historyOptions{Site: "www.example.gov.cn", Months: 12}},
		{name: "history, every flag", argv: []string{"history", "www.example.gov.cn", "--db", "h.db", "--months", "6", "--json"},
			want: &historyOptions{Site: "www.example.gov.cn", DB: "h.db", Months: 6, JSON: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseArgv(t, tc.argv); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%v\n got  %+v\n want %+v", tc.argv, got, tc.want)
			}
		})
	}
}
