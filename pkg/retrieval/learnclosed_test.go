package retrieval

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// closedKB is a chain with two store pages, a 2026 page that makes its
// 2024 store directory stale, and that directory: last year's names for
// the two stores and a row for a store since closed.
func closedKB(directory string) fstest.MapFS {
	return fstest.MapFS{
		"locations/elm-road.md": {Data: []byte("---\nlocation: Larch Elm Road\n---\n# Larch Elm Road\n\nAddress: 1 Elm Road. Open 7am–5pm daily.\n")},
		"locations/veronica.md": {Data: []byte("---\nlocation: Larch — St. Veronica Hospital\n---\n# Larch — St. Veronica Hospital\n\nIn the hospital lobby. Open 6am–10pm.\n")},
		"news/holiday-2026.md":  {Data: []byte("# Holiday hours 2026\n\nEvery store closes at 3pm on 24 December.\n")},
		"menu/menu.md":          {Data: []byte("# Menu\n\nFlat white 4.20. Cards are blocked? Ask at the till.\n")},
		"ops/" + directory + "": {Data: []byte("code,store,short name,address,phone\nELM,Larch Elm Rd,Elm,1 Elm Road,0709 111 111\nSVH,Larch St Veronica,Hospital,Hospital Road,0709 111 112\nQRY,Larch Quarry Lane,Quarry,5 Quarry Lane,0709 111 113\n")},
	}
}

// TestStaleDirectoryNamesOnlyClosedStores: a stale store directory (a 2024
// file beside 2026 pages) adds the store only it lists, under its row's
// name and nicknames, and gives the stores the pages name no second name
// (last year's "Larch St Veronica" is the pages' hospital café). The same
// directory when current still names its stores (learndirectory.go).
func TestStaleDirectoryNamesOnlyClosedStores(t *testing.T) {
	ingest := func(fs fstest.MapFS) *Index {
		t.Helper()
		ix := New(t.TempDir())
		if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix := ingest(closedKB("store_directory (2024 - needs update).csv"))
	want := []string{"Larch Elm Road", "Larch Quarry Lane", "Larch — St. Veronica Hospital"}
	if got := ix.st.Load().locNames; !slices.Equal(got, want) {
		t.Fatalf("learned %q, want %q", got, want)
	}
	for q, w := range map[string]string{
		"is the quarry lane one still open?": "Larch Quarry Lane",
		"QRY closing time":                   "Larch Quarry Lane",
		"hours at st veronica":               "Larch — St. Veronica Hospital",
		"is there parking at elm road":       "Larch Elm Road",
		"are cards accepted":                 "",
	} {
		res, got := scopedFirst(t, ix, q)
		if got != w || len(res.Scope.Locations) > 1 {
			t.Errorf("%q scoped to %q, want %q", q, res.Scope.Locations, w)
		}
	}
	// the directory's rows are stale, so they are marked so
	st := ix.st.Load()
	rows := directoryRows(st.files, st.chunks)
	if len(rows) != 3 || !st.stale[rows[0].chunk] {
		t.Errorf("directory rows %v, stale %v", rows, st.stale)
	}
	// A current directory (no year in its name) is the chain's register:
	// its rows name stores as before, the closed one too.
	cur := ingest(closedKB("store_directory.csv"))
	if got := cur.st.Load().locNames; !slices.Contains(got, "Larch Quarry Lane") || !slices.Contains(got, "Larch St Veronica") {
		t.Errorf("with a current directory learned %q", got)
	}
}

// TestTableRowsRegisterByCode: a naming guide's table of codes, official
// names and nicknames is a register (its closed store struck through,
// with a remark after it), link markup is a cell's text, and a remark in
// brackets about a nickname is no nickname.
func TestTableRowsRegisterByCode(t *testing.T) {
	text := "| Code | Official name | What people actually say |\n|---|---|---|\n" +
		"| EL | [Larch Elm Road](elm-road.md) | \"Elm\" (the regulars), the corner one |\n" +
		"| (QL) | ~~Larch Quarry Lane~~ CLOSED Mar 2024 | \"Quarry\", \"the old one\" — people still ask! |\n"
	rows := tableRows(text)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2: %+v", len(rows), rows)
	}
	for i, want := range []string{"Larch Elm Road", "Larch Quarry Lane"} {
		if rows[i].name != want || !rows[i].official {
			t.Errorf("row %d: %q official %v, want %q official", i, rows[i].name, rows[i].official, want)
		}
	}
	for _, r := range rows {
		for _, n := range r.names {
			if n == "the regulars" || n == "(the regulars)" || n == "elm-road.md" {
				t.Errorf("%s: name %q from a remark or a link", r.name, n)
			}
		}
	}
	if !slices.Contains(rows[0].names, "Elm") || !slices.Contains(rows[1].names, "Quarry") {
		t.Errorf("nicknames %q and %q", rows[0].names, rows[1].names)
	}
	// an official column beside nicknames is a register without a code
	// or an address column too (a staff guide's "Nom officiel | On
	// l'appelle aussi…"); a column of stores is not an official one
	plain := "| Official name | What people actually say |\n|---|---|\n| Larch Elm Road | \"Elm\" |\n| Larch Quarry Lane | \"Quarry\" |\n"
	for _, r := range tableRows(plain) {
		if !r.official {
			t.Errorf("%q not official beside its nicknames", r.name)
		}
	}
	stores := strings.Replace(plain, "Official name", "Store", 1)
	for _, r := range tableRows(stores) {
		if r.official {
			t.Errorf("%q official in a column of stores", r.name)
		}
	}
}

// TestDropBrandPrefixes: an alias that begins two or more stores' names is
// the chain's name and is dropped; one that begins one store's name, or
// is a store's other name, stays.
func TestDropBrandPrefixes(t *testing.T) {
	names := []string{"Banwa Kape – Gateway Mall", "Banwa Kape Kiosk – CSLR Canteen", "Banwa Kape Poblacion"}
	aliases := map[string][]string{
		"Banwa Kape – Gateway Mall":       {"Banwa Kape", "Gateway", "the mall one"},
		"Banwa Kape Kiosk – CSLR Canteen": {"Banwa Kape Kiosk", "CSLR"},
		"Banwa Kape Poblacion":            {"banwa", "Pob"},
	}
	dropBrandPrefixes(names, aliases)
	want := map[string][]string{
		"Banwa Kape – Gateway Mall":       {"Gateway", "the mall one"},
		"Banwa Kape Kiosk – CSLR Canteen": {"Banwa Kape Kiosk", "CSLR"},
		"Banwa Kape Poblacion":            {"Pob"},
	}
	for n, w := range want {
		if !slices.Equal(aliases[n], w) {
			t.Errorf("%s: aliases %q, want %q", n, aliases[n], w)
		}
	}
}

// TestAddressPartWordsNameNoStore: the part of a town an address gives
// ("4th Block", "HSR Layout") names no store on its own: "can u block my
// card" is about a card.
func TestAddressPartWordsNameNoStore(t *testing.T) {
	l := newLocator([]string{"Larch Jayanagar 4th Block", "Larch Kitchen – HSR Layout", "Larch Roastery"}, nil)
	for q, want := range map[string]int{
		"can u block my card":           -1,
		"is there a layout of the menu": -1,
		"is jayanagar still open":       0,
		"hsr delivery times":            1,
	} {
		got := -1
		if ls, _ := l.find(locWords(q)); len(ls) == 1 {
			got = ls[0]
		} else if len(ls) > 1 {
			got = -2
		}
		if got != want {
			t.Errorf("%q found %d, want %d", q, got, want)
		}
	}
}
