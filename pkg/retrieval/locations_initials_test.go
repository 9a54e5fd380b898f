package retrieval

import (
	"slices"
	"testing"
)

// TestInitialsOf: a name's initials with and without its links, brand
// and kind-of-store words, two or three letters only.
func TestInitialsOf(t *testing.T) {
	brand := func(w string) bool { return w == "gallan" || w == "mesange" }
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"Gallán Main Street", []string{"gms", "ms"}},
		{"Gallán at the Quay", []string{"gq"}},                    // "Q" alone is too short
		{"Comptoir Mésange Lionel-Groulx", []string{"clg", "lg"}}, // four letters with the brand: too long
		{"Vieux-Port", []string{"vp"}},
		{"Riverside", nil},                // one word has no initials
		{"The Old Bank Tea Kitchen", nil}, // four words: too long
		{"The Old Bank Roastery", []string{"obr", "ob"}},
	} {
		if got := initialsOf(tt.name, brand); !slices.Equal(got, tt.want) {
			t.Errorf("initialsOf(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestInitialsFind: a token in capitals that is one store's initials names
// it; the look-alikes name none: the same letters in small letters, a
// diet or time written in capitals, initials two stores share, and a
// longer word in capitals.
func TestInitialsFind(t *testing.T) {
	names := []string{"Gallán Main Street", "Gallán at the Quay", "Comptoir Mésange Lionel-Groulx", "Vieux-Port",
		"Green Fork", "Saint-Henri", "Sainte-Hélène"}
	l := newLocator(names, nil)
	brand := func(w string) bool { return w == "gallan" || w == "mesange" }
	for _, tt := range []struct {
		q, want string
	}{
		{"is MS open early for paddys day parade", "Gallán Main Street"},
		{"whats in the pup cup at GQ lol", "Gallán at the Quay"},
		{"where do i grab my app order at LG i dont see it", "Comptoir Mésange Lionel-Groulx"},
		{"est-ce que je peux amener mon chien au VP", "Vieux-Port"},
		{"is ms open early", ""},           // small letters: "Ms", "ms" are no store
		{"lg latte please", ""},            // a size
		{"vp of sales wants catering", ""}, // a person
		{"is the GF muffin safe", ""},      // a diet, though Green Fork's initials
		{"open at 7 AM?", ""},
		{"mes grains au SH", ""}, // Saint-Henri and Sainte-Hélène share it
		{"CLGX is down", ""},     // four letters
	} {
		locs, mention := l.initialsFind(tt.q, nil, brand)
		got := ""
		if len(locs) == 1 {
			got = l.names[locs[0]]
		}
		if got != tt.want || len(locs) > 1 {
			t.Errorf("%q: %v (%v), want %q", tt.q, locs, mention, tt.want)
		}
	}
}

// TestInitialsScope: a search's plan scopes a question by a store's
// initials only when nothing else named a store: "VP" scopes to
// Vieux-Port, and a question naming Saint-Roch by name keeps that scope
// though it also writes "VP".
func TestInitialsScope(t *testing.T) {
	ix := mapIndex(t, map[string]string{
		"stores/vieux-port.md": "---\nlocation: Vieux-Port\n---\n# Vieux-Port\n\n## Chiens\n\nLes chiens sont les bienvenus sur la terrasse.",
		"stores/saint-roch.md": "---\nlocation: Saint-Roch\n---\n# Saint-Roch\n\n## Chiens\n\nPas de chiens à l'intérieur.",
		"info/chiens.md":       "# Chiens et animaux\n\nLes chiens d'assistance sont admis partout.",
	})
	st := ix.st.Load()
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{"est-ce que je peux amener mon chien au VP", []string{"Vieux-Port"}},
		{"chiens à Saint-Roch ou au VP?", []string{"Saint-Roch"}},
		{"je peux amener mon chien au vp", nil},
	} {
		if got := st.plan(tt.q, SearchOptions{}).scope.Locations; !slices.Equal(got, tt.want) {
			t.Errorf("%q: scope %v, want %v", tt.q, got, tt.want)
		}
	}
}
