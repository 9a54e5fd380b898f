package retrieval

import (
	"slices"
)

// A store's page often keeps its week in a table ("| Thursday |
// Eastgate Business Park | 7a–1p |"), and its other sections say the
// same day words in passing ("pre-orders are open Tuesday–Friday"). All
// of the page is the store's own, so proximity leaves it alone, and BM25
// prefers a short section. Within a scope, a chunk of the store's own
// page holding a table row whose first cell the question names is
// multiplied by rowBoost.
//
// Measured on the dev cafés' tune halves and the bundled tuned sets (656
// questions, hit@1 / hit@3 529 / 614 with ownOverChain): rowBoost 1.3
// 529 / 615, 1.5 530 / 615, 2 530 / 616, 3 530 / 616 with tuned3 losing
// one at hit@1 and tuned gaining one. Applied to every chunk, not only
// the store's own: 1.15 528 / 615, 1.5 530 / 615, 2 529 / 616, with a
// Tidewater and a tuned2 question lost.
const (
	rowBoost = 2.0
	// rowDepth is how many of the best hits are looked at.
	rowDepth = 10
)

// rowHeaderAsked reports whether chunk doc holds a table row (below the
// header row) whose first cell is made only of words of the question
// that did not name the store, such as "| Thursday | Building 4 |" for
// "where's the truck on thursday". The cells are read once per chunk,
// with its segments (chunkSegments), not on every search.
func (st *state) rowHeaderAsked(q lexQuery, doc int) bool {
	asked := func(id uint32) bool {
		return slices.ContainsFunc(q.terms, func(t qterm) bool { return !t.place && t.id == id })
	}
	for _, cell := range st.segmentsOf(doc).rowHeads {
		if !slices.ContainsFunc(cell, func(id uint32) bool { return !asked(id) }) {
			return true
		}
	}
	return false
}

// boostAskedRows multiplies by rowBoost those of the best rowDepth hits
// that are the scoped stores' own chunks (keys) and hold a table row
// whose first cell the question names, and sorts the hits again.
func (st *state) boostAskedRows(q lexQuery, keys []string, ranked []scored) {
	n := min(len(ranked), rowDepth)
	if len(keys) == 0 || n < 2 {
		return
	}
	moved := false
	for i := range ranked[:n] {
		l := st.effLoc[ranked[i].doc]
		if l != "" && !st.sectionLoc[ranked[i].doc] && slices.Contains(keys, l) && st.rowHeaderAsked(q, ranked[i].doc) {
			ranked[i].score *= rowBoost
			moved = true
		}
	}
	if !moved {
		return
	}
	slices.SortStableFunc(ranked, byScore)
}
