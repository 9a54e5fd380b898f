package guard

import (
	"math/bits"
	"sync"
)

// The shortcuts of the built-in layer's hot path, all derived from the
// rules when they load (never a hand list of cheap rules), so they stay
// right as rules are added: the idioms' needed-word index and category
// masks here, the literal requirements and their automaton in
// literals.go. Each one only saves time: TestShortcutsNeverChangeVerdicts
// holds scanFast to scanClassic, the prefilters before them, with
// identical scores, cues and idioms on every non-blind labelled row and
// its evasion variants.

// catBit returns c's bit in a category mask (see catMask); a category
// outside Categories has none.
func catBit(c Category) uint32 {
	for i, k := range Categories {
		if k == c {
			return 1 << i
		}
	}
	return 0
}

// catMask returns the mask of cats, so a rule's category is one AND
// instead of a search of cats per rule.
func catMask(cats []Category) uint32 {
	var m uint32
	for _, c := range cats {
		m |= catBit(c)
	}
	return m
}

// lexiconCats holds the category bit of each lexicon rule.
var lexiconCats = sync.OnceValue(func() []uint32 {
	loadLexicon()
	out := make([]uint32, len(lexicon))
	for i := range lexicon {
		out[i] = catBit(lexicon[i].cat)
	}
	return out
})

// lexiconRaw marks the raw lexicon rules, one bit each as in a
// candidate set: the fast path tries them whatever the candidates.
var lexiconRaw = sync.OnceValue(func() []uint64 {
	loadLexicon()
	out := make([]uint64, (len(lexicon)+63)/64)
	for i := range lexicon {
		if lexicon[i].raw {
			out[i/64] |= 1 << (i % 64)
		}
	}
	return out
})

// nextRule returns the first rule index from i on whose bit is set in
// cand or raws (both of one length), or len(cand)*64 when none is.
func nextRule(cand, raws []uint64, i int) int {
	w := i / 64
	if w >= len(cand) {
		return len(cand) * 64
	}
	x := (cand[w] | raws[w]) &^ (1<<(i%64) - 1)
	for x == 0 {
		w++
		if w >= len(cand) {
			return len(cand) * 64
		}
		x = cand[w] | raws[w]
	}
	return w*64 + bits.TrailingZeros64(x)
}

// idiomNeeds indexes the idioms' needed word prefixes the way
// lexiconNeeds does the rules': one pass over the text's words marks the
// idioms worth trying, instead of a substring search per idiom and prefix.
var idiomNeeds = sync.OnceValue(func() *needIndex {
	loadLexicon()
	needs := make([][]string, len(idiomList))
	for i, id := range idiomList {
		needs[i] = id.need
	}
	return newNeedIndex(needs, nil)
})

// newNeedIndex indexes needs[i], the " prefix" strings of item i (see
// needs); skip[i] leaves item i out (raw rules, whose needs are plain
// substrings).
func newNeedIndex(needs [][]string, skip []bool) *needIndex {
	ix := &needIndex{byPrefix: map[string][]int32{}, maxLen: 1}
	for i, need := range needs {
		if skip != nil && skip[i] {
			continue
		}
		if len(need) == 0 {
			ix.always = append(ix.always, int32(i))
			continue
		}
		for _, p := range need {
			p = p[1:]
			if l := ix.byPrefix[p]; len(l) > 0 && l[len(l)-1] == int32(i) {
				continue
			}
			ix.byPrefix[p] = append(ix.byPrefix[p], int32(i))
			ix.maxLen = max(ix.maxLen, len(p))
		}
	}
	ix.trie = newNeedTrie(ix.byPrefix)
	return ix
}

// mark sets, in set (one bit per indexed item, zeroed by the caller), the
// items with no need and those one of whose needed prefixes starts a
// chunk of text that follows a space: the items hasAny(text, need) lets
// through, as a need holds no space.
func (ix *needIndex) mark(text string, set []uint64) {
	for _, i := range ix.always {
		set[i/64] |= 1 << (i % 64)
	}
	// The trie walk looks up exactly the prefixes text[i+1:j] that
	// byPrefix holds, stopping where none begins so (and so by maxLen).
	for i := 0; i < len(text); i++ {
		if text[i] != ' ' {
			continue
		}
		n := int32(0)
		for j := i + 1; j < len(text) && text[j] != ' '; j++ {
			if n = ix.trie.child(n, text[j]); n < 0 {
				break
			}
			for _, r := range ix.trie.items[n] {
				set[r/64] |= 1 << (r % 64)
			}
		}
	}
}

// scanMode says which shortcuts a scan takes; each only saves time.
type scanMode uint8

const (
	// scanFull tries every idiom and rule: the reference.
	scanFull scanMode = iota
	// scanClassic takes the prefilters of 8c460b1 (needed prefixes by
	// substring search, literal requirements, the group check), against
	// which the tests hold scanFast on every row.
	scanClassic
	// scanFast adds the shortcuts of this file; builtin reads with it.
	scanFast
)
