package retrieval

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

// directoryFS is a chain whose store pages give only capital-letter codes,
// whose shared drive has a store directory naming each code (and two
// stores with no page: an airport concession and a van), one store page
// with no front matter, a cart page whose front matter location is its
// address, a brief titled after the airport, and a franchise folder named
// after a store. A menu CSV, an events CSV with venues and a page whose
// title names a store and something else are attacks.
func directoryFS() fstest.MapFS {
	return fstest.MapFS{
		"website/locations/harbour-row.md": {Data: []byte("---\ntitle: Harbour Row Roastery\nstore_code: HRR\naddress: 4 Harbour Row, Port Larch VIC 3990\nphone: (03) 7010 1111\n---\n" +
			"# Harbour Row Roastery\n\n## Opening hours\n\nMon–Fri 6:30am–4pm\nSat 7am–4pm\n\n## Dogs\n\nDogs welcome in the courtyard.\n")},
		"website/locations/mill-lane.md": {Data: []byte("---\ntitle: Mill Lane\nstore_code: MLL\naddress: 9 Mill Lane, Port Larch VIC 3990\nphone: (03) 7010 2222\n---\n" +
			"# Mill Lane\n\nTue–Fri 7am–2:30pm\nSat–Sun 8am–2pm\n\nDogs at the lane tables only.\n")},
		"website/locations/pier-kiosk.md": {Data: []byte("# Pier Kiosk\n\n*The Esplanade (opposite the pier), Larch Beach VIC 3991*\n*Mobile: 0491 570 999*\n\n" +
			"Summer 6:00am – 5:00pm every day\nWinter 7:00am – 1:00pm Fri–Sun\n\nDogs welcome, free puppuccino.\n")},
		"website/locations/the-van.md": {Data: []byte("---\ntitle: Larch on the Go (the Van)\nstore_code: LG5\nlocation: Willow Lake Amenity Park, Lake Road, Port Larch\n---\n" +
			"# Larch on the Go\n\n| When | Hours |\n|---|---|\n| Saturday | 09:00 – 16:00 |\n| Sunday | 09:00 – 16:00 |\n\nDogs get a biscuit.\n")},
		"ops/store-directory.csv": {Data: []byte("store_code,official_name,aka,address,phone\n" +
			"HRR,Larch Coffee Co. Harbour Row Roastery,\"the Roastery; the big one\",4 Harbour Row,(03) 7010 1111\n" +
			"MLL,Larch Coffee Co. Mill Lane,\"the Lane\",9 Mill Lane,(03) 7010 2222\n" +
			"PKI,Larch Pier Kiosk,\"the beach one; the Shack\",The Esplanade,0491 570 999\n" +
			"APT,Larch Airport,\"the airport; T2\",Terminal 2 airside,(03) 7010 4444\n" +
			"DOL,Dolly (coffee van),\"the van\",mobile,0491 570 888\n")},
		"ops/airport-brief.md":            {Data: []byte("# Larch Airport (APT) — brief for customer care\n\nOpens 4:45am daily. Lost property goes to the terminal desk.\n")},
		"ops/dolly-schedule.txt":          {Data: []byte("DOLLY - where is she? (van schedule)\n\nSaturdays at the farmers market, 7:30am-12:30pm.\n")},
		"franchise-mill-lane/handbook.md": {Data: []byte("Store handbook (excerpt)\n\nPETS: assistance animals only.\n")},
		"ops/harbour-row-events.md":       {Data: []byte("# Harbour Row Roastery events\n\nCupping on Fridays.\n")},
		"ops/mill-lane-notes.md":          {Data: []byte("# Mill Lane — notes for customer care\n\nThe lane tables seat eight.\n")},
		"menu/menu.csv":                   {Data: []byte("item_code,item,price,address\nC01,Espresso,4.20,all stores\nC02,Latte,5.20,all stores\n")},
		"events/events.csv":               {Data: []byte("event_name,venue,address,phone\nJazz brunch,Town Hall,1 Hall Street,(03) 7010 9999\nMarket day,Green,2 Green Road,(03) 7010 8888\n")},
		"policies/dogs.md":                {Data: []byte("# Dogs\n\nDogs are welcome at most of our stores.\n")},
	}
}

func TestStoresFromDirectoryCodesAndTitles(t *testing.T) {
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), directoryFS(), "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := ix.st.Load()
	// the directory names the codes, the page with no front matter and
	// the stores with no page; the van without its remark
	want := []string{"Dolly", "Larch Airport", "Larch Coffee Co. Harbour Row Roastery", "Larch Coffee Co. Mill Lane", "Larch Pier Kiosk", "Larch on the Go"}
	if !slices.Equal(st.locNames, want) {
		t.Fatalf("locations %q, want %q", st.locNames, want)
	}
	at := map[string]string{}
	weak := map[string]bool{}
	for i, c := range st.chunks {
		at[c.source+"#"+c.section] = st.effLoc[i]
		if st.effLoc[i] != "" && st.sectionLoc[i] {
			weak[c.source] = true
		}
		if _, ok := at[c.source]; !ok {
			at[c.source] = st.effLoc[i]
		}
	}
	for src, w := range map[string]string{
		"website/locations/pier-kiosk.md": "larch pier kiosk",
		"website/locations/the-van.md":    "larch on the go",
		"ops/airport-brief.md":            "larch airport", // its title leads with the store's name
		"ops/dolly-schedule.txt":          "dolly",         // its first line does
		"franchise-mill-lane/handbook.md": "larch coffee co. mill lane",
		"ops/mill-lane-notes.md":          "larch coffee co. mill lane",
		"ops/harbour-row-events.md":       "", // the title names a store and its events
		"menu/menu.csv":                   "",
		"events/events.csv":               "",
		"policies/dogs.md":                "",
	} {
		if at[src] != w {
			t.Errorf("%s is at %q, want %q", src, at[src], w)
		}
	}
	// a page titled after a store that has a page of its own counts as a
	// chain page's section about the store; the only pages of a store
	// without one, and a store's folder, are its own
	for src, w := range map[string]bool{"ops/mill-lane-notes.md": true, "ops/airport-brief.md": false, "ops/dolly-schedule.txt": false, "franchise-mill-lane/handbook.md": false} {
		if weak[src] != w {
			t.Errorf("%s: weak %v, want %v", src, weak[src], w)
		}
	}
	for _, tt := range []struct{ q, want string }{
		{"is the big one open on sunday", "Larch Coffee Co. Harbour Row Roastery"}, // the directory's nickname
		{"dogs at HRR", "Larch Coffee Co. Harbour Row Roastery"},                   // its code
		{"does the shack do soft serve", "Larch Pier Kiosk"},
		{"lost my bag at the airport", "Larch Airport"},
		{"where is dolly on saturday", "Dolly"},
		{"is parking free at willow lake", "Larch on the Go"}, // the place its address starts with
		{"dogs at the lane?", "Larch Coffee Co. Mill Lane"},   // "the Lane": a generic word after "the"
		{"lost my bag at T2", "Larch Airport"},                // a short name with a digit
		{"are dogs allowed", ""},
	} {
		res, got := scopedFirst(t, ix, tt.q)
		if got != tt.want || len(res.Scope.Locations) > 1 {
			t.Errorf("%q scoped to %q, want %q", tt.q, res.Scope.Locations, tt.want)
		}
	}
}

func TestDirectoryRowsNeedAStoreRegister(t *testing.T) {
	for _, tt := range []struct {
		name, csv string
		want      []string
	}{
		{"directory", "code,name,address\nA1,Larch North,1 North Street\nA2,Larch South,2 South Road\n", []string{"Larch North", "Larch South"}},
		{"nicknames and no code", "name,aka,phone\nLarch North,the top one,(03) 7010 1111\nLarch South,the low one,(03) 7010 2222\n", []string{"Larch North", "Larch South"}},
		{"no address field", "code,name,price\nA1,Espresso,4.20\nA2,Latte,5.20\n", nil},
		{"no code or nicknames", "name,address\nTown Hall,1 Hall Street\nGreen,2 Green Road\n", nil},
		{"one row", "code,name,address\nA1,Larch North,1 North Street\n", nil},
		{"a company", "code,name,address\nA1,Larch Coffee Pty Ltd,1 North Street\nA2,Larch Holdings Ltd,2 South Road\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := New(t.TempDir())
			fs := fstest.MapFS{"ops/list.csv": {Data: []byte(tt.csv)}}
			if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
				t.Fatal(err)
			}
			st := ix.st.Load()
			var got []string
			for _, r := range directoryRows(st.files, st.chunks) {
				got = append(got, r.name)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("rows %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTitleLocationsKeepNamesWhole(t *testing.T) {
	files := []fileRec{
		{source: "locations/quay.md", chunks: 1}, {source: "locations/centre.md", chunks: 1},
		{source: "locations/elm.md", chunks: 1}, {source: "index.html", chunks: 1},
	}
	chunks := []chunk{
		{source: "locations/quay.md", section: "Larch at the Quay"},
		{source: "locations/centre.md", section: "Larch Coffee Cuan Mór"},
		{source: "locations/elm.md", section: "Larch Elm Road"},
		{source: "index.html", section: "Larch Coffee Co. | Home"},
	}
	got := titleLocations(files, chunks, companyWords(files, chunks))
	want := map[string]string{"locations/quay.md": "Larch at the Quay", "locations/centre.md": "Larch Coffee Cuan Mór", "locations/elm.md": "Elm Road"}
	for src, w := range want {
		if got[src] != w {
			t.Errorf("%s named %q, want %q", src, got[src], w)
		}
	}
}

func TestIsLocationCodeAndAddress(t *testing.T) {
	for s, want := range map[string]bool{"HST": true, "KB01": true, "st-aldhelms": true, "Riverside": false, "Elm Road": false, "HARBOURSIDE": false, "A": false} {
		if got := isLocationCode(s); got != want {
			t.Errorf("isLocationCode(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"Lough Fada Amenity Park, Lough Road, Kilbrannagh": true, "Riverside": false, "Place Champlain": false, "Station, Platform 1": false} {
		if got := addressLike(s); got != want {
			t.Errorf("addressLike(%q) = %v, want %v", s, got, want)
		}
	}
	if got := addressPlace("Lough Fada Amenity Park, Lough Road"); !slices.Equal(got, []string{"Lough Fada Amenity Park", "Lough Fada"}) {
		t.Errorf("addressPlace %q", got)
	}
	if got := addressPlace("Unit 22, Level 1 (beside the food court), Cuan Mór Shopping Centre, Dublin Road"); !slices.Equal(got, []string{"Cuan Mór Shopping Centre", "Cuan Mór", "the shopping centre"}) {
		t.Errorf("addressPlace past a unit and a level %q", got)
	}
	if got := addressPlace("14 Main Street, Kilbrannagh"); got != nil {
		t.Errorf("addressPlace of a numbered street %q, want none (the town names every store)", got)
	}
}

// TestCompanyWordNamesNoStore: a word of the company's name that one
// store's name also carries ("Larch Coffee Centre", of "Larch Coffee
// Co.") names no store on its own.
func TestCompanyWordNamesNoStore(t *testing.T) {
	fs := fstest.MapFS{
		"index.md":                 {Data: []byte("# Larch Coffee Co. | Home\n\nGood coffee in Town since 2011. Our coffee is roasted here.\n")},
		"locations/main-street.md": {Data: []byte("---\ntitle: Larch Main Street\nstore_code: LM01\n---\n# Larch Main Street\n\n14 Main Street, Town. Coffee from 7am.\n")},
		"locations/centre.md":      {Data: []byte("---\ntitle: Larch Coffee Centre\nstore_code: LC02\n---\n# Larch Coffee Centre\n\nUnit 2, Town Centre. Coffee and cake.\n")},
		"menu/coffee.md":           {Data: []byte("# Coffee\n\nEspresso, latte and filter coffee.\n")},
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{"where can i get a good coffee": "", "is the centre open on sunday": "Larch Coffee Centre"} {
		res, got := scopedFirst(t, ix, q)
		if got != want {
			t.Errorf("%q scoped to %q (by %q), want %q", q, res.Scope.Locations, res.Scope.Mention, want)
		}
	}
}

// TestScopedStorePageAmongOperationsFiles: in a search scoped to a store,
// the store's own brief among the operations files keeps its full weight
// and outranks the chain's policy; a staff-only page about it does not.
func TestScopedStorePageAmongOperationsFiles(t *testing.T) {
	fs := directoryFS()
	fs["policies/lost-property.md"] = &fstest.MapFile{Data: []byte("# Lost property\n\nLost property is kept for four weeks. Ask at the counter about lost property, or email us about lost property.\n")}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), "lost property at the airport", SearchOptions{Mode: ModeLexical, K: 3}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Source != "ops/airport-brief.md" {
		t.Errorf("hits %+v, want the airport's brief first", res.Hits)
	}
	fs["staff-only/airport-brief.md"] = fs["ops/airport-brief.md"]
	delete(fs, "ops/airport-brief.md")
	ix = New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if res, err = ix.Search(context.Background(), "lost property at the airport", SearchOptions{Mode: ModeLexical, K: 3}, nil); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Source != "policies/lost-property.md" {
		t.Errorf("hits %+v, want the chain's policy before the staff-only brief", res.Hits)
	}
	if !staffOnly("shared-drive/staff-only/STAFF-ONLY-escalations.md") || staffOnly("shared-drive/operations/bessie-schedule.txt") {
		t.Error("staffOnly reads the wrong paths")
	}
}

func TestMobileAliases(t *testing.T) {
	aliases := map[string][]string{"Dolly": {"the Cart"}, "Mill Lane": {"the Lane"}}
	if !mobileAliases([]string{"Dolly", "Mill Lane"}, aliases) || !slices.Equal(aliases["Dolly"], []string{"the Cart", "the van", "the truck"}) || len(aliases["Mill Lane"]) != 1 {
		t.Errorf("one store on wheels: aliases %q", aliases)
	}
	// two stores on wheels: "the van" would name either
	aliases = map[string][]string{"Dolly": {"the cart"}, "Wandering Truck": nil}
	if mobileAliases([]string{"Dolly", "Wandering Truck"}, aliases) || len(aliases["Dolly"]) != 1 || len(aliases["Wandering Truck"]) != 0 {
		t.Errorf("two stores on wheels: aliases %q", aliases)
	}
}

// TestFileRows checks that one file's rows are cut from every file's
// directoryRows at the file's chunk bounds, neither bound's neighbour
// row included, and that a file with no rows gets none.
func TestFileRows(t *testing.T) {
	rows := []dirRow{{name: "a", chunk: 2}, {name: "b", chunk: 3}, {name: "c", chunk: 7}, {name: "d", chunk: 9}}
	tests := []struct {
		name    string
		base, n int
		want    []string
	}{
		{"first file", 0, 4, []string{"a", "b"}},
		{"file starting on a row", 3, 1, []string{"b"}},
		{"file without rows", 4, 3, nil},
		{"last file", 7, 3, []string{"c", "d"}},
		{"ends before a row", 5, 2, nil},
		{"no chunks", 7, 0, nil},
	}
	for _, tc := range tests {
		var got []string
		for _, r := range fileRows(rows, tc.base, tc.n) {
			got = append(got, r.name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: fileRows(%d, %d) = %q, want %q", tc.name, tc.base, tc.n, got, tc.want)
		}
	}
}
