package guard

import (
	"cmp"
	"slices"
)

// Matching composed rules by word number. A message's tokens are looked
// up once in the set's vocabulary (every word of every part alternative)
// and the rules are then tried over the numbers: the index of rules by
// first word, the needs index and each part's alternatives by first word
// become slice and table lookups instead of string-keyed map lookups,
// and comparing a sequence compares integers. A token outside the
// vocabulary is -1, which no alternative holds, just as no alternative
// held the word. The matching order (positions left to right, at each
// the alternatives starting there in file order) is that of the matching
// by word it replaced (matchStrings in the tests), so the first match
// found and its cue are the same.

// number builds vocab, firstID, needsID and partAlts from the compiled
// rules, first and needs.
func (cs *composeSet) number() {
	cs.vocab = map[string]int32{}
	id := func(w string) int32 {
		n, ok := cs.vocab[w]
		if !ok {
			n = int32(len(cs.vocab))
			cs.vocab[w] = n
		}
		return n
	}
	// One slab holds every alternative's numbers: the set compiles on a
	// message's first check, and thousands of small slices cost time.
	words := 0
	for ri := range cs.rules {
		for _, p := range cs.rules[ri].parts {
			for _, alt := range p.alts {
				words += len(alt)
			}
		}
	}
	slab := make([]int32, 0, words)
	// order holds, part by part, the part's alternatives sorted by first
	// word and, within one, in file order: each run is one partAlts
	// entry, listing the alternatives as match tries them.
	order := make([]int32, 0, len(slab))
	var gid int32
	entries := 0
	for ri := range cs.rules {
		for k := range cs.rules[ri].parts {
			p := &cs.rules[ri].parts[k]
			p.gid = gid
			gid++
			p.ids = make([][]int32, len(p.alts))
			at := len(order)
			for ai, alt := range p.alts {
				from := len(slab)
				for _, w := range alt {
					slab = append(slab, id(w))
				}
				seq := slab[from:len(slab):len(slab)]
				p.ids[ai] = seq
				b := firstBit(seq[0])
				p.firstBloom[b/64] |= 1 << (b % 64)
				order = append(order, int32(ai))
			}
			run := order[at:]
			slices.SortStableFunc(run, func(a, b int32) int { return cmp.Compare(p.ids[a][0], p.ids[b][0]) })
			for i := range run {
				if i == 0 || p.ids[run[i]][0] != p.ids[run[i-1]][0] {
					entries++
				}
			}
		}
	}
	cs.firstID = make([][]int32, len(cs.vocab))
	for w, rules := range cs.first {
		if n, ok := cs.vocab[w]; ok {
			cs.firstID[n] = rules
		}
	}
	cs.needsID = make([][]partRef, len(cs.vocab))
	for w, refs := range cs.needs {
		if n, ok := cs.vocab[w]; ok {
			cs.needsID[n] = refs
		}
	}
	cs.partAlts = newAltIndex(entries)
	at := 0
	for ri := range cs.rules {
		for k := range cs.rules[ri].parts {
			p := &cs.rules[ri].parts[k]
			run := order[at : at+len(p.alts)]
			at += len(p.alts)
			for i := 0; i < len(run); {
				first := p.ids[run[i]][0]
				j := i + 1
				for j < len(run) && p.ids[run[j]][0] == first {
					j++
				}
				cs.partAlts.put(p.gid, first, run[i:j])
				i = j
			}
		}
	}
}

// firstBit is word id's bit in a part's firstBloom.
func firstBit(id int32) uint32 { return uint32(id) * 0x9E3779B1 >> 24 }

// wordIDs appends the vocabulary number of each token to out, -1 for a
// word no rule holds.
func (cs *composeSet) wordIDs(toks []string, out []int32) []int32 {
	for _, t := range toks {
		n, ok := cs.vocab[t]
		if !ok {
			n = -1
		}
		out = append(out, n)
	}
	return out
}

// altIndex maps (part number, first word number) to the indices, in
// order, of the part's alternatives that start with the word: an
// open-addressing table of uint64 keys, probed linearly, since this
// lookup runs at every token a part may start at.
type altIndex struct {
	keys  []uint64 // part<<32 | word+1; 0 is empty
	spans []uint64 // start<<32 | count, into alts
	alts  []int32
	shift uint
}

func newAltIndex(n int) altIndex {
	size, shift := 16, uint(60)
	for size < 2*n {
		size *= 2
		shift--
	}
	return altIndex{keys: make([]uint64, size), spans: make([]uint64, size), shift: shift}
}

func altKey(part, word int32) uint64 { return uint64(part)<<32 | uint64(word+1) }

func (x *altIndex) slot(k uint64) uint64 { return (k * 0x9E3779B97F4A7C15) >> x.shift }

func (x *altIndex) put(part, word int32, alts []int32) {
	k := altKey(part, word)
	mask := uint64(len(x.keys) - 1)
	i := x.slot(k)
	for x.keys[i] != 0 {
		i = (i + 1) & mask
	}
	x.keys[i] = k
	x.spans[i] = uint64(len(x.alts))<<32 | uint64(len(alts))
	x.alts = append(x.alts, alts...)
}

// get returns the alternatives of part that start with word, or nil.
func (x *altIndex) get(part, word int32) []int32 {
	if len(x.keys) == 0 {
		return nil
	}
	k := altKey(part, word)
	mask := uint64(len(x.keys) - 1)
	for i := x.slot(k); ; i = (i + 1) & mask {
		switch x.keys[i] {
		case k:
			s := x.spans[i]
			start := s >> 32
			return x.alts[start : start+s&0xffffffff]
		case 0:
			return nil
		}
	}
}

// matchIDs is match over the tokens' numbers ids (wordIDs of toks);
// toks still serve boundaries and accept.
func (cs *composeSet) matchIDs(r *crule, toks []string, ids []int32, k, pos int, exact bool, got []span) (int, bool) {
	if k == len(r.parts) {
		if !cs.accept(r, toks, got) {
			return 0, false
		}
		return got[len(got)-1].end, true
	}
	p := &r.parts[k]
	limit := pos
	if !exact {
		limit = pos + r.gap
	}
	for q := pos; q <= limit && q < len(toks); q++ {
		if q > pos && toks[q-1] == boundary && !r.across {
			break
		}
		if toks[q] == boundary && !r.across {
			break
		}
		id := ids[q]
		if id < 0 {
			continue
		}
		if b := firstBit(id); p.firstBloom[b/64]&(1<<(b%64)) == 0 {
			continue
		}
		for _, ai := range cs.partAlts.get(p.gid, id) {
			// The first word is id by the look-up; compare the rest.
			seq := p.ids[ai]
			if q+len(seq) <= len(ids) && slices.Equal(ids[q+1:q+len(seq)], seq[1:]) {
				n := len(seq)
				if end, ok := cs.matchIDs(r, toks, ids, k+1, q+n, false, append(got, span{q, q + n})); ok {
					return end, true
				}
			}
		}
	}
	if p.optional {
		return cs.matchIDs(r, toks, ids, k+1, pos, exact && k == 0, got)
	}
	return 0, false
}
