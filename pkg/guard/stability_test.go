package guard

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// benignTail returns n benign validation probabilities shaped like the
// pooled head's: most near 0, a thin tail reaching 0.99, and runs of three
// equal scores (a row and its dressed variants score alike).
func benignTail(rng *rand.Rand, n int) []float64 {
	out := make([]float64, 0, n)
	for len(out) < n {
		z := rng.NormFloat64()*2.2 - 3
		p := 1 / (1 + math.Exp(-z))
		p = math.Round(p*1000) / 1000
		for k := 0; k < 1+2*rng.IntN(2) && len(out) < n; k++ {
			out = append(out, p)
		}
	}
	return out
}

// orderStatistic is the rule stableThreshold replaced, for comparison:
// the lowest threshold that lets at most rate of neg through.
func orderStatistic(neg []float64, rate float64) float64 {
	desc := slices.Clone(neg)
	slices.Sort(desc)
	slices.Reverse(desc)
	k := int(rate * float64(len(neg)))
	// Just above the (k+1)th highest, skipping any tie with it.
	t := desc[k]
	for k > 0 && desc[k-1] == t {
		k--
	}
	return math.Nextafter(t, 1)
}

// TestStableThresholdMovesLittle attacks the pooled head's calibration
// with what a retrain changes: the rows' order, and 1% of the benign
// validation rows gone. Over 20 drops of 1% of 2,500 rows the threshold
// must stay within 0.005 of the full set's, and move at most half as far
// as the rule it replaced on the same drops (0.0038 against 0.0130 when
// written).
func TestStableThresholdMovesLittle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	neg := benignTail(rng, 2500)
	base, ok := stableThreshold(neg, 0.015)
	if !ok {
		t.Fatal("no threshold from 2,500 rows")
	}
	shuffled := slices.Clone(neg)
	rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if got, _ := stableThreshold(shuffled, 0.015); got != base {
		t.Errorf("threshold %.4f after a shuffle, %.4f before", got, base)
	}
	oldBase := orderStatistic(neg, 0.015)
	var spread, oldSpread float64
	for trial := range 20 {
		r := rand.New(rand.NewPCG(uint64(trial), 3))
		var kept []float64
		for _, p := range neg {
			if r.Float64() >= 0.01 {
				kept = append(kept, p)
			}
		}
		got, _ := stableThreshold(kept, 0.015)
		spread = max(spread, math.Abs(got-base))
		oldSpread = max(oldSpread, math.Abs(orderStatistic(kept, 0.015)-oldBase))
	}
	t.Logf("threshold %.4f; largest move over 20 drops of 1%%: %.4f (the order statistic: %.4f)", base, spread, oldSpread)
	if spread > 0.005 {
		t.Errorf("a 1%% drop moved the threshold by %.4f, want at most 0.005", spread)
	}
	if spread > oldSpread/2 {
		t.Errorf("moved by up to %.4f, more than half the order statistic's %.4f", spread, oldSpread)
	}
	// About rate of the rows reach it: the window's mean sits among the
	// ranks around the quantile, never far outside them.
	above := 0
	for _, p := range neg {
		if p >= base {
			above++
		}
	}
	if k := 0.015 * 2500; float64(above) < k*0.6 || float64(above) > k*1.4 {
		t.Errorf("%d of 2,500 rows at or above %.4f, want about %.0f", above, base, k)
	}
}

func TestStableThresholdEdges(t *testing.T) {
	if _, ok := stableThreshold(make([]float64, 49), 0.015); ok {
		t.Error("a threshold from 49 rows, want none")
	}
	if _, ok := stableThreshold(make([]float64, 100), 0); ok {
		t.Error("a threshold at rate 0, want none")
	}
	// All rows alike: the threshold is their score, rounded up.
	same := slices.Repeat([]float64{0.95}, 200)
	if got, _ := stableThreshold(same, 0.015); got != 0.95 {
		t.Errorf("threshold %.6f over 200 rows of 0.95, want 0.95", got)
	}
	// Rounding never goes down: the result is on the 0.0001 grid and at
	// or above the unrounded mean.
	rng := rand.New(rand.NewPCG(1, 1))
	neg := benignTail(rng, 1000)
	got, _ := stableThreshold(neg, 0.02)
	if r := math.Round(got * 10000); math.Abs(r-got*10000) > 1e-6 {
		t.Errorf("threshold %v is not on the 0.0001 grid", got)
	}
	// Saturated scores (0 and 1) do not make it infinite.
	ends := append(slices.Repeat([]float64{1}, 30), slices.Repeat([]float64{0}, 970)...)
	if got, ok := stableThreshold(ends, 0.015); !ok || math.IsNaN(got) || got <= 0 || got > 1 {
		t.Errorf("threshold %v over saturated scores", got)
	}
}

// TestPooledThresholdStableOverRetrains retrains the shipped recipe twice
// on the generated training set, once with another fit order (seed 2) and
// once without 1% of the rows, and holds the pooled head's threshold within
// 0.01 of the shipped model's. The seventh round measured 0.9643 (shipped),
// 0.9646 and 0.9683 (seeds 2 and 3) and 0.9588 and 0.9609 without two
// different 1% of the rows: a spread of 0.0095, where the recipe before
// (three fits, analysis.Train's rule) spread over 0.930-0.955 on four
// seeds and four drops of the sixth round's rows. Each retrain takes 20-60 s, so it runs only with
// CAFEBOT_STABILITY=1, and never under -race or -short.
func TestPooledThresholdStableOverRetrains(t *testing.T) {
	if os.Getenv("CAFEBOT_STABILITY") != "1" || raceEnabled || testing.Short() {
		t.Skip("set CAFEBOT_STABILITY=1 (without -race and -short) to retrain")
	}
	rows, err := LoadLabelled(trainPath(t))
	if err != nil {
		t.Fatal(err)
	}
	shipped := DefaultModel()
	pl := shipped.Label(anyHarm)
	base := shipped.Thresholds[pl]
	reordered := DefaultTrainOptions()
	reordered.Seed = 2
	rng := rand.New(rand.NewPCG(1, 9))
	var dropped []Labelled
	for _, r := range rows {
		if rng.Float64() >= 0.01 {
			dropped = append(dropped, r)
		}
	}
	for _, tc := range []struct {
		name string
		rows []Labelled
		opt  TrainOptions
	}{
		{"another fit order", rows, reordered},
		{"1% of the rows dropped", dropped, DefaultTrainOptions()},
	} {
		m, err := TrainModel(tc.rows, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		got := m.Thresholds[pl]
		t.Logf("%s: pooled threshold %.4f (shipped %.4f)", tc.name, got, base)
		if math.Abs(got-base) > 0.01 {
			t.Errorf("%s: pooled threshold %.4f, shipped %.4f: moved more than 0.01", tc.name, got, base)
		}
	}
}
