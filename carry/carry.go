// Package carry keeps what the office typed when a scan replaces its
// workbook: the 整改状态, 责任科室 and 备注 of every row go into the new
// workbook by fingerprint, rows whose finding is gone move to 已解决 (or to
// 未复查 after an incomplete scan) with their cells, and the replaced file
// is kept beside it as a dated backup. The writer (report.WriteXLSX) only
// writes what this decides.
package carry

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gongkai/gongkai/report"
)

// Result says what happened to the workbook a scan replaces.
type Result struct {
	Path string
	// Backup is where the replaced workbook was kept ("" when there was
	// none to replace).
	Backup string
	// Carried counts rows whose office cells went into the new workbook;
	// Gone counts those among them whose finding this scan did not report.
	Carried, Gone int
	// GoneSheet is the sheet the Gone rows went to.
	GoneSheet string
	// Unmatched counts typed rows without a fingerprint: they are only in
	// the backup.
	Unmatched int
	// Unreadable says why the replaced workbook could not be read: nothing
	// was carried, and it is kept as Backup.
	Unreadable string
	// Open is true when a lock file says the workbook is open in Excel,
	// WPS or LibreOffice: changes not yet saved there are not carried.
	Open bool
}

// Now is the clock of the backup names (tests set it).
var Now = time.Now

// Prepare reads the workbook at path that the scan is about to replace,
// puts the office's cells into rep (Office, Gone, Unchecked) and keeps the
// file as <name>.bak-<time>.xlsx. Nothing exists at path: nothing to do.
// An error means no backup could be made: the caller must not write.
func Prepare(path string, rep *report.Report) (*Result, error) {
	res := &Result{Path: path}
	// The file replaced is the one a link leads to (the writer follows it);
	// a device or pipe holds no workbook to carry from.
	target, through, err := report.OutputTarget(path)
	if err != nil || through {
		return res, nil
	}
	path = target
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return res, nil // nothing to replace (or not a file: the writer says so)
	}
	res.Open = locked(path)
	prev, err := report.ReadPrevious(path)
	if err != nil {
		res.Unreadable = err.Error()
	} else {
		merge(res, prev, rep)
	}
	// A workbook only gongkai ever wrote, with nothing typed in it, holds
	// nothing a person could lose: no backup piles up on every re-scan.
	if res.Unreadable == "" && !res.Open && !typed(prev) && !report.SavedByPeople(path) {
		return res, nil
	}
	if res.Backup, err = backup(path); err != nil {
		return nil, fmt.Errorf("cannot keep a copy of the workbook %s before replacing it (%v); it was left unchanged — move it away or choose another --xlsx path", path, err)
	}
	return res, nil
}

// merge decides what of prev goes into rep.
func merge(res *Result, prev []report.PreviousRow, rep *report.Report) {
	current := map[string]bool{}
	for _, f := range rep.Findings {
		current[f.Fingerprint] = true
	}
	for _, f := range rep.Resolved {
		current[f.Fingerprint] = true
	}
	seen := map[string]bool{}
	for _, r := range prev {
		fp := r.Finding.Fingerprint
		if fp == "" {
			if r.Typed() {
				res.Unmatched++
			}
			continue
		}
		if seen[fp] {
			continue // the first row of a fingerprint wins: 整改清单 before 已解决
		}
		// A row of 已解决 or 未复查 nobody filled in has nothing to keep.
		if !current[fp] && r.Sheet != report.SheetList && !r.Typed() {
			continue
		}
		seen[fp] = true
		if rep.Office == nil {
			rep.Office = map[string]report.OfficeCells{}
		}
		rep.Office[fp] = r.Office
		res.Carried++
		if current[fp] {
			continue
		}
		res.Gone++
		f := r.Finding
		f.Status = ""
		// An incomplete scan may not have looked where the problem was.
		if rep.Complete {
			rep.Gone, res.GoneSheet = append(rep.Gone, f), report.SheetResolved
		} else {
			rep.Unchecked, res.GoneSheet = append(rep.Unchecked, f), report.SheetUnchecked
		}
	}
}

// typed reports whether any row carries a cell a person typed.
func typed(prev []report.PreviousRow) bool {
	for _, r := range prev {
		if r.Typed() {
			return true
		}
	}
	return false
}

// backup keeps path as <name>.bak-<time>.xlsx beside it: a hard link
// (the new workbook is renamed over path, so the old file lives on under
// the new name), else a copy.
func backup(path string) (string, error) {
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	if !strings.EqualFold(ext, ".xlsx") {
		base, ext = path, ".xlsx"
	}
	stamp := Now().Format("20060102-150405")
	for n := 1; n < 100; n++ {
		name := base + ".bak-" + stamp + ext
		if n > 1 {
			name = fmt.Sprintf("%s.bak-%s-%d%s", base, stamp, n, ext)
		}
		err := os.Link(path, name)
		if err == nil {
			return name, nil
		}
		if errors.Is(err, os.ErrExist) {
			continue
		}
		if err := copyFile(path, name); err != nil {
			if errors.Is(err, os.ErrExist) {
				continue
			}
			return "", err
		}
		return name, nil
	}
	return "", errors.New("too many backups with the same time")
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(dst)
		}
	}()
	if _, err = io.Copy(out, in); err != nil {
		return err
	}
	return out.Sync()
}

// locked reports whether an office suite's lock file sits beside path:
// Excel and WPS write ~$name, LibreOffice .~lock.name#.
func locked(path string) bool {
	dir, name := filepath.Split(path)
	for _, lock := range []string{"~$" + name, ".~lock." + name + "#"} {
		if _, err := os.Stat(filepath.Join(dir, lock)); err == nil {
			return true
		}
	}
	return false
}

// Notes are the lines to print on stderr about the replaced workbook:
// warnings (always shown) and information (not with --quiet).
func (r *Result) Notes() (warnings, info []string) {
	if r == nil || r.Backup == "" {
		return nil, nil
	}
	if r.Unreadable != "" {
		warnings = append(warnings, fmt.Sprintf("the workbook being replaced could not be read, so nothing typed in it was carried over: %s; it is kept as %s", r.Unreadable, r.Backup))
	}
	if r.Open {
		warnings = append(warnings, fmt.Sprintf("%s seems to be open in Excel, WPS or LibreOffice: changes not saved there are not in the new workbook; the saved file is kept as %s", r.Path, r.Backup))
	}
	if r.Unmatched > 0 {
		warnings = append(warnings, fmt.Sprintf("%d rows of the replaced workbook have no 指纹 and could not be matched; their 整改状态, 责任科室 and 备注 are in %s", r.Unmatched, r.Backup))
	}
	if r.Unreadable == "" {
		msg := fmt.Sprintf("carried 整改状态, 责任科室 and 备注 of %d rows over from the workbook being replaced", r.Carried)
		if r.Gone > 0 {
			msg += fmt.Sprintf(" (%d no longer found, now in sheet %s)", r.Gone, r.GoneSheet)
		}
		info = append(info, msg+"; the previous workbook is kept as "+r.Backup)
	}
	return warnings, info
}
