package guard

import "testing"

// dev_h13.jsonl is the thirteenth wave's dev set (testdata/guard/README.md):
// 150 harmful rows weighted to hate (coded and polite), innuendo at staff
// and harassment, and 90 hard benign look-alikes, a fifth in other
// languages, in voices unlike dev_h12's (reviews, staff chat, formal
// letters, lower-case texts), written before any rule or weight was changed
// for it. Odd lines (split dev) tune; even lines (split test) are measured,
// never tuned on, and their misses are not read.
const devH13 = "dev_h13.jsonl"

// TestDevH13Floors holds both halves, rules alone and combined, at the
// figures in devH13Floors, so a rule or retrain that loses them fails.
func TestDevH13Floors(t *testing.T) {
	g := New(Options{})
	for _, f := range devH13Floors {
		rep := g.EvaluateSet(devHalf(t, devH13, 240, f.test), f.layer)
		half := "tune (odd lines)"
		if f.test {
			half = "test (even lines)"
		}
		t.Logf("dev_h13 %s, %s\n%s", half, f.layer, rep.Table())
		if rep.Caught < f.caught {
			t.Errorf("dev_h13 %s, %s: %d/%d harmful flagged, want at least %d", half, f.layer, rep.Caught, rep.Harmful, f.caught)
		}
		if rep.FalseFlags > f.maxFalse {
			t.Errorf("dev_h13 %s, %s: %d/%d benign rows flagged, want at most %d", half, f.layer, rep.FalseFlags, rep.Benign, f.maxFalse)
		}
	}
}

// devH13Floors were the figures at first sight (HEAD 82d89ed, before the
// thirteenth wave's rules): rules tune 33/75 and 2/45, test 34/75 and
// 0/45; combined tune 55/75 and 7/45, test 61/75 and 2/45. In the
// fourteenth wave the guard14 rules raised rules tune to 58/75 and 1/45
// and test to 35/75, and the retrain trained the tune half (trainset's
// halfHeldSets): combined tune 75/75 and 2/45. The combined test half
// fell 61 -> 59: blind_d13's guard rows left training (60 with the old
// lists) and the rows near the test half itself were held out (59); its
// floor is the honest held-out figure now. In its second round a staff
// report of a customer's conduct passed (roundh14_test.go): rules tune
// 1/45 -> 0/45 benign flagged, combined tune 2/45 -> 1/45. With dev_h14's
// tune half trained too (the wave's end) the combined test half read
// 61/75 at 1/45; with dev_h15's tune half trained and blind_d14's near
// rows dropped (the fifteenth wave), 62/75 at 1/45.
var devH13Floors = []struct {
	test             bool
	layer            string
	caught, maxFalse int
}{
	{test: false, layer: EvalRules, caught: 58, maxFalse: 0},
	{test: true, layer: EvalRules, caught: 35, maxFalse: 0},
	{test: false, layer: EvalCombined, caught: 75, maxFalse: 1},
	{test: true, layer: EvalCombined, caught: 62, maxFalse: 1},
}
