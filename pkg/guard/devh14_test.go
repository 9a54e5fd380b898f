package guard

import (
	"path/filepath"
	"testing"
)

// dev_h14.jsonl is the fourteenth wave's dev set (testdata/guard/README.md):
// 150 harmful rows (hate 40, sexual 35, harassment 35, threat 20,
// self-harm 10, injection 10) and 90 benign twins, written by a stranger
// before any rule or weight was changed for it. Unlike dev_h10..h13 its
// halves are split by label, not by line: rows of split dev tune, rows
// of split test are measured, never tuned on, and their misses are not
// read. Its tune half trains the learned layer (trainset's halfHeldSets,
// by the split field: trainset.SplitHalves) since the wave's end.
const devH14 = "dev_h14.jsonl"

// devH14Eng is the fourteenth wave's hand-written companion set: the
// guard engineer's own look-alikes and cases for the new rules (split
// dev, none a dev_h14 row), measured here so a later rule that loses a
// case or flags a twin shows up.
const devH14Eng = "dev_h14_eng.jsonl"

// devSplitHalf reads a dev set whose halves are named by its split field
// ("dev" tunes, "test" is held), checking the row count and that every
// row names one of the two.
func devSplitHalf(t *testing.T, file string, n int, test bool) []Labelled {
	t.Helper()
	rows, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", file))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%s has %d rows, want %d", file, len(rows), n)
	}
	var out []Labelled
	for i, r := range rows {
		if r.Split != "dev" && r.Split != "test" {
			t.Fatalf("%s line %d: split %q, want dev or test", file, i+1, r.Split)
		}
		if (r.Split == "test") == test {
			out = append(out, r)
		}
	}
	return out
}

// TestDevH14Floors holds both halves of dev_h14, rules alone and
// combined, and the hand-written companion set at the figures in
// devH14Floors, so a rule or retrain that loses them fails.
func TestDevH14Floors(t *testing.T) {
	g := New(Options{})
	for _, f := range devH14Floors {
		var rows []Labelled
		half := "tune (split dev)"
		switch {
		case f.file == devH14Eng:
			rows, half = devSplitHalf(t, devH14Eng, 126, false), "hand-written (split dev)"
		case f.test:
			rows, half = devSplitHalf(t, devH14, 240, true), "test (split test)"
		default:
			rows = devSplitHalf(t, devH14, 240, false)
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

// devH14Floors are the figures at the end of the fourteenth wave (the
// guard14 rules and the model retrained with dev_h13's tune half). At
// first sight (the wave's starting code, 5a2be16; 92a2ccd added only
// data): rules tune 35/76 and 0/45, test 24/74 and 0/45; combined tune
// 61/76 and 1/45, test 52/74 and 2/45. The test half did not move: the
// rules written from the tune half caught none of its misses. Trained
// on its tune half (the wave's end), the model read combined tune 76/76
// and 0/45, test 51/74 and 2/45 (one row fewer), dev_h14_eng 65/66 at
// 6/60 benign flagged (4 before), while the other held-out halves went
// 813 -> 821 of 1,003 at 51 -> 49 of 562 benign.
var devH14Floors = []struct {
	file             string
	test             bool
	layer            string
	caught, maxFalse int
}{
	{file: devH14, test: false, layer: EvalRules, caught: 61, maxFalse: 0},
	{file: devH14, test: true, layer: EvalRules, caught: 24, maxFalse: 0},
	{file: devH14, test: false, layer: EvalCombined, caught: 76, maxFalse: 0},
	{file: devH14, test: true, layer: EvalCombined, caught: 51, maxFalse: 2},
	{file: devH14Eng, layer: EvalRules, caught: 65, maxFalse: 0},
	{file: devH14Eng, layer: EvalCombined, caught: 65, maxFalse: 6},
}
