package retrieval

import (
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Scope is the set of locations a search was limited to and why.
type Scope struct {
	// Locations are the locations whose own chunks rank first; chunks of
	// other locations are left out and chain-wide chunks stay. Empty means
	// the search was not scoped.
	Locations []string `json:"locations,omitempty"`
	// From says where the scope came from: ScopeFlag, ScopeQuery or
	// ScopeStore; "" when not scoped.
	From string `json:"from,omitempty"`
	// Mention is the words of the query that named the location(s).
	Mention string `json:"mention,omitempty"`
}

// Where a Scope came from.
const (
	// ScopeFlag is an explicit SearchOptions.Location (--location).
	ScopeFlag = "location"
	// ScopeQuery is a location the question names.
	ScopeQuery = "question"
	// ScopeStore is SearchOptions.Store, this terminal's own store.
	ScopeStore = "store"
)

// locationBoost multiplies the score of a chunk of a location in scope, so
// a store's own page beats the chain's general page on the same topic.
// On testdata/search/passages-tuned.jsonl, 1.25 gave location hit@3 98%
// (1.0: 94%, 1.5: 96%, 2: 96%, 3: 93%).
const locationBoost = 1.25

// faqWeight multiplies the score of an FAQ answer (a "question: ...
// answer: ..." record): an FAQ restates in a line what a page says in
// full, and the page is the passage to answer from. Measured over the
// tune halves and tuned sets (hit@1 summed over 449 questions): 1.0 361,
// 0.9 362, 0.8 363, 0.7 364, 0.6 363, 0.5 360.
const faqWeight = 0.7

// sectionLocationBoost is the smaller factor for a chain-wide document's
// section about the location: the store's own page on a topic outranks
// the chain's page on it.
const sectionLocationBoost = 1.1

// locationAbbrev are the spellings of location words that name the same
// place: "St" is "Street", "harbor" is "harbour".
var locationAbbrev = map[string]string{
	"st": "street", "str": "street", "rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane",
	"sq": "square", "blvd": "boulevard", "harbor": "harbour", "center": "centre", "uni": "university",
}

// genericPlaceWords never name a location on their own.
var genericPlaceWords = map[string]bool{
	"street": true, "road": true, "avenue": true, "lane": true, "square": true, "boulevard": true,
	"cafe": true, "store": true, "shop": true, "the": true, "and": true, "of": true, "on": true, "at": true,
	"north": true, "south": true, "east": true, "west": true, "new": true, "old": true, "main": true,
	// "where do i park at the roastery" names the Roastery, not the café
	// in Juniper Park
	"park": true,
	// what is left of "the big one" or "the little one" is not a name
	"big": true, "little": true, "small": true, "large": true, "first": true, "last": true, "other": true,
	// and of "la grande", "le grand", "la petite": a size of cup too
	"grande": true, "grand": true, "petit": true, "petite": true, "chico": true, "chica": true,
	// "the hawker one" names no "One Raffles Vista"
	"one": true,
	// a franchised store's nickname ("la franchise", "la franquicia")
	// is also what a question about opening one asks for
	"franchise": true, "franquicia": true,
	// the parts of a town an address gives ("Jayanagar 4th Block", "HSR
	// Layout", "Sector 2", "Brgy. Poblacion") are its streets' kin: "can
	// u block my card" names no "4th Block"
	"block": true, "sector": true, "phase": true, "layout": true, "cross": true, "brgy": true, "barangay": true,
	// a transit line's word in a station kiosk's name ("... Park MRT")
	// is how every store is reached: "which mrt exit for raffles vista"
	"mrt": true, "metro": true, "subway": true,
	// other languages' articles lead names ("Die Koffiekar") and
	// questions ("die kiosk in die hospitaal") alike
	"die": true, "het": true, "les": true, "los": true, "las": true, "der": true, "das": true, "des": true,
}

// leadingArticles are the articles a store's name may start with.
var leadingArticles = map[string]bool{"the": true, "die": true, "de": true, "het": true, "le": true, "la": true, "el": true, "der": true, "das": true}

// placeSuffix are words that, after a location's name, still name it.
var placeSuffix = map[string]bool{
	"street": true, "road": true, "avenue": true, "lane": true, "square": true, "boulevard": true,
	"cafe": true, "store": true, "shop": true, "one": true, "location": true, "branch": true,
}

// notAfterLocation are words that turn a location's name into something
// else: the "Elm Road Blend" is a coffee and "the Porch Special" a dish,
// not the café; "Riverside Nights" is an event series. Words for what a
// store serves generally ("the porch menu") are not here: that is still
// the store's.
var notAfterLocation = map[string]bool{
	"blend": true, "roastery": true, "special": true, "specials": true, "roast": true, "latte": true,
	"mocha": true, "sandwich": true, "toastie": true, "bowl": true, "platter": true, "hamper": true,
	"combo": true, "bundle": true, "subscription": true, "edition": true,
	"festival": true, "fest": true, "series": true, "club": true, "quiz": true, "nights": true,
}

// locator finds location mentions in a list of words.
type locator struct {
	names   []string // canonical location names, sorted
	aliases []locAlias
	// loose, nameWord and rooms serve looseFind (locations_loose.go):
	// each store's distinctive words, the words of the stores' names, and
	// rooms named on one store's own pages.
	loose    map[string]int
	nameWord map[string]bool
	rooms    []locAlias
}

type locAlias struct {
	words []string
	loc   int
	full  bool // a full name or a configured alias, not a derived short name
}

func locWords(s string) []string {
	ws := rawWords(s)
	for i, w := range ws {
		if a, ok := locationAbbrev[w]; ok {
			ws[i] = a
		}
	}
	return ws
}

// newLocator knows the given locations by their full names, by each word
// of a name that no other location shares (and that is not a generic
// word such as "street"), and by the extra aliases (location → phrases).
func newLocator(known []string, aliases map[string][]string) *locator {
	if locatorBuilt != nil {
		locatorBuilt() // derived.go: tests count the builds
	}
	byKey := map[string]string{}
	for _, n := range known {
		if k := locationKey(n); k != "" {
			byKey[k] = strings.TrimSpace(n)
		}
	}
	for n := range aliases {
		if k := locationKey(n); k != "" {
			if _, ok := byKey[k]; !ok {
				byKey[k] = strings.TrimSpace(n)
			}
		}
	}
	l := &locator{}
	for _, n := range byKey {
		l.names = append(l.names, n)
	}
	slices.Sort(l.names)
	index := map[string]int{}
	for i, n := range l.names {
		index[locationKey(n)] = i
	}
	// A word of one location's name names it alone only if no other
	// location's name or alias has it: "Tidewater" in "Tidewater on
	// Wheels" is the chain's word, which every store's full name has.
	wordCount := map[string]int{}
	for _, n := range l.names {
		ws := locWords(n)
		for _, p := range aliases[n] {
			ws = append(ws, locWords(p)...)
		}
		for _, w := range uniq(ws) {
			wordCount[w]++
		}
	}
	seen := map[string]bool{}
	add := func(ws []string, loc int, full bool) {
		key := strings.Join(ws, " ")
		if len(ws) == 0 || seen[key] {
			return
		}
		seen[key] = true
		l.aliases = append(l.aliases, locAlias{words: ws, loc: loc, full: full})
	}
	for i, n := range l.names {
		ws := locWords(n)
		add(ws, i, true)
		// "Die Koffiekar" is "Koffiekar" in a heading: a name's leading
		// article is no part of how it is written elsewhere
		if len(ws) > 1 && leadingArticles[ws[0]] {
			add(ws[1:], i, true)
		}
	}
	// in the names' order, not the map's: a phrase two locations' aliases
	// share is the first one's in both derivations of a snapshot and at
	// every open (add keeps the first)
	for _, n := range slices.Sorted(maps.Keys(aliases)) {
		i := index[locationKey(n)]
		for _, p := range aliases[n] {
			add(locWords(p), i, true)
			add(aliasWords(p), i, true)
		}
	}
	// a store open round the clock ("Tabok-Dagat 24/7", "the 24-hour")
	// is "the 24h", "the 24/7 branch" or "the 24hr store" in questions:
	// each spelling, after "the" or before a store word, as "within 24h"
	// names no store
	for i, n := range l.names {
		for _, p := range append([]string{n}, aliases[n]...) {
			if !roundTheClock(locWords(p)) {
				continue
			}
			for _, v := range clockSpellings {
				add(append([]string{"the"}, v...), i, true)
				for _, s := range []string{"branch", "cafe", "kiosk", "location", "one", "shop", "store"} {
					add(append(slices.Clone(v), s), i, true)
				}
			}
			break
		}
	}
	for i, n := range l.names {
		for _, w := range locWords(n) {
			if wordCount[w] == 1 && !genericPlaceWords[w] && len(w) > 2 {
				add([]string{w}, i, false)
			}
		}
	}
	slices.SortStableFunc(l.aliases, func(a, b locAlias) int { return len(b.words) - len(a.words) })
	return l
}

// clockSpellings are the ways a question writes "open 24 hours" of a store.
var clockSpellings = [][]string{{"24", "hour"}, {"24", "hours"}, {"24", "7"}, {"24h"}, {"24hr"}, {"24hrs"}, {"247"}}

// roundTheClock reports a name's words that say it is open round the
// clock: one of clockSpellings among them.
func roundTheClock(ws []string) bool {
	for i := range ws {
		for _, v := range clockSpellings {
			if i+len(v) <= len(ws) && slices.Equal(ws[i:i+len(v)], v) {
				return true
			}
		}
	}
	return false
}

func uniq(ws []string) []string {
	out := slices.Clone(ws)
	slices.Sort(out)
	return slices.Compact(out)
}

// find returns the locations named in ws (indexes into l.names, sorted)
// and the words that named them.
func (l *locator) find(ws []string) (locs []int, mention []string) {
	norm := make([]string, len(ws))
	for i, w := range ws {
		norm[i] = w
		if a, ok := locationAbbrev[w]; ok {
			norm[i] = a
		}
	}
	for i := 0; i < len(ws); {
		matched := false
		for _, a := range l.aliases {
			end := i + len(a.words)
			if end > len(ws) || !slices.Equal(norm[i:end], a.words) {
				continue
			}
			if end < len(ws) && notAfterLocation[norm[end]] {
				break // the longest name is followed by "blend": no location here
			}
			// "the elm cafe": a place word after the name is part of it.
			if end < len(ws) && placeSuffix[norm[end]] {
				end++
			}
			if !slices.Contains(locs, a.loc) {
				locs = append(locs, a.loc)
			}
			mention = append(mention, ws[i:end]...)
			i = end
			matched = true
			break
		}
		if !matched {
			i++
		}
	}
	slices.Sort(locs)
	return locs, mention
}

// switchMarkers move a conversation to another place: in "when does
// riverside close on friday what about harbour street?" (a follow-up
// searched with the message before it) only Harbour Street is meant.
var switchMarkers = [][]string{{"what", "about"}, {"how", "about"}, {"same", "for"}, {"same", "at"}}

// findLast is find, but when a switch marker is followed by a location,
// only the locations after the last such marker count.
func (l *locator) findLast(ws []string) (locs []int, mention []string) {
	for i := len(ws) - 2; i >= 0; i-- {
		for _, m := range switchMarkers {
			if i+len(m) <= len(ws) && slices.Equal(ws[i:i+len(m)], m) {
				if locs, mention := l.find(ws[i+len(m):]); len(locs) > 0 {
					return locs, mention
				}
			}
		}
	}
	return l.find(ws)
}

// sectionLocation returns the location a chunk's section heading names
// when a heading below the document title starts with a location's name
// ("Parking > Elm Road", "Harbour Street: our dog-friendly café"), or -1.
func (l *locator) sectionLocation(section string) int {
	parts := strings.Split(section, " > ")
	for _, p := range parts[min(1, len(parts)):] {
		if loc := l.headingLocation(p); loc >= 0 {
			return loc
		}
	}
	return -1
}

// headingLocation is the location one heading opens with by a full name
// or a configured alias, or -1.
func (l *locator) headingLocation(heading string) int {
	ws := locWords(heading)
	for _, a := range l.aliases {
		if a.full && len(a.words) <= len(ws) && slices.Equal(ws[:len(a.words)], a.words) {
			if len(ws) > len(a.words) && notAfterLocation[ws[len(a.words)]] {
				return -1 // "The Porch Special" on the menu is a dish
			}
			return a.loc
		}
	}
	return -1
}

// queryPlan is a query resolved for one search: its scope and its stems
// once synonyms are applied.
type queryPlan struct {
	scope  Scope
	keys   []string // locationKey of each scoped location
	groups []qgroup
	// weight is the BM25 weight of stems that count other than 1.
	weight map[string]float64
	// cues are the chunk features the question asks for (see questionCues).
	cues uint8
	// place holds the term ids of the words that named the location.
	place []uint32
	// oneStore is set when the words say one store is meant though none
	// was found ("at the pier cafe"; oneStoreMeant).
	oneStore bool
}

// plan resolves query under opt against the snapshot's locations.
func (st *state) plan(query string, opt SearchOptions) queryPlan {
	syn := opt.Synonyms
	if syn == nil {
		syn = DefaultSynonyms()
	}
	raw := words(query)
	respellChat(raw)
	stems := stemAll(raw)
	spans := syn.spansOf(raw, stems)
	ws := joinSpans(raw, spans)
	opt.Location, opt.Store = strings.TrimSpace(opt.Location), strings.TrimSpace(opt.Store)
	var p queryPlan
	var abbrev map[string]string // a location mention's short words → full
	known := st.locNames
	if opt.Location != "" {
		known = append(slices.Clone(known), opt.Location)
	}
	if opt.Store != "" {
		known = append(slices.Clone(known), opt.Store)
	}
	if len(known) > 0 || len(opt.Aliases) > 0 {
		loc := st.locs
		var aliases map[string][]string // the query's own locator's, when it has one
		if loc == nil || len(opt.Aliases) > 0 || len(known) != len(st.locNames) {
			aliases = mergeAliases(known, st.aliases, opt.Aliases, st.locs)
			loc = newLocator(known, aliases)
			loc.dropChainWords(st.chainWord)
		}
		// The name stays in the query: it also finds the part of a
		// chain-wide page about that location (the Wi-Fi card's
		// "Harbour Street ...... 1 hour"). Taking it out lowered location
		// hit@3 on the tuned set from 96% to 82%.
		locs, mention := loc.findLast(ws)
		var fix map[string]string // a misspelt name's words → the name's
		if len(locs) > 0 && renamedAfter(raw, mention) {
			// the synonyms turned "the porch special" into "the porch
			// promotion": the customer's own words name a dish
			locs, mention = nil, nil
		}
		if len(locs) == 0 {
			// a name with a synonym's word in it ("the big shop")
			locs, mention = loc.findLast(raw)
		}
		if len(locs) == 0 && possessive.MatchString(query) {
			// "the porch's address": the tokeniser reads "porchs"
			locs, mention = loc.findLast(rawWords(possessive.ReplaceAllString(query, "")))
		}
		if len(locs) == 0 {
			// "the harbour cafe", "the principal store", "to the loft"
			if loc != st.locs {
				loc.learnLoose(aliases, st.chainWord, st.rooms)
			}
			locs, mention, fix = loc.looseFind(raw, st.knownWord)
		}
		if len(locs) == 0 {
			// "is MS open early for paddy's day": a store's initials
			as := aliases
			if loc == st.locs {
				as = st.aliases
			}
			locs, mention = loc.initialsFind(query, as, st.chainWord)
		}
		if len(locs) == 0 {
			// "the mall one", "la de la uni": a landmark only one
			// store's own pages give
			locs, mention = st.landmarkFind(raw, loc)
		}
		switch {
		case opt.Location != "":
			p.scope = Scope{Locations: []string{strings.TrimSpace(opt.Location)}, From: ScopeFlag}
		case len(locs) > 0:
			p.scope = Scope{From: ScopeQuery, Mention: strings.Join(mention, " ")}
			for _, l := range locs {
				p.scope.Locations = append(p.scope.Locations, loc.names[l])
			}
			for _, w := range mention {
				if f, ok := fix[w]; ok {
					w = f
				}
				if id, ok := st.lex.ids[stem(locationAbbrevOf(w))]; ok {
					p.place = append(p.place, id)
				}
			}
			// "harbor st" searches "harbour street": the short "st" would
			// find the bus stop "Harbour St & Pier 3" instead.
			for _, w := range mention {
				a, ok := locationAbbrev[w]
				if f, typo := fix[w]; typo {
					// "the principal store" searches "principale"
					a, ok = f, true
				}
				if ok {
					if abbrev == nil {
						abbrev = map[string]string{}
					}
					abbrev[w] = a
				}
			}
		case opt.Store != "":
			p.scope = Scope{Locations: []string{strings.TrimSpace(opt.Store)}, From: ScopeStore}
		}
	}
	for _, l := range p.scope.Locations {
		p.keys = append(p.keys, locationKey(l))
	}
	if abbrev != nil {
		for i, w := range raw {
			if a, ok := abbrev[w]; ok {
				raw[i], stems[i] = a, stem(a)
			}
		}
	}
	p.groups = queryGroups(raw, stems, spans)
	p.cues = questionCues(ws)
	p.oneStore = len(p.keys) == 0 && oneStoreMeant(raw)
	return p
}

// possessive is the "'s" of "the Porch's address".
var possessive = regexp.MustCompile(`(?i)\b['’]s\b`)

// renamedAfter reports whether the words that named a location are
// followed, in the query as the customer wrote it, by a word that makes
// them another thing's name (see notAfterLocation).
func renamedAfter(raw, mention []string) bool {
	n := len(mention)
	if n == 0 {
		return false
	}
	for i := 0; i+n <= len(raw); i++ {
		match := true
		for j := range mention {
			if locationAbbrevOf(raw[i+j]) != locationAbbrevOf(mention[j]) {
				match = false
				break
			}
		}
		if match && i+n < len(raw) && notAfterLocation[raw[i+n]] {
			return true
		}
	}
	return false
}

// keep returns the filter of a scoped search, nil when not scoped.
func (p queryPlan) keep(st *state) func(int) bool {
	if len(p.keys) == 0 {
		return nil
	}
	return func(doc int) bool {
		l := st.effLoc[doc]
		return l == "" || slices.Contains(p.keys, l)
	}
}

// credit marks the query terms that named the location, so a location's
// own chunks count them as covered (see lexQuery.own).
func (p queryPlan) credit(st *state, q *lexQuery) {
	if len(p.place) == 0 || len(p.keys) == 0 {
		return
	}
	seen := map[uint32]bool{}
	for i := range q.terms {
		t := &q.terms[i]
		if slices.Contains(p.place, t.id) && q.terms[0].group >= 0 && len(q.terms) > 0 {
			t.place = true
			if !seen[t.id] {
				seen[t.id] = true
				q.placeIDF += t.idf
			}
		}
	}
	if q.placeIDF == 0 {
		return
	}
	q.own = func(doc int) bool {
		l := st.effLoc[doc]
		return l != "" && !st.sectionLoc[doc] && slices.Contains(p.keys, l)
	}
}

// boost raises the scores of the scoped locations' own chunks and re-sorts.
// Unscoped, it lowers stores' own chunks on a topic most stores' own
// pages hold (unscopedOwnWeight, topicshare.go).
func (p queryPlan) boost(st *state, q lexQuery, ranked []scored) {
	ownW := 1.0 // an unscoped search's weight for stores' own chunks
	if len(p.keys) == 0 && !p.oneStore {
		if s := st.topicStoreShare(q); s >= unscopedShare {
			ownW = unscopedOwnWeight
		}
	}
	for i := range ranked {
		if st.intro[ranked[i].doc] {
			ranked[i].score *= introWeight
		}
		if st.faq[ranked[i].doc] {
			ranked[i].score *= faqWeight
		}
		if src := st.chunks[ranked[i].doc].source; st.staff[ranked[i].doc] && !(p.scopedTo(st, ranked[i].doc) && !staffOnly(src) && !structuredData(src)) {
			ranked[i].score *= staffWeight
		}
		if headingAsked(st.head[ranked[i].doc], q, p.place) {
			ranked[i].score *= headingBoost
		}
		if l := st.effLoc[ranked[i].doc]; l != "" && slices.Contains(p.keys, l) {
			if st.sectionLoc[ranked[i].doc] {
				ranked[i].score *= sectionLocationBoost
			} else {
				ranked[i].score *= locationBoost
			}
		}
		if ownW != 1 && st.effLoc[ranked[i].doc] != "" && !st.sectionLoc[ranked[i].doc] {
			ranked[i].score *= ownW
		}
		if p.cues != 0 {
			ranked[i].score *= cueBoost(p.cues, st.feat[ranked[i].doc])
		}
	}
	slices.SortStableFunc(ranked, byScore)
}

// staffOnly reports a document whose path says it is for staff alone
// ("staff-only/", "STAFF-ONLY-escalations.md", "internal/"), not merely
// the operations team's. A store's own page among operations files (the
// airport concession's brief, the cart's schedule) is what customer care
// answers that store's questions from, so in a search scoped to the
// store it keeps its full weight; staff-only pages keep staffWeight.
// Measured on the dev cafés' tune halves and tuned sets (854 questions,
// hit@1 / hit@3, at 9bd94db's ranking): staffWeight everywhere 661 /
// 785; none for the scoped store's chunks 663 / 786 (Saltbush +3 / +3,
// Tidewater -1 / -2, its staff-only ferry and truck notes); staff-only
// paths kept at it 664 / 788. A row of a structured file (the store
// directory's, with its manager's mobile and till notes) keeps it too:
// with the pages storePages gives (learnloc.go), 668 / 791 -> 670 / 791.
//
// It reads path elements, not substrings of the path: a folder named for
// staff alone ("Staff Only/", "internal/"), or a file name marked so
// (staffMarked: "allergen-escalation-STAFF-ONLY.md",
// "store-directory-INTERNAL.md"). "private-events.md" is a customer
// page and "holiday-staffing-memo.txt" no staff-only one.
func staffOnly(source string) bool {
	for dir := path.Dir(source); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		if staffOnlyFolders[folderKey(path.Base(dir))] {
			return true
		}
	}
	return staffMarked(lowerWords(path.Base(source)), true)
}

// staffOnlyFolders are the folders, as folderKey spells them, that hold
// documents for staff alone: fewer than staffFolders, which also counts
// the operations team's folders.
var staffOnlyFolders = map[string]bool{"staff": true, "staff-only": true, "staff-use-only": true, "internal": true,
	"private": true, "confidential": true, "for-staff": true}

// scopedTo reports a chunk of a location in scope.
func (p queryPlan) scopedTo(st *state, doc int) bool {
	l := st.effLoc[doc]
	return l != "" && slices.Contains(p.keys, l)
}

// byScore orders hits best first and equal scores by chunk, so that a
// re-sort after a boost or re-rank gives one order on every run.
func byScore(a, b scored) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	}
	return a.doc - b.doc
}

// Ptr returns s, or nil when the search was not scoped, for JSON that
// leaves the scope out when there is none.
func (s Scope) Ptr() *Scope {
	if len(s.Locations) == 0 {
		return nil
	}
	return &s
}

// locationFolders are folder names whose pages are one location each.
var locationFolders = map[string]bool{
	"locations": true, "location": true, "stores": true, "store": true, "cafes": true, "cafe": true,
	"branches": true, "branch": true, "shops": true, "sites": true,
}

// titleLocations learns locations from the titles of location pages that
// name none in their front matter: pages in a folder such as locations/
// whose titles share a leading brand ("Larkspur Café Elm Road", "Larkspur
// Café Harbour Street") are the locations named by the rest of the title.
// A page there whose title lacks the shared part ("Holiday Hours 2026")
// is chain-wide. What is left must read as a name of its own: a title
// whose rest starts in lower case ("Gallán at the Quay") or with a word
// of the chain's company name ("Gallán Coffee Cuan Mór", of "Gallán
// Coffee Co.") names the store whole; company is companyWords of the
// documents. It returns source → location name.
func titleLocations(files []fileRec, chunks []chunk, company map[string]bool) map[string]string {
	titles := map[string][]string{} // folder → titles, in file order
	sources := map[string][]string{}
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		if len(cs) == 0 {
			continue
		}
		dir := path.Dir(f.source)
		if !locationFolders[strings.ToLower(path.Base(dir))] {
			continue
		}
		title := pageTitle(f.title, cs[0].section)
		if strings.TrimSpace(title) == "" {
			continue
		}
		titles[dir] = append(titles[dir], title)
		sources[dir] = append(sources[dir], f.source)
		if cs[0].location != "" {
			// a named store's title still shows the brand the others share
			sources[dir][len(sources[dir])-1] = ""
		}
	}
	out := map[string]string{}
	for dir, ts := range titles {
		prefix := sharedPrefix(ts)
		if len(prefix) == 0 {
			continue
		}
		for i, title := range ts {
			ws := strings.Fields(title)
			if sources[dir][i] == "" || len(ws) <= len(prefix) || !slices.Equal(ws[:len(prefix)], prefix) {
				continue
			}
			// "Sudu Express – Outram Park MRT": one word before the
			// separator is a line of the brand's, not the store's name
			subBrand := len(ws) > len(prefix)+2 && titleSeparator.MatchString(" "+ws[len(prefix)+1]+" ")
			if r := []rune(ws[len(prefix)]); !unicode.IsUpper(r[0]) || company[strings.ToLower(ws[len(prefix)])] || subBrand {
				out[sources[dir][i]] = strings.TrimSpace(trailingRemark.ReplaceAllString(title, ""))
				continue
			}
			out[sources[dir][i]] = strings.Join(ws[len(prefix):], " ")
		}
	}
	return out
}

// pageTitle returns a page's title: its front matter's (title), else the
// top heading of its first chunk's section.
func pageTitle(title, section string) string {
	if title == "" {
		title, _, _ = strings.Cut(section, " > ")
	}
	return title
}

// companyWords are the words of the chain's company name as the pages'
// titles and top headings give it ("Gallán Coffee Co." of "Gallán Coffee
// Co. | Kilbrannagh"), lower-cased.
func companyWords(files []fileRec, chunks []chunk) map[string]bool {
	out := map[string]bool{}
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		if len(cs) == 0 {
			continue
		}
		top, _, _ := strings.Cut(cs[0].section, " > ")
		for _, t := range []string{f.title, top} {
			for _, part := range titleSeparator.Split(t, -1) {
				if part = strings.TrimSpace(part); companyName(part) && len(part) <= 60 {
					for _, w := range strings.Fields(strings.ToLower(part)) {
						out[w] = true
					}
				}
			}
		}
	}
	return out
}

// sharedPrefix returns the longest run of leading words that at least two
// titles and more than half of them share ("Larkspur Café").
func sharedPrefix(titles []string) []string {
	count := map[string]int{}
	var best []string
	for _, t := range titles {
		ws := strings.Fields(t)
		for n := 1; n < len(ws); n++ {
			count[strings.Join(ws[:n], " ")]++
		}
	}
	for key, n := range count {
		ws := strings.Fields(key)
		if n >= 2 && 2*n > len(titles) && len(ws) > len(best) {
			best = ws
		}
	}
	return best
}

// locationAbbrevOf returns the full word a location's short word stands
// for ("st" → "street"), or w.
func locationAbbrevOf(w string) string {
	if a, ok := locationAbbrev[w]; ok {
		return a
	}
	return w
}
