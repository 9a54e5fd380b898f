package guard

import (
	"math/rand"
	"testing"
)

// TestNextRuleFindsEveryMarkedRule holds nextRule to a bit-by-bit scan:
// from every index it must land on the first rule set in cand or raws,
// never pass one over, and report the end when none is left, including
// from the last bit of a word and past the set's end.
func TestNextRuleFindsEveryMarkedRule(t *testing.T) {
	rng := rand.New(rand.NewSource(15))
	naive := func(cand, raws []uint64, i int) int {
		for j := i; j < len(cand)*64; j++ {
			if (cand[j/64]|raws[j/64])&(1<<(j%64)) != 0 {
				return j
			}
		}
		return len(cand) * 64
	}
	for trial := 0; trial < 400; trial++ {
		n := 1 + rng.Intn(5)
		cand, raws := make([]uint64, n), make([]uint64, n)
		for w := range cand {
			// Sparse, dense, empty and full words all occur.
			switch rng.Intn(4) {
			case 0:
			case 1:
				cand[w] = ^uint64(0)
			default:
				cand[w] = rng.Uint64() & rng.Uint64() & rng.Uint64()
			}
			if rng.Intn(3) == 0 {
				raws[w] = 1 << rng.Intn(64)
			}
		}
		for i := 0; i <= n*64+3; i++ {
			if got, want := nextRule(cand, raws, i), naive(cand, raws, i); got != want {
				t.Fatalf("nextRule(%x, %x, %d) = %d, want %d", cand, raws, i, got, want)
			}
		}
	}
	// Every raw rule is marked, and no word rule.
	raws := lexiconRaw()
	for i := range lexicon {
		if got := raws[i/64]&(1<<(i%64)) != 0; got != lexicon[i].raw {
			t.Fatalf("lexiconRaw marks rule %d (%s) %v, but its raw is %v", i, lexicon[i].label, got, lexicon[i].raw)
		}
	}
}
