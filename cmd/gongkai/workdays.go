package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/calendar"
	"github.com/spf13/cobra"
)

// workdaysOptions is what `gongkai workdays` was told on its command line.
type workdaysOptions struct {
	env      cmdEnv
	Start    string
	Second   string // +N or an end date
	Calendar []string
}

// newWorkdaysCmd builds `gongkai workdays`; runF, when not nil, runs
// instead of runWorkdays.
func newWorkdaysCmd(runF func(*workdaysOptions) error) *cobra.Command {
	opts := &workdaysOptions{}
	cmd := &cobra.Command{
		Use:   "workdays DATE (+N | END)",
		Short: "Count official working days (工作日) with the State Council holiday calendar",
		Long: "workdays DATE +N prints the N-th official working day after DATE; workdays FROM TO\n" +
			"prints how many official working days lie after FROM up to and including TO. The start\n" +
			"day is never counted. Days off and weekend make-up working days (调休上班) come from the\n" +
			"yearly 国务院办公厅 notices (embedded for 2008–2026); a year without data is an error,\n" +
			"never a Monday–Friday guess. The answer is the first token of the first line; later\n" +
			"lines explain the days skipped and the notices used. Dates are YYYY-MM-DD, Asia/Shanghai.",
		Example: "  gongkai workdays 2025-09-30 +3\n" +
			"  gongkai workdays 2025-03-03 2025-03-10\n" +
			"  gongkai workdays --calendar 2027.json 2026-12-30 +5",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageErrorf("workdays takes two arguments, DATE and +N or an end date YYYY-MM-DD (got %d)", len(args))
			}
			return nil
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Start, opts.Second = args[0], args[1]
			opts.env = envOf(cmd)
			if runF != nil {
				return runF(opts)
			}
			return runWorkdays(opts)
		},
	}
	cmd.Flags().StringArrayVar(&opts.Calendar, "calendar", nil,
		"extra holiday data in holiday-cn JSON format (next year's notice, local holidays); repeatable")
	return cmd
}

func runWorkdays(opts *workdaysOptions) error {
	start, err := calendar.ParseDate(opts.Start)
	if err != nil {
		return usageErrorf("bad start date %q: expected YYYY-MM-DD (e.g. 2025-09-30)", opts.Start)
	}
	cal, err := loadCalendar(opts.Calendar)
	if err != nil {
		return err
	}
	out := opts.env.out
	if n, ok := parseCount(opts.Second); ok {
		end, err := cal.AddWorkdays(start, n)
		if err != nil {
			return calendarError(err)
		}
		fmt.Fprintf(out, "%s %s\n", calendar.FormatDate(end), end.Weekday().String()[:3])
		fmt.Fprintf(out, "working day %d after %s (the start day is not counted)\n", n, opts.Start)
		return explain(out, cal, start, end)
	}
	end, err := calendar.ParseDate(opts.Second)
	if err != nil {
		return usageErrorf("bad second argument %q: expected +N (working days to add) or an end date YYYY-MM-DD", opts.Second)
	}
	n, err := cal.WorkdaysBetween(start, end)
	if err != nil {
		return calendarError(err)
	}
	fmt.Fprintln(out, n)
	if n < 0 {
		fmt.Fprintf(out, "%s is before %s, so the count is negative\n", opts.Second, opts.Start)
	} else {
		fmt.Fprintf(out, "working days after %s up to and including %s\n", opts.Start, opts.Second)
	}
	return explain(out, cal, start, end)
}

// parseCount accepts +N or N.
func parseCount(s string) (int, bool) {
	digits := strings.TrimPrefix(s, "+")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil
}

func loadCalendar(files []string) (*calendar.Calendar, error) {
	cal := calendar.Default()
	if len(files) == 0 {
		return cal, nil
	}
	var extra []calendar.Year
	for _, f := range files {
		years, err := calendar.LoadFile(f)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		extra = append(extra, years...)
	}
	cal, err := cal.With(extra...)
	if err != nil {
		return nil, usageErrorf("--calendar: %v", err)
	}
	return cal, nil
}

// calendarError: a year without data is the user's to fix (supply the
// notice), so it is a usage error with the calendar's one-sentence message.
func calendarError(err error) error {
	if errors.Is(err, calendar.ErrYearNotCovered) {
		return usageErrorf("%w", err)
	}
	return failedErrorf("%v", err)
}

// explain prints the calendar's reasons, one per line, after the answer.
func explain(w io.Writer, cal *calendar.Calendar, from, to time.Time) error {
	lines, err := cal.Explain(from, to)
	if err != nil {
		return calendarError(err)
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	return nil
}
