package retrieval

import (
	"strings"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Stores named by a landmark. Customers name a store by what is near it or
// what it is in: "the mall one", "the one next to checkers", "the coffee
// shop at the university", "la de la uni", "el quiosco de la playa". No
// name or nickname of the store says "mall" or "checkers", but its own page
// does ("inside Balinsay Gateway Mall", "next to Checkers") and no other
// store's page does. So when nothing else named a store, a word in such a
// phrase that exactly one store's own chunks hold (storeShares) names that
// store. The phrase matters: a word one store's page holds, said anywhere
// in a question ("is the lake walk open"), is the topic, not a store.

// landmarkNouns are the words for one store a landmark phrase hangs on,
// besides storeNouns: a store on wheels or a hut, and the French and
// Spanish words for a shop.
var landmarkNouns = map[string]bool{
	"trailer": true, "van": true, "hut": true, "stand": true,
	"quiosco": true, "tienda": true, "local": true, "puesto": true, "cafeteria": true, "sucursal": true,
	"kiosque": true, "comptoir": true, "succursale": true, "boutique": true,
}

// landmarkPreps lead the landmark after a store noun: "the one near the
// park", "the shop at the university", "el quiosco de la playa".
var landmarkPreps = map[string]bool{
	"near": true, "by": true, "at": true, "in": true, "inside": true, "opposite": true, "beside": true,
	"behind": true, "across": true, "next": true, "off": true, "de": true, "del": true, "pres": true,
	"près": true, "cerca": true, "dans": true, "au": true,
}

// landmarkLinks may stand between a preposition and the landmark ("next
// to the", "de la", "across from").
var landmarkLinks = map[string]bool{
	"the": true, "to": true, "from": true, "la": true, "el": true, "le": true, "l": true, "los": true,
	"las": true, "les": true, "des": true, "du": true,
}

// landmarkSkip are words that say which store but name no landmark
// ("the same one", "the other shop").
var landmarkSkip = map[string]bool{
	"same": true, "other": true, "nearest": true, "closest": true, "next": true, "this": true, "that": true,
	"new": true, "old": true, "usual": true, "first": true, "last": true,
}

// landmarkArticles open a phrase for one store: "the mall one", and in
// Spanish "la de la U", "el de la playa".
var landmarkArticles = map[string]bool{"the": true, "la": true, "el": true, "le": true}

// landmarkWords returns the words of raw that a landmark phrase puts
// where a store's name would be: the one or two words between an article
// and a store noun ("the mall one", "the old quarter shop") and the word
// after a store noun and a preposition ("the one by the school", "the
// coffee trailer at the fair"). A word of the chain's name counts as a
// store noun ("la candela de la playa"), and in Spanish the article
// itself does ("la de la uni"). Function words end the words before the
// noun: "el roscón en tienda" puts nothing there.
func landmarkWords(raw []string, chainName func(string) bool) [][]string {
	lang := queryLang(raw)
	noun := func(i int) bool {
		w := raw[i]
		return storeNouns[w] || landmarkNouns[w] || (chainName != nil && chainName(w))
	}
	function := func(w string) bool {
		return textnorm.IsStopWord(w) || isLangStop(lang, w) || landmarkPreps[w] || landmarkLinks[w]
	}
	var out [][]string
	for i, w := range raw {
		if !landmarkArticles[w] {
			continue
		}
		j := i + 1
		for j < len(raw) && j < i+3 && !noun(j) && !function(raw[j]) {
			j++
		}
		pre := raw[i+1 : j]
		k := j
		for k < len(raw) && noun(k) {
			k++
		}
		switch {
		case k > j:
			if len(pre) > 0 {
				out = append(out, pre)
			}
		case j == i+1 && (w == "la" || w == "el"):
			// Spanish: the article stands for the store ("la de la U")
		default:
			continue
		}
		if k >= len(raw) || !landmarkPreps[raw[k]] {
			continue
		}
		k++
		for k < len(raw) && landmarkLinks[raw[k]] {
			k++
		}
		if k < len(raw) {
			out = append(out, raw[k:k+1])
		}
	}
	return out
}

// anyStopWord reports a function word of any language the index knows.
func anyStopWord(w string) bool {
	for _, l := range []textnorm.Lang{textnorm.English, textnorm.French, textnorm.Spanish, textnorm.Portuguese,
		textnorm.Italian, textnorm.German, textnorm.Dutch, textnorm.Afrikaans, textnorm.Swahili, textnorm.Tagalog,
		textnorm.Maori, textnorm.Vietnamese, textnorm.Hindi} {
		if textnorm.IsStopWordIn(l, w) {
			return true
		}
	}
	return false
}

// chainNameWords returns the words of the chain's own name that can stand
// for a store ("la candela de la playa", "the crestview tallgrass"): of
// the chain words (chainWords, which also gives "app" or "de" from pages'
// titles), those that two or more stores' names hold, and those in the
// most pages' titles and top headings: at least three and at least half
// as many as the chain word in the most. Function words and numbers are
// never one. Taken once per snapshot.
func chainNameWords(files []fileRec, chunks []chunk, chain map[string]bool, names []string) map[string]bool {
	ok := func(w string) bool {
		return chain[w] && !anyStopWord(w) && !isNumber(w) && !landmarkPreps[w] && !landmarkLinks[w]
	}
	out := map[string]bool{}
	inNames := map[string]int{}
	for _, n := range names {
		for _, w := range uniq(locWords(n)) {
			inNames[w]++
		}
	}
	for w, n := range inNames {
		if n >= 2 && ok(w) {
			out[w] = true
		}
	}
	inTitles := map[string]int{}
	for s := range fileChunks(files, chunks) {
		if len(s.chunks) == 0 {
			continue
		}
		top, _, _ := strings.Cut(s.chunks[0].section, " > ")
		for _, w := range uniq(append(locWords(s.file.title), locWords(top)...)) {
			if ok(w) {
				inTitles[w]++
			}
		}
	}
	most := 0
	for _, n := range inTitles {
		most = max(most, n)
	}
	for w, n := range inTitles {
		if n >= 3 && 2*n >= most {
			out[w] = true
		}
	}
	return out
}

// landmarkFind names the one store whose own chunks alone hold the words
// that a landmark phrase of raw puts where a store's name would be
// (landmarkWords): an index into loc.names and the words. Every word of a
// phrase must be that store's alone, so a name the pages never give does
// not name a store by its half ("the cau giay store", where only "cau"
// is on a page); stop words, chain words and short words are passed
// over. It names none when phrases point at two stores, or when the
// snapshot has fewer than minShareStores stores.
func (st *state) landmarkFind(raw []string, loc *locator) ([]int, []string) {
	if st.nStores < minShareStores || loc == nil {
		return nil, nil
	}
	found := -1
	var mention []string
	for _, phrase := range landmarkWords(raw, func(w string) bool { return st.chainName[w] }) {
		at := -1
		for _, w := range phrase {
			if len([]rune(w)) < 3 || looseStopWords[w] || landmarkSkip[w] || storeNouns[w] || landmarkNouns[w] || st.chainWord(w) || queryFiller[w] || textnorm.IsStopWord(w) {
				continue
			}
			s := st.soleStore(w, loc)
			if s < 0 || (at >= 0 && s != at) {
				at = -1
				break
			}
			at = s
		}
		if at < 0 {
			continue
		}
		if found >= 0 && found != at {
			return nil, nil // "the mall one or the station one": two stores
		}
		found = at
		for _, w := range phrase {
			if st.soleStore(w, loc) == at {
				mention = append(mention, w)
			}
		}
	}
	if found < 0 {
		return nil, nil
	}
	return []int{found}, mention
}

// soleStore is the store (an index into loc.names) whose own chunks alone
// hold w, or -1.
func (st *state) soleStore(w string, loc *locator) int {
	id, ok := st.lex.ids[stem(w)]
	if !ok || int(id) >= len(st.storeCount) || st.storeCount[id] != 1 {
		return -1
	}
	key := st.storeKeys[st.storeLast[id]-1]
	for i, n := range loc.names {
		if locationKey(n) == key {
			return i
		}
	}
	return -1
}
