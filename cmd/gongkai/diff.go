package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/pipeline"
	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
)

// diffOptions is what `gongkai diff` was told on its command line.
type diffOptions struct {
	env  cmdEnv
	Old  string
	New  string
	XLSX string
}

// newDiffCmd builds `gongkai diff`; runF, when not nil, runs instead of
// runDiff.
func newDiffCmd(runF func(*diffOptions) error) *cobra.Command {
	opts := &diffOptions{}
	cmd := &cobra.Command{
		Use:   "diff OLD.json NEW.json",
		Short: "New, persisting and resolved findings between two scans",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("diff needs two JSON reports: gongkai diff OLD.json NEW.json")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old, opts.New = args[0], args[1]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runDiff(opts)
		},
	}
	cmd.Flags().StringVar(&opts.XLSX, "xlsx", "", "also write the comparison as a workbook")
	return cmd
}

func runDiff(opts *diffOptions) error {
	if opts.XLSX != "" {
		if err := scan.CheckOutput("--xlsx", opts.XLSX); err != nil {
			return mapScanError(err)
		}
	}
	old, err := scan.ReadReport(opts.Old, opts.Old)
	if err != nil {
		return mapScanError(err)
	}
	cur, err := scan.ReadReport(opts.New, opts.New)
	if err != nil {
		return mapScanError(err)
	}
	if err := scan.SameSite(opts.Old, old, opts.New, cur.Site); err != nil {
		return mapScanError(err)
	}
	d := pipeline.Diff(old, cur)
	printDiff(opts.env.out, d)
	if opts.XLSX != "" {
		if err := report.WriteXLSX(opts.XLSX, d); err != nil {
			return failedErrorf("无法写入 %s：%s", opts.XLSX, scan.PathProblem(err))
		}
	}
	return nil
}

func printDiff(w io.Writer, d *report.Report) {
	counts := map[string]int{}
	for _, f := range d.Findings {
		counts[f.Status]++
	}
	fmt.Fprintf(w, "%s: %d new, %d persisting, %d resolved (as of %s)\n\n",
		d.Site, counts["new"], counts["persisting"], len(d.Resolved), d.AsOf)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "状态\t指标\t类别\t页面\t问题")
	for _, f := range d.Findings {
		label := map[string]string{"new": "新增", "persisting": "持续"}[f.Status]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", label, f.Rule, f.Severity.Chinese(), f.URL, f.Message)
	}
	for _, f := range d.Resolved {
		fmt.Fprintf(tw, "已解决\t%s\t%s\t%s\t%s\n", f.Rule, f.Severity.Chinese(), f.URL, f.Message)
	}
	_ = tw.Flush()
}
