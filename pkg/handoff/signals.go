package handoff

import (
	"regexp"
	"strings"
	"sync"
)

// Harm is what kind of harm a safety ticket is about, read from the
// customer's own words, so the briefing and the customer's message give
// advice that fits: first aid for a burn, not allergy questions.
type Harm string

// The kinds of harm a safety case may be about.
const (
	HarmUnknown Harm = ""
	HarmAllergy Harm = "allergy"        // an allergic reaction, an allergen in the food
	HarmIllness Harm = "illness"        // food poisoning, being sick after eating
	HarmInjury  Harm = "injury"         // a burn, a scald, a cut, a fall
	HarmForeign Harm = "foreign_object" // glass, metal, plastic, hair in the food
)

// harmRules are tried in order; the first kind whose pattern matches a
// customer message wins. Allergy comes first: "reaction after the nut
// muffin" is about the allergen even if the customer also feels sick. An
// object in the food comes before an injury: "glass in my muffin and my
// lip is bleeding" needs the batch pulled and the item kept as well as
// asking whether anyone was hurt. An injury comes before illness: "burned
// my hand and I feel sick" needs first aid. They are compiled on first use, not at process start.
var harmRules = sync.OnceValue(func() []harmRule {
	return []harmRule{
		{HarmAllergy, regexp.MustCompile(`(?i)\b(allerg\w*|anaphyla\w*|epi-?pen|hives|throat (?:is |feels )?(?:tight|swelling|closing)|swollen (?:lips?|tongue|face)|(?:pea)?nuts?\b|gluten|celiac|coeliac|dairy|lactose|shellfish|sesame)`)},
		{HarmForeign, regexp.MustCompile(`(?i)\b(glass|metal|plastic|hair|shard|staple|wire|bone|a (?:bug|fly|insect|cockroach))\b.{0,40}\b(in|inside)\b|\b(in|inside) (?:my|the) \w+.{0,20}\b(glass|metal|plastic|hair|shard|staple|wire)\b|\bfound (?:a |some )?(?:glass|metal|plastic|hair|bug|insect|fly)\b`)},
		{HarmInjury, regexp.MustCompile(`(?i)\b(burn(?:ed|t|s|ing)?|scald(?:ed|ing)?|blister\w*|cut (?:my|his|her|their)|bleed\w*|slipp?(?:ed)?|tripp?(?:ed)?|fell|injur\w*|hurt (?:my|his|her|their)|spill(?:ed)? (?:hot|boiling)|hot (?:coffee|tea|water|drink) (?:on|over)|broke (?:my|his|her) )`)},
		{HarmIllness, regexp.MustCompile(`(?i)\b(food poisoning|poison\w*|vomit\w*|threw up|throwing up|diarrh\w*|nause\w*|stomach (?:ache|cramps?|pain)|sick|ill\b|unwell|undercooked|raw (?:chicken|meat|egg)|off\b.{0,10}\b(?:milk|meat|smell))`)},
	}
})

// harmRule is one kind of harm and the words that show it.
type harmRule struct {
	kind Harm
	re   *regexp.Regexp
}

// HarmOf returns the kind of harm the customer describes, or HarmUnknown
// when their words name none of the kinds.
func HarmOf(ts []Turn) Harm {
	text := customerText(ts)
	for _, r := range harmRules() {
		if r.re.MatchString(text) {
			return r.kind
		}
	}
	return HarmUnknown
}

var legalRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(lawyers?|attorneys?|solicitors?|legal action|sue|suing|lawsuit|court|small claims|liabl\w*|compensation|my rights)\b`)
})

// mentionsLegal reports whether the customer speaks of lawyers, suing or
// compensation, whatever the ticket's category: a safety ticket that names
// a lawyer must also be handled without admitting liability.
func mentionsLegal(ts []Turn) bool { return legalRE().MatchString(customerText(ts)) }

// customerText joins the customer's messages, the only words a signal may
// be read from (the assistant's replies would echo the policies).
func customerText(ts []Turn) string {
	var b strings.Builder
	for _, t := range ts {
		if t.Role == "customer" {
			b.WriteString(t.Text)
			b.WriteString("\n")
		}
	}
	return b.String()
}
