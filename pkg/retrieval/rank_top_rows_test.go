package retrieval

import (
	"context"
	"testing"
)

// TestCSVRowYields: a menu CSV's row, short and headed by its item,
// outscores by BM25 alone the menu page that answers in a sentence; with
// csvRowWeight the page comes first, and a row that alone answers (a
// price the page does not give) still does.
func TestCSVRowYields(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"menu/menu.csv": "sku,item,category,price,allergens,notes\n" +
			"C01,Milkshake,cold,48.00,milk,four flavours\nC02,Flat white,hot,38.00,milk,\nC03,Iced latte,cold,42.00,milk,\n" +
			"B01,Brownie,bakery,38.00,egg; milk,\nB02,Banana bread,bakery,35.00,gluten; nuts,\n",
		"menu/menu.md": "# Menu\n\n## Cold\n\nIced latte and cold brew all year. Our milkshake comes in vanilla, chocolate, strawberry " +
			"or peanut butter flavours, made with real ice cream and full-cream milk, topped with cream if you like; ask for a " +
			"dairy-free one on oat.\n\n## Hot\n\nFlat white, cappuccino, latte, mocha and filter coffee.",
		"help/wifi.md": "# Wi-Fi\n\nFree Wi-Fi in every café.",
	})
	st := ix.st.Load()
	for _, tt := range []struct {
		q, want, before string
	}{
		{q: "what flavours of milkshake do you have", want: "menu/menu.md", before: "menu/menu.csv"},
		{q: "how much is a banana bread", want: "menu/menu.csv", before: "menu/menu.csv"},
	} {
		without := searchWithoutProximity(ix, tt.q)
		if len(without) == 0 || st.chunks[without[0].doc].source != tt.before {
			t.Fatalf("%q: before the re-rank the first hit is not %s: the corpus no longer tests the row weight", tt.q, tt.before)
		}
		res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("%q: %v, %d hits", tt.q, err, len(res.Hits))
		}
		if res.Hits[0].Source != tt.want {
			t.Errorf("%q: first hit %s › %s, want %s", tt.q, res.Hits[0].Source, res.Hits[0].Section, tt.want)
		}
	}
	for _, tt := range []struct {
		source string
		want   bool
	}{
		{"menu/menu.csv", true}, {"Menus/PRICES.CSV", true}, {"stores/register.tsv", true},
		{"menu/menu.md", false}, {"help/export.json", false}, {"menu/csv-notes.txt", false}, {"csv", false},
	} {
		if got := csvRow(tt.source); got != tt.want {
			t.Errorf("csvRow(%q) = %v, want %v", tt.source, got, tt.want)
		}
	}
}
