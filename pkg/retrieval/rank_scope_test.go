package retrieval

import (
	"context"
	"math"
	"slices"
	"testing"
)

// searchWithoutOwn ranks query as Search does in lexical mode up to and
// including the re-rank of the top hits (rerankTop), without ownOverChain.
func searchWithoutOwn(ix *Index, query string) []scored {
	ranked := searchWithoutProximity(ix, query)
	st := ix.st.Load()
	plan := st.plan(query, SearchOptions{})
	q := plan.lexQuery(st)
	st.rerankTop(q, ranked)
	return ranked
}

// scopeFiles is a chain of two stores with a help centre whose answers
// name every store, a holiday page and a store page per store. Elm
// Road's section is headed "Animals", not "Pets": "dog" also searches
// "pets" (synonyms.txt), which would put it first without ownOverChain.
var scopeFiles = map[string]string{
	"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Animals\n\nYou can bring dogs onto the patio; inside only assistance dogs.\n\n" +
		"## Hours\n\nMonday to Friday 7am to 6pm, weekends 8am to 4pm.\n\n## Seating\n\nForty seats and a terrace, and the Loft upstairs, a room for hire.",
	"stores/harbour.md": "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Pets\n\nNo dogs inside, sorry: the café is too small.\n\n" +
		"## Hours\n\nEvery day 8am to 4pm.",
	"help/help-centre.md": "# Help centre\n\n## Can I bring my dog?\n\nYou can bring your dog to most of our cafés. Bring your dog inside at Elm Road? " +
		"Dogs inside: see each café. Bring a lead; dogs on the patio always. We love dogs, and bring water bowls for dogs.\n\n" +
		"## Gift cards\n\nGift cards work at Elm Road and Harbour Street.",
	"info/holidays.md": "# Holiday hours\n\n## Christmas\n\nChristmas Day: every café closed. Christmas Eve: Elm Road until noon, Harbour Street until 2pm. " +
		"Boxing Day: Christmas menu, usual hours.",
	"info/events.md": "# Events\n\n## Private room: the Loft at Elm Road\n\nThe Loft seats twenty. Room hire is $75 an hour; room hire includes the Loft's screen, and room hire is booked by email.\n\n" +
		"## Parties\n\nWe host parties at every café.",
	"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
}

// TestOwnOverChain: within a scope, a store's own section that matches
// most of what a chain-wide chunk matches ranks above it; one matching
// too little of it, a chain section whose heading names the store, or
// an unscoped question leaves the chain chunk first. Each lifted case checks the chain chunk wins without the rule,
// so it fails if ownOverChain is taken out.
func TestOwnOverChain(t *testing.T) {
	ix := mapIndex(t, scopeFiles)
	for _, tt := range []struct {
		name    string
		q       string
		without string // the first hit without ownOverChain
		want    string // the first hit with it
	}{
		{
			name:    "the store's pets section over the help centre's dog answer",
			q:       "can i bring my dog inside at elm road",
			without: "help/help-centre.md › Help centre > Can I bring my dog?",
			want:    "stores/elm-road.md › Elm Road > Animals",
		},
		{
			name:    "a section matching too little of the chain chunk stays below",
			q:       "christmas day hours at elm road",
			without: "info/holidays.md › Holiday hours > Christmas",
			want:    "info/holidays.md › Holiday hours > Christmas",
		},
		{
			name:    "a chain page's section whose heading names the store stays first",
			q:       "room hire for the loft at elm road",
			without: "info/events.md › Events > Private room: the Loft at Elm Road",
			want:    "info/events.md › Events > Private room: the Loft at Elm Road",
		},
		{
			name:    "unscoped: the chain answer stays first",
			q:       "can i bring my dog inside",
			without: "help/help-centre.md › Help centre > Can I bring my dog?",
			want:    "help/help-centre.md › Help centre > Can I bring my dog?",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkFirstHit(t, ix, tt.q, tt.without, tt.want, "ownOverChain")
		})
	}
}

// checkFirstHit searches q with and without the scoped re-ranks: the
// first hit without them must be without (else the corpus no longer tests
// the rule named what), and with them want.
func checkFirstHit(t *testing.T, ix *Index, q, without, want, what string) {
	t.Helper()
	before := searchWithoutOwn(ix, q)
	if len(before) == 0 || ix.label(before[0].doc) != without {
		got := ""
		if len(before) > 0 {
			got = ix.label(before[0].doc)
		}
		t.Fatalf("without %s the first hit is %q, want %q: the corpus no longer tests it", what, got, without)
	}
	res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	if got := res.Hits[0].Source + " › " + res.Hits[0].Section; got != want {
		t.Errorf("first hit %q, want %q", got, want)
	}
}

// TestOwnOverChainBounds attacks the rule on every question of the dev
// cafés' tune halves: it only moves the scoped stores' own chunks, up, or
// down just below a chain-wide chunk that answers better (ownYields,
// with chainAnswers or topicAsked) or, after such a yield, just above a
// higher chain chunk it covers (the lift), the
// hits stay sorted, and the set of hits is the same as without it.
func TestOwnOverChainBounds(t *testing.T) {
	for _, cafe := range []string{"kettlewick", "bramble"} {
		ix := cafeIndex(t, cafe)
		st := ix.st.Load()
		for _, c := range cafeCases(t, cafe, "tune") {
			before := searchWithoutOwn(ix, c.Q)
			after := slices.Clone(before)
			plan := st.plan(c.Q, SearchOptions{})
			q := plan.lexQuery(st)
			st.ownOverChain(q, plan.keys, plan.cues, after)
			old := map[int]float64{}
			for _, h := range before {
				old[h.doc] = h.score
			}
			// yieldsTo reports a chain-wide chunk of before that doc was put
			// just below and that answers better than it.
			yieldsTo := func(doc int, score float64) bool {
				return slices.ContainsFunc(before, func(h scored) bool {
					return st.effLoc[h.doc] == "" && score == h.score*(1-1e-9) && (st.chainAnswers(q, plan.cues, h.doc, doc) || st.topicAsked(q, topicWeightsOf(q), h.doc, doc))
				})
			}
			// liftedTo reports a chain-wide chunk of before that doc, having
			// yielded to a chunk under it, was lifted just above again
			// because it covers it (the lift runs after the yields).
			liftedTo := func(doc int, score float64) bool {
				return slices.ContainsFunc(before, func(h scored) bool {
					return st.effLoc[h.doc] == "" && score == h.score*(1+1e-9) &&
						chainCovered(q, termsHave(st.chunks[h.doc].terms), termsHave(st.chunks[doc].terms))
				})
			}
			for i, h := range after {
				s, ok := old[h.doc]
				if !ok {
					t.Fatalf("%q: hit %d is new", c.Q, h.doc)
				}
				own := slices.Contains(plan.keys, st.effLoc[h.doc])
				if h.score != s && (!own || h.score < s && !yieldsTo(h.doc, h.score) && !liftedTo(h.doc, h.score)) {
					t.Errorf("%q: %s moved %.3f -> %.3f", c.Q, ix.label(h.doc), s, h.score)
				}
				if i > 0 && after[i-1].score < h.score {
					t.Errorf("%q: hits out of order at %d", c.Q, i)
				}
			}
			if len(after) != len(before) {
				t.Errorf("%q: %d hits, want %d", c.Q, len(after), len(before))
			}
		}
	}
}

// yieldFiles is a chain of two stores whose store pages say less than
// the chain's pages about parking and holidays.
var yieldFiles = map[string]string{
	"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Facilities\n\nToilets, baby changing and a car park under the centre.\n\n" +
		"## Hours\n\nMonday to Friday 7am to 6pm, weekends 8am to 4pm.",
	"stores/harbour.md": "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Parking\n\nStreet parking on Quay Lane costs $3 an hour after the first free hour.\n\n" +
		"## Hours\n\nEvery day 8am to 4pm.",
	"info/parking.md": "# Parking and getting here\n\nMost of our cafés are a short walk from a bus stop, and bikes can be locked to the racks outside. " +
		"Where a café has no parking of its own, the nearest public car park is on its page. The car park under the centre: the first 3 hours are free, " +
		"then $2 an hour; pay at the machine by the lifts. Taxis and ride shares can drop off at the main doors, and the trains stop five minutes away.",
	"info/holidays.md": "# Holiday hours\n\n| Day | Hours |\n|---|---|\n| Boxing Day | 9am to 2pm |\n| New Year's Day | closed |\n\nOther days as usual.",
}

// TestOwnYields: within a scope, a store's own chunk that does not cover
// what a chain-wide chunk matches yields to it when the chain chunk holds
// what the question asks for and the own chunk does not (a price, an
// asked table row); an own chunk that holds it, or one that covers the
// chain chunk, keeps first place. Each yielding case checks the store's
// chunk is first without ownOverChain, so it fails if ownYields is taken
// out.
func TestOwnYields(t *testing.T) {
	ix := mapIndex(t, yieldFiles)
	for _, tt := range []struct {
		name    string
		q       string
		without string
		want    string
	}{
		{
			name:    "a price the store's page does not give",
			q:       "how much is the car park at elm road after the free 3 hours",
			without: "stores/elm-road.md › Elm Road > Facilities",
			want:    "info/parking.md › Parking and getting here",
		},
		{
			name:    "the store's own price stays first",
			q:       "how much is parking at harbour street after the free hour",
			without: "stores/harbour.md › Harbour Street > Parking",
			want:    "stores/harbour.md › Harbour Street > Parking",
		},
		{
			name:    "a holiday row the question names",
			q:       "elm road hours on boxing day",
			without: "stores/elm-road.md › Elm Road > Hours",
			want:    "info/holidays.md › Holiday hours",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkFirstHit(t, ix, tt.q, tt.without, tt.want, "ownOverChain")
		})
	}
}

// chunkLabelled returns the chunk of ix whose label (source › section)
// is label, failing the test when there is none.
func chunkLabelled(t *testing.T, ix *Index, label string) int {
	t.Helper()
	for i := range ix.st.Load().chunks {
		if ix.label(i) == label {
			return i
		}
	}
	t.Fatalf("no chunk %q", label)
	return -1
}

// TestChainAnswers: each answer signal alone, and the own chunk that has
// it too.
func TestChainAnswers(t *testing.T) {
	ix := mapIndex(t, yieldFiles)
	st := ix.st.Load()
	doc := func(label string) int { return chunkLabelled(t, ix, label) }
	parking, holidays := doc("info/parking.md › Parking and getting here"), doc("info/holidays.md › Holiday hours")
	facilities, elmHours, harbourParking := doc("stores/elm-road.md › Elm Road > Facilities"), doc("stores/elm-road.md › Elm Road > Hours"), doc("stores/harbour.md › Harbour Street > Parking")
	for _, tt := range []struct {
		q    string
		c, o int
		want bool
	}{
		{"how much is the car park at elm road", parking, facilities, true},
		{"how much is parking at harbour street", parking, harbourParking, false}, // the own chunk has a price too
		{"is there a car park at elm road", parking, facilities, false},           // no price asked
		{"elm road hours on boxing day", holidays, elmHours, true},                // the row "| Boxing Day |"
		{"what time does elm road open", holidays, elmHours, false},               // the own chunk gives times
		{"what time does elm road open", holidays, facilities, true},              // it gives none
	} {
		plan := st.plan(tt.q, SearchOptions{})
		q := plan.lexQuery(st)
		if got := st.chainAnswers(q, plan.cues, tt.c, tt.o); got != tt.want {
			t.Errorf("%q: chainAnswers(%s, %s) = %v, want %v", tt.q, ix.label(tt.c), ix.label(tt.o), got, tt.want)
		}
	}
}

// topicFiles is a chain of two stores and a kids page: Elm Road's hours
// say "weekends" three times and nothing of children; Harbour Street's
// family section says both.
var topicFiles = map[string]string{
	"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Hours\n\nMonday to Friday 7am to 4pm, weekends 8am to 3pm. " +
		"Weekends get busy: come early at weekends.\n\n## Seating\n\nForty seats and a terrace.",
	"stores/harbour.md": "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Families\n\nKids get a free babyccino at weekends.\n\n" +
		"## Hours\n\nEvery day 8am to 4pm.",
	"info/kids-and-families.md": "# Kids and families\n\nA colouring table on weekends at every café, and high chairs.",
	"info/privacy.md":           "# Privacy\n\n## What we collect\n\nYour name and email when you join the rewards club.",
	"info/rewards.md":           "# Rewards\n\nCollect a stamp with every coffee; ten stamps and the next one is free.",
}

// TestTopicYields: within a scope, a store's chunk that never says what
// the question is about yields to the chain page whose headings do; a
// store chunk that says it keeps first place. The yielding case checks
// the store's chunk is first without ownOverChain, so it fails if
// topicAsked is taken out of ownYields.
func TestTopicYields(t *testing.T) {
	ix := mapIndex(t, topicFiles)
	for _, tt := range []struct {
		name    string
		q       string
		without string
		want    string
	}{
		{
			name:    "the kids page over the store's hours",
			q:       "anything for kids to do at elm road on weekends",
			without: "stores/elm-road.md › Elm Road > Hours",
			want:    "info/kids-and-families.md › Kids and families",
		},
		{
			name:    "the store's own families section stays first",
			q:       "anything for kids to do at harbour street on weekends",
			without: "stores/harbour.md › Harbour Street > Families",
			want:    "stores/harbour.md › Harbour Street > Families",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkFirstHit(t, ix, tt.q, tt.without, tt.want, "ownOverChain")
		})
	}
}

// TestTopicAsked: the signal alone, and its attacks: the store's chunk
// saying the heading's word, and a heading that holds only a small share
// of what the question asks (a verb such as "collect").
func TestTopicAsked(t *testing.T) {
	ix := mapIndex(t, topicFiles)
	st := ix.st.Load()
	doc := func(label string) int { return chunkLabelled(t, ix, label) }
	kids, privacy := doc("info/kids-and-families.md › Kids and families"), doc("info/privacy.md › Privacy > What we collect")
	elmHours, families := doc("stores/elm-road.md › Elm Road > Hours"), doc("stores/harbour.md › Harbour Street > Families")
	for _, tt := range []struct {
		q    string
		c, o int
		want bool
	}{
		{"anything for kids to do at elm road on weekends", kids, elmHours, true},
		{"anything for kids to do at harbour street on weekends", kids, families, false},      // the store's chunk says "kids"
		{"can i collect stamps and free coffee points at elm road", privacy, elmHours, false}, // "collect" is a small share
		{"weekend hours at elm road", kids, elmHours, false},                                  // the kids heading holds none of its words: false by the share alone (the store's chunk saying a heading's word is the harbour case)
	} {
		plan := st.plan(tt.q, SearchOptions{})
		q := plan.lexQuery(st)
		if got := st.topicAsked(q, topicWeightsOf(q), tt.c, tt.o); got != tt.want {
			t.Errorf("%q: topicAsked(%s, %s) = %v, want %v", tt.q, ix.label(tt.c), ix.label(tt.o), got, tt.want)
		}
	}
}

// TestTopicWeights checks the question's weights topicAsked compares
// (worked out once per search, not per pair of chunks): each group at its
// heaviest word that did not name the store, a group of such words alone
// at nothing, and their sum.
func TestTopicWeights(t *testing.T) {
	term := func(group int, idf float64, place bool) qterm { return qterm{group: group, idf: idf, place: place} }
	for _, tt := range []struct {
		name  string
		terms []qterm
		group []float64
		total float64
	}{
		{"one word a group", []qterm{term(0, 2, false), term(1, 3, false)}, []float64{2, 3}, 5},
		{"a group's heaviest way of saying it", []qterm{term(0, 1, false), term(0, 4, false), term(0, 2, false), term(1, 3, false)}, []float64{4, 3}, 7},
		{"the store's words aside", []qterm{term(0, 5, true), term(1, 2, false), term(1, 6, true)}, []float64{0, 2}, 2},
		{"no question", nil, []float64{}, 0},
	} {
		w := topicWeightsOf(lexQuery{terms: tt.terms})
		if !slices.Equal(w.group, tt.group) || w.total != tt.total {
			t.Errorf("%s: topicWeightsOf = %v, %v; want %v, %v", tt.name, w.group, w.total, tt.group, tt.total)
		}
	}
	// On a real question the sum is the mass topicAsked summed per pair
	// before: every group's heaviest word outside the store's words.
	ix := mapIndex(t, topicFiles)
	st := ix.st.Load()
	q := st.plan("anything for kids to do at elm road on weekends", SearchOptions{}).lexQuery(st)
	var want float64
	for g := range q.groups {
		var m float64
		for _, t := range q.terms {
			if t.group == g && !t.place {
				m = max(m, t.idf)
			}
		}
		want += m
	}
	if w := topicWeightsOf(q); want == 0 || math.Abs(w.total-want) > 1e-12 {
		t.Errorf("topicWeightsOf(q).total = %v, want %v (non-zero)", w.total, want)
	}
}
