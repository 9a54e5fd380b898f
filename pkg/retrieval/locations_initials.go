package retrieval

import (
	"slices"
	"strings"
	"unicode"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// A store's initials: regulars write "MS" for Main Street, "GQ" for
// Gallán at the Quay, "LG" for Comptoir Mésange Lionel-Groulx, "VP" for
// Vieux-Port. The initials are those of the words of a store's name or
// alias that say which store it is: all its words but articles and
// links ("at the", "chez"), then without the chain's words (the brand),
// then also without the words for a kind of store ("comptoir", "kiosk").
// A spelling two stores share names neither. It runs only when nothing
// else named a store (plan, after looseFind), and a token counts as
// initials only written in capitals: "lg latte" is a large one, "ms" no
// store, and "vp of sales" a person. Measured on the dev cafés' tune
// halves: seven questions scoped ("MS", "GQ", "VP" three times, "SH",
// "LG"), hit@1 +1; in small letters too (where no common two-letter word
// and no word of the index), none more.

// initialLinks are the words a name's initials skip.
var initialLinks = map[string]bool{
	"at": true, "the": true, "of": true, "on": true, "and": true, "in": true, "by": true,
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true,
	"el": true, "los": true, "las": true, "y": true, "et": true, "chez": true, "da": true, "di": true, "do": true,
	"sa": true, "ng": true, "die": true, "het": true, "van": true, "der": true,
}

// initialKinds are the words for a kind of store, which the shortest
// initials leave out ("Comptoir Mésange Lionel-Groulx" is "LG").
var initialKinds = map[string]bool{
	"cafe": true, "coffee": true, "co": true, "kiosk": true, "kiosque": true, "quiosc": true, "quiosco": true,
	"comptoir": true, "counter": true, "express": true, "roastery": true, "brulerie": true, "stall": true,
	"stand": true, "cart": true, "truck": true, "house": true, "shop": true, "store": true, "branch": true,
	"bar": true, "bakery": true, "obrador": true, "tostaduria": true, "casa": true, "sala": true,
}

// capsWords are the words questions write in capitals that are no
// store's initials: times, diets, sizes, "ATM", "ID", "FAQ".
var capsWords = map[string]bool{
	"am": true, "pm": true, "ok": true, "id": true, "gf": true, "df": true, "vg": true, "xl": true, "atm": true,
	"usa": true, "uk": true, "us": true, "eu": true, "tv": true, "dm": true, "pos": true, "faq": true, "app": true,
	"asap": true, "fyi": true, "lol": true, "omg": true, "wtf": true, "pls": true, "thx": true, "btw": true, "hq": true,
}

// initialsOf returns the initials spellings of one name (see above), each
// of two or three letters.
func initialsOf(name string, chainWord func(string) bool) []string {
	var all, noBrand, noKind []string
	for _, w := range rawWords(name) {
		if w == "" || initialLinks[w] || !unicode.IsLetter([]rune(w)[0]) {
			continue
		}
		all = append(all, w)
		if chainWord != nil && chainWord(w) {
			continue
		}
		noBrand = append(noBrand, w)
		if !initialKinds[w] {
			noKind = append(noKind, w)
		}
	}
	var out []string
	for _, ws := range [][]string{all, noBrand, noKind} {
		if len(ws) < 2 || len(ws) > 3 {
			continue
		}
		var b strings.Builder
		for _, w := range ws {
			b.WriteRune([]rune(w)[0])
		}
		if s := b.String(); !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// initialsIndex maps each initials spelling to the one store (an index
// into l.names) that has it, from the stores' names and aliases.
func (l *locator) initialsIndex(aliases map[string][]string, chainWord func(string) bool) map[string]int {
	owner := map[string]int{}
	for i, n := range l.names {
		for _, p := range append([]string{n}, aliases[n]...) {
			for _, s := range initialsOf(p, chainWord) {
				if o, ok := owner[s]; ok && o != i {
					owner[s] = -1
				} else if !ok {
					owner[s] = i
				}
			}
		}
	}
	for s, i := range owner {
		if i < 0 {
			delete(owner, s)
		}
	}
	return owner
}

// initialsFind returns the store whose initials a token of query written
// in capitals is (see above) and the token, lower-cased.
func (l *locator) initialsFind(query string, aliases map[string][]string, chainWord func(string) bool) ([]int, []string) {
	var idx map[string]int
	for _, tok := range strings.FieldsFunc(textnorm.FoldDiacritics(query), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		rs := []rune(tok)
		if len(rs) < 2 || len(rs) > 3 || !allUpper(rs) {
			continue
		}
		w := strings.ToLower(tok)
		if capsWords[w] {
			continue
		}
		if idx == nil {
			idx = l.initialsIndex(aliases, chainWord)
		}
		if i, ok := idx[w]; ok {
			return []int{i}, []string{w}
		}
	}
	return nil, nil
}

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
