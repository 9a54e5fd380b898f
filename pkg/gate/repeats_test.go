package gate

import (
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// TestPatternInOneRule: a match pattern is written in one rule only. The
// same words in two rules score the message twice for one thing said,
// and a later edit to one copy leaves the other behind. pendingRepeats
// are the repeats left in the safety rules, whose owner settles them.
func TestPatternInOneRule(t *testing.T) {
	doc, err := yamlbundle.DecodeYAML[composeDoc](composeFile)
	if err != nil {
		t.Fatal(err)
	}
	where := map[string][]string{}
	for _, r := range doc.Rules {
		for _, m := range r.Match {
			if !slices.Contains(where[m], r.Name) {
				where[m] = append(where[m], r.Name)
			}
		}
	}
	for m, rules := range where {
		if len(rules) < 2 {
			continue
		}
		if pendingRepeats[m] == strings.Join(rules, " ") {
			t.Logf("%q is in %v (pending)", m, rules)
			continue
		}
		t.Errorf("%q is in %d rules: %v", m, len(rules), rules)
	}
	for m, rules := range pendingRepeats {
		if strings.Join(where[m], " ") != rules {
			t.Errorf("%q is no longer in %s: drop it from pendingRepeats", m, rules)
		}
	}
}

// pendingRepeats maps a repeated pattern to the rules holding it, in
// compose.yaml's order: a repeat left for its rule's owner to settle.
// The safety rules' three (hazard_now's "caught fire" and "bin ~2 on
// fire", hurt_now's "got a shock off") were settled by safety4.
var pendingRepeats = map[string]string{}
