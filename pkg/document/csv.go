package document

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseCSV makes one block per data row, "header: value; header: value",
// skipping empty cells; the row's section is its first column. The
// delimiter (comma, semicolon or tab) is taken from the header line.
func parseCSV(text string, lim limits) (parsed, error) {
	var doc parsed
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sniffDelimiter(text)
	r.TrimLeadingSpace = true
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
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return doc, fmt.Errorf("csv: %w", err)
		}
		var parts []string
		for i, v := range rec {
			if v = strings.Join(strings.Fields(v), " "); v != "" {
				parts = append(parts, names[i]+": "+v)
			}
		}
		if len(parts) == 0 {
			continue
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
	return doc, nil
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
