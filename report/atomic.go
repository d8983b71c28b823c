package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// textWriter renders a report in one text format (WriteJSON, WriteJUnit,
// WriteMarkdown).
type textWriter func(w io.Writer, r *Report) error

// writeTextFile writes r with write to path, or to stdout when path is "-". A
// file is written atomically (see writeFileAtomic). stdout is a parameter so
// that commands can pass cobra's OutOrStdout and tests can capture it.
func writeTextFile(path string, stdout io.Writer, r *Report, write textWriter) error {
	if path == "-" {
		return write(stdout, r)
	}
	return writeFileAtomic(path, func(w io.Writer) error { return write(w, r) })
}

// WriteJSONFile writes the JSON report to path ("-" for stdout).
func WriteJSONFile(path string, stdout io.Writer, r *Report) error {
	return writeTextFile(path, stdout, r, WriteJSON)
}

// WriteJUnitFile writes the JUnit XML report to path ("-" for stdout).
func WriteJUnitFile(path string, stdout io.Writer, r *Report) error {
	return writeTextFile(path, stdout, r, WriteJUnit)
}

// WriteMarkdownFile writes the Markdown summary to path ("-" for stdout).
func WriteMarkdownFile(path string, stdout io.Writer, r *Report) error {
	return writeTextFile(path, stdout, r, WriteMarkdown)
}

// writeFileAtomic writes a report to path. A regular file (or a new one) is
// written through a temporary file in the same directory and renamed into
// place, so readers (and a previous report at path) never see a half-written
// file; the temporary file is removed on any error. A symbolic link is
// followed: its target gets the content and the link stays. Anything that is
// not a regular file — /dev/null, a terminal, a named pipe — is written
// through: renaming over it would replace the device with a file.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	target, through, err := OutputTarget(path)
	if err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if through {
		return writeThrough(path, write)
	}
	return writeRenamed(target, write)
}

// ErrOutputIsDir is an output path naming a directory.
var ErrOutputIsDir = errors.New("is a directory")

// NotWritableError is an output directory where no file can be created;
// Err says why (procfs answers "no such file" for a directory that exists).
type NotWritableError struct{ Err error }

func (e *NotWritableError) Error() string { return "cannot create a file: " + e.Err.Error() }

// maxLinks bounds symbolic links followed, as the kernel does (ELOOP).
const maxLinks = 40

// OutputTarget says where a report for path is written: target is the file
// a temporary file is renamed over (path with its symbolic links followed,
// also a dangling one), or, with through set, path itself is a device or a
// pipe to be written in place.
func OutputTarget(path string) (target string, through bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return "", false, ErrOutputIsDir
	case err == nil && !fi.Mode().IsRegular():
		return path, true, nil
	case err == nil:
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return "", false, err
		}
		return target, false, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", false, err
	}
	// Nothing at path, or a link to nothing yet: the file the links lead to
	// is the one to create.
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return p, false, nil
		}
		if err != nil {
			return "", false, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			return p, false, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", false, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", false, fmt.Errorf("too many levels of symbolic links")
}

// CheckOutput makes sure a report can be written to path before any work
// is done: it returns the directory the file goes in and an error when that
// directory is missing (fs.ErrNotExist), path is a directory
// (ErrOutputIsDir), or a file cannot be created there (*NotWritableError) — tried for real,
// since permission bits say nothing to root and nothing of read-only or
// special file systems. Devices and pipes are written in place and not
// tried.
func CheckOutput(path string) (dir string, err error) {
	target, through, err := OutputTarget(path)
	if errors.Is(err, ErrOutputIsDir) {
		return filepath.Dir(path), err
	}
	if err != nil { // a path under a file, a loop of links …
		return filepath.Dir(path), &NotWritableError{Err: pathErr(err)}
	}
	if through {
		return filepath.Dir(path), nil
	}
	dir = filepath.Dir(target)
	st, err := os.Stat(dir)
	if err != nil {
		return dir, err
	}
	if !st.IsDir() {
		return dir, &NotWritableError{Err: syscall.ENOTDIR}
	}
	probe, err := os.CreateTemp(dir, ".gongkai-probe-*")
	if err != nil {
		return dir, &NotWritableError{Err: pathErr(err)}
	}
	_ = probe.Close()
	return dir, os.Remove(probe.Name())
}

// pathErr is the reason of an *fs.PathError, without the path.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeThrough writes to an existing device or pipe in place.
func writeThrough(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	return nil
}

// writeRenamed writes path through a temporary file beside it.
func writeRenamed(path string, write func(io.Writer) error) (err error) {

	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	defer func() {
		if err != nil {
			// Close may already have happened; its second error is irrelevant.
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err = write(bw); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	// CreateTemp makes the file 0600; a report is an ordinary document.
	if err = tmp.Chmod(0o644); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %q: %w", path, err)
	}
	return nil
}

// WriteBytesFile writes data to path whole or not at all, as every output
// (a queue's stored JSON report written out by `batch report`).
func WriteBytesFile(path string, data []byte) error {
	return writeFileAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
