package document

import (
	"slices"
	"strings"
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
		// A city beside a store code is no store: four stores' pages say
		// "location: Singapore", each with its own code and its name in
		// its title. A location that shares a word with the title names the
		// store, and a longer one is an address the index reads as one.
		{name: "city beside a store code", in: "---\ntitle: Bangku Kopi Heritage House\nlocation: Singapore\nstore_code: SG-01\n---\nHi.",
			title: "Bangku Kopi Heritage House", chunksLoc: "SG-01"},
		{name: "city and region beside a store id", in: "---\ntitle: Kampus UTKL\nlocation: Kuala Lumpur, Malaysia\nstore_id: MY-01\n---\nHi.",
			title: "Kampus UTKL", chunksLoc: "MY-01"},
		{name: "store named by its location beside a code", in: "---\ntitle: Candela Obrador Lavapiés\nlocation: Madrid – Lavapiés\nstore_code: MAD-01\n---\nHi.",
			title: "Candela Obrador Lavapiés", chunksLoc: "Madrid – Lavapiés"},
		{name: "address beside a code", in: "---\ntitle: Gallán on the Go (the Cart)\nstore_code: KB05\nlocation: Lough Fada Amenity Park, Lough Road, Kilbrannagh\n---\nHi.",
			title: "Gallán on the Go (the Cart)", chunksLoc: "Lough Fada Amenity Park, Lough Road, Kilbrannagh"},
		{name: "location beside a code on an untitled page", in: "---\nlocation: Singapore\nstore_code: SG-01\n---\nHi.", chunksLoc: "Singapore"},
		{name: "store code alone", in: "---\ntitle: Water Street\nstore_code: WS01\n---\nHi.", title: "Water Street", chunksLoc: "WS01"},
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

// TestFrontMatterSlipCostsANote checks that front matter YAML refuses is
// read line by line: the page keeps its body, title, location and
// nicknames, and a note names the line to fix, instead of the page being
// left out of the index.
func TestFrontMatterSlipCostsANote(t *testing.T) {
	tests := []struct {
		name, in         string
		title, loc, addr string
		aliases          []string
		note             string
	}{
		{
			name:  "a colon inside an unquoted value",
			in:    "---\ntitle: Roastery: the farm café\nlocation: Farm Road Roastery\naddress: 3 Farm Road, Town\n---\n# Hours\n\nMon–Fri 7–4.",
			title: "Roastery: the farm café", loc: "Farm Road Roastery", addr: "3 Farm Road, Town",
			note: "front matter: yaml: mapping values are not allowed",
		},
		{
			name:  "an unclosed list",
			in:    "---\ntitle: x\nlocation: Quay Side\nnickname: [the Quay, \"Quayside\"\n---\nbody",
			title: "x", loc: "Quay Side", aliases: []string{"Quayside", "the Quay"},
			note: "front matter: yaml: line",
		},
		{
			name:  "a list under its key",
			in:    "---\naliases:\n  - the Centre shop\n  - 'the Centre'\ntitle: Riverside: by the river\n---\nbody",
			title: "Riverside: by the river", aliases: []string{"the Centre", "the Centre shop"},
			note: "read line by line",
		},
		{
			name:  "quoted values, a comment, a nested mapping and a tab",
			in:    "---\n# made in the CMS\ntitle: 'Kiosk: Stage'\nseo:\n  description: a: b\nstore:\tStage Kiosk\n---\nbody",
			title: "Kiosk: Stage", loc: "Stage Kiosk",
			note: "read line by line",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("stores/x.md", []byte(tt.in), Options{})
			if err != nil {
				t.Fatalf("Read: %v, want the page read with a note", err)
			}
			if doc.Title != tt.title || doc.Address != tt.addr || !slices.Equal(doc.Aliases, tt.aliases) {
				t.Errorf("title %q address %q aliases %q, want %q %q %q", doc.Title, doc.Address, doc.Aliases, tt.title, tt.addr, tt.aliases)
			}
			if len(doc.Chunks) == 0 {
				t.Fatal("no chunks: the body was lost")
			}
			for _, c := range doc.Chunks {
				if c.Location != tt.loc {
					t.Errorf("chunk location %q, want %q", c.Location, tt.loc)
				}
			}
			if !slices.ContainsFunc(doc.Notes, func(n string) bool { return strings.Contains(n, tt.note) }) {
				t.Errorf("notes %q, want one containing %q", doc.Notes, tt.note)
			}
		})
	}
}
