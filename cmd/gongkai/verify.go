package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/scan"
	"github.com/gongkai/gongkai/verify"
)

// verifyOptions is what `gongkai verify` was told on its command line.
type verifyOptions struct {
	env          cmdEnv
	List         string
	Output       string
	AsOf         string
	Config       string
	Calendar     []string
	Rate         float64
	Concurrency  int
	Timeout      string
	AllowPrivate bool
	Quiet        bool
	WARC         string
}

// newVerifyCmd builds `gongkai verify`; runF, when not nil, runs instead
// of runVerify.
func newVerifyCmd(runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{}
	cmd := &cobra.Command{
		Use:   "verify LIST.xlsx",
		Short: "Re-check the rows of a rectification list (整改清单); adds 复核结果 (已整改/未整改/虚假整改)",
		Long: "verify reads a 整改清单 written by gongkai scan, including the office's edits (整改状态,\n" +
			"责任科室, 备注), fetches again only the pages and links its rows concern, re-runs only\n" +
			"those rules and writes the workbook back with the columns 复核结果, 复核日期 and 复核说明:\n" +
			"已整改 (the problem is gone), 未整改 (still there), 虚假整改 (marked 已整改 but still\n" +
			"there), or 无法复核（reason） where only a full scan can tell (e.g. something missing\n" +
			"from the whole site). The office's cells are kept as they are.",
		Example: "  gongkai verify example.gov.cn-整改清单-2025-11-25.xlsx\n" +
			"  gongkai verify 整改清单.xlsx -o 复核.xlsx --as-of 2025-12-20",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("verify needs one workbook: gongkai verify LIST.xlsx")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.List = args[0]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runVerify(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Output, "output", "o", "", "write the verified workbook here instead of replacing LIST.xlsx")
	fl.StringVar(&opts.AsOf, "as-of", "", "evaluation date for time rules, YYYY-MM-DD (default today in Asia/Shanghai)")
	fl.StringVar(&opts.Config, "config", "", "site profile (YAML), as for scan")
	fl.StringSliceVar(&opts.Calendar, "calendar", nil, "extra holiday data (same format as the embedded calendar)")
	fl.Float64Var(&opts.Rate, "rate", 2, "requests per second per host; 0 = unlimited")
	fl.IntVar(&opts.Concurrency, "concurrency", 4, "parallel requests")
	fl.StringVar(&opts.Timeout, "timeout", "15s", "per request (Go duration or seconds)")
	fl.BoolVar(&opts.AllowPrivate, "allow-private", false, "check off-site links to private or loopback addresses")
	fl.BoolVar(&opts.Quiet, "quiet", false, "no summary on stderr")
	fl.StringVar(&opts.WARC, "warc", "", "the scan's web archive (--warc): 复核说明 also says what each row's page or dead link showed on the day of the scan")
	return cmd
}

func runVerify(opts *verifyOptions) error {
	o := verify.Options{ListPath: opts.List, OutPath: opts.Output, ConfigPath: opts.Config, CalendarPaths: opts.Calendar,
		Rate: opts.Rate, Concurrency: opts.Concurrency, AllowPrivate: opts.AllowPrivate, WARCPath: opts.WARC}
	var err error
	if o.AsOf, err = parseAsOf(opts.AsOf); err != nil {
		return err
	}
	if o.Timeout, err = parseDuration("--timeout", opts.Timeout); err != nil {
		return err
	}
	if o.Rate < 0 {
		return usageErrorf("--rate must be 0 (unlimited) or a positive number of requests per second")
	}
	if o.Concurrency < 1 {
		return usageErrorf("--concurrency must be at least 1")
	}
	if o.OutPath != "" {
		if err := scan.CheckOutput("-o", o.OutPath); err != nil {
			return mapScanError(err) // before any request, as for scan's outputs
		}
	}
	o.UserAgent = userAgentFor(version)
	ctx, stop := interruptContext(opts.env.ctx)
	defer stop()
	out, err := verify.Run(ctx, o)
	if err != nil {
		if errors.Is(context.Cause(ctx), scan.ErrInterrupted) {
			return &exitError{code: exitInterrupted, err: fmt.Errorf("interrupted; %s was left unchanged", o.ListPath)}
		}
		return mapScanError(err)
	}
	if !opts.Quiet {
		summarizeVerify(opts.env.errOut, out)
	}
	return nil
}

// summarizeVerify prints the counts per verdict and where the workbook went.
func summarizeVerify(w io.Writer, out *verify.Outcome) {
	if len(out.Verdicts) == 0 {
		fmt.Fprintf(w, "%s has no rows to re-check; nothing written\n", out.List.Path)
		return
	}
	c := out.Counts()
	fmt.Fprintf(w, "re-checked %d rows (%d pages and links fetched): %d %s, %d %s, %d %s, %d %s\n",
		len(out.Verdicts), out.Fetched,
		c[report.VerdictFixed], report.VerdictFixed, c[report.VerdictOpen], report.VerdictOpen,
		c[report.VerdictFake], report.VerdictFake, c[report.VerdictUnknown], report.VerdictUnknown)
	if len(out.Edited) > 0 {
		rows := make([]string, len(out.Edited))
		for i, r := range out.Edited {
			rows[i] = strconv.Itoa(r)
		}
		fmt.Fprintf(w, "%d rows not re-checked, 表格内容被修改 (their 问题页面, 指标, 问题描述 or 证据 differ from what the scan wrote): row %s; restore those cells or scan again\n",
			len(out.Edited), strings.Join(rows, ", "))
	}
	fmt.Fprintf(w, "wrote %s\n", out.Written)
}

// userAgentFor names gongkai and its version, as scan does.
func userAgentFor(v string) string {
	if v == "" {
		return ""
	}
	return "Mozilla/5.0 (compatible; gongkai/" + v + "; government website compliance checker)"
}
