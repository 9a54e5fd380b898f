package guard

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// wantRulesPassCases fails t if the rules alone flag any of texts, each
// its own subtest named by the text: the look-alike twin of
// wantRuleCases, for a round's lists of benign messages that share a
// rule's words but not its harm.
func wantRulesPassCases(t *testing.T, g *Guard, texts []string) {
	t.Helper()
	for _, text := range texts {
		t.Run(text, func(t *testing.T) { wantRulesPass(t, g, text) })
	}
}

// The helper runs every text as a subtest and fails on a flagged one:
// the look-alike passes, its harmful twin would fail (checked through
// the rules directly, as a failing subtest would fail the test).
func TestWantRulesPassCases(t *testing.T) {
	g := New(Options{})
	var ran []string
	t.Run("look-alikes", func(t *testing.T) {
		wantRulesPassCases(t, g, []string{"The card machine is an idiot, it declined me twice.", "Could we book a table for six?"})
		ran = append(ran, "done")
	})
	if len(ran) != 1 {
		t.Fatal("the look-alike subtests did not run")
	}
	if !g.rulesOnly(analysis.Of("You are an idiot and I will find you after your shift.")).Flagged {
		t.Error("the harmful twin passes the rules: wantRulesPassCases would not fail on it")
	}
}
