package report

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWriteJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, sampleReport()); err != nil {
		t.Fatal(err)
	}
	// Keep the golden file small: the long evidence is tested elsewhere.
	got := strings.ReplaceAll(buf.String(), strings.Repeat("证", 40000), "证…")
	golden(t, "report.golden.json", []byte(got))
}

func TestWriteJSONShape(t *testing.T) {
	r := sampleReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`"title": "关于2025年低保对象的公示 <名单> & 附件"`, // no HTML escaping
		`"started_at": "2026-01-15T09:30:00+08:00"`,
		`"referrers": [`,
		`"resolved": [`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s", want)
		}
	}
	if strings.Contains(out, `"Rules"`) || strings.Contains(out, `"rules"`) {
		t.Error("the rule catalogue is not part of the JSON contract")
	}
	var back Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	r.Rules = nil
	if !back.StartedAt.Equal(r.StartedAt) || !back.FinishedAt.Equal(r.FinishedAt) {
		t.Errorf("timestamps differ: %v %v", back.StartedAt, back.FinishedAt)
	}
	back.StartedAt, back.FinishedAt = r.StartedAt, r.FinishedAt // *Location differs
	if !reflect.DeepEqual(&back, r) {
		t.Errorf("round trip differs:\n got %+v\nwant %+v", back, *r)
	}
	for _, ts := range []string{"started_at", "finished_at"} {
		var m map[string]any
		_ = json.Unmarshal(buf.Bytes(), &m)
		if _, err := time.Parse(time.RFC3339, m[ts].(string)); err != nil {
			t.Errorf("%s is not RFC 3339: %v", ts, err)
		}
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	r := emptyReport()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"findings": []`, `"veto": []`, `"deductions": {}`, `"complete": false`, `"stop_reason": "达到时间上限"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	for _, bad := range []string{"null", `"resolved"`} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %s:\n%s", bad, out)
		}
	}
	if r.Findings != nil || r.Score.Veto != nil || r.Score.Deductions != nil {
		t.Error("WriteJSON modified its input")
	}
}

func TestWriteTextFiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		file  func(path string, stdout io.Writer, r *Report) error
		write func(w io.Writer, r *Report) error
	}{
		{name: "json", file: WriteJSONFile, write: WriteJSON},
		{name: "junit", file: WriteJUnitFile, write: WriteJUnit},
		{name: "markdown", file: WriteMarkdownFile, write: WriteMarkdown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sampleReport()
			var want bytes.Buffer
			if err := tc.write(&want, r); err != nil {
				t.Fatal(err)
			}
			var stdout bytes.Buffer
			if err := tc.file("-", &stdout, r); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(stdout.Bytes(), want.Bytes()) {
				t.Error(`"-" did not write the report to stdout`)
			}
			dir := t.TempDir()
			path := filepath.Join(dir, "out")
			stdout.Reset()
			if err := tc.file(path, &stdout, r); err != nil {
				t.Fatal(err)
			}
			if stdout.Len() != 0 {
				t.Error("a file path also wrote to stdout")
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, want.Bytes()) {
				t.Error("file content differs from the writer's output")
			}
			assertDir(t, dir, "out")
			if err := tc.file(filepath.Join(dir, "missing", "out"), &stdout, r); err == nil {
				t.Error("writing into a missing directory succeeded")
			}
		})
	}
}
