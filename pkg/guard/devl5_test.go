package guard

import (
	"path/filepath"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
	"github.com/cafebot/cafebot/internal/trainset"
)

// dev_l5.jsonl is the fifth round's dev-test set for the learned layer
// (45 threats and 25 self-harm messages said obliquely, 20 put-downs
// without swearing, 10 hate, 60 benign look-alikes: kitchen words,
// angry complaints, reports and quotes; a tenth in German, French,
// Spanish, Italian or Dutch). It was written before that round's training
// data and is held out of training like dev_l3 and dev_l4 (trainset's
// heldSets). First sight, with the model shipped before the round (and
// the rules of then): combined 63/100 flagged, 4/60 benign flagged;
// learned layer alone 51/100, 2/60. Written by the author of the training
// data, so optimistic.
const devL5 = "dev_l5.jsonl"

// TestDevL5Floors holds dev_l5 at the round's shipped figures (see the
// constants), so a retrain that loses them fails.
func TestDevL5Floors(t *testing.T) {
	rows, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", devL5))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 160 {
		t.Fatalf("dev_l5.jsonl has %d rows, want 160", len(rows))
	}
	g := New(Options{})
	r := g.EvaluateSet(rows, EvalCombined)
	t.Logf("dev_l5, combined\n%s", r.Table())
	if r.Caught < devL5MinCaught {
		t.Errorf("dev_l5: %d/%d harmful rows flagged, want at least %d", r.Caught, r.Harmful, devL5MinCaught)
	}
	if r.FalseFlags > devL5MaxFalse {
		t.Errorf("dev_l5: %d/%d benign rows flagged, want at most %d", r.FalseFlags, r.Benign, devL5MaxFalse)
	}
	l := g.EvaluateSet(rows, EvalLearned)
	t.Logf("dev_l5, learned layer alone\n%s", l.Table())
	if l.Caught < devL5LearnedMinCaught || l.FalseFlags > devL5LearnedMaxFalse {
		t.Errorf("dev_l5, learned layer alone: %d/%d flagged, %d/%d benign flagged; want at least %d and at most %d",
			l.Caught, l.Harmful, l.FalseFlags, l.Benign, devL5LearnedMinCaught, devL5LearnedMaxFalse)
	}
}

// TestDevTestSetsNeverTrain attacks the hold-out of the learned layer's
// dev-test sets: their rows carry split test, which TrainModel refuses,
// and no row of the generated training set is one of them or within the
// word-bigram Jaccard of 0.35 that trainset's decontamination drops.
func TestDevTestSetsNeverTrain(t *testing.T) {
	train, err := LoadLabelled(trainPath(t))
	if err != nil {
		t.Fatal(err)
	}
	grams := make([]map[string]bool, len(train))
	for i, r := range train {
		grams[i] = publicdata.Bigrams(r.Text)
	}
	for _, name := range []string{"dev_l4.jsonl", devL5} {
		dev, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := TrainModel(dev[:3], TrainOptions{}); err == nil {
			t.Errorf("TrainModel accepted %s rows", name)
		}
		close := 0
		for _, d := range dev {
			if d.Split != "test" {
				t.Errorf("%s row of split %q, want test: %q", name, d.Split, d.Text)
			}
			dg := publicdata.Bigrams(d.Text)
			for i, g := range grams {
				if publicdata.Jaccard(dg, g) >= trainset.NearCut {
					close++
					if close <= 3 {
						t.Errorf("%s row %q is close to training row %q", name, d.Text, train[i].Text)
					}
				}
			}
		}
		if close > 0 {
			t.Errorf("%s: %d training rows within Jaccard 0.35 of its rows, want none", name, close)
		}
	}
	// The attack on the measure itself: a dev row reworded by one word
	// must still count as close.
	a := publicdata.Bigrams("Enjoy walking to the bus stop while you still can")
	b := publicdata.Bigrams("enjoy walking to the bus stop while u still can")
	if publicdata.Jaccard(a, b) < trainset.NearCut {
		t.Error("a one-word rewording of a dev row is not within Jaccard 0.35")
	}
}

// The floors of TestDevL5Floors. The round's model with the rules of the
// same commit flagged 57/100 and 4/60 benign, the learned layer alone
// 43/100 and 2/60. Refitting on rows that differ by 35 benign sentences
// (the gate's hand rows of one round) moved the learned layer by two
// rows either way (45/100 and 1/60 before them), so the floors leave
// three rows of recall and one false positive of slack. (The model
// shipped before the round had 53 training rows close to 10 dev_l5
// rows; refitted without them, at its L2 of 0.02, it flagged 55/100 and
// 4/60 with the rules of then, its learned layer 39/100 and 1/60.)
const (
	devL5MinCaught        = 54
	devL5MaxFalse         = 5
	devL5LearnedMinCaught = 40
	devL5LearnedMaxFalse  = 3
)
