package checks

import (
	"math/rand"
	"strings"
	"testing"
)

// containsLower must answer as strings.Contains(strings.ToLower(s), …)
// does, on mixed case, the two non-ASCII runes that lower to ASCII letters
// (İ, K), Chinese text and broken UTF-8.
func TestContainsLowerAsToLower(t *testing.T) {
	needles := []string{"document.write", "d", "ik", "write("}
	pieces := []string{"d", "D", "o", "O", "c", "u", "m", "e", "n", "t", ".", "w", "W", "r", "i", "I", "İ", "K", "k",
		"e", "(", "写", "\xe2", "\xff", "document", "DOCUMENT", ".write", ".WRİTE", " "}
	rng := rand.New(rand.NewSource(13))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.Intn(12); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := b.String()
		for _, nd := range needles {
			if got, want := containsLower(s, nd), strings.Contains(strings.ToLower(s), nd); got != want {
				t.Fatalf("containsLower(%q, %q) = %v, want %v", s, nd, got, want)
			}
		}
	}
	for _, c := range []struct {
		s, needle string
		want      bool
	}{
		{"Document.Write('<div>')", "document.write", true},
		{"document.wrİte(x)", "document.write", true},
		{"document.writ", "document.write", false},
		{"写入 document。write", "document.write", false},
	} {
		if got := containsLower(c.s, c.needle); got != c.want {
			t.Errorf("containsLower(%q, %q) = %v, want %v", c.s, c.needle, got, c.want)
		}
	}
}
