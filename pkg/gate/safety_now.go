package gate

import (
	"strings"
	"unicode"
)

// A look-alike the rules read (an unless match of a safety rule) keeps the
// safety score to the rest of the message. When the look-alike is a past
// frame ("I ate the chicken here yesterday") and the rest says that
// something is happening now ("and now my son is being sick"), the past is
// the cause and the rest the emergency: the score then reads the whole
// message, as it did before the frame was read. "Now" that says all is
// well again ("fine now", "now all ok") is no such marker.

// nowWords mark a state happening at the time of writing, in the languages
// the safety sets carry.
var nowWords = map[string]bool{
	"now": true, "currently": true, "ahora": true, "maintenant": true, "jetzt": true,
	"adesso": true, "teraz": true, "agora": true, "nu": true,
}

// wellWords, beside a now word, say the state now is a good one.
var wellWords = map[string]bool{
	"fine": true, "ok": true, "okay": true, "good": true, "well": true, "better": true,
	"sorted": true, "calm": true, "safe": true, "alright": true, "quiet": true, "over": true,
	"out": true, "gone": true, "fixed": true, "done": true, "home": true, "recovering": true,
	"wszystko": true, "tout": true, "todo": true, "alles": true, "tutto": true, "tudo": true,
	"bien": true, "bene": true, "bem": true, "gut": true, "know": true,
}

// statedNow reports whether text, the rest of a message beside its
// look-alikes, says that something is happening now: a now word ("now",
// "right now", "jetzt") with no word of being well beside it, or "at the
// moment".
func statedNow(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for i, w := range words {
		if w == "moment" && i >= 2 && words[i-1] == "the" && words[i-2] == "at" {
			return true
		}
		if !nowWords[w] {
			continue
		}
		well := false
		for j := max(0, i-2); j <= min(len(words)-1, i+2); j++ {
			if j != i && wellWords[words[j]] {
				well = true
			}
		}
		if !well {
			return true
		}
	}
	return false
}
