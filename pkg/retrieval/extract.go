package retrieval

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Passage is a retrieved passage an extractive answer may quote.
type Passage struct {
	Source  string
	Section string
	Text    string
}

// Excerpt is what an extractive answer quotes from one passage: the
// matching sentences, list items or table rows, in the passage's order.
type Excerpt struct {
	Source  string
	Section string
	// Lines are ready to print: sentences and list items as they are, a
	// table as aligned text (its header and the matching rows), a CSV row
	// as one line of its fields, never cut.
	Lines []Line
}

// Line is one line of an Excerpt.
type Line struct {
	Text string
	// Table marks an aligned table row, to be printed as it is.
	Table bool
	// Raw is the line as the passage has it (Markdown: "| Friday | 7 am |",
	// a table's header with its "|---|" row), for a prompt or for another
	// Extract over the trimmed text.
	Raw string
}

// maxExcerpts is how many passages an extractive answer quotes.
const maxExcerpts = 3

// maxUnits is how many sentences or rows one excerpt keeps.
const maxUnits = 4

// Extract picks from passages (best first) the parts that answer query:
// the sentences, list items and table rows that share the most topical
// words with it. A passage with nothing matching is skipped unless it is
// the first, which then gives its opening lines. A CSV row is quoted
// whole, so an allergen list is never cut short.
func Extract(query string, passages []Passage) []Excerpt {
	q := map[string]bool{}
	for _, t := range queryStems(DefaultSynonyms().rewrite(words(query))) {
		q[t] = true
	}
	var out []Excerpt
	for i, p := range passages {
		if len(out) == maxExcerpts {
			break
		}
		lines := excerptLines(p, q, i == 0)
		if len(lines) == 0 {
			continue
		}
		out = append(out, Excerpt{Source: p.Source, Section: p.Section, Lines: lines})
	}
	return out
}

// unit is one quotable piece of a passage.
type unit struct {
	text  string
	table int // index of the table it belongs to, -1 for prose
	head  bool
	score int
}

func overlap(q map[string]bool, s string) int {
	n := 0
	seen := map[string]bool{}
	for _, t := range tokens(s) {
		if q[t] && !seen[t] {
			seen[t] = true
			n++
		}
	}
	return n
}

func excerptLines(p Passage, q map[string]bool, first bool) []Line {
	text := strings.TrimSpace(p.Text)
	if text == "" {
		return nil
	}
	if isCSVRow(text) {
		if overlap(q, p.Section+" "+text) == 0 && !first {
			return nil
		}
		return []Line{{Text: csvRowLine(p.Section, text), Raw: text}}
	}
	units := splitUnits(text)
	best := 0
	for i := range units {
		if units[i].head {
			continue
		}
		units[i].score = overlap(q, units[i].text)
		best = max(best, units[i].score)
	}
	sectionMatch := overlap(q, p.Section) > 0
	if best == 0 && !first && !sectionMatch {
		return nil
	}
	keep := make([]bool, len(units))
	n := 0
	for i, u := range units {
		if u.head || n == maxUnits {
			continue
		}
		if (best > 0 && u.score*3 >= best*2 && u.score > 0) || (best == 0 && n < 2) {
			keep[i] = true
			n++
		}
	}
	// A heading that answers the question ("Opening hours") makes its
	// first table the answer when no row matched on its own.
	if sectionMatch && !keptTable(units, keep) {
		for i, u := range units {
			if u.table == 0 && !u.head && rowsKept(units, keep) < maxTableRows {
				keep[i] = true
			}
		}
	}
	// A table keeps its header whenever one of its rows is kept.
	tables := map[int]bool{}
	for i, u := range units {
		if keep[i] && u.table >= 0 {
			tables[u.table] = true
		}
	}
	var out []Line
	var rows [][]string
	var raws []string
	flush := func() {
		for k, r := range alignTable(rows) {
			out = append(out, Line{Text: r, Table: true, Raw: raws[k]})
		}
		rows, raws = nil, nil
	}
	for i, u := range units {
		switch {
		case u.table >= 0 && (keep[i] || (u.head && tables[u.table])):
			rows = append(rows, tableCells(u.text))
			raw := u.text
			if u.head {
				raw += "\n" + separatorRow(len(tableCells(u.text)))
			}
			raws = append(raws, raw)
		case keep[i]:
			flush()
			out = append(out, Line{Text: cleanMarkdown(u.text), Raw: u.text})
		default:
			if u.table < 0 {
				flush()
			}
		}
	}
	flush()
	return out
}

// maxTableRows is how many rows of a table a heading match shows.
const maxTableRows = 12

func keptTable(units []unit, keep []bool) bool {
	for i, u := range units {
		if keep[i] && u.table >= 0 {
			return true
		}
	}
	return false
}

func rowsKept(units []unit, keep []bool) int {
	n := 0
	for i, u := range units {
		if keep[i] && u.table >= 0 {
			n++
		}
	}
	return n
}

// splitUnits cuts text into list items, table rows (the header marked) and
// sentences.
func splitUnits(text string) []unit {
	var out []unit
	table := -1
	inTable := false
	lines := joinWrapped(strings.Split(text, "\n"))
	for i, line := range lines {
		l := strings.TrimSpace(line)
		if strings.HasPrefix(l, "|") {
			if isSeparatorRow(l) {
				continue
			}
			if !inTable {
				table++
				inTable = true
				head := i+1 < len(lines) && isSeparatorRow(strings.TrimSpace(lines[i+1]))
				out = append(out, unit{text: l, table: table, head: head})
				continue
			}
			out = append(out, unit{text: l, table: table})
			continue
		}
		inTable = false
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") || startsNumbered(l) {
			out = append(out, unit{text: l, table: -1})
			continue
		}
		for _, s := range sentences(l) {
			out = append(out, unit{text: s, table: -1})
		}
	}
	return out
}

// joinWrapped joins the hard-wrapped lines of a paragraph of plain text,
// so a sentence is not cut at a line end. Table rows, list items, indented
// lines and dot-leader lines ("Elm Road ...... 2 hours") stay as they are.
func joinWrapped(lines []string) []string {
	var out []string
	prose := false
	for _, line := range lines {
		l := strings.TrimSpace(line)
		own := l == "" || strings.HasPrefix(l, "|") || strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "* ") ||
			startsNumbered(l) || strings.HasPrefix(line, "  ") || strings.Contains(l, "...") || l == strings.ToUpper(l)
		if !own && prose {
			out[len(out)-1] += " " + l
			continue
		}
		out = append(out, line)
		prose = !own
	}
	return out
}

func startsNumbered(l string) bool {
	i := 0
	for i < len(l) && l[i] >= '0' && l[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(l) && l[i] == '.' && l[i+1] == ' '
}

func separatorRow(cols int) string {
	return "|" + strings.Repeat("---|", max(cols, 1))
}

func isSeparatorRow(l string) bool {
	if !strings.HasPrefix(l, "|") {
		return false
	}
	return strings.Trim(l, "|-: ") == ""
}

// sentences splits prose at ". ", "! " and "? " followed by a capital or a
// digit, so "9:00 am." and "e.g. this" stay whole enough. It is not the
// chunker's (pkg/document), which keeps every byte of a stored chunk and
// knows abbreviations and closing quotes, nor splitSentences, which cuts
// at every stop: it cuts what a customer is shown, trimmed, and a bold
// "**Note**" after a stop starts a sentence of its own.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i+2 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			c := s[i+2]
			if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '*' {
				out = append(out, strings.TrimSpace(s[start:i+1]))
				start = i + 2
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

func tableCells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	cells := strings.Split(row, "|")
	for i, c := range cells {
		cells[i] = cleanMarkdown(strings.TrimSpace(c))
	}
	return cells
}

// alignTable renders rows as columns padded to their widest cell.
func alignTable(rows [][]string) []string {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// cleanMarkdown drops emphasis markers and list bullets.
func cleanMarkdown(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	s = strings.ReplaceAll(s, "__", "")
	s = strings.TrimPrefix(s, "- ")
	s = strings.TrimPrefix(s, "* ")
	return strings.TrimSpace(s)
}

// isCSVRow reports whether text is a CSV row chunk ("item: X; price: Y").
func isCSVRow(text string) bool {
	if strings.Contains(text, "\n") {
		return false
	}
	fields := strings.Split(text, "; ")
	if len(fields) < 3 {
		return false
	}
	named := 0
	for _, f := range fields {
		if name, _, ok := strings.Cut(f, ": "); ok && len(name) <= 40 && !strings.ContainsAny(name, ".,") {
			named++
		}
	}
	return named*2 > len(fields)
}

// csvRowLine writes a CSV row as one line: the item, then every field
// ("price: 4.25, allergens: milk, egg, wheat"), nothing cut.
func csvRowLine(section, text string) string {
	var parts []string
	for _, f := range strings.Split(text, "; ") {
		name, val, ok := strings.Cut(f, ": ")
		if ok && strings.EqualFold(strings.TrimSpace(val), section) && section != "" {
			continue // the item's own name is the line's title
		}
		if ok && strings.EqualFold(name, "price") {
			val = "$" + strings.TrimPrefix(val, "$")
		}
		if ok {
			parts = append(parts, strings.ReplaceAll(name, "_", " ")+": "+val)
		} else {
			parts = append(parts, f)
		}
	}
	if section == "" {
		return strings.Join(parts, "; ")
	}
	return section + " — " + strings.Join(parts, "; ")
}

// FormatExtract writes excerpts as a retrieval-only answer: each excerpt's
// lines, then its source.
func FormatExtract(ex []Excerpt) string {
	var b strings.Builder
	for i, e := range ex {
		if i > 0 {
			b.WriteString("\n")
		}
		for _, l := range e.Lines {
			if l.Table {
				fmt.Fprintf(&b, "    %s\n", l.Text)
			} else {
				fmt.Fprintf(&b, "• %s\n", l.Text)
			}
		}
		src := e.Source
		if e.Section != "" {
			src += " › " + e.Section
		}
		fmt.Fprintf(&b, "  (%s)\n", src)
	}
	return strings.TrimRight(b.String(), "\n")
}
