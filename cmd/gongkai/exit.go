package main

import (
	"errors"
	"fmt"
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

// exitCode maps an error to the process exit code. Errors without a code are
// usage errors only when cobra produced them (unknown flag, bad argument
// count); anything else is a failed run, never 1.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitUsage
}
