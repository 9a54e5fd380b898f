package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// shareFiles is a chain of four stores whose own pages all say where to
// park, one of which (Elm Road, a franchise) also says who runs it, with
// the chain's own parking page and franchise page, and pages on other
// topics so that parking is no word of every page.
var shareFiles = map[string]string{
	"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Parking\n\nParking: two bays behind the café, free parking after 6pm, parking on the street too.\n\n" +
		"## Franchise\n\nElm Road is a franchise: the franchise owner runs it, and franchise questions go to her.",
	"stores/harbour.md":   "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Parking\n\nParking: the harbour car park, parking free for an hour, parking for bikes by the door.",
	"stores/quay-lane.md": "---\nlocation: Quay Lane\n---\n# Quay Lane\n\n## Parking\n\nParking: the quay car park, parking paid, parking for bikes at the pier.",
	"stores/mill-sq.md":   "---\nlocation: Mill Square\n---\n# Mill Square\n\n## Parking\n\nParking: the square's bays, parking free on Sundays, parking for vans nearby.",
	"info/parking.md": "# Getting here\n\n## Parking\n\nMost of our cafés have somewhere to leave a car nearby; each café's page says where, and the " +
		"buses that stop outside are on the same page. We cannot refund tickets for parking.",
	"info/franchising.md": "# Franchising\n\n## Run a café with us\n\nWe are not looking for new partners to run cafés at the moment; our franchise programme " +
		"reopens in spring, and applications go to head office by post with a business plan and two references.",
	"info/gift-cards.md":    "# Gift cards\n\nGift cards work in every café.",
	"info/accessibility.md": "# Accessibility\n\nStep-free entrances at most cafés.",
	"info/hours.md":         "# Hours\n\nMost cafés open at 7am on weekdays.",
	"info/wifi.md":          "# Wi-Fi\n\nFree Wi-Fi in every café.",
}

// TestStoreShares: each term counts the stores whose own chunks hold it,
// once a store however many of its chunks do; a chain chunk counts for no
// store, and nor does a chain page's section about a store (sectionLoc).
func TestStoreShares(t *testing.T) {
	chunks := []chunk{
		{terms: []term{{id: 0, tf: 1}, {id: 1, tf: 2}}}, // store a
		{terms: []term{{id: 0, tf: 3}}},                 // store a again
		{terms: []term{{id: 0, tf: 1}, {id: 2, tf: 1}}}, // store b
		{terms: []term{{id: 2, tf: 1}, {id: 3, tf: 1}}}, // chain
		{terms: []term{{id: 3, tf: 1}}},                 // a chain page's section about store c
	}
	count, last, keys := storeShares(chunks, []string{"a", "a", "b", "", "c"}, []bool{false, false, false, false, true}, 4)
	if n := len(keys); n != 2 {
		t.Errorf("%d stores, want 2 (c has no own chunk)", n)
	}
	if want := []uint32{2, 1, 1, 0}; !slices.Equal(count, want) {
		t.Errorf("counts %v, want %v", count, want)
	}
	// term 1 is store a's alone, term 2 store b's alone (the chain chunk
	// counts for none): the last store counted is the one that says it
	if keys[last[1]-1] != "a" || keys[last[2]-1] != "b" {
		t.Errorf("last stores %v of %v, want term 1 a's and term 2 b's", last, keys)
	}
	if count, _, keys := storeShares(chunks[3:4], []string{""}, []bool{false}, 4); count != nil || len(keys) != 0 {
		t.Errorf("no stores: %v, %d, want nil, 0", count, len(keys))
	}
}

// TestTopicStoreShare: the share is high for a topic every store's own
// page holds and low for one only one store's does; the words naming a
// store do not count, and a chain of fewer than minShareStores stores
// has no share.
func TestTopicStoreShare(t *testing.T) {
	ix := mapIndex(t, shareFiles)
	st := ix.st.Load()
	share := func(q string) float64 {
		plan := st.plan(q, SearchOptions{})
		return st.topicStoreShare(plan.lexQuery(st))
	}
	if s := share("where can i park"); s < 0.9 {
		t.Errorf("parking: share %.2f, want all four stores", s)
	}
	if s := share("do you sell a franchise"); s < 0 || s >= unscopedShare {
		t.Errorf("franchise: share %.2f, want one store of four", s)
	}
	if a, b := share("parking"), share("parking at elm road"); a != b {
		t.Errorf("the store's name moved the share: %.2f, %.2f", a, b)
	}
	small := mapIndex(t, map[string]string{
		"stores/elm-road.md": shareFiles["stores/elm-road.md"], "stores/harbour.md": shareFiles["stores/harbour.md"],
		"info/parking.md": shareFiles["info/parking.md"],
	})
	sst := small.st.Load()
	plan := sst.plan("where can i park", SearchOptions{})
	if s := sst.topicStoreShare(plan.lexQuery(sst)); s != -1 {
		t.Errorf("two stores: share %.2f, want -1", s)
	}
}

// TestUnscopedOwnWeight: a question naming no store about a topic every
// store's own page holds gets the chain's page first, though each store's
// own section is first on BM25 alone. The look-alikes keep the store
// page first: the same question scoped to a store, and a topic only one
// store's page holds, where the weight would have put the chain page
// first (so it is the share that keeps it off).
func TestUnscopedOwnWeight(t *testing.T) {
	ix := mapIndex(t, shareFiles)
	st := ix.st.Load()
	search := func(q string) []Hit {
		res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 6}, nil)
		if err != nil || len(res.Hits) < 2 {
			t.Fatalf("%q: %v, %d hits", q, err, len(res.Hits))
		}
		return res.Hits
	}
	// rawFirst is the first hit on the chunks' terms alone.
	rawFirst := func(q string) string {
		plan := st.plan(q, SearchOptions{})
		hits := st.lex.search(plan.lexQuery(st), plan.keep(st), candidateDepth)
		if len(hits) == 0 {
			t.Fatalf("%q: no hits", q)
		}
		return st.chunks[hits[0].doc].source
	}
	t.Run("a topic every store's page holds", func(t *testing.T) {
		const q = "is there parking"
		if got := rawFirst(q); !strings.HasPrefix(got, "stores/") {
			t.Fatalf("on its terms alone the first hit is %s, want a store's page: the corpus no longer tests the weight", got)
		}
		if got := search(q)[0].Source; got != "info/parking.md" {
			t.Errorf("first hit %s, want info/parking.md", got)
		}
	})
	t.Run("one store meant though none is named", func(t *testing.T) {
		const q = "is there parking at the grey kiosk"
		if plan := st.plan(q, SearchOptions{}); len(plan.keys) > 0 || !plan.oneStore {
			t.Fatalf("scope %v, oneStore %v: want unscoped, one store meant", plan.scope, plan.oneStore)
		}
		hits := search(q)
		if !strings.HasPrefix(hits[0].Source, "stores/") {
			t.Fatalf("first hit %s, want a store's page", hits[0].Source)
		}
		i := slices.IndexFunc(hits, func(h Hit) bool { return h.Source == "info/parking.md" })
		if i < 0 || hits[0].Score*unscopedOwnWeight >= hits[i].Score {
			t.Errorf("the weight would not move the store page: the case no longer tests oneStoreMeant")
		}
	})
	t.Run("scoped to a store", func(t *testing.T) {
		if got := search("is there parking at quay lane")[0].Source; got != "stores/quay-lane.md" {
			t.Errorf("first hit %s, want stores/quay-lane.md", got)
		}
	})
	t.Run("a topic one store's page holds", func(t *testing.T) {
		hits := search("who runs the franchise")
		if hits[0].Source != "stores/elm-road.md" || hits[1].Source != "info/franchising.md" {
			t.Fatalf("hits %s, %s, want stores/elm-road.md, info/franchising.md", hits[0].Source, hits[1].Source)
		}
		if hits[0].Score*unscopedOwnWeight >= hits[1].Score {
			t.Errorf("the weight would not move the store page (%.3f, %.3f): the case no longer tests the share", hits[0].Score, hits[1].Score)
		}
	})
}

// TestOneStoreMeant: "the", a word and a word for a store mean one store;
// the look-alikes do not: a store word with no word before it, "the same
// one", a store word that is not the third word of such a phrase.
func TestOneStoreMeant(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"till what time at the pier cafe on friday", true},
		{"left my jacket at the mall one", true},
		{"is there wifi at the beach kiosk", true},
		{"is the cafe open on sunday", false},      // no word naming which
		{"is it the same one as last year", false}, // "same"
		{"which shop sells beans", false},
		{"the coffee is cold", false},
	} {
		if got := oneStoreMeant(words(tt.q)); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.q, got, tt.want)
		}
	}
}
