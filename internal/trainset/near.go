package trainset

import "github.com/cafebot/cafebot/internal/publicdata"

// NearCut is the word-bigram Jaccard similarity (publicdata.Bigrams,
// publicdata.Jaccard) at or above which a training row is dropped as too
// close to a held row; the tests that check a set's distance from the
// training rows use it too.
const NearCut = 0.35

// nearSet holds the bigram sets of rows no training row may come close
// to, indexed by bigram: a row shares no bigram with most held rows, and
// those have a similarity of 0, so only the held rows sharing one are
// scored. It decides exactly as comparing with every held row would
// (TestNearSetMatchesPairwise), some hundred times faster on the guard's
// 30,000 rows against 6,000 held ones.
type nearSet struct {
	size  []int
	posts map[string][]int32
}

// newNearSet indexes sets.
func newNearSet(sets []map[string]bool) *nearSet {
	n := &nearSet{size: make([]int, len(sets)), posts: map[string][]int32{}}
	for i, s := range sets {
		n.size[i] = len(s)
		for k := range s {
			n.posts[k] = append(n.posts[k], int32(i))
		}
	}
	return n
}

// tooClose reports whether text is within NearCut of a row of held.
func tooClose(text string, held *nearSet) bool {
	b := publicdata.Bigrams(text)
	if len(b) == 0 {
		return false
	}
	shared := map[int32]int{}
	for k := range b {
		for _, i := range held.posts[k] {
			shared[i]++
		}
	}
	for i, in := range shared {
		if float64(in)/float64(len(b)+held.size[i]-in) >= NearCut {
			return true
		}
	}
	return false
}
