// Package analysis reads a customer message once for every engine that
// judges it (the guard, the intent gate, sentiment, the tools): it undoes
// the tricks that hide words from keyword rules, then finds the words,
// stems, order ids, phone numbers, money amounts and dates.
//
// Undone, in order: compatibility forms (NFKC: full-width letters,
// ligatures, mathematical alphabets), invisible characters (zero-width
// spaces and joiners, soft hyphens, bidi marks), combining accents,
// look-alike letters from other scripts (the Unicode confusables table,
// UTS #39), letters spread out with spaces or dots ("k i l l",
// "d.i.e"), digits and symbols standing for letters ("k1ll") and text
// written backwards. Case and punctuation are kept, so the engines that
// read shouting or sentence ends still can.
package analysis

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// Evasion names one kind of obfuscation the analysis undid.
type Evasion string

// The evasions Of recognises, in the order it undoes them.
const (
	Compat     Evasion = "compat"    // full-width letters, ligatures, styled alphabets (NFKC)
	Invisible  Evasion = "invisible" // zero-width characters, joiners, bidi marks
	SoftHyphen Evasion = "soft_hyphen"
	Accents    Evasion = "accents"    // combining marks on letters
	Confusable Evasion = "confusable" // look-alike letters from other scripts
	Spaced     Evasion = "spaced"     // "k i l l", "k.i.l.l", "k-i-l-l"
	Leet       Evasion = "leet"       // "k1ll", "h4te"
	Reversed   Evasion = "reversed"   // "flesym llik"
)

// Analysis is everything the engines need from one message, computed
// once by Of. It is read-only after Of returns.
type Analysis struct {
	// Raw is the message as received.
	Raw string
	// Text is the message with the evasions undone, case and punctuation
	// kept; every engine reads this instead of Raw.
	Text string
	// Lower is Text in lower case.
	Lower string
	// Words are the lower-case words of Text (apostrophes dropped, as in
	// textnorm.Words), and Stems their English stems, index for index.
	Words []string
	Stems []string
	// IDs are order references ("10482", "#20551", "C-2291") as written.
	IDs []string
	// Phones are phone numbers, reduced to digits (textnorm.PhoneDigits).
	Phones []string
	// Money are amounts with a currency sign or word ("$5", "£4.50").
	Money []string
	// Dates are day and date expressions ("tomorrow", "friday", "12/03",
	// "june 3"), lower case.
	Dates []string
	// Evasions lists what was undone, each once, in the order of the
	// constants above.
	Evasions []Evasion
}

// Has reports whether the analysis undid evasion e.
func (a *Analysis) Has(e Evasion) bool {
	for _, x := range a.Evasions {
		if x == e {
			return true
		}
	}
	return false
}

// HasWord reports whether w (lower case) is one of the message's words.
func (a *Analysis) HasWord(w string) bool {
	for _, x := range a.Words {
		if x == w {
			return true
		}
	}
	return false
}

// HasStem reports whether some word of the message has stem s.
func (a *Analysis) HasStem(s string) bool {
	for _, x := range a.Stems {
		if x == s {
			return true
		}
	}
	return false
}

// Of analyses text. It never fails; empty text gives an empty analysis.
func Of(text string) *Analysis {
	a := &Analysis{Raw: text}
	var ev evasions
	s := text
	if !isASCII(s) {
		s = unicodeFold(s, &ev)
	}
	s = despace(s, &ev)
	s = deleet(s, &ev)
	s = unreverse(s, &ev)
	a.Text = s
	a.Lower = strings.ToLower(s)
	a.Words = textnorm.Words(s)
	a.Stems = make([]string, len(a.Words))
	for i, w := range a.Words {
		a.Stems[i] = stem(w)
	}
	a.Evasions = ev.list()
	entities(a)
	return a
}

// stemCache remembers stems: the English stemmer costs about a
// microsecond a word and customers reuse their words. It stops growing at
// maxStems entries, so odd input cannot fill memory.
var (
	stemCache sync.Map
	stemCount atomic.Int64
)

const maxStems = 50000

// Stem is textnorm.Stem through the same cache, for readers that stem
// the words of a message the analysis has just stemmed (the gate's
// tokenizer): they find them there instead of stemming them again.
func Stem(w string) string { return stem(w) }

func stem(w string) string {
	if v, ok := stemCache.Load(w); ok {
		return v.(string)
	}
	s := textnorm.Stem(w)
	if stemCount.Load() < maxStems {
		if _, loaded := stemCache.LoadOrStore(w, s); !loaded {
			stemCount.Add(1)
		}
	}
	return s
}

// evasions records which evasions were seen, as a bit set.
type evasions uint16

var evasionOrder = []Evasion{Compat, Invisible, SoftHyphen, Accents, Confusable, Spaced, Leet, Reversed}

func (e *evasions) add(x Evasion) {
	for i, y := range evasionOrder {
		if y == x {
			*e |= 1 << i
		}
	}
}

func (e evasions) list() []Evasion {
	var out []Evasion
	for i, y := range evasionOrder {
		if e&(1<<i) != 0 {
			out = append(out, y)
		}
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// unicodeFold applies NFKC, drops invisible characters and combining
// marks, and folds look-alike letters to ASCII.
func unicodeFold(s string, ev *evasions) string {
	// Invisible characters first: NFKC keeps most of them, and a zero-width
	// joiner between letters would otherwise split the word.
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u00AD':
			ev.add(SoftHyphen)
		case unicode.Is(unicode.Cf, r) || r == '\u034F' || r == '\u115F' || r == '\u1160' || r == '\u3164' || r == '\uFFA0':
			// Cf holds zero-width spaces and joiners, word joiners, BOMs and
			// bidi controls; the Hangul fillers and the grapheme joiner are
			// invisible too but classed otherwise.
			ev.add(Invisible)
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	if k := norm.NFKC.String(s); k != s {
		// Precomposed accents are not an evasion; only count NFKC when it
		// changed more than composition would.
		if norm.NFC.String(s) != k {
			ev.add(Compat)
		}
		s = k
	}
	b.Reset()
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			ev.add(Accents)
			continue
		}
		if r >= utf8.RuneSelf {
			if f, ok := fold(r); ok {
				if unicode.IsLetter(r) {
					ev.add(Confusable)
				}
				b.WriteString(f)
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// deleet rewrites words that mix letters with digits or symbols standing
// for letters ("k1ll", "h4te", "5h00t", "@ss") when the result reads as a
// word: either a leet character sits between letters, or the rewrite is a
// known word. Order ids ("C2291"), times ("10am"), ordinals ("3rd"),
// prices and email addresses stay as they are.
func deleet(s string, ev *evasions) string {
	if !strings.ContainsAny(s, "0134578@$!|") {
		return s
	}
	var b strings.Builder
	changed := false
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && isLeetTokenByte(s[j]) {
			j++
		}
		if j == i {
			b.WriteByte(s[i])
			i++
			continue
		}
		tok := s[i:j]
		// A chunk holding an email address or a URL is left alone.
		if chunkHasAddress(s, i, j) {
			b.WriteString(tok)
			i = j
			continue
		}
		if w, ok := unleet(tok); ok {
			b.WriteString(w)
			changed = true
		} else {
			b.WriteString(tok)
		}
		i = j
	}
	if !changed {
		return s
	}
	ev.add(Leet)
	return b.String()
}

func isLeetTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '@' || c == '$' || c == '!' || c == '|'
}

// chunkHasAddress reports whether the whitespace-delimited chunk around
// s[i:j] looks like an email address or a web address.
func chunkHasAddress(s string, i, j int) bool {
	for i > 0 && s[i-1] != ' ' && s[i-1] != '\n' && s[i-1] != '\t' {
		i--
	}
	for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' {
		j++
	}
	c := s[i:j]
	if at := strings.IndexByte(c, '@'); at > 0 && strings.IndexByte(c[at:], '.') > 0 {
		return true
	}
	return strings.Contains(c, "://") || strings.HasPrefix(c, "www.")
}

var leetMap = [128]byte{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', '$': 's', '!': 'i', '|': 'l'}

// unleet returns the word a leet token stands for, and whether it is one.
func unleet(tok string) (string, bool) {
	letters, leets := 0, 0
	interleaved := false
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		case leetMap[c] != 0:
			leets++
			// A leet run with a letter on both sides ("k1ll", "sh00t").
			if k > 0 && isLetterByte(tok[k-1]) || k > 0 && leetMap[tok[k-1]] != 0 {
				for m := k + 1; m < len(tok); m++ {
					if isLetterByte(tok[m]) {
						if hasLetterBefore(tok, k) {
							interleaved = true
						}
						break
					}
					if leetMap[tok[m]] == 0 {
						break
					}
				}
			}
		default:
			// Other digits (2, 6, 9): an id or a number, not a word.
			return "", false
		}
	}
	if letters == 0 || leets == 0 {
		return "", false
	}
	// Trailing "!" or "|" is punctuation, not a letter.
	trimmed := strings.TrimRight(tok, "!|")
	suffix := tok[len(trimmed):]
	if trimmed != tok {
		w, ok := unleet(trimmed)
		if !ok {
			return "", false
		}
		return w + suffix, true
	}
	if strings.HasPrefix(tok, "$") && len(tok) > 1 && tok[1] >= '0' && tok[1] <= '9' {
		return "", false // a price
	}
	cand := mapLeet(tok, 'i')
	if IsWord(strings.ToLower(cand)) {
		return cand, true
	}
	if alt := mapLeet(tok, 'l'); alt != cand && IsWord(strings.ToLower(alt)) {
		return alt, true
	}
	if interleaved && !idShaped(tok) && !allCaps(tok) {
		return cand, true
	}
	return "", false
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func hasLetterBefore(tok string, k int) bool {
	for m := 0; m < k; m++ {
		if isLetterByte(tok[m]) {
			return true
		}
	}
	return false
}

// idShaped reports whether tok reads as a code rather than a word: more
// digits than letters ("a1b2c3d4" is, "k1ll" is not).
func idShaped(tok string) bool {
	d, l := 0, 0
	for k := 0; k < len(tok); k++ {
		switch c := tok[k]; {
		case c >= '0' && c <= '9':
			d++
		case isLetterByte(c):
			l++
		}
	}
	return d > l
}

// mapLeet replaces every leet character of tok with its letter; one is
// the letter "1" and "!" stand for.
func mapLeet(tok string, one byte) string {
	b := []byte(tok)
	for k, c := range b {
		if c < 128 && leetMap[c] != 0 {
			m := leetMap[c]
			if c == '1' || c == '!' {
				m = one
			}
			if k > 0 && isUpperByte(b[k-1]) && (k+1 >= len(b) || isUpperByte(b[k+1])) {
				m -= 'a' - 'A'
			}
			b[k] = m
		}
	}
	return string(b)
}

func isUpperByte(c byte) bool { return c >= 'A' && c <= 'Z' }

// allCaps reports whether tok has no lower-case letter: "SW1A" and "A1B2"
// are codes unless they spell a known word ("ST3AL").
func allCaps(tok string) bool {
	for k := 0; k < len(tok); k++ {
		if tok[k] >= 'a' && tok[k] <= 'z' {
			return false
		}
	}
	return true
}
