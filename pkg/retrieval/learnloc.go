package retrieval

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// streetKinds are the words that end a street's name ("Foundry Lane",
// "Elm Rd"): streetName, streetAddress and streetWords are written from
// them. addressKinds are those an address with a house number may also
// end a street with ("220 Commerce Pkwy"); streetName, whose streets
// become a store's names, has never read them.
const (
	streetKinds  = `Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Square|Sq|Way|Place|Row|Quay|Hill|Terrace|Parade|Approach|Close|Drive|Crescent|Walk|Gardens|Green|Boulevard|Blvd`
	addressKinds = `Pl|Dr|Parkway|Pkwy|Court|Ct|Circle|Highway|Hwy|Alley|Plaza|Mall|Market`
)

// streetName finds a street in an address: one or two capitalised words
// and a street word ("Foundry Lane", "Station Approach", "Elm Rd").
var streetName = regexp.MustCompile(`\b(?:[A-Z][\p{L}'’]+ ){1,2}(?:` + streetKinds + `|High Street)\b`)

// calledAs finds the names a page says people use for the place: `call it
// "Riverside" or "the Centre shop"`, `known as "the Kiosk"`, `call this
// one **"CSLR"**`, `just say **L2**`, `Customers mostly say "Dodge"`,
// `Internally: **PVU**`, `On the schedule it's **ING**`.
var calledAs = regexp.MustCompile(`(?i)\b(?:call(?:s|ed)? (?:it|us|this shop|this café|this cafe|this one|this store|this branch|this kiosk)|(?:just|simply) say|known as|nicknamed|a\.?k\.?a\.?|gọi là|` +
	`(?:customers|people|regulars|folks|students|locals|guests)(?: mostly| usually| often| also)? say|(?:staff|internally):|on the schedules? it'?s)\s+(?:just\s+|simply\s+)?` +
	`((?:` + calledName + `(?:(?:,\s*(?:or\s+)?|\s+or\s+|\s+and\s+)(?:just\s+|simply\s+)?)?)+)`)

// calledName is one name in calledAs's list: quoted, in bold or both
// (`**"the Wharf"**`, `**RV**`).
const calledName = `(?:\*\*|__)?(?:["“][^"”\n]{1,40}["”]|\*\*[^*"“\n]{1,30}\*\*)(?:\*\*|__)?`

// calledNames finds the names in calledAs's list: quoted ones, and
// names in bold without quotes.
var calledNames = regexp.MustCompile(`["“]([^"”\n]{1,40})["”]|\*\*([^*"“\s][^*"“\n]{0,28}[^*"“\s])\*\*`)

// meetBold is the name an opening paragraph introduces in bold: "Meet
// **Ouma** – a 1974 VW Kombi".
var meetBold = regexp.MustCompile(`(?i)\b(?:meet|say hello to)\s+\*\*(\p{Lu}[\p{L}'’]+(?:\s+\p{Lu}[\p{L}'’]+)?)\*\*`)

var quoted = regexp.MustCompile(`["“]([^"”\n]{1,40})["”]`)

// pageStreets returns the streets text names (streetName), each once,
// for pages that name their own street only.
func pageStreets(text string) []string {
	var out []string
	for _, m := range streetName.FindAllString(text, -1) {
		ws := strings.Fields(m)
		// "Visit Foundry Lane": a sentence's first word is not the street's.
		if len(ws) == 3 && isCommonWord(ws[0]) {
			m = strings.Join(ws[1:], " ")
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// placeKinds are the words after a place's own name in an address that
// say what kind of place it is: "Lough Fada Amenity Park" is "Lough
// Fada" as people say it.
var placeKinds = map[string]bool{
	"park": true, "amenity": true, "centre": true, "center": true, "shopping": true, "mall": true, "plaza": true,
	"arcade": true, "building": true, "estate": true, "retail": true, "business": true, "market": true,
}

// addressPlace returns the named place an address starts with, when its
// first part is a name rather than a number ("Lough Fada Amenity Park,
// Lough Road, ..." but not "14 Main Street, Kilbrannagh"), and that name
// without the words that say its kind ("Lough Fada").
func addressPlace(addr string) []string {
	parts := strings.Split(addr, ",")
	if len(parts) < 2 {
		return nil
	}
	// a unit or level before the place ("Unit 22, Level 1 (beside the
	// food court), Cuan Mór Shopping Centre, ...") is passed over
	first := ""
	for _, p := range parts[:len(parts)-1] {
		p = strings.TrimSpace(parenthetical.ReplaceAllString(p, ""))
		if unitPart.MatchString(p) {
			continue
		}
		first = p
		break
	}
	if first == "" || hasDigit(first) || !properName(first) || len(strings.Fields(first)) < 2 {
		return nil
	}
	out := []string{first}
	ws := strings.Fields(first)
	n := len(ws)
	for n > 1 && placeKinds[strings.ToLower(ws[n-1])] {
		n--
	}
	if n < len(ws) {
		out = append(out, strings.Join(ws[:n], " "))
		// "the shopping centre", as people say the store in one
		if kind := strings.ToLower(strings.Join(ws[n:], " ")); kind == "shopping centre" || kind == "shopping center" || kind == "mall" || kind == "shopping mall" {
			out = append(out, "the "+kind)
		}
	}
	return out
}

// unitPart is an address's part that gives a unit, shop, level or floor
// within a building: "Unit 22", "Level 1", "Shop G14".
var unitPart = regexp.MustCompile(`(?i)^(?:unit|shop|level|floor|suite|kiosk|stall)\s+[\w-]+$|^(?:ground|first|second|upper|lower) floor$`)

// placeNouns are the kinds of store a page's front matter may give
// ("type: kiosk") that people call the store by.
var placeNouns = map[string]bool{"kiosk": true, "cart": true, "van": true, "truck": true, "stall": true, "hatch": true, "trailer": true}

// addressLine returns the first of text's opening lines that reads as an
// address (a street and a postcode, or a street and a comma), without
// its emphasis marks.
func addressLine(text string) string {
	for i, line := range strings.SplitN(text, "\n", 8) {
		if i == 7 {
			break
		}
		line = strings.Trim(strings.TrimSpace(line), "*_>")
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		if len(pageStreets(line)) > 0 && (postcode.MatchString(line) || strings.Count(line, ",") >= 2) {
			return line
		}
	}
	return ""
}

// isCommonWord reports capitalised words that open sentences rather than
// street names.
func isCommonWord(w string) bool {
	switch strings.ToLower(w) {
	case "visit", "find", "on", "at", "in", "near", "off", "from", "the", "our", "we're", "we", "and", "or", "to":
		return true
	}
	return false
}

// pageNicknames returns the names an opening paragraph says people call
// the place by.
func pageNicknames(text string) []string {
	var out []string
	for _, m := range calledAs.FindAllStringSubmatch(text, -1) {
		for _, q := range calledNames.FindAllStringSubmatch(m[1], -1) {
			if s := strings.TrimSpace(q[1] + q[2]); s != "" {
				out = append(out, s)
			}
		}
	}
	for _, m := range meetBold.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	return append(out, langNicknames(text)...) // in French and Spanish (learnlang.go)
}

// learnAliases gathers the other names of each location from its own
// pages: the front matter's nicknames and store id, the names the opening
// paragraph says people use, and the street of the page's address when it
// names exactly one. A name two locations would share is dropped. loc
// maps a source to its location's name.
func learnAliases(files []fileRec, chunks []chunk, loc map[string]string) map[string][]string {
	byLoc := map[string][]string{}
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		name, ok := loc[f.source]
		if !ok || len(cs) == 0 {
			continue
		}
		names := slices.Clone(f.aliases)
		names = append(names, pageNicknames(cs[0].text)...)
		addr := f.address
		if addr == "" && addressLike(cs[0].location) {
			addr = cs[0].location
		}
		names = append(names, addressPlace(addr)...)
		if addr == "" {
			addr = cs[0].text
			// the address line under the page's heading ("*The Old Mill,
			// Quay Road, Kilbrannagh N91 W8K4*")
			names = append(names, addressPlace(addressLine(addr))...)
		}
		// a name in brackets in the opening chunk's headings below the
		// title ("Gallán Express (Platform 1)")
		for _, h := range strings.Split(cs[0].section, " > ")[1:] {
			for _, m := range parenthetical.FindAllStringSubmatch(h, -1) {
				if t := strings.TrimSpace(m[1]); properName(t) && !isTopicPart(t) && len(strings.Fields(t)) <= 4 {
					names = append(names, t)
				}
			}
		}
		names = append(names, nameTails(name, cs)...)
		if placeNouns[f.kind] {
			// "type: kiosk": the store people call "the kiosk"
			names = append(names, "the "+f.kind)
		}
		if streets := pageStreets(addr); len(streets) == 1 {
			names = append(names, streets[0])
		}
		byLoc[name] = append(byLoc[name], names...)
	}
	owner := map[string]string{} // alias key → location, "" when shared
	for name, as := range byLoc {
		for _, a := range as {
			k := aliasKey(a)
			if k == "" {
				continue
			}
			if o, ok := owner[k]; ok && o != name {
				owner[k] = ""
			} else {
				owner[k] = name
			}
		}
	}
	out := map[string][]string{}
	for name, as := range byLoc {
		for _, a := range as {
			k := aliasKey(a)
			if k != "" && owner[k] == name && !slices.Contains(out[name], a) {
				out[name] = append(out[name], a)
			}
		}
		slices.Sort(out[name])
	}
	return out
}

// nameTails returns the short forms of a store's compound name that its
// own page writes as a name: "the Kar" in "Book the Kar" of "Die
// Koffiekar", the compound's last part (three letters or more, after
// "the"), capitalised on the page.
func nameTails(name string, cs []chunk) []string {
	parts := strings.Fields(strings.ToLower(name))
	var out []string
	// each "the " of the page's headings and text once, against every
	// part of the name
	scan := func(text string) {
		for {
			at := strings.Index(text, "the ")
			if at < 0 {
				return
			}
			text = text[at+4:]
			t := text
			if end := strings.IndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }); end >= 0 {
				t = text[:end]
			}
			r, _ := utf8.DecodeRuneInString(t)
			if utf8.RuneCountInString(t) < 3 || !unicode.IsUpper(r) || slices.Contains(out, "the "+t) {
				continue
			}
			lt := strings.ToLower(t)
			if slices.ContainsFunc(parts, func(p string) bool { return len(t) < len(p) && strings.HasSuffix(p, lt) }) {
				out = append(out, "the "+t)
			}
		}
	}
	for i := range cs {
		scan(cs[i].section)
		scan(cs[i].text)
	}
	return out
}

// aliasWords are an alias's words as the locator matches them: "the
// hospital shop" is "hospital" (a place word after a name is matched
// anyway, and "the" before it is not part of it).
func aliasWords(a string) []string {
	ws := locWords(a)
	// "la marina", "el puesto", "l'UdE": a French or Spanish article
	// is the English "the", which a question in English writes instead
	if len(ws) > 1 && (ws[0] == "the" || romanceArticles[ws[0]]) {
		ws = ws[1:]
	}
	if len(ws) > 1 && nameSuffix[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 1 && (genericPlaceWords[ws[0]] || (len(ws[0]) < 3 && !hasDigit(ws[0]) && !twoLetterName(ws[0]))) {
		return nil
	}
	return ws
}

// romanceArticles are the French and Spanish articles a nickname begins
// with, as locWords writes them ("l'UdE" is "l ude").
var romanceArticles = map[string]bool{"le": true, "la": true, "les": true, "l": true, "el": true, "los": true, "las": true}

// commonTwoLetter are the two-letter words of questions, which no
// two-letter nickname can be.
var commonTwoLetter = map[string]bool{
	"am": true, "an": true, "as": true, "at": true, "be": true, "by": true, "do": true, "go": true, "he": true,
	"hi": true, "if": true, "in": true, "is": true, "it": true, "me": true, "my": true, "no": true, "of": true,
	"oh": true, "ok": true, "on": true, "or": true, "pm": true, "so": true, "to": true, "up": true, "us": true,
	"we": true, "ya": true, "yo": true, "ur": true, "im": true, "id": true, "ma": true, "pa": true, "ah": true,
	"la": true, "le": true, "de": true, "du": true, "el": true, "en": true, "et": true, "un": true, "op": true,
	"te": true, "ko": true, "ka": true, "ki": true, "ke": true, "gf": true, "df": true, "vg": true,
	"xl": true, "lg": true, "sm": true, "md": true, "oz": true, "ml": true, "kg": true, "mr": true, "ms": true,
}

// twoLetterName reports a two-letter nickname a store can go by ("RV",
// "TB", "LJ", "HQ" where a page or register gives it): letters that
// spell no common word of questions, a size or a diet.
func twoLetterName(w string) bool {
	return len(w) == 2 && !commonTwoLetter[w]
}

// hasDigit reports a digit in w: "t1" is a terminal's name, "ms" is no
// name on its own.
func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// aliasKey is how learned aliases compare: their words as the locator
// matches them (aliasWords), or for a nickname made of generic words
// only ("the big one", "the Big Shop") all its words but "the", which the
// locator matches as a whole phrase.
func aliasKey(a string) string {
	if ws := aliasWords(a); len(ws) > 0 {
		return strings.Join(ws, " ")
	}
	ws := locWords(a)
	if len(ws) == 2 && ws[0] == "the" && genericPlaceWords[ws[1]] && !nameSuffix[ws[1]] {
		// "the Lane" as a page says people call the store: the whole
		// phrase, which the locator matches as it is
		return strings.Join(ws, " ")
	}
	if len(ws) > 0 && ws[0] == "the" {
		ws = ws[1:]
	}
	if len(ws) < 2 {
		return ""
	}
	return strings.Join(ws, " ")
}

// dropBrandPrefixes removes from aliases each alias that begins two or
// more stores' names: a title's leading part ("Banwa Kape" of "Banwa Kape
// – Balinsay Gateway Mall", "Mti Coffee" of "Mti Coffee — St. Veronica
// Hospital") is the chain's name, which names none of its stores when
// "Banwa Kape Poblacion" and "Mti Coffee House" begin with it too.
func dropBrandPrefixes(names []string, aliases map[string][]string) {
	words := make([][]string, len(names))
	for i, n := range names {
		words[i] = locWords(n)
	}
	brand := func(a string) bool {
		ws := locWords(a)
		n := 0
		for _, nw := range words {
			if len(ws) > 0 && len(ws) < len(nw) && slices.Equal(nw[:len(ws)], ws) {
				n++
			}
		}
		return n >= 2
	}
	for n, as := range aliases {
		aliases[n] = slices.DeleteFunc(as, brand)
	}
}

// nameSuffix are words after a nickname that the locator takes as part of
// any name ("the hospital shop", "the station one").
var nameSuffix = map[string]bool{"shop": true, "one": true, "store": true, "cafe": true, "location": true, "branch": true}

// mergeAliases returns learned and configured aliases together. A
// configured location that is not one of the known names but that the
// learned names find in it ("Station Kiosk" for the learned "Kettlewick
// Station Kiosk") is that location, so its aliases do not make a second,
// empty location that a question would be scoped to.
func mergeAliases(known []string, learned, configured map[string][]string, loc *locator) map[string][]string {
	if len(configured) == 0 {
		return learned
	}
	out := make(map[string][]string, len(learned)+len(configured))
	for k, v := range learned {
		out[k] = slices.Clone(v)
	}
	for k, v := range configured {
		key := k
		found := false
		for _, n := range known {
			if locationKey(n) == locationKey(k) {
				key, found = n, true
			}
		}
		if !found && loc != nil {
			if ls, _ := loc.find(locWords(k)); len(ls) == 1 {
				key = loc.names[ls[0]]
			}
		}
		out[key] = append(out[key], v...)
	}
	return out
}

// officialName finds a line that gives the place's name as a wiki or CMS
// page states it: "Official name: Bramble & Loaf Market Stall.", "Shop
// name: ...". The name ends at the line's end or at a sentence's.
var officialName = regexp.MustCompile(`(?im)^[\s*_>-]*(?:official|full|shop|store|branch|location|café|cafe|site)\s+name[*_]*\s*:[*_]*\s*([^\n]+?)\s*(?:[.;]\s|[.;]?$)`)

// namedPlaces learns locations that a page, or one section of a shared
// page, names with an official-name line. When the line is in a page's
// opening chunk the whole page is that place (the page's own, as a store
// page); when it is in a later section only that section's chunks are
// (the Pembroke Street part of a "find us" page that lists every shop).
// Quoted names in the page's title or the section's heading ("Hennessy
// Library Café ("the Stacks")", `PEMBROKE STREET ("Pembo" / "the Big
// Shop")`) are its nicknames. It returns source → name for pages, chunk
// index → name for sections, and name → nicknames.
func namedPlaces(files []fileRec, chunks []chunk) (pages map[string]string, sections map[int]string, nicks map[string][]string) {
	pages, sections, nicks = map[string]string{}, map[int]string{}, map[string][]string{}
	for s := range fileChunks(files, chunks) {
		f, cs, base := s.file, s.chunks, s.off
		for i := range cs {
			m := officialName.FindStringSubmatch(cs[i].text)
			if m == nil {
				continue
			}
			name := strings.Trim(m[1], `*_"“”' `)
			if locationKey(name) == "" || len(name) > 60 || companyName(name) {
				continue
			}
			heading := cs[i].section
			if i == 0 {
				if _, ok := pages[f.source]; ok {
					continue
				}
				pages[f.source] = name
				heading, _, _ = strings.Cut(heading, " > ")
				if f.title != "" {
					heading = f.title
				}
			} else {
				for j := range cs {
					if cs[j].section == cs[i].section {
						if _, ok := sections[base+j]; !ok {
							sections[base+j] = name
						}
					}
				}
			}
			for _, q := range quoted.FindAllStringSubmatch(heading, -1) {
				if s := strings.TrimSpace(q[1]); s != "" && !slices.Contains(nicks[name], s) {
					nicks[name] = append(nicks[name], s)
				}
			}
		}
	}
	return pages, sections, nicks
}

// companyName reports a company's legal name ("Bramble & Loaf Bakehouse
// Ltd"), which an about page may give as its official name: the company
// is not one of its shops.
func companyName(name string) bool {
	ws := strings.Fields(strings.ToLower(strings.TrimRight(name, ".")))
	if len(ws) == 0 {
		return false
	}
	switch strings.Trim(ws[len(ws)-1], ".,()") {
	case "ltd", "limited", "inc", "llc", "plc", "gmbh", "group", "co", "company", "corp", "corporation", "dac", "cic":
		return true
	}
	return false
}

// codeNames names the locations that front matter gives as a short code
// ("store: st-aldhelms", which the store's events page may share;
// "store_code: HST") or as an address ("location: Lough Fada Amenity
// Park, Lough Road"): a code is named by a store directory's row for it
// (learndirectory.go), else after the title of its page in a folder of
// location pages, or of its only page; an address after its page's
// title. A remark in brackets that ends the title ("Gallán on the Go (the
// Cart)") is another name, not part of this one. dir is directoryRows of
// the documents. It returns code key → name.
func codeNames(files []fileRec, chunks []chunk, dir []dirRow) map[string]string {
	var out map[string]string
	pages := map[string][]fileRec{}
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		if len(cs) == 0 || !(isLocationCode(cs[0].location) || addressLike(cs[0].location) || placeDescription(cs[0].location)) {
			continue
		}
		k := locationKey(cs[0].location)
		if h, _, _ := strings.Cut(cs[0].section, " > "); h != "" {
			f.title = headingForm(f.title, h)
		}
		pages[k] = append(pages[k], f)
	}
	if len(pages) == 0 {
		return nil
	}
	codes := directoryCodeNames(dir)
	// a page whose location is where it stands, titled with its code in
	// brackets ("Waiaroha Regional Airport (WRA)"), names that code for
	// every page that gives it (the airport's price list); a code two
	// such pages give under different names names neither, whatever
	// order the map is read in
	remarked := map[string]string{}
	for k, fs := range pages {
		if isLocationCode(k) || len(fs) != 1 {
			continue
		}
		if m := trailingRemark.FindString(fs[0].title); m != "" {
			if code := strings.Trim(m, " ()"); isLocationCode(code) && strings.ToUpper(code) == code {
				t := strings.TrimSpace(trailingRemark.ReplaceAllString(fs[0].title, ""))
				if o, ok := remarked[locationKey(code)]; ok && o != t {
					t = ""
				}
				remarked[locationKey(code)] = t
			}
		}
	}
	for k, fs := range pages {
		title := codes[k]
		if title == "" {
			title = remarked[k]
		}
		for _, f := range fs {
			if title == "" && f.title != "" && locationFolders[strings.ToLower(path.Base(path.Dir(f.source)))] {
				title = trailingRemark.ReplaceAllString(f.title, "")
				break
			}
		}
		if title == "" && len(fs) == 1 {
			title = trailingRemark.ReplaceAllString(fs[0].title, "")
		}
		if title = strings.TrimSpace(title); title != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[k] = title
		}
	}
	return out
}

// trailingRemark is a title's last part in brackets.
var trailingRemark = regexp.MustCompile(`\s*\([^()]{1,40}\)\s*$`)

// isLocationCode reports a location given as a slug or id ("st-aldhelms",
// "riverside_01", "WS01", "LOC-01", "HST") rather than a name written for
// people.
func isLocationCode(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t") {
		return false
	}
	if len(s) >= 2 && len(s) <= 5 && strings.ToUpper(s) == s && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return true // an all-capitals code: "HST", "KIO"
	}
	return strings.ToLower(s) == s || (len(s) <= 12 && hasDigit(s))
}

// headingForm returns a page's title as its top heading writes it when
// the two are the same words and the heading has no separator ("Sudu
// Coffee – Lakeside Junction" is headed "Sudu Coffee Lakeside Junction
// 🛍️"): the heading is the name as the page's own text writes it.
func headingForm(title, heading string) string {
	h := strings.TrimSpace(strings.TrimRightFunc(heading, isPictograph))
	if h == "" || titleSeparator.MatchString(h) || !titleSeparator.MatchString(title) {
		return title
	}
	if slices.Equal(locWords(h), locWords(title)) {
		return h
	}
	return title
}

// placeDescription reports a front matter location that says where in a
// building or site the store stands rather than naming it: parts between
// commas, six words or more ("Departure lounge, airside – past security
// screening, opposite Gate 2").
func placeDescription(s string) bool {
	return strings.Contains(s, ",") && len(strings.Fields(s)) >= 6
}

// addressLike reports a front matter location that is the store's address
// rather than its name: parts between commas, one a street.
func addressLike(s string) bool {
	return strings.Contains(s, ",") && (len(pageStreets(s)) > 0 || len(addressesIn(s)) > 0 || postcode.MatchString(s))
}

// storePage is a page storePages gives a store.
type storePage struct {
	name string
	weak bool // it counts as a chain page's section about the store
}

// storePages finds the pages about one store that no markup gives it: a
// page whose title leads with the store's name or nickname ("Port Ellery
// Airport (PEA) — unit brief", "BESSIE - where is she?", "Gallán Express
// – station menu"), or a page in a folder named after it
// ("franchise-northgate/"). The title's leading part must be the store's
// name whole, but for the chain's words (those of two or more stores'
// names); a folder's name may add two words to it ("franchise"). A page
// with no title is read by its first line. owner returns the store a
// page is known to be of ("" for none); company is companyWords of the
// documents. It returns source → the page.
//
// A page in a store's folder is the store's own, as is a page titled
// after a store that has no page of its own otherwise (an airport
// concession's brief, a cart's schedule); a page titled after a store
// that has its own page (the station's menu, a franchisee's notes), or
// one under a staff-only path (see staffOnly), is weak, ranked as a
// chain page's section about the store is. Measured on the dev cafés'
// tune halves and tuned sets (854 questions, hit@1 / hit@3, at 94140ed's
// ranking): every such page weak 664 / 788; every one its store's own
// 666 / 791 (Saltbush +4 / +3, Gallán -2: the kiosk's checklist and menu
// over its page); this 668 / 791.
func storePages(files []fileRec, chunks []chunk, loc *locator, owner func(source string) string, company map[string]bool) map[string]storePage {
	if loc == nil || len(loc.names) == 0 {
		return nil
	}
	hasPage := map[string]bool{} // location key → it has a page of its own
	for _, f := range files {
		if n := owner(f.source); n != "" {
			hasPage[locationKey(n)] = true
		}
	}
	count := map[string]int{}
	for _, n := range loc.names {
		for _, w := range uniq(locWords(n)) {
			count[w]++
		}
	}
	// names returns the one store ws names, or -1; extra is how many
	// words of ws may name nothing. The company's words name no store.
	names := func(ws []string, extra int) int {
		locs, mention := loc.find(ws)
		if len(locs) != 1 || !slices.ContainsFunc(mention, func(w string) bool { return !company[w] }) {
			return -1
		}
		left := 0
		for _, w := range ws {
			if !slices.Contains(mention, w) && count[w] < 2 {
				left++
			}
		}
		if left > extra {
			return -1
		}
		return locs[0]
	}
	out := map[string]storePage{}
	folder := map[string]int{}
	for s := range fileChunks(files, chunks) {
		f, cs := s.file, s.chunks
		if len(cs) == 0 || owner(f.source) != "" || structuredData(f.source) {
			continue
		}
		dir := path.Dir(f.source)
		l, ok := folder[dir]
		if !ok {
			l = -1
			if base := path.Base(dir); dir != "." && !isLocationFolder(base) && !notPlaceFolder(f.source) && !storageFolder(base) {
				ws := locWords(strings.NewReplacer("-", " ", "_", " ").Replace(base))
				l = names(ws, 2)
			}
			folder[dir] = l
		}
		if l >= 0 {
			out[f.source] = storePage{name: loc.names[l]}
			continue
		}
		title := pageTitle(f.title, cs[0].section)
		if title == "" {
			title, _, _ = strings.Cut(strings.TrimSpace(cs[0].text), "\n")
		}
		if name, _ := nameParts(title); name != "" && len(name) <= 60 {
			if l := names(locWords(name), 0); l >= 0 {
				out[f.source] = storePage{name: loc.names[l], weak: hasPage[locationKey(loc.names[l])] || staffOnly(f.source)}
			}
		}
	}
	return out
}

// storageWords name where files are kept, not a place.
var storageWords = map[string]bool{"shared": true, "drive": true, "google": true, "gdrive": true, "onedrive": true,
	"dropbox": true, "sharepoint": true, "team": true, "teams": true, "files": true, "documents": true, "docs": true}

// storageFolder reports a folder named for where files are kept
// ("shared-drive", "Google Drive"): its words are no store's, though one
// may share a store's word ("drive" of "Dodge St Drive-Thru").
func storageFolder(name string) bool {
	ws := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	for _, w := range ws {
		if !storageWords[w] {
			return false
		}
	}
	return len(ws) > 0
}
