package guard

import (
	"regexp"
	"regexp/syntax"
	"sync"
)

// Most lexicon patterns start with \b and a word ("\b(?:i|ill|we) ..."),
// so every match starts where a word does. Go's regexp has no literal
// prefix to skip to in such a pattern and tries it at every byte; the
// fast path instead tries it anchored (\A) only at the word starts whose
// first byte can begin a match, in order, so the first that matches is
// the leftmost match and its end the one the plain search gives. Slicing
// the text there changes nothing the pattern reads: the byte before a
// word start is not a word character, just as no byte before the text
// is one for \b; patterns reading ^ or \A are left to the plain search.
// This halved the time of the regexps a message runs.

// wordStartRe is a pattern every match of which starts at a word start
// with one of the bytes first.
type wordStartRe struct {
	first [4]uint64
	// pre, when not nil, holds literal beginnings one of which every
	// match starts with (prefixSetOf): a word start none of them begins
	// is passed over without running the pattern.
	pre *prefixSet
	re  func() *regexp.Regexp // \A(?:pattern), compiled on first use
}

// wordStartOf returns the wordStartRe of pattern, parsed as re (nil when
// it does not parse), or nil when a match may start elsewhere than at a
// word.
func wordStartOf(pattern string, re *syntax.Regexp) *wordStartRe {
	if re == nil || readsTextStart(re) {
		return nil
	}
	var first [4]uint64
	if !boundaryThenWord(re.Simplify(), &first) {
		return nil
	}
	return &wordStartRe{first: first, pre: prefixSetOf(re.Simplify()), re: sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\A(?:` + pattern + `)`)
	})}
}

// readsTextStart reports whether re holds ^ or \A anywhere: either reads
// where the text starts, which slicing it would move.
func readsTextStart(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginLine || re.Op == syntax.OpBeginText {
		return true
	}
	for _, s := range re.Sub {
		if readsTextStart(s) {
			return true
		}
	}
	return false
}

// boundaryThenWord reports whether every match of re is \b followed by a
// word character, adding the bytes such a match can start with to first.
func boundaryThenWord(re *syntax.Regexp, first *[4]uint64) bool {
	switch re.Op {
	case syntax.OpCapture:
		return boundaryThenWord(re.Sub[0], first)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !boundaryThenWord(s, first) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		if len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpWordBoundary {
			return false
		}
		return startsWithWordChar(re.Sub[1], first)
	}
	return false
}

// startsWithWordChar reports whether every match of re is non-empty and
// starts with an ASCII word character (what \b reads), adding those it
// can start with to first.
func startsWithWordChar(re *syntax.Regexp, first *[4]uint64) bool {
	switch re.Op {
	case syntax.OpLiteral:
		// Case folding lets 'k' match the Kelvin sign, which is no word
		// character to \b: such a pattern keeps the plain search.
		if len(re.Rune) == 0 || re.Flags&syntax.FoldCase != 0 || !isWordByte(re.Rune[0]) {
			return false
		}
		first[re.Rune[0]/64] |= 1 << (re.Rune[0] % 64)
		return true
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return false
		}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !isWordByte(r) {
					return false
				}
			}
		}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				first[r/64] |= 1 << (r % 64)
			}
		}
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return startsWithWordChar(re.Sub[0], first)
	case syntax.OpRepeat:
		return re.Min >= 1 && startsWithWordChar(re.Sub[0], first)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !startsWithWordChar(s, first) {
				return false
			}
		}
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && startsWithWordChar(re.Sub[0], first)
	}
	return false
}

// isWordByte reports whether r is an ASCII word character, as \b reads.
func isWordByte[T rune | byte](r T) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
}

// findIndex is the plain pattern's FindStringIndex(text).
func (w *wordStartRe) findIndex(text string) []int {
	for s := 0; s < len(text); s++ {
		c := text[s]
		if w.first[c/64]&(1<<(c%64)) == 0 || s > 0 && isWordByte(text[s-1]) || w.pre != nil && !w.pre.at(text, s) {
			continue
		}
		if loc := w.re().FindStringIndex(text[s:]); loc != nil {
			loc[0], loc[1] = loc[0]+s, loc[1]+s
			return loc
		}
	}
	return nil
}

// matchString is the plain pattern's MatchString(text).
func (w *wordStartRe) matchString(text string) bool {
	for s := 0; s < len(text); s++ {
		c := text[s]
		if w.first[c/64]&(1<<(c%64)) == 0 || s > 0 && isWordByte(text[s-1]) || w.pre != nil && !w.pre.at(text, s) {
			continue
		}
		if w.re().MatchString(text[s:]) {
			return true
		}
	}
	return false
}

// idiomStart returns idiom k's word-start form, or nil for the plain
// search: always on a path without the table (t nil, not scanFast).
func (t *fastReqTable) idiomStart(k int) *wordStartRe {
	if t == nil {
		return nil
	}
	return t.idiomStarts[k]
}

// ruleStart is idiomStart for lexicon rule i.
func (t *fastReqTable) ruleStart(i int) *wordStartRe {
	if t == nil {
		return nil
	}
	return t.ruleStarts[i]
}
