package document

import (
	"slices"
	"testing"
)

func TestFrontMatterLocation(t *testing.T) {
	tests := []struct {
		name, in  string
		loc       string
		aliases   []string
		title     string
		address   string
		chunksLoc string
	}{
		{name: "location key", in: "---\nlocation: Elm Road\n---\n# Elm Road\n\nHi.", loc: "Elm Road", title: "Elm Road", chunksLoc: "Elm Road"},
		{name: "store code and nicknames", in: "---\ntitle: \"Larkspur at St Bede's\"\nstore: st-bedes\nnickname: [\"St B's\", \"the clinic shop\"]\naddress: 4 Mill Lane, Town\n---\n# St Bede's\n\nHi.",
			loc: "st-bedes", aliases: []string{"St B's", "the clinic shop"}, title: "Larkspur at St Bede's", address: "4 Mill Lane, Town", chunksLoc: "st-bedes"},
		{name: "branch with aka as a string", in: "---\nbranch: Quay Side\naka: the Quay, Quayside\n---\nHi.", loc: "Quay Side", aliases: []string{"Quayside", "the Quay"}, chunksLoc: "Quay Side"},
		{name: "location wins over store", in: "---\nstore: 12\nlocation: North Point\n---\nHi.", loc: "North Point", chunksLoc: "North Point"},
		{name: "aliases without a store key", in: "---\ntitle: Riverside\naliases:\n  - the Centre shop\n---\nHi.", aliases: []string{"the Centre shop"}, title: "Riverside"},
		{name: "title from the first heading", in: "# Station Kiosk\n\n## Hours\n\n6-8", title: "Station Kiosk"},
		{name: "no front matter, no heading", in: "Just text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("stores/x.md", []byte(tt.in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || doc.Address != tt.address || !slices.Equal(doc.Aliases, tt.aliases) {
				t.Errorf("title %q address %q aliases %q, want %q %q %q", doc.Title, doc.Address, doc.Aliases, tt.title, tt.address, tt.aliases)
			}
			for _, c := range doc.Chunks {
				if c.Location != tt.chunksLoc {
					t.Errorf("chunk location %q, want %q", c.Location, tt.chunksLoc)
				}
			}
			if len(doc.Chunks) == 0 {
				t.Fatal("no chunks")
			}
		})
	}
}
