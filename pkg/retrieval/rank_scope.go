package retrieval

import (
	"slices"
)

// Own page over chain page: within a scope, a chain-wide chunk can
// outscore the store's own section on the same topic by BM25 alone: the
// help centre's "Can I bring my dog?" says "dog" and "bring" more often
// than Water Street's "Pets" section, the delivery page more than the
// store's "Menu notes" that say which app delivers it. The scoped boost
// is one factor, and a long chain page overcomes it. When the own chunk
// matches most (ownCover) of what the chain chunk matches among the
// words that did not name the store, it answers the same question for
// the store asked about, and is lifted just above the chain chunk.
//
// A chain chunk whose headings name the store is that store's section
// of a chain page and keeps its place.
//
// Measured on the dev cafés' tune halves and the bundled tuned sets
// (656 questions, hit@1 522 before): the rule alone 527; also leaving
// alone a chain chunk whose headings name the store 529 (kept); one
// whose line names the store beside another word of the question 524,
// beside every matched word 524 (the chain pages that win say each
// store's name on the line about it, in both directions); one naming
// the store anywhere 522, nothing moved. Hit@3 was the same in each.
// Lifting chunks whose store comes only from a heading of a chain page
// (sectionLoc) ranked the tune halves the same.
//
// ownDepth is how many of the best hits are compared.
const ownDepth = 10

// ownCover is the share of a chain chunk's matched IDF mass (the words
// naming the store aside) that a store's own chunk must match to be
// lifted above it. Hit@1 summed over the dev cafés' tune halves (267
// questions, 208 before), before the headings exemption: 0.4 206, 0.5
// 213, 0.6 215, 0.7 214, 0.9 and 1.0 212; hit@3 the same as before at
// 0.6–1.0, +1 at 0.4–0.5.
const ownCover = 0.6

// ownOverChain lifts, among the best ownDepth hits, each of the scoped
// locations' chunks above the chain-wide chunks it covers (see above),
// after boosting their table rows the question names (rank_rows.go).
// keys are the scope's location keys; it does nothing when unscoped.
func (st *state) ownOverChain(q lexQuery, keys []string, ranked []scored) {
	st.boostAskedRows(q, keys, ranked)
	n := min(len(ranked), ownDepth)
	if len(keys) == 0 || n < 2 {
		return
	}
	has := func(doc int) func(uint32) bool { return termsHave(st.chunks[doc].terms) }
	moved := false
	for i := 1; i < n; i++ {
		o := ranked[i].doc
		l := st.effLoc[o]
		if l == "" || st.sectionLoc[o] || !slices.Contains(keys, l) {
			continue
		}
		ownHas := has(o)
		for j := 0; j < i; j++ {
			c := ranked[j].doc
			if st.effLoc[c] != "" {
				continue
			}
			if st.headNamesPlace(q, c) {
				continue
			}
			if chainCovered(q, has(c), ownHas) {
				ranked[i].score = ranked[j].score * (1 + 1e-9)
				moved = true
				break
			}
		}
	}
	if !moved {
		return
	}
	slices.SortStableFunc(ranked[:n], byScore)
}

// chainCovered reports whether a chain-wide chunk (chainHas) is covered
// by a store's own chunk (ownHas): the own chunk matches at least
// ownCover of the IDF mass the chain chunk matches among the words that
// did not name the store, summed over the query's groups with each
// group counted at most at the chain chunk's mass ("day" alone covers
// little of "christmas day").
func chainCovered(q lexQuery, chainHas, ownHas func(uint32) bool) bool {
	var chainM, ownM float64
	for i := 0; i < len(q.terms); {
		g := q.terms[i].group
		var c, o float64
		for ; i < len(q.terms) && q.terms[i].group == g; i++ {
			t := q.terms[i]
			if t.place {
				continue
			}
			if chainHas(t.id) {
				c += t.idf
			}
			if ownHas(t.id) {
				o += t.idf
			}
		}
		chainM += c
		ownM += min(o, c)
	}
	return chainM > 0 && ownM >= ownCover*chainM
}

// headNamesPlace reports whether chunk doc's headings or file name hold
// a word that named the store: a chain page's section about that store
// ("Private room: The Loft at Elm Road").
func (st *state) headNamesPlace(q lexQuery, doc int) bool {
	return slices.ContainsFunc(st.segmentsOf(doc).head, func(id uint32) bool {
		return slices.ContainsFunc(q.terms, func(t qterm) bool { return t.place && t.id == id })
	})
}
