package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// writeFileAtomic writes path through a temporary file in the same directory
// and renames it into place, so readers (and a previous report at path) never
// see a half-written file. The temporary file is removed on any error.
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
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
