package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestLooseFind holds the loose rules (a distinctive word and a place
// noun, a typo of a long name word, a store's room) and their attacks:
// words two stores share, everyday words, the chain's name and questions
// naming no store stay unscoped.
func TestLooseFind(t *testing.T) {
	names := []string{"Harbour Street Roastery", "Principale", "Place Champlain", "Tidewater on Wheels", "Main Street Kiosk"}
	aliases := map[string][]string{
		"Harbour Street Roastery": {"down at the harbour", "the big one", "Tidewater Roasters – Harbour Street Roastery"},
		"Place Champlain":         {"the mall one", "Tidewater Roasters – Place Champlain"},
		"Principale":              {"Tidewater Roasters – Principale"},
		"Main Street Kiosk":       {"the kiosk by the harbour"},
	}
	rooms := map[string][]string{"Place Champlain": {"loft"}}
	everyday := map[string]bool{"coffee": true, "tidewater": true, "roasters": true}
	l := newLocator(names, aliases)
	l.learnLoose(aliases, func(w string) bool { return everyday[w] }, rooms)
	known := func(w string) bool { return w == "principle" || w == "stations" }
	tests := []struct {
		q    string
		want []string
	}{
		{"do you have the kids grilled cheese at the wheels cafe", []string{"Tidewater on Wheels"}},
		{"does the principal store do ubereats", []string{"Principale"}},
		{"is principal open late", nil},                       // no "the"/"at" before it, no place noun after it
		{"is the principl cafe open", []string{"Principale"}}, // a typo the documents never use
		{"what is the principal reason", nil},                 // a typo needs a place noun after it
		{"is the principle store open", nil},                  // a word the documents use is no typo
		{"what is the principle of your loyalty card", nil},   // English, no place noun
		{"at the stations", nil},                              // no place noun
		{"can we bring a cake to the loft", []string{"Place Champlain"}},
		{"is the loft blend decaf", nil},                   // a room's name running on into a coffee
		{"a loft apartment", nil},                          // a room named without "the"/"at"/"in"
		{"is there a coffee shop near the ferry", nil},     // an everyday word before "shop"
		{"is the tidewater cafe open on sunday", nil},      // the chain's own name
		{"harbour view on the menu", nil},                  // a nickname's word with no place noun
		{"the harbour store", nil},                         // "harbour" is two stores' word
		{"is the main course vegan", nil},                  // "main" is generic
		{"do you do gift cards", nil},                      // no store at all
		{"the champlian one", []string{"Place Champlain"}}, // a typo before a place noun
		{"are there charging stations", nil},               // no place noun after it
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			locs, _, _ := l.looseFind(rawWords(tt.q), known)
			var got []string
			for _, i := range locs {
				got = append(got, l.names[i])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("looseFind(%q) = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

// TestLearnRooms holds that a room named twice, capitalised, on one
// store's own chunks is that store's, and that a room two stores name, a
// word written in lower case after "the", a day, the chain's word and a
// store's name word are not rooms.
func TestLearnRooms(t *testing.T) {
	names := []string{"Juniper Park", "Brickyard"}
	texts := []string{
		"- **The Loft.** Our upstairs event room. Please note the Loft is reached by stairs only.",
		"The Garden is lovely. Sit in the Garden. On the Sunday we close. Visit the Sunday market, the Sunday crowd.",
		"Meet at the Garden or the Brickyard. Enjoy the Level and the Level seating; the level access is at the side.",
		"the Tidewater app, the Tidewater card",
		"the Loft at the chain's office, the Loft again", // a chain page (no store)
	}
	store := []string{"juniper park", "juniper park", "brickyard", "brickyard", ""}
	got := learnRooms(names, func(i int) string { return store[i] }, texts, nil, func(w string) bool { return w == "tidewater" })
	want := map[string][]string{"Juniper Park": {"loft"}}
	if len(got) != len(want) || !slices.Equal(got["Juniper Park"], want["Juniper Park"]) {
		t.Errorf("learnRooms = %q, want %q", got, want)
	}
}

// TestLooseScopesOnCafes runs the loose rules over the dev cafés' own
// indexes, where the stores' words, rooms and the chain's words are
// learned from the pages: each question is scoped to want (nil: not
// scoped). The attacks are a coffee named after the nickname's word, the
// chain's own name, English words near a store's name, everyday words
// and a room's name running on into a coffee.
func TestLooseScopesOnCafes(t *testing.T) {
	tests := map[string][]struct {
		q    string
		want []string
	}{
		"tidewater": {
			{"do you have the kids grilled cheese at the harbour cafe", []string{"Water Street Roastery"}},
			{"does the principal store do ubereats", []string{"Principale"}},
			{"is the prinicpale cafe open late", []string{"Principale"}},
			{"the champlian one, is it open on boxing day", []string{"Place Champlain"}},
			{"how much is a bag of harbour blend", nil},
			{"is the harbour blend one decaf", nil},
			{"is the harbour patio open", nil}, // a nickname's word without a place noun
			{"what is the principle behind tide points", nil},
			{"is the tidewater cafe open on sunday", nil},
			{"is the main course vegan", nil},
			{"do you sell the tide mug", nil},
			{"does the loft exist", nil}, // another café's room
		},
		"copperfinch": {
			{"can we bring our own birthday cake to the loft", []string{"Copper Finch Juniper Park"}},
			{"is the loft blend decaf", nil},
			{"a loft apartment near you?", nil},
			{"copper finch cafe hours", nil},
			{"is the copper store open", nil},
			{"the finch one", nil},
		},
		"bramble": {
			{"does the arrivals hatch do toasties", []string{"Bramble & Loaf Cork Airport"}},
			{"arrivals times", nil},
			{"the bramble shop", nil},
			{"do you run classes", nil},
		},
		"kettlewick": {
			{"are there charging stations", nil},
			{"at the stations", nil},
			{"the kettlewick shop", nil},
		},
	}
	for cafe, cases := range tests {
		t.Run(cafe, func(t *testing.T) {
			ix := cafeIndex(t, cafe)
			for _, tt := range cases {
				res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 1}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(res.Scope.Locations, tt.want) {
					t.Errorf("%q scoped to %q (by %q), want %q", tt.q, res.Scope.Locations, res.Scope.Mention, tt.want)
				}
			}
		})
	}
}

// BenchmarkLearnRooms times learning rooms over fifty copies of
// Tidewater's chunks (about 10,000), every chunk a store's own: the
// cost ingest pays on top of learnPlaces (the rooms are stored with the
// derived data, derived.go).
func BenchmarkLearnRooms(b *testing.B) {
	st := cafeIndex(b, "tidewater").st.Load()
	var texts []string
	for range 50 {
		for i := range st.chunks {
			texts = append(texts, st.chunks[i].text)
		}
	}
	store := func(i int) string { return locationKey(st.locNames[i%len(st.locNames)]) }
	for b.Loop() {
		learnRooms(st.locNames, store, texts, st.aliases, func(string) bool { return false })
	}
	b.ReportMetric(float64(len(texts)), "chunks") // after b.Loop's reset, which clears it
}

// TestAfterThe holds what afterThe reads after "the": one or two
// capitalised words, a lower-case word, nothing inside another word
// ("bathe", "other") or before digits.
func TestAfterThe(t *testing.T) {
	var got []string
	afterThe(`- **The Loft.** Our room; see the Arrivals hatch, the Big Room or the level access. bathe Other the 4th the Café the`, func(name string, capital bool) {
		if capital {
			name = "^" + name
		}
		got = append(got, name)
	})
	want := []string{"^Loft", "^Arrivals", "^Big Room", "level"}
	if !slices.Equal(got, want) {
		t.Errorf("afterThe read %q, want %q", got, want)
	}
}

// FuzzAfterThe checks that afterThe never panics and gives only capital
// words or lower-case words found in the text.
func FuzzAfterThe(f *testing.F) {
	f.Add("**The Loft. the Arrivals hatch the level")
	f.Add("the")
	f.Add("he the \xff the Ab Cd")
	f.Fuzz(func(t *testing.T, text string) {
		afterThe(text, func(name string, capital bool) {
			first, _, _ := strings.Cut(name, " ")
			if !strings.Contains(text, name) || (capital && !isCapitalWord(first)) || (!capital && !isLowerWord(name)) {
				t.Errorf("afterThe(%q) gave %q (capital %v)", text, name, capital)
			}
		})
	})
}
