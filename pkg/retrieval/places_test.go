package retrieval

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// placesIndex ingests one of the small chains under testdata/places.
func placesIndex(t *testing.T, name string) *Index {
	t.Helper()
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), os.DirFS(filepath.Join("testdata", "places", name)), name, IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestPlacesLearnedWithoutMarkup: stores written as a folder of pages, a
// section of a shared page or a page a table of locations lists are
// learned, and false ones (a dish, an event series, a coffee, a head
// office, two catering pages with the kitchen's address, a parking page
// listing every store) are not, so they do not scope chain-wide answers
// out.
func TestPlacesLearnedWithoutMarkup(t *testing.T) {
	type scoped struct{ q, want string }
	for _, tt := range []struct {
		chain string
		want  []string // every location learned, and no other
		// at maps "source" or "source#heading" (a chunk whose section ends
		// with the heading) to the location its chunks belong to, "" for
		// chain-wide.
		at     map[string]string
		scopes []scoped
	}{
		{
			chain: "folder", // a folder of pages that each give one address, hours and contact
			want:  []string{"The Signal Box", "Wrenfield Millhouse"},
			at: map[string]string{
				"venues/millhouse.md": "Wrenfield Millhouse", "venues/signal-box.md": "The Signal Box",
				"venues/booking.md": "", "policies/dogs.md": "",
			},
			scopes: []scoped{
				{"is the signal box open on saturday", "The Signal Box"},
				{"dogs at the millhouse?", "Wrenfield Millhouse"},
				{"can i book a table for six", ""},
			},
		},
		{
			chain: "section", // a store that is only a section of a shared page
			want:  []string{"Harbour Kiosk", "Saltmere High Street"},
			at: map[string]string{
				"visit.md#Visit us": "", "visit.md#Getting here": "",
				"visit.md#Harbour Kiosk (\"the Hut\")": "Harbour Kiosk", "visit.md#Hours": "Harbour Kiosk",
				"visit.md#Good to know": "Harbour Kiosk", "payments.md": "",
			},
			scopes: []scoped{
				{"is the hut cash only", "Harbour Kiosk"},
				{"whats the hut's phone number", "Harbour Kiosk"}, // a possessive
				{"harbour kiosk hours on friday", "Harbour Kiosk"},
				{"do you take cards", ""},
			},
		},
		{
			chain: "table", // a table of locations names a page and gives the nicknames
			want:  []string{"Robin Corner House", "The Rambling Robin"},
			at: map[string]string{
				"corner.md": "Robin Corner House", "van/route.md": "The Rambling Robin",
				"index.md": "", "menu.md": "",
			},
			scopes: []scoped{
				{"soy milk on the van?", "The Rambling Robin"},
				{"is the corner open sunday", "Robin Corner House"},
				{"old town hours", "Robin Corner House"},
				{"does it move every day", ""},
				{"is the big one open late", "Robin Corner House"}, // a nickname of generic words, as a phrase
				{"how big is the large latte", ""},                 // but not its words alone
			},
		},
		{
			chain: "folders", // a folder per store; folders of one kitchen's pages or of menus are not stores
			want:  []string{"Elm Road Café", "Harbour Street"},
			at: map[string]string{
				"shops/harbour-street/hours.md": "Harbour Street", "shops/harbour-street/contact.md": "Harbour Street",
				"shops/elm-road/index.md": "Elm Road Café", "shops/elm-road/hours.md": "Elm Road Café",
				"drive/catering-kitchen/kitchen.md": "", "drive/catering-orders/orders.md": "",
				"menus/winter/drinks.md": "", "menus/summer/drinks.md": "",
			},
			scopes: []scoped{
				{"is elm road open on sunday", "Elm Road Café"},
				{"harbour st hours", "Harbour Street"},
				{"winter drinks", ""},
			},
		},
		{
			chain: "rows", // a store locator's CSV: each row a store; a menu's rows never
			want:  []string{"Kelp Street", "Lighthouse Kiosk"},
			at: map[string]string{
				"store-locator.csv#Kelp Street": "Kelp Street", "store-locator.csv#Lighthouse Kiosk": "Lighthouse Kiosk",
				"menu.csv": "", "faq.md": "",
			},
			scopes: []scoped{
				{"is kelp street open on saturday", "Kelp Street"},
				{"how much is the kelp street toastie", ""},
				{"do you take cards", ""},
			},
		},
		{
			// a store locator's JSON grouped under the brand ("Fenwick
			// Coffee Co. > Mill Lane"), with a cart and a trailer that give
			// no phone; a staff file with two stores' framed parts; the
			// trailer's page, found by its title, with its nicknames
			chain: "rowcarts",
			want:  []string{"Clinic Lobby Cart", "Mill Lane", "Oak Street", "Riverside", "The Fenwick Trailer"},
			at: map[string]string{
				"data/stores.json#Clinic Lobby Cart": "Clinic Lobby Cart", "data/stores.json#The Fenwick Trailer": "The Fenwick Trailer",
				"data/stores.json#Mill Lane":                                "Mill Lane",
				"stores/fenwick-trailer.md":                                 "The Fenwick Trailer",
				"shared/cart-and-oak-notes.txt#CLINIC CART — running notes": "Clinic Lobby Cart",
				"shared/cart-and-oak-notes.txt#OAK STREET — notes (Dana)":   "Oak Street",
				"faq.md": "",
			},
			scopes: []scoped{
				{"is the clinic lobby cart open on saturday", "Clinic Lobby Cart"},
				{"where is the fenwick trailer this weekend", "The Fenwick Trailer"},
				// the code its page, found by its title, gives it
				{"trl open sunday?", "The Fenwick Trailer"},
				{"blender at oak street?", "Oak Street"},
				{"do you take cards", ""},
			},
		},
		{
			chain: "kinds", // the front matter says which page is a store's, and which is an event's
			want:  []string{"Larch Yard"},
			at: map[string]string{
				"pages/larch-yard.md": "Larch Yard", "pages/about.md": "", "pages/pop-up.md": "",
				"news/winter-fair.md": "",
			},
			scopes: []scoped{
				{"is larch yard open saturday", "Larch Yard"},
				{"when is the winter fair", ""},
			},
		},
		{
			chain: "attacks",
			want:  []string{"The Porch", "The Roastery"},
			at: map[string]string{
				"hours-and-places.md#The Porch": "The Porch", "hours-and-places.md#Head office": "",
				"hours-and-places.md#Hours & places": "",
				"menu/specials.md":                   "", "events/porch-nights.md": "", "coffee/blends.md": "",
				"catering/ordering.md": "", "catering/pickup.md": "", "getting-here/parking.md": "",
				"hours-and-places.md#Customer Care": "", "whats-on/harvest-fair.md": "", "whats-on/jazz-brunch.md": "",
			},
			scopes: []scoped{
				{"is the porch special vegan", ""},
				{"how much is the porch blend", ""},
				{"porch nights tickets", ""},
				{"is the head office open on saturday", ""},
				{"where do i park at the roastery", "The Roastery"},
				{"dogs at the porch?", "The Porch"},
			},
		},
	} {
		t.Run(tt.chain, func(t *testing.T) {
			ix := placesIndex(t, tt.chain)
			st := ix.st.Load()
			if !slices.Equal(st.locNames, tt.want) {
				t.Errorf("locations %q, want %q", st.locNames, tt.want)
			}
			for where, want := range tt.at {
				src, heading, _ := strings.Cut(where, "#")
				n := 0
				for i, c := range st.chunks {
					if c.source != src || (heading != "" && !strings.HasSuffix(c.section, heading)) {
						continue
					}
					n++
					if got := st.locationName(st.effLoc[i]); got != want && !(want == "" && st.sectionLoc[i]) {
						t.Errorf("%s chunk %q is at %q, want %q", src, c.section, got, want)
					}
				}
				if n == 0 {
					t.Errorf("no chunk of %s", where)
				}
			}
			for _, s := range tt.scopes {
				res, err := ix.Search(context.Background(), s.q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := strings.Join(res.Scope.Locations, ","); got != s.want {
					t.Errorf("%q scoped to %q, want %q", s.q, got, s.want)
				}
			}
		})
	}
}

// TestSharedFilesListedForAll: a store locator's CSV, whose first row is
// a store's, and a page whose first section is a store's are listed for
// every location; a store's own page is listed for its store.
func TestSharedFilesListedForAll(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"find-us.md": "# Find us\n\n## Quay Kiosk\n\n**Address:** 4 Quay Lane, Saltmere. (555) 300-1200.\n\n- Monday – Thursday: 7 AM - 3 PM\n- Friday – Sunday: 7 AM - 7 PM\n\n" +
			"## Parking\n\nThere is no parking at the quay.\n",
	})
	for _, tt := range []struct {
		name string
		fsys fs.FS
		want map[string]string
	}{
		{"rows", os.DirFS(filepath.Join("testdata", "places", "rows")), map[string]string{"store-locator.csv": "", "menu.csv": ""}},
		{"find-us", os.DirFS(dir), map[string]string{"find-us.md": ""}},
		{"folder", os.DirFS(filepath.Join("testdata", "places", "folder")), map[string]string{"venues/millhouse.md": "Wrenfield Millhouse", "venues/booking.md": ""}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := New(t.TempDir())
			if _, err := ix.IngestFS(context.Background(), tt.fsys, tt.name, IngestOptions{}, nil, nil); err != nil {
				t.Fatal(err)
			}
			if len(ix.st.Load().locNames) == 0 {
				t.Fatal("no location learned: the case tests nothing")
			}
			for _, d := range ix.Documents() {
				if want, ok := tt.want[d.Source]; ok && d.Location != want {
					t.Errorf("%s listed at %q, want %q", d.Source, d.Location, want)
				}
			}
		})
	}
}

// TestPageKindKept: the kind of page the front matter gives survives the
// index file, so a store page stays one after a restart.
func TestPageKindKept(t *testing.T) {
	dir := t.TempDir()
	ix := New(dir)
	if _, err := ix.IngestFS(context.Background(), os.DirFS(filepath.Join("testdata", "places", "kinds")), "kinds", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	re, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := re.st.Load()
	kinds := map[string]string{}
	for _, f := range st.files {
		kinds[f.source] = f.kind
	}
	if kinds["pages/larch-yard.md"] != "locations" || kinds["news/winter-fair.md"] != "events" || kinds["pages/pop-up.md"] != "" {
		t.Errorf("kinds after reopening: %q", kinds)
	}
	if !slices.Equal(st.locNames, []string{"Larch Yard"}) {
		t.Errorf("locations after reopening %q, want Larch Yard", st.locNames)
	}
}

// TestSectionPlaceInDocs: a store that is a section of a shared page is
// that section's, in `docs show` and in hits, while the page stays one
// chain-wide document.
func TestSectionPlaceInDocs(t *testing.T) {
	ix := placesIndex(t, "section")
	var visit Document
	for _, d := range ix.Documents() {
		if d.Source == "visit.md" {
			visit = d
		}
	}
	if visit.ID == "" || visit.Location != "" {
		t.Fatalf("visit.md listed as %+v, want one chain-wide document", visit)
	}
	doc, chunks, err := ix.Document(visit.ID)
	if err != nil || doc.ID != visit.ID {
		t.Fatalf("docs show %s: %+v, %v", visit.ID, doc, err)
	}
	own := 0
	for _, c := range chunks {
		inHut := strings.Contains(c.Section, "Harbour Kiosk")
		if inHut {
			own++
		}
		if (c.Location == "Harbour Kiosk") != inHut {
			t.Errorf("chunk %q shows location %q", c.Section, c.Location)
		}
	}
	if own < 2 {
		t.Errorf("%d chunks in the Harbour Kiosk section, want its heading's and its subsections'", own)
	}
	res, err := ix.Search(context.Background(), "is the hut cash only", SearchOptions{Mode: ModeLexical, K: 1}, nil)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("search: %v %v", res, err)
	}
	if h := res.Hits[0]; h.Source != "visit.md" || h.Location != "Harbour Kiosk" {
		t.Errorf("top hit %s %q at %q, want the Hut's section of visit.md", h.Source, h.Section, h.Location)
	}
}

func TestSignsOf(t *testing.T) {
	for _, tt := range []struct {
		text                    string
		address, hours, contact bool
		addresses               int
	}{
		{"1418 Kiln Street, Brickyard · (555) 214-0188\n| Monday–Friday | 6:30a–6p |\n| Saturday | 7a–5p |", true, true, true, 1},
		{"**Address:** Unit 4, The Arcade\nMon–Fri: 6 AM - 3 PM\nSunday: closed\nannex@example.coffee", true, true, true, 0},
		{"12 Weir Road, Wrenfield. Phone 01632 960111.", true, false, true, 1},
		{"Shop 2, Cork T12 X5Y6. Mon–Sat 08:00–18:00, Sun 10:00–16:00", true, true, false, 0},
		// a price, a size and a date are not times, a count is not an address
		{"Flat white £3.20 on Monday, 12 oz. Serves 12 Hungry People.", false, false, false, 0},
		{"Live music Fridays 6 PM - 9 PM.", false, false, false, 0},
		{"Tuesday 7 AM - 1 PM\nWednesday 7 AM - 1 PM\nThursday closed", false, true, false, 0},
		{"Saturday 10 AM - 4 PM and Sunday 10 AM - 3 PM", false, true, false, 0},
		{"Lots at 1418 Kiln Street and 77 Linden Terrace.", true, false, false, 2},
		{"220 Commerce Avenue, enter from 220 Commerce Ave.", true, false, false, 1},
		// another language's address label, in any case, as the English
		// ones are read
		{"**Địa chỉ:** Bãi biển Xanh", true, false, false, 0},
		{"**ĐỊA CHỈ:** Bãi biển Xanh", true, false, false, 0},
		{"**Địa Chỉ:** Bãi biển Xanh", true, false, false, 0},
		{"DIRECCIÓN: Carrera Novena", true, false, false, 0},
		{"ADRESSE : Rue des Terreaux", true, false, false, 0},
	} {
		s := signsOf(tt.text)
		if s.address != tt.address || s.hours != tt.hours || s.contact != tt.contact || s.addresses != tt.addresses {
			t.Errorf("%q: address %v hours %v contact %v addresses %d, want %v %v %v %d",
				tt.text, s.address, s.hours, s.contact, s.addresses, tt.address, tt.hours, tt.contact, tt.addresses)
		}
	}
}

func TestNameParts(t *testing.T) {
	for _, tt := range []struct {
		in, name string
		others   []string
	}{
		{`Copper Finch Juniper Park ("the Porch")`, "Copper Finch Juniper Park", []string{"the Porch"}},
		{"The Roastery & Café — Brickyard", "The Roastery & Café", []string{"Brickyard"}},
		{"The Annex (Midtown)", "The Annex", []string{"Midtown"}},
		{"The Rambling Robin — Weekly Route", "The Rambling Robin", nil},
		{"Hours & Locations", "", nil},
		{`PEMBROKE STREET ("Pembo" / "the Big Shop")`, "PEMBROKE STREET", []string{"Pembo", "the Big Shop"}},
	} {
		name, others := nameParts(tt.in)
		if name != tt.name || !slices.Equal(others, tt.others) {
			t.Errorf("nameParts(%q) = %q %q, want %q %q", tt.in, name, others, tt.name, tt.others)
		}
	}
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Harbour Kiosk", true}, {"The Porch", true},
		{"The Porch Special", false}, {"Porch Nights", false}, {"Head office", false},
		{"Where's the truck this week?", false}, {"Hours", false}, {"Bramble & Loaf Bakehouse Ltd", false},
		{"Copper Finch Catering", false}, {"After your visit", false}, {"Riverside", true},
	} {
		if got := placeLikeName(tt.name); got != tt.want {
			t.Errorf("placeLikeName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTableRows(t *testing.T) {
	text := "| Where | What people call it | Neighborhood | The short version |\n|---|---|---|---|\n" +
		"| Roastery & Café | \"the Roastery\" | Brickyard | Our flagship. |\n" +
		"| Annex at the Ledger Building | \"the Annex\" (some regulars say \"Midtown\") | Midtown | Fast. |\n" +
		"| The Wandering Finch | the truck / the van | Moves daily | See the route. |\n\n" +
		// not a table of locations: no column of names
		"| Day | Hours |\n|---|---|\n| Mon | 7a–6p |\n| Tue | 7a–6p |\n" +
		// one row is not a table of locations
		"| Location | Nickname |\n|---|---|\n| Head Office | the Office |\n\n" +
		// a style guide's: a brand before each name, a second column of names
		"| Official name (EN) | Official name (FR) | What people actually say | Internal code |\n|---|---|---|---|\n" +
		"| Tidewater – Water Street | Brûlerie Tidewater – rue Water | \"the big one\", \"HQ\" | WS01 |\n" +
		"| Tidewater – Principale *(franchise)* | Brûlerie Tidewater – Principale | \"Uptown\" | PR02 |\n\n" +
		// a store register: official names, nicknames and addresses; a
		// struck-through (closed) store is still named, a number held
		// for a store never opened is no row
		"| # | Official name | What people call it | Address |\n|---|---|---|---|\n" +
		"| 3 | ~~Oakvale Plaza~~ | Oakvale | 5120 Oakvale Rd. |\n" +
		"| 6 | (never opened) | — | — |\n" +
		"| M1 | The Meadow Trike | the Trike, \"the bike\" | based at the Roastery |\n"
	got := tableRows(text)
	want := []locationRow{
		{"Roastery & Café", []string{"the Roastery", "Brickyard"}, 0, false},
		{"Annex at the Ledger Building", []string{"the Annex", "Midtown", "Midtown"}, 0, false},
		{"The Wandering Finch", []string{"the truck", "the van"}, 0, false},
		{"Tidewater – Water Street", []string{"Tidewater", "Water Street", "Brûlerie Tidewater – rue Water", "Brûlerie Tidewater", "rue Water", "the big one", "HQ"}, 1, false},
		{"Tidewater – Principale (franchise)", []string{"Tidewater", "Principale", "Brûlerie Tidewater – Principale", "Brûlerie Tidewater", "Principale", "Uptown"}, 1, false},
		{"Oakvale Plaza", []string{"Oakvale", "Oakvale Rd"}, 2, true},
		{"The Meadow Trike", []string{"the bike", "the Trike"}, 2, true},
	}
	if len(got) != len(want) {
		t.Fatalf("rows %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].name != want[i].name || !slices.Equal(got[i].names, want[i].names) || got[i].table != want[i].table || got[i].official != want[i].official {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestIsLocationFolder(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"our-cafes", true}, {"locations", true}, {"find_a_shop", true}, {"Stores", true},
		{"policies", false}, {"menu", false}, {"catering", false},
	} {
		if got := isLocationFolder(tt.name); got != tt.want {
			t.Errorf("isLocationFolder(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// FuzzLearnPlaces feeds arbitrary pages to the place learner: it must not
// panic, and every page or section it names is one of the input's.
func FuzzLearnPlaces(f *testing.F) {
	for _, name := range []string{"hours-and-places.md", "menu/specials.md"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "places", "attacks", name)); err == nil {
			f.Add(string(b), "## A\n1 B Street (555) 123-4567 Mon 7am Tue 8am")
		}
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		files := []fileRec{{source: "places/a.md", chunks: 2, title: a}, {source: "places/b.md", chunks: 1}}
		chunks := []chunk{
			{source: "places/a.md", section: "A > " + b, text: a},
			{source: "places/a.md", section: "A > " + a, text: b},
			{source: "places/b.md", section: b, text: a + "\n" + b},
		}
		got := learnPlaces(files, chunks, directoryRows(files, chunks), func(string) string { return "" }, func(int) bool { return false }, nil)
		for src := range got.pages {
			if src != "places/a.md" && src != "places/b.md" {
				t.Fatalf("page %q is not an input", src)
			}
		}
		for i := range got.sections {
			if i < 0 || i >= len(chunks) {
				t.Fatalf("section chunk %d out of range", i)
			}
		}
	})
}

// TestBrandWordNamesNoStore: the chain's word in one store's name
// ("Tidewater on Wheels") names no store alone when another store's
// alias has it too, while the store's other words still do.
func TestBrandWordNamesNoStore(t *testing.T) {
	l := newLocator([]string{"Tidewater on Wheels", "Principale"}, map[string][]string{
		"Principale": {"Tidewater Roasters – Principale", "the old bank"},
	})
	for _, tt := range []struct{ q, want string }{
		{"is tidewater open on christmas", ""},
		{"where is tidewater on wheels today", "Tidewater on Wheels"},
		{"wheels at the beach?", "Tidewater on Wheels"},
		{"cash at the old bank", "Principale"},
	} {
		locs, _ := l.find(rawWords(tt.q))
		got := ""
		for _, i := range locs {
			got += l.names[i]
		}
		if got != tt.want {
			t.Errorf("%q found %q, want %q", tt.q, got, tt.want)
		}
	}
}
