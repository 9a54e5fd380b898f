package gate

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/golden"
)

// TestComposedRulesRound9: the ninth round's composed rules (complaints
// nobody says plainly: a policy question over a lapse, praise said of a
// failure, a story of what went wrong with nothing asked; a person asked
// for in other words and other languages; a fix or a need asked in
// passing), each on wording of its own, none of it from the strangers' or
// measured files, next to the look-alikes that must not fire it, which
// are the rules' unless lists. The label is the rules' alone.
func TestComposedRulesRound9(t *testing.T) {
	tests := []composedCase{
		// normal_over_lapse: "is it normal ..." over a lapse that happened
		{"is it normal to be double charged for one coffee?", "normal_over_lapse", true, Complaint, ""},
		{"is it normal that the milk jug is never cleaned", "normal_over_lapse", true, Complaint, ""},
		{"is it acceptable that staff were rude to my mum at the till?", "normal_over_lapse", true, Complaint, ""},
		{"is it normal to be double charged for one coffee?", "rule_question", false, Complaint, "rule_question's unless: the lapse makes it a complaint"},
		{"is it normal to pay extra for oat milk?", "normal_over_lapse", false, FAQ, "its unless: a price asked about"},
		{"is it normal to tip in the uk?", "normal_over_lapse", false, FAQ, "no lapse"},
		{"is it normal to tip in the uk?", "rule_question", true, FAQ, "still a rule question"},
		// praise_over_failure: praise said of a failure
		{"you forgot my muffin again. brilliant.", "praise_over_failure", true, Complaint, ""},
		{"the card machine crashed twice which was fantastic", "praise_over_failure", true, Complaint, ""},
		{"the new blend is brilliant, thank you", "praise_over_failure", false, "", "praise with no failure"},
		{"was the brilliant cake the one that was burnt?", "praise_over_failure", false, "", "its unless: a question"},
		// story_no_ask: what went wrong, nothing asked
		{"stood at the till for 10 minutes while two of them discussed the football", "story_no_ask", true, Complaint, ""},
		{"left my scarf on the chair, went back five minutes later and it was gone", "story_no_ask", true, Complaint, ""},
		{"we walked out without ordering in the end", "story_no_ask", true, Complaint, ""},
		{"if i leave my scarf and went back later would you still have it?", "story_no_ask", false, "", "its unless: a question about lost property"},
		{"is there really no soap in the gents?", "story_no_ask", false, "", "its unless: asked, not told"},
		{"ik heb twee keer betaald maar de bestelling kwam nooit aan", "story_no_ask", true, Complaint, "another language"},
		// formal_elsewhere: a formal route or head office in other words
		{"je voudrais déposer une réclamation officielle", "formal_elsewhere", true, Escalation, ""},
		{"ik wil een klacht indienen bij het hoofdkantoor", "formal_elsewhere", true, Escalation, ""},
		{"i will raise this formally with the area team", "formal_elsewhere", true, Escalation, ""},
		{"what time does head office open?", "formal_elsewhere", false, FAQ, "head office as a place"},
		// identity_treated: who someone is and how they were treated for it
		{"the barista told my deaf dad to stop mumbling", "identity_treated", true, Escalation, ""},
		{"elle m'a ignorée parce que mon anglais est mauvais", "identity_treated", true, Escalation, "another language"},
		{"what is your policy on autistic kids in the play corner?", "identity_treated", false, "", "its unless: a policy asked about"},
		// need_it_back: a fix or a need asked in passing
		{"the cake was sold out but it's on the bill, can that be taken off?", "need_it_back", true, Transactional, ""},
		{"paid for two by mistake, just need the one back", "need_it_back", true, Transactional, ""},
		{"could i get 3 spots on the cupping class?", "need_it_back", true, Transactional, ""},
		{"how long does a refund usually take to come back?", "need_it_back", false, FAQ, "its unless (for_everyone): a rule for everyone"},
		// ring_me's unless: being on a call already
		{"the wifi keeps dropping when i'm on a call with my boss", "ring_me", false, "", "its unless: on a call already"},
		{"can we have a call about it today", "ring_me", true, Escalation, "a call asked for"},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}

// TestComposedRulesRound9b: the second pass, from the trained voices' rows
// read across voices and the tuned dev sets' misses after the retrain
// with v11 (each case in wording of its own).
func TestComposedRulesRound9b(t *testing.T) {
	tests := []composedCase{
		{"sort your coffee machine out, it took ten minutes for one latte", "sort_yourselves_out", true, Complaint, ""},
		{"honestly, get your act together at the station branch", "sort_yourselves_out", true, Complaint, ""},
		{"can you sort out my points from last week", "sort_yourselves_out", false, Transactional, "an action asked on the customer's own points"},
		{"i'll find out where that waiter lives", "knows_when", true, Escalation, "a threat"},
		{"could you find out where my order has got to", "knows_when", false, Transactional, "an order's whereabouts"},
		{"20 minutes d'attente et un café tiède, pas top", "foreign_grievance", true, Complaint, ""},
		{"the milk in my latte was on the turn", "story_no_ask", true, Complaint, ""},
		{"left after 15 mins, nobody came to the table", "story_no_ask", true, Complaint, ""},
		{"two teas and a scone for pickup at half ten", "need_it_back", true, Transactional, ""},
		{"could you check what rewards are on our family account?", "need_it_back", true, Transactional, ""},
		{"what time is the driver coming for order ending 552", "need_it_back", true, Transactional, ""},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}

// TestNegativeRulesNowUnless: the nine weaker negative rules
// (ring_me_when, boss_in_story, dear_customer_services,
// call_that_service_not_asked, not_an_insult, not_a_grievance, etiquette,
// put_out_not_an_act, hypothetical) took score from their whole label, so
// a real case beside the look-alike lost. As unless lists they set aside
// only their own words: the look-alike and a real case in one message, in
// both orders, read as the real case, rules alone and with the model.
// TestUnlessSetsAside proves each look-alike is set aside on its own.
func TestNegativeRulesNowUnless(t *testing.T) {
	tests := []struct {
		text   string
		rule   string // a composed rule that must fire ("" for none)
		intent Intent
	}{
		{"ring me when the order is ready, and ring me about the complaint", "ring_me", Escalation},
		{"ring me about the complaint, and ring me when the order is ready", "ring_me", Escalation},
		{"what happens to my stamps if i change phone? and where is my order", "status_of_mine", Transactional},
		{"where is my order? and what happens to my stamps if i change phone", "status_of_mine", Transactional},
		{"to customer services, i would like to speak to the owner today", "ask_person", Escalation},
		{"i spoke to the manager and he shrugged, so let me speak to the owner", "ask_person", Escalation},
		{"sorry, dumb question, but you lot are a bunch of useless muppets", "insult", Escalation},
		{"you lot are a bunch of useless muppets. sorry, dumb question", "insult", Escalation},
		{"im broke so the coffee was cold and the service was rude, not worth it", "", Complaint},
		{"is it rude to ask? the latte was cold and the barista was rude", "", Complaint},
	}
	rules := Default().WithModel(nil)
	full := Default()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := composedRules(t, tt.text); tt.rule != "" && !slices.Contains(got, tt.rule) {
				t.Errorf("rule %s did not fire; composed rules: %v", tt.rule, got)
			}
			for _, g := range []*Gate{rules, full} {
				if d := g.Classify(tt.text); d.Intent != tt.intent {
					t.Errorf("%s, want %s; cues %v", d.Intent, tt.intent, d.Cues)
				}
			}
		})
	}
	for _, r := range defaultCompose().rules {
		if r.weight < 0 {
			t.Errorf("compose rule %s has weight %.1f: a negative rule takes score from its whole label; write its patterns as unless entries on the rule it shadows", r.name, r.weight)
		}
	}
}

// TestSetAsideGolden: classify --explain's unless lines, one message a
// block: which look-alike each unless match is and what it set aside.
// testdata/setaside.golden is rewritten with -update. Each message also
// has a real case or a control, so a line that names the wrong rule or
// covers a real case shows in the diff.
func TestSetAsideGolden(t *testing.T) {
	msgs := []string{
		"the ticket machine swallowed my card and my toddler swallowed a coin",
		"got burned before by you lot, my daughter got burned by the steam wand today",
		"please ring me when my order is ready",
		"i spoke to the manager and he just shrugged",
		"is it normal to be double charged for one coffee?",
		"what happens to my stamps if i change phone?",
		"how much notice do you need for 30 people?",
		"the wifi keeps dropping when i'm on a call with my boss",
		"where is my order? i want to speak to the manager",
	}
	g := Default()
	var b strings.Builder
	for _, msg := range msgs {
		fmt.Fprintf(&b, "%s\n", msg)
		sa := g.SetAside(analysis.Of(msg))
		if len(sa) == 0 {
			b.WriteString("  (nothing set aside)\n")
		}
		for _, s := range sa {
			fmt.Fprintf(&b, "  %s\n", s)
		}
	}
	golden.Check(t, filepath.Join("testdata", "setaside.golden"), []byte(b.String()))
}

// TestSetAsideMatchesClassify: what SetAside says it covered never scores
// in the decision, and stripping the unless lists makes each covered rule
// fire, on every look-alike of TestUnlessSetsAside's kind in
// TestSetAsideGolden's messages and the nine mended rules' patterns.
func TestSetAsideMatchesClassify(t *testing.T) {
	g := Default().WithModel(nil)
	for _, msg := range []string{
		"the ticket machine swallowed my card",
		"please ring me when my order is ready",
		"is it normal to be double charged for one coffee?",
		"what happens to my stamps if i change phone?",
		"i was quite put out that my birthday reward wasnt honoured",
	} {
		sa := g.SetAside(analysis.Of(msg))
		if len(sa) == 0 {
			t.Errorf("%q: nothing set aside", msg)
		}
		d := g.Classify(msg)
		for _, s := range sa {
			for _, c := range s.Covered {
				if slices.Contains(d.Cues, c) {
					t.Errorf("%q: %s is set aside by %q and also scored: %v", msg, c, s.Words, d.Cues)
				}
			}
		}
	}
}
