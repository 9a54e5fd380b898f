package gate

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestDefaultRulesLoad(t *testing.T) {
	g := Default()
	if len(g.cues) < 100 {
		t.Errorf("embedded rules compiled to %d cues, want a real rule set (100+)", len(g.cues))
	}
	if g.UnsureBelow() != DefaultUnsureBelow {
		t.Errorf("UnsureBelow() = %v, want %v", g.UnsureBelow(), DefaultUnsureBelow)
	}
	if g.Name() != "rules.yaml" {
		t.Errorf("Name() = %q, want rules.yaml", g.Name())
	}
	// DefaultRules is what a café copies to start its own file: it must
	// load on its own and behave like Default.
	g2, err := Load(strings.NewReader(string(DefaultRules())), "copy.yaml")
	if err != nil {
		t.Fatalf("DefaultRules() does not load: %v", err)
	}
	const msg = "I want a refund for order 10482"
	if diff := cmp.Diff(g.Classify(msg), g2.Classify(msg)); diff != "" {
		t.Errorf("copied rules decide differently (-default +copy):\n%s", diff)
	}
}

// TestTrickyCases pins the policy documented at the top of rules.yaml.
func TestTrickyCases(t *testing.T) {
	tests := []struct {
		text     string
		want     Intent
		category string
	}{
		// Policy question vs account action.
		{"what is your refund policy", FAQ, ""},
		{"I want a refund for order 10482", Transactional, ""},
		{"I was charged twice for order 10482", Transactional, ""},
		{"I was charged twice this morning and the barista was rude", Complaint, ""},
		{"I would like to talk to whoever is in charge", Escalation, "human_request"},
		{"how many points do I earn per dollar", FAQ, ""},
		{"how many points do I have", Transactional, ""},
		{"how do points work", FAQ, ""},
		{"whats my point balance", Transactional, ""},
		{"is there a cancellation fee for catering", FAQ, ""},
		{"pls cancel my catering on friday", Transactional, ""},
		{"how much is catering per person", FAQ, ""},
		{"book catering for 25 ppl next tues", Transactional, ""},
		{"has my catering deposit been received", Transactional, ""},
		// Dissatisfaction plus an action: an order number makes it transactional.
		{"my order was wrong, I want a refund", Complaint, ""},
		{"my order 10482 was wrong, I want a refund", Transactional, ""},
		{"I was charged twice", Complaint, ""},
		{"I was charged twice for order 10533, refund one please", Transactional, ""},
		// Allergen question vs reaction.
		{"I'm allergic to nuts, is the brownie safe?", FAQ, ""},
		{"I had an allergic reaction to the brownie", Escalation, "safety"},
		{"I'm allergic to sesame and had a bad reaction after the bagel", Escalation, "safety"},
		// Burnt food vs a burn.
		{"the toast was burnt", Complaint, ""},
		{"I burned my hand on the cup", Escalation, "safety"},
		{"scalding hot coffee again", Complaint, ""},
		// Sick as an idiom vs sick as food safety.
		{"I'm sick of waiting so long every morning", Complaint, ""},
		{"my daughter got really sick after the smoothie", Escalation, "safety"},
		{"there was a piece of glass in my muffin", Escalation, "safety"},
		{"there was a long hair in my salad", Escalation, "safety"},
		// Negation.
		{"I'm not going to sue you but the coffee was cold", Complaint, ""},
		{"I don't need a manager, just refund order 10482 please", Transactional, ""},
		{"Not complaining, just wondering what time you close tonight", FAQ, ""},
		{"not impressed tbh", Complaint, ""},
		{"the card reader didn't work", Complaint, ""},
		// Legal, threats, abuse, harassment, discrimination, people, self-harm.
		{"my lawyer will hear about this", Escalation, "legal"},
		{"see you in court", Escalation, "legal"},
		{"is there a food court nearby", FAQ, ""},
		{"I am going to come back and hurt that barista", Escalation, "threat"},
		{"your barista is a f***ing idiot", Escalation, "abuse"},
		{"this latte tastes like crap", Complaint, ""},
		{"the cashier kept hitting on me and asked for my number", Escalation, "harassment"},
		{"they refused to serve me because I'm gay", Escalation, "discrimination"},
		{"is the Elm Road store wheelchair accessible", FAQ, ""},
		{"i want to speak to a manager right now", Escalation, "human_request"},
		{"can I talk to a real person please", Escalation, "human_request"},
		{"i just want to die", Escalation, "self_harm"},
		{"I'm dying for a coffee, are you open yet?", FAQ, ""},
		// A manager, lawyer or reaction as the topic of a rule is faq.
		{"do refunds over $100 need a manager?", FAQ, ""},
		{"can a manager waive the catering cancellation fee?", FAQ, ""},
		{"is there a manager I can speak to?", Escalation, "human_request"},
		{"can a manager call me back today?", Escalation, "human_request"},
		{"what do you do if someone has an allergic reaction in store?", FAQ, ""},
		{"I'm allergic to nuts and had a reaction after your brownie", Escalation, "safety"},
		// Threats, hate and sexual remarks escalate even without swearing.
		{"I'll be waiting by the back door when she finishes her shift", Escalation, "threat"},
		{"tell the cashier to go back to his own country", Escalation, "discrimination"},
		{"your barista is so sexy, what's her number?", Escalation, "harassment"},
		{"the new cups are ugly", Complaint, ""},
		{"can I get a knife and fork with my salad?", FAQ, ""},
		// An upset customer asking to refund a named order is transactional.
		{"so disappointed, refund order 10482 please, the muffins were stale", Transactional, ""},
		{"order 10482 came cold and late, I want my money back", Transactional, ""},
		// Two problems stay a complaint; three distinct ones escalate.
		{"the coffee was cold and the staff were rude", Complaint, ""},
		{"the coffee was cold, the staff were rude, the tables were dirty", Escalation, "multi_issue"},
		{"I got food poisoning and I want a refund for order 10482", Escalation, "safety"},
		// Texting forms and typos.
		{"wat time r u opne 2day", FAQ, ""},
		{"hw many pts do i hv", Transactional, ""},
		{"refnd for ordr 10482 pls", Transactional, ""},
		{"i need to speak to the manger", Escalation, "human_request"},
		{"can u email me the reciept for my last order", Transactional, ""},
		// Personal data.
		{"update my email to bob@example.org", Transactional, ""},
		{"my phone number changed, it's 555 123 4567", Transactional, ""},
		{"what's the phone number for your head office?", FAQ, ""},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d := g.Classify(tt.text)
			if d.Intent != tt.want || d.Category != tt.category {
				t.Errorf("Classify(%q) = %s/%q (confidence %.2f, cues %v, scores %v), want %s/%q",
					tt.text, d.Intent, d.Category, d.Confidence, d.Cues, d.Scores, tt.want, tt.category)
			}
		})
	}
}

func TestDecisionInvariants(t *testing.T) {
	g := Default()
	for _, text := range []string{
		"", "   ", "?", "hi", "hours?", "I found glass in my sandwich",
		"my coffee was cold, the barista was rude, and then the app charged me twice",
		strings.Repeat("refund order 10482 cold rude lawyer ", 200),
	} {
		d := g.Classify(text)
		checkDecision(t, text, d, g.UnsureBelow())
	}
}

// checkDecision asserts what every decision must satisfy.
func checkDecision(t *testing.T, text string, d Decision, unsureBelow float64) {
	t.Helper()
	if _, ok := parseIntent(string(d.Intent)); !ok {
		t.Fatalf("Classify(%q).Intent = %q, not a label", text, d.Intent)
	}
	if math.IsNaN(d.Confidence) || d.Confidence < 0 || d.Confidence > 1 {
		t.Fatalf("Classify(%q).Confidence = %v, want [0,1]", text, d.Confidence)
	}
	if d.Unsure != (d.Confidence < unsureBelow) {
		t.Fatalf("Classify(%q): Unsure = %v with confidence %v and threshold %v", text, d.Unsure, d.Confidence, unsureBelow)
	}
	if d.Cues == nil {
		t.Fatalf("Classify(%q).Cues is nil, want a (possibly empty) list", text)
	}
	if len(d.Scores) != len(Intents) {
		t.Fatalf("Classify(%q).Scores = %v, want all %d labels", text, d.Scores, len(Intents))
	}
	if (d.Intent == Escalation) != (d.Category != "") {
		t.Fatalf("Classify(%q) = %s with category %q: escalations and only they carry a category", text, d.Intent, d.Category)
	}
	if d.Category != "" && !slices.Contains(Categories, d.Category) {
		t.Fatalf("Classify(%q).Category = %q, not one of %v", text, d.Category, Categories)
	}
}

func TestNoCuesIsUnsureFAQ(t *testing.T) {
	d := Default().Classify("purple elephants")
	want := Decision{
		Intent: FAQ, Confidence: 0.167, Cues: []string{}, Unsure: true,
		Scores: map[Intent]float64{FAQ: 0.2, Transactional: 0, Complaint: 0, Escalation: 0},
	}
	// The learned layer gives its view but leaves an unsure FAQ alone.
	if diff := cmp.Diff(want, d, cmpopts.IgnoreFields(Decision{}, "Model")); diff != "" {
		t.Errorf("Classify(no cues) mismatch (-want +got):\n%s", diff)
	}
}

func TestWithUnsureBelow(t *testing.T) {
	// The rules' threshold; the learned layer would lift "bal?" above any.
	g := Default().WithModel(nil)
	const text = "bal?"
	base := g.Classify(text)
	tests := []struct {
		x          float64
		wantUnsure bool
		wantBelow  float64
	}{
		{0, false, 0},
		{1, base.Confidence < 1, 1},
		{-3, false, 0},
		{7, base.Confidence < 1, 1},
		{math.NaN(), false, 0},
		{base.Confidence + 0.01, true, base.Confidence + 0.01},
	}
	for _, tt := range tests {
		g2 := g.WithUnsureBelow(tt.x)
		if got := g2.UnsureBelow(); got != tt.wantBelow {
			t.Errorf("WithUnsureBelow(%v).UnsureBelow() = %v, want %v", tt.x, got, tt.wantBelow)
		}
		if d := g2.Classify(text); d.Unsure != tt.wantUnsure || d.Intent != base.Intent {
			t.Errorf("WithUnsureBelow(%v): Classify(%q) = %s unsure=%v (confidence %v), want %s unsure=%v",
				tt.x, text, d.Intent, d.Unsure, d.Confidence, base.Intent, tt.wantUnsure)
		}
	}
	if g.UnsureBelow() != DefaultUnsureBelow {
		t.Errorf("WithUnsureBelow changed the original gate's threshold to %v", g.UnsureBelow())
	}
}

func TestCuesExplainDecision(t *testing.T) {
	d := Default().Classify("What is your refund policy? I want a refund for order 10482")
	for _, want := range []string{"faq:refund policy", "transactional:<order_id>", "transactional:<order_id> + refund"} {
		if !slices.Contains(d.Cues, want) {
			t.Errorf("cues %v lack %q", d.Cues, want)
		}
	}
	// "refund policy" speaks for the "refund" inside it.
	if n := strings.Count(strings.Join(d.Cues, "|"), "transactional:refund|"); n != 0 {
		t.Errorf("cues %v count the shadowed word refund", d.Cues)
	}
	d = Default().Classify("not happy with the service today")
	if !slices.Contains(d.Cues, "complaint:not happy") {
		t.Errorf("cues %v lack the negated cue complaint:not happy", d.Cues)
	}
}

func TestDecisionJSON(t *testing.T) {
	d := Default().Classify("I found glass in my sandwich")
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if diff := cmp.Diff([]string{"category", "confidence", "cues", "intent", "model", "scores", "sub", "unsure"}, keys); diff != "" {
		t.Errorf("Decision JSON keys (-want +got):\n%s", diff)
	}
	if m["intent"] != "escalation" || m["category"] != "safety" {
		t.Errorf("Decision JSON = %s, want an escalation of category safety", b)
	}
}

func TestTokenize(t *testing.T) {
	g := Default()
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"Hours?", []string{"<s>", "hour", "<q>"}},
		{"wat time u opne?? tmrw", []string{"<s>", "what", "time", "you", "open", "<q>", "<s>", "tomorrow"}},
		{"Call (415) 555-0199 or 0412 555 019!", []string{"<s>", "call", "<,>", "<phone>", "or", "<phone>"}},
		{"order #482, C-2291 and c4410", []string{"<s>", "order", "<order_id>", "<,>", "<order_id>", "and", "<order_id>"}},
		{"order 10482 10483", []string{"<s>", "order", "<order_id>", "<order_id>"}},
		{"$4.50 or £20, 1,000 points", []string{"<s>", "<money>", "or", "<money>", "<,>", "<number>", "point"}},
		{"email jane.doe@example.com.", []string{"<s>", "email", "<email>"}},
		{"a@b and @barista", []string{"<s>", "a", "b", "and", "barista"}},
		{"at 7.30 in 2015", []string{"<s>", "at", "<number>", "in", "<number>"}},
		{"don't... stop", []string{"<s>", "dont", "<s>", "stop"}},
		{"f***ing useless", []string{"<s>", "fuck", "useless"}},
		{"I'm here - ok", []string{"<s>", "i", "am", "here", "<,>", "ok"}},
		{"Refunds REFUNDED", []string{"<s>", "refund", "refund"}},
		// Typos one edit from a fuzzy word are corrected; inflections are not.
		{"refnd manger reciept alergic managed", []string{"<s>", "refund", "manager", "receipt", "allerg", "manag"}},
		{"héllo ÇA", []string{"<s>", "héllo", "ça"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, g.tokenize(tt.in, nil)); diff != "" {
				t.Errorf("tokenize(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestOneTypo(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"refnd", "refund", true},     // deletion
		{"refuund", "refund", true},   // insertion
		{"refond", "refund", true},    // substitution
		{"reciept", "receipt", true},  // swap
		{"refund", "refund", false},   // same word
		{"managed", "manager", false}, // ending: an inflection, not a typo
		{"refunds", "refund", false},
		{"rfnd", "refund", false}, // two edits
	}
	for _, tt := range tests {
		if got := oneTypo(tt.a, tt.b); got != tt.want {
			t.Errorf("oneTypo(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestConcurrentClassify(t *testing.T) {
	g := Default()
	texts := []string{
		"hours?", "I want a refund for order 10482", "my coffee was cold",
		"I found glass in my sandwich", "refnd pls", "speak to a manager",
	}
	want := make([]Decision, len(texts))
	for i, s := range texts {
		want[i] = g.Classify(s)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(texts))
	for w := range 8 {
		wg.Go(func() {
			for i := range 50 {
				k := (i + w) % len(texts)
				if diff := cmp.Diff(want[k], g.Classify(texts[k])); diff != "" {
					errs <- texts[k] + ": " + diff
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"", "hours?", "I want a refund for order 10482", "my order was wrong, I want a refund",
		"I found glass in my sandwich", "(415) 555-0199", "jane@x.com", "$4.50", "f***ing ??", "c-2291",
		"héllo\x00wörld", "'''", "a-b-c-1-2-3-4-5-6-7-8", "\xff\xfe",
	} {
		f.Add(s)
	}
	g := Default()
	f.Fuzz(func(t *testing.T, text string) {
		checkDecision(t, text, g.Classify(text), g.UnsureBelow())
	})
}
