package retrieval

import (
	"slices"
	"strings"
	"testing"
)

// TestVocabRoundTwoLines checks lines of the fifteenth wave's second
// vocabulary round: each case's answer says the page's word ("dogs",
// "notice", "press", "blended"), another page says the customer's, and the
// answer is first with the line and not without it.
func TestVocabRoundTwoLines(t *testing.T) {
	checkShippedLines(t, []shippedLine{
		{
			line: "dog | pets = chihuahua, poodle, corgi, beagle, terrier, spaniel, dachshund, sausage dog, pug, labrador, retriever, husky, collie, greyhound, whippet, bulldog, frenchie, schnauzer, shih tzu, cavapoo, cockapoo, labradoodle, staffy, jack russell",
			files: map[string]string{
				"policies/pets.md": "# Pets\n\nPets and dogs are welcome on the terrace; inside, assistance animals only.",
				"menu/treats.md":   "# Treats\n\nCorgi biscuits inside every kids' box.",
			},
			q:      "can i bring my corgi inside",
			answer: "policies/pets.md",
		},
		{
			line: "notice | in advance = cutoff, cut off, deadline, how far ahead, how far in advance, how early must, how early do i need to, last day to order, latest i can order",
			files: map[string]string{
				"catering.md": "# Catering\n\nPlatters need 48 hours' notice; order in advance by email.",
				"menu.md":     "# Platters\n\nOur platters: sandwiches, fruit and pastries. What's the cutoff between a small and a large platter? 12 people.",
			},
			q:      "whats the cutoff for ordering platters",
			answer: "catering.md",
		},
		{
			line: "media | press = journalist, journalists, reporter, reporters, newspaper, magazine, blogger, podcast, press enquiry",
			files: map[string]string{
				"contact.md": "# Contact\n\nPress and media: write to the press office.",
				"blog.md":    "# Our blog\n\nA journalist came in for our journalist special.",
			},
			q:      "im a journalist, can i talk to someone",
			answer: "contact.md",
		},
		{
			line: "blended | frappe = frappe, frappes, frappuccino, frappuccinos, frap, ice blended",
			files: map[string]string{
				"kiosk.md": "# Cold drinks\n\nNo blended drinks (no blender).",
				"faq.md":   "# FAQ\n\nIs a frappe the same as an iced coffee? No, it is shaken.",
			},
			q:      "do you do frappes",
			answer: "kiosk.md",
		},
		{
			line: "lost = left behind, leave behind, leaves behind, forgot it, left it",
			files: map[string]string{
				"help/lost.md": "# Lost property\n\nWe hold lost items for 30 days at the store.",
				"about.md":     "# About\n\nWhat we leave behind: no waste, people leave behind only crumbs.",
			},
			q:      "how long do you hold things people leave behind",
			answer: "help/lost.md",
		},
		{
			line: "skipthedishes | delivery = skipthedishes, skip the dishes",
			files: map[string]string{
				"delivery.md": "# Delivery\n\nWe deliver through Uber Eats only; we left SkipTheDishes in 2025.",
				"staff.md":    "# Staff notes\n\nDishes: don't skip the dishes at close, wash the dishes before you skip out.",
			},
			q:      "do you still do skip the dishes",
			answer: "delivery.md",
		},
	})
}

// TestVocabRoundTwoLookAlikes: words with another café meaning stay out
// of the second round's rules. Each query's phrase must not fire the rule
// whose document words are given, and each twin must.
func TestVocabRoundTwoLookAlikes(t *testing.T) {
	syn := DefaultSynonyms()
	fires := func(q, doc string) bool {
		for _, sp := range syn.spans(words(q)) {
			if sp.rule == nil {
				continue
			}
			for _, alt := range sp.rule.to {
				if strings.Join(alt, " ") == doc {
					return true
				}
			}
		}
		return false
	}
	for _, tt := range []struct {
		q, doc string
		want   bool
	}{
		// "can you still serve me" asks for service, not a serving window.
		{"I use a wheelchair, can you still serve me?", "stop", false},
		{"till what time is breakfast served", "stop", true},
		// A candy cane latte is a drink, not a mobility aid.
		{"is the candy cane latte back", "accessible", false},
		{"my mum uses a walker, is it step free", "accessible", true},
		// A forgotten password is not lost property.
		{"i have forgotten my password", "lost", false},
		{"forgot my scarf, left it on the chair", "lost", true},
		// A job interview is not the press.
		{"when is my job interview", "press", false},
		{"im a reporter for the local paper", "press", true},
		// Grabbing a coffee is not a delivery platform.
		{"can i grab a coffee before my flight", "delivery", false},
		{"do you deliver on grab food", "delivery", true},
		// The customer's "hotline" and "snowstorm" are pages' words too: no rule.
		{"is the hotline open on sunday", "customer service", false},
		{"snowstorm today, are you open", "storm", false},
		// "who runs the franchise" is left to the page's own words (no rule).
		{"who runs the franchise", "owned", false},
		// A table booking is left to the words as written ("left my book").
		{"left my book on the table", "reservations", false},
		// Bulk keeps its own weight beside wholesale.
		{"any bulk discount on gift cards", "bulk", true},
	} {
		if got := fires(tt.q, tt.doc); got != tt.want {
			t.Errorf("%q fires a rule for %q: %v, want %v", tt.q, tt.doc, got, tt.want)
		}
	}
	// The delivery platforms' own names stay document words.
	for _, app := range []string{"grabfood", "foodpanda", "swiggy", "rappi", "glovo"} {
		found := false
		for _, sp := range syn.spans(words("order on " + app)) {
			if sp.rule != nil && slices.ContainsFunc(sp.rule.to, func(ws []string) bool { return strings.Join(ws, " ") == app }) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: its rule should keep the platform's name as a document word", app)
		}
	}
}
