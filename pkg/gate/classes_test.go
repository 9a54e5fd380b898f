package gate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// word is class i's word with prefix p, in letters only (the gate reads
// digits as numbers): word("w", 70) is "wcsq".
func word(p string, i int) string {
	return p + string(rune('a'+i/26)) + string(rune('a'+i%26)) + "q"
}

// manyClasses returns a compose file of n classes c000.. (bits in name
// order, so class i is c<i>), class i holding the word word("w", i) and
// the two-word entry word("m", i) word("x", i), and rules that each read
// one class.
func manyClasses(n int, ruleClasses ...int) string {
	var b strings.Builder
	b.WriteString("classes:\n")
	for i := range n {
		fmt.Fprintf(&b, "  c%03d: [%s, %s %s]\n", i, word("w", i), word("m", i), word("x", i))
	}
	b.WriteString("rules:\n")
	for _, c := range ruleClasses {
		fmt.Fprintf(&b, "  - {name: r%03d, intent: transactional, weight: 3, match: ['@c%03d ~2 please']}\n", c, c)
	}
	return b.String()
}

// TestComposeManyClasses: a compose file may name more than 64 classes
// (safety's classes outgrew one uint64), and a class past 64 matches by
// its own words only: class 70 is not class 6 (70 mod 64), and class 200
// not 8, in one-word and longer entries alike.
func TestComposeManyClasses(t *testing.T) {
	set, err := parseCompose([]byte(manyClasses(maxClasses, 6, 8, 70, 200, maxClasses-1)), Default())
	if err != nil {
		t.Fatal(err)
	}
	if len(set.classes) != maxClasses {
		t.Fatalf("%d classes compiled, want %d", len(set.classes), maxClasses)
	}
	g := *Default().WithModel(nil)
	g.compose = set
	last := maxClasses - 1
	for _, tt := range []struct {
		text string
		want []string
	}{
		{word("w", 70) + " now please", []string{"r070"}},
		{word("m", 70) + " " + word("x", 70) + " please", []string{"r070"}},
		{word("w", 6) + " please", []string{"r006"}},
		{word("w", 200) + " please", []string{"r200"}},
		{word("m", 200) + " " + word("x", 200) + " please", []string{"r200"}},
		{word("m", 8) + " " + word("x", 8) + " please", []string{"r008"}},
		{word("w", last) + " please", []string{fmt.Sprintf("r%03d", last)}},
		{word("w", 134) + " please", nil}, // 134 = 70 + 64: a class no rule reads
		{word("m", 70) + " please", nil},  // half of a longer entry
		{word("w", 71) + " please", nil},
	} {
		d := g.Classify(tt.text)
		var got []string
		for _, f := range d.Composed {
			got = append(got, f.Rule)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: rules %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestComposeTooManyClasses: past maxClasses the file is refused with the
// count, rather than a class silently taking another's bit.
func TestComposeTooManyClasses(t *testing.T) {
	_, err := parseCompose([]byte(manyClasses(maxClasses+1)), Default())
	want := fmt.Sprintf("%d classes, at most %d", maxClasses+1, maxClasses)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("parseCompose of %d classes = %v, want %q", maxClasses+1, err, want)
	}
}
