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
	// head, when not nil, is the whole pattern anchored, tried at the
	// text start only: the pattern has branches reading the text start
	// ("^\s*system prompt"), and re is then \A(?s:.)(?:pattern), run
	// from the byte before each later word start (textStartFormOf).
	head func() *regexp.Regexp
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
		return seqStartsWithWordChar(re.Sub[1:], first)
	}
	return false
}

// seqStartsWithWordChar is startsWithWordChar for the concatenation of
// seq: optional words before the first one that must be there
// ("\b(?:better )?watch your back") may begin a match as well.
func seqStartsWithWordChar(seq []*syntax.Regexp, first *[4]uint64) bool {
	for _, re := range seq {
		switch {
		case re.Op == syntax.OpQuest || re.Op == syntax.OpStar || re.Op == syntax.OpRepeat && re.Min == 0:
			// Empty or a match of the part: the part's start, or
			// what follows.
			if !startsWithWordChar(re.Sub[0], first) {
				return false
			}
		default:
			return startsWithWordChar(re, first)
		}
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
		return seqStartsWithWordChar(re.Sub, first)
	}
	return false
}

// isWordByte reports whether r is an ASCII word character, as \b reads.
func isWordByte[T rune | byte](r T) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
}

// startFormOf returns pattern's word-start form (wordStartOf, else
// textStartFormOf), or nil for the plain search.
func startFormOf(pattern string, re *syntax.Regexp) *wordStartRe {
	if ws := wordStartOf(pattern, re); ws != nil {
		return ws
	}
	return textStartFormOf(pattern, re)
}

// textStartFormOf is wordStartOf for a pattern some branches of which
// read the text start (rule "system prompt": "^\s*system prompt" or
// "\byour system prompt"); nil when it has none or the others do not
// start at a word. Past the text start, ^ never matches, so there the
// pattern matches as it does without those branches, and that pattern's
// word-start form stands; the text start itself is left to the whole
// pattern, anchored (head).
func textStartFormOf(pattern string, re *syntax.Regexp) *wordStartRe {
	if re == nil || !readsTextStart(re) {
		return nil
	}
	rest := withoutTextStart(re)
	if rest == nil || readsTextStart(rest) {
		// Every match reads the text start, or one reads a line start
		// ((?m)^), which slicing would move.
		return nil
	}
	// The word starts are read from the pattern without those branches;
	// it is only read, never printed (String on a large pattern costs
	// more than all the rest of the start-up). The search itself runs
	// the pattern as written: sliced one byte before the word start and
	// led by one character of any kind, ^ cannot match and \b reads the
	// byte it reads in the whole text.
	var first [4]uint64
	if !boundaryThenWord(rest.Simplify(), &first) {
		return nil
	}
	return &wordStartRe{
		first: first,
		pre:   prefixSetOf(rest.Simplify()),
		re: sync.OnceValue(func() *regexp.Regexp {
			return regexp.MustCompile(`\A(?s:.)(?:` + pattern + `)`)
		}),
		head: sync.OnceValue(func() *regexp.Regexp {
			return regexp.MustCompile(`\A(?:` + pattern + `)`)
		}),
	}
}

// withoutTextStart returns re without what reads \A (or ^ outside
// multi-line mode), a copy that matches what re matches anywhere but at
// the text start; nil when it matches nothing there. re is not changed.
func withoutTextStart(re *syntax.Regexp) *syntax.Regexp {
	empty := func() *syntax.Regexp { return &syntax.Regexp{Op: syntax.OpEmptyMatch, Flags: re.Flags} }
	with := func(subs []*syntax.Regexp) *syntax.Regexp {
		c := *re
		c.Sub = subs
		c.Sub0 = [1]*syntax.Regexp{}
		return &c
	}
	switch re.Op {
	case syntax.OpBeginText:
		return nil
	case syntax.OpAlternate:
		var subs []*syntax.Regexp
		for _, s := range re.Sub {
			if t := withoutTextStart(s); t != nil {
				subs = append(subs, t)
			}
		}
		switch len(subs) {
		case 0:
			return nil
		case 1:
			return subs[0]
		}
		return with(subs)
	case syntax.OpConcat:
		// A part left with one branch may be a concatenation: its
		// parts are spliced in, so "\b" stays the first of the whole
		// (boundaryThenWord).
		var subs []*syntax.Regexp
		for _, s := range re.Sub {
			t := withoutTextStart(s)
			if t == nil {
				return nil
			}
			if t.Op == syntax.OpConcat && t.Flags == re.Flags {
				subs = append(subs, t.Sub...)
			} else {
				subs = append(subs, t)
			}
		}
		return with(subs)
	case syntax.OpCapture, syntax.OpPlus, syntax.OpStar, syntax.OpQuest, syntax.OpRepeat:
		sub := withoutTextStart(re.Sub[0])
		if sub == nil {
			if re.Op == syntax.OpStar || re.Op == syntax.OpQuest || re.Op == syntax.OpRepeat && re.Min == 0 {
				return empty()
			}
			return nil
		}
		return with([]*syntax.Regexp{sub})
	}
	return re
}

// findIndex is the plain pattern's FindStringIndex(text).
func (w *wordStartRe) findIndex(text string) []int {
	from := 0
	if w.head != nil {
		if loc := w.head().FindStringIndex(text); loc != nil {
			return loc
		}
		from = 1
	}
	for s := from; s < len(text); s++ {
		c := text[s]
		if w.first[c/64]&(1<<(c%64)) == 0 || s > 0 && isWordByte(text[s-1]) || w.pre != nil && !w.pre.at(text, s) {
			continue
		}
		if w.head != nil {
			// s > 0: from the byte before, past the one it leads with.
			if loc := w.re().FindStringIndex(text[s-1:]); loc != nil {
				loc[0], loc[1] = s, loc[1]+s-1
				return loc
			}
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
	from := 0
	if w.head != nil {
		if w.head().MatchString(text) {
			return true
		}
		from = 1
	}
	for s := from; s < len(text); s++ {
		c := text[s]
		if w.first[c/64]&(1<<(c%64)) == 0 || s > 0 && isWordByte(text[s-1]) || w.pre != nil && !w.pre.at(text, s) {
			continue
		}
		if w.head != nil {
			if w.re().MatchString(text[s-1:]) {
				return true
			}
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
