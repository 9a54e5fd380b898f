package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// TestSelfHarmSignalBelowFlag: selfHarmSignal takes the caring route on
// any self-harm score, not only on a flag. The guard's selfharm round
// leans on it (its weak rules score under the threshold and must still
// reach a person), and TestSelfHarmAlwaysWins sends only flagged
// messages, so a signal narrowed to flags would pass it. The sentences
// carry one weak cue each (selfharm_rules_test.go); those the built-in
// layers flag, or no longer score, are skipped, and at least one must be
// left.
func TestSelfHarmSignalBelowFlag(t *testing.T) {
	tested := 0
	for _, text := range []string{
		"I've got a whole box of them and it's been a bad week.",
		"The bridge is on my way home and I'm so calm about it now.",
		"Gardez la tasse, je n'en aurai plus besoin.",
		"The cuts are healing, nobody knows.",
		"At least my family will get the insurance money.",
	} {
		e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
		v := e.p.d.Guard.BuiltinAnalysis(analysis.Of(text))
		if v.Flagged || v.Categories[guard.SelfHarm] <= 0 {
			t.Logf("%q: flagged %v, self-harm %.2f: not a signal below the flag", text, v.Flagged, v.Categories[guard.SelfHarm])
			continue
		}
		tested++
		ans, _, _ := e.ask(t, Request{Text: text, CustomerID: "C1001"})
		if !strings.Contains(ans.Answer, "Call Lifeline on 13 11 14.") || !strings.Contains(ans.Answer, "really sorry") {
			t.Errorf("%q (self-harm %.2f, not flagged): answer %q lacks the caring reply", text, v.Categories[guard.SelfHarm], ans.Answer)
		}
		tk, err := e.queue.Get(context.Background(), ans.HandoffID)
		if err != nil || tk.Category != "self_harm" || tk.Priority != handoff.PriorityUrgent {
			t.Errorf("%q: ticket %+v, %v; want an urgent self_harm ticket", text, tk, err)
		}
		if len(e.model.calls) != 0 {
			t.Errorf("%q reached a model", text)
		}
	}
	if tested == 0 {
		t.Fatal("no sentence scores self-harm below the flag; pick new ones")
	}
}
