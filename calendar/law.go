package calendar

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Dated legal requirements. Requirements change (the 政府信息公开条例 of 2008
// set 3月31日 for every body's annual report; its 2019 revision set 1月31日
// for departments): a rule judges an obligation by the text in force on the
// day it fell due and cites that text. They are data beside the calendar,
// never `if year < 2019` in rule code.

//go:embed law/requirements.json
var lawJSON []byte

// LegalText is one version of a law or regulation and when it was in force.
type LegalText struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	From string `json:"from"`         // YYYY-MM-DD, first day in force
	To   string `json:"to,omitempty"` // YYYY-MM-DD, last day in force; empty = still in force
	// Cites are phrases by which a document cites this version.
	Cites []string `json:"cites,omitempty"`

	from, to time.Time
}

// Requirement is one obligation as one text worded it.
type Requirement struct {
	Obligation string `json:"obligation"`
	TextID     string `json:"text"`
	Due        string `json:"due,omitempty"` // MM-DD in the year after the one reported on
	Basis      string `json:"basis"`
	// Ref is the short citation a finding's evidence uses (2008年条例第三十一条).
	Ref string `json:"ref"`
	// BindsFrom is the first day the obligation binds when that is later
	// than the text's own date (国办发〔2019〕54号 of 2020 gave county
	// governments until the end of 2020: YYYY-MM-DD; empty = from the text).
	BindsFrom string `json:"binds_from,omitempty"`
	// Text is the version that sets it.
	Text *LegalText `json:"-"`

	binds time.Time
}

// InForce reports whether the requirement bound on day t: its text in
// force, and its own start (BindsFrom) reached.
func (r Requirement) InForce(t time.Time) bool {
	return r.Text.InForce(t) && !dayStart(t).Before(r.binds)
}

// Binds is the first day the requirement binds.
func (r Requirement) Binds() time.Time {
	if r.binds.After(r.Text.from) {
		return r.binds
	}
	return r.Text.from
}

// InForce reports whether the text was in force on day t.
func (l *LegalText) InForce(t time.Time) bool {
	d := dayStart(t)
	return !d.Before(l.from) && (l.to.IsZero() || !d.After(l.to))
}

// Since is the first day in force.
func (l *LegalText) Since() time.Time { return l.from }

type lawData struct {
	Texts        []*LegalText  `json:"texts"`
	Requirements []Requirement `json:"requirements"`
}

var (
	lawOnce sync.Once
	law     lawData
	lawErr  error
)

func loadLaw() (lawData, error) {
	lawOnce.Do(func() { law, lawErr = parseLaw(lawJSON) })
	return law, lawErr
}

func parseLaw(b []byte) (lawData, error) {
	var d lawData
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&struct {
		Comment string `json:"comment"`
		*lawData
	}{lawData: &d}); err != nil {
		return d, fmt.Errorf("legal requirements: %w", err)
	}
	byID := map[string]*LegalText{}
	for _, t := range d.Texts {
		var err error
		if t.from, err = ParseDate(t.From); err != nil {
			return d, fmt.Errorf("legal text %q: from: %w", t.ID, err)
		}
		if t.To != "" {
			if t.to, err = ParseDate(t.To); err != nil {
				return d, fmt.Errorf("legal text %q: to: %w", t.ID, err)
			}
		}
		byID[t.ID] = t
	}
	for i := range d.Requirements {
		r := &d.Requirements[i]
		if r.Text = byID[r.TextID]; r.Text == nil {
			return d, fmt.Errorf("requirement %q: unknown text %q", r.Obligation, r.TextID)
		}
		if r.BindsFrom != "" {
			var err error
			if r.binds, err = ParseDate(r.BindsFrom); err != nil {
				return d, fmt.Errorf("requirement %q: binds_from: %w", r.Obligation, err)
			}
		}
		if r.Due != "" {
			if _, err := time.Parse("2006-01-02", "2024-"+r.Due); err != nil {
				return d, fmt.Errorf("requirement %q: due %q: %w", r.Obligation, r.Due, err)
			}
		}
	}
	sort.SliceStable(d.Requirements, func(i, j int) bool {
		return d.Requirements[i].Text.from.Before(d.Requirements[j].Text.from)
	})
	return d, nil
}

// RequirementOn returns the wording of obligation in force on day t. ok is
// false when no text imposed it then (before the first one took effect).
func RequirementOn(obligation string, t time.Time) (Requirement, bool) {
	d, err := loadLaw()
	if err != nil {
		panic(err) // embedded data, checked by a test
	}
	for _, r := range d.Requirements {
		if r.Obligation == obligation && r.InForce(t) {
			return r, true
		}
	}
	return Requirement{}, false
}

// YearlyDue returns the requirement that governs a yearly obligation for
// year (due in year+1 on its MM-DD) and that due date: the version whose
// own due date falls while it is in force. A 2018 report was due by
// 2019-03-31 under the 2008 text, whatever the 2019 revision later said;
// a 2019 department report by 2020-01-31. ok is false when no version
// applies (the obligation did not exist yet).
func YearlyDue(obligation string, year int) (r Requirement, due time.Time, ok bool) {
	d, err := loadLaw()
	if err != nil {
		panic(err)
	}
	for _, c := range d.Requirements {
		if c.Obligation != obligation || c.Due == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", fmt.Sprintf("%04d-%s", year+1, c.Due), Location)
		if err != nil {
			continue
		}
		if c.InForce(t) {
			r, due, ok = c, t, true // later versions win if both apply
		}
	}
	return r, due, ok
}

// Texts returns every legal text known, oldest first.
func Texts() []*LegalText {
	d, err := loadLaw()
	if err != nil {
		panic(err)
	}
	return d.Texts
}

func dayStart(t time.Time) time.Time {
	y, m, dd := t.In(Location).Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, Location)
}
