package retrieval

import (
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// The retrieval tokeniser is textnorm's (lower case, stop words, English
// stems) plus what a café's documents need and the gate does not:
//   - "wi-fi", "wi fi" and "wifi" are one word, and so are "e-mail"/"email";
//   - a number and its unit are one token: "16oz", "16 oz", "16-oz" and
//     "16 ounces" all give "16oz";
//   - a price is one token with trailing zeros dropped: "$4.50", "4.50"
//     and "4.5" give "4.5", "$16" and "16.00" give "16";
//   - a few stems are kept apart where the stemmer joins words that mean
//     different things to a customer (stemExceptions).

// unitNames maps unit words to the canonical unit of a size token.
var unitNames = map[string]string{
	"oz": "oz", "ounce": "oz", "ounces": "oz", "ml": "ml", "l": "l", "lb": "lb", "lbs": "lb",
	"kg": "kg", "g": "g", "mg": "mg", "kw": "kw", "mbps": "mbps", "ppm": "ppm", "in": "in", "inch": "in", "inches": "in",
}

// joinedPairs are two-word spellings of one word.
var joinedPairs = map[[2]string]string{
	{"wi", "fi"}: "wifi", {"e", "mail"}: "email", {"check", "in"}: "checkin",
	{"high", "chair"}: "highchair", {"high", "chairs"}: "highchair",
}

// stemExceptions keeps apart words the English stemmer merges although a
// customer means different things by them: "optional" (tipping) is not
// "options" (vegan options), "openings" (jobs) are not "opening" hours;
// "highchairs" joins "highchair". Keeping "opened" (in 2014) apart too made
// "open" rarer and let a franchise FAQ ("Can I open a Larkspur Café?")
// beat the holiday table for "are you open on juneteenth", so it stays.
var stemExceptions = map[string]string{
	"optional": "optional", "optionally": "optional",
	"openings":   "openings",
	"highchairs": "highchair",
}

// days are the week's days in order; dayNames maps their short forms.
var days = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

var dayNames = map[string]string{
	"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday", "weds": "wednesday",
	"thu": "thursday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
	"monday": "monday", "tuesday": "tuesday", "wednesday": "wednesday", "thursday": "thursday",
	"friday": "friday", "saturday": "saturday", "sunday": "sunday",
}

func dayIndex(w string) int {
	d, ok := dayNames[w]
	if !ok && !langOff.Load() {
		// another language's day ("thuhai", Vietnamese Monday, which
		// joinVietnameseDays writes "thứ 2" as; "lundi")
		d, ok = dayNames[langPivots().any[w]]
	}
	if !ok {
		return -1
	}
	for i, x := range days {
		if x == d {
			return i
		}
	}
	return -1
}

// expandDays adds the days a range leaves out ("Monday to Thursday" also
// says tuesday and wednesday) so "open on a tuesday" meets the row that
// covers it, and "Mon to Fri" is monday to friday.
func expandDays(ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		a := dayIndex(w)
		if a < 0 {
			out = append(out, w)
			continue
		}
		if i+2 < len(ws) && (ws[i+1] == "to" || ws[i+1] == "through" || ws[i+1] == "thru" || ws[i+1] == "until") {
			if b := dayIndex(ws[i+2]); b > a {
				out = append(out, days[a])
				out = append(out, days[a+1:b]...)
				out = append(out, ws[i+1], days[b])
				i += 2
				continue
			}
		}
		// A short name alone stays as it is: "Fri, June 19" in a holiday
		// table is a date, not the Friday opening hours.
		out = append(out, w)
	}
	return out
}

// rawWords splits s into lower-case, diacritic-free words (Vietnamese đ
// is d), a word of several syllables joined (joinSyllables): the
// location learning and the locator read rawWords too, so a store called
// "quầy sân bay" is named by the words its questions search. Unlike
// textnorm.Words it keeps a decimal point between digits ("4.85") and
// drops the "$" of a price.
func rawWords(s string) []string {
	s = textnorm.FoldDiacritics(s)
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			// contractions stay whole, as in textnorm.Words; an elided
			// article is a word of its own (lang.go)
			if !langOff.Load() && i+1 < len(rs) && textnorm.IsElision(b.String(), rs[i+1]) {
				flush()
			}
		case r == '.' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]) && b.Len() > 0:
			b.WriteRune('.')
		default:
			flush()
		}
	}
	flush()
	return joinSyllables(out)
}

// normNumber drops trailing zeros of a decimal: "4.50" → "4.5", "16.00" → "16".
func normNumber(w string) string {
	if !strings.Contains(w, ".") {
		return w
	}
	w = strings.TrimRight(w, "0")
	return strings.TrimSuffix(w, ".")
}

func isNumber(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

// splitNumberUnit splits "16oz" into "16" and "oz" when the tail is a unit.
func splitNumberUnit(w string) (string, string, bool) {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.') {
		i++
	}
	if i == 0 || i == len(w) {
		return "", "", false
	}
	u, ok := unitNames[w[i:]]
	return w[:i], u, ok
}

// words returns the words of s after joining: compounds, sizes, prices
// and day ranges. Stop words are still there (the caller drops them).
func words(s string) []string {
	raw := expandDays(rawWords(joinDayDashes(joinVietnameseDays(s))))
	out := make([]string, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if i+1 < len(raw) {
			if j, ok := joinedPairs[[2]string{w, raw[i+1]}]; ok {
				out = append(out, j)
				i++
				continue
			}
			if isNumber(w) {
				if u, ok := unitNames[raw[i+1]]; ok && raw[i+1] != "in" && raw[i+1] != "l" && raw[i+1] != "g" {
					out = append(out, normNumber(w)+u)
					i++
					continue
				}
			}
		}
		if n, u, ok := splitNumberUnit(w); ok {
			out = append(out, normNumber(n)+u)
			continue
		}
		if isNumber(w) {
			w = normNumber(w)
		}
		out = append(out, w)
	}
	return out
}

// vietnameseDayNumber is a Vietnamese day written with its number
// ("Thứ 2", Monday, to "thứ 7", Saturday), and vietnameseDayDash a dashed
// range of days ("thứ hai – thứ năm", "thứ sáu - chủ nhật").
var (
	vietnameseDayNumber = regexp.MustCompile(`(?i)(thứ)\s*([2-7])\b`)
	vietnameseDayDash   = regexp.MustCompile(`(?i)(thứ\s*\pL+)\s*[-–—]\s*(thứ\s*\pL+|chủ\s*nhật)`)
	vietnameseDayNames  = [...]string{"hai", "ba", "tư", "năm", "sáu", "bảy"}
)

// joinVietnameseDays writes s's Vietnamese days by their names ("thứ 2"
// is "thứ hai", which lang_pivots.txt reads as Monday; "Thu 3 Dec" in
// English, without the mark, stays a date) and their dashed ranges with
// "to", as joinDayDashes writes English ones, for expandDays. s is
// returned as it is when it has no "ứ", without running the regular
// expressions; a text typed decomposed is composed first (its "ứ" is u, a
// horn and an acute: textnorm.Composed).
func joinVietnameseDays(s string) string {
	c := textnorm.Composed(s)
	if !strings.Contains(c, "ứ") && !strings.Contains(c, "Ứ") {
		return s
	}
	s = c
	s = vietnameseDayNumber.ReplaceAllStringFunc(s, func(m string) string {
		return m[:len(m)-1] + " " + vietnameseDayNames[m[len(m)-1]-'2']
	})
	return vietnameseDayDash.ReplaceAllString(s, "$1 to $2")
}

// stemMemoMax bounds stemMemo: a café's documents use a few thousand
// distinct words, and a hostile file cannot grow the cache past this.
const stemMemoMax = 50_000

// stemMemo caches stem's results: the English stemmer costs about a
// microsecond a word, and the proximity re-rank (rank_proximity.go)
// tokenises a chunk's text again when the chunk first ranks near the top.
var (
	stemMemo  sync.Map // word → stem
	stemMemoN atomic.Int64
)

// stem is textnorm.Stem with stemExceptions.
func stem(w string) string {
	if s, ok := stemMemo.Load(w); ok {
		return s.(string)
	}
	s := stemWord(w)
	if stemMemoN.Load() < stemMemoMax {
		if _, loaded := stemMemo.LoadOrStore(w, s); !loaded {
			stemMemoN.Add(1)
		}
	}
	return s
}

// stemWord is stem without the cache.
func stemWord(w string) string {
	if a, ok := usSpelling[w]; ok {
		w = a
	}
	if s, ok := stemExceptions[w]; ok {
		return s
	}
	if isNumber(w) {
		return w
	}
	return textnorm.Stem(w)
}

// tokens returns the indexed terms of document text s.
func tokens(s string) []string {
	ws := words(s)
	return tokensIn(ws, textLang(s, ws))
}

// tokensIn is tokens of words ws in language lang.
func tokensIn(ws []string, lang textnorm.Lang) []string {
	toks := ws[:0]
	for _, w := range ws {
		if langOnly(lang, w) {
			// "thé" in French, "pan" in Spanish: no stop word there
			toks = append(toks, stem(langWord(lang, w)))
			continue
		}
		if textnorm.IsStopWord(w) || isLangStop(lang, w) {
			continue
		}
		toks = append(toks, stem(langWord(lang, w)))
	}
	return toks
}
