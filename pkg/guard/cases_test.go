package guard

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// wantRulesFlag fails t unless the rules alone flag text with cat scored
// at the threshold or over: the "still flagged" side of a round's fixes.
func wantRulesFlag(t *testing.T, g *Guard, cat Category, text string) {
	t.Helper()
	v := g.rulesOnly(analysis.Of(text))
	if !v.Flagged {
		t.Fatalf("rules do not flag %q (scores %v)", text, v.Categories)
	}
	if v.Categories[cat] < g.Threshold() {
		t.Errorf("rules flag %q but %s scores %.2f (cues %v)", text, cat, v.Categories[cat], v.Cues)
	}
}

// ruleCase is a harmful sentence of our own and the composed rule, by
// its label, that must flag it.
type ruleCase struct {
	cat   Category
	label string
	text  string
}

// wantRuleCases fails t unless the rules alone flag each case's text in
// its category and leave a cue of its rule: a round's rules each held by
// sentences nobody tuned them on.
func wantRuleCases(t *testing.T, g *Guard, cases []ruleCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.label+"/"+tt.text, func(t *testing.T) {
			wantRulesFlag(t, g, tt.cat, tt.text)
			if !hasRuleCue(g, tt.cat, tt.label, tt.text) {
				t.Errorf("%q carries no %s cue of %q: %v", tt.text, tt.cat, tt.label, g.rulesOnly(analysis.Of(tt.text)).Cues)
			}
		})
	}
}

// wantRulesPass fails t if the rules alone flag text, naming the top
// category, its score and its cues: the look-alike side of a round's fixes
// where only the rules are held to it.
func wantRulesPass(t *testing.T, g *Guard, text string) {
	t.Helper()
	if v := g.rulesOnly(analysis.Of(text)); v.Flagged {
		top, score := v.Top()
		t.Errorf("rules flag %q: %s %.2f %v", text, top, score, v.Cues[top])
	}
}

// wantLookAlikePasses fails t if the rules flag text, or the combined
// built-in layers do while the learned layer alone does not: the
// look-alike side of a round's fixes.
func wantLookAlikePasses(t *testing.T, g *Guard, text string) {
	t.Helper()
	a := analysis.Of(text)
	if v := g.rulesOnly(a); v.Flagged {
		t.Errorf("rules flag %q: %v", text, v.Cues)
	}
	// The learned layer flags some of these on its own (it did before
	// round 5); a rule's weak cue must not tip it otherwise.
	if g.learnedOnly(a).Flagged {
		t.Logf("the learned layer alone flags %q", text)
		return
	}
	if v := g.BuiltinAnalysis(a); v.Flagged {
		t.Errorf("built-in layers flag %q: %v", text, v.Cues)
	}
}
