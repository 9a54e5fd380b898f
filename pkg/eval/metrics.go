package eval

import (
	"math"
	"slices"
)

// Rate is a count of successes over a count of tries. Value is nil (JSON
// null, "n/a" in tables) when there was nothing to count, never NaN.
type Rate struct {
	Hits  int      `json:"hits"`
	Total int      `json:"total"`
	Value *float64 `json:"value"`
}

// newRate returns hits/total, with a nil Value when total is zero.
func newRate(hits, total int) Rate {
	return Rate{Hits: hits, Total: total, Value: ratio(hits, total)}
}

// ratio returns a/b rounded to four places, or nil when b is zero.
func ratio(a, b int) *float64 {
	if b == 0 {
		return nil
	}
	return num(round(float64(a)/float64(b), 4))
}

func num(f float64) *float64 { return &f }

func round(f float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(f*p) / p
}

// Dist summarises a set of measurements in milliseconds. The percentiles
// are nearest-rank: p50 of 1,2,3,4 is 2. They are nil when N is zero.
type Dist struct {
	N   int      `json:"n"`
	P50 *float64 `json:"p50"`
	P95 *float64 `json:"p95"`
	Max *float64 `json:"max"`
}

// newDist summarises xs (which it sorts).
func newDist(xs []float64) Dist {
	d := Dist{N: len(xs)}
	if len(xs) == 0 {
		return d
	}
	slices.Sort(xs)
	d.P50 = num(round(percentile(xs, 50), 3))
	d.P95 = num(round(percentile(xs, 95), 3))
	d.Max = num(round(xs[len(xs)-1], 3))
	return d
}

// percentile returns the nearest-rank p-th percentile of sorted xs: the
// smallest value with at least p% of the values at or below it.
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(p/100*float64(n))) - 1
	return sorted[max(0, min(i, n-1))]
}

// Ranks summarise where the first relevant passage came in searches.
type Ranks struct {
	// Cases is how many searches there were.
	Cases int `json:"cases"`
	// RecallAt1 and RecallAt3 are the share of searches with a relevant
	// passage first or in the top three.
	RecallAt1 *float64 `json:"recall_at_1"`
	RecallAt3 *float64 `json:"recall_at_3"`
	// MRR is the mean reciprocal rank of the first relevant passage (0 for
	// a search that found none within k).
	MRR *float64 `json:"mrr"`
}

// newRanks summarises 1-based ranks of the first relevant hit; 0 means
// none was found.
func newRanks(ranks []int) Ranks {
	r := Ranks{Cases: len(ranks)}
	if len(ranks) == 0 {
		return r
	}
	at1, at3, rr := 0, 0, 0.0
	for _, k := range ranks {
		if k <= 0 {
			continue
		}
		if k == 1 {
			at1++
		}
		if k <= 3 {
			at3++
		}
		rr += 1 / float64(k)
	}
	r.RecallAt1 = ratio(at1, len(ranks))
	r.RecallAt3 = ratio(at3, len(ranks))
	r.MRR = num(round(rr/float64(len(ranks)), 4))
	return r
}

// PrecisionRecall counts a binary decision against the truth.
type PrecisionRecall struct {
	TruePos  int `json:"true_positives"`
	FalsePos int `json:"false_positives"`
	FalseNeg int `json:"false_negatives"`
	TrueNeg  int `json:"true_negatives"`
	// Precision is TP/(TP+FP), nil when nothing was predicted positive;
	// Recall is TP/(TP+FN), nil when nothing was truly positive.
	Precision *float64 `json:"precision"`
	Recall    *float64 `json:"recall"`
}

// add counts one decision.
func (pr *PrecisionRecall) add(want, got bool) {
	switch {
	case want && got:
		pr.TruePos++
	case got:
		pr.FalsePos++
	case want:
		pr.FalseNeg++
	default:
		pr.TrueNeg++
	}
}

// finish fills in precision and recall.
func (pr *PrecisionRecall) finish() {
	pr.Precision = ratio(pr.TruePos, pr.TruePos+pr.FalsePos)
	pr.Recall = ratio(pr.TruePos, pr.TruePos+pr.FalseNeg)
}
