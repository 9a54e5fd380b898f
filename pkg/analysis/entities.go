package analysis

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

var (
	moneyRE = regexp.MustCompile(`[$£€]\s?\d+(?:[.,]\d{1,2})?|\b\d+(?:\.\d{1,2})?\s?(?:dollars?|bucks|pounds?|quid|euros?)\b`)
	phoneRE = regexp.MustCompile(`(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d[\d\s.-]{5,14}\d`)
	idRE    = regexp.MustCompile(`#\d{3,10}\b|\b[A-Za-z]{1,3}-?\d{3,8}\b|\b\d{5,7}\b`)
	// numDateRE finds numeric dates: 12/03, 12/03/2026, 2026-03-12.
	numDateRE = regexp.MustCompile(`\b(?:\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{4}-\d{2}-\d{2})\b`)
)

// mayHoldNumDate reports whether s holds what every match of numDateRE
// holds: a slash between digits ("12/03"), or four digits, a dash, two
// digits, a dash and two digits ("2026-03-12"). A phone number written
// with dashes ("555-010-2233") has neither, and the pattern is then not
// run (\d is ASCII, so bytes decide).
func mayHoldNumDate(s string) bool {
	digit := func(i int) bool { return s[i] >= '0' && s[i] <= '9' }
	for i := 1; i+1 < len(s); i++ {
		switch s[i] {
		case '/':
			if digit(i-1) && digit(i+1) {
				return true
			}
		case '-':
			if i >= 4 && i+5 < len(s) && digit(i-4) && digit(i-3) && digit(i-2) && digit(i-1) &&
				digit(i+1) && digit(i+2) && s[i+3] == '-' && digit(i+4) && digit(i+5) {
				return true
			}
		}
	}
	return false
}

// entities fills a's ids, phones, money and dates from its text.
func entities(a *Analysis) {
	s := a.Text
	digits := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			digits++
		}
	}
	if digits > 0 && (strings.ContainsAny(s, "$£€") || hasMoneyWord(a.Words)) {
		for _, m := range moneyRE.FindAllString(s, -1) {
			a.Money = append(a.Money, strings.ReplaceAll(m, " ", ""))
		}
	}
	a.Dates = dates(a.Words, a.Dates)
	if digits > 0 && mayHoldNumDate(s) {
		a.Dates = append(a.Dates, numDateRE.FindAllString(s, -1)...)
	}
	if digits < 3 {
		return
	}
	var phoneSpans [][]int
	if digits < 7 {
		goto ids
	}
	for _, loc := range phoneMatches(s) {
		m := s[loc[0]:loc[1]]
		d := textnorm.PhoneDigits(m)
		sep := strings.ContainsAny(strings.TrimSpace(m), " .-()+")
		// Ten or more digits, or seven with a separator ("555-0142"); a
		// bare run of 5-7 digits is an order number.
		if len(d) >= 10 && len(d) <= 15 || len(d) == 7 && sep {
			a.Phones = append(a.Phones, d)
			phoneSpans = append(phoneSpans, loc)
		}
	}
ids:
	for _, loc := range idMatches(s) {
		if within(loc, phoneSpans) {
			continue
		}
		m := s[loc[0]:loc[1]]
		if isLetterByte(m[0]) && !hasDigitRun(m, 3) {
			continue
		}
		// "am3" and the like come from words; ids have a letter prefix of
		// at most three and then digits.
		a.IDs = append(a.IDs, m)
	}
}

// phoneRE and idRE have no literal to skip to, so Go's regexp runs them
// from every byte of a message; their matches are made of few bytes,
// though. phoneMatches and idMatches run them only over the runs of the
// bytes a match can hold that have enough digits, and give what
// FindAllStringIndex over the whole text gives (TestEntityRunsMatchPlain):
// no match can cross a byte outside its run, and neither pattern reads
// what lies beyond one (phoneRE has no anchor or \b; a run for idRE
// holds every word byte, so a \b at its edge reads a non-word byte
// either way, as at the text's edge).

// phoneMatches is phoneRE.FindAllStringIndex(s, -1).
func phoneMatches(s string) [][]int {
	// A match is at least seven bytes with two digits.
	return runMatches(s, phoneRE, phoneByte, 7, 2)
}

// idMatches is idRE.FindAllStringIndex(s, -1).
func idMatches(s string) [][]int {
	// A match holds at least three digits.
	return runMatches(s, idRE, idByte, 3, 3)
}

// runMatches runs re over each maximal run of bytes in of s that is at
// least minLen long and holds minDigits digits, in order.
func runMatches(s string, re *regexp.Regexp, in func(byte) bool, minLen, minDigits int) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		if !in(s[i]) {
			i++
			continue
		}
		j, d := i, 0
		for ; j < len(s) && in(s[j]); j++ {
			if s[j] >= '0' && s[j] <= '9' {
				d++
			}
		}
		if j-i >= minLen && d >= minDigits {
			for _, loc := range re.FindAllStringIndex(s[i:j], -1) {
				out = append(out, []int{loc[0] + i, loc[1] + i})
			}
		}
		i = j
	}
	return out
}

// phoneByte reports whether c can be part of a phoneRE match: a digit,
// \s ([\t\n\f\r ]) or one of .-()+.
func phoneByte(c byte) bool {
	return c >= '0' && c <= '9' || strings.IndexByte("\t\n\f\r .-()+", c) >= 0
}

// idByte reports whether c can be part of an idRE match (#, -, letters,
// digits) or is a word byte to \b (_).
func idByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '#' || c == '-'
}

var dayWords = map[string]bool{
	"today": true, "tonight": true, "tomorrow": true, "yesterday": true, "weekend": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"mondays": true, "tuesdays": true, "wednesdays": true, "thursdays": true, "fridays": true, "saturdays": true, "sundays": true,
}

// monthWords are the month names and their short forms ("sep" and
// "sept" both); IsMonth reads them for other packages.
var monthWords = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true, "apr": true, "april": true,
	"may": true, "jun": true, "june": true, "jul": true, "july": true, "aug": true, "august": true, "sep": true, "sept": true,
	"september": true, "oct": true, "october": true, "nov": true, "november": true, "dec": true, "december": true,
}

// IsMonth reports whether w, lower case, is a month's name or its short
// form ("dec", "december").
func IsMonth(w string) bool { return monthWords[w] }

// dates appends the day and date expressions among words: day names,
// "june 3", "3rd june", "the 12th".
func dates(words, out []string) []string {
	for i, w := range words {
		switch {
		case dayWords[w]:
			out = append(out, w)
		case monthWords[w] && w != "may" && w != "mar" && i+1 < len(words) && IsDayOfMonth(words[i+1]):
			out = append(out, w+" "+words[i+1])
		case monthWords[w] && (w == "may" || w == "mar") && i+1 < len(words) && IsDayOfMonth(words[i+1]) && i > 0 && (words[i-1] == "on" || words[i-1] == "of" || words[i-1] == "in" || words[i-1] == "by"):
			out = append(out, w+" "+words[i+1])
		case IsDayOfMonth(w) && i+1 < len(words) && monthWords[words[i+1]] && (i+1 >= len(words)-1 || !IsDayOfMonth(words[i+2])):
			out = append(out, w+" "+words[i+1])
		case ordinal(w):
			out = append(out, w)
		}
	}
	return out
}

// IsDayOfMonth reports whether w is a day of the month: 1-31 in one or
// two digits ("7", "07", "24"), perhaps with an ordinal suffix ("1st",
// "23rd", "24th"). Entity dates and the retrieval cues for dated chunks
// read days with it.
func IsDayOfMonth(w string) bool {
	n, k := 0, 0
	for k < len(w) && w[k] >= '0' && w[k] <= '9' {
		n = n*10 + int(w[k]-'0')
		k++
	}
	if k == 0 || k > 2 || n < 1 || n > 31 {
		return false
	}
	rest := w[k:]
	return rest == "" || rest == "st" || rest == "nd" || rest == "rd" || rest == "th"
}

func ordinal(w string) bool {
	return len(w) > 2 && w[0] >= '0' && w[0] <= '9' && IsDayOfMonth(w) && !(w[len(w)-1] >= '0' && w[len(w)-1] <= '9')
}

func hasMoneyWord(words []string) bool {
	for _, w := range words {
		switch w {
		case "dollar", "dollars", "bucks", "pound", "pounds", "quid", "euro", "euros":
			return true
		}
	}
	return false
}

func hasDigitRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func within(loc []int, spans [][]int) bool {
	for _, sp := range spans {
		if loc[0] >= sp[0] && loc[1] <= sp[1] {
			return true
		}
	}
	return false
}

// unreverse turns back the sentences of s that read as words only
// backwards ("flesym llik ot tnaw i" → "i want to kill myself"). A
// message reversed whole is turned back whole, so its sentences keep
// their order ("Close early. Trust me, it's for your own good.").
func unreverse(s string, ev *evasions) string {
	// The builder starts only at the first backwards sentence: most
	// messages have none and are returned as they came, uncopied.
	var b strings.Builder
	changed := false
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' && s[i] != '!' && s[i] != '?' && s[i] != '\n' {
			continue
		}
		seg := s[start:i]
		// Spaces around a sentence stay where they are.
		inner := strings.TrimSpace(seg)
		lead := seg[:strings.Index(seg, inner)]
		if r, ok := reverseIfBackwards(inner); ok {
			if !changed {
				b.WriteString(s[:start])
				changed = true
			}
			b.WriteString(lead)
			b.WriteString(r)
			b.WriteString(seg[len(lead)+len(inner):])
		} else if changed {
			b.WriteString(seg)
		}
		if changed && i < len(s) {
			b.WriteByte(s[i])
		}
		start = i + 1
	}
	if !changed {
		return s
	}
	ev.add(Reversed)
	// Only now, when some sentence was backwards (rare), is the whole
	// message tried.
	if r, ok := reverseIfBackwards(s); ok {
		return r
	}
	return b.String()
}

// reverseIfBackwards returns seg reversed when its words are mostly
// unknown and its reversal's words mostly known.
func reverseIfBackwards(seg string) (string, bool) {
	n, fwd := knownWords(seg)
	if n < 2 || fwd*2 > n {
		return "", false
	}
	r := []rune(seg)
	for l, h := 0, len(r)-1; l < h; l, h = l+1, h-1 {
		r[l], r[h] = r[h], r[l]
	}
	rev := string(r)
	_, back := knownWords(rev)
	if back >= 2 && back >= 2*fwd+1 && back*3 >= n*2 {
		return rev, true
	}
	// Words the list does not know (Russian, Greek, Turkish, Tagalog...)
	// cannot vote, but capitals can: a backwards sentence ends its words
	// with them ("sedoP", "eдГ") and starts none with one.
	if ends := capitalsBackwards(seg); ends > 0 && (back >= fwd || ends >= 2) {
		return rev, true
	}
	return "", false
}

// knownWords returns how many words textnorm.Words(s) gives and how many
// of them IsWord knows, splitting and lower-casing as Words does but into
// one reused buffer: every sentence of every message is counted here,
// and building its words as strings cost about 3% of gate plus guard.
func knownWords(s string) (n, known int) {
	var arr [64]byte
	buf := arr[:0]
	m := vocab()
	flush := func() {
		if len(buf) > 0 {
			n++
			if _, ok := m[string(buf)]; ok {
				known++
			}
			buf = buf[:0]
		}
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			buf = append(buf, byte(r))
		case r >= 'A' && r <= 'Z':
			buf = append(buf, byte(r)+('a'-'A'))
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			buf = utf8.AppendRune(buf, unicode.ToLower(r))
		case r == '\'' || r == '’':
			// kept inside the word, as Words keeps contractions whole
		default:
			flush()
		}
	}
	flush()
	return n, known
}

// capitalsBackwards counts the words of seg that are lower-case letters
// ending in one capital ("sedoP"), where a reversed sentence puts its
// capitals, or returns 0 when any word is a capital followed by
// lower-case letters ("Podes"). Acronyms, "iPhone" and "GmbH" fit
// neither shape; words with digits or inner punctuation are not read.
func capitalsBackwards(seg string) int {
	ends := 0
	for _, w := range strings.Fields(seg) {
		// Tokens with digits (base64, ids, "4pm") carry no such signal.
		if strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			continue
		}
		r := []rune(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }))
		if len(r) < 2 {
			continue
		}
		switch {
		case unicode.IsUpper(r[0]) && lowerRun(r[1:]):
			return 0
		case unicode.IsUpper(r[len(r)-1]) && lowerRun(r[:len(r)-1]):
			ends++
		}
	}
	return ends
}

// lowerRun says whether every rune of rs is a lower-case letter.
func lowerRun(rs []rune) bool {
	for _, x := range rs {
		if !unicode.IsLower(x) {
			return false
		}
	}
	return true
}
