package retrieval

import (
	"context"
	"sync"
	"testing"
)

// TestSearchWithAFreshAccumulator runs every tuned question on an empty
// accumulator pool, as the first search of a process does and as the race
// detector's pool (which drops items at random) often does. A scoped search
// once read the location accumulator that only a location word's term had
// allocated, and panicked when no term had.
func TestSearchWithAFreshAccumulator(t *testing.T) {
	ix := bundledIndex(t)
	var cases []PassageCase
	for _, name := range []string{"tuned", "tuned2", "tuned3", "tuned4"} {
		cases = append(cases, readPassageSet(t, name)...)
	}
	for _, c := range cases {
		accumPool = sync.Pool{}
		if _, err := ix.Search(context.Background(), c.Q, SearchOptions{Mode: ModeLexical, K: 3}, nil); err != nil {
			t.Fatalf("%q: %v", c.Q, err)
		}
	}
}
