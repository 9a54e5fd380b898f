// Package textnorm turns text into the normalised tokens that the lexical
// search and the intent gate match on: lower case, split on anything that is
// not a letter or digit, English-stemmed, so "Refunds", "refunded" and
// "refund" meet.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// Words splits s into lower-case words, dropping punctuation. Apostrophes
// inside a word are removed ("don't" → "dont") so contractions stay whole.
func Words(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// keep contractions whole
		default:
			flush()
		}
	}
	flush()
	return out
}

// Stem returns the English stem of a lower-case word. Stop words are
// stemmed too (the caller decides whether to drop them).
func Stem(w string) string {
	if len(w) < 3 {
		return w
	}
	return english.Stem(w, false)
}

// Tokens returns the stems of the words of s, without stop words.
func Tokens(s string) []string {
	words := Words(s)
	out := words[:0]
	for _, w := range words {
		if IsStopWord(w) {
			continue
		}
		out = append(out, Stem(w))
	}
	return out
}

// IsStopWord reports whether w (lower case) carries no meaning for search.
func IsStopWord(w string) bool {
	_, ok := stopWords[w]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a an the and or but if of to in on at by for with from as is are was were be been
		being it its this that these those there here i me my we our you your he she they them their what which who whom
		whose when where why how do does did doing have has had having can could would should will shall may might must
		im ive id youre theyre its dont doesnt didnt isnt arent wasnt so than too very just also any some all about into
		up down out over again then once please hi hello hey thanks thank`) {
		m[w] = struct{}{}
	}
	return m
}()

// Snippet folds the white space of text onto one line and shortens it to
// about n bytes at a word boundary, marking the cut with " …".
func Snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if len(text) <= n {
		return text
	}
	cut := strings.LastIndexByte(text[:n], ' ')
	if cut < n/2 {
		cut = n
		// Do not split a UTF-8 sequence.
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
	}
	return text[:cut] + " …"
}

// PhoneDigits reduces a phone number to its digits, dropping a leading
// North American country code, so "+1 (555) 010-2233", "555-010-2233" and
// "5550102233" compare equal.
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	return d
}
