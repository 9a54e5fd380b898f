package retrieval

import (
	"math"
	"path"
	"slices"
	"strings"
)

// Proximity: a chunk covering the question's words scattered over lines
// about different things ("soy milk" in the add-ons list, "truck" in the
// opening hours) is less likely to answer than one whose single line,
// sentence or table row holds them together ("no soy milk on the
// truck"). BM25 and coverage see a chunk as a bag of words, so a help
// centre export that runs several articles into one chunk, a policy
// listing every store, or a long story page win on words that never
// meet. The top hits are re-ranked by the share of the chunk's matched
// IDF mass that its best segment holds, raised to proximityPower.
//
// Summed hit@1 / hit@3 over the dev cafés' tune halves and the bundled
// tuned sets (559 questions; before 440 / 518): power 0.4 442 / 524,
// 0.6 445 / 523, 0.7 445 / 524, 0.8 446 / 524, 1.0 444 / 525. A bonus
// instead of a penalty (score × (1 + a × segment share)) lost hit@1 at
// every weight tried (a = 0.15–1: 431–439).
const (
	proximityPower = 0.7
	// proximityDepth is how many of the best hits are re-ranked: the
	// segments of a chunk are built the first time it ranks this high.
	// Depths 5, 10, 20 and 50 ranked the sets the same.
	proximityDepth = 10
)

// chunkSegs is a chunk's text cut into segments, each as the term ids
// it holds, and the terms of its headings and file name, which stand
// above every segment: the heading "Opening hours" is part of the row
// "| Friday | 7–5 |" as much as the row's own words are.
type chunkSegs struct {
	segs [][]uint32
	head []uint32
	// rowHeads are the first cells of the table rows below a header row,
	// as term ids, for the cells whose every word the index knows (see
	// rowHeaderAsked).
	rowHeads [][]uint32
}

// segmentsOf returns chunk doc's segments, building them on first use;
// concurrent searches may both build them, and either result is kept.
func (st *state) segmentsOf(doc int) *chunkSegs {
	if p := st.lex.segs[doc].Load(); p != nil {
		return p
	}
	cs := st.storedSegments(doc) // derived.go: from the index file
	if cs == nil {
		cs = chunkSegments(st.lex, &st.chunks[doc])
	}
	st.lex.segs[doc].Store(cs)
	return cs
}

// chunkSegments cuts a chunk into segments: a CSV row is one segment; in
// other text each line is cut at sentence ends, and each row of a table
// also holds the terms of the table's header row ("| Role | Pay |" gives
// "pay" to the row "| Barista | £12.85 |"). Words the index does not
// know are left out. There is always at least one segment, so a chunk
// matching only through its headings is not read as matching nowhere.
func chunkSegments(lx *lexicon, c *chunk) *chunkSegs {
	ids := func(s string, into []uint32) []uint32 {
		for _, t := range tokens(s) {
			if id, ok := lx.termID(t); ok && !slices.Contains(into, id) {
				into = append(into, id)
			}
		}
		return into
	}
	cs := &chunkSegs{head: ids(strings.ReplaceAll(c.section, " > ", " ")+" "+strings.TrimSuffix(path.Base(c.source), path.Ext(c.source)), nil)}
	if csvRow(c.source) {
		cs.segs = [][]uint32{ids(csvRowText(c.text), nil)}
		return cs
	}
	var header []uint32
	inTable := false
	for _, line := range strings.Split(c.text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "|") {
			if isSeparatorRow(t) {
				continue // the |---|---| line under a header
			}
			if !inTable {
				inTable = true
				header = ids(t, nil)
				cs.segs = append(cs.segs, header)
				continue
			}
			cs.segs = append(cs.segs, ids(t, slices.Clone(header)))
			if cell := knownIDs(lx, firstCell(t)); len(cell) > 0 {
				cs.rowHeads = append(cs.rowHeads, cell)
			}
			continue
		}
		inTable = false
		for _, s := range splitSentences(line) {
			if seg := ids(s, nil); len(seg) > 0 {
				cs.segs = append(cs.segs, seg)
			}
		}
	}
	if len(cs.segs) == 0 {
		cs.segs = [][]uint32{nil}
	}
	return cs
}

// firstCell returns a table row's first cell.
func firstCell(row string) string {
	cell, _, _ := strings.Cut(strings.TrimPrefix(row, "|"), "|")
	return cell
}

// knownIDs returns the term ids of s's tokens, or nil when s has a token
// the index does not know.
func knownIDs(lx *lexicon, s string) []uint32 {
	var out []uint32
	for _, w := range tokens(s) {
		id, ok := lx.termID(w)
		if !ok {
			return nil
		}
		out = append(out, id)
	}
	return out
}

// splitSentences cuts a line after each ". ", "? " and "! ". It cuts
// more often than the chunker's sentences (pkg/document) or the extract's
// (extract.go) on purpose: a segment is only a set of term ids, where an
// extra cut at "e.g. the" costs little, and the segments are stored in
// the index's derived section, so this rule is part of the file format
// (derivationVersion) and of what proximityPower was measured with.
func splitSentences(line string) []string {
	var out []string
	start := 0
	for i := 0; i+1 < len(line); i++ {
		if (line[i] == '.' || line[i] == '?' || line[i] == '!') && line[i+1] == ' ' {
			out = append(out, line[start:i+1])
			start = i + 1
		}
	}
	return append(out, line[start:])
}

// proximity is the share, in [0,1], of the query's IDF mass matched in
// chunk doc that its best segment (with the headings) holds; 1 when the
// chunk matches nothing. The scoped location's own chunks get 1: a
// store's page is about that store throughout, and its short sections
// list separate facts ("bike racks by the door", "parking lot behind")
// that a question may combine. (Measured with them: the same summed
// hit@1 less 3, two stores' own sections losing first place to chain
// pages.) On chain-wide chunks the words naming the location count like
// any other, so the wifi card's line "Elm Road ... 2 hours" beats a
// line naming Elm Road beside another about the time limits.
func (st *state) proximity(q lexQuery, doc int) float64 {
	if q.own != nil && q.own(doc) {
		return 1
	}
	all := coveredMass(q, termsHave(st.chunks[doc].terms))
	if all <= 0 {
		return 1
	}
	cs := st.segmentsOf(doc)
	best := 0.0
	for _, seg := range cs.segs {
		m := coveredMass(q, func(id uint32) bool { return slices.Contains(seg, id) || slices.Contains(cs.head, id) })
		best = max(best, m)
	}
	return math.Min(1, best/all)
}
