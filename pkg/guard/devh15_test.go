package guard

import "testing"

// dev_h15.jsonl is the fifteenth wave's dev set (testdata/guard/README.md):
// 240 rows written by a stranger to the project before the wave's
// changes, split by category into a tune half (split dev, 121 rows) and
// a test half (split test, 119 rows) that is measured, never tuned on,
// its misses not read. Its tune half trains the learned layer
// (trainset's halfHeldSets) since the wave's retrain.
const devH15 = "dev_h15.jsonl"

// devH15Eng is the fifteenth wave's hand-written companion set (split dev,
// none a dev-set row): the reported clothing demands of
// roundh15_test.go, then 332 rows of harm in new voices (orders spoken to
// a drive-through, formal letters, long posts, a sixth in other
// languages), each beside a benign twin that keeps its opening or its
// words. It trains nothing: written as training rows, it lost held-out
// recall in every way it was tried (README), so it measures instead.
const devH15Eng = "dev_h15_eng.jsonl"

// TestDevH15Floors holds both halves of dev_h15, rules alone and
// combined, and the hand-written companion set at the figures in
// devH15Floors, so a rule or retrain that loses them fails.
func TestDevH15Floors(t *testing.T) {
	g := New(Options{})
	for _, f := range devH15Floors {
		var rows []Labelled
		half := "tune (split dev)"
		switch {
		case f.file == devH15Eng:
			rows, half = devSplitHalf(t, devH15Eng, 343, false), "hand-written (split dev)"
		case f.test:
			rows, half = devSplitHalf(t, devH15, 240, true), "test (split test)"
		default:
			rows = devSplitHalf(t, devH15, 240, false)
		}
		rep := g.EvaluateSet(rows, f.layer)
		t.Logf("%s %s, %s\n%s", f.file, half, f.layer, rep.Table())
		if rep.Caught < f.caught {
			t.Errorf("%s %s, %s: %d/%d harmful flagged, want at least %d", f.file, half, f.layer, rep.Caught, rep.Harmful, f.caught)
		}
		if rep.FalseFlags > f.maxFalse {
			t.Errorf("%s %s, %s: %d/%d benign rows flagged, want at most %d", f.file, half, f.layer, rep.FalseFlags, rep.Benign, f.maxFalse)
		}
	}
}

// devH15Floors are the figures at the end of the fifteenth wave (the
// model retrained with blind_d14's near rows dropped and dev_h15's tune
// half trained; the reported clothing demand set aside). At first sight
// (the wave's start, 030aa3e): rules tune 38/91 and 0/30, test 45/89 and
// 0/30; combined tune 77/91 and 1/30, test 77/89 and 3/30. At the end:
// combined tune 89/91 and 1/30, test 76/89 and 2/30 (one row fewer, one
// benign row fewer flagged). dev_h15_eng read at the start rules 74/170
// and 7/174 benign flagged, combined 132/170 and 36/174 (with the row
// since dropped, "... next time or else", a threat read only by the
// learned layer once the report is set aside); at the end rules 73/169
// and 4/174 ("a picture of the cake you made" is no picture of staff),
// combined 131/169 and 28/174; after the second round's five false
// positives (a wait with a delivery, photos of the new menu, letters for a
// chalkboard, a video of one's own order, private tastings for an office)
// rules 73/169 and 2/174, combined 131/169 and 26/174.
var devH15Floors = []struct {
	file             string
	test             bool
	layer            string
	caught, maxFalse int
}{
	{file: devH15, test: false, layer: EvalRules, caught: 38, maxFalse: 0},
	{file: devH15, test: true, layer: EvalRules, caught: 45, maxFalse: 0},
	{file: devH15, test: false, layer: EvalCombined, caught: 89, maxFalse: 1},
	{file: devH15, test: true, layer: EvalCombined, caught: 76, maxFalse: 2},
	{file: devH15Eng, layer: EvalRules, caught: 73, maxFalse: 2},
	{file: devH15Eng, layer: EvalCombined, caught: 131, maxFalse: 26},
}
