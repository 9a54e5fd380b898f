package guard

import (
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// The trie walk marks what looking every prefix length up in byPrefix
// marked, for the lexicon's and the idioms' indexes, on every labelled
// guard row and on look-alikes: a word longer than every prefix, one a
// prefix is part of but does not begin ("skill" for "kill"), a lone
// space, a word at the very end.
func TestNeedTrieMarksAsMap(t *testing.T) {
	texts := append(speedRows(t), " ", "", " kill", " skill ", " killkillkillkillkillkill ", "x kill")
	for _, ix := range []*needIndex{lexiconNeeds(), idiomNeeds()} {
		n := (len(lexicon) + len(idiomList) + 63) / 64
		marked := 0
		for _, text := range texts {
			for _, s := range []string{text, normalize(analysis.Of(text).Text)} {
				got, want := make([]uint64, n), make([]uint64, n)
				ix.mark(s, got)
				ix.markByMap(s, want)
				if !slices.Equal(got, want) {
					t.Fatalf("%q: trie marks %x, map %x", s, got, want)
				}
				for _, w := range got {
					if w != 0 {
						marked++
						break
					}
				}
			}
		}
		if marked < 1000 {
			t.Fatalf("only %d texts marked anything: the comparison proves little", marked)
		}
	}
}

// markByMap is mark as it was before the trie.
func (ix *needIndex) markByMap(text string, set []uint64) {
	for _, i := range ix.always {
		set[i/64] |= 1 << (i % 64)
	}
	for i := 0; i < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != ' ' && j-i-1 < ix.maxLen {
			j++
			for _, r := range ix.byPrefix[text[i+1:j]] {
				set[r/64] |= 1 << (r % 64)
			}
		}
	}
}

// groups.named, trying each word only with the phrases it starts, answers
// what trying every phrase at every word answered, on every labelled
// guard row and on look-alikes that hold a phrase's first word alone.
func TestGroupNamedByFirstWord(t *testing.T) {
	loadLexicon()
	texts := speedRows(t)
	for _, p := range append(slices.Clone(groups.nounPhrases), groups.adjPhrases...) {
		texts = append(texts, p[0], strings.Join(p, " "), strings.Join(p, " ")+" people", "the "+p[0]+" x")
	}
	named := 0
	for _, text := range texts {
		for _, s := range []string{text, normalize(analysis.Of(text).Text)} {
			got, want := groups.named(s), groups.namedByScan(s)
			if got != want {
				t.Fatalf("%q: by first word %v, by scan %v", s, got, want)
			}
			if got {
				named++
			}
		}
	}
	if named < 1000 {
		t.Fatalf("only %d texts name a group: the comparison proves little", named)
	}
}

// namedByScan is groups.named as it was: every phrase tried at every word.
func (g groupIndex) namedByScan(norm string) bool {
	words := strings.Fields(norm)
	for i, w := range words {
		if g.nouns[w] {
			return true
		}
		if g.adjs[w] && i+1 < len(words) && g.people[words[i+1]] {
			return true
		}
		for _, p := range g.nounPhrases {
			if hasPhrase(words[i:], p) {
				return true
			}
		}
		for _, p := range g.adjPhrases {
			if hasPhrase(words[i:], p) && i+len(p) < len(words) && g.people[words[i+len(p)]] {
				return true
			}
		}
	}
	return false
}
