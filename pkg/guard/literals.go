package guard

import (
	"regexp/syntax"
	"slices"
	"sync"
)

// The fast path's literal prefilter. Each idiom and rule gets, once, a
// requirement on the literal strings any match of its pattern contains
// (fastReqOf: sharper than literalReq, as it reads alternations factored
// by the regexp parser, "k(?:ill|nife)", as the words they spell and has
// no width limit), and one Aho–Corasick pass over the message marks
// every literal of every requirement present, so checking a rule is a
// few bit tests instead of a substring search per literal.

// Limits of fastReqOf.
const (
	// maxExact bounds the strings a pattern piece is spelled out as
	// ("(?:kill|stab)(?: up)?" is four); past it the piece keeps only
	// its requirement.
	maxExact = 64
	// minFastLit: a shorter literal is in nearly every message, so a
	// requirement of it rules nothing out and is dropped.
	minFastLit = 3
	// maxFastLit: a required literal is cut to its first maxFastLit
	// bytes (a text holding it holds its prefix), which keeps the
	// automaton small; longer ones would rule out little more.
	maxFastLit = 8
)

// fastReq is a requirement over the literals of a litSet: all of ids and
// subs when all, else any one of them. A nil *fastReq always holds.
type fastReq struct {
	all  bool
	ids  []int32
	subs []*fastReq
}

// holds reports whether the literals marked in has meet r.
func (r *fastReq) holds(has []uint64) bool {
	if r == nil {
		return true
	}
	if r.all {
		for _, id := range r.ids {
			if has[id>>6]&(1<<(id&63)) == 0 {
				return false
			}
		}
		for _, s := range r.subs {
			if !s.holds(has) {
				return false
			}
		}
		return true
	}
	for _, id := range r.ids {
		if has[id>>6]&(1<<(id&63)) != 0 {
			return true
		}
	}
	for _, s := range r.subs {
		if s.holds(has) {
			return true
		}
	}
	return false
}

// pieceInfo is what fastReqOf knows of a piece of a pattern: the strings
// it matches exactly (when exact, at most maxExact of them), else a
// requirement any match of it meets (nil: none).
type pieceInfo struct {
	exact    bool
	strs     []string
	req      *strReq
	anyEmpty bool // strs holds ""
}

// strReq is a requirement over literal strings, before they are numbered.
type strReq struct {
	all  bool
	lits []string
	subs []*strReq
}

// fastReqOf returns the literal requirement of pattern (expanded), or nil
// when it has none worth checking or does not parse.
func fastReqOf(pattern string) *strReq {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return fastReqOfTree(re)
}

// fastReqOfTree is fastReqOf of a parsed pattern.
func fastReqOfTree(re *syntax.Regexp) *strReq {
	return pieceOf(re.Simplify()).need()
}

// need turns a piece's information into a requirement: its exact strings
// when every one is long enough to tell, else its requirement.
func (p pieceInfo) need() *strReq {
	if !p.exact {
		return p.req
	}
	if len(p.strs) == 0 {
		return nil
	}
	lits := make([]string, 0, len(p.strs))
	for _, s := range p.strs {
		if len(s) < minFastLit {
			return nil
		}
		lits = append(lits, s[:min(len(s), maxFastLit)])
	}
	return &strReq{lits: dedupe(lits)}
}

func exactInfo(strs []string) pieceInfo {
	return pieceInfo{exact: true, strs: strs, anyEmpty: slices.Contains(strs, "")}
}

// pieceOf reads a simplified syntax tree.
func pieceOf(re *syntax.Regexp) pieceInfo {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return pieceInfo{}
		}
		return exactInfo([]string{string(re.Rune)})
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		if n > 8 {
			return pieceInfo{}
		}
		var strs []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				strs = append(strs, string(r))
			}
		}
		return exactInfo(strs)
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactInfo([]string{""})
	case syntax.OpCapture:
		return pieceOf(re.Sub[0])
	case syntax.OpQuest:
		sub := pieceOf(re.Sub[0])
		if sub.exact && len(sub.strs) < maxExact {
			strs := slices.Clone(sub.strs)
			if !sub.anyEmpty {
				strs = append(strs, "")
			}
			return exactInfo(strs)
		}
		return pieceInfo{}
	case syntax.OpPlus:
		return pieceInfo{req: pieceOf(re.Sub[0]).need()}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return pieceInfo{req: pieceOf(re.Sub[0]).need()}
		}
		return pieceInfo{}
	case syntax.OpConcat:
		cur := []string{""}
		var reqs []*strReq
		spelled := true
		flush := func() {
			if r := exactInfo(cur).need(); r != nil {
				reqs = append(reqs, r)
			}
			cur = []string{""}
		}
		for _, s := range re.Sub {
			p := pieceOf(s)
			switch {
			case p.exact && len(cur)*len(p.strs) <= maxExact:
				next := make([]string, 0, len(cur)*len(p.strs))
				for _, a := range cur {
					for _, b := range p.strs {
						next = append(next, a+b)
					}
				}
				cur = next
			case p.exact:
				// Too many to spell out with what came before: what came
				// before is one requirement, and the spelling starts again.
				spelled = false
				flush()
				cur = p.strs
			default:
				spelled = false
				flush()
				if r := p.need(); r != nil {
					reqs = append(reqs, r)
				}
			}
		}
		if spelled {
			return exactInfo(dedupe(cur))
		}
		flush()
		switch len(reqs) {
		case 0:
			return pieceInfo{}
		case 1:
			return pieceInfo{req: reqs[0]}
		}
		return pieceInfo{req: &strReq{all: true, subs: reqs}}
	case syntax.OpAlternate:
		subs := make([]pieceInfo, len(re.Sub))
		exact, n := true, 0
		for i, s := range re.Sub {
			subs[i] = pieceOf(s)
			exact = exact && subs[i].exact
			n += len(subs[i].strs)
		}
		if exact && n <= maxExact {
			var strs []string
			for _, p := range subs {
				strs = append(strs, p.strs...)
			}
			return exactInfo(dedupe(strs))
		}
		out := &strReq{}
		for _, p := range subs {
			r := p.need()
			if r == nil {
				return pieceInfo{} // one branch needs nothing: neither does the whole
			}
			out.subs = append(out.subs, r)
		}
		return pieceInfo{req: out}
	}
	return pieceInfo{}
}

// dedupe returns strs without repeats, in first-seen order.
func dedupe(strs []string) []string {
	seen := make(map[string]bool, len(strs))
	out := strs[:0:0]
	for _, s := range strs {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// litSet numbers literal strings and finds, in one pass over a text,
// which of them it contains (an Aho–Corasick automaton over the bytes
// the literals use; any other byte leads back to the root).
type litSet struct {
	ids  map[string]int32
	lits []string
	// class maps a byte to its column in delta; 0 is every byte no
	// literal holds.
	class [256]uint8
	cols  int
	// delta[s*cols+c] is the state after byte class c in state s.
	delta []int32
	// outs[outOff[s]:outOff[s+1]] are the literals ending at state s,
	// its failure chain's included.
	outOff []int32
	outs   []int32
}

// id returns lit's number, adding it when new.
func (ls *litSet) id(lit string) int32 {
	if ls.ids == nil {
		ls.ids = map[string]int32{}
	}
	if id, ok := ls.ids[lit]; ok {
		return id
	}
	id := int32(len(ls.lits))
	ls.ids[lit] = id
	ls.lits = append(ls.lits, lit)
	return id
}

// number turns r into a fastReq over ls, adding its literals.
func (ls *litSet) number(r *strReq) *fastReq {
	if r == nil {
		return nil
	}
	out := &fastReq{all: r.all}
	for _, l := range r.lits {
		out.ids = append(out.ids, ls.id(l))
	}
	for _, s := range r.subs {
		out.subs = append(out.subs, ls.number(s))
	}
	return out
}

// build makes the automaton; call it after the last id.
func (ls *litSet) build() {
	ls.cols = 1
	for _, l := range ls.lits {
		for i := 0; i < len(l); i++ {
			if ls.class[l[i]] == 0 {
				ls.class[l[i]] = uint8(ls.cols)
				ls.cols++
			}
		}
	}
	// The trie: goto[s*cols+c], -1 for none.
	trie := []int32{}
	newState := func() int32 {
		for range ls.cols {
			trie = append(trie, -1)
		}
		return int32(len(trie)/ls.cols - 1)
	}
	newState()
	var ends [][]int32
	ends = append(ends, nil)
	for id, l := range ls.lits {
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := int32(ls.class[l[i]])
			next := trie[s*int32(ls.cols)+c]
			if next < 0 {
				next = newState()
				ends = append(ends, nil)
				trie[s*int32(ls.cols)+c] = next
			}
			s = next
		}
		ends[s] = append(ends[s], int32(id))
	}
	n := len(ends)
	ls.delta = make([]int32, n*ls.cols)
	fail := make([]int32, n)
	out := make([][]int32, n)
	out[0] = ends[0]
	// Breadth first, so a state's failure is done before it.
	queue := []int32{}
	for c := range ls.cols {
		next := trie[c]
		if next < 0 {
			ls.delta[c] = 0
			continue
		}
		ls.delta[c] = next
		fail[next] = 0
		queue = append(queue, next)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		out[s] = append(slices.Clone(ends[s]), out[fail[s]]...)
		for c := range ls.cols {
			next := trie[int(s)*ls.cols+c]
			if next < 0 {
				ls.delta[int(s)*ls.cols+c] = ls.delta[int(fail[s])*ls.cols+c]
				continue
			}
			ls.delta[int(s)*ls.cols+c] = next
			fail[next] = ls.delta[int(fail[s])*ls.cols+c]
			queue = append(queue, next)
		}
	}
	ls.outOff = make([]int32, n+1)
	for s := range n {
		ls.outs = append(ls.outs, out[s]...)
		ls.outOff[s+1] = int32(len(ls.outs))
	}
}

// words is how many uint64 a bit set over ls's literals takes.
func (ls *litSet) words() int { return (len(ls.lits) + 63) / 64 }

// mark sets in has (zeroed, ls.words() long) the literals text contains.
func (ls *litSet) mark(text string, has []uint64) {
	s := int32(0)
	cols := int32(ls.cols)
	for i := 0; i < len(text); i++ {
		s = ls.delta[s*cols+int32(ls.class[text[i]])]
		for _, id := range ls.outs[ls.outOff[s]:ls.outOff[s+1]] {
			has[id>>6] |= 1 << (id & 63)
		}
	}
}

// fastReqs holds the fast requirements of the idioms and the lexicon
// rules (by index; raw rules have none, they read other text) over one
// literal set, and their word-start forms (wordstart.go; nil for a
// pattern that may match elsewhere).
type fastReqTable struct {
	lits                    litSet
	idioms                  []*fastReq
	rules                   []*fastReq
	idiomStarts, ruleStarts []*wordStartRe
}

var fastReqs = sync.OnceValue(func() *fastReqTable {
	loadLexicon()
	t := &fastReqTable{}
	// Each pattern is parsed once for both.
	parse := func(pattern string) (*syntax.Regexp, string) {
		p := expand(pattern)
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			return nil, p
		}
		return re, p
	}
	for _, d := range idiomDefs {
		re, p := parse(d.pattern)
		var req *strReq
		if re != nil {
			req = fastReqOfTree(re)
		}
		t.idioms = append(t.idioms, t.lits.number(req))
		t.idiomStarts = append(t.idiomStarts, startFormOf(p, re))
	}
	for i, d := range slices.Concat(ruleDefs, indirectDefs) {
		re, p := parse(d.pattern)
		t.ruleStarts = append(t.ruleStarts, startFormOf(p, re))
		if lexicon[i].raw || re == nil {
			t.rules = append(t.rules, nil)
			continue
		}
		t.rules = append(t.rules, t.lits.number(fastReqOfTree(re)))
	}
	t.lits.build()
	return t
})
