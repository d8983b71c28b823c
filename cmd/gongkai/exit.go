package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// Exit codes, as the public contract fixes them.
const (
	exitOK          = 0
	exitFailOn      = 1 // --fail-on threshold met
	exitUsage       = 2 // bad flag, argument or configuration
	exitFailed      = 3 // the run failed (nothing could be fetched …)
	exitInterrupted = 130
)

// exitError carries the exit code an error should end the process with.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageErrorf is a user mistake: one clear sentence naming the problem and
// the fix; exit 2.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// failedErrorf is a run that could not be done (exit 3).
func failedErrorf(format string, args ...any) error {
	return &exitError{code: exitFailed, err: fmt.Errorf(format, args...)}
}

// exitCode maps an error to the process exit code. Cobra's own errors
// (unknown flag or command, bad argument count) are usage errors; anything
// else without a code is a failed run (exit 3: `gongkai rules --json
// >/dev/full` could not write), never 1.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if strings.HasPrefix(err.Error(), "unknown command ") {
		return exitUsage // cobra's, untyped
	}
	return exitFailed
}

// message is the sentence a user reads for err: a usage or run error's own
// sentence; an untyped failure (a write that failed) named in words, not
// as Go's error text.
func message(err error) string {
	var ee *exitError
	if errors.As(err, &ee) {
		return err.Error()
	}
	var pe *fs.PathError
	where := ""
	if errors.As(err, &pe) {
		where = pe.Path + ": "
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return where + "磁盘空间不足，输出未能写完；请清理磁盘或换一个输出位置后重试 (no space left on the device)"
	case errors.Is(err, syscall.EPIPE):
		return where + "输出管道已关闭，输出未能写完 (the reader of the output went away)"
	case errors.Is(err, fs.ErrPermission):
		return where + "没有写入权限；请换一个可写的位置 (permission denied)"
	case errors.Is(err, syscall.EIO):
		return where + "读写出错（输入输出错误）；请检查磁盘后重试 (I/O error)"
	}
	return "运行失败：" + err.Error()
}
