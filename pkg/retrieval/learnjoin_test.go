package retrieval

import (
	"slices"
	"testing"
)

// TestJoinRowPages: a store page joins the register's row whose name
// holds its name's words, or whose code its text writes, and takes the
// row's name; a page two rows could own, a chain's page and a known
// store's page join nothing.
func TestJoinRowPages(t *testing.T) {
	row := func(name, code string, chunk int) *placeCand {
		return &placeCand{name: name, aliases: []string{code}, ids: []string{name, code}, section: []int{chunk}, official: true, strength: 1}
	}
	page := func(name, src string) *placeCand {
		return &placeCand{name: name, pages: []string{src}, strength: 3}
	}
	files := []fileRec{{source: "dir.csv", chunks: 2}, {source: "kiosk.md", chunks: 1}, {source: "stand.md", chunks: 1},
		{source: "gare.md", chunks: 1}, {source: "lausanne.md", chunks: 1}}
	chunks := []chunk{{source: "dir.csv"}, {source: "dir.csv"}, {source: "kiosk.md", text: "Le kiosque en bois."},
		{source: "stand.md", text: "(page rédigée par Julien — stand LGE-02)"}, {source: "gare.md", text: "BXL-011 est un autre code."},
		{source: "lausanne.md", text: "Notre café lausannois."}}
	cands := []*placeCand{
		row("Kiosque Quatre-Vents Esplanade CM", "LSN-02", 0), row("Stand Quatre-Vents", "LGE-02", 1),
		row("Quatre-Vents Gare du Midi", "BXL-01", 1), row("Quatre-Vents Lausanne Terreaux", "LSN-01", 1),
		row("Quatre-Vents Lausanne Flon", "LSN-03", 1),
		page("Kiosque Quatre-Vents", "kiosk.md"), page("Stand du Marché de la Batte", "stand.md"),
		// its text writes BXL-011, not BXL-01, and "Gare" is in no row's name but one
		page("La Gare Centrale", "gare.md"),
		// two rows' names hold "Quatre-Vents Lausanne"
		page("Quatre-Vents Lausanne", "lausanne.md"),
		{name: "Quatre-Vents Gare", pages: []string{"gare.md"}, known: true},
	}
	got := joinRowPages(cands, files, chunks)
	var names []string
	for _, c := range got {
		names = append(names, c.name)
	}
	want := []string{"Quatre-Vents Gare du Midi", "Quatre-Vents Lausanne Terreaux", "Quatre-Vents Lausanne Flon",
		"Kiosque Quatre-Vents Esplanade CM", "Stand Quatre-Vents", "La Gare Centrale", "Quatre-Vents Lausanne", "Quatre-Vents Gare"}
	if !slices.Equal(names, want) {
		t.Fatalf("places %q, want %q", names, want)
	}
	kiosk := got[3]
	if !kiosk.official || !slices.Equal(kiosk.pages, []string{"kiosk.md"}) || !slices.Equal(kiosk.section, []int{0}) ||
		!slices.Contains(kiosk.aliases, "Kiosque Quatre-Vents") || !slices.Contains(kiosk.aliases, "LSN-02") {
		t.Errorf("the kiosk's page joined as %+v", kiosk)
	}
	if got[4].pages[0] != "stand.md" || !slices.Contains(got[4].aliases, "Stand du Marché de la Batte") {
		t.Errorf("the stand's page joined as %+v", got[4])
	}
}

// TestWritesCode: a code is written as a whole word only.
func TestWritesCode(t *testing.T) {
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"stand LGE-02)", true}, {"LGE-02", true}, {"(LGE-02.", true}, {"LGE-021", false}, {"XLGE-02", false},
		{"éLGE-02", false}, {"LGE-0 et LGE-02b puis LGE-02 ", true},
	} {
		if got := writesCode(tt.text, "LGE-02"); got != tt.want {
			t.Errorf("writesCode(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
