package retrieval

import (
	"strings"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

// anaphora are words that point back at something named earlier.
var anaphora = map[string]bool{
	"it": true, "its": true, "they": true, "them": true, "their": true, "that": true, "this": true,
	"those": true, "these": true, "one": true, "ones": true, "same": true,
}

// ellipsisStarts open a message that leaves out what it is about ("and the
// large?", "what about decaf?", "also with oat milk?").
var ellipsisStarts = [][]string{
	{"and"}, {"or"}, {"also"}, {"what", "about"}, {"how", "about"}, {"same", "for"}, {"then"}, {"but"},
}

// modifiers are words that, alone, ask about a variant or an attribute of
// what was just discussed ("large?", "calories?", "iced?").
var modifiers = map[string]bool{
	"small": true, "regular": true, "medium": true, "large": true, "big": true, "iced": true, "hot": true,
	"decaf": true, "oat": true, "almond": true, "soy": true, "coconut": true, "skim": true,
	"price": true, "cost": true, "calories": true, "allergens": true, "ingredients": true,
	"vegan": true, "vegetarian": true, "size": true, "sizes": true,
}

// contentWords returns the words of ws that name a topic: no stop words,
// question filler or pointing words.
func contentWords(ws []string) []string {
	var out []string
	for _, w := range ws {
		if textnorm.IsStopWord(w) || queryFiller[w] || anaphora[w] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// FollowUpQuery returns what to search for msg, the customer's message
// after prev, their previous one. A follow-up (a message that points back
// with "it", "that" or "the same", or leaves its subject out: "and the
// large?", "what about decaf?") is searched together with prev, and
// rewritten is true; any other message is searched alone, so after "is the
// killer brownie gluten free?" the question "how much is oat milk?" finds
// oat milk, not the brownie.
func FollowUpQuery(prev, msg string) (query string, rewritten bool) {
	msg = strings.TrimSpace(msg)
	prev = strings.TrimSpace(prev)
	if prev == "" || msg == "" {
		return msg, false
	}
	ws := textnorm.Words(msg)
	if len(ws) == 0 {
		return msg, false
	}
	content := contentWords(ws)
	if len(content) > 4 {
		return msg, false
	}
	pointsBack := false
	for _, w := range ws {
		if anaphora[w] {
			pointsBack = true
			break
		}
	}
	elliptic := false
	for _, start := range ellipsisStarts {
		if len(ws) >= len(start) && equalWords(ws[:len(start)], start) {
			elliptic = true
			break
		}
	}
	// "the large?", "calories?": a bare variant or attribute, no topic of
	// its own ("wifi?" is a new question).
	bare := len(ws) <= 3 && (len(content) == 0 || len(content) == 1 && modifiers[content[0]])
	if !pointsBack && !elliptic && !bare {
		return msg, false
	}
	return prev + " " + msg, true
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
