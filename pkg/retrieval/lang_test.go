package retrieval

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cafebot/cafebot/pkg/textnorm"
	"golang.org/x/text/unicode/norm"
)

func TestParseLangPivots(t *testing.T) {
	m, err := parseLangPivots("# comment\n\nfr sunday: dimanche Dimanches\nes milk: leche\n")
	if err != nil {
		t.Fatal(err)
	}
	if m.any["dimanche"] != "sunday" || m.any["dimanches"] != "sunday" || m.any["leche"] != "milk" || len(m.any) != 3 {
		t.Errorf("parseLangPivots = %v", m.any)
	}
	for _, tc := range []struct{ file, want string }{
		{"fr sunday dimanche", "line 1: no language and English word"},
		{"french sunday: dimanche", "line 1: no language and English word"},
		{"\nfr sunday:", "line 2: no words after"},
		{"fr sunday: the", "an English stop word: the"},
		{"fr sunday: dimanche\nes monday: dimanche", "line 2: dimanche is already sunday"},
	} {
		_, err := parseLangPivots(tc.file)
		var pe *langPivotError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseLangPivots(%q) = %v, want an error with %q", tc.file, err, tc.want)
		}
	}
	// The same word twice for one English word is one entry.
	if _, err := parseLangPivots("fr day: jour\nfr day: jour"); err != nil {
		t.Errorf("a repeated pair: %v", err)
	}
	// A word of one language's text only may be an English stop word; a
	// word of several syllables is joined.
	m, err = parseLangPivots("fr only tea: thé\nvi gift: quà_tặng thẻ_quà_tặng\nvi only price: giá")
	if err != nil {
		t.Fatal(err)
	}
	if m.only[textnorm.French]["the"] != "tea" || m.any["quatang"] != "gift" || m.any["thequatang"] != "gift" ||
		m.only[textnorm.Vietnamese]["gia"] != "price" || m.any["the"] != "" || m.any["gia"] != "" {
		t.Errorf("parseLangPivots: any %v, only %v", m.any, m.only)
	}
	if runs := m.joins["qua"]; len(runs) != 1 || !slices.Equal(runs[0], []string{"qua", "tang"}) || !m.joined["thequatang"] {
		t.Errorf("parseLangPivots: joins %v, joined %v", m.joins, m.joined)
	}
	for _, tc := range []struct{ file, want string }{
		{"vi gift: quà__tặng", "an empty syllable"},
		{"fr just tea: thé", "no language and English word"},
	} {
		_, err := parseLangPivots(tc.file)
		var pe *langPivotError
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseLangPivots(%q) = %v, want an error with %q", tc.file, err, tc.want)
		}
	}
}

// TestLangPivotByLanguage: a word that is an English word, or another
// language's word too, is read as its English word only in a text of
// its language; a plural's "s" is tried off only in another language
// than English (an English "leches" is no Spanish milk, as "oops" was
// no Afrikaans "oop"), a French plural's "x" in any text.
func TestLangPivotByLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang textnorm.Lang
		w    string
		want string // "" for none
	}{
		{textnorm.French, "pain", "bread"}, {textnorm.English, "pain", ""}, {textnorm.Spanish, "pain", ""},
		{textnorm.Spanish, "pan", "bread"}, {textnorm.English, "pan", ""},
		{textnorm.French, "the", "tea"}, {textnorm.English, "the", ""},
		{textnorm.French, "telephone", "phone"}, {textnorm.English, "telephone", ""},
		{textnorm.French, "reduction", "discount"}, {textnorm.English, "reduction", ""},
		{textnorm.Spanish, "leches", "milk"}, {textnorm.English, "leches", ""}, {textnorm.English, "leche", "milk"},
		{textnorm.English, "gateaux", "cake"},
		{textnorm.Vietnamese, "gia", "price"}, {textnorm.English, "gia", ""},
	} {
		got, ok := langPivot(tc.lang, tc.w)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("langPivot(%s, %q) = %q, want %q", tc.lang, tc.w, got, tc.want)
		}
	}
}

// TestVietnameseWords: a Vietnamese word of several syllables is one
// word, with or without its marks, and a question that writes one
// without them is Vietnamese; Vietnamese days and their ranges are
// days; English text that happens to hold the syllables stays as it is.
func TestVietnameseWords(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Cà phê sữa đá", []string{"caphe", "sua", "da"}},
		{"ca phe sua da", []string{"caphe", "sua", "da"}},
		{"Thẻ quà tặng Bến Gió", []string{"thequatang", "ben", "gio"}},
		{"Giờ mở cửa hôm nay", []string{"giomocua", "homnay"}},
		// a range's days are written as expandDays writes English ones
		{"Thứ 2 – Thứ 5", []string{"monday", "tuesday", "wednesday", "to", "thursday"}},
		{"thứ 7", []string{"thubay"}},
		{"Thu 3 Dec, Ca 95 phe", []string{"thu", "3", "dec", "ca", "95", "phe"}},
	} {
		if got := words(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("words(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in         string
		has, hasnt []string
	}{
		// a Vietnamese page: its words and days in English
		{"Giờ mở cửa: Thứ 2 – Thứ 6 từ 7h00. Nghỉ trưa. Giá cà phê sữa đá: 35.000đ.",
			[]string{"hour", "monday", "tuesday", "friday", "close", "lunch", "price", "coffe", "milk"}, nil},
		// words that differ by their tone alone: "Đà", "đến" and "đồng"
		// are no ice, black and closed, "đã" is a function word, and
		// "đá" is ice only in a word of several syllables
		{"Quán ở Đà Nẵng mở cửa từ 6h đến 22h, giá 45.000 đồng. Đã có đá xay và ít đá.",
			[]string{"nang", "price", "ice"}, []string{"da", "black", "close", "exchange"}},
		{"Đội ngũ pha chế giàu kinh nghiệm, chúng tôi nghĩ bạn sẽ thích.",
			[]string{"doi", "ngu"}, []string{"exchange"}},
		// the same syllables in an English page are no Vietnamese words
		{"Gia Lai beans; the nghi room; open da capo", []string{"gia", "lai", "nghi", "da"}, []string{"price", "close", "ice"}},
		// single syllables count only in Vietnamese text: a street and a
		// repair crew named in an English page are no egg and no milk
		{"Hai Bà Trưng street branch: we close early on Sunday for the Sửa máy repair crew",
			[]string{"trung", "sua"}, []string{"egg", "milk"}},
	} {
		checkTokens(t, tc.in, tc.has, tc.hasnt)
	}
	for q, want := range map[string]textnorm.Lang{
		"large ca phe sua da price?":         textnorm.Vietnamese,
		"trên app trả tiền mặt được không":   textnorm.Vietnamese,
		"is the gift card good at the kiosk": textnorm.English,
	} {
		if got := queryLang(words(q)); got != want {
			t.Errorf("queryLang(%q) = %q, want %q", q, got, want)
		}
	}
	if got := queryTokens("large ca phe sua da price?"); !slices.Contains(got, "milk") || !slices.Contains(got, "coffe") {
		t.Errorf("queryTokens(large ca phe sua da price?) = %q, want coffee and milk", got)
	}
	if got := queryTokens("cà phê sữa giá bao nhiêu?"); slices.Contains(got, "storm") || !slices.Contains(got, "price") {
		t.Errorf("queryTokens(cà phê sữa giá bao nhiêu?) = %q, want price and no storm", got)
	}
}

// TestVietnameseDecomposed: a Vietnamese text typed decomposed (Unikey's
// composite Unicode, a file saved on a Mac: "ứ" as u, a horn and an
// acute) reads as the same text composed: its days, its language and so
// its words.
func TestVietnameseDecomposed(t *testing.T) {
	for _, s := range []string{
		"Thứ 2 – Thứ 5",
		"thứ 7",
		"Giờ mở cửa: Thứ 2 – Thứ 6 từ 7h00. Nghỉ trưa. Giá cà phê sữa đá: 35.000đ.",
	} {
		d := norm.NFD.String(s)
		if d == s {
			t.Fatalf("%q has no decomposed form: the case tests nothing", s)
		}
		if got, want := words(d), words(s); !slices.Equal(got, want) {
			t.Errorf("words(decomposed %q) = %q, want %q", s, got, want)
		}
		if got, want := tokens(d), tokens(s); !slices.Equal(got, want) {
			t.Errorf("tokens(decomposed %q) = %q, want %q", s, got, want)
		}
	}
}

func TestLangPivot(t *testing.T) {
	for w, want := range map[string]string{
		"dimanche": "sunday", "dimanches": "sunday", "gateaux": "cake", "leche": "milk", "fermees": "closed",
		"noix": "nut", "prix": "price", "martes": "tuesday", "oras": "hours", "kinders": "kids",
	} {
		if got, ok := langPivot(textnorm.French, w); !ok || got != want {
			t.Errorf("langPivot(%q) = %q, %v, want %q", w, got, ok, want)
		}
	}
	// English words, and words English menus borrow, are never pivots.
	for _, w := range []string{"sunday", "milk", "pain", "chat", "place", "red", "creme", "chocolat", "soya", "cart", "carrier",
		"ferment", "reserve", "cerrado", "allergies", "is", "s",
		// other words the stems of pivots are: as written, a pivot is only itself
		"ora", "mart", "kinder", "lune", "oops", "pilas", "gata", "bata"} {
		if got, ok := langPivot(textnorm.English, w); ok {
			t.Errorf("langPivot(%q) = %q, want none", w, got)
		}
	}
}

// TestLangLeavesEnglishPagesAlone is the attack on the other languages'
// words: every chunk of the bundled knowledge base, and of the dev cafés
// written in English only, tokenises exactly as it did without them.
func TestLangLeavesEnglishPagesAlone(t *testing.T) {
	dirs := map[string]string{"knowledge": "../../knowledge"}
	if !raceDetector {
		for _, c := range []string{"kettlewick", "bramble", "tallgrass", "sudu", "saltbush", "gallan"} {
			dirs[c] = cafeDir(c) + "/kb"
		}
	}
	for name, dir := range dirs {
		ix := New(t.TempDir())
		if _, err := ix.IngestFS(context.Background(), os.DirFS(dir), "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
			t.Fatal(err)
		}
		st := ix.st.Load()
		changed := 0
		for i := range st.chunks {
			ch := &st.chunks[i]
			for _, s := range []string{ch.text, ch.section} {
				on := tokens(s)
				langOff.Store(true)
				off := tokens(s)
				langOff.Store(false)
				if !slices.Equal(on, off) {
					changed++
					if changed <= 3 {
						t.Errorf("%s %s › %s: tokens %q, without the languages %q", name, ch.source, ch.section, on, off)
					}
				}
			}
		}
		if changed > 3 {
			t.Errorf("%s: %d texts tokenise differently", name, changed)
		}
	}
}

func TestTokensOtherLanguages(t *testing.T) {
	tests := []struct {
		in         string
		has, hasnt []string
	}{
		// elided articles split, function words dropped, words pivoted
		{"Est-ce que vous avez du lait d'avoine? L'eau est gratuite.", []string{"milk", "oat", "water", "free"},
			[]string{"est", "vous", "du", "d", "l", "davoin", "leau", "que"}},
		{"La tienda del centro abre los domingos y tiene leche de almendras.", []string{"open", "sunday", "milk", "almond", "store", "centro"},
			[]string{"la", "del", "los", "y", "de"}},
		// English text keeps its words, and an English "don't" stays whole
		{"Don't leave your dog in the car; the patio is open on Sundays.", []string{"leav", "dog", "car", "patio", "open", "sunday"},
			[]string{"don", "t"}},
		// one function word of another language is a name's
		{"Café de la Gare", []string{"cafe", "de", "la", "gare"}, nil},
	}
	for _, tc := range tests {
		checkTokens(t, tc.in, tc.has, tc.hasnt)
	}
}

// TestSearchAcrossLanguages: a question in one language finds the page
// written in the other, and another language's function words do not
// pull in pages by chance ("mon" is not Monday).
func TestSearchAcrossLanguages(t *testing.T) {
	fsys := fstest.MapFS{
		"horaires.md": {Data: []byte("# Heures d'ouverture\n\nDu lundi au vendredi de 7 h à 18 h. Le dimanche, nous sommes ouverts de 9 h à 15 h.\n")},
		"boissons.md": {Data: []byte("# Boissons\n\nTous nos cafés peuvent être préparés avec du lait d'avoine ou du lait d'amande, sans frais.\n")},
		"allergens.md": {Data: []byte("# Allergens\n\nPeanuts are not used as an ingredient in any of our products, " +
			"but our kitchen handles tree nuts.\n")},
		"holidays.md":     {Data: []byte("# Holiday hours\n\nMon Dec 25: closed. Mon Jan 1: 10 am to 3 pm. Mon Feb 16: open as usual.\n")},
		"the-qua-tang.md": {Data: []byte("# Thẻ quà tặng\n\nThẻ quà tặng dùng được ở tất cả cửa hàng, trừ quầy sân bay. Không hoàn tiền mặt.\n")},
		"gio-mo-cua.md":   {Data: []byte("# Giờ mở cửa\n\n| Ngày | Giờ |\n|---|---|\n| Thứ 2 – Thứ 6 | 7h00 – 22h00 |\n| Chủ nhật | 8h00 – 21h00 |\n")},
		"parking.md":      {Data: []byte("# Parking\n\nFree parking for two hours behind the store, on the street after 6 pm.\n")},
		"patio.md":        {Data: []byte("# Patio\n\nThe patio is open from May to September, weather permitting.\n")},
		"dairy.md":        {Data: []byte("# Our milk\n\nWe use whole milk from a local dairy, delivered daily.\n")},
	}
	// The bundled synonyms know some words of other languages; the
	// languages must do without them.
	opt := SearchOptions{Mode: ModeLexical, K: 3, Synonyms: &Synonyms{}}
	index := func(off bool) *Index {
		langOff.Store(off)
		defer langOff.Store(false)
		ix := New(t.TempDir())
		if _, err := ix.IngestFS(context.Background(), fsys, "kb", IngestOptions{ChunkChars: 1200, Overlap: 150}, nil, nil); err != nil {
			t.Fatal(err)
		}
		return ix
	}
	ix, without := index(false), index(true)
	for _, tc := range []struct{ q, want string }{
		{"are you open on sunday?", "horaires.md"},
		{"do you have oat milk?", "boissons.md"},
		{"y a-t-il des arachides dans vos produits? mon fils est allergique", "allergens.md"},
		{"¿tienen leche de almendra?", "boissons.md"},
		{"abren los domingos?", "horaires.md"},
		{"can i pay with a gift card at the kiosk", "the-qua-tang.md"},
		{"what are your opening hours on wednesday", "gio-mo-cua.md"},
	} {
		res, err := ix.Search(context.Background(), tc.q, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].Source != tc.want {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Source)
			}
			t.Errorf("%q: hits %v, want %s first", tc.q, got, tc.want)
		}
		// and without the languages it was not so, or the case tests nothing
		langOff.Store(true)
		res, err = without.Search(context.Background(), tc.q, opt, nil)
		langOff.Store(false)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) > 0 && res.Hits[0].Source == tc.want {
			t.Errorf("%q: %s first without the languages too: the case tests nothing", tc.q, tc.want)
		}
	}
}

// anyPivot is langPivot in a text of any language: the English word w
// is read as in some text, if any.
func anyPivot(w string) (string, bool) {
	for _, l := range []textnorm.Lang{textnorm.English, textnorm.French, textnorm.Spanish, textnorm.Vietnamese} {
		if en, ok := langPivot(l, w); ok {
			return en, true
		}
	}
	return "", false
}

// checkTokens fails t when tokens(in) lacks a term of has or holds one of
// hasnt.
func checkTokens(t *testing.T, in string, has, hasnt []string) {
	t.Helper()
	got := tokens(in)
	for _, w := range has {
		if !slices.Contains(got, w) {
			t.Errorf("tokens(%q) = %q, lacks %q", in, got, w)
		}
	}
	for _, w := range hasnt {
		if slices.Contains(got, w) {
			t.Errorf("tokens(%q) = %q, has %q", in, got, w)
		}
	}
}
