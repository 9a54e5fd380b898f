package analysis

import (
	"bytes"
	"errors"
	"math"
	"testing"
)

var toyTrain = []Example{
	{"i will hurt you", []string{"threat"}}, {"i am going to hurt you badly", []string{"threat"}},
	{"we will smash your window", []string{"threat"}}, {"i will smash you", []string{"threat"}},
	{"what time do you open", nil}, {"can i get a latte", nil}, {"is the cake vegan", nil},
	{"the latte was cold", nil}, {"do you open on sunday", nil}, {"a latte and a cake please", nil},
}

func toyModel(t *testing.T) *Model {
	t.Helper()
	m, err := Train([]string{"threat"}, toyTrain, toyTrain, TrainOptions{Bits: 12, Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainLearnsAndExplains(t *testing.T) {
	m := toyModel(t)
	hot := m.Predict(Of("i will hurt you"))[0]
	cold := m.Predict(Of("can i get a cake"))[0]
	if hot <= 0.5 || cold >= 0.5 || hot <= cold {
		t.Fatalf("P(threat) = %.2f for a threat, %.2f for an order; want the threat above 0.5 and the order below", hot, cold)
	}
	top := m.Explain(Of("i will hurt you"), 0, 3)
	if len(top) != 3 || top[0].Weight <= 0 {
		t.Fatalf("Explain = %+v, want three features led by a positive one", top)
	}
	if th := m.Thresholds[0]; th <= 0 || th >= 1 {
		t.Errorf("calibrated threshold %v, want inside (0,1)", th)
	}
}

func TestModelRoundTrip(t *testing.T) {
	m := toyModel(t)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadModel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"i will hurt you", "a latte please", "k1ll", ""} {
		a, b := m.Predict(Of(s))[0], back.Predict(Of(s))[0]
		if math.Abs(a-b) > 1e-6 {
			t.Errorf("Predict(%q) = %v before writing, %v after", s, a, b)
		}
	}
	if back.Thresholds[0] != m.Thresholds[0] || back.Labels[0] != "threat" || back.Bits != m.Bits {
		t.Errorf("header changed: %+v vs %+v", back.Thresholds, m.Thresholds)
	}
}

func TestReadModelRejectsGarbage(t *testing.T) {
	var good bytes.Buffer
	toyModel(t).WriteTo(&good)
	for name, data := range map[string][]byte{
		"empty":     nil,
		"wrong":     []byte("hello world\n"),
		"truncated": good.Bytes()[:len(good.Bytes())/2],
		"header":    []byte(modelMagic + "a,b\n"),
	} {
		if _, err := ReadModel(bytes.NewReader(data)); !errors.Is(err, ErrBadModel) {
			t.Errorf("%s: ReadModel error = %v, want ErrBadModel", name, err)
		}
	}
}

func TestTrainRejects(t *testing.T) {
	if _, err := Train(nil, toyTrain, nil, TrainOptions{}); err == nil {
		t.Error("Train with no labels succeeded")
	}
	if _, err := Train([]string{"x"}, []Example{{"hi", []string{"y"}}}, nil, TrainOptions{}); err == nil {
		t.Error("Train with an unknown label succeeded")
	}
	if _, err := Train([]string{"x"}, toyTrain[:1], nil, TrainOptions{Bits: 30}); err == nil {
		t.Error("Train with 2^30 buckets succeeded")
	}
}

func TestCalibrate(t *testing.T) {
	pos := []float64{0.9, 0.8, 0.7, 0.4}
	neg := []float64{0.1, 0.2, 0.3, 0.75}
	// With no false positive allowed the threshold must clear 0.75: 0.8
	// keeps two positives (F1 0.67). Allowing one, 0.4 keeps all four
	// positives and the 0.75 negative (F1 0.89), beating 0.7 (F1 0.75).
	if got := calibrate(pos, neg, 0); got != 0.8 {
		t.Errorf("calibrate(maxFPR 0) = %v, want 0.8", got)
	}
	if got := calibrate(pos, neg, 0.25); got != 0.4 {
		t.Errorf("calibrate(maxFPR 0.25) = %v, want 0.4", got)
	}
	if got := calibrate(nil, neg, 0.1); got != 0.5 {
		t.Errorf("calibrate(no positives) = %v, want 0.5", got)
	}
}

func FuzzReadModel(f *testing.F) {
	var good bytes.Buffer
	m, _ := Train([]string{"a", "b"}, []Example{{"x y", []string{"a"}}, {"z", []string{"b"}}}, nil, TrainOptions{Bits: 10, Epochs: 1})
	m.WriteTo(&good)
	f.Add(good.Bytes())
	f.Add([]byte(modelMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadModel(bytes.NewReader(data))
		if err != nil {
			return
		}
		// A model that reads must score without panicking.
		if p := m.Predict(Of("hello there")); len(p) != len(m.Labels) {
			t.Fatalf("%d probabilities for %d labels", len(p), len(m.Labels))
		}
	})
}

func BenchmarkPredict(b *testing.B) {
	m, _ := Train([]string{"a"}, toyTrain, nil, TrainOptions{Bits: 17, Epochs: 1})
	a := Of("Hi, my order 10482 was cold and the barista was rude, I want a refund please")
	for b.Loop() {
		m.Predict(a)
	}
}
