package trainset

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
)

// TestNearSetMatchesPairwise attacks the bigram index: on random short
// texts over a small vocabulary (so most pairs share a bigram and many sit
// near the cut), tooClose must decide as comparing with every held row
// does.
func TestNearSetMatchesPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	vocab := strings.Fields("i will come back tonight and you know where the staff park für ça kill")
	text := func() string {
		w := make([]string, 1+rng.IntN(7))
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(w, " ")
	}
	var heldRows []map[string]bool
	for range 300 {
		heldRows = append(heldRows, publicdata.Bigrams(text()))
	}
	heldRows = append(heldRows, map[string]bool{})
	held := publicdata.NewNearSet(heldRows)
	closeN := 0
	for i := range 3000 {
		s := text()
		if i == 0 {
			s = ""
		}
		want := false
		b := publicdata.Bigrams(s)
		for _, h := range heldRows {
			if publicdata.Jaccard(b, h) >= NearCut {
				want = true
				break
			}
		}
		if got := tooClose(s, held); got != want {
			t.Fatalf("tooClose(%q) = %t, pairwise %t", s, got, want)
		}
		if want {
			closeN++
		}
	}
	if closeN < 300 || closeN > 2700 {
		t.Errorf("%d of 3000 texts close: the test is not near the cut", closeN)
	}
	t.Logf("%d of 3000 close", closeN)
}
