package retrieval

import (
	"slices"
	"strings"
)

// A question often names a store more loosely than its name or any
// nickname: "the harbour cafe" for the store nicknamed "down at the
// harbour", "the principal store" for Principale, "the loft" for a room
// of one store. The rules here run only when no name or alias matched,
// and each needs more than a word: a place noun after it, or (for a room)
// "the"/"at"/"in" before it and its store's own pages naming it.

// loosePlaceNouns follow a store's distinctive word to name the store:
// "the harbour cafe", "the champlain one".
var loosePlaceNouns = map[string]bool{
	"cafe": true, "shop": true, "store": true, "one": true, "branch": true, "location": true, "kiosk": true,
}

// looseBefore are the words before a room that make it a place: "at the
// loft", "to the loft".
var looseBefore = map[string]bool{"the": true, "at": true, "in": true, "into": true, "to": true, "from": true}

// looseStopWords are never a store's distinctive word.
var looseStopWords = map[string]bool{
	"down": true, "near": true, "by": true, "up": true, "over": true, "one": true, "with": true, "what": true,
	"people": true, "call": true, "place": true, "places": true, "it": true, "is": true, "our": true, "your": true, "there": true, "here": true,
}

// looseWordStore returns, for each word that one store's name or
// nicknames have and no other store's, that store (an index into
// l.names). Generic words, short words and chainWord words are left out.
func looseWordStore(names []string, aliases map[string][]string, chainWord func(string) bool) map[string]int {
	owner := map[string]int{}
	for i, n := range names {
		ws := locWords(n)
		for _, p := range aliases[n] {
			ws = append(ws, locWords(p)...)
		}
		for _, w := range uniq(ws) {
			if o, ok := owner[w]; ok && o != i {
				owner[w] = -1
			} else if !ok {
				owner[w] = i
			}
		}
	}
	out := map[string]int{}
	for w, i := range owner {
		if i < 0 || len(w) < 4 || genericPlaceWords[w] || looseStopWords[w] || notAfterLocation[w] ||
			loosePlaceNouns[w] || (chainWord != nil && chainWord(w)) {
			continue
		}
		out[w] = i
	}
	return out
}

// looseFind names a store from a distinctive word and a place noun
// ("the harbour cafe"), a misspelt name word of six letters or more
// before a place noun ("the principal store"), or a
// room of one store after "the"/"at"/"in" ("to the loft"). known reports
// whether a word is one the documents use (so it is no typo). fix maps
// each misspelt word to the name word it stands for.
func (l *locator) looseFind(ws []string, known func(string) bool) (locs []int, mention []string, fix map[string]string) {
	if l == nil || len(ws) == 0 {
		return nil, nil, nil
	}
	norm := make([]string, len(ws))
	for i, w := range ws {
		norm[i] = locationAbbrevOf(w)
	}
	addLoc := func(i int, m []string) {
		if !slices.Contains(locs, i) {
			locs = append(locs, i)
		}
		mention = append(mention, m...)
	}
	for i := 0; i < len(norm); i++ {
		// a room: "the loft", "at the arrivals hatch"
		if i > 0 && looseBefore[norm[i-1]] {
			matched := false
			for _, r := range l.rooms {
				end := i + len(r.words)
				if end <= len(norm) && slices.Equal(norm[i:end], r.words) && (end == len(norm) || !notAfterLocation[norm[end]]) {
					addLoc(r.loc, ws[i:end])
					i, matched = end-1, true
					break
				}
			}
			if matched {
				continue
			}
		}
		next := ""
		if i+1 < len(norm) {
			next = norm[i+1]
		}
		// both rules below need a place noun after the word: "the
		// principle behind tide points" is English, not a misspelt store
		if !loosePlaceNouns[next] {
			continue
		}
		w := norm[i]
		if s, ok := l.loose[w]; ok {
			addLoc(s, ws[i:i+2])
			i++
			continue
		}
		if s, word := l.typoStore(w, known); s >= 0 {
			if fix == nil {
				fix = map[string]string{}
			}
			fix[ws[i]] = word
			addLoc(s, ws[i:i+2])
			i++
		}
	}
	slices.Sort(locs)
	return locs, mention, fix
}

// typoStore returns the store one of whose distinctive name words of six
// letters or more w misspells (edit distance 1 or 2, and no other store's
// word as close) and that word, or -1. A word the documents use is no
// typo (known).
func (l *locator) typoStore(w string, known func(string) bool) (int, string) {
	if len(w) < 6 || genericPlaceWords[w] || looseStopWords[w] {
		return -1, ""
	}
	if _, ok := l.loose[w]; ok {
		return -1, "" // a name word itself, handled as a name
	}
	best, bestD, tie := -1, 3, false
	var bestWord string
	for s, i := range l.loose {
		if len(s) < 6 || !l.nameWord[s] {
			continue
		}
		d := editDistance(w, s, 2)
		if d < 1 || d > 2 {
			continue
		}
		switch {
		case d < bestD:
			best, bestD, tie, bestWord = i, d, false, s
		case d == bestD && i != best:
			tie = true
		}
	}
	if best < 0 || tie {
		return -1, ""
	}
	// "stations" is the kiosk's word with an s: the same word, not a typo
	if stem(w) == stem(bestWord) {
		return best, bestWord
	}
	if known != nil && known(w) {
		return -1, ""
	}
	return best, bestWord
}

// afterThe calls fn with what follows each "the " in text: a name of one
// or two capitalised words (capital; "the Loft", "the Arrivals hatch" is
// "Arrivals"; also after "**The", a list item's bold start), or a lower-
// case word ("the level access"). By hand: a regexp took 0.3 s over
// 10,000 chunks.
func afterThe(text string, fn func(name string, capital bool)) {
	for i := 0; ; {
		j := strings.Index(text[i:], "he ")
		if j < 0 {
			return
		}
		at := i + j // the "h"
		i = at + 3
		if at == 0 {
			continue
		}
		t := text[at-1]
		switch {
		case t == 't' && (at == 1 || !isWordByte(text[at-2])):
		case t == 'T' && at >= 3 && text[at-3:at-1] == "**":
		default:
			continue
		}
		first := wordAt(text, i)
		if first == "" {
			continue
		}
		if first[0] >= 'a' && first[0] <= 'z' {
			if isLowerWord(first) {
				fn(first, false)
			}
			continue
		}
		if !isCapitalWord(first) {
			continue
		}
		name := first
		if k := i + len(first); k+1 < len(text) && text[k] == ' ' {
			if second := wordAt(text, k+1); isCapitalWord(second) {
				name += " " + second
			}
		}
		fn(name, true)
	}
}

// wordAt returns the run of ASCII letters at text[i:].
func wordAt(text string, i int) string {
	j := i
	for j < len(text) && (text[j]|0x20 >= 'a' && text[j]|0x20 <= 'z') {
		j++
	}
	if j < len(text) && (isWordByte(text[j]) || text[j] >= 0x80) {
		return "" // runs on into digits or a letter beyond ASCII
	}
	return text[i:j]
}

func isWordByte(c byte) bool {
	return c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9' || c == '_'
}

func isLowerWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}

// isCapitalWord is a word such as "Loft": one capital, then lower case.
func isCapitalWord(w string) bool {
	return len(w) >= 2 && w[0] >= 'A' && w[0] <= 'Z' && isLowerWord(w[1:])
}

// learnRooms finds the rooms and areas each store's own chunks name ("the
// Loft", "the Arrivals hall") that no other store's own chunks name: a
// question about "the loft" is about that store. chainWord reports the
// chain's own words, which name no room. It returns store name → rooms.
func learnRooms(names []string, storeOf func(i int) string, texts []string, aliases map[string][]string, chainWord func(string) bool) map[string][]string {
	byName := map[string]string{} // locationKey → name
	for _, n := range names {
		byName[locationKey(n)] = n
	}
	owner := map[string]string{} // room key → store key, "" when two share it
	times := map[string]int{}    // how often its store's chunks write it capitalised
	lower := map[string]bool{}   // words the stores' chunks write in lower case after "the"
	for i, text := range texts {
		k := storeOf(i)
		if k == "" {
			continue
		}
		afterThe(text, func(name string, capital bool) {
			if !capital {
				lower[name] = true
				return
			}
			room := strings.Join(locWords(name), " ")
			times[room]++
			if o, ok := owner[room]; ok && o != k {
				owner[room] = ""
			} else if !ok {
				owner[room] = k
			}
		})
	}
	// a room is named so more than once, and never written in lower case
	// after "the" on a store's page: "the Level" once is a heading's
	// capital, "the level access" an everyday word
	for room := range owner {
		first, _, _ := strings.Cut(room, " ")
		if times[room] < 2 || lower[first] {
			owner[room] = ""
		}
	}
	// a word of a store's name or nickname is that store's already, or
	// another's: it is no room
	nameWords := map[string]bool{}
	for _, n := range names {
		for _, w := range locWords(n) {
			nameWords[w] = true
		}
		for _, a := range aliases[n] {
			for _, w := range locWords(a) {
				nameWords[w] = true
			}
		}
	}
	out := map[string][]string{}
	for room, k := range owner {
		if k == "" || byName[k] == "" || !roomLike(room, nameWords, chainWord) {
			continue
		}
		out[byName[k]] = append(out[byName[k]], room)
	}
	for _, rs := range out {
		slices.Sort(rs)
	}
	return out
}

// roomLike reports whether a capitalised phrase can be a room's name: no
// generic, dish or calendar word, no word of a store's name, none of the
// chain's words.
func roomLike(room string, nameWords map[string]bool, chainWord func(string) bool) bool {
	ws := strings.Fields(room)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if len(w) < 3 || genericPlaceWords[w] || notAfterLocation[w] || looseStopWords[w] || calendarWords[w] ||
			nameWords[w] || (chainWord != nil && chainWord(w)) {
			return false
		}
	}
	return true
}

// calendarWords are days, months and seasons: "the Monday", "the
// Holidays" name a time, not a room.
var calendarWords = map[string]bool{
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"spring": true, "summer": true, "fall": true, "autumn": true, "winter": true, "holidays": true, "holiday": true,
	"christmas": true, "easter": true, "weekend": true, "weekends": true,
}

// chainWords returns the words of the chain's own name: those in the
// titles of two or more pages that are no store's ("Tidewater Roasters –
// Rewards", "Tidewater Roasters – Careers"), or of two stores' pages.
// titles maps each page's title to its store's key ("" for the chain's).
func chainWords(titles map[string]string) map[string]bool {
	chain := map[string]int{}
	stores := map[string]map[string]bool{}
	for title, k := range titles {
		for _, w := range uniq(locWords(title)) {
			if k == "" {
				chain[w]++
				continue
			}
			if stores[w] == nil {
				stores[w] = map[string]bool{}
			}
			stores[w][k] = true
		}
	}
	out := map[string]bool{}
	for w, n := range chain {
		if n >= 2 {
			out[w] = true
		}
	}
	for w, ks := range stores {
		if len(ks) >= 2 {
			out[w] = true
		}
	}
	return out
}

// learnLoose fills what looseFind reads: the stores' distinctive words
// (from their names and aliases), their names' words, and their rooms
// (store name → room phrases).
func (l *locator) learnLoose(aliases map[string][]string, chainWord func(string) bool, rooms map[string][]string) {
	l.dropChainWords(chainWord)
	l.loose = looseWordStore(l.names, aliases, chainWord)
	l.nameWord = map[string]bool{}
	for _, n := range l.names {
		for _, w := range locWords(n) {
			l.nameWord[w] = true
		}
	}
	l.rooms = nil
	for i, n := range l.names {
		for k, rs := range rooms {
			if locationKey(k) != locationKey(n) {
				continue
			}
			for _, r := range rs {
				l.rooms = append(l.rooms, locAlias{words: strings.Fields(r), loc: i})
			}
		}
	}
	slices.SortStableFunc(l.rooms, func(a, b locAlias) int { return len(b.words) - len(a.words) })
}

// mobileWords are what people call a store on wheels, whichever of them
// its pages use: "the little blue van" is the chain's cart.
var mobileWords = []string{"cart", "van", "truck"}

// mobileAliases gives the one store that a page or directory calls a
// cart, van or truck ("the Cart", "Bessie (coffee cart)", "food truck")
// the other two words as aliases ("the van", "the truck"). Two such
// stores share the words, so neither gets them. It reports whether it
// added any.
func mobileAliases(names []string, aliases map[string][]string) bool {
	mobile := ""
	for _, n := range names {
		ws := locWords(n)
		for _, a := range aliases[n] {
			ws = append(ws, locWords(a)...)
		}
		if slices.ContainsFunc(ws, func(w string) bool { return slices.Contains(mobileWords, w) }) {
			if mobile != "" {
				return false
			}
			mobile = n
		}
	}
	if mobile == "" {
		return false
	}
	added := false
	for _, w := range mobileWords {
		if a := "the " + w; !slices.ContainsFunc(aliases[mobile], func(x string) bool { return locationKey(x) == a }) {
			aliases[mobile] = append(aliases[mobile], a)
			added = true
		}
	}
	return added
}

// placeKindWords are the kinds of building a store can stand in, each
// with the words its own page or address uses for it: "the mall one" is
// the store in a shopping centre, whatever the centre is called.
var placeKindWords = []struct {
	alias string
	words []string
}{
	{"the mall", []string{"mall", "shopping centre", "shopping center", "shopping centre's", "food court"}},
	{"the hospital", []string{"hospital"}},
	{"the airport", []string{"airport", "airside", "departure lounge"}},
	{"the hawker", []string{"hawker", "food centre"}},
}

// kindAliases gives the one store whose name, aliases or opening text
// (texts, by name) puts it in a kind of building (placeKindWords) that
// kind's alias ("the mall", "the hospital"); a kind two stores share
// names neither. It reports whether it added any.
func kindAliases(names []string, aliases map[string][]string, texts map[string]string) bool {
	// each store's words once, not once per kind: the openings are the
	// longest part (a re-read only for a store that gained an alias)
	read := func(n string) string {
		return " " + strings.Join(locWords(n+" "+strings.Join(aliases[n], " ")+" "+texts[n]), " ") + " "
	}
	words := make(map[string]string, len(names))
	for _, n := range names {
		words[n] = read(n)
	}
	added := false
	for _, k := range placeKindWords {
		kws := make([]string, len(k.words))
		for i, w := range k.words {
			kws[i] = " " + strings.Join(locWords(w), " ") + " "
		}
		owner := ""
		for _, n := range names {
			text := words[n]
			if !slices.ContainsFunc(kws, func(w string) bool { return strings.Contains(text, w) }) {
				continue
			}
			if owner != "" {
				owner = "-"
				break
			}
			owner = n
		}
		if owner == "" || owner == "-" || slices.ContainsFunc(aliases[owner], func(x string) bool { return locationKey(x) == k.alias }) {
			continue
		}
		aliases[owner] = append(aliases[owner], k.alias)
		words[owner] = read(owner)
		added = true
	}
	return added
}

// dropChainWords drops the one-word short names (a word of one store's
// name) that are the chain's words: "coffee" of "Gallán Coffee Cuan Mór"
// is the company's "Gallán Coffee Co.", and "where can i get coffee"
// names no store.
func (l *locator) dropChainWords(chainWord func(string) bool) {
	if chainWord == nil {
		return
	}
	l.aliases = slices.DeleteFunc(l.aliases, func(a locAlias) bool {
		return !a.full && len(a.words) == 1 && chainWord(a.words[0]) && !l.fullWord(a.words[0])
	})
}

// fullWord reports a word that is a whole name or alias of its own.
func (l *locator) fullWord(w string) bool {
	for _, a := range l.aliases {
		if a.full && len(a.words) == 1 && a.words[0] == w {
			return true
		}
	}
	return false
}

// knownWord reports whether the documents use w (its stem is a term of
// the index): such a word is no typo of a store's name.
func (st *state) knownWord(w string) bool {
	_, ok := st.lex.ids[stem(w)]
	return ok
}

// learnLooseNames learns the chain's words and each store's rooms from
// the snapshot's chunks once their stores are known (effLoc), and gives
// them to the snapshot's locator; company is companyWords of the
// snapshot's documents.
func (st *state) learnLooseNames(company map[string]bool) {
	if st.locs == nil {
		return
	}
	mobile := mobileAliases(st.locNames, st.aliases)
	if kindAliases(st.locNames, st.aliases, st.storeOpenings()) || mobile {
		st.locs = newLocator(st.locNames, st.aliases)
	}
	// chainWord asks of every word of every name and alias; the names'
	// words are split once here, not per question
	st.nameWords = map[string]bool{}
	for _, l := range st.locNames {
		for _, w := range locWords(l) {
			st.nameWords[w] = true
		}
	}
	titles := map[string]string{} // a page's title → its store's key
	texts := make([]string, len(st.chunks))
	for s := range fileChunks(st.files, st.chunks) {
		cs := s.chunks
		for j := range cs {
			texts[s.off+j] = cs[j].text
		}
		if len(cs) > 0 {
			titles[pageTitle(s.file.title, cs[0].section)] = st.effLoc[s.off]
		}
	}
	st.chain = chainWords(titles)
	// the company's name ("Gallán Coffee Co.") names no store, though a
	// store's name may carry its words ("Gallán Coffee Cuan Mór")
	for w := range company {
		if st.chain == nil {
			st.chain = map[string]bool{}
		}
		st.chain[w] = true
	}
	st.rooms = learnRooms(st.locNames, func(i int) string {
		if st.sectionLoc[i] {
			return "" // a chain page's section that merely names a store
		}
		return st.effLoc[i]
	}, texts, st.aliases, st.chainWord)
	st.locs.learnLoose(st.aliases, st.chainWord, st.rooms)
}

// chainWord reports whether w names no one store: a word of the chain's
// name (chainWords), or a nickname's word more than one chunk in eight
// uses ("coffee"), the café's everyday word: "a coffee shop" names no
// store. A word of a store's own name is its, however often its pages
// say it.
func (st *state) chainWord(w string) bool {
	if st.chain[w] {
		return true
	}
	if st.nameWords[w] {
		return false
	}
	id, ok := st.lex.ids[stem(w)]
	n := len(st.chunks)
	return ok && n >= 20 && 8*len(st.lex.post[id]) > n
}

// storeOpenings returns, for each store, what its own pages say of it
// first: their front matter's address and kind, and the opening of each
// page's first chunk (where a store page says what building it is in).
func (st *state) storeOpenings() map[string]string {
	byKey := map[string]string{}
	for _, n := range st.locNames {
		byKey[locationKey(n)] = n
	}
	out := map[string]string{}
	for s := range fileChunks(st.files, st.chunks) {
		if len(s.chunks) == 0 || st.sectionLoc[s.off] {
			continue
		}
		n, ok := byKey[st.effLoc[s.off]]
		if !ok {
			continue
		}
		text := s.chunks[0].text
		if len(text) > 400 {
			text = text[:400]
		}
		out[n] += " " + s.file.address + " " + s.file.kind + " " + text
	}
	return out
}
