package document

import "testing"

func TestFrontMatterKind(t *testing.T) {
	for _, tt := range []struct {
		name, md, want string
	}{
		{"category", "---\ntitle: A\ncategory: Locations\n---\n# A\n", "locations"},
		{"type before layout", "---\nlayout: page\ntype: store\n---\n# A\n", "store"},
		{"a list", "---\ncategory: [events, music]\n---\n# A\n", "events"},
		{"an empty key falls through", "---\ncategory: \"\"\nlayout: menu\n---\n# A\n", "menu"},
		{"none", "---\ntitle: A\ntags: [locations]\n---\n# A\n", ""},
		{"no front matter", "# A\n\ncategory: locations\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("a.md", []byte(tt.md), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Kind != tt.want {
				t.Errorf("Kind = %q, want %q", doc.Kind, tt.want)
			}
		})
	}
}

// TestFrontMatterStoreCode: a store's code under its own key is the
// page's location, and a location key still wins over it.
func TestFrontMatterStoreCode(t *testing.T) {
	for _, tt := range []struct{ md, want string }{
		{"---\ntitle: Water Street Roastery\nstore_code: WS01\n---\n# A\n\nText.\n", "WS01"},
		{"---\nlocation_id: LOC-01\n---\n# A\n\nText.\n", "LOC-01"},
		{"---\nstore: Elm Road\nstore_code: ER2\n---\n# A\n\nText.\n", "Elm Road"},
		{"---\ncode: WS01\n---\n# A\n\nText.\n", ""},
	} {
		chunks, err := Parse("a.md", []byte(tt.md), Options{})
		if err != nil || len(chunks) == 0 {
			t.Fatalf("%q: %v", tt.md, err)
		}
		if chunks[0].Location != tt.want {
			t.Errorf("%q: location %q, want %q", tt.md, chunks[0].Location, tt.want)
		}
	}
}
