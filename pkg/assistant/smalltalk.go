package assistant

import (
	"strings"
	"unicode"
)

// smallTalkWords are the words a greeting, a thank-you or a goodbye is
// made of. A message made only of them is small talk.
var smallTalkWords = map[string]string{
	"hi": "hello", "hello": "hello", "hey": "hello", "hiya": "hello", "howdy": "hello", "yo": "hello",
	"good": "", "morning": "hello", "afternoon": "hello", "evening": "hello", "day": "",
	"there": "", "everyone": "", "all": "", "folks": "", "team": "",
	"thanks": "thanks", "thank": "thanks", "you": "", "thx": "thanks", "ty": "thanks", "cheers": "thanks",
	"much": "", "so": "", "very": "", "a": "", "lot": "", "lots": "", "ok": "", "okay": "", "great": "", "that's": "", "thats": "",
	"bye": "bye", "goodbye": "bye", "see": "", "ya": "", "later": "", "night": "bye", "ciao": "bye",
}

// Small-talk replies: brief, friendly, and pointing at what cafebot can do.
const (
	helloReply  = "Hello! How can I help you today? I can answer questions about our menu, opening hours and locations, or help with your Larkspur Rewards points and orders."
	thanksReply = "You're welcome! Is there anything else I can help with?"
	byeReply    = "Thanks for stopping by, and have a lovely day!"
)

// smallTalk returns the reply to a message that is only a greeting, a
// thank-you or a goodbye; ok is false for anything with content in it.
func smallTalk(text string) (string, bool) {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	})
	if len(words) == 0 || len(words) > 6 {
		return "", false
	}
	kinds := map[string]bool{}
	for _, w := range words {
		k, ok := smallTalkWords[w]
		if !ok {
			return "", false
		}
		kinds[k] = true
	}
	kind := ""
	for _, k := range []string{"hello", "thanks", "bye"} {
		if kinds[k] {
			kind = k
		}
	}
	switch kind {
	case "hello":
		return helloReply, true
	case "thanks":
		return thanksReply, true
	case "bye":
		return byeReply, true
	}
	return "", false
}
