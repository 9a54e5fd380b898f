package retrieval

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

// TestTableRowsRegisterInOtherLanguages: a staff guide's table of
// official names and what people call them is the chain's register when
// its columns are headed in French or Spanish ("Nom officiel", "Oficial
// (usar en todo lo publicado)", "Clave sistema", "On l'appelle aussi…",
// "Cómo les dicen clientes"), with or without a code column, its names in
// « » as in " ", each French or Spanish one also in the form an English
// question uses. An English column of names with a remark ("Official
// name (EN)") is still no register's official column.
func TestTableRowsRegisterInOtherLanguages(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		official   bool
		names      [][]string // each row's name, then some of its other names
	}{
		{"French, two columns",
			"| Nom officiel | On l'appelle aussi… |\n|---|---|\n" +
				"| Café Larch – Brûlerie Saint-Luc | « Saint-Luc », « SL », « la Brûlerie », « the big one » |\n" +
				"| Kiosque Larch – Marina | « la marina », « le kiosque » |\n",
			true, [][]string{{"Café Larch – Brûlerie Saint-Luc", "SL", "la Brûlerie", "the Brûlerie", "the big one"},
				{"Kiosque Larch – Marina", "la marina", "le kiosque", "the kiosk"}}},
		{"Spanish, with a code",
			"| Oficial (usar en todo lo publicado) | Clave sistema | Cómo les dicen clientes / staff | No usar |\n|---|---|---|---|\n" +
				"| Casa Olmo | CO | \"Olmo\", \"la matriz\" | \"Larch Centro\" |\n" +
				"| Autoservicio Km 12 | DT12 | \"el drive\", \"Km 12\" | — |\n",
			true, [][]string{{"Casa Olmo", "Olmo", "la matriz"}, {"Autoservicio Km 12", "el drive", "Km 12"}}},
		{"English names by language",
			"| Official name (EN) | Official name (FR) | What people actually say |\n|---|---|---|\n" +
				"| Larch – Water Street | Brûlerie Larch – rue Water | \"the big one\" |\n" +
				"| Larch – Principale | Brûlerie Larch – rue Principale | \"Uptown\" |\n",
			false, [][]string{{"Larch – Water Street", "the big one"}, {"Larch – Principale", "Uptown"}}},
	} {
		rows := tableRows(tt.text)
		if len(rows) != len(tt.names) {
			t.Fatalf("%s: %d rows, want %d: %+v", tt.name, len(rows), len(tt.names), rows)
		}
		for i, want := range tt.names {
			r := rows[i]
			if r.name != want[0] || r.official != tt.official {
				t.Errorf("%s: row %d is %q (official %v), want %q (%v)", tt.name, i, r.name, r.official, want[0], tt.official)
			}
			for _, n := range want[1:] {
				if !slices.Contains(r.names, n) {
					t.Errorf("%s: row %q names %q, want %q among them", tt.name, r.name, r.names, n)
				}
			}
		}
	}
}

// TestAliasWordsRomanceArticle: a French or Spanish nickname's article is
// the English "the", so "la marina" is matched as "marina", as "the
// marina" is; what is left must still name a store, so a cup size ("la
// grande") or a franchise ("la franquicia", what a question about opening
// one asks for) is matched only whole.
func TestAliasWordsRomanceArticle(t *testing.T) {
	for _, tt := range []struct {
		alias string
		want  []string
	}{
		{"la marina", []string{"marina"}},
		{"el puesto", []string{"puesto"}},
		{"l'UdE", []string{"ude"}},
		{"la de la carretera", []string{"de", "la", "carretera"}},
		{"the marina", []string{"marina"}},
		{"la grande", nil},
		{"le grand", nil},
		{"la franquicia", nil},
		{"la franchise", nil},
		{"the big one", nil},
	} {
		if got := aliasWords(tt.alias); !slices.Equal(got, tt.want) {
			t.Errorf("aliasWords(%q) = %q, want %q", tt.alias, got, tt.want)
		}
	}
}

// TestStorePageWithoutReadableHours: a page in the folder of store pages
// that labels its address in its own language ("Địa chỉ:") and gives a
// phone is its store's, though its hours are in words the reader does
// not know; the names its opening says people use ("gọi là") are the
// store's. A page there about the stores ("Our stores") stays no
// store's, and a question that names neither store is not scoped.
func TestStorePageWithoutReadableHours(t *testing.T) {
	fs := fstest.MapFS{
		"stores/old-town.md": {Data: []byte("---\ntitle: Larch Old Town\nstore_code: LT01\naddress: 5 Bell Street\n---\n# Larch Old Town\n\nOpen 7am–5pm daily.\n")},
		"stores/beach.md": {Data: []byte("# Quầy Larch Biển Xanh (beach kiosk)\n\n**Địa chỉ:** Bãi biển Xanh, đối diện 250 Võ Nguyên Giáp\n**SĐT / Zalo:** 0905 318 442\n\n" +
			"Mọi người gọi là \"quầy biển\", \"the kiosk\", hoặc \"Biển Xanh\".\n\n## Giờ mở cửa\n\nMùa hè: 5h00 – 10h30\n")},
		"stores/all.md": {Data: []byte("# Our stores\n\n**Địa chỉ:** 17 Phan Chu Trinh (head office)\n**Hotline:** 1900 2316 7788\n")},
		"menu/menu.md":  {Data: []byte("# Menu\n\nCà phê sữa đá 35.000đ.\n")},
	}
	ix := New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), fs, "kb", IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"Larch Old Town", "Quầy Larch Biển Xanh"}
	if got := ix.st.Load().locNames; !slices.Equal(got, want) {
		t.Fatalf("learned %q, want %q", got, want)
	}
	for q, w := range map[string]string{
		"is the kiosk open at noon":   "Quầy Larch Biển Xanh",
		"giá cà phê ở quầy biển":      "Quầy Larch Biển Xanh",
		"how much is a cà phê sữa đá": "",
	} {
		res, got := scopedFirst(t, ix, q)
		if got != w || len(res.Scope.Locations) > 1 {
			t.Errorf("%q scoped to %q, want %q", q, res.Scope.Locations, w)
		}
	}
}
