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
// The own chunk yields where the chain chunk carries a stronger answer
// signal (chainAnswers: a price, a length of time, dates or clock times
// the question asks for, the FAQ answer to the question asked, a table
// row the question names) that the own chunk lacks: then the lift leaves
// the chain chunk above, and an own chunk above it that does not cover
// it drops just below it (ownYields). Ranking round 11, the ten dev
// cafés' tune halves (838, hit@1 / hit@3 strict, any answer in
// brackets) and the bundled tuned sets (389), at 17687c8: before 620 /
// 751 (657 / 765), 321 / 373; the lift alone leaving such chain chunks
// above 620 / 751 (659 / 765), 322 / 373; also the own chunk yielding to
// such a chain chunk among the best 2 621 / 751 (661 / 765), 3 622 /
// 751 (662 / 765), 4 624 / 751 (663 / 765) kept, 6 623 / 749 (663 /
// 764), 10 623 / 747 (664 / 764); any clock-time chunk as the signal
// (not only where the own chunk says no time) 623 / 751 (663 / 765),
// Kererū's tune half two worse; yielding to any chain chunk it does not
// cover, with no signal, 571 / 710 (621 / 739): the scoped boost is
// right far more often than not. The FAQ signal moved nothing.
//
// A chain chunk whose headings say what the question is about, where the
// store's chunk never says it (topicAsked), counts as answering better
// too: the kids page "Kids & whānau" over a store's "Hours" for
// "anything for kids to do at the roastery on weekends". Ranking round
// 12, the thirteen dev cafés' tune halves (1,148, hit@1 / hit@3 strict,
// any answer in brackets) with the round's synonyms, at b9a5bb6:
// before 838 / 1022 (892 / 1045); any heading word the own
// chunk lacks 825 / 1015 (885 / 1041); only where the own chunk holds
// none of the heading's question words 832 / 1015 (888 / 1040); also
// the headings holding a share of the question's mass (the words naming
// the store aside): 0.3 838 / 1022, 0.4 and 0.5 839 / 1022 (893 / 1045),
// 0.6 and 0.8 838 / 1022. Heading words are often a question's verbs
// ("What we collect", "Can I bring my dog?"), so the share is what
// keeps the signal to pages about the asked topic.
//
// ownDepth is how many of the best hits are compared; yieldDepth how
// many of them an own chunk yields to.
const (
	ownDepth   = 10
	yieldDepth = 4
)

// ownCover is the share of a chain chunk's matched IDF mass (the words
// naming the store aside) that a store's own chunk must match to be
// lifted above it. Hit@1 summed over the dev cafés' tune halves (267
// questions, 208 before), before the headings exemption: 0.4 206, 0.5
// 213, 0.6 215, 0.7 214, 0.9 and 1.0 212; hit@3 the same as before at
// 0.6–1.0, +1 at 0.4–0.5. A lower share on topics most stores' own
// pages hold was measured and left out (fourteenth wave, topicshare.go).
const ownCover = 0.6

// ownOverChain lifts, among the best ownDepth hits, each of the scoped
// locations' chunks above the chain-wide chunks it covers (see above),
// after boosting their table rows the question names (rank_rows.go) and
// letting them yield to chain chunks that answer better (ownYields).
// keys are the scope's location keys and cues the features the question
// asks for (questionCues); it does nothing when unscoped.
func (st *state) ownOverChain(q lexQuery, keys []string, cues uint8, ranked []scored) {
	st.boostAskedRows(q, keys, ranked)
	n := min(len(ranked), ownDepth)
	if len(keys) == 0 || n < 2 {
		return
	}
	has := func(doc int) func(uint32) bool { return termsHave(st.chunks[doc].terms) }
	topic := topicWeightsOf(q)
	moved := st.ownYields(q, topic, keys, cues, ranked[:n], has)
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
			if st.headNamesPlace(q, c) || st.chainAnswers(q, cues, c, o) || st.topicAsked(q, topic, c, o) {
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

// ownYields puts each of the scoped stores' own chunks (among top, the
// best ownDepth hits) just below a chain-wide chunk among the best
// yieldDepth that ranks under it, when the chain chunk carries an answer
// signal the own chunk lacks (chainAnswers) and the own chunk does not
// cover what the chain chunk matches (chainCovered): the scoped boost
// and the store's words counted as covered put "Facilities" above the
// parking page's "3 hours free, then €2/hour" for "how much is parking
// at <store> after the free 3 hours", and a store's usual hours above
// the holiday page's dates for "<store> open on the monday after boxing
// day". A chain chunk about the asked topic where the own chunk is not
// (topicAsked; topic is topicWeightsOf(q)) counts as such a signal too.
// It reports whether any chunk moved; top is sorted again then.
func (st *state) ownYields(q lexQuery, topic topicWeights, keys []string, cues uint8, top []scored, has func(int) func(uint32) bool) bool {
	moved := false
	for j := 1; j < min(len(top), yieldDepth); j++ {
		c := top[j].doc
		if st.effLoc[c] != "" {
			continue
		}
		chainHas := has(c)
		for i := 0; i < j; i++ {
			o := top[i].doc
			l := st.effLoc[o]
			if l == "" || st.sectionLoc[o] || !slices.Contains(keys, l) || top[i].score < top[j].score {
				continue
			}
			if (st.chainAnswers(q, cues, c, o) || st.topicAsked(q, topic, c, o)) && !chainCovered(q, chainHas, has(o)) {
				top[i].score = top[j].score * (1 - 1e-9)
				moved = true
			}
		}
	}
	if moved {
		slices.SortStableFunc(top, byScore)
	}
	return moved
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

// topicShare is the share of the question's IDF mass, the words naming
// the store aside, that a chain chunk's headings must hold for
// topicAsked (see above).
const topicShare = 0.5

// topicWeights are the question's weights for topicAsked: each group's
// (one thing the question asks, in any way of saying it) IDF at its
// heaviest word that did not name the store, by group, and their sum.
// They depend on the question alone, so a search works them out once
// (topicWeightsOf), not for every pair of chunks it compares.
type topicWeights struct {
	group []float64
	total float64
}

// topicWeightsOf returns q's topicWeights.
func topicWeightsOf(q lexQuery) topicWeights {
	n := 0
	for _, t := range q.terms {
		n = max(n, t.group+1)
	}
	w := topicWeights{group: make([]float64, n)}
	for _, t := range q.terms {
		if !t.place && t.idf > w.group[t.group] {
			w.total += t.idf - w.group[t.group]
			w.group[t.group] = t.idf
		}
	}
	return w
}

// topicAsked reports whether chain-wide chunk c is about what the
// question asks and store chunk o is not: c's headings and file name
// hold at least topicShare of the question's weight (w, topicWeightsOf)
// outside the words that named the store, and o holds none of those
// words anywhere. A group counts once, at its heaviest word.
func (st *state) topicAsked(q lexQuery, w topicWeights, c, o int) bool {
	head := st.segmentsOf(c).head
	ownHas := termsHave(st.chunks[o].terms)
	var inHeads float64
	for i := 0; i < len(q.terms); {
		g := q.terms[i].group
		inHead, inOwn := false, false
		for ; i < len(q.terms) && q.terms[i].group == g; i++ {
			t := q.terms[i]
			if t.place {
				continue
			}
			inHead = inHead || slices.Contains(head, t.id)
			inOwn = inOwn || ownHas(t.id)
		}
		if inHead {
			if inOwn {
				return false
			}
			inHeads += w.group[g]
		}
	}
	return inHeads > 0 && inHeads >= topicShare*w.total
}

// chainAnswers reports whether chain-wide chunk c carries an answer
// signal for the question that the store's own chunk o lacks: a feature
// the question asks for (cues: a price, a length of time, dates for a
// holiday or a date, or clock times where o says no time at all: a
// store's section that gives one time, "Storytime Wednesdays 10am", still
// answers "what time is storytime"), the FAQ answer to the question
// asked (faqAsked), or a table row whose first cell the question names
// (rowHeaderAsked: the holiday table's "| Christmas Eve |").
func (st *state) chainAnswers(q lexQuery, cues uint8, c, o int) bool {
	if ask := cues & st.feat[c] &^ st.feat[o]; ask&^featClock != 0 || ask != 0 && countClockTimes(st.chunks[o].text) == 0 {
		return true
	}
	if st.faqAsked(q, c) && !st.faqAsked(q, o) {
		return true
	}
	return st.rowHeaderAsked(q, c) && !st.rowHeaderAsked(q, o)
}
