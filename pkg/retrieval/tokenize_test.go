package retrieval

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Free Wi-Fi", []string{"free", "wifi"}},
		{"wi fi password", []string{"wifi", "password"}},
		{"wifi", []string{"wifi"}},
		{"WIFI", []string{"wifi"}},
		{"16oz latte", []string{"16oz", "latt"}},
		{"16 oz latte", []string{"16oz", "latt"}},
		{"16-oz", []string{"16oz"}},
		{"16 ounces", []string{"16oz"}},
		{"large (16 oz)", []string{"larg", "16oz"}},
		{"a 500 ml bottle", []string{"500ml", "bottl"}},
		{"$4.50", []string{"4.5"}},
		{"4.5", []string{"4.5"}},
		{"$16 or 16.00", []string{"16", "16"}},
		{"7:00 am", []string{"7", "00", "am"}},
		{"end of sentence 4. Next", []string{"end", "sentenc", "4", "next"}},
		{"e-mail us", []string{"email", "us"}},
		{"tipping is always optional", []string{"tip", "alway", "optional"}},
		{"vegan options", []string{"vegan", "option"}},
		{"current openings", []string{"current", "openings"}},
		{"opening hours", []string{"open", "hour"}},
		{"café crème", []string{"cafe", "creme"}},
		{"16 in the morning", []string{"16", "morn"}},
		{"Monday to Thursday", []string{"monday", "tuesday", "wednesday", "thursday"}},
		{"open on a tues", []string{"open", "tue"}},
		{"Mon to Wed", []string{"monday", "tuesday", "wednesday"}},
		{"Fri, June 19", []string{"fri", "june", "19"}},
		{"Saturday to Monday", []string{"saturday", "monday"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := tokens(tt.in)
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokens(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestQueryMeetsDocument checks the guarantee that matters: a customer's
// spelling and the document's spelling give the same terms.
func TestQueryMeetsDocument(t *testing.T) {
	for _, tt := range []struct{ query, doc string }{
		{"wifi", "Free Wi-Fi is available"},
		{"wi-fi", "the wifi code"},
		{"16oz mocha", "Mocha, large (16 oz)"},
		{"$5.45", "price: 5.45"},
		{"5.45", "costs $5.45"},
	} {
		q, d := queryTokens(tt.query), tokens(tt.doc)
		for _, w := range q {
			if !slices.Contains(d, w) {
				t.Errorf("query %q term %q not among the document's %v", tt.query, w, d)
			}
		}
	}
	// And the attack: words that must stay apart.
	for _, tt := range []struct{ a, b string }{{"optional", "options"}, {"openings", "opening"}} {
		if slices.Equal(tokens(tt.a), tokens(tt.b)) {
			t.Errorf("%q and %q give the same terms %v", tt.a, tt.b, tokens(tt.a))
		}
	}
}

func TestCSVRowText(t *testing.T) {
	got := csvRowText("item: Latte; size: large (16 oz); allergens: milk; vegan: no; vegetarian: yes; gluten_free: yes; calories: 220")
	want := "item: Latte size: large (16 oz) allergens: milk  vegetarian gluten_free calories: 220 "
	if got != want {
		t.Errorf("csvRowText:\n got %q\nwant %q", got, want)
	}
}

func TestSynonyms(t *testing.T) {
	s, err := ParseSynonyms("test", []byte("# comment\ngluten-free = gf, gluten free\nrestroom = toilet, the loo\n\nwifi = wi-fi, internet\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{"is the GF bread toasted", "is the gluten free bread toasted"},
		{"where are the toilets", "where are the restroom"}, // by stem
		{"where is the loo", "where is restroom"},
		{"toilet", "restroom"},
		{"how fast is the internet", "how fast is the wifi"},
		{"gluten free", "gluten free"},
		{"nothing to rewrite", "nothing to rewrite"},
	} {
		if got := strings.Join(s.rewrite(words(tt.in)), " "); got != tt.want {
			t.Errorf("rewrite(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	var nilSyn *Synonyms
	if got := nilSyn.rewrite([]string{"a"}); !slices.Equal(got, []string{"a"}) {
		t.Errorf("nil synonyms rewrote to %v", got)
	}
}

func TestParseSynonymsErrors(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"no equals", "gluten-free gf", "test:1: no `=`"},
		{"empty left", " = gf", "test:1: no document words"},
		{"empty right", "wifi = , ,", "test:1: no customer words"},
		{"duplicate", "a = x\nb = x", `test:2: "x" is already a synonym on line 1`},
		// Rules match by stem, so two lines for one stem are ambiguous.
		{"duplicate stem", "a = toilet\nb = toilets", `test:2: "toilets" is already a synonym on line 1`},
		{"empty alternatives", " | = gf", "test:1: no document words"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseSynonyms("test", []byte(tt.in))
			var se *SynonymError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a SynonymError containing %q", err, tt.want)
			}
		})
	}
}

func TestDefaultSynonyms(t *testing.T) {
	if _, err := ParseSynonyms("synonyms.txt", defaultSynonyms); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(DefaultSynonyms().rewrite(words("GF bread")), " "); got != "gluten free gf bread" {
		t.Errorf("bundled synonyms: GF bread → %q", got)
	}
}

func TestLoadSynonyms(t *testing.T) {
	if s, err := LoadSynonyms(""); err != nil || s != DefaultSynonyms() {
		t.Errorf("empty path: %v, %v", s, err)
	}
	p := filepath.Join(t.TempDir(), "syn.txt")
	if err := os.WriteFile(p, []byte("latte = flat milk coffee\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadSynonyms(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.rewrite(words("a flat milk coffee")), " "); got != "a latte" {
		t.Errorf("custom file: %q", got)
	}
	if _, err := LoadSynonyms(filepath.Join(t.TempDir(), "missing.txt")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file: %v", err)
	}
}

// TestSynonymsReachSearch: a café's own file changes what is found.
func TestSynonymsReachSearch(t *testing.T) {
	ix := bundledIndex(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, "can i get a sandwich on GF bread", SearchOptions{K: 3, Mode: ModeLexical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if PassageRank(res.Hits, PassageCase{Source: "menu/dietary-guide.md", Contains: "Any sandwich can be made on gluten-free bread"}) == 0 {
		t.Errorf("GF bread with the bundled synonyms: %v", hitSources(res))
	}
	none := &Synonyms{}
	res, err = ix.Search(ctx, "gf", SearchOptions{K: 3, Mode: ModeLexical, Synonyms: none}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 {
		t.Errorf("without synonyms \"gf\" found %v", hitSources(res))
	}
}

func FuzzParseSynonyms(f *testing.F) {
	f.Add(string(defaultSynonyms))
	f.Add("a = b\n= \n c =, d")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSynonyms("fuzz", []byte(in))
		if err != nil {
			var se *SynonymError
			if !errors.As(err, &se) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		for i := 1; i < len(s.rules); i++ {
			if len(s.rules[i].from) > len(s.rules[i-1].from) {
				t.Fatal("rules not longest first")
			}
		}
		ws := words(in)
		_ = s.rewrite(ws)
		for _, g := range queryGroups(ws, stemAll(ws), s.spans(ws)) {
			if len(g) == 0 {
				t.Fatal("empty query group")
			}
			for _, a := range g {
				if len(a.stems) == 0 {
					t.Fatal("a way of saying a group with no stems")
				}
			}
		}
	})
}

func TestCachedSynonyms(t *testing.T) {
	p := filepath.Join(t.TempDir(), "syn.txt")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("latte = flat\n")
	a, err := CachedSynonyms(p)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := CachedSynonyms(p); b != a {
		t.Error("unchanged file read again")
	}
	write("mocha = chocolate coffee\n")
	c, err := CachedSynonyms(p)
	if err != nil || c == a {
		t.Fatalf("edited file not picked up: %v", err)
	}
	write("broken line\n")
	if _, err := CachedSynonyms(p); err == nil {
		t.Error("broken file accepted")
	}
}

// TestStemMemo: the cached stem is the stemmer's, for the words with
// exceptions and spellings too, and the cache stops growing at its bound
// however many distinct words a file holds.
func TestStemMemo(t *testing.T) {
	for _, w := range []string{"openings", "opening", "optional", "options", "colour", "flavoured", "highchairs", "4.5", "running"} {
		for range 2 { // the second call reads the cache
			if got, want := stem(w), stemWord(w); got != want {
				t.Errorf("stem(%q) = %q, want %q", w, got, want)
			}
		}
	}
	for i := range stemMemoMax + 1000 {
		w := "zq" + strconv.Itoa(i) + "ing"
		if got, want := stem(w), stemWord(w); got != want {
			t.Fatalf("stem(%q) = %q, want %q", w, got, want)
		}
	}
	if n := stemMemoN.Load(); n > stemMemoMax {
		t.Errorf("stem cache holds %d words, bound %d", n, stemMemoMax)
	}
}
