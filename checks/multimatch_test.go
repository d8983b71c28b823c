package checks

import (
	"iter"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The matcher agrees with strings.Contains on random texts built from the
// words' own pieces (overlaps, prefixes, CJK bytes).
func TestMultiMatcherAgreesWithContains(t *testing.T) {
	words := []string{"国土资源局", "国土资源", "资源局", "卫生和计划生育委员会", "卫生计生委", "计生", "实是求是", "a", "ab", "bab"}
	m := newMultiMatcher(words)
	pieces := []string{"国土", "资源", "局", "卫生", "和计划生育", "委员会", "计生委", "实是", "求是", "a", "b", "。", " "}
	for text := range randomTexts(1, pieces, 12) {
		got := m.present(text)
		for i, w := range words {
			if got[i] != strings.Contains(text, w) {
				t.Fatalf("%q in %q: matcher %v, strings.Contains %v", w, text, got[i], !got[i])
			}
		}
	}
}

// The vocabulary and the platform's names keep only names holding a word a
// rule asks about (issue 7's memory bound): every such name stays, an
// article title goes.
func TestVocabularyKeepsOnlyWhatRulesAsk(t *testing.T) {
	asked := slices.Concat(literalWords(edSection), literalWords(edPowers), literalWords(grCatalogueName), grAreaWords())
	for _, w := range asked {
		if !vocabularyWords.any("本县" + w) {
			t.Errorf("vocabulary drops %q, which a rule asks about", "本县"+w)
		}
	}
	for _, it := range gkArticle20 {
		for _, w := range it.words {
			if !gkItemWords.any(w + "栏目") {
				t.Errorf("platform names drop %q, which item %s asks about", w+"栏目", it.num)
			}
		}
	}
	for _, title := range []string{"关于开展春季植树活动的通知", "县长主持召开常务会议"} {
		if vocabularyWords.any(title) || gkItemWords.any(title) {
			t.Errorf("%q is kept, though no rule asks about it", title)
		}
	}
}

// literalWords refuses a regexp that is more than plain words, so a filter
// built from it cannot drop a name the regexp would match.
func TestLiteralWordsRefusesPatterns(t *testing.T) {
	if got := literalWords(regexp.MustCompile(`权责清单|权力清单`)); !slices.Equal(got, []string{"权责清单", "权力清单"}) {
		t.Errorf("literalWords = %q", got)
	}
	for _, expr := range []string{`执法.*公示|双公示`, `^标准目录`, `a||b`, `(?:a|b)`} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("literalWords(%q) did not refuse it", expr)
				}
			}()
			literalWords(regexp.MustCompile(expr))
		}()
	}
}

// wordSet agrees with strings.Contains, whatever runes surround the words.
func TestWordSetAgreesWithContains(t *testing.T) {
	words := []string{"权责清单", "权力清单", "清单", "双公示", "标准目录", "a1"}
	ws := newWordSet(words[:3], words[3:])
	pieces := []string{"权", "责", "清", "单", "力", "双", "公", "示", "标准", "目录", "a", "1", "x", "😀", " "}
	for text := range randomTexts(2, pieces, 8) {
		want := false
		for _, w := range words {
			want = want || strings.Contains(text, w)
		}
		if got := ws.any(text); got != want {
			t.Fatalf("any(%q) = %v, want %v", text, got, want)
		}
	}
}

// gkColumnNameOf is gkColumnName keeping only names with a word, whatever
// spaces split the word or the name.
func TestGkColumnNameOfIsTheFilteredName(t *testing.T) {
	pieces := []string{"权责", "清单", "双公", "示", " ", "\u3000", "2025年", "通知", "关于", "标准目录"}
	for text := range randomTexts(3, pieces, 7) {
		wn, wok := gkColumnName(text)
		wok = wok && vocabularyWords.any(wn)
		n, ok := gkColumnNameOf(text, vocabularyWords)
		if ok != wok || ok && n != wn {
			t.Fatalf("gkColumnNameOf(%q) = %q, %v; want %q, %v", text, n, ok, wn, wok)
		}
	}
}

// randomTexts yields 20,000 texts of fewer than most pieces each, drawn
// from pieces with a fixed seed.
func randomTexts(seed uint64, pieces []string, most int) iter.Seq[string] {
	return func(yield func(string) bool) {
		r := rand.New(rand.NewPCG(seed, seed+1))
		for range 20000 {
			var b strings.Builder
			for range r.IntN(most) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			if !yield(b.String()) {
				return
			}
		}
	}
}
