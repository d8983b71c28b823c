package scan

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gongkai/gongkai/carry"
	"github.com/gongkai/gongkai/report"
)

// output is one output file a run will write, by the flag that named it.
type output struct{ flag, path string }

// outputs lists the run's outputs. host names the default workbook; ""
// leaves it out (not known yet).
func outputs(o *Options, host string) []output {
	if o.NoOutputs {
		return nil
	}
	xlsx := o.XLSXPath
	if xlsx == "" && host != "" {
		xlsx = DefaultWorkbookName(host, o.AsOf.Format("2006-01-02"))
	}
	var outs []output
	for _, out := range []output{
		{"--xlsx", xlsx}, {"--json", o.JSONPath}, {"--junit", o.JUnitPath}, {"--markdown", o.MarkdownPath},
		{"--warc", o.WARCPath},
		{"--html", o.HTMLPath},
	} {
		if out.path != "" {
			outs = append(outs, out)
		}
	}
	return outs
}

// checkOutputs refuses, before any request, two outputs that would land in
// the same place and an output that cannot be written, rather than after a
// crawl of several hours.
func checkOutputs(o *Options, host string) error {
	if o.WARCPath == "-" {
		return Usagef("--warc needs a file name (a WARC is not written to standard output), e.g. --warc site.warc.gz")
	}
	outs := outputs(o, host)
	if err := checkClashes(outs, o.Stdout); err != nil {
		return err
	}
	for _, out := range outs {
		if out.path == "-" && out.flag != "--xlsx" {
			continue
		}
		if err := CheckOutput(out.flag, out.path); err != nil {
			return err
		}
	}
	return nil
}

// CheckOutput fails with a usage error (ErrUsage) naming flag and path when nothing can
// be written at path: its directory is missing (never created silently),
// is not a directory or is not writable, or path is a directory.
func CheckOutput(flag, path string) error {
	dir, err := report.CheckOutput(path)
	var nw *report.NotWritableError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, report.ErrOutputIsDir):
		return Usagef("%s %s is a directory; give the name of a file (in it, or elsewhere)", flag, path)
	case errors.As(err, &nw):
		why := nw.Err.Error()
		if errors.Is(nw.Err, fs.ErrNotExist) {
			why = "it takes no new files"
		}
		return Usagef("%s %s: cannot create a file in %s (%s); choose a writable directory", flag, path, dir, why)
	case errors.Is(err, fs.ErrNotExist):
		return Usagef("%s %s: the directory %s does not exist; create it or choose another path", flag, path, dir)
	}
	return Usagef("%s %s: cannot create a file in %s (%v); choose a writable directory", flag, path, dir, unwrapPathErr(err))
}

// checkClashes refuses two outputs written to the same file or both to
// stdout: one would overwrite the other, or two formats would be mixed.
// /dev/null may take any number of them.
func checkClashes(outs []output, stdout any) error {
	var stdoutInfo fs.FileInfo
	if f, ok := stdout.(*os.File); ok {
		stdoutInfo, _ = f.Stat()
	}
	type seen struct {
		flag string
		key  string
		info fs.FileInfo
	}
	var prev []seen
	for _, out := range outs {
		cur := seen{flag: out.flag}
		if out.path == "-" && out.flag != "--xlsx" {
			cur.key, cur.info = "-", stdoutInfo
		} else {
			cur.key = outputKey(out.path)
			cur.info, _ = os.Stat(out.path)
			if cur.key == os.DevNull {
				continue
			}
		}
		for _, p := range prev {
			same := p.key == cur.key || (p.info != nil && cur.info != nil && os.SameFile(p.info, cur.info))
			if !same {
				continue
			}
			if p.key == "-" || cur.key == "-" {
				return Usagef("%s and %s both write to standard output; send one of them to a file", p.flag, out.flag)
			}
			return Usagef("%s and %s both write %s; give each output its own file", p.flag, out.flag, out.path)
		}
		prev = append(prev, cur)
	}
	return nil
}

// outputKey is where path leads: absolute, symbolic links followed (also in
// the directories of a file not written yet).
func outputKey(path string) string {
	p := path
	if target, through, err := report.OutputTarget(path); err == nil && !through {
		p = target
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// writeOutputs writes the workbook (after carrying over what the office
// typed in the one it replaces) and the text outputs named, and lists the
// files written in order.
func writeOutputs(o Options, host string, rep *report.Report) ([]string, *carry.Result, error) {
	xlsx := o.XLSXPath
	if xlsx == "" {
		xlsx = DefaultWorkbookName(host, rep.AsOf)
	}
	carried, err := WriteWorkbook(xlsx, rep)
	if err != nil {
		return nil, nil, err
	}
	written := []string{xlsx}
	type textOut struct {
		path  string
		write func(string, io.Writer, *report.Report) error
	}
	for _, t := range []textOut{
		{o.JSONPath, report.WriteJSONFile},
		{o.JUnitPath, report.WriteJUnitFile},
		{o.MarkdownPath, report.WriteMarkdownFile},
		{o.HTMLPath, report.WriteHTMLFile},
	} {
		if t.path == "" {
			continue
		}
		if err := t.write(t.path, o.Stdout, rep); err != nil {
			return nil, nil, Failedf("cannot write %s: %v", t.path, err)
		}
		if t.path != "-" {
			written = append(written, t.path)
		}
	}
	return written, carried, nil
}

// WriteWorkbook writes the 整改清单 at path, carrying over what the office
// typed in the workbook it replaces (never lost: a dated backup is kept
// when anything could be).
func WriteWorkbook(path string, rep *report.Report) (*carry.Result, error) {
	carried, err := carry.Prepare(path, rep)
	if err != nil {
		return nil, Failedf("%w", err)
	}
	if err := report.WriteXLSX(path, rep); err != nil {
		return nil, Failedf("cannot write the workbook: %v", err)
	}
	return carried, nil
}
