package gate

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/internal/publicdata"
	"github.com/cafebot/cafebot/internal/trainset"
)

// TestComposedRulesRound7: the seventh round's composed rules (complaints
// that name money, an order or points and ask for nothing; sarcasm;
// polite letters; a complaint with a request for someone higher up; and
// the idioms that set a foreign object, a person asked for or an insult
// aside), each on wording of its own, none of it from the strangers' or
// measured files, next to the look-alike that must not fire it. The label
// is the rules' alone.
func TestComposedRulesRound7(t *testing.T) {
	tests := []composedCase{
		// not_asking
		{"i'm not asking for a refund, the scone was just really stale", "not_asking", true, Complaint, ""},
		{"my sandwich was wrong but i'm not even going to ask for anything", "not_asking", true, Complaint, ""},
		{"they charged me twice. i have given up on the money, honestly", "not_asking", true, Complaint, "money named, nothing asked"},
		{"please refund the second charge on my card", "not_asking", false, Transactional, "the control: money asked back"},
		{"i'm not asking for much, just my points added", "not_asking", false, "", "not asking for much is still an ask"},
		// robbed
		{"£6 for a bowl of soup, felt robbed tbh", "robbed", true, Complaint, ""},
		{"the two-for-one offer wasn't applied and i feel misled", "robbed", true, Complaint, ""},
		{"how much is the soup of the day", "robbed", false, FAQ, "the control: a price asked"},
		// closed_on_us
		{"they closed the terrace at two without warning, mid lunch", "closed_on_us", true, Complaint, ""},
		{"the shutters were still down at half eight", "closed_on_us", true, Complaint, ""},
		{"do you close early on christmas eve?", "closed_on_us", false, FAQ, "a question about hours"},
		// went_downhill, and the injury cue "slipped" set aside by body_reacted's unless
		{"the standard of the food has really slipped since the summer", "went_downhill", true, Complaint, ""},
		{"the standard of the food has really slipped since the summer", "went_downhill", true, Complaint, "not a fall"},
		{"my mum slipped on your wet floor", "went_downhill", false, Escalation, "the control: a fall is an injury"},
		{"she really slipped on the tiles by the door", "went_downhill", true, Escalation, "a fall told with really: the grievance rule reads it, the fall still escalates"},
		// kit_failed
		{"the card reader declined me four times and then took the money", "kit_failed", true, Complaint, ""},
		{"the kiosk ate my card and nobody knew how to get it out", "kit_failed", true, Complaint, ""},
		{"does the kiosk take american express", "kit_failed", false, FAQ, "the control: a question about a machine"},
		// sarcasm_more
		{"oh wonderful, the milk's off again", "sarcasm_more", true, Complaint, ""},
		{"what a shambles, no cups and no lids at nine am", "sarcasm_more", true, Complaint, ""},
		{"apparently two minutes means twenty here", "sarcasm_more", true, Complaint, ""},
		{"what a lovely idea, is the pumpkin loaf back?", "sarcasm_more", false, FAQ, "a real compliment and a question"},
		// got_instead, the forms without a comma
		{"ordered 3 got 2", "got_instead", true, Complaint, ""},
		{"asked decaf got full strength", "got_instead", true, Complaint, ""},
		{"i ordered 3 can i change it to 2", "got_instead", false, Transactional, "an order changed"},
		// foreign_object's unless: "stone cold" as an idiom
		{"the soup was stone cold in the bowl", "foreign_object", false, Complaint, "an idiom, no stone"},
		{"i found a stone in my rice", "foreign_object", true, Escalation, "the control: a real stone"},
		// insult's unless: a greeting to everyone
		{"hope you are all well. the queue on saturday was ridiculous", "insult", false, Complaint, "a greeting, not an insult"},
		{"you are all useless", "insult", false, Escalation, "the control: the insult"},
		// ask_person's unless: staff seen, and "happen to anyone else"
		{"i was shocked to see a member of staff eat off a customer's plate", "ask_person", false, "", "seen, not asked for"},
		{"the cake was mouldy and i just want it not to happen to anyone else", "ask_person", false, Escalation, "mould is still a hazard"},
		{"the cake was mouldy, i just don't want it to happen to anyone else", "ask_person", false, Escalation, "negated, as ask_person is"},
		{"i want to see a member of staff now", "ask_person", true, Escalation, "the control: a person asked for"},
		// put_out and its twin
		{"i was quite put out that my birthday reward wasn't honoured", "put_out", true, "", ""},
		{"i was quite put out that my birthday reward wasn't honoured", "act_on_mine", false, "", "put out is a feeling (the for_everyone unless list)"},
		{"can you put my stamps on my account from this morning", "act_on_mine", true, Transactional, "the control: put is an act"},
		// said_but
		{"the board said £3 but they rang up £4.20", "said_but", true, Complaint, ""},
		{"they put milk in it when i asked for none", "said_but", true, Complaint, ""},
		{"the menu said vegan so i asked, is it?", "said_but", false, "", "no but"},
		// call_that_service and its twin
		{"and you call this customer service?", "call_that_service", true, Complaint, ""},
		{"and you call this customer service?", "ask_person", false, Complaint, "named to fault it (ask_person's unless)"},
		{"i want to talk to customer service", "ask_person", true, Escalation, "the control: a person asked for"},
		// thing_failing
		{"the internet has been dead since monday", "thing_failing", true, Complaint, ""},
		{"the hand dryer is broken again, every visit", "thing_failing", true, Complaint, ""},
		{"is the wifi down today?", "thing_failing", false, FAQ, "a question, not a failing named"},
		{"does the kiosk take cash", "thing_failing", false, FAQ, "the control: a question about a machine"},
		// staff_stood_by
		{"a dog was barking for twenty minutes and the staff did nothing", "staff_stood_by", true, Complaint, ""},
		{"she served the pastries with no gloves after handling cash", "staff_stood_by", true, Complaint, ""},
		{"do your staff wear gloves when making sandwiches?", "staff_stood_by", false, FAQ, "a question about a rule"},
		// plainly_said
		{"my complaint is about the queue system at lunchtime", "plainly_said", true, Complaint, ""},
		{"the milk was past its use by date", "plainly_said", true, Complaint, ""},
		{"cold coffee four visits in a row now", "plainly_said", true, Complaint, ""},
		{"how do i make a complaint about an order", "plainly_said", false, "", "asking how to complain"},
		// dear_customer_services
		{"To customer services, the scones were rock hard again.", "ask_person", false, Complaint, "a salutation (ask_person's unless)"},
		{"please pass me to customer services", "ask_person", true, Escalation, "the control: asked for"},
		// higher_up
		{"i'd like my complaint looked at by somebody more senior please", "higher_up", true, Escalation, ""},
		{"forward this to head office, the branch is the problem", "higher_up", true, Escalation, ""},
		{"what's the address of your head office", "higher_up", false, FAQ, "a question about the company"},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}

// TestIdiotInAStoryRound7: a customer who waited like an idiot insults
// no one; the insult itself still escalates.
func TestIdiotInAStoryRound7(t *testing.T) {
	rules := Default().WithModel(nil)
	for _, tt := range []struct {
		text string
		want Intent
	}{
		{"the app froze and i was tapping like an idiot at the till", Complaint},
		{"i was queuing like an idiot for nothing, the kiosk was off", Complaint},
		{"your barista is an idiot", Escalation},
	} {
		if d := rules.Classify(tt.text); d.Intent != tt.want {
			t.Errorf("%q: %s, want %s; cues %v", tt.text, d.Intent, tt.want, d.Cues)
		}
	}
}

// gate9Rows to gate12Rows are the seventh to tenth rounds' hand-written
// training files.
var (
	gate9Rows  = filepath.Join("..", "..", "testdata", "gate", "train_gate9.jsonl")
	gate10Rows = filepath.Join("..", "..", "testdata", "gate", "train_gate10.jsonl")
	gate11Rows = filepath.Join("..", "..", "testdata", "gate", "train_gate11.jsonl")
	gate12Rows = filepath.Join("..", "..", "testdata", "gate", "train_gate12.jsonl")
)

// TestGate9RowsFile: the rounds' training rows are trained on, carry only
// train and valid splits and a sub-intent on every transactional row, and
// none of them is the text of, or near (word-bigram Jaccard 0.35, the
// project's one measure), a row of a set the gate is measured on: the
// test voice v9, dev_g4's test split, messages' heldout split, dev_g4e
// and dev_g3e. The gate's blind sets are checked by the lead's count.
// Round 7's file is for complaint recall; round 8's holds complaints,
// orders and points asked as questions, and their faq twins.
func TestGate9RowsFile(t *testing.T) {
	measured, err := LoadCases(strangersPath("v9"))
	if err != nil {
		t.Fatal(err)
	}
	sets, _ := measuredRows(t)
	measured = append(measured, sets...)
	grams := make([]map[string]bool, len(measured))
	for i, c := range measured {
		grams[i] = publicdata.Bigrams(c.Text)
	}
	for _, f := range []struct {
		path, listed string
		min          map[Intent]int
	}{
		{gate9Rows, "testdata/gate/train_gate9.jsonl", map[Intent]int{Complaint: 40}},
		// One faq row each left round 8's and 9's files in the tenth wave:
		// each was near a row of v13's held-out half.
		{gate10Rows, "testdata/gate/train_gate10.jsonl", map[Intent]int{Complaint: 25, Transactional: 15, FAQ: 4}},
		{gate11Rows, "testdata/gate/train_gate11.jsonl", map[Intent]int{Complaint: 25, Escalation: 5, Transactional: 5, FAQ: 3}},
		// The tenth round's: grievances that name a refund or points and
		// ask for nothing, rambles, requests without the usual keywords.
		{gate12Rows, "testdata/gate/train_gate12.jsonl", map[Intent]int{Complaint: 30, Transactional: 18, FAQ: 6, Escalation: 6}},
	} {
		rows, err := LoadCases(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(TrainingFiles(), f.listed) {
			t.Errorf("%s is not in TrainingFiles", f.listed)
		}
		labels := map[Intent]int{}
		for i, r := range rows {
			labels[r.Intent]++
			if r.Split != "train" && r.Split != "valid" {
				t.Errorf("%s row %d: split %q", f.listed, i+1, r.Split)
			}
			if r.Intent == Transactional && r.Sub == "" {
				t.Errorf("%s row %d: a transactional row without a sub-intent", f.listed, i+1)
			}
			g := publicdata.Bigrams(r.Text)
			for j, m := range measured {
				if strings.EqualFold(m.Text, r.Text) || publicdata.Jaccard(g, grams[j]) >= trainset.NearCut {
					t.Errorf("%s row %d %q is near the measured row %q", f.listed, i+1, r.Text, m.Text)
				}
			}
		}
		for in, n := range f.min {
			if labels[in] < n {
				t.Errorf("%s: %d %s rows, want at least %d", f.listed, labels[in], in, n)
			}
		}
	}
}
