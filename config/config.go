// Package config reads the per-site profile (YAML): extra hosts, rules that
// do not apply to this body, an extra holiday calendar. Unknown keys are
// errors, so a typo never silently disables a setting.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Profile is one site's configuration.
type Profile struct {
	// Hosts besides the start host that belong to the site and are crawled
	// (e.g. the 信息公开 platform on its own subdomain).
	Hosts []string `yaml:"hosts"`
	// Disable lists rule IDs that do not apply to this body.
	Disable []string `yaml:"disable"`
	// Calendar is an extra holiday file (same format as the embedded one).
	Calendar string `yaml:"calendar"`
}

// Error is a configuration mistake; its message names the file and, where
// known, the line.
type Error struct {
	File string
	Msg  string
}

func (e *Error) Error() string { return e.File + ": " + e.Msg }

// Load reads a profile file.
func Load(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &Error{File: path, Msg: "no such file; check the --config path"}
		}
		return nil, &Error{File: path, Msg: err.Error()}
	}
	return Parse(path, data)
}

// Parse decodes a profile; name is used in error messages.
func Parse(name string, data []byte) (*Profile, error) {
	var p Profile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil && !errors.Is(err, io.EOF) {
		return nil, &Error{File: name, Msg: cleanYAMLError(err)}
	}
	return &p, nil
}

// cleanYAMLError turns "yaml: unmarshal errors:\n  line 3: field foo not
// found in type config.Profile" into "line 3: unknown key \"foo\"".
func cleanYAMLError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i := strings.Index(l, "field "); i >= 0 && strings.Contains(l, " not found in type") {
			key := strings.TrimSuffix(l[i+len("field "):], l[strings.Index(l, " not found in type"):])
			l = l[:i] + fmt.Sprintf("unknown key %q (known keys: hosts, disable, calendar)", key)
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "; ")
}
