package guard

import "testing"

// TestEveryPatternCompiles: patterns compile on first use, so a broken one
// would only panic when a message first reached it; compile them all here.
func TestEveryPatternCompiles(t *testing.T) {
	loadLexicon()
	if len(lexicon) == 0 || len(idiomList) == 0 {
		t.Fatal("the lexicon is empty")
	}
	for _, r := range lexicon {
		if r.re() == nil {
			t.Errorf("rule %q has no pattern", r.label)
		}
	}
	for _, id := range idiomList {
		if id.re() == nil {
			t.Errorf("idiom %q has no pattern", id.label)
		}
	}
}
