package retrieval

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
)

// searchWithoutProximity ranks query as Search does in lexical mode, up
// to and including the location and cue boosts, without the proximity
// re-rank: what the ranking would be without it.
func searchWithoutProximity(ix *Index, query string) []scored {
	st := ix.st.Load()
	plan := st.plan(query, SearchOptions{})
	q := plan.lexQuery(st)
	var ranked []scored
	for _, h := range st.lex.search(q, plan.keep(st), candidateDepth) {
		ranked = append(ranked, scored(h))
	}
	plan.boost(st, q, ranked)
	return ranked
}

func (ix *Index) label(doc int) string {
	c := &ix.st.Load().chunks[doc]
	return c.source + " › " + c.section
}

// TestProximityRerank: each corpus has a chunk matching the question's
// words scattered over lines about other things, which BM25 and coverage
// put first, and one whose single line or table row holds them together.
// The re-rank puts the second first; each case also checks that without
// the re-rank the first one wins, so the case fails if the re-rank is
// taken out.
func TestProximityRerank(t *testing.T) {
	for _, tt := range []struct {
		name      string
		files     map[string]string
		q         string
		want      string // source › section of the wanted first hit
		scattered string // what comes first without the re-rank
	}{
		{
			name: "one sentence holds the words",
			files: map[string]string{
				"menu/milk.md": "# Milk\n\nSoy milk, oat milk and whole milk at every café; soy milk and oat milk are 75c extra.\n\n" +
					"Our truck sells filter coffee only.",
				"truck/menu.md": "# On the truck\n\nDrip coffee, espresso drinks, chai and cold brew from spring to autumn, with pastries from the Roastery's bakery. " +
					"No soy milk on the truck: oat and whole milk only. Card payments only, tips by card too. " +
					"The truck stops at the market on Saturdays and at the business park on weekdays.",
				"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
			},
			q:         "soy milk on the truck?",
			want:      "truck/menu.md › On the truck",
			scattered: "menu/milk.md › Milk",
		},
		{
			name: "a table row holds the words with its header",
			files: map[string]string{
				"careers/jobs.md": "# Jobs\n\n## Roles\n\n| Role | Where | Pay |\n|---|---|---|\n| Barista | All stores | £12.85 an hour |\n| Shift lead | Roastery | £14.10 an hour |\n| Baker | Roastery | £13.40 an hour |",
				"about/story.md": "# Our story\n\n## The early years\n\nOur first barista was the founder's cousin, and every barista since has learned on the same old machine. " +
					"Barista training happens on Mondays.\n\nWe pay our coffee farmers above the fair-trade price.",
				"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
			},
			q:         "barista pay",
			want:      "careers/jobs.md › Jobs > Roles",
			scattered: "about/story.md › Our story > The early years",
		},
		{
			name: "a chain page's line naming the location",
			files: map[string]string{
				"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\nOur biggest café, with a roastery.",
				"stores/harbour.md":  "---\nlocation: Harbour Street\n---\n# Harbour Street\n\nA small café on the pier.",
				"help/wifi-limits.txt": "WI-FI TIME LIMITS (card at every till)\nElm Road ...... 2 hours\nHarbour Street ...... 1 hour\n" +
					"Riverside ...... 3 hours\nStation Kiosk ...... 30 minutes\nAirport ...... no limit\nMarket stall ...... no Wi-Fi\n",
				"help/wifi-news.txt": "WI-FI NEWS\nNew routers at Elm Road and on Elm Road's terrace this spring.\n" +
					"Wifi limits: the wifi limit at each café is back after the holidays.\n",
			},
			q:         "elm road wifi limit",
			want:      "help/wifi-limits.txt › ",
			scattered: "help/wifi-news.txt › ",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := mapIndex(t, tt.files)
			without := searchWithoutProximity(ix, tt.q)
			if len(without) == 0 || ix.label(without[0].doc) != tt.scattered {
				got := ""
				if len(without) > 0 {
					got = ix.label(without[0].doc)
				}
				t.Fatalf("without the re-rank the first hit is %q, want %q: the corpus no longer tests the re-rank", got, tt.scattered)
			}
			res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
			if err != nil || len(res.Hits) == 0 {
				t.Fatalf("search: %v, %d hits", err, len(res.Hits))
			}
			if got := res.Hits[0].Source + " › " + res.Hits[0].Section; got != tt.want {
				t.Errorf("first hit %q, want %q", got, tt.want)
			}
		})
	}
}

// TestProximityOwnPage: a store's own section listing separate facts is
// not re-ranked below the chain's page when a question combines them
// (its proximity is 1), while the same text on a chain-wide page is.
func TestProximityOwnPage(t *testing.T) {
	facilities := "- Bike racks for ten by the front door.\n- A parking lot behind the café with 28 spaces, free for 90 minutes.\n- Step-free entrance."
	ix := mapIndex(t, map[string]string{
		"stores/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road\n\n## Facilities\n\n" + facilities,
		"stores/harbour.md":  "---\nlocation: Harbour Street\n---\n# Harbour Street\n\n## Facilities\n\nOne step at the door.",
		"info/facilities.md": "# Facilities at every café\n\n## Elm Road\n\n" + facilities,
		"help/wifi.md":       "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	st := ix.st.Load()
	plan := st.plan("bike parking at elm road", SearchOptions{})
	q := plan.lexQuery(st)
	if q.own == nil {
		t.Fatal("the question was not scoped to Elm Road's own pages")
	}
	for i := range st.chunks {
		c := &st.chunks[i]
		if !strings.Contains(c.text, "Bike racks") {
			continue
		}
		p := st.proximity(q, i)
		switch c.source {
		case "stores/elm-road.md":
			if p != 1 {
				t.Errorf("own page: proximity %.3f, want 1", p)
			}
		case "info/facilities.md":
			if p >= 1 || p <= 0 {
				t.Errorf("chain page: proximity %.3f, want in (0, 1): bike and parking are on separate lines", p)
			}
		}
	}
	res, err := ix.Search(context.Background(), "bike parking at elm road", SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(res.Hits))
	}
	if res.Hits[0].Source != "stores/elm-road.md" {
		t.Errorf("first hit %s › %s, want Elm Road's own facilities", res.Hits[0].Source, res.Hits[0].Section)
	}
}

// TestChunkSegments pins how a chunk is cut: sentences, table rows with
// their header's words, a CSV row whole, headings apart, and at least one
// segment even for a chunk with no text.
func TestChunkSegments(t *testing.T) {
	for _, tt := range []struct {
		name                  string
		source, section, text string
		want                  [][]string // each segment's stems, in order
		head                  []string
	}{
		{
			name: "sentences", source: "p.md", section: "Dogs",
			text: "Dogs are welcome. Water bowls by the door!\nNo cats?",
			want: [][]string{{"dog", "welcom"}, {"water", "bowl", "door"}, {"no", "cat"}}, head: []string{"dog", "p"},
		},
		{
			name: "table rows carry the header", source: "jobs.md", section: "Jobs > Roles",
			text: "| Role | Pay |\n|---|---|\n| Barista | £12 |\nAsk at the till.",
			want: [][]string{{"role", "pay"}, {"role", "pay", "barista", "12"}, {"ask", "till"}}, head: []string{"job", "role"},
		},
		{
			name: "a csv row is one segment", source: "menu.csv", section: "Latte",
			text: "item: Latte; vegan: no; price: 4.50",
			want: [][]string{{"item", "latt", "price", "4.5"}}, head: []string{"latt", "menu"},
		},
		{
			name: "no text", source: "empty.md", section: "Hours",
			text: "", want: [][]string{nil}, head: []string{"hour", "empti"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			vb := newVocabBuilder(0)
			terms, length := analyse(vb, tt.source, tt.section, tt.text)
			c := chunk{source: tt.source, section: tt.section, text: tt.text, terms: terms, length: length}
			lx := buildLexicon(vb.words, []chunk{c})
			cs := chunkSegments(lx, &c)
			words := func(ids []uint32) []string {
				var out []string
				for _, id := range ids {
					out = append(out, vb.words[id])
				}
				return out
			}
			var got [][]string
			for _, s := range cs.segs {
				got = append(got, words(s))
			}
			if !slices.EqualFunc(got, tt.want, func(a, b []string) bool { return slices.Equal(a, b) }) {
				t.Errorf("segments %q, want %q", got, tt.want)
			}
			if h := words(cs.head); !slices.Equal(h, tt.head) {
				t.Errorf("head %q, want %q", h, tt.head)
			}
		})
	}
}

// TestProximityBounds attacks the re-rank over real cafés' documents and
// questions: a hit's proximity is in (0, 1], so the re-rank only lowers a
// score and never wipes out a chunk that matched; and the hits a search
// returns are still sorted.
func TestProximityBounds(t *testing.T) {
	for _, name := range []string{"kettlewick", "bramble"} {
		ix := cafeIndex(t, name)
		st := ix.st.Load()
		for _, c := range cafeCases(t, name, "") {
			plan := st.plan(c.Q, SearchOptions{})
			q := plan.lexQuery(st)
			for _, h := range st.lex.search(q, plan.keep(st), proximityDepth) {
				if p := st.proximity(q, h.doc); !(p > 0 && p <= 1) {
					t.Errorf("%s %q: proximity of %s is %v", name, c.Q, ix.label(h.doc), p)
				}
			}
			res, err := ix.Search(context.Background(), c.Q, SearchOptions{Mode: ModeLexical, K: EvalDepth}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.IsSortedFunc(res.Hits, func(a, b Hit) int {
				switch {
				case a.Score > b.Score:
					return -1
				case a.Score < b.Score:
					return 1
				}
				return 0
			}) {
				t.Errorf("%s %q: hits not sorted by score", name, c.Q)
			}
		}
	}
}

// TestProximityConcurrentFirstUse attacks the segment cache: searches in
// parallel touch the same chunks for the first time together (run with
// -race), and every one ranks as a search alone does.
func TestProximityConcurrentFirstUse(t *testing.T) {
	ix := cafeIndex(t, "kettlewick")
	cases := cafeCases(t, "kettlewick", "tune")
	want := make([][]string, len(cases))
	rank := func(ix *Index, q string) []string {
		res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 5}, nil)
		if err != nil {
			t.Error(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.Source+" › "+h.Section)
		}
		return out
	}
	for i, c := range cases {
		want[i] = rank(ix, c.Q)
	}
	fresh := cafeIndex(t, "kettlewick") // a snapshot whose segments are not built yet
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range cases {
				i = (i + g*len(cases)/4) % len(cases)
				if got := rank(fresh, cases[i].Q); !slices.Equal(got, want[i]) {
					t.Errorf("%q: concurrent search ranked %q, alone %q", cases[i].Q, got, want[i])
				}
			}
		}()
	}
	wg.Wait()
}
