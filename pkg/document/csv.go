package document

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseCSV makes one block per data row, "header: value; header: value",
// skipping empty cells (a row with fewer cells than the header names the
// cells it has; one with more, a single cell or a "#" line reads "value;
// value", with a note: see readCSV); the row's section is its first
// column. The delimiter (comma, semicolon or tab) is taken from the
// header line.
func parseCSV(text string, lim limits) (parsed, error) {
	doc, err := readCSV(text, lim, false)
	var pe *csv.ParseError
	if err == nil || !errors.As(err, &pe) || !errors.Is(pe.Err, csv.ErrBareQuote) {
		return doc, err
	}
	// Menus edited by hand often carry a quote mark inside an unquoted
	// cell (hazelnut-free "nutty" syrup). Skipping the file would lose the
	// whole menu for one row, so such a file is read again with the quote
	// as text, and a note names the first line to check. An unterminated
	// quoted cell stays an error (read leniently it would swallow every row
	// after it). A row with the wrong number of cells is kept too (see
	// readCSV).
	lenient, lerr := readCSV(text, lim, true)
	if lerr != nil {
		return doc, err
	}
	lenient.notes = append(lenient.notes, fmt.Sprintf("csv line %d: %v; read as it stands, check that row", pe.Line, pe.Err))
	return lenient, nil
}

// readCSV parses the rows; lenient takes a quote in an unquoted cell as text.
func readCSV(text string, lim limits, lenient bool) (parsed, error) {
	var doc parsed
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.TrimLeadingSpace = true
	// A row with more or fewer cells than the header (a note with the
	// delimiter in it, a comment line) would otherwise fail the file and
	// lose every row. A row with more cells, a single cell or a "#" line
	// (a note or a comment) could sit under the wrong headers, so it is
	// kept as written, without header names, and a note names it. A row
	// of two cells or more but fewer than the header is a record whose
	// trailing cells were left off (exports drop empty ones), so its
	// cells keep their headers' names (headed).
	r.FieldsPerRecord = -1
	if lenient {
		r.LazyQuotes = true
	}
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return doc, nil
	}
	if err != nil {
		return doc, fmt.Errorf("csv: %w", err)
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = strings.Join(strings.Fields(h), " ")
		if names[i] == "" {
			names[i] = fmt.Sprintf("column %d", i+1)
		}
	}
	var ragged, firstRagged int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return doc, fmt.Errorf("csv: %w", err)
		}
		aligned := headed(rec, len(names))
		var parts []string
		for i, v := range rec {
			if lenient && strings.Contains(v, "\n") {
				// A lazily read quote can open a cell that runs to the
				// end of the file; refuse rather than lose the rows in it.
				return doc, errors.New("csv: a cell runs over several lines")
			}
			v = strings.Join(strings.Fields(v), " ")
			switch {
			case v == "":
			case aligned:
				parts = append(parts, names[i]+": "+v)
			default:
				parts = append(parts, v)
			}
		}
		if len(parts) == 0 {
			continue
		}
		if !aligned {
			if ragged++; ragged == 1 {
				firstRagged, _ = r.FieldPos(0)
			}
		}
		section := strings.Join(strings.Fields(rec[0]), " ")
		if section == "" {
			line, _ := r.FieldPos(0)
			section = fmt.Sprintf("row on line %d", line)
		}
		if !doc.add(lim, block{section: section, text: strings.Join(parts, "; ")}) {
			break
		}
	}
	if ragged > 0 {
		doc.notes = append(doc.notes, fmt.Sprintf("csv line %d: %d %s not have one cell per header (%d headers); read as written, without the headers: check %s",
			firstRagged, ragged, plural(ragged, "row does", "rows do"), len(names), plural(ragged, "it", "them")))
	}
	return doc, nil
}

// headed reports whether row reads under the header's names (names of
// them): one cell per header, or two or more of the first headers (the
// trailing cells left off). A single cell in a file of several columns,
// or a short row opening with "#", is a note or a comment line, not a
// record ("# precios vigentes desde 15/01/2024;ver carta_general_2026.csv").
func headed(row []string, names int) bool {
	return len(row) == names || len(row) >= 2 && len(row) < names && !strings.HasPrefix(row[0], "#")
}

// sniffDelimiter picks the most frequent of comma, semicolon and tab on the
// first line, defaulting to comma.
func sniffDelimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(first, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}
