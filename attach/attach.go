// Package attach reads the text of attachments (xlsx, docx, pdf, csv, txt …).
//
// PLACEHOLDER written by the lead so the tree builds while the real package
// is being written: replace this file entirely.
package attach

import "errors"

// ErrUnreadable wraps every "cannot read this file" case.
var ErrUnreadable = errors.New("unreadable")

// Supported reports whether a file name is worth downloading for its text.
func Supported(name string) bool { return false }

// Text extracts the text of an attachment.
func Text(name, contentType string, data []byte) (string, error) { return "", ErrUnreadable }
