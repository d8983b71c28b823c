package checks

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// multiMatcher tells which of a fixed set of words occur in a text, in one
// pass over its bytes (Aho–Corasick): a dictionary rule that looked for
// each of its words with strings.Index spent 12 % of a scan's CPU there,
// since the first byte of every Chinese character is one of a few values.
type multiMatcher struct {
	next [][256]int32 // goto function completed with failure transitions
	out  [][]int      // words ending at each state
	n    int
}

func newMultiMatcher(words []string) *multiMatcher {
	m := &multiMatcher{next: [][256]int32{{}}, out: [][]int{nil}, n: len(words)}
	for i := range m.next[0] {
		m.next[0][i] = -1
	}
	for wi, w := range words {
		s := int32(0)
		for j := 0; j < len(w); j++ {
			c := w[j]
			if m.next[s][c] < 0 {
				var row [256]int32
				for k := range row {
					row[k] = -1
				}
				m.next = append(m.next, row)
				m.out = append(m.out, nil)
				m.next[s][c] = int32(len(m.next) - 1)
			}
			s = m.next[s][c]
		}
		m.out[s] = append(m.out[s], wi)
	}
	// Breadth first: failure links, and missing transitions filled from them.
	fail := make([]int32, len(m.next))
	var queue []int32
	for c := range 256 {
		if t := m.next[0][c]; t < 0 {
			m.next[0][c] = 0
		} else {
			fail[t] = 0
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		m.out[s] = append(m.out[s], m.out[fail[s]]...)
		for c := range 256 {
			t := m.next[s][c]
			if t < 0 {
				m.next[s][c] = m.next[fail[s]][c]
				continue
			}
			fail[t] = m.next[fail[s]][c]
			queue = append(queue, t)
		}
	}
	return m
}

// present reports, for each word, whether it occurs in text.
func (m *multiMatcher) present(text string) []bool {
	found := make([]bool, m.n)
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = m.next[s][text[i]]
		for _, w := range m.out[s] {
			found[w] = true
		}
	}
	return found
}

// wordSet tells whether a short text holds any of a fixed set of words.
// It is for sets asked of millions of short names (link texts): a
// multiMatcher's table is a kilobyte a state, megabytes for a few dozen
// Chinese words, held for the whole run. Here a bit a BMP rune marks the
// runes a word starts with, and only there are the words compared.
type wordSet struct {
	first   [1 << 16 / 64]uint64
	byFirst map[rune][]string
}

func newWordSet(words ...[]string) *wordSet {
	ws := &wordSet{byFirst: map[rune][]string{}}
	for _, list := range words {
		for _, w := range list {
			r, _ := utf8.DecodeRuneInString(w)
			if r >= 1<<16 || w == "" {
				panic("checks: wordSet takes words starting in the BMP: " + w)
			}
			ws.first[r>>6] |= 1 << (r & 63)
			ws.byFirst[r] = append(ws.byFirst[r], w)
		}
	}
	return ws
}

// any reports whether any word occurs in text.
func (ws *wordSet) any(text string) bool {
	for i, r := range text {
		if r < 1<<16 && ws.first[r>>6]&(1<<(r&63)) != 0 {
			for _, w := range ws.byFirst[r] {
				if strings.HasPrefix(text[i:], w) {
					return true
				}
			}
		}
	}
	return false
}

// literalWords are the alternatives of a regexp written as a|b|c of plain
// words; it panics on anything else (a pattern, a class, an anchor), so
// a filter built from them can never drop what the regexp matches.
func literalWords(re *regexp.Regexp) []string {
	words := strings.Split(re.String(), "|")
	for _, w := range words {
		if w == "" || regexp.QuoteMeta(w) != w {
			panic("checks: " + re.String() + " is not an alternation of plain words")
		}
	}
	return words
}
