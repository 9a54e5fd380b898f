package retrieval

import (
	"github.com/cafebot/cafebot/pkg/golden"

	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func passagesOf(res Results) []Passage {
	var out []Passage
	for _, h := range res.Hits {
		out = append(out, Passage{Source: h.Source, Section: h.Section, Text: h.Text})
	}
	return out
}

// TestExtractGolden renders retrieval-only answers for the issue's
// questions over the bundled knowledge base (update with -update).
func TestExtractGolden(t *testing.T) {
	ix := bundledIndex(t)
	var b strings.Builder
	for _, q := range []struct{ q, location string }{
		{q: "what are your opening hours?", location: "Elm Road"},
		{q: "when does riverside close on friday"},
		{q: "what allergens are in the almond croissant"},
		{q: "how much is oat milk?"},
		{q: "is the killer brownie gluten free?"},
		{q: "what is the wifi password"},
		{q: "how many points for a free drink"},
	} {
		res := scopeOf(t, ix, q.q, SearchOptions{K: 4, Location: q.location})
		b.WriteString("Q: " + q.q + "\n" + FormatExtract(Extract(q.q, passagesOf(res))) + "\n\n")
	}
	got := b.String()
	golden.Check(t, filepath.Join("..", "..", "testdata", "search", "extract.golden"), []byte(got))
}

func TestExtractRules(t *testing.T) {
	allergens := "item: Almond Croissant; category: pastries; price: 4.50; ingredients: " + strings.Repeat("flour, butter, ", 30) + "almonds; allergens: wheat (gluten), milk, egg, tree nuts (almond), soy; vegan: no"
	table := "Opening times below.\n\n| Day | Hours |\n|---|---|\n| Monday to Thursday | 7:00 am – 6:00 pm |\n| Friday | 7:00 am – 8:00 pm |\n\nThe patio closes in rain."
	tests := []struct {
		name  string
		query string
		ps    []Passage
		want  []string // substrings of the formatted answer, in order
		not   []string
	}{
		{name: "allergens never cut", query: "almond croissant allergens", ps: []Passage{{Source: "menu.csv", Section: "Almond Croissant", Text: allergens}},
			want: []string{"Almond Croissant — ", "price: $4.50", "allergens: wheat (gluten), milk, egg, tree nuts (almond), soy", "(menu.csv › Almond Croissant)"}},
		{name: "table row with header, aligned", query: "friday hours", ps: []Passage{{Source: "hs.md", Section: "Opening hours", Text: table}},
			want: []string{"    Day     Hours", "    Friday  7:00 am – 8:00 pm"}, not: []string{"| Day |", "Monday to Thursday", "patio"}},
		{name: "matching sentence first", query: "does the patio close in rain", ps: []Passage{{Source: "hs.md", Section: "Opening hours", Text: table}},
			want: []string{"• The patio closes in rain."}, not: []string{"Friday"}},
		{name: "unrelated later passage skipped", query: "friday hours", ps: []Passage{
			{Source: "hs.md", Section: "Opening hours", Text: table},
			{Source: "pets.md", Section: "Dogs", Text: "Dogs are welcome on the patio."}},
			not: []string{"pets.md"}},
		{name: "first passage shown even without a match", query: "zebra", ps: []Passage{{Source: "a.md", Section: "A", Text: "One thing. Two things. Three things."}},
			want: []string{"• One thing.", "• Two things.", "(a.md › A)"}, not: []string{"Three"}},
		{name: "markdown emphasis dropped", query: "cashless", ps: []Passage{{Source: "rc.md", Section: "Payments", Text: "Riverside Campus is **cashless**. We accept cards."}},
			want: []string{"• Riverside Campus is cashless."}, not: []string{"**"}},
		{name: "empty", query: "x", ps: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FormatExtract(Extract(tt.query, tt.ps))
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("answer lacks %q (in order):\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("answer has %q:\n%s", n, got)
				}
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("friday hours", "| Day | Hours |\n|---|---|\n| Friday | 7 am |\n\nText. More text.")
	f.Add("allergens", "item: X; allergens: milk; vegan: no")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, q, text string) {
		ex := Extract(q, []Passage{{Source: "a", Section: "b", Text: text}, {Source: "c", Text: text}})
		if len(ex) > maxExcerpts {
			t.Fatalf("%d excerpts", len(ex))
		}
		_ = FormatExtract(ex)
	})
}

// TestExtractRawRoundTrip: the raw lines of an excerpt are a passage that
// extracts to the same lines again (the assistant trims passages with
// Extract, then a retrieval-only reply extracts the trimmed text).
func TestExtractRawRoundTrip(t *testing.T) {
	table := "Opening times below.\n\n| Day | Hours |\n|---|---|\n| Monday to Thursday | 7:00 am – 6:00 pm |\n| Friday | 7:00 am – 8:00 pm |\n\nThe patio **closes** in rain."
	for _, q := range []string{"friday hours", "does the patio close in rain", "item allergens"} {
		for _, text := range []string{table, "item: Tart; allergens: milk, egg; vegan: no"} {
			first := Extract(q, []Passage{{Source: "a", Section: "Tart", Text: text}})
			if len(first) == 0 {
				continue
			}
			var raw []string
			for _, l := range first[0].Lines {
				raw = append(raw, l.Raw)
			}
			again := Extract(q, []Passage{{Source: "a", Section: "Tart", Text: strings.Join(raw, "\n")}})
			if diff := cmp.Diff(FormatExtract(first), FormatExtract(again)); diff != "" {
				t.Errorf("%q: extract of the raw lines differs (-first +again):\n%s", q, diff)
			}
		}
	}
}
