package checks

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The matcher agrees with strings.Contains on random texts built from the
// words' own pieces (overlaps, prefixes, CJK bytes).
func TestMultiMatcherAgreesWithContains(t *testing.T) {
	words := []string{"国土资源局", "国土资源", "资源局", "卫生和计划生育委员会", "卫生计生委", "计生", "实是求是", "a", "ab", "bab"}
	m := newMultiMatcher(words)
	pieces := []string{"国土", "资源", "局", "卫生", "和计划生育", "委员会", "计生委", "实是", "求是", "a", "b", "。", " "}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		text := b.String()
		got := m.present(text)
		for i, w := range words {
			if got[i] != strings.Contains(text, w) {
				t.Fatalf("%q in %q: matcher %v, strings.Contains %v", w, text, got[i], !got[i])
			}
		}
	}
}
