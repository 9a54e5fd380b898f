package retrieval

import (
	"context"
	"slices"
	"testing"
)

// TestCountedChunk: for a "how many" question, the section that says the
// count ("24 seats") comes before one that says the asked word more often
// with no number by it, which BM25 and the re-rank of the top hits put
// first; the case checks that, so it fails if boostCounted is taken out.
func TestCountedChunk(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"venue/lane.md": "# The Lane\n\n## Groups\n\nBig groups: seats at the long table are first come, first served; we cannot hold seats, " +
			"and the seats outside are shared with the bakery next door.\n\n" +
			"## Inside\n\nA narrow room: 24 seats, mostly stools at the window plus two tables, and a standing counter by the door.",
		"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	const q = "how many seats are there at the lane"
	before := searchWithoutOwn(ix, q)
	if len(before) == 0 || ix.label(before[0].doc) != "venue/lane.md › The Lane > Groups" {
		t.Fatalf("without boostCounted the first hit is not the Groups section: the corpus no longer tests it")
	}
	res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	if got := res.Hits[0].Source + " › " + res.Hits[0].Section; got != "venue/lane.md › The Lane > Inside" {
		t.Errorf("first hit %q, want the Inside section", got)
	}
}

// TestCountedStems: the words after "how many", stemmed as the index
// stems them, and nothing for other questions.
func TestCountedStems(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"how many seats at the lane", tokens("seats at")},
		{"How many Feathers for a free latte?", tokens("feathers for")},
		{"how many", nil},
		{"how much is a latte", nil},
		{"many thanks, how are the seats", nil},
	} {
		if got := countedStems(tt.q); !slices.Equal(got, tt.want) {
			t.Errorf("countedStems(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	seats := tokens("seats")
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"24 seats, mostly stools", true},
		{"Seats: 24", true},
		{"seats for 40 people", true},
		{"seats at the long table are first come, first served", false},
		{"open 7am to 3pm; seats are limited at lunch", false},
		{"we seat 12", true}, // "seat" is the stem of "seats"
	} {
		if got := countNear(tt.text, seats); got != tt.want {
			t.Errorf("countNear(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
