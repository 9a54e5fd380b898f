package guard

import (
	"regexp"
	"slices"
	"testing"
)

// The beginnings read from a pattern cover every match: the prefixes of
// the patterns below, and the word starts they let through, are the ones
// expected; look-alikes (a word a beginning is part of, "ill" for "i",
// "skill" for "kill") keep their own answer.
func TestPrefixSetOf(t *testing.T) {
	for _, c := range []struct {
		pattern string
		want    []string // nil: no set
	}{
		{`\b(?:i|ill|we) will kill\b`, []string{"i will k", "ill will", "we will "}},
		{`\bkill(?:s|ed)? you\b`, []string{"kills yo", "killed y", "kill you"}},
		{`\b[ab]c\b`, []string{"ac", "bc"}},
		{`\b(?:hurt|harm)\w*`, []string{"hurt", "harm"}},
		{`\bx+y`, []string{"x"}},
		{`\b(?i)kill`, nil},
		{`\b\w+ you`, nil},
		{`\b.a`, nil},
		{`\b(?:a|)b`, []string{"ab", "b"}},
	} {
		p := prefixSetOf(mustParse(t, c.pattern).Simplify())
		var got []string
		if p != nil {
			for s := range p.set {
				got = append(got, s)
			}
		}
		slices.Sort(got)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: beginnings %q, want %q", c.pattern, got, want)
		}
	}
	for _, c := range []struct {
		pattern, text string
	}{
		{`\b(?:i|ill|we) will kill\b`, "ok ill will kill i will kill"},
		{`\b(?:i|ill|we) will kill\b`, "illness will kill"},
		{`\bkill(?:s|ed)? you\b`, "skill you kills you"},
		{`\b(?:ab|b)c`, "cabc bc abc"},
	} {
		ws := wordStartOf(c.pattern, mustParse(t, c.pattern))
		if got, want := ws.findIndex(c.text), regexp.MustCompile(c.pattern).FindStringIndex(c.text); !slices.Equal(got, want) {
			t.Errorf("%s on %q: word-start %v, plain %v", c.pattern, c.text, got, want)
		}
	}
}
