package retrieval

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A store's page and the row a store directory gives it often name the
// store differently: the page by its heading ("Kiosque Quatre-Vents —
// Esplanade du campus", "Stand du Marché de la Batte"), the register by
// its official name ("Kiosque Quatre-Vents Esplanade CM") and its code
// ("LGE-02"). Left apart they are two locations, the page's questions
// scoped to one and the register's name to the other.

// smallNameWords are the words a store's name carries that say nothing
// of which store it is: articles and prepositions.
var smallNameWords = map[string]bool{"the": true, "of": true, "at": true, "and": true, "on": true, "in": true,
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true, "et": true, "chez": true, "au": true, "aux": true,
	"el": true, "los": true, "las": true, "del": true, "y": true, "en": true}

// storeNameWords returns a name's words but the small ones.
func storeNameWords(s string) []string {
	var out []string
	for _, w := range locWords(s) {
		if !smallNameWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// joinRowPages folds each store page's candidate into the directory row
// of the same store, before mergePlaces: the row whose name holds every
// word of the page's name (two or more), or the one row whose code the
// page's text writes ("page rédigée par Julien — stand LGE-02"), when
// exactly one row does. The page keeps its pages and names; the row's
// name becomes the place's, as mergePlaces names a place a row joins.
func joinRowPages(cands []*placeCand, files []fileRec, chunks []chunk) []*placeCand {
	var rows []int
	for i, c := range cands {
		if c.official && c.ids != nil && len(c.pages) == 0 {
			rows = append(rows, i)
		}
	}
	if len(rows) < 2 {
		return cands
	}
	texts := map[string]string{}
	for s := range fileChunks(files, chunks) {
		if len(s.chunks) > 0 {
			texts[s.file.source] = s.chunks[0].text
		}
	}
	joined := map[int]bool{}
	for _, c := range cands {
		if c.known || c.official || len(c.pages) == 0 {
			continue
		}
		match := -1
		if ws := storeNameWords(c.name); len(ws) >= 2 {
			for _, r := range rows {
				rw := storeNameWords(cands[r].name)
				if len(rw) > len(ws) && !joined[r] && !slices.ContainsFunc(ws, func(w string) bool { return !slices.Contains(rw, w) }) {
					if match >= 0 {
						match = -2
						break
					}
					match = r
				}
			}
		}
		if match < 0 {
			match = -1
			for _, r := range rows {
				code := rowCode(cands[r])
				if code == "" || joined[r] {
					continue
				}
				if slices.ContainsFunc(c.pages, func(src string) bool { return writesCode(texts[src], code) }) {
					if match >= 0 {
						match = -2
						break
					}
					match = r
				}
			}
		}
		if match < 0 {
			continue
		}
		r := cands[match]
		joined[match] = true
		c.section = append(c.section, r.section...)
		c.aliases = append(append(c.aliases, c.name), r.aliases...)
		c.name, c.official = r.name, true
	}
	if len(joined) == 0 {
		return cands
	}
	out := cands[:0:0]
	for i, c := range cands {
		if !joined[i] {
			out = append(out, c)
		}
	}
	return out
}

// rowCode returns a directory row's code among its ids: a name with a
// digit that isLocationCode accepts ("LGE-02"), or "".
func rowCode(c *placeCand) string {
	for _, id := range c.ids[1:] {
		if hasDigit(id) && isLocationCode(id) {
			return id
		}
	}
	return ""
}

// writesCode reports whether text writes code as a whole word.
func writesCode(text, code string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], code)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(code)
		b, _ := utf8.DecodeLastRuneInString(text[:at])
		a, _ := utf8.DecodeRuneInString(text[end:])
		before := at == 0 || !unicode.IsLetter(b) && !unicode.IsDigit(b)
		after := end == len(text) || !unicode.IsLetter(a) && !unicode.IsDigit(a)
		if before && after {
			return true
		}
		i = end
	}
}
