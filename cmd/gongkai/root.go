package main

import (
	"github.com/spf13/cobra"
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
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usageErrorf("%v (see --help)", err)
	})
	root.AddCommand(
		newVersionCmd(),
		newScanCmd(),
		newRulesCmd(),
		newCrawlCmd(),
		newCheckCmd(),
		newDiffCmd(),
		newWorkdaysCmd(),
	)
	return root
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
