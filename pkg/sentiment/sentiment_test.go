package sentiment

import (
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/analysis"
)

func TestScoreCalmMessagesLow(t *testing.T) {
	for _, text := range []string{
		"Is the killer brownie gluten free?",
		"How late is Harbour Street open on Sunday?",
		"Can I get a double shot oat latte?",
		"Can I book catering for 40 people in two weeks?",
		"Thanks so much, the cake was perfect!!",
		"Do you still do the smashed avocado toast?",
		"I'd like to order for 12 at 10 am, please.",
		"OK, see you at 8 AM. ETA 10 minutes.",
		"",
	} {
		t.Run(text, func(t *testing.T) {
			if r := Score(text); r.Score > 0.3 {
				t.Errorf("score %.3f, want at most 0.3 (cues %v)", r.Score, r.Cues)
			}
		})
	}
}

func TestScoreAngryMessagesHigh(t *testing.T) {
	tests := []struct {
		text string
		min  float64
	}{
		{"WHY IS IT SO HARD TO GET A REFUND???", 0.7},
		{"This is the third time my order was wrong. Unacceptable!!!", 0.7},
		{"I've waited 40 minutes and STILL nothing. Ridiculous.", 0.7},
		{"STILL no refund after 2 weeks. Every time I call nobody knows anything.", 0.7},
		{"I'm furious, my order is late again and nobody answers the damn phone!!", 0.7},
		{"This is f***ing ridiculous, I want to speak to a manager.", 0.6},
		{"I'm furious my order is late again.", 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if r := Score(tt.text); r.Score < tt.min {
				t.Errorf("score %.3f, want at least %.2f (cues %v)", r.Score, tt.min, r.Cues)
			}
		})
	}
}

func TestScoreOrdering(t *testing.T) {
	// Each message adds a cue to the one before; scores must rise.
	steps := []string{
		"My order was wrong.",
		"My order was wrong again.",
		"My order was wrong again, the third time this month.",
		"My order was wrong again, the third time this month. Unacceptable.",
		"My order was wrong again, the third time this month. Unacceptable!!!",
		"My order was wrong AGAIN, the third time this month. Unacceptable!!!",
		"My order was wrong AGAIN, the third time this month, and I waited 40 minutes. Unacceptable!!!",
	}
	prev := -1.0
	for _, s := range steps {
		r := Score(s)
		if r.Score <= prev {
			t.Errorf("%q scored %.3f, not above the previous %.3f (cues %v)", s, r.Score, prev, r.Cues)
		}
		prev = r.Score
	}
}

func TestScoreCues(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"NOBODY answered!!!", []string{"caps: NOBODY", "!!!", "nobody"}},
		{"I waited 40 minutes for a sandwich", []string{"waited waited 40 minutes"}},
		{"still waiting for an hour", []string{"still", "waited for an hour", "waiting"}},
		{"not bad at all, thanks", []string{"calm: thanks"}},
		{"what the hell??", []string{"??", "profanity: hell"}},
		{"This is the worst", []string{"worst"}},
		{"ASAP please, FYI", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := Score(tt.text).Cues
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("cues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRising(t *testing.T) {
	tests := []struct {
		name      string
		history   []float64
		current   float64
		threshold float64
		want      bool
	}{
		{"at threshold", nil, 0.7, 0.7, true},
		{"above threshold", []float64{0.9, 0.1}, 0.8, 0.7, true},
		{"below, no history", nil, 0.6, 0.7, false},
		{"rising three, near threshold", []float64{0.2, 0.4}, 0.56, 0.7, true},
		{"rising three, too low", []float64{0.1, 0.3}, 0.5, 0.7, false},
		{"flat is not rising", []float64{0.4, 0.6}, 0.6, 0.7, false},
		{"falling", []float64{0.65, 0.6}, 0.58, 0.7, false},
		{"only the last two count", []float64{0.9, 0.1, 0.3}, 0.6, 0.7, true},
		{"one previous score", []float64{0.5}, 0.6, 0.7, false},
		{"threshold zero disables", []float64{0.1, 0.2}, 0.3, 0, false},
		{"NaN current", nil, math.NaN(), 0.7, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Rising(tt.history, tt.current, tt.threshold); got != tt.want {
				t.Errorf("Rising(%v, %v, %v) = %v, want %v", tt.history, tt.current, tt.threshold, got, tt.want)
			}
		})
	}
}

func FuzzScore(f *testing.F) {
	for _, s := range []string{"", "WHY???", "I waited 40 minutes!!!", "f***", "ÄÖÜ!!!", "again again again", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := Score(text)
		if r.Score < 0 || r.Score > 1 || math.IsNaN(r.Score) {
			t.Fatalf("score %v out of [0,1]", r.Score)
		}
		if r.Score > 0 && len(r.Cues) == 0 {
			t.Fatalf("score %v without cues", r.Score)
		}
		if r.Cues == nil {
			t.Fatal("nil cues")
		}
		if slices.Contains(r.Cues, "") {
			t.Fatalf("empty cue in %q", r.Cues)
		}
	})
}

func BenchmarkScore(b *testing.B) {
	msgs := []string{
		"Is the killer brownie gluten free?",
		"STILL no refund after 2 weeks. Every time I call nobody knows anything!!!",
		"I'm furious my order is late again.",
	}
	b.ReportAllocs()
	for i := range b.N {
		Score(msgs[i%len(msgs)])
	}
}

// Obfuscated frustration scores like the plain words, through the shared
// analysis.
func TestScoreAnalysisSeesThroughObfuscation(t *testing.T) {
	plain := Score("this is unacceptable and ridiculous")
	for _, s := range []string{
		"this is u n a c c e p t a b l e and r.i.d.i.c.u.l.o.u.s",
		"this is ｕｎａｃｃｅｐｔａｂｌｅ and ridicu\u200blous",
	} {
		got := ScoreAnalysis(analysis.Of(s))
		if got.Score != plain.Score {
			t.Errorf("ScoreAnalysis(%q) = %.3f %v, want %.3f like the plain text", s, got.Score, got.Cues, plain.Score)
		}
		if Score(s).Score != got.Score {
			t.Errorf("Score and ScoreAnalysis disagree on %q", s)
		}
	}
}
