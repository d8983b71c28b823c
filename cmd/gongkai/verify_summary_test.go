package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gongkai/gongkai/report"
	"github.com/gongkai/gongkai/verify"
)

// Rows whose cells were edited are named in the summary.
func TestSummarizeVerifyNamesEditedRows(t *testing.T) {
	out := &verify.Outcome{
		List:     &report.List{Path: "list.xlsx"},
		Verdicts: []report.Verdict{{Row: 2, Result: report.VerdictUnknown + "（表格内容被修改）"}, {Row: 5, Result: report.VerdictFixed}},
		Edited:   []int{2},
		Written:  "list.xlsx",
	}
	var buf bytes.Buffer
	summarizeVerify(&buf, out)
	if !strings.Contains(buf.String(), "表格内容被修改") || !strings.Contains(buf.String(), "row 2;") {
		t.Errorf("summary does not name row 2:\n%s", buf.String())
	}
}
