package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/checks"
	"github.com/gongkai/gongkai/history"
	"github.com/gongkai/gongkai/scan"
)

// historyOptions is what `gongkai history` was told on its command line.
type historyOptions struct {
	env    cmdEnv
	Site   string
	DB     string
	Months int
	JSON   bool
}

// newHistoryCmd builds `gongkai history`; runF, when not nil, runs instead
// of runHistory.
func newHistoryCmd(runF func(*historyOptions) error) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history SITE",
		Short: "Month-by-month findings per rule and the score, from the scan history",
		Long: "Every scan records its findings in the history database (pure-Go SQLite; default\n" +
			"$XDG_DATA_HOME/gongkai/history.db or ~/.local/share/gongkai/history.db, --db to choose a\n" +
			"file or a PostgreSQL database as postgres://USER:PASSWORD@HOST:PORT/DATABASE).\n" +
			"history shows, for each month, the site's score, its 单项否决 items and the number of\n" +
			"findings per rule (the last complete scan of the month stands for it).",
		Example: "  gongkai history www.example.gov.cn\n" +
			"  gongkai history https://www.example.gov.cn/ --months 6 --json",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("history needs the site, e.g. gongkai history www.example.gov.cn")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Site = args[0]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runHistory(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.DB, "db", "", "the history database: a file or a postgres:// URL (default a file in the user data directory)")
	fl.IntVar(&opts.Months, "months", 12, "show the last N months; 0 = all")
	fl.BoolVar(&opts.JSON, "json", false, "print the months as JSON")
	return cmd
}

func runHistory(opts *historyOptions) error {
	path, err := historyPath(opts.DB)
	if err != nil {
		return err
	}
	ms, err := history.Load(path, opts.Site, opts.Months)
	if errors.Is(err, history.ErrNoHistory) {
		known, _ := history.Sites(path)
		hint := "run gongkai scan or gongkai batch first"
		if len(known) > 0 {
			if len(known) > 10 {
				known = append(known[:10], "…")
			}
			hint = "sites recorded: " + strings.Join(known, ", ")
		}
		return usageErrorf("no scans of %s are recorded in %s; %s", history.SiteKey(opts.Site), history.Display(path), hint)
	}
	if err != nil {
		return historyError(err)
	}
	if opts.JSON {
		enc := json.NewEncoder(opts.env.out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(ms)
	}
	printHistory(opts.env.out, history.SiteKey(opts.Site), history.Display(path), ms)
	return nil
}

// checkDB refuses, before any request, a --db whose directory is missing
// or not writable, as every output is refused (only the default
// database's directory is created), and a PostgreSQL database that cannot
// be reached or used (its tables are created or migrated here). A history
// that fails later is a warning; a mistyped --db would otherwise be one
// after the whole crawl.
func checkDB(db string) error {
	if db == "" || db == "-" {
		return nil
	}
	if history.IsPostgres(db) {
		d, err := history.Open(context.Background(), db)
		if err != nil {
			return historyError(err)
		}
		d.Close()
		return nil
	}
	if err := scan.CheckOutput("--db", db); err != nil {
		return mapScanError(err)
	}
	return nil
}

// historyError gives a history that cannot be used its exit code: a
// PostgreSQL server that cannot be reached is like a site that cannot be
// fetched (3); a wrong URL, password or database is the user's to correct
// (2). The history's errors are already one sentence.
func historyError(err error) error {
	if errors.Is(err, history.ErrAccess) {
		return usageErrorf("%v", err)
	}
	return failedErrorf("%v", err)
}

// historyPath is --db, or the default database.
func historyPath(db string) (string, error) {
	if db != "" {
		return db, nil
	}
	p, err := history.DefaultPath()
	if err != nil {
		return "", usageErrorf("%v", err)
	}
	return p, nil
}

// printHistory prints one column per month: score, veto items, findings,
// then the findings of each rule that had any.
func printHistory(w io.Writer, key, path string, ms []history.Month) {
	fmt.Fprintf(w, "%s: %d months (history %s)\n\n", key, len(ms), path)
	var table [][]string
	row := func(label string, cell func(m history.Month) string) {
		r := []string{label}
		for _, m := range ms {
			r = append(r, cell(m))
		}
		table = append(table, r)
	}
	incomplete := false
	row("月份", func(m history.Month) string {
		if !m.Complete {
			incomplete = true
			return m.Month + "*"
		}
		return m.Month
	})
	row("检查日期", func(m history.Month) string { return m.AsOf })
	row("得分", func(m history.Month) string { return fmt.Sprintf("%.1f", m.Score) })
	row("单项否决", func(m history.Month) string { return fmt.Sprint(len(m.Veto)) })
	row("问题总数", func(m history.Month) string { return fmt.Sprint(m.Total) })
	for _, id := range historyRules(ms) {
		label := id
		if r, ok := checks.Lookup(id); ok {
			label = id + " " + r.Meta().Name
		}
		row(label, func(m history.Month) string { return fmt.Sprint(m.Rules[id]) })
	}
	printTable(w, table)
	if incomplete {
		fmt.Fprintln(w, "\n* no complete scan that month (interrupted or out of time): its counts are partial")
	}
}

// printTable aligns columns by display width (a CJK character is two
// columns wide), which text/tabwriter does not know.
func printTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, b.String())
	}
}

// historyRules lists the rules with findings in any month, in registry
// order, then rules this version does not know.
func historyRules(ms []history.Month) []string {
	seen := map[string]bool{}
	for _, m := range ms {
		for id, n := range m.Rules {
			if n > 0 {
				seen[id] = true
			}
		}
	}
	var out []string
	for _, r := range checks.Registry() {
		if id := r.Meta().ID; seen[id] {
			out = append(out, id)
			delete(seen, id)
		}
	}
	var rest []string
	for id := range seen {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	return append(out, rest...)
}
