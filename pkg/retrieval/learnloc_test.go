package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// chainFS is a small chain written the way a CMS exports it: one store
// named by a code in its front matter (shared by its events page), one
// with no front matter whose title carries the brand, one whose heading
// lacks the brand but whose front matter title has it, and chain pages.
func chainFS() fstest.MapFS {
	return fstest.MapFS{
		"stores/mill-lane.md": {Data: []byte("---\ntitle: \"Larkspur Mill Lane\"\nstore: mill\nnickname: [\"the Mill\", \"the big shop\"]\naddress: \"3 Mill Lane, Town TN1 1AA\"\n---\n" +
			"# Larkspur Mill Lane — our flagship\n\nThe first shop.\n\n## Opening hours\n\nMon–Fri 07:00–18:00.\n\n## Dogs\n\nDogs welcome inside.\n")},
		"stores/kiosk.md": {Data: []byte("---\ntitle: \"Larkspur Kiosk\"\nstore: kiosk\n---\n" +
			"# Kiosk\n\nPlatform 2, Central Station, Station Approach, Town TN1 2BB.\n\n## Hours\n\nMon–Fri 05:45–20:00.\n\n## Dogs\n\nDogs on leads are fine.\n")},
		"stores/quayside.md": {Data: []byte("# Larkspur Quayside\n\n**Unit 4, The Arcade, Wharf Street, Town**\n\nEveryone calls it \"the Arcade shop\" or \"Wharfie\".\n\n" +
			"## Opening hours\n\nMon–Sun 09:00–17:00.\n\n## Dogs\n\nAssistance dogs only.\n")},
		"stores/index.md":       {Data: []byte("---\ntitle: Store finder\n---\n# Store finder\n\nThree shops: Mill Lane, Kiosk, Quayside.\n")},
		"events/mill-events.md": {Data: []byte("---\ntitle: \"Classes at the Mill\"\nstore: mill\n---\n# Classes at the Mill\n\nLatte art on Fridays, £30.\n")},
		"policies/dogs.md":      {Data: []byte("# Dogs\n\nDogs are welcome in most of our shops; see each shop's page.\n")},
	}
}

func TestLocationsLearnedFromPages(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), chainFS(), "chain", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	want := []string{"Larkspur Kiosk", "Larkspur Mill Lane", "Quayside"}
	if !slices.Equal(st.locNames, want) {
		t.Fatalf("locations %q, want %q", st.locNames, want)
	}
	for i, c := range st.chunks {
		if c.source == "events/mill-events.md" && st.effLoc[i] != "larkspur mill lane" {
			t.Errorf("the events page sharing the store code is at %q, want the Mill Lane store", st.effLoc[i])
		}
		if (c.source == "stores/index.md" || c.source == "policies/dogs.md") && st.effLoc[i] != "" {
			t.Errorf("%s is at %q, want chain-wide", c.source, st.effLoc[i])
		}
	}
	for _, tt := range []struct{ q, want string }{
		{"is the mill open on sunday", "Larkspur Mill Lane"}, // the store code
		{"dogs at the big shop", "Larkspur Mill Lane"},       // a front matter nickname
		{"hours at the kiosk", "Larkspur Kiosk"},             // a word of the title
		{"coffee near station approach", "Larkspur Kiosk"},   // the address's one street
		{"does the arcade shop take dogs", "Quayside"},       // a name the page says people use
		{"is wharfie open late", "Quayside"},                 // another
		{"can i park on wharf street", "Quayside"},           // the street in its opening paragraph
		{"are dogs allowed", ""},                             // no location named
	} {
		res, got := scopedFirst(t, ix, tt.q)
		if got != tt.want {
			t.Errorf("%q scoped to %q, want %q", tt.q, got, tt.want)
			continue
		}
		if tt.want != "" && len(res.Hits) > 0 && res.Hits[0].Source == "policies/dogs.md" && tt.q == "dogs at the big shop" {
			t.Errorf("%q: the chain's dog page came before the store's own", tt.q)
		}
	}
}

func TestLearnedAliasesSharedOrAmbiguousAreDropped(t *testing.T) {
	files := []fileRec{
		{source: "stores/a.md", chunks: 1, aliases: []string{"the corner shop", "Northside"}},
		{source: "stores/b.md", chunks: 1, aliases: []string{"The Corner Shop"}},
		{source: "stores/c.md", chunks: 1},
	}
	chunks := []chunk{
		{source: "stores/a.md", text: "1 High Street and 2 Low Road."},
		{source: "stores/b.md", text: "5 Baker Street."},
		{source: "stores/c.md", text: "Find us on Baker Street."},
	}
	got := learnAliases(files, chunks, map[string]string{"stores/a.md": "A", "stores/b.md": "B", "stores/c.md": "C"})
	// "the corner shop" names two stores, Baker Street two, and A's
	// opening names two streets: none of them is an alias.
	if want := map[string][]string{"A": {"Northside"}}; len(got) != 1 || !slices.Equal(got["A"], want["A"]) {
		t.Errorf("aliases %q, want %q", got, want)
	}
}

func TestPageStreetsAndNicknames(t *testing.T) {
	if got := pageStreets("Visit Foundry Lane today; parking on Mill Rd."); !slices.Equal(got, []string{"Foundry Lane", "Mill Rd"}) {
		t.Errorf("streets %q", got)
	}
	if got := pageStreets("Unit G14, The Riverside Centre, Quayside Street, Town"); !slices.Equal(got, []string{"Quayside Street"}) {
		t.Errorf("streets %q", got)
	}
	if got := pageNicknames(`Staff and regulars call it "Riverside" or "the Centre shop". Also known as “the Hub”.`); !slices.Equal(got, []string{"Riverside", "the Centre shop", "the Hub"}) {
		t.Errorf("nicknames %q", got)
	}
	if got := pageNicknames(`Customers mostly say "Dodge" or "the one by 75th". Internally: **PVU**. On the schedule it's **ING**.`); !slices.Equal(got, []string{"Dodge", "the one by 75th", "PVU", "ING"}) {
		t.Errorf("nicknames %q", got)
	}
	if got := pageNicknames(`We said "hello" to the "team".`); len(got) != 0 {
		t.Errorf("quotes that are not names: %q", got)
	}
}

func TestConfiguredAliasesJoinLearnedLocations(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), chainFS(), "chain", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// The café's IT person writes the store as staff say it, not as the
	// index learned it ("Larkspur Kiosk").
	opt := SearchOptions{Mode: ModeLexical, K: 3, Aliases: map[string][]string{"Kiosk": {"the early one"}}}
	res, err := ix.Search(context.Background(), "is the early one open on monday", opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Scope.Locations, []string{"Larkspur Kiosk"}) {
		t.Fatalf("scope %q, want the learned Larkspur Kiosk", res.Scope.Locations)
	}
	if len(res.Hits) == 0 || res.Hits[0].Source != "stores/kiosk.md" {
		t.Errorf("first hit %+v, want the kiosk's own page", res.Hits)
	}
	docs := ix.Documents()
	want := map[string]string{"stores/quayside.md": "Quayside", "events/mill-events.md": "Larkspur Mill Lane", "stores/kiosk.md": "Larkspur Kiosk", "policies/dogs.md": ""}
	for _, d := range docs {
		if w, ok := want[d.Source]; ok && d.Location != w {
			t.Errorf("docs list: %s at %q, want %q", d.Source, d.Location, w)
		}
	}
}

// officialFS is a group whose shop pages carry a wiki's "Official name:"
// line and no front matter, each alone in its folder, with one shop known
// only from its section of a shared "find us" page, and an about page
// giving the company's legal name.
func officialFS() fstest.MapFS {
	return fstest.MapFS{
		"venues/library.md": {Data: []byte("# Library Café (\"the Stacks\")\n\nOfficial name: Oat & Ash Library Café. Students call it \"Libby's\".\n\n" +
			"## Hours\n\nMon–Thu 08:00–21:00.\n\n## Dogs\n\nNo dogs in the library, sorry.\n")},
		"shops/airport.md": {Data: []byte("# Oat & Ash — Airport (\"the Gate\")\n\n**Official name:** Oat & Ash Airport\n\n## Paying\n\nCard only: we cannot take cash at the airport.\n")},
		"shared/find-us.md": {Data: []byte("# Find us\n\nEvery shop in one place.\n\n## PEMBROKE ROAD (\"Pembo\" / \"the Big Shop\")\n\nOfficial name: Oat & Ash Pembroke Road\n" +
			"Dogs welcome in the front room.\n\n## THE GATE\n\nAirside, after security. See its own page.\n")},
		"about.md":          {Data: []byte("# About us\n\nOfficial name: Oat & Ash Bakehouse Ltd. Founded in 2011 by two bakers.\n")},
		"policies/dogs.md":  {Data: []byte("# Dogs\n\nDogs are welcome in most of our shops on a lead; water bowls by the door.\n")},
		"policies/money.md": {Data: []byte("# Paying\n\nWe take cash and card in every shop, and contactless up to €50.\n")},
	}
}

func TestLocationsFromOfficialNames(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), officialFS(), "group", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	want := []string{"Oat & Ash Airport", "Oat & Ash Library Café", "Oat & Ash Pembroke Road"}
	if !slices.Equal(st.locNames, want) {
		t.Fatalf("locations %q, want %q (the company's legal name is no shop)", st.locNames, want)
	}
	for i, c := range st.chunks {
		switch {
		case c.source == "shared/find-us.md" && strings.Contains(c.section, "PEMBROKE"):
			if st.effLoc[i] != locationKey("Oat & Ash Pembroke Road") || st.sectionLoc[i] {
				t.Errorf("the Pembroke section is at %q (a heading's mention: %v), want the shop's own", st.effLoc[i], st.sectionLoc[i])
			}
		case c.source == "shared/find-us.md" && strings.Contains(c.section, "GATE"):
			// named by the nickname its own page's title gives it
			if st.effLoc[i] != locationKey("Oat & Ash Airport") || !st.sectionLoc[i] {
				t.Errorf("the Gate section is at %q (a heading's mention: %v), want the airport by its heading", st.effLoc[i], st.sectionLoc[i])
			}
		case c.source == "shared/find-us.md":
			if st.effLoc[i] != "" {
				t.Errorf("find-us chunk %q is at %q, want chain-wide", c.section, st.effLoc[i])
			}
		case c.source == "about.md" && st.effLoc[i] != "":
			t.Errorf("the about page is at %q, want chain-wide", st.effLoc[i])
		}
	}
	for _, tt := range []struct{ q, src, contains, scope string }{
		{"can i bring the dog into pembo", "shared/find-us.md", "front room", "Oat & Ash Pembroke Road"},
		{"can i pay cash at the gate", "shops/airport.md", "cannot take cash", "Oat & Ash Airport"},
		{"are dogs allowed at the stacks", "venues/library.md", "No dogs", "Oat & Ash Library Café"},
		{"is libby's open late on a thursday", "venues/library.md", "08:00–21:00", "Oat & Ash Library Café"},
	} {
		res, err := ix.Search(context.Background(), tt.q, SearchOptions{Mode: ModeLexical, K: 3}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Scope.Locations, []string{tt.scope}) {
			t.Errorf("%q: scope %q, want %q", tt.q, res.Scope.Locations, tt.scope)
		}
		if len(res.Hits) == 0 || res.Hits[0].Source != tt.src || !strings.Contains(res.Hits[0].Text, tt.contains) {
			t.Errorf("%q: first hit %+v, want %s with %q", tt.q, res.Hits[:min(1, len(res.Hits))], tt.src, tt.contains)
		}
	}
}

func TestCompanyName(t *testing.T) {
	for name, want := range map[string]bool{
		"Oat & Ash Bakehouse Ltd": true, "Oat & Ash Group": true, "Kettlewick Coffee Co.": true,
		"Oat & Ash Airport": false, "Oat & Ash Library Café": false, "": false,
	} {
		if got := companyName(name); got != want {
			t.Errorf("companyName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestStorageFolderNamesNoStore: a folder named for where files are kept
// names no store, though it shares a store's word ("drive" of "Dodge St
// Drive-Thru"): Prairie's shared-drive notes were the drive-thru's.
func TestStorageFolderNamesNoStore(t *testing.T) {
	for name, want := range map[string]bool{"shared-drive": true, "Google Drive": true, "team_files": true,
		"drive-thru": false, "franchise-northgate": false, "": false} {
		if got := storageFolder(name); got != want {
			t.Errorf("storageFolder(%q) = %v, want %v", name, got, want)
		}
	}
	st := cafeIndex(t, "prairie").st.Load()
	for i, c := range st.chunks {
		if strings.HasPrefix(c.source, "shared-drive/") && st.effLoc[i] == locationKey("Dodge St Drive-Thru") {
			t.Errorf("%s is the drive-thru's page", c.source)
		}
	}
}
