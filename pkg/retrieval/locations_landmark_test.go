package retrieval

import (
	"slices"
	"strings"
	"testing"
)

// TestLandmarkWords: the words a landmark phrase puts where a store's
// name would be. The look-alikes put none there: a landmark word said as
// the topic ("is the library open"), a store noun with no word before it,
// a function word between the word and the noun ("el roscón en tienda").
func TestLandmarkWords(t *testing.T) {
	chain := func(w string) bool { return w == "candela" }
	for _, tt := range []struct {
		q    string
		want [][]string
	}{
		{"what time does the mall one close", [][]string{{"mall"}}},
		{"is the one next to checkers open", [][]string{{"checkers"}}},
		{"dog treats at the one by the school", [][]string{{"school"}}},
		{"where's the coffee trailer at the fair", [][]string{{"coffee"}, {"fair"}}},
		{"heard about the old quarter shop", [][]string{{"old", "quarter"}}},
		{"a que hora cierra la de la uni", [][]string{{"uni"}}},
		{"hay baños en el quiosco de la playa", [][]string{{"playa"}}},
		{"musica en la candela de la playa", [][]string{{"playa"}}},
		{"is the library open on sunday", nil},
		{"is the cafe open on sunday", nil},
		{"si reservo el roscon en tienda", nil},
		{"the one i always go to", nil},
	} {
		if got := landmarkWords(words(tt.q), chain); !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("%q: %q, want %q", tt.q, got, tt.want)
		}
	}
}

// landmarkFiles: four stores whose own pages say what each is near or in,
// and chain pages that also say "library" and "vegan" (a chain page counts
// for no store).
var landmarkFiles = map[string]string{
	"stores/elm-road.md":  "---\nlocation: Elm Road\n---\n# Elm Road\n\nWe are inside the Westgate mall, upstairs by the cinema. Big windows.\n\n## Parking\n\nThe mall car park.",
	"stores/harbour.md":   "---\nlocation: Harbour Street\n---\n# Harbour Street\n\nOpposite the station, two minutes from platform 1. Big tables.\n\n## Parking\n\nOn the street.",
	"stores/quay-lane.md": "---\nlocation: Quay Lane\n---\n# Quay Lane\n\nNext to the library on the quay. Vegan cakes at the weekend.\n\n## Parking\n\nThe quay car park.",
	"stores/mill-sq.md":   "---\nlocation: Mill Square\n---\n# Mill Square\n\nOn the square by the fountain, beside the school gates.\n\n## Parking\n\nBays on the square.",
	"info/hours.md":       "# Hours\n\nMost cafés open at 7am. The library and the town hall close at 5pm on Sundays, and so do we.",
	"info/menu.md":        "# Menu\n\nVegan milk in every café, and vegan cakes most days.",
	"info/gift-cards.md":  "# Gift cards\n\nGift cards work in every café.",
	"info/wifi.md":        "# Wi-Fi\n\nFree Wi-Fi in every café.",
}

// TestLandmarkFind: a landmark that one store's own page gives names the
// store where the question says it as a place ("the mall one", "the one
// by the school"); the look-alikes name none: the word as the topic, a
// word two stores' pages hold ("big"), two landmarks of two stores, a
// word no store's own page holds, and a chain of two stores.
func TestLandmarkFind(t *testing.T) {
	ix := mapIndex(t, landmarkFiles)
	st := ix.st.Load()
	for _, tt := range []struct {
		q, want string
	}{
		{"what time does the mall one close on sunday", "Elm Road"},
		{"is the one opposite the station open early", "Harbour Street"},
		{"do you have a loo at the one by the school", "Mill Square"},
		{"can i sit outside at the library cafe", "Quay Lane"},
		{"the fountain one, any parking", "Mill Square"},
		{"is the library open on sunday", ""},   // the topic, not a place
		{"what time does the big one open", ""}, // two stores' pages say "big"
		{"the mall one or the station one", ""}, // two stores
		{"are the vegan cakes at the vegan one", "Quay Lane"},
		{"the town hall one", ""}, // only a chain page says "town"
		{"the fountain gates one", "Mill Square"},
		{"the fountain hill one", ""}, // no page says "hill": a name the pages never give
	} {
		locs, _ := st.landmarkFind(words(tt.q), st.locs)
		got := ""
		if len(locs) == 1 {
			got = st.locs.names[locs[0]]
		}
		if got != tt.want || len(locs) > 1 {
			t.Errorf("%q: %q, want %q", tt.q, got, tt.want)
		}
	}
	// the search scopes by it where nothing else named a store
	if plan := st.plan("do you have a loo at the one by the school", SearchOptions{}); !slices.Equal(plan.scope.Locations, []string{"Mill Square"}) {
		t.Errorf("the one by the school: scope %v, want Mill Square", plan.scope.Locations)
	}
	two := mapIndex(t, map[string]string{
		"stores/elm-road.md": landmarkFiles["stores/elm-road.md"], "stores/harbour.md": landmarkFiles["stores/harbour.md"],
		"info/hours.md": landmarkFiles["info/hours.md"],
	})
	tst := two.st.Load()
	if locs, _ := tst.landmarkFind(words("what time does the mall one close"), tst.locs); len(locs) > 0 {
		t.Errorf("two stores: %v, want none (under minShareStores)", locs)
	}
}

// TestChainNameWords: the chain's name stands for a store in a landmark
// phrase ("the crestview elmwood"), taken from the words in most pages'
// titles; the look-alikes are chain words too, from two pages' titles
// ("app", "2026", "de"), and are not its name.
func TestChainNameWords(t *testing.T) {
	files := map[string]string{
		"info/gift.md":    "# Elmwood Coffee — Gift cards\n\nGift cards work in every café.",
		"info/jobs.md":    "# Elmwood Coffee — Careers\n\nWe hire baristas.",
		"info/app.md":     "# Elmwood Coffee — The app 2026\n\nOrder ahead.",
		"info/app-faq.md": "# App de Elmwood — help 2026\n\nLog in with your email.",
		"info/hours.md":   "# Elmwood Coffee — Hours de fête\n\nMost cafés open at 7am.",
	}
	for k, v := range landmarkFiles {
		if strings.HasPrefix(k, "stores/") {
			files[k] = v
		}
	}
	st := mapIndex(t, files).st.Load()
	for _, w := range []string{"app", "2026", "de"} {
		if !st.chain[w] {
			t.Fatalf("%q is no chain word (%v): the corpus no longer tests it", w, st.chain)
		}
		if st.chainName[w] {
			t.Errorf("%q read as the chain's name (%v)", w, st.chainName)
		}
	}
	if !st.chainName["elmwood"] {
		t.Errorf("elmwood not read as the chain's name: %v (chain words %v)", st.chainName, st.chain)
	}
	if got := landmarkWords(words("is there wifi in the mall elmwood"), func(w string) bool { return st.chainName[w] }); !slices.EqualFunc(got, [][]string{{"mall"}}, slices.Equal) {
		t.Errorf("the mall elmwood: %q, want [[mall]]", got)
	}
}
