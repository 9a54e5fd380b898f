package analysis

import (
	"strings"
	"unicode"
)

// Obfuscations are the ways of hiding words that Of undoes, as functions
// from a plain message to a disguised one: the evasion suite that the
// guard's and the gate's tests, and `cafebot moderate --eval`, run every
// flagged message through. Each disguises every word of four or more
// letters, the way someone dodging a filter would.
var Obfuscations = []struct {
	Name string
	Do   func(string) string
}{
	{"leetspeak", leetify},
	{"letter spacing", func(s string) string { return perWord(s, spaceOut(" ")) }},
	{"dots", func(s string) string { return perWord(s, spaceOut(".")) }},
	{"cyrillic homoglyphs", func(s string) string { return mapLetters(s, cyrillic) }},
	{"zero-width spaces", func(s string) string { return perWord(s, spaceOut("\u200b")) }},
	{"soft hyphens", func(s string) string { return perWord(s, spaceOut("\u00ad")) }},
	{"full-width letters", fullWidth},
	{"combining accents", combining},
	{"reversed text", reverse},
}

var cyrillic = map[rune]rune{'a': 'а', 'e': 'е', 'o': 'о', 'p': 'р', 'c': 'с', 'x': 'х', 'y': 'у', 'i': 'і', 's': 'ѕ', 'A': 'А', 'E': 'Е', 'O': 'О', 'P': 'Р', 'C': 'С', 'T': 'Т', 'H': 'Н', 'K': 'К', 'M': 'М', 'B': 'В'}

func mapLetters(s string, m map[rune]rune) string {
	return strings.Map(func(r rune) rune {
		if v, ok := m[r]; ok {
			return v
		}
		return r
	}, s)
}

// perWord applies f to every word of four or more letters; words with
// an apostrophe ("shouldn't") are left whole.
func perWord(s string, f func(string) string) string {
	var b strings.Builder
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := s[start:end]
		if len(w) >= 4 && !strings.ContainsAny(w, "'’") {
			w = f(w)
		}
		b.WriteString(w)
		start = -1
	}
	for i, r := range s {
		if r < 128 && unicode.IsLetter(r) || r == '\'' || r == '’' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
		b.WriteRune(r)
	}
	flush(len(s))
	return b.String()
}

func spaceOut(sep string) func(string) string {
	return func(w string) string {
		return strings.Join(strings.Split(w, ""), sep)
	}
}

func leetify(s string) string {
	return perWord(s, func(w string) string {
		return strings.NewReplacer("a", "4", "e", "3", "i", "1", "o", "0", "s", "5", "t", "7").Replace(w)
	})
}

func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r > ' ' && r < 127 {
			return r - '!' + '！'
		}
		return r
	}, s)
}

func combining(s string) string {
	return perWord(s, func(w string) string {
		var b strings.Builder
		for _, r := range w {
			b.WriteRune(r)
			b.WriteRune('\u0301')
		}
		return b.String()
	})
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}
