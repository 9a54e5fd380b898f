package retrieval

import (
	"slices"
	"testing"
)

// TestLocatorSharedAliasIsStable attacks newLocator with a phrase that
// several locations' aliases share: which location it names must not
// depend on the order the aliases map is read in, so two derivations of
// one snapshot and every open of it scope a question alike.
func TestLocatorSharedAliasIsStable(t *testing.T) {
	names := []string{"Alder Row", "Birch Quay", "Cedar Yard", "Dunmore Pier", "Elm Court", "Fenwick Arcade", "Glenside Mall", "Harrow Point"}
	aliases := map[string][]string{}
	for _, n := range names {
		aliases[n] = []string{"the kiosk", n + " shop"}
	}
	var first []int
	for i := range 50 {
		locs, _ := newLocator(names, aliases).find(locWords("is the kiosk open"))
		if i == 0 {
			first = locs
			if len(locs) != 1 || names[locs[0]] != "Alder Row" {
				t.Fatalf("the shared alias named %v, want the first name's (Alder Row)", locs)
			}
		} else if !slices.Equal(locs, first) {
			t.Fatalf("build %d: the shared alias named %v, build 0 %v", i, locs, first)
		}
	}
}

// TestCodeNamesSharedRemark attacks codeNames's bracketed codes: two
// pages whose locations say where they stand, both titled with one code
// in brackets under different names, name that code for neither (the
// price list giving it keeps its own title), in every run.
func TestCodeNamesSharedRemark(t *testing.T) {
	files := []fileRec{
		{source: "stores/north.md", title: "North Terminal Kiosk (APX)", chunks: 1},
		{source: "stores/south.md", title: "South Terminal Café (APX)", chunks: 1},
		{source: "menu/prices.md", title: "Airport price list", chunks: 1},
	}
	chunks := []chunk{
		{source: "stores/north.md", section: "North Terminal Kiosk", location: "Departure hall, landside – by the north doors, next to Gate 1"},
		{source: "stores/south.md", section: "South Terminal Café", location: "Arrivals hall, airside – past passport control, opposite Gate 9"},
		{source: "menu/prices.md", section: "Airport price list", location: "APX"},
	}
	for i := range 50 {
		if got := codeNames(files, chunks, nil)["apx"]; got != "Airport price list" {
			t.Fatalf("run %d: code APX named %q, want the price list's own title", i, got)
		}
	}
}
