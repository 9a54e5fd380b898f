package retrieval

import (
	"regexp"
	"slices"
	"strings"
)

// streetName finds a street in an address: one or two capitalised words
// and a street word ("Foundry Lane", "Station Approach", "Elm Rd").
var streetName = regexp.MustCompile(`\b(?:[A-Z][\p{L}'’]+ ){1,2}(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Square|Sq|Way|Place|Row|Quay|Hill|Terrace|Parade|Approach|Close|Drive|Crescent|Walk|Gardens|Green|Boulevard|Blvd|High Street)\b`)

// calledAs finds the names a page says people use for the place: `call it
// "Riverside" or "the Centre shop"`, `known as "the Kiosk"`.
var calledAs = regexp.MustCompile(`(?i)\b(?:call(?:s|ed)? (?:it|us|this shop|this café|this cafe)|known as|nicknamed|a\.?k\.?a\.?)\s+((?:["“][^"”\n]{1,40}["”](?:,\s*|\s+or\s+|\s+and\s+)?)+)`)

var quoted = regexp.MustCompile(`["“]([^"”\n]{1,40})["”]`)

// streetWords are how a street's kind is written, for pages that name
// their own street only.
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
		for _, q := range quoted.FindAllStringSubmatch(m[1], -1) {
			if s := strings.TrimSpace(q[1]); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// learnAliases gathers the other names of each location from its own
// pages: the front matter's nicknames and store id, the names the opening
// paragraph says people use, and the street of the page's address when it
// names exactly one. A name two locations would share is dropped. loc
// maps a source to its location's name.
func learnAliases(files []fileRec, chunks []chunk, loc map[string]string) map[string][]string {
	byLoc := map[string][]string{}
	off := 0
	for _, f := range files {
		cs := chunks[off : off+f.chunks]
		off += f.chunks
		name, ok := loc[f.source]
		if !ok || len(cs) == 0 {
			continue
		}
		names := slices.Clone(f.aliases)
		names = append(names, pageNicknames(cs[0].text)...)
		addr := f.address
		if addr == "" {
			addr = cs[0].text
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

// aliasWords are an alias's words as the locator matches them: "the
// hospital shop" is "hospital" (a place word after a name is matched
// anyway, and "the" before it is not part of it).
func aliasWords(a string) []string {
	ws := locWords(a)
	if len(ws) > 1 && ws[0] == "the" {
		ws = ws[1:]
	}
	if len(ws) > 1 && nameSuffix[ws[len(ws)-1]] {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 1 && (genericPlaceWords[ws[0]] || len(ws[0]) < 3) {
		return nil
	}
	return ws
}

// aliasKey is how learned aliases compare: their words as the locator
// matches them (aliasWords), or for a nickname made of generic words
// only ("the big one", "the Big Shop") all its words but "the", which the
// locator matches as a whole phrase.
func aliasKey(a string) string {
	if ws := aliasWords(a); len(ws) > 0 {
		return strings.Join(ws, " ")
	}
	ws := locWords(a)
	if len(ws) > 0 && ws[0] == "the" {
		ws = ws[1:]
	}
	if len(ws) < 2 {
		return ""
	}
	return strings.Join(ws, " ")
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
	off := 0
	for _, f := range files {
		cs := chunks[off : off+f.chunks]
		base := off
		off += f.chunks
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
