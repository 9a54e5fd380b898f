package retrieval

import (
	_ "embed"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// A café chain may write some pages, or all, in another language than
// English, and its customers ask in either. Three things let the words
// meet (see docs/retrieval.md, "Pages in other languages"):
//   - an elided article is a word of its own: "l'avoine" is "l" and
//     "avoine", "qu'il" is "qu" and "il" (rawWords, textnorm.IsElision);
//   - a text's language is read from its function words' votes
//     (textnorm.DetectLang), and that language's function words are
//     dropped as English stop words are ("est-ce que vous avez du lait"
//     keeps "lait"; French "mon" no longer reads as Monday): isLangStop;
//   - a word of another language that a café's customer asks about has
//     its English word as its stem ("dimanche" is stemmed as "sunday",
//     "leche" as "milk"), on pages and in questions alike, so an English
//     question meets a French page and a Spanish one an English page:
//     langPivot, from lang_pivots.txt. A synonym rule's customer words
//     are stemmed as before, so the synonyms file needs no change.
// Diacritics were already folded ("menú" is "menu", "không" "khong").

// langOff switches the three off, for tests that measure what they add.
var langOff atomic.Bool

//go:embed lang_pivots.txt
var langPivotsFile string

// langPivots is lang_pivots.txt, read once.
var langPivots = sync.OnceValue(func() *pivotTable {
	t, err := parseLangPivots(langPivotsFile)
	if err != nil {
		panic("retrieval: lang_pivots.txt: " + err.Error())
	}
	return t
})

// pivotTable is lang_pivots.txt: each folded word of another language
// with the English word it is stemmed as.
type pivotTable struct {
	// any holds the words read as their English word in every text: they
	// are no English words, so an English question may say them too
	// ("is the gare open dimanche").
	any map[string]string
	// only holds, by language, the words read as their English word only
	// in a text of that language, because they are English words or
	// another language's ("pain" in French, "pan" in Spanish, "thé",
	// folded "the", in French). In that language they win over the stop
	// words.
	only map[textnorm.Lang]map[string]string
	// onlyWords holds every word of only, in any language.
	onlyWords map[string]bool
	// joins holds the words of several syllables ("cà phê", "thẻ quà
	// tặng"): each first syllable's syllable runs, longest first. words
	// joins them into one word wherever they follow each other.
	joins map[string][][]string
	// joined holds the words joins makes.
	joined map[string]bool
}

// langPivotError is a bad line of lang_pivots.txt.
type langPivotError struct {
	line   int
	reason string
}

func (e *langPivotError) Error() string {
	return "line " + strconv.Itoa(e.line) + ": " + e.reason + " (want `lang [only] english: word word ...`)"
}

// parseLangPivots reads lines "fr sunday: dimanche dimanches": a language
// code, the English word, and the words of that language stemmed as it;
// "fr only bread: pain" for words read so only in a text of that
// language; "vi coffee: cà_phê" for a word of several syllables, each
// joined to the next by "_". A word listed twice with two English words
// is an error, and so is a word of every text that is an English stop
// word.
func parseLangPivots(data string) (*pivotTable, error) {
	t := &pivotTable{any: map[string]string{}, only: map[textnorm.Lang]map[string]string{}, onlyWords: map[string]bool{},
		joins:  map[string][][]string{},
		joined: map[string]bool{}}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, list, ok := strings.Cut(line, ":")
		f := strings.Fields(head)
		only := len(f) == 3 && f[1] == "only"
		if !ok || len(f) != 2 && !only || len(f[0]) != 2 {
			return nil, &langPivotError{i + 1, "no language and English word before ':'"}
		}
		lang, en := textnorm.Lang(f[0]), strings.ToLower(f[len(f)-1])
		ws := strings.Fields(list)
		if len(ws) == 0 {
			return nil, &langPivotError{i + 1, "no words after ':'"}
		}
		m := t.any
		if only {
			if t.only[lang] == nil {
				t.only[lang] = map[string]string{}
			}
			m = t.only[lang]
		}
		for _, w := range ws {
			w = textnorm.FoldDiacritics(strings.ToLower(w))
			if syl := strings.Split(w, "_"); len(syl) > 1 {
				if slices.Contains(syl, "") {
					return nil, &langPivotError{i + 1, "an empty syllable in " + w}
				}
				w = strings.Join(syl, "")
				t.joined[w] = true
				if !slices.ContainsFunc(t.joins[syl[0]], func(s []string) bool { return slices.Equal(s, syl) }) {
					t.joins[syl[0]] = append(t.joins[syl[0]], syl)
				}
			} else if !only && textnorm.IsStopWord(w) {
				return nil, &langPivotError{i + 1, "an English stop word: " + w}
			}
			if old, dup := m[w]; dup && old != en {
				return nil, &langPivotError{i + 1, w + " is already " + old}
			}
			if w != en {
				m[w] = en
				if only {
					t.onlyWords[w] = true
				}
			}
		}
	}
	for _, runs := range t.joins {
		slices.SortStableFunc(runs, func(a, b []string) int { return len(b) - len(a) })
	}
	return t, nil
}

// langPivot returns the English word a word of another language is
// stemmed as in a text of language lang: the word itself or the word
// without a French plural's final "x" ("gâteaux" as "gâteau") or, in a
// text of another language than English, a plural's final "s". An
// English word that ends in "s" is never read as another language's
// word without it ("oops" is no "oop"); a heading of a French page
// ("Cartes-cadeaux") is often too short to read as French, and English
// words that end in "x" ("box", "tax") are no French plurals.
func langPivot(lang textnorm.Lang, w string) (string, bool) {
	t := langPivots()
	if en, ok := t.only[lang][w]; ok {
		return en, true
	}
	if en, ok := t.any[w]; ok {
		return en, true
	}
	if n := len(w); n > 3 && (w[n-1] == 'x' || w[n-1] == 's' && lang != textnorm.English) {
		if en, ok := t.only[lang][w[:n-1]]; ok {
			return en, true
		}
		en, ok := t.any[w[:n-1]]
		return en, ok
	}
	return "", false
}

// langWord returns the English word w is stemmed as in a text of
// language lang (langPivot), or w.
func langWord(lang textnorm.Lang, w string) string {
	if langOff.Load() {
		return w
	}
	if en, ok := langPivot(lang, w); ok {
		return en
	}
	return w
}

// langStem returns the stem of the query word w whose English stem is st,
// in a question of language lang: its English word's stem when it is
// another language's word.
func langStem(lang textnorm.Lang, w, st string) string {
	if langOff.Load() {
		return st
	}
	if en, ok := langPivot(lang, w); ok {
		return stem(en)
	}
	return st
}

// langOnly reports whether w is read as its English word in a text of
// language lang only (pivotTable.only): there it is no stop word, unless
// it is a function word of lang. Folded, Vietnamese words that differ by
// their tone alone are one word ("đã", already, and "đá", ice, are both
// "da"), and the function word is the likelier one.
func langOnly(lang textnorm.Lang, w string) bool {
	if langOff.Load() || lang == textnorm.English || textnorm.IsStopWordIn(lang, w) {
		return false
	}
	_, ok := langPivots().only[lang][w]
	return ok
}

// joinSyllables joins the syllables of a word lang_pivots.txt lists with
// several ("ca", "phe" → "caphe"), returning ws itself when it holds
// none.
func joinSyllables(ws []string) []string {
	if langOff.Load() {
		return ws
	}
	joins := langPivots().joins
	var out []string // nil until a word is joined
	for i := 0; i < len(ws); i++ {
		n := 0
		for _, run := range joins[ws[i]] {
			if len(run) <= len(ws)-i && slices.Equal(run, ws[i:i+len(run)]) {
				n = len(run)
				break
			}
		}
		if n == 0 {
			if out != nil {
				out = append(out, ws[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(ws)), ws[:i]...)
		}
		out = append(out, strings.Join(ws[i:i+n], ""))
		i += n - 1
	}
	if out == nil {
		return ws
	}
	return out
}

// joinedWord reports whether w is a word joinSyllables makes.
func joinedWord(w string) bool { return !langOff.Load() && langPivots().joined[w] }

// textLang returns the language of text s whose words are ws
// (textnorm.DetectTextLang): English when the support is off.
func textLang(s string, ws []string) textnorm.Lang {
	if langOff.Load() {
		return textnorm.English
	}
	return textnorm.DetectTextLang(s, ws)
}

// queryLang returns the language of a question's words ws
// (textnorm.DetectQueryLang). A question's letters are often typed
// without their marks ("ca phe sua da"), so a Vietnamese word of several
// syllables it holds makes it Vietnamese, even where its folded
// syllables are other languages' function words ("da" is Italian and
// Portuguese).
func queryLang(ws []string) textnorm.Lang {
	if langOff.Load() {
		return textnorm.English
	}
	if slices.ContainsFunc(ws, joinedWord) {
		return textnorm.Vietnamese
	}
	return textnorm.DetectQueryLang(ws)
}

// isLangStop reports whether w is a function word of lang, a text's
// language other than English.
func isLangStop(lang textnorm.Lang, w string) bool {
	return !langOff.Load() && lang != textnorm.English && textnorm.IsStopWordIn(lang, w)
}

// langStopSpan reports whether every word of ws[start:end] is a function
// word of lang, the question's language other than English: a synonym
// rule they matched read a French "mon" (my) as Monday.
func langStopSpan(lang textnorm.Lang, ws []string, start, end int) bool {
	if langOff.Load() || lang == textnorm.English {
		return false
	}
	for _, w := range ws[start:end] {
		if !textnorm.IsStopWordIn(lang, w) {
			return false
		}
	}
	return true
}
