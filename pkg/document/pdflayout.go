package document

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// pdfRun is a piece of text shown at one position: where it starts on the
// page (in points, y up) and its font size after the text and current
// transformation matrices.
type pdfRun struct {
	x, y, size float64
	text       string
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
	// Glyphs are taken to be this wide on average (the parser does not
	// read font widths): about right for Helvetica and Times.
	avgGlyph = 0.5
)

// maxHeadingRunes is the longest line taken as a heading: a long line in
// a big font is a paragraph set large, not a title.
const maxHeadingRunes = 90

// pdfLine is one line of a page: its cells, left to right, and its size.
type pdfLine struct {
	y, size float64
	cells   []pdfCell
}

type pdfCell struct {
	x    float64
	text string
}

// cellBuilder collects a cell's text without copying it for every run.
type cellBuilder struct {
	x    float64
	text strings.Builder
}

// pdfPageMarkdown lays out one page's runs as Markdown: lines in reading
// order (top to bottom, left to right), lines set larger than the body text
// as headings (the largest size "#", the next "##", the rest "###"), and
// runs of two or more lines whose cells line up in the same columns as a
// table. body is the document's body font size.
func pdfPageMarkdown(runs []pdfRun, body float64, headingSizes []float64) string {
	lines := pdfLines(runs)
	var out strings.Builder
	for i := 0; i < len(lines); {
		l := lines[i]
		if j := tableEnd(lines, i); j > i+1 {
			writeTable(&out, lines[i:j])
			i = j
			continue
		}
		text := l.text()
		if lvl := pdfHeadingLevel(l.size, body, headingSizes); lvl > 0 && utf8.RuneCountInString(text) <= maxHeadingRunes {
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
		w := avgGlyph * r.size * float64(utf8.RuneCountInString(r.text))
		if n := len(cells); n > 0 && r.x-end < cellGap*r.size {
			if r.x-end >= 0.1*r.size || strings.HasPrefix(r.text, " ") || prevSpace {
				cells[n-1].text.WriteByte(' ')
			} // else a word split across two runs
			cells[n-1].text.WriteString(t)
			end = math.Max(end, r.x+w)
		} else {
			c := &cellBuilder{x: r.x}
			c.text.WriteString(t)
			cells = append(cells, c)
			end = r.x + w
		}
		prevSpace = strings.HasSuffix(r.text, " ")
	}
	for _, c := range cells {
		l.cells = append(l.cells, pdfCell{x: c.x, text: c.text.String()})
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
	for j < len(lines) && sameColumns(first, lines[j]) {
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
