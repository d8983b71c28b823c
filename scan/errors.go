package scan

import (
	"errors"
	"fmt"
)

// The kinds of error a run ends with. Commands choose the exit code with
// errors.Is: a usage error exits 2, a failed run 3.
var (
	// ErrUsage is a mistake in the user's options or files.
	ErrUsage = errors.New("usage error")
	// ErrFailed is a run that could not be done (a site that cannot be
	// fetched, an output that cannot be written).
	ErrFailed = errors.New("run failed")
)

// ErrInterrupted is the cancellation cause the command uses for Ctrl-C.
var ErrInterrupted = errors.New("扫描被用户中断（Ctrl-C）")

// errTimeBudget is the cancellation cause of --max-time.
var errTimeBudget = errors.New("已用完 --max-time 设定的扫描时间")

// Error is a run's error: one sentence for the user (Error), its kind
// (ErrUsage or ErrFailed, for errors.Is) and the error it came from, if
// the sentence was made with %w.
type Error struct {
	Kind error
	Msg  string
	Err  error
}

func (e *Error) Error() string { return e.Msg }

// Is reports the error's kind.
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap returns the error the sentence was made from, or nil.
func (e *Error) Unwrap() error { return e.Err }

// Usagef is a usage error (ErrUsage) with the sentence the format makes.
func Usagef(format string, args ...any) error { return newError(ErrUsage, format, args...) }

// Failedf is a failed run (ErrFailed) with the sentence the format makes.
func Failedf(format string, args ...any) error { return newError(ErrFailed, format, args...) }

func newError(kind error, format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return &Error{Kind: kind, Msg: err.Error(), Err: errors.Unwrap(err)}
}
