// Package bench holds gongkai's performance harness (issue 7): the synthetic
// site generator (sitegen, which answers conditional requests so that
// incremental re-scans can be measured), its loopback server (server), a
// minimal Go crawler as a floor (floor), the tabulator (tabulate), the
// profiler (profile), the page-record memory split (pagemem), many sites
// scanned at once in one process (sitesparallel, issue 14), shots.sh (what
// --screenshots costs on the demo, issue 16) and run.sh,
// which measures gongkai against link checkers. Its own _test.go file benchmarks
// rule evaluation over a crawled synthetic site; see BENCHMARKS.md.
package bench
