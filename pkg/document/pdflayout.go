package document

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// pdfRun is a piece of text shown at one position: where it starts on the
// page (in points, y up), its font size after the text and current
// transformation matrices, its width on the page from the font's glyph
// widths (0 when the font gives none: it is then estimated), and whether
// its font is bold.
type pdfRun struct {
	x, y, size float64
	text       string
	w          float64
	bold       bool
}

// Layout tolerances, in multiples of the font size.
const (
	// A gap wider than this between two runs of one line starts a new
	// table cell; narrower gaps are word spaces.
	cellGap = 1.2
	// Two lines whose cells start within this distance share a column.
	columnSlack = 0.6
	// A line at least this much larger than the body text is a heading.
	headingRatio = 1.15
	// Glyphs of fonts that give no widths (the standard fonts, mostly)
	// are taken to be this wide on average: about right for Helvetica and
	// Times.
	avgGlyph = 0.5
)

// maxHeadingRunes is the longest line taken as a heading: a long line in
// a big font is a paragraph set large, not a title.
const maxHeadingRunes = 90

// pdfLine is one line of a page: its cells, left to right, and its size.
// brk marks the first line of a column, which starts a new paragraph.
type pdfLine struct {
	y, size float64
	cells   []pdfCell
	brk     bool
}

// pdfCell is a run of text within a line: where it starts, where its
// text is estimated to end, its largest font size, and whether all of it
// is bold.
type pdfCell struct {
	x, end, size float64
	text         string
	bold         bool
}

// cellBuilder collects a cell's text without copying it for every run.
type cellBuilder struct {
	x, end, size float64
	text         strings.Builder
	bold         bool
}

// pdfPageMarkdown lays out one page's runs as Markdown: lines in reading
// order (top to bottom, left to right, a column at a time where the page
// is set in columns: see pdfReadingOrder), lines set larger than the body text
// as headings (the largest size "#", the next "##", the rest "###"), and
// runs of two or more lines whose cells line up in the same columns as a
// table. body is the document's body font size.
func pdfPageMarkdown(runs []pdfRun, body float64, headingSizes []float64) string {
	lines := pdfReadingOrder(pdfLines(runs), body)
	boldHeads := boldShare(runs) < maxBoldShare
	var out strings.Builder
	for i := 0; i < len(lines); {
		l := lines[i]
		if l.brk && out.Len() > 0 && !strings.HasSuffix(out.String(), "\n\n") {
			out.WriteString("\n")
		}
		if j := tableEnd(lines, i); j > i+1 {
			writeTable(&out, lines[i:j])
			i = j
			continue
		}
		text := l.text()
		lvl := pdfHeadingLevel(l.size, body, headingSizes)
		if lvl == 0 && boldHeads && boldHeading(l, body) {
			lvl = min(len(headingSizes)+1, 3)
		}
		if lvl > 0 && utf8.RuneCountInString(text) <= maxHeadingRunes {
			out.WriteString("\n" + strings.Repeat("#", lvl) + " " + text + "\n\n")
		} else {
			out.WriteString(text + "\n")
			// A gap of more than one and a half lines ends a paragraph.
			if i+1 < len(lines) && l.y-lines[i+1].y > 1.8*l.size {
				out.WriteString("\n")
			}
		}
		i++
	}
	return out.String()
}

// Bold headings. Menus often set their section names in the body size,
// only bold ("Coffee", "Bakes"). A short line all in bold is a heading one
// level below the size-based ones, unless bold is so common on the page
// that it marks nothing.
const (
	// A bold heading has at most this many words and does not end a
	// sentence.
	maxBoldHeadingWords = 6
	// On a page where this share of the text or more is bold, bold lines
	// are not headings.
	maxBoldShare = 0.3
)

// boldHeading reports whether l is a bold heading: one cell, all bold, at
// least the body size, a few words not ending in a full stop.
func boldHeading(l pdfLine, body float64) bool {
	if len(l.cells) != 1 || !l.cells[0].bold || l.size < 0.95*body {
		return false
	}
	t := l.cells[0].text
	return len(strings.Fields(t)) <= maxBoldHeadingWords && !strings.HasSuffix(t, ".")
}

// boldShare is the share of a page's characters set in bold.
func boldShare(runs []pdfRun) float64 {
	var bold, all int
	for _, r := range runs {
		n := utf8.RuneCountInString(strings.TrimSpace(r.text))
		all += n
		if r.bold {
			bold += n
		}
	}
	if all == 0 {
		return 0
	}
	return float64(bold) / float64(all)
}

// pdfLines groups runs into lines (runs whose baselines are within a third
// of the font size), sorted top to bottom, each line's runs into cells.
func pdfLines(runs []pdfRun) []pdfLine {
	rs := slices.Clone(runs)
	slices.SortStableFunc(rs, func(a, b pdfRun) int {
		switch {
		case a.y > b.y:
			return -1
		case a.y < b.y:
			return 1
		}
		return 0
	})
	var lines []pdfLine
	for start := 0; start < len(rs); {
		end := start + 1
		for end < len(rs) && math.Abs(rs[end].y-rs[start].y) <= math.Max(rs[start].size, 1)/3 {
			end++
		}
		lines = append(lines, makeLine(rs[start:end]))
		start = end
	}
	return slices.DeleteFunc(lines, func(l pdfLine) bool { return l.text() == "" })
}

// makeLine orders a line's runs by x and merges those closer than cellGap.
func makeLine(rs []pdfRun) pdfLine {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b pdfRun) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	l := pdfLine{y: rs[0].y}
	var cells []*cellBuilder
	var end float64 // estimated x where the last cell's text ends
	prevSpace := false
	for _, r := range rs {
		l.size = math.Max(l.size, r.size)
		t := strings.Join(strings.Fields(r.text), " ")
		if t == "" {
			continue
		}
		w := r.w
		if w <= 0 {
			w = avgGlyph * r.size * float64(utf8.RuneCountInString(r.text))
		}
		if n := len(cells); n > 0 && r.x-end < cellGap*r.size {
			if r.x-end >= 0.1*r.size || strings.HasPrefix(r.text, " ") || prevSpace {
				cells[n-1].text.WriteByte(' ')
			} // else a word split across two runs
			cells[n-1].text.WriteString(t)
			end = math.Max(end, r.x+w)
			cells[n-1].end = end
			cells[n-1].size = math.Max(cells[n-1].size, r.size)
			cells[n-1].bold = cells[n-1].bold && r.bold
		} else {
			end = r.x + w
			c := &cellBuilder{x: r.x, end: end, size: r.size, bold: r.bold}
			c.text.WriteString(t)
			cells = append(cells, c)
		}
		prevSpace = strings.HasSuffix(r.text, " ")
	}
	for _, c := range cells {
		l.cells = append(l.cells, pdfCell{x: c.x, end: c.end, size: c.size, text: c.text.String(), bold: c.bold})
	}
	return l
}

// text is the line's cells joined by spaces.
func (l pdfLine) text() string {
	parts := make([]string, len(l.cells))
	for i, c := range l.cells {
		parts[i] = c.text
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// tableEnd returns the end of the table starting at lines[i]: the lines
// after it with the same number (at least two) of cells starting in the
// same columns. It returns i+1 or less when lines[i] starts no table.
func tableEnd(lines []pdfLine, i int) int {
	first := lines[i]
	if len(first.cells) < 2 {
		return i
	}
	j := i + 1
	for j < len(lines) && !lines[j].brk && sameColumns(first, lines[j]) {
		j++
	}
	return j
}

func sameColumns(a, b pdfLine) bool {
	if len(a.cells) != len(b.cells) {
		return false
	}
	slack := columnSlack * math.Max(a.size, b.size)
	for k := range a.cells {
		if math.Abs(a.cells[k].x-b.cells[k].x) > slack {
			return false
		}
	}
	return true
}

// writeTable writes lines as a Markdown table, the first line the header.
func writeTable(out *strings.Builder, lines []pdfLine) {
	out.WriteString("\n")
	for r, l := range lines {
		out.WriteString("|")
		for _, c := range l.cells {
			out.WriteString(" " + strings.ReplaceAll(c.text, "|", "/") + " |")
		}
		out.WriteString("\n")
		if r == 0 {
			out.WriteString("|" + strings.Repeat("---|", len(l.cells)) + "\n")
		}
	}
	out.WriteString("\n")
}

// bodySize is the font size that sets the most characters.
func bodySize(runs []pdfRun) float64 {
	chars := map[float64]int{}
	for _, r := range runs {
		chars[math.Round(r.size*2)/2] += utf8.RuneCountInString(strings.TrimSpace(r.text))
	}
	best, n := 0.0, -1
	for s, c := range chars {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return best
}

// headingSizesOf returns the (at most three) largest sizes above the
// body's that text is set in, largest first: the levels of "#", "##" and
// "###"; anything smaller but still large is "###" too.
func headingSizesOf(runs []pdfRun, body float64) []float64 {
	set := map[float64]bool{}
	for _, r := range runs {
		if s := math.Round(r.size*2) / 2; s >= body*headingRatio {
			set[s] = true
		}
	}
	out := make([]float64, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out[:min(len(out), 3)]
}

// pdfHeadingLevel is 1 for the largest heading size, 2 for the next, 3 for
// the rest, and 0 for text that is not a heading.
func pdfHeadingLevel(size, body float64, sizes []float64) int {
	s := math.Round(size*2) / 2
	if body <= 0 || s < body*headingRatio {
		return 0
	}
	i := slices.Index(sizes, s)
	if i < 0 {
		return 3
	}
	return min(i+1, 3)
}

// Column detection. A page set in columns (a menu with drinks on the left
// and food on the right) puts each column's lines side by side on the
// page, so reading lines straight across would interleave the columns.
// pdfReadingOrder finds the bands of lines that share a vertical gutter
// and reads each such band a column at a time.
const (
	// A gutter is at least this wide, in body font sizes.
	minGutter = 1.5
	// Pages with more lines than this are read straight across, and so is
	// the rest of a page once the search has looked at this many cells: a
	// bound on the work a crafted page can cause (some 50 ms). A page of a
	// sixty-row, four-column table looks at about 50,000 cells; a menu
	// page of two columns, a few thousand.
	maxColumnLines = 400
	columnBudget   = 300_000
	// At most this many of the widest gaps are tried as gutters at a line.
	maxGutterTries = 12
	// At least this share of a right column's lines start at its left
	// edge (a column is set flush left; a centred heading is the
	// exception). Table cells to the right of a gap do too, so this alone
	// does not make columns.
	columnAligned = 0.75
	// A column has prose when this many words make up a line.
	proseWords = 5
)

// pdfGap is a horizontal stretch of a page that no text covers.
type pdfGap struct{ lo, hi float64 }

// pdfReadingOrder returns a page's lines (top to bottom) in reading order:
// where a band of lines has a gutter and reads as columns (see
// judgeColumns), its left column first and then its right one, each read
// the same way in turn (so three columns split twice), each column's
// first line marked as a paragraph break. Lines of a table stay together:
// the gaps between a table's columns are gutters too, but do not read as
// columns.
func pdfReadingOrder(lines []pdfLine, body float64) []pdfLine {
	if body <= 0 || len(lines) < 3 || len(lines) > maxColumnLines {
		return lines
	}
	c := columnSearch{body: body, budget: columnBudget}
	return c.readingOrder(lines)
}

// columnSearch is one page's search for columns.
type columnSearch struct {
	body float64
	// budget is how many more cells the search may look at.
	budget int
}

func (cs *columnSearch) readingOrder(lines []pdfLine) []pdfLine {
	out := make([]pdfLine, 0, len(lines))
	brk := false
	for i := 0; i < len(lines); {
		if left, right, end, ok := cs.columnsAt(lines, i); ok && len(left) > 0 && len(right) > 0 {
			for _, side := range [][]pdfLine{cs.readingOrder(left), cs.readingOrder(right)} {
				side[0].brk = true
				out = append(out, side...)
			}
			i, brk = end, true
			continue
		}
		l := lines[i]
		l.brk = l.brk || brk
		out = append(out, l)
		i, brk = i+1, false
	}
	return out
}

// columnsAt looks for a band of columns starting at lines[i]. It returns
// the band's left and right columns and the index of the line after it.
func (cs *columnSearch) columnsAt(lines []pdfLine, i int) (left, right []pdfLine, end int, ok bool) {
	body := cs.body
	minW := minGutter * body
	// The gutters a band from line i could have: the gaps of its first
	// two to six lines together. One column may start a line or two above
	// the other, and a gap that an item-to-price gap shares at first may
	// split in two further down.
	var cands []pdfGap
	for k := i + 2; k <= min(i+6, len(lines)); k++ {
		for _, l := range lines[i:k] {
			cs.budget -= len(l.cells)
		}
		for _, g := range coverageGaps(lines[i:k], minW) {
			if !slices.Contains(cands, g) {
				cands = append(cands, g)
			}
		}
		if cs.budget < 0 {
			return nil, nil, 0, false
		}
	}
	slices.SortStableFunc(cands, func(a, b pdfGap) int { return cmp.Compare(b.hi-b.lo, a.hi-a.lo) })
	cands = cands[:min(len(cands), maxGutterTries)]
	var best columnScore
	var bestGap pdfGap
	for _, g := range cands {
		j := i
		for ; j < len(lines); j++ {
			if cs.budget -= 2 * len(lines[j].cells); cs.budget < 0 {
				return nil, nil, 0, false
			}
			ng, fits := g.narrow(lines[j], minW)
			if !fits {
				break
			}
			g = ng
		}
		band := trimBand(lines[i:j], g)
		if s := judgeColumns(band, g, body); s.columns && s.better(best) {
			best, bestGap, end, ok = s, g, i+len(band), true
		}
	}
	if ok {
		left, right = splitBand(lines[i:end], bestGap)
	}
	return left, right, end, ok
}

// coverageGaps returns the gaps at least minW wide between the text of
// lines, inside the stretch their text spans, left to right.
func coverageGaps(lines []pdfLine, minW float64) []pdfGap {
	var spans []pdfGap
	for _, l := range lines {
		for _, c := range l.cells {
			spans = append(spans, pdfGap{c.x, math.Max(c.end, c.x)})
		}
	}
	slices.SortFunc(spans, func(a, b pdfGap) int { return cmp.Compare(a.lo, b.lo) })
	var gaps []pdfGap
	for k := 0; k < len(spans); {
		hi := spans[k].hi
		k++
		for k < len(spans) && spans[k].lo <= hi {
			hi = math.Max(hi, spans[k].hi)
			k++
		}
		if k < len(spans) && spans[k].lo-hi >= minW {
			gaps = append(gaps, pdfGap{hi, spans[k].lo})
		}
	}
	return gaps
}

// narrow takes out of g what line l's text covers, keeping the wider
// part where a cell falls inside it. It reports false when l crosses g
// or leaves less than minW of it.
func (g pdfGap) narrow(l pdfLine, minW float64) (pdfGap, bool) {
	for _, c := range l.cells {
		if c.end <= g.lo || c.x >= g.hi {
			continue
		}
		a, b := pdfGap{g.lo, c.x}, pdfGap{c.end, g.hi}
		if a.hi-a.lo >= b.hi-b.lo {
			g = a
		} else {
			g = b
		}
		if g.hi-g.lo < minW {
			return g, false
		}
	}
	return g, g.hi-g.lo >= minW
}

// trimBand drops one-sided lines from the end of a band that stand well
// apart from it (a footnote under one column), and returns the rest.
func trimBand(band []pdfLine, g pdfGap) []pdfLine {
	n := len(band)
	for ; n >= 2; n-- {
		last, prev := band[n-1], band[n-2]
		hasL, hasR := sides(last, g)
		if hasL && hasR || prev.y-last.y <= 2.5*last.size {
			break
		}
	}
	return band[:n]
}

// sides reports whether l has text left and right of g.
func sides(l pdfLine, g pdfGap) (left, right bool) {
	for _, c := range l.cells {
		if c.x < g.lo {
			left = true
		} else {
			right = true
		}
	}
	return left, right
}

// splitBand cuts each line of band at g into its left and right parts,
// leaving out empty ones.
func splitBand(band []pdfLine, g pdfGap) (left, right []pdfLine) {
	for _, l := range band {
		var lc, rc []pdfCell
		for _, c := range l.cells {
			if c.x < g.lo {
				lc = append(lc, c)
			} else {
				rc = append(rc, c)
			}
		}
		for _, part := range []struct {
			cells []pdfCell
			to    *[]pdfLine
		}{{lc, &left}, {rc, &right}} {
			if len(part.cells) == 0 {
				continue
			}
			pl := pdfLine{y: l.y, cells: part.cells, brk: l.brk}
			for _, c := range part.cells {
				pl.size = math.Max(pl.size, c.size)
			}
			*part.to = append(*part.to, pl)
		}
	}
	return left, right
}

// columnScore is how well a band's split reads as columns.
type columnScore struct {
	columns bool
	// independent counts the lines each side has where the other side
	// has none, between lines it does have (the lesser of the two
	// counts): columns run their own line spacing, table rows share it.
	independent int
	// aligned is the share of the right side's lines that start at its
	// left edge.
	aligned float64
}

func (s columnScore) better(t columnScore) bool {
	if !t.columns {
		return true
	}
	if s.independent != t.independent {
		return s.independent > t.independent
	}
	return s.aligned > t.aligned
}

// judgeColumns decides whether a band split at g reads as two columns
// rather than as table columns or as one column with a wide gap. Both
// sides need two lines or more and the right side a left edge most of its
// lines start at; then any one of these makes columns:
//   - each side has lines where the other has none, between lines it has
//     (independent line spacing);
//   - both sides have headings, the right one starting at its left edge
//     (a column's own heading, not a table's header cell);
//   - both sides are mostly prose (five words or more a line).
func judgeColumns(band []pdfLine, g pdfGap, body float64) columnScore {
	var s columnScore
	parts := make([][2]bandPart, len(band))
	var nl, nr int
	edge := math.Inf(1)
	for k, l := range band {
		for _, c := range l.cells {
			side := 1
			if c.x < g.lo { // as splitBand and sides put it
				side = 0
			}
			p := &parts[k][side]
			if !p.ok {
				p.ok, p.x = true, c.x
			}
			p.size = math.Max(p.size, c.size)
			p.words += len(strings.Fields(c.text))
		}
		if parts[k][0].ok {
			nl++
		}
		if parts[k][1].ok {
			nr++
			edge = math.Min(edge, parts[k][1].x)
		}
	}
	if nl < 2 || nr < 2 {
		return s
	}
	slack := math.Max(columnSlack*body, 1)
	atEdge := func(p bandPart) bool { return p.x-edge <= slack }
	heading := func(p bandPart) bool { return p.size >= body*headingRatio }
	firstL, lastL, firstR, lastR := -1, -1, -1, -1
	aligned, proseL, proseR := 0, 0, 0
	var headedL, headedR bool
	for k, p := range parts {
		if l := p[0]; l.ok {
			lastL = k
			if firstL < 0 {
				firstL = k
			}
			headedL = headedL || heading(l)
			if l.words >= proseWords {
				proseL++
			}
		}
		if r := p[1]; r.ok {
			lastR = k
			if firstR < 0 {
				firstR = k
			}
			if atEdge(r) {
				aligned++
				headedR = headedR || heading(r)
			}
			if r.words >= proseWords {
				proseR++
			}
		}
	}
	s.aligned = float64(aligned) / float64(nr)
	if s.aligned < columnAligned {
		return s
	}
	// Lines with one side only, between the first and last line of the
	// other side.
	onlyL, onlyR := 0, 0
	for k, p := range parts {
		if p[0].ok && !p[1].ok && k > firstR && k < lastR {
			onlyL++
		}
		if p[1].ok && !p[0].ok && k > firstL && k < lastL {
			onlyR++
		}
	}
	s.independent = min(onlyL, onlyR)
	s.columns = s.independent > 0 || headedL && headedR || 2*proseL >= nl && 2*proseR >= nr
	return s
}

// bandPart sums up one side of a line in a band: whether it has text,
// where its text starts, its largest size and how many words it has.
type bandPart struct {
	ok      bool
	x, size float64
	words   int
}
