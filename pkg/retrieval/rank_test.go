package retrieval

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestChunkFeatures(t *testing.T) {
	for _, tt := range []struct {
		text string
		want uint8
	}{
		{"| Monday | 7:00 am – 6:00 pm |", featClock},
		{"open 6 pm to 9PM daily", featClock},
		{"one time at 7:00 am only", 0},
		{"8:00 am – 12:00 noon", featClock},
		{"a 12-seat table, 7 amps", 0},
		{"Room hire is $75 per hour", featPrice},
		{"item: Latte; price: 4.85", featPrice},
		{"costs $ a lot", 0},
		{"$3 per hour, 8:00 am – 8:00 pm", featClock | featPrice},
		{"kept for 30 days", featDuration},
		{"within 5 business days", featDuration},
		{"ready in 5 to 10 minutes", featDuration},
		{"one hour before closing", 0},
		{"| Monday – Friday | 06:30 – 21:00 |", featClock},
		{"| Sun | 9:15 – 16:00 |", featClock},
		{"ratio 1:16, then 1:2", 0},               // not times: one-digit minutes
		{"grind 18:38 then 25:10", 0},             // 25 is no hour
		{"from £12.85 an hour + tips", featPrice}, // pounds
		{"a slice for €3", featPrice},
		{"£ per cup", 0},
		{"| Thu 24 Dec (Christmas Eve) | 7:30am–2pm |\n| Fri 25 Dec | CLOSED |", featClock | featDates},
		{"Moved to 17 December, then 31st Dec.", featDates},
		{"open 24 hours, 7 days", featDuration}, // numbers, no month
		{"since March 2019", 0},                 // a year is no day of the month
	} {
		if got := chunkFeatures(tt.text); got != tt.want {
			t.Errorf("chunkFeatures(%q) = %b, want %b", tt.text, got, tt.want)
		}
	}
}

func TestQuestionCues(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want uint8
	}{
		{"when does riverside close on friday", featClock},
		{"what time does lunch start", featClock},
		{"how late is the campus one open", featClock},
		{"how much is a latte", featPrice},
		{"oat milk price", featPrice},
		{"do you have vegan options", 0},
		{"are there any job openings", 0}, // "openings" is not "opening"
		{"wifi time limit", 0},
		{"how long do you keep lost items", featDuration},
		{"open on paddys day? the big shop", featClock | featDates},
		{"what about 26 dec", featDates},
		{"kiosk open on new years day", featClock | featDates},
		{"is the bank holiday monday normal", featDates},
		{"do you sell may queen cupcakes", 0}, // "may" without a day
	} {
		if got := questionCues(words(tt.q)); got != tt.want {
			t.Errorf("questionCues(%q) = %b, want %b", tt.q, got, tt.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		max  int
		want int
	}{
		{"cappucino", "cappuccino", 2, 1},
		{"pasword", "password", 1, 1},
		{"recieve", "receive", 1, 1}, // a swap of neighbours is one edit
		{"latte", "latte", 1, 0},
		{"latte", "mocha", 1, 2}, // gives up past max
		{"", "abc", 3, 3},
	} {
		if got := editDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

// TestSpellingCorrection: a misspelt word the index has never seen finds
// its neighbour, a known word is left alone, and a short or far-off word
// is not guessed at.
func TestSpellingCorrection(t *testing.T) {
	ix := bundledIndex(t)
	lx := ix.st.Load().lex
	for _, tt := range []struct{ in, want string }{
		{stem("cappucino"), stem("cappuccino")},
		{stem("pasword"), stem("password")},
		{stem("lemonaide"), stem("lemonade")},
		{"zzzzzzz", ""},
		{"lat", ""},   // too short to guess
		{"510ml", ""}, // sizes are not misspelt (the menu has 500ml)
		{"12.5oz", ""},
	} {
		if got := lx.correct(tt.in); got != tt.want {
			t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	res, err := ix.Search(context.Background(), "how much is a cappucino", SearchOptions{Mode: ModeLexical, K: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Section != "Cappuccino" {
		t.Errorf("misspelt cappuccino: got %+v", res.Hits)
	}
}

// TestClockCue: an hours question prefers the passage holding the times
// over one that only talks about the same day.
func TestClockCue(t *testing.T) {
	ix := New(t.TempDir())
	writeFiles(t, ix.dir+"/kb", map[string]string{
		"cafe.md": "# Cafe\n\n## Friday hours\n\nFriday: 7:00 am to 5:00 pm, kitchen 7:00 am to 3:00 pm.\n\n## Friday music\n\nFriday: acoustic sets on the patio, all welcome, free entry.\n",
	})
	if _, err := ix.Ingest(context.Background(), []string{ix.dir + "/kb"}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// "friday" alone ties the two; the words "what time" ask for a time.
	res, err := ix.Search(context.Background(), "what time on friday", SearchOptions{Mode: ModeLexical, K: 2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Section != "Cafe > Friday hours" {
		t.Errorf("got %+v, want the hours table first", res.Hits)
	}
}

// BenchmarkSearchMisspelt is a lexical search with one word the index has
// never seen, which spelling correction looks up in the whole vocabulary.
func BenchmarkSearchMisspelt(b *testing.B) {
	for _, size := range benchSizes[:2] {
		b.Run(size.name, func(b *testing.B) {
			f := getFixture(b, size.n)
			ix := &Index{}
			ix.st.Store(f.st)
			ctx := context.Background()
			i := 0
			for b.Loop() {
				q := f.queries[i%len(f.queries)] + " zqxjvbeans"
				if _, err := ix.Search(ctx, q, SearchOptions{Mode: ModeLexical}, nil); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// TestChunkerVersionUpgrade: an index written by an older chunker is
// re-chunked on the next ingest (so PDFs ingested before get their
// headings), and the unchanged chunks keep their vectors: nothing is
// embedded again.
func TestChunkerVersionUpgrade(t *testing.T) {
	emb := newFake("fake-embed", 16)
	dir := t.TempDir()
	writeFiles(t, dir, kb)
	ix := New(t.TempDir())
	if _, err := ix.Ingest(context.Background(), []string{dir}, opts(), emb, nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	old := *st
	old.files = slices.Clone(st.files)
	for i := range old.files {
		old.files[i].key = strings.Replace(old.files[i].key, fmt.Sprintf("|v%d|", chunkerVersion), "|v2|", 1)
	}
	ix.st.Store(&old)
	texts := emb.texts.Load()
	rep, err := ix.Ingest(context.Background(), []string{dir}, opts(), emb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != len(old.files) || rep.Unchanged != 0 {
		t.Errorf("after an old chunker: %+v, want every file re-chunked", rep)
	}
	if n := emb.texts.Load() - texts; n != 0 {
		t.Errorf("%d texts embedded again, want their vectors reused", n)
	}
}

// TestStorePageOutranksChainSection: for a question naming a store, the
// store's own page on the topic outranks the chain-wide page's section
// headed with the store's name.
func TestStorePageOutranksChainSection(t *testing.T) {
	ix := New(t.TempDir())
	writeFiles(t, ix.dir+"/kb", map[string]string{
		"locations/elm-road.md": "---\nlocation: Elm Road\n---\n# Elm Road cafe\n\n## Kitchen\n\nThe kitchen serves hot food until 5:00 pm, and the bakery counter until 6:00 pm.\n",
		"locations/harbour.md":  "---\nlocation: Harbour\n---\n# Harbour cafe\n\n## Kitchen\n\nThe kitchen serves hot food until 4:00 pm.\n",
		"holidays.md":           "# Holidays\n\n## Notes\n\n### Elm Road\n\nOn holidays the Elm Road kitchen closes an hour early.\n",
	})
	if _, err := ix.Ingest(context.Background(), []string{ix.dir + "/kb"}, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), "elm road kitchen", SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 2 || res.Hits[0].Source != "locations/elm-road.md" || res.Hits[1].Source != "holidays.md" {
		t.Errorf("got %v, want the store's page first, the chain's note next", hitSources(res))
	}
	for _, h := range res.Hits {
		if h.Source == "locations/harbour.md" {
			t.Errorf("another store's page in an Elm Road search: %+v", h)
		}
	}
}

func TestStaffChunks(t *testing.T) {
	chunks := []chunk{
		{source: "staff/shift-handover-notes.txt"},
		{source: "ops/Internal/till-guide.md"},
		{source: "policies/staff-discount.md"}, // a page about staff, for customers
		{source: "stores/riverside.md"},
		{source: "faq.json"},
		{source: "shared-drive/Team/rota.csv"},
		// A shared drive's folders as people name them.
		{source: "shared-drive/Staff Only/allergen-procedure.md"},
		{source: "drive/back_office/float.txt"},
		// The folders staffOnly reads as staff alone are staff folders too.
		{source: "drive/Confidential/pay-scales.md"},
		{source: "drive/For Staff/closing.md"},
		{source: "ops-notes/staff_use_only/till.txt"},
		// Staff-only pages beside the customer ones, marked by their file
		// name, their title or their opening line.
		{source: "IT/staff-notes-pos-and-wifi.txt", text: "POS cheatsheet"},
		{source: "Franchise/Mall store - what's different (for our staff).md"},
		{source: "franchise/mall-notes.md", section: "STAFF / CUSTOMER CARE ONLY – the mall store > Hours"},
		{source: "it/app-issues.md", section: "App — known issues (STAFF ONLY, don't forward to customers)"},
		{source: "it/app-guide.md", section: "App ordering – staff troubleshooting guide"},
		{source: "marketing/brand-voice.md", section: "Brand voice + socials (marketing, internal)"},
		{source: "IT/pos.txt", text: "== STAFF ONLY == POS / tablet cheatsheet == do not print for customers =="},
		// Pages about staff, for customers, stay customer pages; body
		// text saying "internal" or "for staff" does not mark a page.
		{source: "about/meet-our-staff.md", section: "Meet our staff"},
		{source: "menu/staff-picks.md", section: "Staff picks > Coffee"},
		{source: "wiki/Home.md", section: "Staff & Customer Wiki"},
		{source: "info/wifi.txt", text: "Guest Wi-Fi (laminated card - staff, please read out when asked). Internal network for staff."},
		{source: "careers.md", section: "Work with us > Perks", text: "Free coffee for staff on shift."},
	}
	want := []bool{true, true, false, false, false, true,
		true, true,
		true, true, true,
		true, true, true, true, true, true, true,
		false, false, false, false, false}
	if got := staffChunks(chunks); !slices.Equal(got, want) {
		t.Errorf("staffChunks = %v, want %v", got, want)
	}
	// A document is marked from its first chunk: its later chunks follow
	// it, whatever their own text says.
	doc := []chunk{{source: "IT/pos.txt", text: "== STAFF ONLY == till guide"}, {source: "IT/pos.txt", text: "Cash drawer."}}
	if got := staffChunks(doc); !slices.Equal(got, []bool{true, true}) {
		t.Errorf("a staff-only document's chunks = %v, want both marked", got)
	}
}

// TestStaffPageYields: a handover note that mentions a lost umbrella at
// a store does not outrank the lost-property policy for a customer's
// question, but is still found when it is the only page that answers.
func TestStaffPageYields(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"staff/handover-wk48.txt": "MON 23\n- Lost prop: blue umbrella left at Riverside, 10 days in the safe.\nTUE 24\n- Grinder 2 re-dialled.\n" +
			"NOTES\n- Cheques: we do not take them at any till.",
		"policies/lost-property.md": "# Lost property\n\nUmbrellas, phones and cards left at Riverside go to the centre's customer services desk, who keep them for 30 days.",
		"menu/drinks.md":            "# Drinks\n\n## Coffee\n\nLatte, flat white and cortado, with oat milk on request.\n\n## Tea\n\nEnglish breakfast and mint.",
		"stores/riverside.md":       "# Riverside\n\n## Opening hours\n\nMonday to Saturday 9:00am – 6:00pm, Sunday 10:00am – 4:00pm.",
		"policies/pets.md":          "# Dogs\n\nDogs are welcome on a lead in every shop; water bowls by the door.",
		"help/wifi.md":              "# Wi-Fi\n\nFree Wi-Fi in every shop; the password is on your receipt.",
	})
	top := func(q string) string {
		res, err := ix.Search(context.Background(), q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("search %q: %v, %d hits", q, err, len(res.Hits))
		}
		return res.Hits[0].Source
	}
	if got := top("left my umbrella at riverside 10 days ago, is it still there"); got != "policies/lost-property.md" {
		t.Errorf("umbrella question: top hit %s, want the lost-property policy", got)
	}
	if got := top("do you take cheques"); got != "staff/handover-wk48.txt" {
		t.Errorf("cheques question: top hit %s, want the staff note, the only page that answers", got)
	}
}
