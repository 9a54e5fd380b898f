package gate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Special tokens. They stand for things a stem cannot: where a sentence
// starts, a question mark, and the shapes of personal data. Rules refer to
// them by these names.
const (
	tokStart   = "<s>"
	tokQuery   = "<q>"
	tokPause   = "<,>"
	tokOrderID = "<order_id>"
	tokPhone   = "<phone>"
	tokEmail   = "<email>"
	tokMoney   = "<money>"
	tokNumber  = "<number>"
	// tokEmergencyNo is an emergency services number (999, 911, 112),
	// kept apart from <number>: "call 999" is an emergency, "call 2
	// taxis" and "call 0800 for lost property" are not.
	tokEmergencyNo = "<emergency_number>"
	tokAny         = "*"
)

// specialTokens are the special names a rule may use. A pause lets a
// composed pattern step over a comma that its gaps never cross.
var specialTokens = map[string]bool{
	tokStart: true, tokQuery: true, tokPause: true, tokOrderID: true, tokPhone: true,
	tokEmail: true, tokMoney: true, tokNumber: true, tokEmergencyNo: true,
}

// emergencyNumbers are the numbers read as tokEmergencyNo: the UK's, North
// America's and Europe's emergency services. Others (000, 111) are left
// numbers: 000 is a price or a count as often, 111 is not an emergency
// line.
var emergencyNumbers = map[string]bool{"999": true, "911": true, "112": true}

// isBoundary reports whether k ends a phrase and a negation's scope.
func isBoundary(k string) bool {
	return k == tokStart || k == tokQuery || k == tokPause
}

// tokenize appends the keys of text to out: sentence starts, question
// marks, pauses, personal-data shapes and normalised words, in order. It
// allocates only for the lower-cased copy of text, words with apostrophes
// and stems the keyer cannot look up.
func (g *Gate) tokenize(text string, out []string) []string {
	out, _ = g.tokenizeSpans(text, out, nil)
	return out
}

// span is where a token was read in the lower-cased text, [start, end)
// in bytes.
type span struct{ start, end int32 }

// tokenizeSpans is tokenize that also appends to spans where each token
// was read, when spans is not nil: the safety score reads a message
// without the words of a look-alike (lookalikeRest). A boundary that
// replaces the one before it keeps that one's span.
func (g *Gate) tokenizeSpans(text string, out []string, spans []span) ([]string, []span) {
	s := strings.ToLower(text)
	out = append(out, tokStart)
	if spans != nil {
		spans = append(spans, span{})
	}
	i := 0
	for i < len(s) {
		at := i
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isWordRune(r) && emailAt(s, i):
			// An address is one token; its parts mean nothing to the rules.
			j := chunkEnd(s, i)
			out = append(out, tokEmail)
			i = j
		case splitCJK && isCJK(r):
			// Chinese and Japanese leave no spaces and Korean glues its
			// particles to words: one token a character, so a word list's
			// "退款" or "환불" is a phrase found inside a run of text.
			j := cjkCharEnd(s, i+size)
			out = append(out, s[i:j])
			i = j
		case unicode.IsLetter(r):
			i, out = g.scanWord(s, i, out)
		case r >= '0' && r <= '9':
			i, out = scanNumber(s, i, out)
		case r == '?':
			out = boundary(out, tokQuery)
			out = boundary(out, tokStart)
			i += size
		case r == '.' || r == '!' || r == ';' || r == '\n':
			out = boundary(out, tokStart)
			i += size
		case splitCJK && r == '。':
			// The analysis keeps the ideographic full stop; the full-width
			// ! and ? it folds to ASCII.
			out = boundary(out, tokStart)
			i += size
		case splitCJK && r == '、':
			out = boundary(out, tokPause)
			i += size
		case r == ',' || r == ':' || r == '—' || r == '–' || r == '(' || r == ')':
			out = boundary(out, tokPause)
			i += size
		case r == '-' && i+1 < len(s) && s[i+1] == ' ' && i > 0 && s[i-1] == ' ':
			// " - " between words is a dash, a pause.
			out = boundary(out, tokPause)
			i += size
		default:
			i += size
		}
		for spans != nil && len(spans) < len(out) {
			spans = append(spans, span{int32(at), int32(i)})
		}
	}
	for len(out) > 0 && isBoundary(out[len(out)-1]) && out[len(out)-1] != tokQuery {
		out = out[:len(out)-1]
	}
	return out, spans
}

// boundary appends k unless it would repeat a boundary: runs of
// punctuation collapse, a question mark replaces the pause or empty
// sentence before it, and a sentence start follows a question mark.
func boundary(out []string, k string) []string {
	n := len(out)
	if n == 0 || !isBoundary(out[n-1]) {
		return append(out, k)
	}
	last := out[n-1]
	switch {
	case k == tokQuery && last == tokStart && n >= 2 && out[n-2] == tokQuery:
		// "??": one question.
	case k == tokQuery && last != tokQuery:
		out[n-1] = tokQuery
	case k == tokStart && last == tokQuery:
		out = append(out, tokStart)
	case k == tokStart && last == tokPause:
		out[n-1] = tokStart
	}
	return out
}

// splitCJK turns on one token per CJK character. With it off the
// tokenizer is the one before CJK splitting, character for character;
// cjk15_test.go turns it off to prove text without CJK keeps its tokens.
var splitCJK = true

// isCJK reports whether r is a Han character, Hiragana, Katakana (with the
// prolonged sound mark and half-width forms) or a Hangul syllable: the
// letters the tokenizer reads one at a time.
func isCJK(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x11ff:
		// Hangul jamo: the analysis decomposes syllables (NFD).
		return true
	case r < 0x3040:
		return false
	case r <= 0x30ff: // Hiragana, Katakana, ー
		return r != 0x30fb // the middle dot ・ separates words
	case r >= 0x3400 && r <= 0x4dbf, r >= 0x4e00 && r <= 0x9fff, r >= 0xf900 && r <= 0xfaff:
		return true
	case r >= 0xac00 && r <= 0xd7a3: // Hangul syllables
		return true
	case r >= 0xa960 && r <= 0xa97f, r >= 0xd7b0 && r <= 0xd7ff: // old jamo
		return true
	case r >= 0xff66 && r <= 0xff9f: // half-width Katakana
		return true
	}
	return r >= 0x20000 && r <= 0x2fa1f && unicode.Is(unicode.Han, r)
}

// cjkCharEnd returns the end of the character whose first rune ends at i:
// the analysed text is decomposed, so a kana's voicing mark (ご is こ and
// U+3099) and a Hangul syllable's vowel and final consonant jamo follow
// the first rune and belong to it.
func cjkCharEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.Is(unicode.Mn, r) && !(r >= 0x1160 && r <= 0x11ff) && !(r >= 0xd7b0 && r <= 0xd7ff) {
			break
		}
		i += size
	}
	return i
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// chunkEnd returns the end of the whitespace-delimited chunk at i, without
// trailing sentence punctuation.
func chunkEnd(s string, i int) int {
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) {
			break
		}
		j += size
	}
	for j > i && strings.ContainsRune(".,!?;:)\"'", rune(s[j-1])) {
		j--
	}
	return j
}

// emailAt reports whether the chunk starting at i looks like an email
// address: something, an @, and a dot after it.
func emailAt(s string, i int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsSpace(r) && r != '(' && r != '<' && r != '"' {
			return false
		}
	}
	c := s[i:chunkEnd(s, i)]
	at := strings.IndexByte(c, '@')
	return at > 0 && strings.IndexByte(c[at+1:], '.') > 0 && !strings.HasSuffix(c, ".")
}

// scanWord reads a word at i (letters, inner apostrophes, inner '*' as in
// "f***ing") and appends its keys. A short letter prefix glued to digits,
// as in "C-2291" or "c2291", is an order reference.
func (g *Gate) scanWord(s string, i int, out []string) (int, []string) {
	start := i
	apostrophe := false
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case splitCJK && isCJK(r):
			// A CJK character after Latin letters ("app的") starts its own
			// tokens.
		case unicode.IsLetter(r):
			j += size
			continue
		case r == '*' && j > start:
			j += size
			continue
		case (r == '\'' || r == '’') && j+size < len(s):
			if n, _ := utf8.DecodeRuneInString(s[j+size:]); unicode.IsLetter(n) {
				apostrophe = true
				j += size
				continue
			}
		}
		break
	}
	if j-start <= 3 && j < len(s) {
		k := j
		if s[k] == '-' || s[k] == '#' {
			k++
		}
		if d := countDigits(s, k); d >= 3 && !isLetterAt(s, k+d) {
			return k + d, append(out, tokOrderID)
		}
	}
	w := s[start:j]
	if apostrophe {
		w = strings.NewReplacer("'", "", "’", "").Replace(w)
	}
	return j, g.wordKeys(w, out)
}

func countDigits(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
		n++
	}
	return n
}

func isLetterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// scanNumber reads a run of digit groups joined by phone separators
// ("(415) 555-0199", "0412 555 019", "4.50") and appends one key for it:
// a phone number, an amount of money, an order number or a plain number.
func scanNumber(s string, i int, out []string) (int, []string) {
	var groups [8]int
	n := 0
	digits := 0
	j := i
	end := i
	for n < len(groups) {
		d := countDigits(s, j)
		if d == 0 {
			break
		}
		groups[n] = d
		n++
		digits += d
		j += d
		end = j
		// Look past separators for another group.
		k := j
		for k < len(s) && k-j < 3 && strings.IndexByte(" -.()+", s[k]) >= 0 {
			k++
		}
		if k == j || countDigits(s, k) == 0 {
			break
		}
		j = k
	}
	prev := prevNonSpace(s, i)
	switch {
	case prev == '$' || prev == '£' || prev == '€':
		return decimalEnd(s, i), append(out, tokMoney)
	case isPhone(groups[:n], digits):
		return end, append(out, tokPhone)
	}
	// Not a phone: only the first group belongs to this token; the rest is
	// scanned again as separate numbers.
	end = i + groups[0]
	switch {
	case prev == '#' && groups[0] >= 3:
		return end, append(out, tokOrderID)
	case groups[0] >= 5 && groups[0] <= 7:
		return end, append(out, tokOrderID)
	case groups[0] >= 8:
		return end, append(out, tokPhone)
	}
	dec := decimalEnd(s, i)
	if dec == end && emergencyNumbers[s[i:end]] {
		return end, append(out, tokEmergencyNo)
	}
	return dec, append(out, tokNumber)
}

// isPhone reports whether digit groups look like a phone number: at least
// seven digits in two or more short groups.
func isPhone(groups []int, digits int) bool {
	if len(groups) < 2 || digits < 7 || digits > 15 {
		return false
	}
	for _, g := range groups {
		if g > 4 {
			return false
		}
	}
	return true
}

// decimalEnd returns the end of the number at i with one decimal part.
func decimalEnd(s string, i int) int {
	j := i + countDigits(s, i)
	for j < len(s) && s[j] == ',' && countDigits(s, j+1) == 3 {
		j += 1 + 3
	}
	if j < len(s) && s[j] == '.' {
		if d := countDigits(s, j+1); d > 0 {
			j += 1 + d
		}
	}
	return j
}

// prevNonSpace returns the rune before i, skipping one run of spaces.
func prevNonSpace(s string, i int) rune {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if r != ' ' {
			return r
		}
		i -= size
	}
	return 0
}
