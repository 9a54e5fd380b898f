package analysis

import (
	"path/filepath"
	"strings"
	"testing"
)

// mayBeDotted and mayHoldNumDate only spare a search that finds nothing:
// wherever either is false, its pattern finds nothing, on look-alikes at
// the edges (a phone with dashes, a three-digit year, joiners side by
// side, a joined run at the very start or end) and on every labelled row
// of the non-blind sets, as written and cleaned. Each must also be false
// on the phone that made them, or it saves nothing.
func TestDateAndDotPrefiltersOnlySkipNoMatch(t *testing.T) {
	texts := []string{
		"k.i.l.l", "d-i-e now", "s_h_o_o_t", "x*y*z", "a.b", "a..b.c", "@.$.1", "1.2.3", "é.i.é",
		"call 555-010-2233", "12/03", "on 12/03/2026", "2026-03-12", "206-03-12", "2026-03-1",
		"2026--03-12", "1/", "/1", "a/b", "12 / 03", "", "-", "k.i", ".k.i.l",
	}
	root := filepath.Join("..", "..", "testdata")
	for _, dir := range []string{"gate", "guard", "safety"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.jsonl"))
		for _, f := range files {
			if strings.HasPrefix(filepath.Base(f), "blind") {
				continue
			}
			texts = append(texts, readTexts(t, f)...)
		}
	}
	if len(texts) < 10000 {
		t.Fatalf("only %d texts read", len(texts))
	}
	dotted, dates := 0, 0
	for _, text := range texts {
		for _, s := range []string{text, Of(text).Text} {
			if dottedRE().MatchString(s) {
				dotted++
				if !mayBeDotted(s) {
					t.Fatalf("%q: dottedRE matches but mayBeDotted is false", s)
				}
			}
			if numDateRE.MatchString(s) {
				dates++
				if !mayHoldNumDate(s) {
					t.Fatalf("%q: numDateRE matches but mayHoldNumDate is false", s)
				}
			}
		}
	}
	if dotted < 5 || dates < 20 {
		t.Fatalf("only %d dotted and %d dated texts: the comparison proves little", dotted, dates)
	}
	for _, c := range []struct {
		text         string
		dotted, date bool
	}{
		{"call 555-010-2233", false, false},
		{"k.i.l.l yourself", true, false},
		{"see you 12/03", false, true},
		{"booked for 2026-03-12", false, true}, // one digit between joiners, never two
		{"k.i", false, false},
	} {
		if got := mayBeDotted(c.text); got != c.dotted {
			t.Errorf("mayBeDotted(%q) = %v, want %v", c.text, got, c.dotted)
		}
		if got := mayHoldNumDate(c.text); got != c.date {
			t.Errorf("mayHoldNumDate(%q) = %v, want %v", c.text, got, c.date)
		}
	}
}
