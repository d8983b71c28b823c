package checks

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
