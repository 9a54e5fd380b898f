package document

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// unit is the smallest piece the splitter moves: a sentence, or a word of a
// sentence too long for a chunk, or a rune run of a word longer than a
// chunk. sep is what joins it to the unit before it.
type unit struct {
	text string
	sep  string
	para bool // first unit of a paragraph: a preferred place to cut
	n    int  // rune count of text
}

// split cuts text into pieces of at most max runes, preferring paragraph
// ends, then sentence ends, then spaces; a word is only cut when it alone is
// longer than max. Consecutive pieces share up to overlap runes of whole
// trailing sentences so a fact cut at a boundary is still found whole.
func split(text string, max, overlap int) []string {
	units := toUnits(text, max)
	if len(units) == 0 {
		return nil
	}
	sepLen := func(u unit) int { return len(u.sep) } // separators are ASCII
	var out []string
	i := 0
	for i < len(units) {
		j, length := i, units[i].n
		for j+1 < len(units) && length+sepLen(units[j+1])+units[j+1].n <= max {
			j++
			length += sepLen(units[j]) + units[j].n
		}
		if j+1 < len(units) {
			// Cut at the last paragraph start if that keeps the piece reasonably full.
			l := length
			for p := j; p > i; p-- {
				l -= sepLen(units[p]) + units[p].n
				if units[p].para && l*5 >= max*3 {
					j = p - 1
					break
				}
			}
		}
		if s := join(units[i : j+1]); s != "" {
			out = append(out, s)
		}
		if j+1 >= len(units) {
			break
		}
		next := j + 1
		if overlap > 0 {
			// Smallest k > i whose tail units[k..j] fits in overlap and
			// still leaves room for the next unit.
			tail := 0
			for k := j; k > i; k-- {
				add := units[k].n
				if k < j {
					add += sepLen(units[k+1])
				}
				if tail+add > overlap {
					break
				}
				tail += add
				if tail+sepLen(units[j+1])+units[j+1].n <= max {
					next = k
				}
			}
		}
		i = next
	}
	return out
}

// splitCapped returns the first limit pieces split(text, max, overlap)
// would give, and whether there were more. It splits a growing prefix of
// text, cut at a space, so a huge section costs only what the kept pieces
// need: units are found locally (a sentence, a word, a rune run), so the
// pieces before the last one or two of a prefix are those of the whole.
func splitCapped(text string, max, overlap, limit int) ([]string, bool) {
	if limit <= 0 {
		return nil, strings.TrimSpace(text) != ""
	}
	for size := (limit + 2) * max * 2; ; size *= 2 {
		if size >= len(text) {
			pieces := split(text, max, overlap)
			if len(pieces) > limit {
				return pieces[:limit], true
			}
			return pieces, false
		}
		cut := strings.LastIndexAny(text[:size], " \t\n")
		if cut <= 0 {
			// One huge word: cut at a rune boundary.
			cut = size
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		if pieces := split(text[:cut], max, overlap); len(pieces) >= limit+2 {
			return pieces[:limit], true
		}
	}
}

func join(us []unit) string {
	var b strings.Builder
	for k, u := range us {
		if k > 0 {
			b.WriteString(u.sep)
		}
		b.WriteString(u.text)
	}
	return strings.TrimSpace(b.String())
}

// toUnits breaks text into paragraphs, lines and sentences, and breaks any
// sentence longer than max into words and any word longer than max into runs.
func toUnits(text string, max int) []unit {
	var out []unit
	add := func(text, sep string, para bool) {
		n := utf8.RuneCountInString(text)
		if n <= max {
			out = append(out, unit{text: text, sep: sep, para: para, n: n})
			return
		}
		for wi, w := range strings.Fields(text) {
			s := " "
			if wi == 0 {
				s = sep
			}
			wn := utf8.RuneCountInString(w)
			if wn <= max {
				out = append(out, unit{text: w, sep: s, para: para && wi == 0, n: wn})
				continue
			}
			for ri, r := range runeRuns(w, max) {
				rs := ""
				if ri == 0 {
					rs = s
				}
				out = append(out, unit{text: r, sep: rs, para: para && wi == 0 && ri == 0, n: utf8.RuneCountInString(r)})
			}
		}
	}
	for _, para := range paragraphs(text) {
		for li, line := range strings.Split(para, "\n") {
			sep := "\n"
			if li == 0 {
				sep = "\n\n"
			}
			for si, s := range sentences(line) {
				if si > 0 {
					sep = " "
				}
				add(s, sep, li == 0 && si == 0)
			}
		}
	}
	return out
}

// paragraphs splits on blank lines, dropping trailing spaces of lines.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = cur[:0]
		}
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRightFunc(line, unicode.IsSpace)
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return out
}

// sentences splits one line after '.', '!' or '?' (and any closing quotes
// or brackets) followed by a space and a character that is not lower case,
// so "e.g. the" and "4.75" stay whole. Leading indentation stays with the
// first sentence. It is the strictest of the project's three splitters
// (the extract's in pkg/retrieval/extract.go and the proximity segments'
// in rank_proximity.go cut at simpler rules) because a cut here is where
// a chunk may end, and chunks are stored and their goldens fixed.
func sentences(line string) []string {
	var out []string
	start := 0
	rs := []rune(line)
	// Work on byte offsets alongside runes.
	offs := make([]int, len(rs)+1)
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += utf8.RuneLen(r)
	}
	offs[len(rs)] = o
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		end := i + 1
		for end < len(rs) && strings.ContainsRune(`"')]”’`, rs[end]) {
			end++
		}
		if end >= len(rs) || !unicode.IsSpace(rs[end]) {
			continue
		}
		next := end
		for next < len(rs) && unicode.IsSpace(rs[next]) {
			next++
		}
		before := line[offs[start]:offs[i]]
		if next >= len(rs) || unicode.IsLower(rs[next]) || isListNumber(before) || isAbbrev(before) {
			continue
		}
		if s := line[offs[start]:offs[end]]; strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
		start = next
		i = next - 1
	}
	if s := line[offs[start]:]; strings.TrimSpace(s) != "" {
		out = append(out, s)
	}
	return out
}

// isAbbrev reports whether the text before a period ends in a title or
// street abbreviation, after which a capital does not start a sentence.
func isAbbrev(before string) bool {
	i := strings.LastIndexFunc(before, func(r rune) bool { return !unicode.IsLetter(r) })
	w := strings.ToLower(before[i+1:])
	switch w {
	case "mr", "mrs", "ms", "dr", "st", "no", "vs", "approx", "ave", "rd":
		return true
	}
	return len(w) == 1 && w != "i" // initials: "J. Smith"
}

// isListNumber reports whether before is just a list number ("1" of "1. Item").
func isListNumber(before string) bool {
	t := strings.TrimSpace(before)
	return t != "" && strings.Trim(t, "0123456789") == ""
}

// runeRuns cuts s into runs of at most max runes.
func runeRuns(s string, max int) []string {
	var out []string
	n, start := 0, 0
	for i := range s {
		if n == max {
			out = append(out, s[start:i])
			start, n = i, 0
		}
		n++
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}
