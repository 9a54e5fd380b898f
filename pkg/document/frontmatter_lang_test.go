package document

import "testing"

// TestLangFrontMatter: a French or Spanish page's front matter gives its
// title, address, store code and nicknames under their own words, and an
// English key the page gives itself still wins.
func TestLangFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		name, md              string
		title, address, store string
		aliases               int
	}{
		{"french keys", "---\nTitre: Quatre Vents Lausanne\nAdresse: Rue des Terreaux 15, 1003 Lausanne\n---\nTexte.\n",
			"Quatre Vents Lausanne", "Rue des Terreaux 15, 1003 Lausanne", "", 0},
		{"spanish keys", "---\nnombre_oficial: Casa Chapinero\ncodigo_interno: CHP\ndirección: \"Carrera 9 # 60-14\"\napodos: [la Casa, la grande]\n---\nTexto.\n",
			"Casa Chapinero", "Carrera 9 # 60-14", "CHP", 2},
		{"a store key", "---\nsucursal: Centro\n---\n# A\n\nTexto.\n", "A", "", "Centro", 0},
		{"english wins", "---\ntitle: Elm Road\ntitre: Rue des Ormes\naddress: 1 Elm Road\nadresse: 1 rue des Ormes\n---\nText.\n",
			"Elm Road", "1 Elm Road", "", 0},
		{"no such key", "---\nauteur: camille\nnom: Le café\n---\n# A\n\nTexte.\n", "A", "", "", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := Read("a.md", []byte(tt.md), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || doc.Address != tt.address || len(doc.Aliases) != tt.aliases {
				t.Errorf("title %q, address %q, aliases %q; want %q, %q, %d", doc.Title, doc.Address, doc.Aliases, tt.title, tt.address, tt.aliases)
			}
			chunks, err := Parse("a.md", []byte(tt.md), Options{})
			if err != nil || len(chunks) == 0 {
				t.Fatal(err)
			}
			if chunks[0].Location != tt.store {
				t.Errorf("location %q, want %q", chunks[0].Location, tt.store)
			}
		})
	}
}
