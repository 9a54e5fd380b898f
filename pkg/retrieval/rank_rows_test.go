package retrieval

import "testing"

// TestAskedRow: within a scope, the store's own page section holding a
// table row whose first cell the question names ranks above the same
// page's section that says the word in passing; a chain page's table, a
// header row, or an unscoped question are not boosted. Each case checks
// the order without the boost, so it fails if the boost is taken out.
func TestAskedRow(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"stores/truck.md": "---\nlocation: The Truck\n---\n# The Truck\n\n## Pre-orders\n\nPre-orders open Thursday and Friday. Thursday pre-orders close at 10.\n\n" +
			"## Route\n\n| Day | Stop | Hours |\n|---|---|---|\n| Monday | Off | - |\n| Tuesday | College lawn | 7-1 |\n| Thursday | Business park, Building 4 | 7-1 |\n| Saturday | Market | 8-2 |\n\n" +
			"## Menu\n\nDrip, espresso and pastries.",
		"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Hours\n\nEvery day 7am to 6pm.",
		"info/events.md": "# Events\n\n## Thursday quiz\n\nA quiz every Thursday at Elm Road, Thursday nights from 7.\n\n" +
			"## Calendar\n\n| Day | Event |\n|---|---|\n| Thursday | Quiz |\n| Friday | Open mic |",
		"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	for _, tt := range []struct {
		name    string
		q       string
		without string // the first hit without the boost
		want    string
	}{
		{
			name:    "the store's route row over its pre-orders section",
			q:       "where is the truck on thursday",
			without: "stores/truck.md › The Truck > Pre-orders",
			want:    "stores/truck.md › The Truck > Route",
		},
		{
			name:    "unscoped: a chain page's table is not boosted",
			q:       "thursday quiz",
			without: "info/events.md › Events > Thursday quiz",
			want:    "info/events.md › Events > Thursday quiz",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkFirstHit(t, ix, tt.q, tt.without, tt.want, "the row boost")
		})
	}
}

// TestRowHeaderAsked checks which rows name what the question asks: a
// row's first cell made only of the question's words, never the header
// row, a CSV row, or a cell with a word the question lacks.
func TestRowHeaderAsked(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"a.md":     "# A\n\n| Day | Stop |\n|---|---|\n| Thursday | Park |",
		"b.md":     "# B\n\n| Thursday | Stop |\n|---|---|\n| Monday | Park |",
		"c.md":     "# C\n\n| Day | Stop |\n|---|---|\n| Thursday night | Park |",
		"d.csv":    "day,stop\nThursday,Park\n",
		"wifi.md":  "# Wi-Fi\n\nFree Wi-Fi in every café.",
		"other.md": "# Other\n\nThursday in passing.",
	})
	st := ix.st.Load()
	plan := st.plan("thursday stop", SearchOptions{})
	q := st.lex.parseGroups(plan.groups, plan.weight)
	want := map[string]bool{"a.md": true, "b.md": false, "c.md": false, "d.csv": false, "other.md": false, "wifi.md": false}
	for i := range st.chunks {
		src := st.chunks[i].source
		if got := st.rowHeaderAsked(q, i); got != want[src] {
			t.Errorf("%s: rowHeaderAsked %v, want %v", src, got, want[src])
		}
	}
}
