package trainset

import "github.com/cafebot/cafebot/internal/publicdata"

// NearCut is the word-bigram Jaccard similarity (publicdata.Bigrams,
// publicdata.Jaccard) at or above which a training row is dropped as too
// close to a held row; the tests that check a set's distance from the
// training rows use it too.
const NearCut = 0.35

// tooClose reports whether text is within NearCut of a row of held, the
// bigram sets of rows no training row may come close to.
func tooClose(text string, held *publicdata.NearSet) bool {
	return held.Near(publicdata.Bigrams(text), NearCut)
}
