package guard

import (
	"path/filepath"
	"testing"
)

// TestDevL4Floors holds the fourth round's dev-test set (threats said
// obliquely, oblique self-harm, harassment and benign look-alikes,
// written before that round's training data and never trained on) at its
// the shipped model's figures: 64/80 flagged, 9/69 benign flagged
// (learned layer alone 48/80, 3/69). Written by the author of the
// training data, so optimistic; 43 rows of train.jsonl are close to it
// (word-bigram Jaccard >= 0.35), so the learned figures are too.
func TestDevL4Floors(t *testing.T) {
	rows, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", "dev_l4.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 140 {
		t.Fatalf("dev_l4.jsonl has %d rows, want at least 140", len(rows))
	}
	g := New(Options{})
	r := g.EvaluateSet(rows, EvalCombined)
	t.Logf("dev_l4\n%s", r.Table())
	if r.Caught < 62 {
		t.Errorf("dev_l4: %d/%d harmful rows flagged, want at least 62", r.Caught, r.Harmful)
	}
	if r.FalseFlags > 11 {
		t.Errorf("dev_l4: %d/%d benign rows flagged, want at most 11", r.FalseFlags, r.Benign)
	}
	// The learned layer alone flagged 4/69 benign rows until the eleventh
	// wave's retrain (dev_h11's tune half trained), 5/69 since; combined
	// 6 -> 7/69, harmful 71 -> 70/80.
	if l := g.EvaluateSet(rows, EvalLearned); l.FalseFlags > 5 {
		t.Errorf("dev_l4, learned layer alone: %d/%d benign rows flagged, want at most 5", l.FalseFlags, l.Benign)
	}
}

// TestDevL4NeverTrains: dev_l4 rows carry split test, TrainModel refuses
// them, and no row of train.jsonl is one of them.
func TestDevL4NeverTrains(t *testing.T) {
	dev, err := LoadLabelled(filepath.Join("..", "..", "testdata", "guard", "dev_l4.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := TrainModel(dev[:3], TrainOptions{}); err == nil {
		t.Error("TrainModel accepted dev_l4 rows")
	}
	train, err := LoadLabelled(trainPath(t))
	if err != nil {
		t.Fatal(err)
	}
	in := make(map[string]bool, len(train))
	for _, r := range train {
		in[r.Text] = true
	}
	for _, r := range dev {
		if r.Split != "test" {
			t.Errorf("dev_l4 row of split %q, want test: %q", r.Split, r.Text)
		}
		if in[r.Text] {
			t.Errorf("dev_l4 row in train.jsonl: %q", r.Text)
		}
	}
}
