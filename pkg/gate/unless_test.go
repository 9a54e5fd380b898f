package gate

import (
	"slices"
	"testing"

	"github.com/cafebot/cafebot/pkg/yamlbundle"
)

// TestUnlessKeepsTheRealSignal: a look-alike (a machine that swallowed a
// card, "got burned before", standards that slipped, a receipt for my
// boss, a rule asked for everyone) and a real case of the same rule in one
// message, in both orders. The look-alike is set aside and the real case
// still scores: with negative twins the look-alike took the real case's
// score away ("the ticket machine swallowed my card and my toddler
// swallowed a coin" went to faq). The first four are a reviewer's attacks
// on the binary; the person, insult and identity look-alikes were negative
// rules of the same shape (saw_staff, boss_as_topic, greeting_all,
// identity_as_topic).
func TestUnlessKeepsTheRealSignal(t *testing.T) {
	tests := []struct {
		text     string
		rule     string // a composed rule that must fire ("" for none)
		intent   Intent
		category string
	}{
		{"the ticket machine swallowed my card and my toddler swallowed a coin", "emergency", Escalation, "safety"},
		{"my toddler swallowed a coin and then the ticket machine swallowed my card", "emergency", Escalation, "safety"},
		{"got burned before by you lot, my daughter got burned by the steam wand today", "", Escalation, "safety"},
		{"where is my order, how long does it usually take", "status_of_mine", Transactional, ""},
		{"how long does it usually take? where is my order", "status_of_mine", Transactional, ""},
		{"my daughter got burned by the steam wand today, got burned before by you lot too", "", Escalation, "safety"},
		{"the drinks came out in the wrong sizes and my son came out in hives after the muffin", "body_reacted", Escalation, "safety"},
		{"my son came out in hives after the muffin, and the drinks came out in the wrong sizes", "body_reacted", Escalation, "safety"},
		{"standards have slipped, and my mum slipped on the wet floor", "", Escalation, "safety"},
		{"my mum slipped on the wet floor, standards have slipped", "", Escalation, "safety"},
		{"the tea was stone cold in the cup and there was glass in my sandwich", "foreign_object", Escalation, "safety"},
		{"there was glass in my sandwich and the tea was stone cold in the cup", "foreign_object", Escalation, "safety"},
		{"can you email me a receipt, need it for my boss. and get me the owner", "ask_person", Escalation, "human_request"},
		{"get me the owner now. and email me a receipt, i need it for my boss", "ask_person", Escalation, "human_request"},
		{"do the lids leak? the new cups leak all over my desk", "fault_story", "", ""},
		{"i was dismayed to see a staff member vaping. get me the owner", "ask_person", Escalation, "human_request"},
		{"get me the owner. i was dismayed to see a staff member vaping", "ask_person", Escalation, "human_request"},
		{"can a manager sign off on it? otherwise get me the owner", "ask_person", Escalation, "human_request"},
		{"get me the owner, or can a manager sign off on it?", "ask_person", Escalation, "human_request"},
		{"hope you are all well. you lot are a bunch of useless muppets", "insult", Escalation, "abuse"},
		{"you lot are a bunch of useless muppets. hope you are all well", "insult", Escalation, "abuse"},
		{"what is your policy on breastfeeding? they asked me to leave because i was breastfeeding", "because_of_who", Escalation, "discrimination"},
		{"they asked me to leave because i was breastfeeding. what is your policy on breastfeeding?", "because_of_who", Escalation, "discrimination"},
	}
	rules := Default().WithModel(nil)
	full := Default()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := composedRules(t, tt.text); tt.rule != "" && !slices.Contains(got, tt.rule) {
				t.Errorf("rule %s did not fire; composed rules: %v", tt.rule, got)
			}
			if tt.intent == "" {
				return
			}
			for _, g := range []*Gate{rules, full} {
				d := g.Classify(tt.text)
				if d.Intent != tt.intent || d.Category != tt.category || d.Unsure {
					t.Errorf("%s [%s] unsure=%v, want %s [%s], sure; cues %v", d.Intent, d.Category, d.Unsure, tt.intent, tt.category, d.Cues)
				}
			}
		})
	}
}

// TestUnlessSetsAside: each look-alike fires its rule, or a rules.yaml
// cue of the rule's label, once the unless lists are taken out of
// compose.yaml, and not with them; so the cases above measure the unless
// lists and not a rule that never matched.
func TestUnlessSetsAside(t *testing.T) {
	doc, err := yamlbundle.DecodeYAML[composeDoc](composeFile)
	if err != nil {
		t.Fatal(err)
	}
	for i := range doc.Rules {
		doc.Rules[i].Unless = nil
	}
	g := Default()
	bare, err := compileCompose(doc, g.keysOf)
	if err != nil {
		t.Fatal(err)
	}
	without := *g.WithModel(nil)
	without.compose = bare
	tests := []struct{ text, cue string }{
		{"the ticket machine swallowed my card", "escalation:emergency"},
		{"the drinks came out in the wrong sizes", "escalation:came out in"},
		{"any vegan cheese? got burned before with a 'vegan' wrap", "escalation:got burn"},
		{"the food has really slipped lately", "escalation:slipped"},
		{"the tea was stone cold in the cup", "escalation:foreign_object"},
		{"can you email me a receipt, need it for my boss", "escalation:ask_person"},
		{"do the cups leak if i put them in my bag?", "complaint:fault_story"},
		{"how much notice do you need for 30 people?", "transactional:group_need"},
		{"can you do drinks to go?", "transactional:to_go"},
		// Round 9: the nine weaker negative rules' patterns, now unless lists.
		{"please ring me when my order is ready", "escalation:ring_me"},
		{"what happens to my stamps if i change phone?", "transactional:status_of_mine"},
		{"i was quite put out that my birthday reward wasnt honoured", "transactional:act_on_mine"},
		{"i spoke to the manager and he just shrugged", "escalation:manager"},
		{"and you call this customer service?", "escalation:customer service"},
		{"To customer services, the scones were rock hard again.", "escalation:customer service"},
		{"that was a dumb question, sorry", "escalation:dumb"},
		{"you can order ahead and skip the queue, right?", "complaint:queue"},
		{"can i get the soup in a bowl instead of a cup?", "complaint:instead of"},
		{"whats the cheapest drink? im broke", "complaint:broke"},
		{"is it rude to ask for a smaller cup?", "complaint:rude"},
		{"is it normal to be double charged for one coffee?", "faq:rule_question"},
		{"the wifi keeps dropping when im on a call with my boss", "escalation:ring_me"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := without.Classify(tt.text).Cues; !hasCuePrefix(got, tt.cue) {
				t.Errorf("without unless lists the cues are %v, want %s among them", got, tt.cue)
			}
			if got := Default().WithModel(nil).Classify(tt.text).Cues; hasCuePrefix(got, tt.cue) {
				t.Errorf("with them the cues are %v, want no %s", got, tt.cue)
			}
		})
	}
}

// hasCuePrefix reports whether cues holds want, or want with the words a
// composed rule matched ("escalation:emergency[swallow]").
func hasCuePrefix(cues []string, want string) bool {
	for _, c := range cues {
		if c == want || len(c) > len(want) && c[:len(want)] == want && c[len(want)] == '[' {
			return true
		}
	}
	return false
}

// TestNoNegativeSafetyRule: a composed rule with a negative weight takes
// score from its whole label and category, so one on safety would let a
// look-alike anywhere in a message cancel a real injury or emergency; a
// safety look-alike is an unless entry.
func TestNoNegativeSafetyRule(t *testing.T) {
	safety := categoryIndex("safety")
	for _, r := range defaultCompose().rules {
		if r.weight < 0 && r.intent == Escalation.index() && r.category == safety {
			t.Errorf("compose rule %s takes %.1f from safety; write its patterns as unless entries on the rule it shadows", r.name, r.weight)
		}
	}
}

// TestUnlessCoversOnlyItsLabel: an unless match skips the rules.yaml cues
// of its rule's label and category only; the machine that "swallowed my
// card" still names the card for transactional.
func TestUnlessCoversOnlyItsLabel(t *testing.T) {
	d := Default().WithModel(nil).Classify("the ticket machine swallowed my card")
	if !slices.Contains(d.Cues, "transactional:my card") || hasCuePrefix(d.Cues, "escalation:emergency") {
		t.Fatalf("cues %v, want transactional:my card and no emergency", d.Cues)
	}
}
