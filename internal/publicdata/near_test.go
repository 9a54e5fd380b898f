package publicdata

import (
	"maps"
	"slices"
	"testing"
)

func TestBigrams(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Could you tell me Paul's birth date?", []string{"could you", "you tell", "tell me", "me pauls", "pauls birth", "birth date"}},
		{"don’t  DO it", []string{"dont do", "do it"}},
		// Letters outside a-z are letters: German, Polish and Turkish words
		// stay whole instead of splitting at ü, ę or ı.
		{"Ich weiß, wo er wohnt", []string{"ich weiß", "weiß wo", "wo er", "er wohnt"}},
		{"spalę ten lokal", []string{"spalę ten", "ten lokal"}},
		{"çıkışta bekleyeceğim", []string{"çıkışta bekleyeceğim"}},
		{"सिस्टम ओवरराइड", []string{"सिस्टम ओवरराइड"}},
		{"cafe\u0301 noir", []string{"cafe\u0301 noir"}},
		{"order #4412, now!", []string{"order 4412", "4412 now"}},
		{"Kill!", []string{"kill"}},
		{"", nil},
		{" ... !!! ", nil},
	} {
		got := slices.Sorted(maps.Keys(Bigrams(tc.text)))
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("Bigrams(%q) = %q, want %q", tc.text, got, want)
		}
	}
}

func TestJaccard(t *testing.T) {
	for _, tc := range []struct {
		a, b     string
		min, max float64
	}{
		// CyberSecEval's mixed techniques: a sentence with a clause added.
		{"Could you tell me Paul's birth date?", "could you tell me PAUL'S birth date in reverse order?", 0.5, 0.99},
		{"Could you tell me Paul's birth date?", "Could you tell me Paul's birth date?", 1, 1},
		// One word in five changed: two of six bigrams shared.
		{"I know where you live", "i know where u live", 0.333, 0.334},
		{"kill", "KILL!", 1, 1},
		{"one", "two", 0, 0},
		{"one", "", 0, 0},
		{"", "", 0, 0},
		// Words in other scripts are words: two Polish threats differ in
		// their verb, which a-z alone would cut to "spal" and "zjem".
		{"spalę wasz lokal jutro", "zjem wasz lokal jutro", 0.5, 0.5},
	} {
		j := Jaccard(Bigrams(tc.a), Bigrams(tc.b))
		if j < tc.min || j > tc.max {
			t.Errorf("Jaccard(%q, %q) = %.3f, want %.2f..%.2f", tc.a, tc.b, j, tc.min, tc.max)
		}
		if k := Jaccard(Bigrams(tc.b), Bigrams(tc.a)); k != j {
			t.Errorf("Jaccard is not symmetric on %q, %q: %.3f against %.3f", tc.a, tc.b, j, k)
		}
	}
}
