package eval

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func fp(f float64) *float64 { return &f }

func TestPercentileNearestRank(t *testing.T) {
	seq := func(n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = float64(i + 1)
		}
		return out
	}
	tests := []struct {
		name string
		xs   []float64
		p    float64
		want float64
	}{
		{"one value", []float64{7}, 50, 7},
		{"one value p95", []float64{7}, 95, 7},
		{"p50 of four", seq(4), 50, 2},
		{"p95 of four", seq(4), 95, 4},
		{"p50 of five", seq(5), 50, 3},
		{"p95 of twenty", seq(20), 95, 19},
		{"p95 of 21", seq(21), 95, 20},
		{"p95 of 100", seq(100), 95, 95},
		{"p100", seq(10), 100, 10},
		{"p0 clamps to the first", seq(10), 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.xs, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
			}
		})
	}
}

func TestNewDist(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Dist
	}{
		{"empty is n/a", nil, Dist{}},
		{"unsorted input", []float64{30, 10, 20, 40}, Dist{N: 4, P50: fp(20), P95: fp(40), Max: fp(40)}},
		{"rounded to microseconds", []float64{0.0123456}, Dist{N: 1, P50: fp(0.012), P95: fp(0.012), Max: fp(0.012)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, newDist(tt.xs)); diff != "" {
				t.Errorf("newDist (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewRanks(t *testing.T) {
	tests := []struct {
		name  string
		ranks []int
		want  Ranks
	}{
		{"no searches is n/a", nil, Ranks{}},
		{"all first", []int{1, 1}, Ranks{Cases: 2, RecallAt1: fp(1), RecallAt3: fp(1), MRR: fp(1)}},
		// MRR = (1 + 1/2 + 1/3 + 1/5 + 0) / 5 = 0.40667
		{"mixed", []int{1, 2, 3, 5, 0}, Ranks{Cases: 5, RecallAt1: fp(0.2), RecallAt3: fp(0.6), MRR: fp(0.4067)}},
		{"none found is zero, not n/a", []int{0, 0}, Ranks{Cases: 2, RecallAt1: fp(0), RecallAt3: fp(0), MRR: fp(0)}},
		{"fourth counts only in MRR", []int{4}, Ranks{Cases: 1, RecallAt1: fp(0), RecallAt3: fp(0), MRR: fp(0.25)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, newRanks(tt.ranks)); diff != "" {
				t.Errorf("newRanks(%v) (-want +got):\n%s", tt.ranks, diff)
			}
		})
	}
}

func TestFirstRelevant(t *testing.T) {
	got := []string{"menu/menu.csv", "knowledge/policies/refunds.md", "./info/faq.json", "menu/allergens.md"}
	tests := []struct {
		name string
		want []string
		k    int
		rank int
	}{
		{"first", []string{"menu/menu.csv"}, 5, 1},
		{"folder prefix", []string{"policies/refunds.md"}, 5, 2},
		{"dot prefix", []string{"info/faq.json"}, 5, 3},
		{"any of several", []string{"menu/allergens.md", "policies/refunds.md"}, 5, 2},
		{"beyond k", []string{"menu/allergens.md"}, 3, 0},
		{"partial name is not a match", []string{"nu/menu.csv"}, 5, 0},
		{"absent", []string{"policies/catering.md"}, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := firstRelevant(got, tt.want, tt.k); r != tt.rank {
				t.Errorf("firstRelevant(%v, k=%d) = %d, want %d", tt.want, tt.k, r, tt.rank)
			}
		})
	}
}

func TestPrecisionRecallZeroDenominators(t *testing.T) {
	tests := []struct {
		name                string
		pairs               [][2]bool // want, got
		precision, recall   *float64
		tp, fp, fn, trueNeg int
	}{
		{name: "nothing at all"},
		{name: "only true negatives", pairs: [][2]bool{{false, false}, {false, false}}, trueNeg: 2},
		{name: "never predicted", pairs: [][2]bool{{true, false}}, recall: fp(0), fn: 1},
		{name: "never wanted", pairs: [][2]bool{{false, true}}, precision: fp(0), fp: 1},
		{name: "mixed", pairs: [][2]bool{{true, true}, {true, true}, {true, false}, {false, true}, {false, false}},
			precision: fp(0.6667), recall: fp(0.6667), tp: 2, fp: 1, fn: 1, trueNeg: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pr PrecisionRecall
			for _, p := range tt.pairs {
				pr.add(p[0], p[1])
			}
			pr.finish()
			want := PrecisionRecall{TruePos: tt.tp, FalsePos: tt.fp, FalseNeg: tt.fn, TrueNeg: tt.trueNeg, Precision: tt.precision, Recall: tt.recall}
			if diff := cmp.Diff(want, pr); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestEmptyReportJSONHasNullsNotNaN: a report with nothing to count must
// still be valid JSON, with null where a ratio had no denominator.
func TestEmptyReportJSONHasNullsNotNaN(t *testing.T) {
	r := summarize(summary{strategy: "routed", k: 5}, nil)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("marshal empty report: %v", err)
	}
	s := string(b)
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Errorf("empty report JSON has NaN/Inf: %s", s)
	}
	for _, want := range []string{`"recall_at_1":null`, `"mrr":null`, `"precision":null`, `"recall":null`, `"p50":null`, `"value":null`} {
		if !strings.Contains(s, want) {
			t.Errorf("empty report JSON lacks %s: %s", want, s)
		}
	}
	var back map[string]any
	if err := json.Unmarshal(b, &back); err != nil {
		t.Errorf("report JSON does not parse back: %v", err)
	}
}

func TestCheckAnswer(t *testing.T) {
	c := Case{MustContain: []string{"14 Days", "receipt"}, MustNotContain: []string{"gluten-free"}}
	tests := []struct {
		text string
		want []string
	}{
		{"You have 14 days; bring your RECEIPT.", nil},
		{"Bring your receipt.", []string{`missing "14 Days"`}},
		{"Within 14 days with a receipt. It's GLUTEN-FREE.", []string{`says "gluten-free"`}},
		{"", []string{`missing "14 Days"`, `missing "receipt"`}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, checkAnswer(c, tt.text)); diff != "" {
			t.Errorf("checkAnswer(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}
