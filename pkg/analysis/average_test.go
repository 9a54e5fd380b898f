package analysis

import (
	"bytes"
	"math"
	"testing"
)

// TestTrainAverage: Average 0 and 1 train the same file byte for byte (so
// the gate's one-fit recipe is untouched), a mean of three fits is the
// same file twice over, and its weights are the mean of the three
// single fits' weights (seeds 1, 2, 3), within a quantisation step.
func TestTrainAverage(t *testing.T) {
	opt := TrainOptions{Bits: 12, Epochs: 6, FeatureSet: FeatureSetV2, Balance: true}
	fit := func(o TrainOptions) *Model {
		t.Helper()
		m, err := Train([]string{"threat"}, toyTrain, toyTrain, o)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	bytesOf := func(m *Model) []byte {
		var b bytes.Buffer
		m.WriteTo(&b)
		return b.Bytes()
	}
	zero := fit(opt)
	opt.Average = 1
	if !bytes.Equal(bytesOf(zero), bytesOf(fit(opt))) {
		t.Error("Average 1 trained another model than no averaging")
	}
	opt.Average = 3
	avg := fit(opt)
	if !bytes.Equal(bytesOf(avg), bytesOf(fit(opt))) {
		t.Error("two fits of the same averaged recipe differ")
	}
	if bytes.Equal(bytesOf(avg), bytesOf(zero)) {
		t.Fatal("the mean of three shuffles is the one-shuffle model: the seeds were not used")
	}
	var singles []*Model
	for seed := uint64(1); seed <= 3; seed++ {
		o := opt
		o.Average, o.Seed = 1, seed
		singles = append(singles, fit(o))
	}
	step := avg.scale()
	for _, s := range singles {
		step = max(step, s.scale())
	}
	off := 0
	for k := range avg.w {
		mean := (float64(singles[0].w[k]) + float64(singles[1].w[k]) + float64(singles[2].w[k])) / 3
		if math.Abs(float64(avg.w[k])-mean) > 1.5*step {
			off++
		}
	}
	if off > 0 {
		t.Errorf("%d weights of the averaged model are over a step and a half from the mean of the three fits", off)
	}
	if p := avg.Predict(Of("i will hurt you"))[0]; p <= 0.5 {
		t.Errorf("averaged model: P(threat) = %.2f for a threat, want above 0.5", p)
	}
}

// TestMaxFPRFor: a label's own bound replaces MaxFPR for that label only;
// a bound for a label the model lacks changes nothing. The validation
// rows are one text both as a threat and as benign, so no threshold that
// catches the threat keeps the false-positive rate under 100%: at a strict
// bound calibration finds none (0.99), at a bound of 1 it takes the
// text's own probability.
func TestMaxFPRFor(t *testing.T) {
	valid := []Example{{"i will hurt you", []string{"threat"}}, {"i will hurt you", nil}}
	opt := TrainOptions{Bits: 12, Epochs: 6, FeatureSet: FeatureSetV2, MaxFPR: 0.001}
	strict, err := Train([]string{"threat"}, toyTrain, valid, opt)
	if err != nil {
		t.Fatal(err)
	}
	if strict.Thresholds[0] != 0.99 {
		t.Fatalf("strict bound: threshold %v, want 0.99 (none found)", strict.Thresholds[0])
	}
	opt.MaxFPRFor = map[string]float64{"other": 1}
	if same, _ := Train([]string{"threat"}, toyTrain, valid, opt); same.Thresholds[0] != 0.99 {
		t.Errorf("a bound for another label moved the threshold to %v", same.Thresholds[0])
	}
	opt.MaxFPRFor = map[string]float64{"threat": 1}
	loose, _ := Train([]string{"threat"}, toyTrain, valid, opt)
	p := loose.Predict(Of("i will hurt you"))[0]
	if want := math.Round(p*10000) / 10000; loose.Thresholds[0] != want || want == 0.99 {
		t.Errorf("bound 1 for the label: threshold %v, want the text's probability %v", loose.Thresholds[0], want)
	}
}
