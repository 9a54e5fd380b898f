package retrieval

import (
	"slices"
	"testing"
)

// TestEnglishField: a register's French and Spanish column names read as
// the English ones the directory reader knows, and English ones are left
// as they are.
func TestEnglishField(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"nombre_oficial", "official_name"}, {"nom_officiel", "official_name"}, {"codigo_interno", "code"},
		{"codigo", "code"}, {"código", "code"}, {"apodos", "aliases"}, {"direccion", "address"}, {"dirección", "address"},
		{"adresse", "address"}, {"ville", "city"}, {"telefono_tienda", "store_phone"}, {"nombre_tienda", "store_name"},
		// English and unknown names unchanged
		{"store_code", "store_code"}, {"official_name", "official_name"}, {"aka", "aka"}, {"item_name", "item_name"},
		{"price_eur", "price_eur"}, {"responsable", "responsable"},
	} {
		if got := englishField(tt.in); got != tt.want {
			t.Errorf("englishField(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// what the reader's expressions then see
	for _, k := range []string{"nombre_oficial", "nom_officiel", "nombre_tienda"} {
		if !dirNameField.MatchString(englishField(k)) {
			t.Errorf("%q is no name field", k)
		}
	}
	if !dirCodeField.MatchString(englishField("codigo_interno")) || !dirNickField.MatchString(englishField("apodos")) ||
		!dirAddrField.MatchString(englishField("direccion")) || !dirAddrField.MatchString(englishField("adresse")) {
		t.Error("a Spanish or French code, nickname or address field is not read as one")
	}
}

// TestLangNicknames: the names a French or Spanish store page says people
// call it, and what an English question calls them; a word said or a
// sentence quoted is no name.
func TestLangNicknames(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"Tout le monde l'appelle **« le Midi »** ou « la gare » ; dans l'équipe c'est souvent **BXL-01**.",
			[]string{"le Midi", "the Midi", "la gare", "the station"}},
		{`Les habitués l'appellent "le stand", "la Batte" ou "l'Ape" (pour le Piaggio Ape).`,
			[]string{"le stand", "the stall", "la Batte", "the Batte", "l'Ape", "the Ape"}},
		{"Pour les clients c'est « **les Terreaux** » ou tout simplement « **QV Lausanne** ».",
			[]string{"les Terreaux", "the Terreaux", "QV Lausanne"}},
		{`Le dicen: "el carrito", "la bici", "el Virrey".`, []string{"el carrito", "the cart", "la bici", "el Virrey", "the Virrey"}},
		{`Todo el mundo le dice "la Casa" o "la de la 60".`, []string{"la Casa", "the Casa", "la de la 60"}},
		// a sentence ends the list: the next one's quotes are not names
		{`Certains disent juste « la librairie ». Le libraire conseille "Le Petit Prince".`, []string{"la librairie", "the bookshop"}},
		// attacks: a word said, a slogan, a quote with no calling phrase
		{`Il dit "bonjour" à tout le monde.`, nil},
		{`C'est « le meilleur café de toute la ville » selon eux.`, nil},
		{`Notre devise : « Du bon café ».`, nil},
		{`On sert le "batch brew" tous les jours.`, nil},
	} {
		if got := langNicknames(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("langNicknames(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestLangAddresses: French, Belgian, Swiss and Colombian addresses are
// places' addresses; a street named without its postcode, a price or an
// order number is not.
func TestLangAddresses(t *testing.T) {
	for _, tt := range []struct {
		text string
		n    int
	}{
		{"Adresse : Rue des Terreaux 15 (Galerie des Terreaux, niveau 0), 1003 Lausanne", 1},
		{"Quai de la Batte (hauteur passerelle), 4000 Liège", 1},
		{"Esplanade, Bâtiment CM, Route Cantonale, 1015 Lausanne", 1},
		{"Calle Mayor 12, 28013 Madrid", 1},
		{"Dirección: Carrera 9 # 60-14, Chapinero, Bogotá", 1},
		{"Cl. 45 # 17-30 Edif. K y Transversal Superior # 10-85", 2},
		{"On se retrouve rue des Terreaux, juste à côté.", 0},
		{"Le pedido # 12-3 llegó a la Calle.", 0},
		{"Un cappuccino coûte 4,20 € et un latte 4,90 €.", 0},
	} {
		if got := langAddresses(tt.text); len(got) != tt.n {
			t.Errorf("langAddresses(%q) = %q, want %d", tt.text, got, tt.n)
		}
	}
}

// TestLangHours: French and Spanish opening hours are hours to the
// learner; the same days without a time are not.
func TestLangHours(t *testing.T) {
	for _, tt := range []struct {
		text string
		n    int
	}{
		{"- mardi → vendredi : 08h00 – 19h00\n- samedi : 09h00 – 19h00\n- dimanche : 10h00 – 17h00", 4},
		{"| Lundi – mercredi | 7 h 30 – 19 h 00 |\n| Dimanche | fermé |", 3},
		{"Lunes a viernes: 6:30 a.m. – 8:00 p.m.\nDomingo y festivos: cerrado", 3},
		{"Le samedi, on se voit au marché. Le dimanche, repos.", 0},
	} {
		if got := countDayTimes(tt.text); got != tt.n {
			t.Errorf("countDayTimes(%q) = %d, want %d", tt.text, got, tt.n)
		}
	}
}
