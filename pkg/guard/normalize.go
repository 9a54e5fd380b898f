package guard

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// boundary is the token that stands for the end of a clause (. ! ? ; : ,
// and line breaks), so phrase rules do not join words across sentences.
const boundary = "."

// normalize turns text into the form the lexicon rules match on: lower-case
// words separated by single spaces, with a leading and trailing space so
// every word can be matched as " word ". Apostrophes inside words are
// dropped ("I'll" → "ill", as in textnorm), clause punctuation becomes the
// boundary token, and obfuscated words the lexicon knows are restored:
// masks ("b****", "f*ck"), digits for letters ("k1ll") and stretched
// letters ("fuuuck").
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	var word []rune
	lastBoundary := true
	flush := func() {
		if len(word) == 0 {
			return
		}
		w := restore(word)
		word = word[:0]
		if w == "" {
			return
		}
		b.WriteString(w)
		b.WriteByte(' ')
		lastBoundary = false
	}
	prevDigit := false
	for i, r := range s {
		digit := prevDigit
		prevDigit = unicode.IsDigit(r)
		switch {
		case (r == ':' || r == '.' || r == ',') && digit && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			// "7:40", "4.50", "1,200" are one number, not two clauses.
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, fold(unicode.ToLower(r)))
		case r == '*' || r == '@' || r == '$':
			// Part of a word only when attached to one: "b****", "sh*t",
			// "@ss"; a lone "*" or "$5" price sign still splits.
			if len(word) > 0 || r != '*' {
				word = append(word, r)
			}
		case r == '\'' || r == '’' || r == '`':
			// keep contractions whole
		case r == '.' || r == '!' || r == '?' || r == ';' || r == ':' || r == ',' || r == '\n' || r == '\r':
			flush()
			if !lastBoundary {
				b.WriteString(boundary)
				b.WriteByte(' ')
				lastBoundary = true
			}
		default:
			flush()
		}
	}
	flush()
	return b.String()
}

// restore returns the lexicon word an obfuscated token stands for, or the
// token with stray symbols removed when it is not one.
func restore(w []rune) string {
	s := string(w)
	plain := true
	for _, r := range w {
		if r == '*' || r == '@' || r == '$' || unicode.IsDigit(r) {
			plain = false
			break
		}
	}
	if plain {
		if v, ok := variants[s]; ok {
			return v
		}
		if hasStretch(s) {
			if m, ok := squeezed()[squeeze(s)]; ok {
				return m
			}
		}
		return s
	}
	if strings.ContainsRune(s, '*') {
		if m, ok := unmask(s); ok {
			return m
		}
	}
	if hasLetter(s) {
		if m := deleet(s); m != s {
			if _, ok := obfuscatable()[m]; ok {
				return m
			}
		}
	}
	// Not a word we know: drop the symbols so "dana@example" and "4111"
	// stay as they are but "hey*" reads "hey".
	if strings.ContainsAny(s, "*$") {
		s = strings.Map(func(r rune) rune {
			if r == '*' || r == '$' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// unmask resolves a word with letters hidden by asterisks ("b****",
// "f***ing", "a**hole") to the first lexicon word of the same length whose
// visible letters match. A mask that hides every letter resolves to nothing.
func unmask(s string) (string, bool) {
	n := utf8.RuneCountInString(s)
	if n > 20 {
		return "", false
	}
	var pat [20]rune
	visible := 0
	i := 0
	for _, r := range s {
		if r == '@' {
			r = 'a'
		} else if r == '$' {
			r = 's'
		}
		if r != '*' {
			visible++
		}
		pat[i] = r
		i++
	}
	if visible == 0 || visible == n {
		return "", false
	}
	for _, cand := range maskable {
		if len(cand) != n {
			continue
		}
		ok := true
		for j := 0; j < n; j++ {
			if pat[j] != '*' && pat[j] != rune(cand[j]) {
				ok = false
				break
			}
		}
		if ok {
			return cand, true
		}
	}
	return "", false
}

// variants maps common misspellings and abbreviations of abuse to the
// words the lexicon uses.
var variants = map[string]string{
	"fuk": "fuck", "fuq": "fuck", "fck": "fuck", "fcuk": "fuck", "phuck": "fuck", "fk": "fuck",
	"fking": "fucking", "fkn": "fucking", "fkin": "fucking", "fckin": "fucking", "fcking": "fucking",
	"fuking": "fucking", "fukin": "fucking", "effing": "fucking", "frigging": "fucking",
	"sht": "shit", "btch": "bitch", "biatch": "bitch", "biotch": "bitch", "dik": "dick",
	"stfu": "shut the fuck up", "gtfo": "get the fuck out", "wtf": "what the fuck",
	"tard": "retard", "azz": "ass", "kms": "kill myself",
}

var leet = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's'}

// deleet maps digits and symbols used as letters back to letters.
func deleet(s string) string {
	return strings.Map(func(r rune) rune {
		if m, ok := leet[r]; ok {
			return m
		}
		return r
	}, s)
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// hasStretch reports whether s repeats one letter three or more times in a
// row, the way "fuuuck" or "kiiill" do.
func hasStretch(s string) bool {
	var prev rune
	run := 0
	for _, r := range s {
		if r == prev {
			run++
			if run >= 3 {
				return true
			}
		} else {
			prev, run = r, 1
		}
	}
	return false
}

// squeeze collapses every run of a repeated letter to one letter.
func squeeze(s string) string {
	var b strings.Builder
	var prev rune = -1
	for _, r := range s {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// squeezed indexes the obfuscatable words by their squeezed form, so a
// stretched token finds the word it stretches ("kiiill" → "kil" → "kill").
var squeezed = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, w := range maskable {
		k := squeeze(w)
		if _, ok := m[k]; !ok {
			m[k] = w
		}
	}
	return m
})

// obfuscatable is the set of words worth restoring from obfuscated spellings.
var obfuscatable = sync.OnceValue(func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range maskable {
		m[w] = struct{}{}
	}
	return m
})

// fold maps accented Latin letters to their plain form, so "café" and
// "cafe" read the same to the rules.
func fold(r rune) rune {
	if r < 0xC0 {
		return r
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'ç':
		return 'c'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ñ':
		return 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ý', 'ÿ':
		return 'y'
	}
	return r
}
