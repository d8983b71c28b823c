package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/text/width"

	"github.com/gongkai/gongkai/checks"
)

// rulesOptions is what `gongkai rules` was told on its command line.
type rulesOptions struct {
	env   cmdEnv
	IDs   []string
	JSON  bool
	Short bool
}

// newRulesCmd builds `gongkai rules`; runF, when not nil, runs instead of
// runRules.
func newRulesCmd(runF func(*rulesOptions) error) *cobra.Command {
	opts := &rulesOptions{}
	cmd := &cobra.Command{
		Use:   "rules [RULE-ID…]",
		Short: "The rule catalogue: basis, severity, threshold, evidence and how to waive each rule",
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.IDs = args
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runRules(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "machine-readable output")
	cmd.Flags().BoolVar(&opts.Short, "short", false, "one line per rule")
	return cmd
}

func runRules(opts *rulesOptions) error {
	var metas []checks.Meta
	if len(opts.IDs) == 0 {
		for _, r := range checks.Registry() {
			metas = append(metas, r.Meta())
		}
	}
	for _, id := range opts.IDs {
		r, ok := checks.Lookup(id)
		if !ok {
			return usageErrorf("unknown rule %q; `gongkai rules --short` lists the IDs", id)
		}
		metas = append(metas, r.Meta())
	}
	out := opts.env.out
	switch {
	case opts.JSON:
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(metas)
	case opts.Short:
		printRuleTable(out, metas)
	default:
		for i, m := range metas {
			if i > 0 {
				fmt.Fprintln(out)
			}
			printRule(out, m)
		}
	}
	return nil
}

func printRule(w io.Writer, m checks.Meta) {
	fmt.Fprintf(w, "%s  %s  [%s]\n", m.ID, m.Name, m.Severity.Chinese())
	fmt.Fprintf(w, "  检查内容  %s\n", m.Description)
	fmt.Fprintf(w, "  依据      %s\n", m.Basis)
	if m.Points > 0 {
		fmt.Fprintf(w, "  扣分      每处 %.1f 分（可在配置 points: 中调整）\n", m.Points)
	}
	fmt.Fprintf(w, "  整改建议  %s\n", m.Advice)
	fmt.Fprintf(w, "  豁免      配置文件 disable: [%s]（本单位不适用），或 waivers: [{rule: %s, url: …, reason: …, expires: YYYY-MM-DD}]\n", m.ID, m.ID)
}

// printRuleTable aligns columns by display width: a CJK character takes
// two columns in a terminal, which text/tabwriter does not know.
func printRuleTable(w io.Writer, metas []checks.Meta) {
	rows := [][]string{{"ID", "名称", "类别", "依据"}}
	for _, m := range metas {
		rows = append(rows, []string{m.ID, m.Name, m.Severity.Chinese(), m.Basis})
	}
	widths := make([]int, 3)
	for _, r := range rows {
		for i := 0; i < 3; i++ {
			widths[i] = max(widths[i], displayWidth(r[i]))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i := 0; i < 3; i++ {
			b.WriteString(r[i])
			b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(r[i])+2))
		}
		b.WriteString(r[3])
		fmt.Fprintln(w, b.String())
	}
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
