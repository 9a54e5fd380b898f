package guard

import (
	"regexp/syntax"
	"slices"
	"unicode/utf8"
)

// A word-start pattern is tried at each word start whose first byte can
// begin a match, but most lexicon patterns begin with an alternation of
// words ("\b(?:i|ill|we|...) (?:will|...)"), which the backtracker tries
// one by one: a word start beginning with none of them still costs a run
// of the pattern. prefixSetOf reads from the pattern the literal
// beginnings (up to maxPrefix bytes) that every match starts with; a
// word start none of them begins cannot start a match and is skipped.
// The set is only a necessary condition, never a verdict: the pattern
// still decides, so results cannot change (TestWordStartFindsWhatPlainFinds).

const (
	// maxPrefix is the longest beginning kept, in bytes.
	maxPrefix = 8
	// maxPrefixes bounds the set; past it the beginnings stop growing.
	maxPrefixes = 1024
	// maxClassRunes is the largest character class spelled out.
	maxClassRunes = 32
)

// prefixSet holds literal beginnings by length.
type prefixSet struct {
	lens []int
	set  map[string]struct{}
}

// at reports whether text[s:] begins with one of the set.
func (p *prefixSet) at(text string, s int) bool {
	for _, n := range p.lens {
		if s+n > len(text) {
			break
		}
		if _, ok := p.set[text[s:s+n]]; ok {
			return true
		}
	}
	return false
}

// prefix is one beginning: complete when a match of the part read is
// exactly s, so what follows may extend it.
type prefix struct {
	s        string
	complete bool
}

// prefixSetOf returns the beginnings of re's matches, or nil when some
// match may begin with no literal byte (an empty beginning).
func prefixSetOf(re *syntax.Regexp) *prefixSet {
	items, ok := prefixesOf(re)
	if !ok || len(items) == 0 {
		return nil
	}
	p := &prefixSet{set: map[string]struct{}{}}
	for _, it := range items {
		if it.s == "" {
			return nil
		}
		p.set[it.s] = struct{}{}
		if !slices.Contains(p.lens, len(it.s)) {
			p.lens = append(p.lens, len(it.s))
		}
	}
	slices.Sort(p.lens)
	return p
}

// prefixesOf returns beginnings covering every match of re; ok is false
// when they cannot be told (any character, a case-folded literal, a big
// class), which callers read as the empty, incomplete beginning.
func prefixesOf(re *syntax.Regexp) ([]prefix, bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return nil, true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary,
		syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
		// Zero width: the beginning is that of what follows.
		return []prefix{{"", true}}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || slices.Contains(re.Rune, utf8.RuneError) {
			return nil, false
		}
		return []prefix{cut(string(re.Rune), true)}, true
	case syntax.OpCharClass:
		var out []prefix
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi-lo >= maxClassRunes || len(out)+int(hi-lo)+1 > maxClassRunes || lo <= utf8.RuneError && utf8.RuneError <= hi {
				return nil, false
			}
			for r := lo; r <= hi; r++ {
				out = append(out, cut(string(r), true))
			}
		}
		return out, true
	case syntax.OpCapture:
		return prefixesOf(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := prefixesOf(re.Sub[0])
		if !ok {
			return nil, false
		}
		return append(sub, prefix{"", true}), true
	case syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		sub, ok := prefixesOf(re.Sub[0])
		if !ok {
			return nil, false
		}
		if re.Op == syntax.OpRepeat && re.Min == 1 && re.Max == 1 {
			return sub, true
		}
		// Repeated: a match begins with a match of the part, which is
		// then not the whole of it.
		out := make([]prefix, 0, len(sub)+1)
		for _, p := range sub {
			out = append(out, prefix{p.s, false})
		}
		if re.Op == syntax.OpStar || re.Op == syntax.OpRepeat && re.Min == 0 {
			out = append(out, prefix{"", true})
		}
		return out, true
	case syntax.OpAlternate:
		var out []prefix
		for _, s := range re.Sub {
			sub, ok := prefixesOf(s)
			if !ok || len(out)+len(sub) > maxPrefixes {
				return nil, false
			}
			out = append(out, sub...)
		}
		return out, true
	case syntax.OpConcat:
		cur := []prefix{{"", true}}
		for _, s := range re.Sub {
			if !slices.ContainsFunc(cur, func(p prefix) bool { return p.complete }) {
				break
			}
			sub, ok := prefixesOf(s)
			if !ok {
				sub = []prefix{{"", false}}
			}
			// Count the beginnings before spelling them out, so a cross
			// product too big to keep is never built.
			n := 0
			for _, c := range cur {
				if c.complete {
					n += len(sub)
				} else {
					n++
				}
			}
			if n > maxPrefixes {
				// Too many to spell out: what is read so far stands,
				// as beginnings that are no longer whole.
				for i := range cur {
					cur[i].complete = false
				}
				break
			}
			next := make([]prefix, 0, n)
			for _, c := range cur {
				if !c.complete {
					next = append(next, c)
					continue
				}
				for _, x := range sub {
					next = append(next, cut(c.s+x.s, x.complete))
				}
			}
			cur = next
		}
		return cur, true
	}
	return nil, false
}

// cut returns s as a beginning, shortened to maxPrefix bytes (and then
// no longer complete).
func cut(s string, complete bool) prefix {
	if len(s) >= maxPrefix {
		return prefix{s[:maxPrefix], complete && len(s) == maxPrefix}
	}
	return prefix{s, complete}
}
