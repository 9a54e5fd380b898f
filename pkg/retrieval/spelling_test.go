package retrieval

import (
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
