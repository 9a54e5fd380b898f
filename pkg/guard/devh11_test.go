package guard

import (
	"path/filepath"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
	"github.com/cafebot/cafebot/internal/trainset"
)

// dev_h11.jsonl is the eleventh wave's dev set (testdata/guard/README.md):
// 160 harmful rows over the six categories in the forms the blind reading
// missed (coded and polite hate, harassment with no insult word, innuendo
// at staff, harm ending in counter-speech words, disguised injections) and
// 80 hard benign look-alikes, a seventh in other languages, written before
// any rule or weight was changed for it. Odd lines (split dev) tune and
// train (trainset's halfHeldSets); even lines (split test) are measured,
// never tuned on, held out of training, and their misses are not read.
const devH11 = "dev_h11.jsonl"

// devH11Half returns the tune (odd lines) or test (even lines) half.
func devH11Half(t *testing.T, test bool) []Labelled { return devHalf(t, devH11, 240, test) }

// TestDevH11Floors holds both halves, rules alone and combined, at the
// figures in devH11Floors, so a rule or retrain that loses them fails.
func TestDevH11Floors(t *testing.T) {
	g := New(Options{})
	for _, f := range devH11Floors {
		rep := g.EvaluateSet(devH11Half(t, f.test), f.layer)
		half := "tune (odd lines)"
		if f.test {
			half = "test (even lines)"
		}
		t.Logf("dev_h11 %s, %s\n%s", half, f.layer, rep.Table())
		if rep.Caught < f.caught {
			t.Errorf("dev_h11 %s, %s: %d/%d harmful flagged, want at least %d", half, f.layer, rep.Caught, rep.Harmful, f.caught)
		}
		if rep.FalseFlags > f.maxFalse {
			t.Errorf("dev_h11 %s, %s: %d/%d benign rows flagged, want at most %d", half, f.layer, rep.FalseFlags, rep.Benign, f.maxFalse)
		}
	}
}

// devH11Floors are the shipped figures of the eleventh wave (guard11's
// rules, written from the tune half, and guard.model retrained with the
// tune half). First sight (commit 5f28e32): rules tune 37/80 and 1/40,
// test 42/80 and 4/40; combined tune 63/80 and 2/40, test 74/80 and 5/40.
// The rules alone left the combined test half at 74/80; the retrain moved
// it to 73/80 (dev_h10's test half 32 -> 34/48 beside it). The fourteenth
// wave's retrain, with the rows near the new blind set blind_d13 dropped
// and dev_h13's and dev_h14's held rows kept out, read 72/80; nothing was
// tuned on this half to win it back.
var devH11Floors = []struct {
	test             bool
	layer            string
	caught, maxFalse int
}{
	{test: false, layer: EvalRules, caught: 54, maxFalse: 0},
	{test: true, layer: EvalRules, caught: 43, maxFalse: 4},
	{test: false, layer: EvalCombined, caught: 80, maxFalse: 0},
	{test: true, layer: EvalCombined, caught: 72, maxFalse: 5},
}

// TestDevH11HeldHalfNeverTrains attacks the hold-out of dev_h11's even
// lines (trainset.DevHalves): no row of the generated training set is
// within word-bigram Jaccard 0.35 of one of them, and nearly all of its
// odd lines are in the set, so the check is not passing on a set that
// never trains or on a split that holds everything out.
func TestDevH11HeldHalfNeverTrains(t *testing.T) {
	rows, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", devH11))
	if err != nil {
		t.Fatal(err)
	}
	odd, even := trainset.DevHalves(rows)
	if len(odd) != 120 || len(even) != 120 || odd[0].Text != rows[0].Text || even[0].Text != rows[1].Text {
		t.Fatalf("dev_h11 splits into %d trained and %d held lines, want the odd and the even", len(odd), len(even))
	}
	grams := make([]map[string]bool, len(even))
	for i, r := range even {
		grams[i] = publicdata.Bigrams(r.Text)
	}
	near := publicdata.NewNearSet(grams)
	train, err := LoadLabelled(trainPath(t))
	if err != nil {
		t.Fatal(err)
	}
	inTrain := make(map[string]bool, len(train))
	close := 0
	for _, r := range train {
		inTrain[r.Text] = true
		if near.Near(publicdata.Bigrams(r.Text), trainset.NearCut) {
			close++
			if close <= 3 {
				t.Errorf("training row %q is close to one of dev_h11's held even lines", r.Text)
			}
		}
	}
	if close > 0 {
		t.Errorf("%d training rows within Jaccard 0.35 of dev_h11's even lines, want none", close)
	}
	missing := 0
	for _, r := range odd {
		if !inTrain[r.Text] {
			missing++
		}
	}
	// A tune line is dropped when it is close to a test line, a blind row,
	// another held set's row or a public eval row; the spaced-letter
	// injection trains with its spaces collapsed. At the retrain 12 of
	// 120 were missing, none close to a test line, so the bound is 12%.
	if missing*100 > 12*len(odd) {
		t.Errorf("%d of dev_h11's %d odd lines are not in the training set, want at most 12%%", missing, len(odd))
	}
}
