package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gongkai/gongkai/scan"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "gongkai",
		Short: "Compliance checker for government disclosure websites (政务公开网站检查)",
		Long: "gongkai crawls a government website, runs the checks of the national inspection\n" +
			"indicators (政府网站与政务新媒体检查指标) and the 政府信息公开条例, and writes the\n" +
			"rectification list (整改清单) as a workbook and JSON.",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(
		newVersionCmd(),
		newScanCmd(nil),
		newRulesCmd(nil),
		newCrawlCmd(nil),
		newCheckCmd(nil),
		newDiffCmd(nil),
		newWorkdaysCmd(nil),
		newVerifyCmd(nil),
		newHistoryCmd(nil),
		newBatchCmd(nil),
		newWorkerCmd(nil),
	)
	usageArgs(root)
	return root
}

// usageArgs makes every command's argument-count errors usage errors (exit
// 2): cobra returns them untyped, and an untyped error is a failed run.
func usageArgs(cmd *cobra.Command) {
	if check := cmd.Args; check != nil {
		cmd.Args = func(c *cobra.Command, args []string) error {
			err := check(c, args)
			var ee *exitError
			if err != nil && !errors.As(err, &ee) {
				return usageErrorf("%s (see %s --help)", err, c.CommandPath())
			}
			return err
		}
	}
	for _, sub := range cmd.Commands() {
		usageArgs(sub)
	}
}

// flagError turns cobra's flag errors into one sentence with the closest
// valid flag: "unknown flag: --rat (did you mean --rate?)".
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		var names []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				names = append(names, f.Name)
			}
		})
		if best := scan.Closest(name, names); best != "" {
			return usageErrorf("%s (did you mean --%s?)", msg, best)
		}
	}
	return usageErrorf("%s (see %s --help)", msg, cmd.CommandPath())
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			cmd.Println("gongkai " + version)
		},
	}
}
