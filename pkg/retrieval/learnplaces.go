package retrieval

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Locations written without any location markup. A store can be a page
// (in a folder of such pages, or one a table of locations names), or a
// section of a shared page (the one store without a page of its own, in
// a "hours and locations" page). What makes a page or a section a place
// is what it says (a street address, opening hours, a phone number or
// an email) together with how it sits among the other documents (its
// siblings say the same kind of thing, a table of locations lists it).
// Neither alone is enough: a chain's parking page has addresses and
// hours too, and a folder of policies sits next to other folders.

// streetAddress finds an address with a house number: "1418 Kiln
// Street", "220 Commerce Ave", "Unit 4, 12 Mill Lane".
var streetAddress = regexp.MustCompile(`\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z][\p{L}'’]+\s+){1,3}(?:` + streetKinds + `|` + addressKinds + `)\b`)

// rueAddress finds an address written the French way: "47 rue
// Principale", "2 chemin du Quai", "477 boul. Champlain".
var rueAddress = regexp.MustCompile(`(?i)\b\d{1,5},?\s+(?:rue|chemin|ch\.|boulevard|boul\.?|bd|avenue|av\.|route|allée|impasse|quai|rang|place|promenade|montée|côte)\s+(?:(?:de|du|des|de la|d['’])\s*)?\p{Lu}[\p{L}'’-]+`)

// streetWords are a street's kinds as streetAddress ends with them, to
// skip the texts that name no street before running it.
var streetWords = map[string]bool{}

func init() {
	for _, w := range strings.Split(streetKinds+"|"+addressKinds, "|") {
		streetWords[w] = true
	}
}

// hasStreetWord reports a capitalised word of streetWords in text.
func hasStreetWord(text string) bool {
	for i := 0; i < len(text); {
		if text[i] < 'A' || text[i] > 'Z' || (i > 0 && isLetter(text[i-1])) {
			i++
			continue
		}
		j := i + 1
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		if streetWords[text[i:j]] {
			return true
		}
		i = j
	}
	return false
}

// addressLabel is a line that says it gives the address ("**Address:**
// 77 Linden Terrace", "Find us: ...").
// ("Adresse :", "Dirección:", "Địa chỉ:").
var addressLabel = regexp.MustCompile(`(?im)^[\s*_>-]*(?:address|adresse|direcci[oó]n|địa chỉ|find us|where to find us|location)[*_]*\s*:`)

// postcode finds a UK postcode, an Irish Eircode or a Canadian postal
// code, which only addresses have.
var postcode = regexp.MustCompile(`\b(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2} [AC-FHKNPRTV-Y\d]{4}|[ABCEGHJ-NPRSTVXY]\d[A-Z] \d[A-Z]\d)\b`)

// dayWords are the words of days and runs of days in opening hours:
// "Mon–Fri: 6 AM - 3 PM", "| Saturday | 7a–5p |", "Sunday: closed".
var dayWords = map[string]bool{}

func init() {
	for _, d := range []string{"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs", "thursday",
		"fri", "friday", "sat", "saturday", "sun", "sunday", "weekday", "weekend", "daily"} {
		dayWords[d], dayWords[d+"s"] = true, true
	}
}

var clockTime = regexp.MustCompile(`(?i)\b\d{1,2}(?::\d{2}|\.\d{2})?\s?(?:a\.?m\.?|p\.?m\.?|a|p)\b|\b\d{1,2}:\d{2}\b|\bclosed\b|\bnoon\b|\bmidnight\b`)

var email = regexp.MustCompile(`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b`)

// placeSigns is what a stretch of text shows of being one place's.
type placeSigns struct {
	address bool
	// addresses is how many different numbered street addresses it
	// gives: a store's page gives one, a chain's page about getting to
	// every store several.
	addresses int
	hours     bool
	contact   bool
	// addrKey is its one numbered address, normalised ("77 linden
	// terrace"), when it gives exactly one.
	addrKey string
	// keys are its numbered addresses, normalised, and dayTimes how many
	// days with a time it gives: what merge adds up.
	keys     []string
	dayTimes int
}

// signsOf reads the place signs of text. Signs of a page or a section are
// its chunks' signs merged (see merge), so each text is read once.
func signsOf(text string) placeSigns {
	var s placeSigns
	for _, m := range append(addressesIn(text), langAddresses(text)...) { // learnlang.go
		k := strings.Join(locWords(m), " ")
		if !slices.Contains(s.keys, k) {
			s.keys = append(s.keys, k)
		}
	}
	// a label's word in lower and upper case ("Địa Chỉ", "ĐỊA CHỈ",
	// "ADRESSE") before the case-insensitive addressLabel runs
	s.address = len(s.keys) > 0 || (hasLetterDigit(text) && postcode.MatchString(text)) ||
		((strings.Contains(text, "ddress") || strings.Contains(text, "ind us") || strings.Contains(text, "ocation") ||
			strings.Contains(text, "DDRESS") || strings.Contains(text, "IND US") || strings.Contains(text, "OCATION") ||
			strings.Contains(text, "dresse") || strings.Contains(text, "irecci") || strings.Contains(text, "ịa") ||
			strings.Contains(text, "DRESSE") || strings.Contains(text, "IRECCI") || strings.Contains(text, "ỊA")) && addressLabel.MatchString(text))
	s.dayTimes = countDayTimes(text)
	s.contact = hasPhone(text) || (strings.Contains(text, "@") && email.MatchString(text))
	if !s.contact && (s.address || s.dayTimes >= 2) {
		// the labelled local number only where a place's other signs
		// are: the expression is case-insensitive, too dear for every
		// chunk
		s.contact = labelledPhone.MatchString(text)
	}
	return s.finish()
}

// addressesIn returns the numbered street addresses of text. The
// expressions run only on the short stretch after each number, which
// keeps reading every chunk cheap.
func addressesIn(text string) []string {
	french := false
	for _, w := range []string{"rue ", "chemin ", "boul", "avenue ", "av. ", "route ", "allée ", "impasse ", "quai ", "rang ", "place ", "promenade ", "montée ", "côte ", "Rue ", "Chemin ", "Boul"} {
		if strings.Contains(text, w) {
			french = true
			break
		}
	}
	english := hasStreetWord(text)
	if !english && !french {
		return nil
	}
	var out []string
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' || (i > 0 && (text[i-1] >= '0' && text[i-1] <= '9' || isLetter(text[i-1]))) {
			continue
		}
		// a number, maybe a letter and a comma, then a space and a name
		j := i
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		if j < len(text) && isLetter(text[j]) {
			j++
		}
		if j < len(text) && text[j] == ',' {
			j++
		}
		if j >= len(text) || (text[j] != ' ' && text[j] != '\t') {
			continue
		}
		window := text[i:min(len(text), i+90)]
		if english && j+1 < len(text) && text[j+1] >= 'A' && text[j+1] <= 'Z' && hasStreetWord(window) {
			if m := streetAddress.FindStringIndex(window); m != nil && m[0] == 0 {
				out = append(out, window[:m[1]])
				continue
			}
		}
		if french {
			if m := rueAddress.FindStringIndex(window); m != nil && m[0] == 0 {
				out = append(out, window[:m[1]])
			}
		}
	}
	return out
}

// hasLetterDigit reports a capital letter followed by a digit, which a
// postcode has ("E1X 4T2", "T12 X5Y6", "BF2 4QL").
func hasLetterDigit(text string) bool {
	for i := 0; i+1 < len(text); i++ {
		if text[i] >= 'A' && text[i] <= 'Z' && text[i+1] >= '0' && text[i+1] <= '9' {
			return true
		}
	}
	return false
}

// countDayTimes counts the days (see dayWords) followed on their line,
// within 40 bytes (anywhere in a table's row), by a clock time or
// "closed". It reads words by hand:
// a case-insensitive regular expression over every chunk cost more than
// the rest of building the index.
func countDayTimes(text string) int {
	n := 0
	for i := 0; i < len(text); {
		c := text[i]
		if !isLetter(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		if j-i >= 3 && j-i <= 10 && (i == 0 || !isLetter(text[i-1])) && dayWords[strings.ToLower(text[i:j])] {
			end := j + 40
			if inTableRow(text, i) {
				// a table's row: its time is a cell or two along
				end = len(text)
			}
			if k := strings.IndexByte(text[j:min(len(text), end)], '\n'); k >= 0 {
				end = j + k
			}
			if w := text[j:min(len(text), end)]; clockTime.MatchString(w) || langClockTime.MatchString(w) { // learnlang.go
				n++
			}
		}
		i = j
	}
	return n
}

// inTableRow reports whether the word at i is in a Markdown table's row
// ("| Saturday | Boeremark, Dorpsplein | 07:30 – 12:00 |").
func inTableRow(text string, i int) bool {
	ls := strings.LastIndexByte(text[:i], '\n') + 1
	return strings.HasPrefix(strings.TrimLeft(text[ls:i], " "), "|")
}

// labelledPhone is a shorter number a label says is a phone ("Phone: (06)
// 929 1212", "Ph 929 7703"): local numbers have fewer than hasPhone's ten
// digits.
var labelledPhone = regexp.MustCompile(`(?i)\b(?:phone|ph|tel|telephone)\b\.?:?\s*\+?(?:\(\d{1,4}\)\s?)?\d{3,4}[ -]?\d{3,4}\b`)

// hasPhone reports a phone number: a run of ten or more digits written
// with spaces, dashes, dots or brackets between them ("(555) 214-0192",
// "+353 21 496 1234", "01632 960111"). Dates, times and prices have
// fewer digits or other marks between them.
func hasPhone(text string) bool {
	digits := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= '0' && c <= '9':
			digits++
			if digits >= 10 {
				return true
			}
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '+':
			if digits == 0 && c != '(' && c != '+' {
				continue
			}
			// a separator joins digits only when a digit follows soon
			if i+1 < len(text) && (text[i+1] == ' ' || text[i+1] == '-' || text[i+1] >= '0' && text[i+1] <= '9' || text[i+1] == '(') {
				continue
			}
			digits = 0
		default:
			digits = 0
		}
	}
	return false
}

// merge returns the signs of two stretches of text together.
func (s placeSigns) merge(o placeSigns) placeSigns {
	out := placeSigns{address: s.address || o.address, contact: s.contact || o.contact, dayTimes: s.dayTimes + o.dayTimes}
	out.keys = slices.Clone(s.keys)
	for _, k := range o.keys {
		if !slices.Contains(out.keys, k) {
			out.keys = append(out.keys, k)
		}
	}
	return out.finish()
}

func (s placeSigns) finish() placeSigns {
	s.addresses = len(s.keys)
	s.addrKey = ""
	if len(s.keys) == 1 {
		s.addrKey = s.keys[0]
	}
	s.hours = s.dayTimes >= 2
	return s
}

// strong reports signs that make a stretch of text one place's on their
// own: one address, opening hours and a way to reach it.
func (s placeSigns) strong() bool {
	return s.address && s.addresses <= 1 && s.hours && s.contact
}

// notPlaceWords end names that are things sold or held at a place, not
// places: "The Porch Special", "Harbour Nights", "Kiln Street Blend".
var notPlaceWords = map[string]bool{
	"special": true, "specials": true, "blend": true, "roast": true, "night": true, "nights": true,
	"evening": true, "evenings": true, "festival": true, "fest": true, "series": true, "club": true,
	"class": true, "classes": true, "workshop": true, "workshops": true, "tasting": true, "tastings": true,
	"session": true, "sessions": true, "party": true, "quiz": true, "menu": true, "combo": true,
	"deal": true, "offer": true, "promo": true, "sale": true, "bundle": true, "card": true,
	"pass": true, "subscription": true, "latte": true, "mocha": true, "sandwich": true, "toastie": true,
	"brunch": true, "breakfast": true, "lunch": true, "dinner": true, "bowl": true, "plate": true,
	"platter": true, "catering": true, "cake": true, "bun": true, "pie": true, "hamper": true, "gift": true, "edition": true,
	// places staff work at that customers do not visit, and the teams
	// that answer the phone
	"office": true, "headquarters": true, "hq": true, "warehouse": true, "commissary": true, "depot": true,
	"care": true, "support": true, "service": true, "services": true, "team": true, "department": true,
	"desk": true, "enquiries": true, "inquiries": true, "bookings": true, "reservations": true, "billing": true,
	"media": true, "recruitment": true,
	// events
	"fair": true, "fete": true, "gala": true, "concert": true, "gig": true, "show": true, "screening": true,
	"meetup": true, "tour": true,
}

// topicWords make up the parts of titles and headings that say what a
// page is about rather than where ("Weekly Route", "Hours", "Home").
var topicWords = map[string]bool{
	"hours": true, "hour": true, "opening": true, "times": true, "weekly": true, "route": true,
	"schedule": true, "home": true, "page": true, "info": true, "information": true, "contact": true,
	"visit": true, "us": true, "location": true, "locations": true, "details": true, "about": true,
	"our": true, "the": true, "find": true, "where": true, "and": true, "of": true, "a": true,
	"menu": true, "events": true, "welcome": true, "to": true, "at": true, "overview": true,
	"guide": true, "directions": true, "getting": true, "here": true, "there": true, "stores": true,
	"shops": true, "cafes": true, "branches": true, "all": true, "glance": true, "summary": true,
}

// hasTopicWord reports a title with a word of what a page is about
// ("Holiday Hours 2026"), which a store's own name seldom has.
func hasTopicWord(s string) bool {
	for _, w := range locWords(s) {
		if topicWords[w] && w != "the" && w != "of" && w != "a" && w != "and" && w != "at" && w != "to" {
			return true
		}
	}
	return false
}

// isTopicPart reports a title part made only of topic words.
func isTopicPart(s string) bool {
	ws := locWords(s)
	if len(ws) == 0 {
		return true
	}
	for _, w := range ws {
		if !topicWords[w] {
			return false
		}
	}
	return true
}

// placeLikeName reports whether s can name a place: it has a word that
// is not a topic word, is not a question or a sentence, and does not end
// in a word for a thing sold or held there.
func placeLikeName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 60 || strings.ContainsAny(s, "?!") || isTopicPart(s) || companyName(s) {
		return false
	}
	ws := locWords(s)
	if len(ws) > 7 || notPlaceWords[ws[len(ws)-1]] {
		return false
	}
	// a name is written as one: "Harbour Kiosk", "The Porch", "Riverside";
	// "After your visit" is a heading's phrase
	fs := strings.Fields(s)
	if len(fs) == 1 {
		return unicode.IsUpper([]rune(fs[0])[0])
	}
	for _, w := range fs[1:] {
		if r := []rune(strings.Trim(w, `("“'`)); len(r) > 0 && (unicode.IsUpper(r[0]) || unicode.IsDigit(r[0])) {
			return true
		}
	}
	return false
}

// isPictograph reports the emoji and marks a heading may end with ("Die
// Koffiekar ☕🚐", "Hillcrest 🌿"): no part of a name.
func isPictograph(r rune) bool {
	return unicode.IsSpace(r) || unicode.Is(unicode.So, r) || unicode.Is(unicode.Sk, r) ||
		r == '\uFE0F' || r == '\u200D' || (r >= 0x1F3FB && r <= 0x1F3FF)
}

var titleSeparator = regexp.MustCompile(`\s+[—–|·:/-]\s+|:\s+`)

var parenthetical = regexp.MustCompile(`\(([^()]{0,40})\)`)

// nameParts splits a title or heading into its name and its other names:
// `Copper Finch Juniper Park ("the Porch")` is "Copper Finch Juniper
// Park" and "the Porch"; "The Roastery & Café — Brickyard" is "The
// Roastery & Café" and "Brickyard". Parts that only say what the page is
// about ("Weekly Route") are dropped.
func nameParts(s string) (name string, others []string) {
	for _, q := range quoted.FindAllStringSubmatch(s, -1) {
		others = append(others, strings.TrimSpace(q[1]))
	}
	s = quoted.ReplaceAllString(s, "")
	var bracketed []string
	for _, p := range parenthetical.FindAllStringSubmatch(s, -1) {
		// "(Brickyard)" is another name, "(franchise)" a remark
		if t := strings.Trim(p[1], ` "“”'/,;`); t != "" && !isTopicPart(t) && properName(t) {
			bracketed = append(bracketed, t)
		}
	}
	// the title's own parts before its brackets': "Maple & Tide —
	// Vieux-Port (Montréal)" is the Vieux-Port, in Montréal
	defer func() { others = append(others, bracketed...) }()
	s = parenthetical.ReplaceAllString(s, "")
	for _, part := range titleSeparator.Split(s, -1) {
		part = strings.TrimRightFunc(strings.Trim(part, " *_#\"“”'.,;"), isPictograph)
		part = strings.Trim(part, " *_#\"“”'.,;")
		if part == "" || isTopicPart(part) {
			continue
		}
		if name == "" {
			name = part
		} else if o := properTail(part); o != "" {
			others = append(others, o)
		}
	}
	return name, others
}

// meetName finds the name a heading introduces: "meet Bessie 💙", "say
// hello to Dolly".
var meetName = regexp.MustCompile(`(?i)^(?:meet|say hello to|say hi to)\s+(\p{Lu}[\p{L}'’]+(?:\s+\p{Lu}[\p{L}'’]+)?)`)

// properTail returns a title part as another name: the name it
// introduces ("meet Bessie 💙" is "Bessie"), else the part itself.
func properTail(part string) string {
	if m := meetName.FindStringSubmatch(part); m != nil {
		return m[1]
	}
	return part
}

// placeCand is a place found in the documents, before places that are
// the same are merged.
type placeCand struct {
	name    string
	aliases []string
	pages   []string // sources that are its own pages
	// section is its own section of a shared page: the chunks under that
	// heading; nil for a page.
	section []int
	addrKey string
	// strength orders candidates that turn out to be one place: a page is
	// stronger than a section of a shared page, which may be a summary.
	strength int
	// known is a location learned otherwise (front matter, a title),
	// whose candidate only gathers names.
	known bool
	// brand holds the keys that name no place in particular (brandKeys).
	brand map[string]bool
	// official is a store directory's row (learndirectory.go): the
	// place it joins takes its name, and its row is that place's own.
	official bool
	// ids are the names a directory's row joins a place by (its name,
	// short name and code): a nickname two rows' stores share ("the
	// van") joins nothing.
	ids []string
}

// keys are the alias keys (see aliasWords) a candidate answers to.
func (c *placeCand) keys() []string {
	var out []string
	for _, n := range append([]string{c.name}, c.aliases...) {
		if k := aliasKey(n); k != "" && !c.brand[k] && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// learnedPlaces are the locations learnPlaces found: pages (source →
// name), sections of shared pages (chunk index → name) and the names
// people use for them (name → aliases).
type learnedPlaces struct {
	pages    map[string]string
	sections map[int]string
	aliases  map[string][]string
	// bare are the stores a register lists that no page or section is
	// about (a closed store, a cart with only an ops sheet): known by
	// name, so a question naming one is scoped to it.
	bare []string
}

// learnPlaces finds the locations that pages and sections show by their
// content and their place among the documents, for documents that name
// no location otherwise. owner returns the location already known for a
// source ("" for none): its page's names (title parts, heading, a table
// row's nicknames) become that location's aliases. takenChunk reports a
// chunk whose location is known; known are the locations already
// learned, so that a page or section about one of them (a store's summary
// on the shared page) does not become a second location. directory
// is directoryRows of the documents, in chunk order.
func learnPlaces(files []fileRec, chunks []chunk, directory []dirRow, owner func(source string) string, takenChunk func(i int) bool, known []string) learnedPlaces {
	taken := func(src string) bool { return owner(src) != "" }
	out := learnedPlaces{pages: map[string]string{}, sections: map[int]string{}, aliases: map[string][]string{}}
	type page struct {
		f      fileRec
		base   int
		cs     []chunk
		signs  placeSigns
		header string // the page's top heading
	}
	var pages []page
	chunkSigns := make([]placeSigns, len(chunks))
	for i := range chunks {
		chunkSigns[i] = signsOf(chunks[i].text)
	}
	folderPages := map[string]int{}
	folderAddrs := map[string]map[string]int{} // folder → its store-like pages' addresses, counted
	for s := range fileChunks(files, chunks) {
		f, cs, base := s.file, s.chunks, s.off
		if len(cs) == 0 {
			continue
		}
		p := page{f: f, base: base, cs: cs}
		// a front matter address is the page's too
		p.signs = signsOf(f.address)
		for i := range cs {
			p.signs = p.signs.merge(chunkSigns[base+i])
		}
		// the top heading of the first chunk under one (a page's broken
		// front matter is a chunk of its own without one)
		for _, c := range cs {
			if c.section != "" {
				p.header, _, _ = strings.Cut(c.section, " > ")
				break
			}
		}
		pages = append(pages, p)
		dir := path.Dir(f.source)
		folderPages[dir]++
		if p.signs.strong() && !structuredData(f.source) {
			if folderAddrs[dir] == nil {
				folderAddrs[dir] = map[string]int{}
			}
			folderAddrs[dir][p.signs.addrKey]++
		}
	}
	// A page of one place has the signs of one and an address of its own:
	// two catering pages that both give the kitchen's address are one
	// place's business, not two places.
	ownPlace := func(p page) bool {
		return p.signs.strong() && (p.signs.addrKey == "" || folderAddrs[path.Dir(p.f.source)][p.signs.addrKey] == 1)
	}
	folderPlaces := map[string]int{}
	for _, p := range pages {
		if ownPlace(p) && !structuredData(p.f.source) {
			folderPlaces[path.Dir(p.f.source)]++
		}
	}
	rows := locationRows(files, chunks)
	listed := map[string]bool{}
	for _, r := range rows {
		if k := aliasKey(r.name); k != "" {
			listed[k] = true
		}
	}
	var cands []*placeCand
	// A folder per store (locations/harbour-street/hours.md, .../parking.md):
	// its pages together give one address, hours and contact, and it sits
	// in a folder of locations or beside another such folder.
	eligible := func(p page) bool {
		return !taken(p.f.source) && !structuredData(p.f.source) && !notPlaceKind(p.f.kind) && !notPlaceFolder(p.f.source)
	}
	byDir := map[string][]page{}
	var dirs []string
	for _, p := range pages {
		if d := path.Dir(p.f.source); d != "." && eligible(p) {
			if byDir[d] == nil {
				dirs = append(dirs, d)
			}
			byDir[d] = append(byDir[d], p)
		}
	}
	dirSigns := map[string]placeSigns{}
	subdirs := map[string]int{}
	parentAddrs := map[string]map[string]int{}
	for _, d := range dirs {
		var s placeSigns
		for _, p := range byDir[d] {
			s = s.merge(p.signs)
		}
		dirSigns[d] = s
		subdirs[path.Dir(d)]++
		if s.strong() && folderPlaces[d] < 2 {
			if parentAddrs[path.Dir(d)] == nil {
				parentAddrs[path.Dir(d)] = map[string]int{}
			}
			parentAddrs[path.Dir(d)][s.addrKey]++
		}
	}
	// storeDirs counts a folder's subfolders that read as one store each,
	// each with an address of its own (two folders of one kitchen's
	// catering pages are not two stores)
	storeDirs := map[string]int{}
	for _, d := range dirs {
		if s := dirSigns[d]; s.strong() && folderPlaces[d] < 2 && (s.addrKey == "" || parentAddrs[path.Dir(d)][s.addrKey] == 1) {
			storeDirs[path.Dir(d)]++
		}
	}
	claimed := map[string]bool{}
	for _, d := range dirs {
		parent := path.Dir(d)
		s := dirSigns[d]
		ownAddr := s.addrKey == "" || parentAddrs[parent][s.addrKey] == 1
		// stores side by side: two or more, and at least half the
		// folders there
		siblings := storeDirs[parent] >= 2 && 2*storeDirs[parent] >= subdirs[parent]
		if !s.strong() || !ownAddr || folderPlaces[d] >= 2 || !((parent != "." && isLocationFolder(path.Base(parent))) || siblings) {
			continue
		}
		name, others := folderName(d)
		for _, p := range byDir[d] {
			if n, o := pageName(p.f.title, p.header); isIndexPage(p.f.source) && placeLikeName(n) {
				others = append(others, name)
				name, others = n, append(others, o...)
			}
		}
		if !placeLikeName(name) {
			continue
		}
		c := &placeCand{name: name, aliases: others, addrKey: s.addrKey, strength: 3}
		for _, p := range byDir[d] {
			c.pages = append(c.pages, p.f.source)
			claimed[p.f.source] = true
		}
		cands = append(cands, c)
	}
	for _, p := range pages {
		if n := owner(p.f.source); n != "" {
			// a known store's page: what its title and heading call it
			name, others := pageName(p.f.title, p.header)
			cands = append(cands, &placeCand{name: n, aliases: append(others, name), addrKey: p.signs.addrKey, strength: 4, known: true})
			continue
		}
		if structuredData(p.f.source) && !taken(p.f.source) && !notPlaceKind(p.f.kind) && !notPlaceFolder(p.f.source) {
			if rows := fileRows(directory, p.base, len(p.cs)); len(rows) > 0 {
				cands = append(cands, directoryCands(rows)...)
				continue
			}
			cands = append(cands, rowPlaces(p.cs, p.base, chunkSigns)...)
			continue
		}
		if !eligible(p) || claimed[p.f.source] {
			continue
		}
		dir := path.Dir(p.f.source)
		// a folder of place pages: two or more of its pages, and most of
		// them, each give one address, hours and a phone or email
		inPlaceFolder := folderPlaces[dir] >= 2 && 2*folderPlaces[dir] > folderPages[dir]
		// its folder's name or its front matter says it is a store's page
		named := (isLocationFolder(path.Base(dir)) && dir != ".") || isLocationFolder(p.f.kind)
		name, others := pageName(p.f.title, p.header)
		switch {
		case ownPlace(p) && (inPlaceFolder || named) && placeLikeName(name):
			cands = append(cands, &placeCand{name: name, aliases: others, pages: []string{p.f.source}, addrKey: p.signs.addrKey, strength: 3})
			continue
		case named && !p.signs.address && p.signs.hours && p.signs.contact && placeLikeName(name) && !hasTopicWord(name):
			// a store on wheels in the folder of store pages: hours and a
			// way to book it, but no street of its own ("Die Koffiekar")
			cands = append(cands, &placeCand{name: name, aliases: others, pages: []string{p.f.source}, strength: 3})
			continue
		case named && p.signs.address && p.signs.addresses <= 1 && p.signs.contact && placeLikeName(name) && !hasTopicWord(name):
			// a store's page in the folder of store pages, its address
			// and phone given, its hours in words the reader does not
			// know ("Mùa hè: 5h00 – 10h30")
			cands = append(cands, &placeCand{name: name, aliases: others, pages: []string{p.f.source}, addrKey: p.signs.addrKey, strength: 3})
			continue
		case (p.signs.address || p.signs.hours) && placeLikeName(name) && listedName(listed, name, others):
			// a page whose title leads with a name a table of locations
			// lists (the truck's "weekly route" page)
			cands = append(cands, &placeCand{name: name, aliases: others, pages: []string{p.f.source}, strength: 2})
			continue
		}
		cands = append(cands, sectionPlaces(p.cs, p.base, chunkSigns, takenChunk)...)
	}
	for _, r := range rows {
		if r.official {
			// a register's row joins a place by its name alone; its
			// empty section keeps it out of brandKeys like any section
			cands = append(cands, &placeCand{name: r.name, aliases: r.names, section: []int{}, official: true, ids: []string{r.name}})
		}
	}
	brand := brandKeys(cands)
	for _, c := range cands {
		c.brand = brand
		if brand[aliasKey(c.name)] && !c.known {
			// "Tidewater Roasters – Place Champlain": the chain's name
			// leads every store's heading; the store is the next part
			for i, a := range c.aliases {
				if !brand[aliasKey(a)] && placeLikeName(a) {
					c.name, c.aliases[i] = a, c.name
					break
				}
			}
		}
	}
	cands = joinRowPages(cands, files, chunks) // learnjoin.go
	cands = mergePlaces(cands, rows)
	// a candidate that is a known location (a store learned from its
	// front matter, whose summary sits on the shared page) is left to it
	knownKeys := map[string]bool{}
	for _, n := range known {
		if k := aliasKey(n); k != "" {
			knownKeys[k] = true
		}
	}
	aliasOwner := map[string]int{} // alias key → candidate, -1 when shared
	for i, c := range cands {
		for _, k := range c.keys() {
			if o, ok := aliasOwner[k]; ok && o != i {
				aliasOwner[k] = -1
			} else {
				aliasOwner[k] = i
			}
		}
	}
	ownsAlias := func(i int, k string) bool {
		o, ok := aliasOwner[k]
		return ok && o == i && !brand[k]
	}
	for i, c := range cands {
		if c.known {
			for _, j := range c.section {
				out.sections[j] = c.name
			}
			for _, a := range c.aliases {
				k := aliasKey(a)
				if k != "" && ownsAlias(i, k) && locationKey(a) != locationKey(c.name) && !slices.Contains(out.aliases[c.name], a) {
					out.aliases[c.name] = append(out.aliases[c.name], a)
				}
			}
			continue
		}
		if slices.ContainsFunc(c.keys(), func(k string) bool { return knownKeys[k] }) {
			continue
		}
		for _, src := range c.pages {
			out.pages[src] = c.name
		}
		for _, j := range c.section {
			out.sections[j] = c.name
		}
		if len(c.pages) == 0 && len(c.section) == 0 {
			out.bare = append(out.bare, c.name)
		}
		for _, a := range c.aliases {
			k := aliasKey(a)
			if k != "" && ownsAlias(i, k) && locationKey(a) != locationKey(c.name) && !slices.Contains(out.aliases[c.name], a) {
				out.aliases[c.name] = append(out.aliases[c.name], a)
			}
		}
	}
	return out
}

// brandKeys are the names that two or more stores' pages of different
// names give: the chain's own name, which identifies none of them.
// Sections do not count: a store's summary on a shared page gives the
// store's names too.
func brandKeys(cands []*placeCand) map[string]bool {
	seen := map[string]map[*placeCand]bool{}
	for _, c := range cands {
		if c.section != nil {
			continue
		}
		for _, n := range append([]string{c.name}, c.aliases...) {
			k := aliasKey(n)
			if k == "" {
				continue
			}
			if seen[k] == nil {
				seen[k] = map[*placeCand]bool{}
			}
			seen[k][c] = true
		}
	}
	out := map[string]bool{}
	for k, cs := range seen {
		if len(cs) < 2 {
			continue
		}
		// two pages of one known store share their names: not a brand
		names := map[string]bool{}
		for c := range cs {
			names[locationKey(c.name)] = true
		}
		if len(names) >= 2 {
			out[k] = true
		}
	}
	// A page's name that leads another store page's name is the chain's
	// too: "Prairie Lantern — Ingersoll" beside "Prairie Lantern at Clover
	// Market", "Maple & Tide — Vieux-Port" beside "Maple & Tide
	// Saint-Henri". The store is the next part of its title.
	for _, c := range cands {
		if c.section != nil || len(c.aliases) == 0 {
			continue
		}
		ws := locWords(c.name)
		for _, o := range cands {
			if ow := locWords(o.name); o.section == nil && len(ws) > 0 && len(ow) > len(ws) && slices.Equal(ow[:len(ws)], ws) {
				out[aliasKey(c.name)] = true
				break
			}
		}
	}
	return out
}

// structuredData reports files whose rows are items rather than pages
// (a menu's CSV, a help centre's JSON export): a row is never a store.
func structuredData(source string) bool {
	switch strings.ToLower(path.Ext(source)) {
	case ".csv", ".json", ".jsonl", ".tsv":
		return true
	}
	return false
}

// pageName is the name of a place page: its top heading when that names
// a place, else its title's leading part; the other parts of both are
// its other names.
func pageName(title, header string) (string, []string) {
	hn, ho := nameParts(header)
	tn, to := nameParts(title)
	name, others := hn, ho
	if !placeLikeName(hn) {
		name, others = tn, to
		if hn != "" && placeLikeName(hn) {
			others = append(others, hn)
		}
	} else if tn != "" && locationKey(tn) != locationKey(hn) {
		others = append(others, tn)
	}
	if name == hn {
		others = append(others, to...)
	}
	return name, others
}

// sectionPlaces finds the sections of a shared page that are one place's
// own: the outermost heading below the page's title whose chunks give one
// address, hours and a phone or email, and whose heading names a place.
func sectionPlaces(cs []chunk, base int, signs []placeSigns, takenChunk func(int) bool) []*placeCand {
	// each heading's chunks (its own and its subsections') and their
	// signs, gathered in one pass
	under := map[string][]int{}
	prefixSigns := map[string]placeSigns{}
	for j := range cs {
		parts := strings.Split(cs[j].section, " > ")
		for depth := 2; depth <= len(parts); depth++ {
			prefix := strings.Join(parts[:depth], " > ")
			under[prefix] = append(under[prefix], base+j)
			prefixSigns[prefix] = prefixSigns[prefix].merge(signs[base+j])
		}
	}
	var out []*placeCand
	done := map[string]bool{}
	for i := range cs {
		parts := strings.Split(cs[i].section, " > ")
		for depth := 2; depth <= len(parts); depth++ {
			prefix := strings.Join(parts[:depth], " > ")
			if done[prefix] {
				break
			}
			idx := under[prefix]
			s := prefixSigns[prefix]
			if s.addresses > 1 {
				continue // a part about several places: look at its parts
			}
			name, others := nameParts(parts[depth-1])
			if !s.strong() || !placeLikeName(name) || slices.ContainsFunc(idx, takenChunk) {
				if s.address || s.hours {
					continue
				}
				break // nothing of a place below here either
			}
			done[prefix] = true
			out = append(out, &placeCand{name: name, aliases: others, section: idx, addrKey: s.addrKey, strength: 1})
			break
		}
	}
	return out
}

// rowPlaces finds the stores of a store locator's export (a CSV or JSON
// file whose rows are stores): when two or more of its rows, and most of
// them, each give an address of their own, hours and contact, each such
// row is its store's, named by its first column. A menu's rows give no
// address, so a menu is never read as stores.
func rowPlaces(cs []chunk, base int, all []placeSigns) []*placeCand {
	signs := all[base : base+len(cs)]
	addrs := map[string]int{}
	for _, s := range signs {
		if s.strong() {
			addrs[s.addrKey]++
		}
	}
	var out []*placeCand
	for i, s := range signs {
		if name := rowName(cs[i].section); s.strong() && (s.addrKey == "" || addrs[s.addrKey] == 1) && placeLikeName(name) {
			out = append(out, &placeCand{name: name, section: []int{base + i}, addrKey: s.addrKey, strength: 1})
		}
	}
	if len(out) < 2 || 2*len(out) <= len(cs) {
		return nil
	}
	// once the file is a directory of stores, a row with an address or
	// hours but no phone is a store too: the hospital's cart, the fair's
	// trailer
	for i, s := range signs {
		if name := rowName(cs[i].section); !s.strong() && (s.address || s.hours) && s.addresses <= 1 && (s.addrKey == "" || addrs[s.addrKey] == 0) && placeLikeName(name) {
			out = append(out, &placeCand{name: name, section: []int{base + i}, addrKey: s.addrKey, strength: 1})
		}
	}
	return out
}

// rowName is a directory row's name: the last part of its section path,
// since the parts before it group the rows ("QC > Vieux-Port", "Prairie
// Lantern Coffee Co. > Ingersoll") and name no store.
func rowName(section string) string {
	parts := strings.Split(section, " > ")
	return strings.TrimSpace(parts[len(parts)-1])
}

// mergePlaces joins candidates that are one place: they share a name or
// their one street address. The stronger one keeps its name and its
// pages or section; a weaker section (a store's summary on the shared
// page of every store) adds only its names. A table of locations then
// adds the names its row gives to the one candidate the row names.
func mergePlaces(cands []*placeCand, rows []locationRow) []*placeCand {
	slices.SortStableFunc(cands, func(a, b *placeCand) int { return b.strength - a.strength })
	var out []*placeCand
	for _, c := range cands {
		// the keys c joins a place by, read once: a directory's row's
		// are those of its ids alone
		by := c
		if c.ids != nil {
			by = &placeCand{name: c.ids[0], aliases: c.ids[1:]}
		}
		ck := by.keys()
		var into *placeCand
		for _, o := range out {
			// one address is one place when one of the two is a section
			// (a store's summary on a shared page); two pages at one
			// address may be two places (the truck parks at the roastery)
			sameAddr := c.addrKey != "" && c.addrKey == o.addrKey && (c.section != nil || o.section != nil)
			if sameAddr || sharesKey(o, ck) {
				into = o
				break
			}
		}
		if into == nil {
			out = append(out, c)
			continue
		}
		if c.official && !into.official {
			// the directory's row is the place's own, and its name the
			// chain's for it (a known store is named so already)
			into.section = append(into.section, c.section...)
			if !into.known {
				c.name, into.name = into.name, c.name
				into.official = true
			}
		}
		into.aliases = append(into.aliases, c.name)
		into.aliases = append(into.aliases, c.aliases...)
		if c.strength == into.strength && c.section == nil {
			into.pages = append(into.pages, c.pages...)
		}
	}
	// A name several rows of one table give ("Brûlerie Tidewater" in
	// every French name) is the chain's. Each row is matched against the
	// places as they were before any row added names, so the order of
	// rows does not matter.
	type tableKey struct {
		table int
		key   string
	}
	inRows := map[tableKey]int{}
	for _, r := range rows {
		seen := map[string]bool{}
		for _, n := range append([]string{r.name}, r.names...) {
			if k := aliasKey(n); k != "" && !seen[k] {
				seen[k] = true
				inRows[tableKey{r.table, k}]++
			}
		}
	}
	keys := make([][]string, len(out))
	for i, c := range out {
		keys[i] = c.keys()
	}
	adds := make([][]string, len(out))
	for _, r := range rows {
		names := []string{r.name}
		for _, n := range r.names {
			if inRows[tableKey{r.table, aliasKey(n)}] < 2 {
				names = append(names, n)
			}
		}
		rk := (&placeCand{name: names[0], aliases: names[1:]}).keys()
		match, n := -1, 0
		for i := range out {
			if slices.ContainsFunc(keys[i], func(k string) bool { return slices.Contains(rk, k) }) {
				match, n = i, n+1
			}
		}
		if n == 1 {
			adds[match] = append(adds[match], names...)
		}
	}
	for i, a := range adds {
		out[i].aliases = append(out[i].aliases, a...)
	}
	return out
}

// sharesKey reports whether a answers to one of the keys bk.
func sharesKey(a *placeCand, bk []string) bool {
	return slices.ContainsFunc(a.keys(), func(k string) bool { return slices.Contains(bk, k) })
}

// locationRow is one row of a table of locations: the place's name and
// the other names (nicknames, neighbourhood) its row gives.
type locationRow struct {
	name  string
	names []string
	table int // which table of the documents it is a row of
	// official is a row of a store register written as a table (an
	// "Official name" column beside nicknames and addresses): the chain's
	// list of its stores, which names a store no page is about.
	official bool
}

var (
	nameColumn = regexp.MustCompile(`(?i)^(?:(?:official|full|store|shop|location|café|cafe|branch)\s+)?(?:name|location|locations|where|store|stores|shop|shops|café|cafe|cafés|cafes|branch|branches|site|venue)(?:\s*\([\p{L} ]{1,12}\))?$`)
	// officialColumn heads a store register's column of names.
	officialColumn = regexp.MustCompile(`(?i)^(?:official|registered|trading)\s+name$`)
	nickColumn     = regexp.MustCompile(`(?i)nick ?names?|aliases|what (?:people|we|locals|regulars|customers|staff)(?: actually| usually| really| often)? (?:call|say)|a\.?k\.?a|also known|also called|known as|people call|short name|we call it|` +
		// and as a French or Spanish register heads it ("On l'appelle
		// aussi…", "Cómo les dicen clientes", "Apodos")
		`\bl['’]appell?e|\bappel(?:é|le)s?\b|\b(?:le|les|te) dicen\b|\bconocid[ao]s? como\b`)
	areaColumn = regexp.MustCompile(`(?i)^(?:neighbou?rhood|area|district|quarter|part of town)$`)
	addrColumn = regexp.MustCompile(`(?i)^(?:address|neighbou?rhood\s*/\s*address|street)$`)
)

// locationRows reads the tables of locations in the documents: Markdown
// tables whose header has a column of names and a column of nicknames or
// of addresses, with at least two rows. A table the chunker split is
// read whole again.
func locationRows(files []fileRec, chunks []chunk) []locationRow {
	var out []locationRow
	tables := 0
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		if structuredData(f.source) {
			continue
		}
		for i := 0; i < len(cs); {
			j := i + 1
			for j < len(cs) && cs[j].section == cs[i].section {
				j++
			}
			if text := joinChunks(cs[i:j]); strings.Contains(text, "|") {
				rs := tableRows(text)
				for _, r := range rs {
					r.table += tables
					out = append(out, r)
				}
				if len(rs) > 0 {
					tables += rs[len(rs)-1].table + 1
				}
			}
			i = j
		}
	}
	return out
}

// joinChunks puts the chunks of one section back together: a chunk
// repeats the last lines of the one before it (the overlap), which are
// dropped.
func joinChunks(cs []chunk) string {
	var lines []string
	for _, c := range cs {
		next := strings.Split(c.text, "\n")
		k := min(len(lines), len(next))
		for ; k > 0; k-- {
			if slices.Equal(lines[len(lines)-k:], next[:k]) {
				break
			}
		}
		lines = append(lines, next[k:]...)
	}
	return strings.Join(lines, "\n")
}

// tableRows reads the location rows of the Markdown tables in text.
func tableRows(text string) []locationRow {
	var out []locationRow
	lines := strings.Split(text, "\n")
	for i := 0; i+2 < len(lines); i++ {
		head := rowCells(lines[i])
		if len(head) < 2 || !isRule(lines[i+1]) {
			continue
		}
		nameCol, nickCols, areaCols, addrCol, codeCol := -1, []int(nil), []int(nil), -1, -1
		var nameCols []int // more columns of names ("Official name (FR)")
		for j, h := range head {
			h = headerField(h)
			head[j] = h
			switch {
			case nameCol < 0 && nameColumn.MatchString(h):
				nameCol = j
			case nameColumn.MatchString(h):
				nameCols = append(nameCols, j)
			case nickColumn.MatchString(h):
				nickCols = append(nickCols, j)
			case areaColumn.MatchString(h):
				areaCols = append(areaCols, j)
			case addrColumn.MatchString(h):
				addrCol = j
			case codeCol < 0 && dirCodeField.MatchString(h):
				codeCol = j
			}
		}
		if nameCol < 0 || (len(nickCols) == 0 && len(areaCols) == 0 && addrCol < 0) {
			continue
		}
		// a register: official names beside nicknames ("| Code | Official
		// name | What people actually say |", a brand guide's; "| Nom
		// officiel | On l'appelle aussi… |", a staff guide's)
		register := len(nickCols) > 0 && officialColumn.MatchString(head[nameCol])
		var rows []locationRow
		k := i + 2
		for ; k < len(lines); k++ {
			cells := rowCells(lines[k])
			if len(cells) != len(head) {
				break
			}
			// a closed store struck through ("~~Oakmont Plaza~~") is still
			// the one its old pages and questions name
			// (its struck name alone when a remark follows: "~~Filterwala
			// Jayanagar 4th Block~~ CLOSED Mar 2024")
			cell := cells[nameCol]
			if m := struckName.FindStringSubmatch(cell); m != nil {
				cell = m[1]
			}
			name := strings.Trim(strings.NewReplacer("**", "", "*", "", "__", "", "~~", "").Replace(cell), " _\"“”")
			if !placeLikeName(name) {
				continue
			}
			r := locationRow{name: name, official: register}
			// "Tidewater Roasters – Water Street Roastery": each part is
			// a name too (the brand part names no store, see brandKeys)
			if n, o := nameParts(name); n != "" && (len(o) > 0 || locationKey(n) != locationKey(name)) {
				r.names = append(r.names, n)
				r.names = append(r.names, o...)
			}
			for _, j := range nameCols {
				if n := strings.Trim(cells[j], " *_\"“”"); placeLikeName(n) {
					p, o := nameParts(n)
					r.names = append(append(r.names, n, p), o...)
				}
			}
			for _, j := range nickCols {
				r.names = append(r.names, cellNames(cells[j])...)
				if register && langQuotedName.MatchString(cells[j]) {
					// a register lists every name, quoted or not ("the
					// Roastery, MSR, \"the big one\", HQ")
					// (a remark in brackets is about a name: "(Swiggy name)")
					r.names = append(r.names, cellNames(parenthetical.ReplaceAllString(langQuotedName.ReplaceAllString(cells[j], ""), ""))...)
				}
			}
			for _, j := range areaCols {
				// a neighbourhood is a proper name ("Juniper Park"), not
				// a note ("moves daily")
				if a := strings.Trim(cells[j], " *_"); properName(a) && placeLikeName(a) {
					r.names = append(r.names, a)
				}
			}
			if addrCol >= 0 {
				if st := pageStreets(cells[addrCol]); len(st) == 1 {
					r.names = append(r.names, st[0])
				}
			}
			rows = append(rows, r)
		}
		if len(rows) >= 2 {
			n := 0
			if len(out) > 0 {
				n = out[len(out)-1].table + 1
			}
			for i := range rows {
				rows[i].table = n
			}
			out = append(out, rows...)
		}
		i = k - 1
	}
	return out
}

// headerField reads a table's column heading as the English one the
// columns above match: a French or Spanish heading in English ("Nom
// officiel", "Clave sistema": englishField, learnlang.go), its remark in
// brackets dropped ("Oficial (usar en todo lo publicado)"), and an
// official column named by the word alone ("Oficial") as "official
// name". An English heading stays as written: "Official name (EN)" is
// one of a register's columns of names, not its official one.
func headerField(h string) string {
	h = strings.Trim(h, " *_")
	t := strings.TrimSpace(parenthetical.ReplaceAllString(h, ""))
	e := englishField(t)
	if e == t {
		return h
	}
	if e = strings.ReplaceAll(e, "_", " "); e == "official" {
		return "official name"
	}
	return e
}

// mdLink is a Markdown link, its text first.
var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// struckName is a table cell's struck-through name.
var struckName = regexp.MustCompile(`~~([^~]+)~~`)

// cellSeparator splits a table cell into the names it lists.
var cellSeparator = regexp.MustCompile(`\s*(?:/|,|;|\bor\b)\s*`)

// cellNames are the names a table cell gives: its quoted names when it
// quotes any (`"the Annex" (some regulars say "Midtown")`, « le quai »,
// with the English form of a French or Spanish one: englishNicknames,
// learnlang.go), else its parts between slashes, commas and "or".
func cellNames(cell string) []string {
	var out []string
	if qs := langQuotedName.FindAllStringSubmatch(cell, -1); len(qs) > 0 {
		for _, q := range qs {
			n := strings.TrimSpace(q[1] + q[2])
			out = append(append(out, n), englishNicknames(n)...)
		}
		return out
	}
	for _, p := range cellSeparator.Split(cell, -1) {
		// a nickname may be lower case ("the truck"), but not a note
		if p = strings.Trim(p, " *_.()"); p != "" && len(strings.Fields(p)) <= 4 && !isTopicPart(p) &&
			!strings.ContainsAny(p, "?!") && !strings.EqualFold(p, "varies") && !strings.EqualFold(p, "none") && p != "—" && p != "-" {
			out = append(out, p)
		}
	}
	return out
}

func rowCells(line string) []string {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "|") || !strings.HasSuffix(line, "|") || len(line) < 3 {
		return nil
	}
	cells := strings.Split(line[1:len(line)-1], "|")
	for i := range cells {
		// a link's text is the cell's ("[Kitchen – HSR Layout](hsr-kitchen.md)")
		cells[i] = strings.TrimSpace(mdLink.ReplaceAllString(cells[i], "$1"))
	}
	return cells
}

func isRule(line string) bool {
	cells := rowCells(line)
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		if strings.Trim(c, ":- ") != "" || !strings.Contains(c, "-") {
			return false
		}
	}
	return true
}

// listedName reports whether a table of locations lists the page's name
// or one of its other names; listed holds the keys of the rows' names.
func listedName(listed map[string]bool, name string, others []string) bool {
	for _, k := range (&placeCand{name: name, aliases: others}).keys() {
		if listed[k] {
			return true
		}
	}
	return false
}

// folderName is a store folder's name read as a name: "harbour-street"
// is "Harbour Street".
func folderName(dir string) (string, []string) {
	ws := strings.FieldsFunc(path.Base(dir), func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	for i, w := range ws {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		ws[i] = string(r)
	}
	return strings.Join(ws, " "), nil
}

// isIndexPage reports a folder's own page (index.md, README.md,
// about.md), whose title names what the folder is.
func isIndexPage(source string) bool {
	base := strings.ToLower(strings.TrimSuffix(path.Base(source), path.Ext(source)))
	switch base {
	case "index", "_index", "readme", "about", "home", "overview":
		return true
	}
	return false
}

// notPlaceKind reports a kind of page (see fileRec.kind) that is never a
// store's, nor are its sections: a menu, an event, a blog post.
func notPlaceKind(kind string) bool {
	for _, w := range strings.FieldsFunc(kind, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w {
		case "menu", "menus", "event", "events", "blog", "post", "posts", "news", "press", "product", "products",
			"promo", "promotion", "promotions", "careers", "jobs", "job", "recipe", "recipes", "article", "offers", "specials":
			return true
		}
	}
	return false
}

// notPlaceFolder reports a page under a folder of things that are not
// places (events/, whats-on/, blog/, menu/): a folder of event pages,
// each with a venue, times and a box office number, is not a folder of
// stores.
func notPlaceFolder(source string) bool {
	for _, d := range strings.Split(path.Dir(source), "/") {
		d = strings.ToLower(d)
		if notPlaceKind(d) || strings.Contains(strings.NewReplacer("-", "", "_", "", "'", "", "’", "", " ", "").Replace(d), "whatson") {
			return true
		}
	}
	return false
}

// isLocationFolder reports a folder whose name says it holds one page per
// location: "locations", "stores", "our-cafes", "find-a-shop".
func isLocationFolder(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' }) {
		if locationFolders[w] || locationFolders[w+"s"] {
			return true
		}
	}
	return false
}

// properName reports a name whose words are capitalised, but for the
// small words names keep in lower case ("Bridge of Weir").
func properName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return false
	}
	for i, w := range ws {
		r := []rune(w)
		switch strings.ToLower(w) {
		case "of", "the", "on", "at", "and", "&", "de", "la", "le":
			continue
		}
		if !unicode.IsUpper(r[0]) && !(i > 0 && unicode.IsDigit(r[0])) {
			return false // "Platform 1" is a name, "1 Platform" an address
		}
	}
	return true
}

// legendPair is one "CODE=Name" of a legend of store codes ("store codes:
// TS=Tainui St  HC=Hillcrest  CART=Bertha"), as rosters and menus write
// them.
var legendPair = regexp.MustCompile(`\b(\p{Lu}{2,5})\s?=\s?(\p{Lu}[\p{L}'’]+(?: \p{Lu}[\p{L}'’]+)?)`)

// legendStores reads the legends of store codes in the chunks: a chunk
// that spells out three or more codes, two or more of them (by code or
// name) stores the locator knows, names the rest as stores too (the cart
// that has no page of its own), each with its code as another name, and
// gives the known ones the legend's name for them ("WH=Wharf"). It
// returns each new store's names and each known store's (l.names index)
// new names.
func legendStores(chunks []chunk, l *locator) (stores map[string][]string, more map[int][]string) {
	for i := range chunks {
		text := chunks[i].text
		if !strings.Contains(text, "=") {
			continue
		}
		ms := legendPair.FindAllStringSubmatch(text, -1)
		if len(ms) < 3 {
			continue
		}
		known := map[int]int{} // pair → store
		for j, m := range ms {
			for _, w := range []string{m[1], m[2]} {
				if ls, _ := l.find(locWords(w)); len(ls) == 1 {
					known[j] = ls[0]
					break
				}
			}
		}
		if len(known) < 2 {
			continue
		}
		for j, m := range ms {
			code, name := m[1], m[2]
			if s, ok := known[j]; ok {
				if locationKey(name) != locationKey(l.names[s]) && !slices.ContainsFunc(more[s], func(x string) bool { return locationKey(x) == locationKey(name) }) {
					if more == nil {
						more = map[int][]string{}
					}
					more[s] = append(more[s], name)
				}
				continue
			}
			// a name is written as one, not shouted ("ANX = NO CASH")
			if !placeLikeName(name) || strings.ToUpper(name) == name {
				continue
			}
			if stores == nil {
				stores = map[string][]string{}
			}
			if !slices.Contains(stores[name], code) {
				stores[name] = append(stores[name], code)
			}
		}
	}
	return stores, more
}
