package analysis

import (
	"bytes"
	"errors"
	"math"
	"slices"
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
	if got, f1 := calibrate(pos, neg, 0); got != 0.8 || math.Abs(f1-2.0/3) > 1e-9 {
		t.Errorf("calibrate(maxFPR 0) = %v (F1 %v), want 0.8 (F1 0.67)", got, f1)
	}
	if got, f1 := calibrate(pos, neg, 0.25); got != 0.4 || math.Abs(f1-8.0/9) > 1e-9 {
		t.Errorf("calibrate(maxFPR 0.25) = %v (F1 %v), want 0.4 (F1 0.89)", got, f1)
	}
	if got, f1 := calibrate(nil, neg, 0.1); got != 0.5 || f1 != 0 {
		t.Errorf("calibrate(no positives) = %v (F1 %v), want 0.5 (F1 0)", got, f1)
	}
}

func FuzzReadModel(f *testing.F) {
	var good bytes.Buffer
	m, _ := Train([]string{"a", "b"}, []Example{{"x y", []string{"a"}}, {"z", []string{"b"}}}, nil, TrainOptions{Bits: 10, Epochs: 1})
	m.WriteTo(&good)
	f.Add(good.Bytes())
	f.Add([]byte(modelMagic))
	var good2 bytes.Buffer
	m2, _ := Train([]string{"a", "b"}, []Example{{"x y", []string{"a"}}, {"z", []string{"b"}}}, nil, TrainOptions{Bits: 10, Epochs: 1, FeatureSet: FeatureSetV2})
	m2.WriteTo(&good2)
	f.Add(good2.Bytes())
	f.Add([]byte(modelMagic2))
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

// TestFeatureSetV2RoundTrip: a feature set 2 model keeps its set, its L2
// penalty and its data digest through the file, and scores the same.
func TestFeatureSetV2RoundTrip(t *testing.T) {
	m, err := Train([]string{"threat"}, toyTrain, toyTrain, TrainOptions{Bits: 12, Epochs: 20, FeatureSet: FeatureSetV2, L2: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	m.Data[0], m.Data[31] = 7, 9
	var buf bytes.Buffer
	m.WriteTo(&buf)
	if !bytes.HasPrefix(buf.Bytes(), []byte(modelMagic2)) {
		t.Fatalf("feature set 2 file starts %q, want %q", buf.Bytes()[:6], modelMagic2)
	}
	back, err := ReadModel(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.FeatureSet != FeatureSetV2 || back.L2 != 0.01 || back.Data != m.Data {
		t.Errorf("read back feature set %d, L2 %v, data %x; want 2, 0.01, %x", back.FeatureSet, back.L2, back.Data[:2], m.Data[:2])
	}
	for _, s := range []string{"i will hurt you", "a latte please", "hurting", ""} {
		if a, b := m.Predict(Of(s))[0], back.Predict(Of(s))[0]; math.Abs(a-b) > 1e-6 {
			t.Errorf("Predict(%q) = %v before writing, %v after", s, a, b)
		}
	}
	if d, over := m.WeightDiff(back); d != 0 || over != 0 {
		t.Errorf("WeightDiff after a round trip = %d, %d; want 0, 0", d, over)
	}
	// A feature set the reader does not know is refused.
	bad := bytes.Clone(buf.Bytes())
	bad[len(modelMagic2)+len("threat\n")+1] = 9
	if _, err := ReadModel(bytes.NewReader(bad)); !errors.Is(err, ErrBadModel) {
		t.Errorf("feature set 9: ReadModel error = %v, want ErrBadModel", err)
	}
}

// TestFeatureSetV1Unchanged pins the first feature set, which the gate's
// shipped model reads: a default model writes CBLM1 and never sees a
// 5-gram, and set 2 adds exactly the 5-grams and short words' 3-grams.
func TestFeatureSetV1Unchanged(t *testing.T) {
	var buf bytes.Buffer
	toyModel(t).WriteTo(&buf)
	if !bytes.HasPrefix(buf.Bytes(), []byte(modelMagic)) {
		t.Errorf("feature set 1 file starts %q, want %q", buf.Bytes()[:6], modelMagic)
	}
	var n1, n2 []string
	features([]string{"hurt", "you"}, FeatureSetV1, nil, &n1)
	features([]string{"hurt", "you"}, FeatureSetV2, nil, &n2)
	want1 := []string{"hurt", "'<hu'", "'hur'", "'urt'", "'rt>'", "'<hur'", "'hurt'", "'urt>'",
		"you", "hurt you", "'<yo'", "'you'", "'ou>'", "'<you'", "'you>'"}
	if !slices.Equal(n1, want1) {
		t.Errorf("feature set 1 of \"hurt you\" = %q, want %q", n1, want1)
	}
	for _, extra := range []string{"'<hurt'", "'hurt>'", "'<you>'"} {
		if slices.Contains(n1, extra) || !slices.Contains(n2, extra) {
			t.Errorf("%s: want it in feature set 2 only", extra)
		}
	}
}

// TestTrainL2Grid: a grid of one penalty trains exactly the model that
// penalty trains, and a wider grid keeps one of its penalties.
func TestTrainL2Grid(t *testing.T) {
	opt := TrainOptions{Bits: 12, Epochs: 10, FeatureSet: FeatureSetV2, L2: 0.03}
	one, err := Train([]string{"threat"}, toyTrain, toyTrain, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.L2Grid = []float64{0.03}
	grid1, _ := Train([]string{"threat"}, toyTrain, toyTrain, opt)
	var a, b bytes.Buffer
	one.WriteTo(&a)
	grid1.WriteTo(&b)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("a grid of one penalty trained another model than the penalty alone")
	}
	opt.L2Grid = []float64{0.001, 0.03, 0.5}
	m, _ := Train([]string{"threat"}, toyTrain, toyTrain, opt)
	if !slices.Contains(opt.L2Grid, m.L2) {
		t.Errorf("grid kept L2 %v, not one of %v", m.L2, opt.L2Grid)
	}
	opt.L2Grid = []float64{0.01, -1}
	if _, err := Train([]string{"threat"}, toyTrain, toyTrain, opt); err == nil {
		t.Error("a negative penalty in the grid was accepted")
	}
}

// TestBalanceLiftsRareLabel: weighting a rare label's positive rows raises
// its probability on them.
func TestBalanceLiftsRareLabel(t *testing.T) {
	rows := slices.Clone(toyTrain[4:])
	for i := 0; i < 6; i++ {
		rows = append(rows, toyTrain[4:]...)
	}
	rows = append(rows, Example{"i will hurt you", []string{"threat"}})
	opt := TrainOptions{Bits: 12, Epochs: 5, FeatureSet: FeatureSetV2}
	plain, _ := Train([]string{"threat"}, rows, nil, opt)
	opt.Balance = true
	bal, _ := Train([]string{"threat"}, rows, nil, opt)
	a := Of("i will hurt you")
	if p, q := plain.Predict(a)[0], bal.Predict(a)[0]; q <= p {
		t.Errorf("P(threat) %.3f balanced, %.3f plain; want balanced higher", q, p)
	}
}

// TestWeightDiff counts differing weights in grid steps.
func TestWeightDiff(t *testing.T) {
	m := toyModel(t)
	o := *m
	o.w = slices.Clone(m.w)
	if d, over := m.WeightDiff(&o); d != 0 || over != 0 {
		t.Fatalf("identical models differ: %d, %d", d, over)
	}
	step := float32(m.scale())
	o.w[0] += step
	o.w[1] += 3 * step
	if d, over := m.WeightDiff(&o); d != 2 || over != 1 {
		t.Errorf("WeightDiff = %d, %d; want 2 differing, 1 by more than a step", d, over)
	}
	small := toyModel(t)
	small.w = small.w[:len(small.w)/2]
	if d, _ := m.WeightDiff(small); d != -1 {
		t.Errorf("models of different shapes: WeightDiff = %d, want -1", d)
	}
}

// TestPredictFeaturesMatchesPredict: scoring a message from the features
// Features made of it gives Predict's probabilities, and a model of
// feature set 2 refuses them.
func TestPredictFeaturesMatchesPredict(t *testing.T) {
	train := []Example{{Text: "fire in the kitchen", Labels: []string{"a"}}, {Text: "a latte please", Labels: []string{"b"}}, {Text: "smoke everywhere now", Labels: []string{"a"}}, {Text: "a flat white to go", Labels: []string{"b"}}}
	for _, set := range []uint8{FeatureSetV1, FeatureSetV2} {
		m, err := Train([]string{"a", "b"}, train, nil, TrainOptions{Bits: 12, FeatureSet: set})
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{"fire in the kitchen now", "one latte", "", "a very long message about smoke and fire and lattes and a flat white to go please now"} {
			a := Of(text)
			got, ok := m.PredictFeatures(Features(a, nil))
			if set != FeatureSetV1 {
				if ok {
					t.Errorf("feature set %d: PredictFeatures accepted feature set 1's features", set)
				}
				continue
			}
			want := m.Predict(a)
			if !ok || len(got) != len(want) {
				t.Fatalf("%q: PredictFeatures = %v, %v; want %v", text, got, ok, want)
			}
			for l := range want {
				if got[l] != want[l] {
					t.Errorf("%q label %d: %v from features, %v from Predict", text, l, got[l], want[l])
				}
			}
		}
	}
}
