package report

import (
	"encoding/json"
	"io"

	"github.com/gongkai/gongkai/checks"
)

// WriteJSON writes r as indented UTF-8 JSON in the shape of the public
// contract. Absent lists and maps are written as [] and {} rather than null,
// because scripts iterate over them without checking; <, > and & stay
// literal because the output is read by people and jq, never embedded in HTML.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r // shallow copy: r is not modified
	if out.Findings == nil {
		out.Findings = []checks.Finding{}
	}
	if out.Score.Veto == nil {
		out.Score.Veto = []string{}
	}
	if out.Score.Deductions == nil {
		out.Score.Deductions = map[string]float64{}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
