package retrieval

import (
	_ "embed"
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
//     keeps "lait"; French "mon" no longer reads as Monday): isLangStop,
//     queryLangStop;
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

// langPivots maps a folded word of another language to the English word
// it is stemmed as (see lang_pivots.txt).
var langPivots = sync.OnceValue(func() map[string]string {
	m, err := parseLangPivots(langPivotsFile)
	if err != nil {
		panic("retrieval: lang_pivots.txt: " + err.Error())
	}
	return m
})

// langPivotError is a bad line of lang_pivots.txt.
type langPivotError struct {
	line   int
	reason string
}

func (e *langPivotError) Error() string {
	return "line " + strconv.Itoa(e.line) + ": " + e.reason + " (want `lang english: word word ...`)"
}

// parseLangPivots reads lines "fr sunday: dimanche dimanches": a language
// code, the English word, and the words of that language stemmed as it.
// A word listed twice with two English words is an error, and so is a
// listed word that is an English stop word.
func parseLangPivots(data string) (map[string]string, error) {
	m := map[string]string{}
	for i, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		head, list, ok := strings.Cut(line, ":")
		f := strings.Fields(head)
		if !ok || len(f) != 2 || len(f[0]) != 2 {
			return nil, &langPivotError{i + 1, "no language and English word before ':'"}
		}
		en := strings.ToLower(f[1])
		ws := strings.Fields(list)
		if len(ws) == 0 {
			return nil, &langPivotError{i + 1, "no words after ':'"}
		}
		for _, w := range ws {
			w = textnorm.FoldDiacritics(strings.ToLower(w))
			if textnorm.IsStopWord(w) {
				return nil, &langPivotError{i + 1, "an English stop word: " + w}
			}
			if old, dup := m[w]; dup && old != en {
				return nil, &langPivotError{i + 1, w + " is already " + old}
			}
			if w != en {
				m[w] = en
			}
		}
	}
	return m, nil
}

// langPivot returns the English word a word of another language is
// stemmed as: the word itself or, when it is not listed, the word
// without a plural's final "s" or "x" ("gâteaux" as "gâteau").
func langPivot(w string) (string, bool) {
	m := langPivots()
	if en, ok := m[w]; ok {
		return en, true
	}
	if n := len(w); n > 3 && (w[n-1] == 's' || w[n-1] == 'x') {
		en, ok := m[w[:n-1]]
		return en, ok
	}
	return "", false
}

// langWord returns the English word w is stemmed as (langPivot), or w.
func langWord(w string) string {
	if langOff.Load() {
		return w
	}
	if en, ok := langPivot(w); ok {
		return en
	}
	return w
}

// langStem returns the stem of the query word w whose English stem is st:
// its English word's stem when it is another language's word.
func langStem(w, st string) string {
	if langOff.Load() {
		return st
	}
	if en, ok := langPivot(w); ok {
		return stem(en)
	}
	return st
}

// isLangStop reports whether w is a function word of lang, a text's
// language other than English.
func isLangStop(lang textnorm.Lang, w string) bool {
	return !langOff.Load() && lang != textnorm.English && textnorm.IsStopWordIn(lang, w)
}

// queryLangStop reports whether ws[i] is a function word of the
// language ws is written in, when that is not English.
func queryLangStop(ws []string, i int) bool {
	if langOff.Load() || len(ws[i]) > maxFunctionWord {
		return false
	}
	return isLangStop(textnorm.DetectQueryLang(ws), ws[i])
}

// maxFunctionWord is the longest function word langWords lists ("lorsqu",
// "puisqu", "kailan" are six letters; "nosotros", "ustedes" more): a
// longer query word is never one, and its language need not be read.
const maxFunctionWord = 9

// langStopSpan reports whether every word of ws[start:end] is a function
// word of ws's language other than English: a synonym rule they matched
// read a French "mon" (my) as Monday.
func langStopSpan(ws []string, start, end int) bool {
	if langOff.Load() {
		return false
	}
	lang := textnorm.DetectQueryLang(ws)
	if lang == textnorm.English {
		return false
	}
	for _, w := range ws[start:end] {
		if !textnorm.IsStopWordIn(lang, w) {
			return false
		}
	}
	return true
}
