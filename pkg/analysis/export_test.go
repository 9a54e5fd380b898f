package analysis

import "strings"

// FoldWord is how Of reads a word's letters before any engine looks it
// up (NFKC, accents dropped, look-alikes folded by the confusables
// table), in lower case; the external tests check word lists with it.
func FoldWord(w string) string {
	var ev evasions
	return strings.ToLower(unicodeFold(w, &ev))
}
