package retrieval

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestBritishAndAmericanSpellingsMeet(t *testing.T) {
	for _, pair := range [][2]string{
		{"colour", "color"}, {"flavoured", "flavored"}, {"favourite", "favorite"}, {"customise", "customize"},
		{"caramelised", "caramelized"}, {"organisation", "organization"}, {"centre", "center"}, {"yoghurt", "yogurt"},
		{"cancelled", "canceled"}, {"litres", "liters"}, {"cheques", "checks"},
	} {
		if a, b := tokens(pair[0]), tokens(pair[1]); !slices.Equal(a, b) {
			t.Errorf("%q → %q, %q → %q: want the same terms", pair[0], a, pair[1], b)
		}
	}
	// Place names and words that only look British stay as they are.
	for _, w := range []string{"harbour", "promise", "paradise", "hour", "tour"} {
		if got := tokens(w); len(got) != 1 || strings.Contains(got[0], "z") || got[0] == "r" {
			t.Errorf("%q → %q", w, got)
		}
	}
}

func TestDashedDayRanges(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Mon–Fri 07:00", "monday tuesday wednesday thursday to friday"},
		{"Monday - Friday", "monday tuesday wednesday thursday to friday"},
		{"Thu—Sat", "thursday friday to saturday"},
		{"Fri, June 19", "fri june 19"},
		{"a drop-in class", "drop in class"},
	} {
		got := strings.Join(words(tt.in), " ")
		if !strings.Contains(got, tt.want) {
			t.Errorf("%q → %q, want it to hold %q", tt.in, got, tt.want)
		}
	}
}

func TestChatSpellings(t *testing.T) {
	ws := words("wat time u open tonite")
	respellChat(ws)
	if got := strings.Join(ws, " "); got != "what time you open tonight" {
		t.Errorf("respelled %q", got)
	}
}

// TestDayDashShortcut attacks the shortcut in joinDayDashes: over every
// line of every dev café's documents (not its questions) and the bundled
// knowledge base, the result is the regular expression's own.
func TestDayDashShortcut(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"Mon–Fri 7:00 am", true}, {"SATURDAY - Sunday", true}, {"open tue", true},
		{"7:00 am – 3:00 pm", false}, {"|---|---|", false}, {"", false}, {"mo", false},
	} {
		if got := hasDayPrefix(tt.s); got != tt.want {
			t.Errorf("hasDayPrefix(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
	lines := 0
	check := func(name string, data []byte) {
		for _, line := range strings.Split(string(data), "\n") {
			lines++
			if got, want := joinDayDashes(line), dayDash.ReplaceAllString(line, "$1$2 to $3"); got != want {
				t.Errorf("%s: joinDayDashes(%q) = %q, want %q", name, line, got, want)
			}
		}
	}
	for _, root := range []string{filepath.Join("..", "..", "testdata", "cafes"), filepath.Join("..", "..", "knowledge")} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || d.Name() == "passages.jsonl" {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			check(p, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if lines < 1000 {
		t.Errorf("%d lines checked, want the cafés' and the bundled documents'", lines)
	}
}
