package textnorm

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// folded is what the retrieval tokeniser hands DetectLang: lower case,
// diacritics folded, split into words.
func folded(s string) []string { return Words(FoldDiacritics(strings.ToLower(s))) }

func TestDetectLang(t *testing.T) {
	tests := []struct {
		text string
		want Lang
	}{
		{"Our Harbour Street store is open from 7 am to 6 pm, and the patio is dog friendly.", English},
		{"Notre succursale est ouverte tous les jours de 7 h à 18 h, et la terrasse accueille les chiens.", French},
		{"La sucursal del centro abre todos los días y tiene terraza para las mascotas.", Spanish},
		{"Die winkel is oop van 7 tot 6 en ons het koffie vir die kinders.", Afrikaans},
		{"Tuna kahawa na chai katika duka letu la Thingira, karibu sana kwa familia yako.", Swahili},
		{"Bukas ang kapehan sa Poblacion para sa mga estudyante, salamat po.", Tagalog},
		{"Kei te tuwhera te toa i ngā rā katoa, nau mai ki tō mātou whare.", Maori},
		{"Quán của chúng tôi mở cửa và có wifi không mất tiền cho các bạn.", Vietnamese},
		// One function word of another language is a name's as often as a
		// sentence's.
		{"Café de la Paix", English},
		{"", English},
		// A table's yes and no, sizes and units, a web address, a pour-over
		// and a company's "Co." vote for nobody.
		{"item: Latte; vegan: Y; gluten free: N; size: S M L; 2 l", English},
		{"hello@tallgrasscoffee.com press@tallgrasscoffee.com jobs@x.ca shop@y.co.za", English},
		{"Coffee, Pour over (V60), 12 oz, 4.50, all; Saltbush Coffee Co Pty Ltd", English},
	}
	for _, tc := range tests {
		if got := DetectLang(folded(tc.text)); got != tc.want {
			t.Errorf("DetectLang(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestDetectLangAllowed(t *testing.T) {
	ws := folded("la sucursal del centro abre todos los días")
	if got := DetectLang(ws, French); got != English {
		t.Errorf("DetectLang(Spanish, only French allowed) = %q, want English", got)
	}
	if got := DetectLang(ws, French, Spanish); got != Spanish {
		t.Errorf("DetectLang(Spanish, French and Spanish allowed) = %q, want Spanish", got)
	}
}

func TestDetectQueryLang(t *testing.T) {
	tests := []struct {
		q    string
		want []Lang // any of
	}{
		// Words of several languages only: DetectLang says English.
		{"venden empanadas de pipián en la de la estación?", []Lang{Spanish}},
		// Spanish typed without its accents, its function words French's
		// too ("en", "la", "de", "que"): a Spanish ending breaks the tie,
		// or a determiner only Spanish has ("otra", "pal").
		{"en nochevieja la de la estacion cierra antes?", []Lang{Spanish}},
		{"a q hora abren la casa de la 60 un sabado?", []Lang{Spanish}},
		{"me deje la chaqueta en la de la estacion hace 3 dias, la teneis?", []Lang{Spanish}},
		{"la tienda de dehesas es de candela o es otra empresa?", []Lang{Spanish}},
		{"quedan plazas pal taller de masa madre de diciembre en lavapies?", []Lang{Spanish}},
		// ... and a French one stays French: a tie with no ending read,
		// or a French ending.
		{"la terrasse de la maison en été", []Lang{French}},
		{"la réservation de la salle en soirée", []Lang{French}},
		{"y a-t-il des arachides dans vos produits? mon fils est allergique", []Lang{French}},
		{"tienen leche de avena?", []Lang{Spanish}},
		{"how much is a latte at the harbour store", []Lang{English}},
		{"wifi pw?", []Lang{English}},
		// English outvotes a name's article.
		{"is the gare du midi cafe open on sunday", []Lang{English}},
	}
	for _, tc := range tests {
		got := DetectQueryLang(folded(tc.q))
		if !contains(tc.want, got) {
			t.Errorf("DetectQueryLang(%q) = %q, want one of %q", tc.q, got, tc.want)
		}
	}
	if got := DetectLang(folded("venden empanadas de pipián en la de la estación?")); got != English {
		t.Errorf("DetectLang of the shared-words question = %q, want English (below minLangVotes)", got)
	}
}

func TestIsStopWordIn(t *testing.T) {
	tests := []struct {
		l    Lang
		w    string
		want bool
	}{
		{French, "les", true}, {French, "vous", true}, {French, "meme", false}, {French, "lait", false},
		// negation, "without" and "more" are what a customer asks about
		{French, "pas", false}, {French, "sans", false}, {French, "plus", false},
		{Spanish, "los", true}, {Spanish, "sin", false}, {Spanish, "no", false}, {Spanish, "leche", false},
		{Vietnamese, "khong", true}, {Vietnamese, "cua", true},
		{Afrikaans, "nie", false}, {Afrikaans, "die", true},
		// English is IsStopWord
		{English, "the", true}, {English, "les", false},
		// the folded form is the one listed: "où" is "ou"
		{French, "ou", true},
	}
	for _, tc := range tests {
		if got := IsStopWordIn(tc.l, tc.w); got != tc.want {
			t.Errorf("IsStopWordIn(%q, %q) = %v, want %v", tc.l, tc.w, got, tc.want)
		}
	}
}

func TestIsElision(t *testing.T) {
	tests := []struct {
		prefix string
		next   rune
		want   bool
	}{
		{"l", 'e', true}, {"d", 'a', true}, {"qu", 'i', true}, {"l", 'h', true}, {"jusqu", 'a', true},
		{"dell", 'a', true}, {"l", 'É', true},
		// English contractions and words stay whole
		{"don", 't', false}, {"it", 's', false}, {"you", 'r', false}, {"s", 'm', false}, {"c", 'm', false},
		{"aujourd", 'h', false}, {"o", 'c', false}, {"y", 'a', false},
	}
	for _, tc := range tests {
		if got := IsElision(tc.prefix, tc.next); got != tc.want {
			t.Errorf("IsElision(%q, %q) = %v, want %v", tc.prefix, tc.next, got, tc.want)
		}
	}
}

func TestFoldDiacritics(t *testing.T) {
	for in, want := range map[string]string{
		"café": "cafe", "menú": "menu", "không": "khong", "Đà Nẵng": "Da Nang", "crème brûlée": "creme brulee",
		"plain ascii": "plain ascii", "Pōhutukawa": "Pohutukawa", "ಕಾಫಿ": "ಕಾಫ",
	} {
		if got := FoldDiacritics(in); got != want {
			t.Errorf("FoldDiacritics(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLangLeavesEnglishAlone holds what the gate and the guard read:
// the functions that were here before the languages came return what
// they returned.
func TestLangLeavesEnglishAlone(t *testing.T) {
	in := "Est-ce que vous avez du lait d'avoine? Don't you open on Sundays?"
	want := []string{"est", "ce", "que", "vous", "avez", "du", "lait", "davoin", "open", "sunday"}
	got := Tokens(in)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
	}
	if IsStopWord("les") || IsStopWord("vous") {
		t.Error("IsStopWord took another language's function words")
	}
}

func TestVietnameseLetters(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Cà phê sữa đá", 2},        // ữ, đ (à and ê are French letters too)
		{"Giờ mở cửa: Thứ 2", 4},    // ờ, ở, ử, ứ
		{"Tầng 2, thẻ quà tặng", 3}, // ầ, ẻ, ặ
		{"Crème brûlée à la carte, señor, São Paulo", 0},
		{"plain ASCII text", 0},
		{"Ĩ ũ ỹ ẽ, ă", 5},
		// decomposed (Unikey's composite Unicode, a file saved on a Mac):
		// the same letters, each a base and its marks
		{norm.NFD.String("Giờ mở cửa: Thứ 2"), 4},
		{"Thu\u031B\u0301 2, cu\u031B\u0309a", 2}, // ứ, ử as u, horn, tone
	}
	for _, tc := range tests {
		if got := VietnameseLetters(tc.text); got != tc.want {
			t.Errorf("VietnameseLetters(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestDetectTextLang(t *testing.T) {
	tests := []struct {
		text string
		want Lang
	}{
		// DetectLang reads these as English: a menu line has no function
		// words, and a heading half in English has more English ones
		{"Menu rút gọn: cà phê đen/sữa đá, bạc xỉu, cà phê muối, nước dừa tươi nguyên trái", Vietnamese},
		{"Wi-Fi at our stores / Wi-Fi tại Bến Gió: mật khẩu ở quầy thu ngân", Vietnamese},
		{"Tụi mình là một quầy gỗ nhỏ trên cát, có khoảng 14 ghế bố và vài cái bàn thấp dưới dù.", Vietnamese},
		// an English page naming a Vietnamese street is English
		{"Our riverside roastery on Bạch Đằng street opens at 7 am every day of the week, and the terrace is dog friendly.", English},
		{"Notre café est ouvert tous les jours, même à Noël; la crème brûlée est maison.", French},
		// the menu line decomposed: DetectLang still reads English
		{norm.NFD.String("Menu rút gọn: cà phê đen/sữa đá, bạc xỉu, cà phê muối, nước dừa tươi nguyên trái"), Vietnamese},
	}
	for i, tc := range tests {
		if i < 2 && DetectLang(folded(tc.text)) != English {
			t.Errorf("DetectLang(%q) is no longer English: the case tests nothing", tc.text)
		}
		if got := DetectTextLang(tc.text, folded(tc.text)); got != tc.want {
			t.Errorf("DetectTextLang(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	// Only the allowed languages take part.
	vi := "Tụi mình là một quầy gỗ nhỏ trên cát"
	if got := DetectTextLang(vi, folded(vi), French); got == Vietnamese {
		t.Errorf("DetectTextLang(Vietnamese, only French allowed) = %q", got)
	}
}
