package assistant

import (
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/guard"
)

// TestSomeoneElsesSelfHarmGetsCare: a message about someone else at risk
// from themselves (a friend, a customer, a son) gets the caring reply
// with the crisis line and an urgent self_harm ticket, and no model sees
// it, even where the guard reads no self-harm in it: the gate's
// someone_self_harm rule names it, and self-harm wins over the safety,
// harassment and human-request cues the same message carries (issue 11).
// At 1985e4d every one of these read faq, safety, harassment or
// human_request.
func TestSomeoneElsesSelfHarmGetsCare(t *testing.T) {
	guardMissed := 0
	for _, text := range []string{
		"my friend says she wants to end it",
		"the man at table 4 says he took all his pills",
		"my sister keeps texting me that she doesn't want to be here anymore, she's in your loo",
		"my flatmate has cut her wrists, she's in the toilets here",
		"my boyfriend just texted he's going to off himself, I'm at your shop and I don't know what to do",
		"Mein Freund sagt, er will sich umbringen, er sitzt draußen vor dem Café",
	} {
		e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
		if v := e.p.d.Guard.BuiltinAnalysis(analysis.Of(text)); v.Categories[guard.SelfHarm] <= 0 {
			guardMissed++
		}
		ans, _, _ := e.ask(t, Request{Text: text, CustomerID: "C1001"})
		checkCaring(t, e, text, ans)
	}
	if guardMissed == 0 {
		t.Fatal("the guard reads self-harm in every sentence: the test no longer proves the gate's part; pick sentences it misses")
	}
}

// TestSomeoneElsesSelfHarmWinsOverGuardFlag: when the gate reads someone
// else's self-harm and the guard flags the same message for something
// else (here threat), the caring reply and the urgent self_harm ticket
// still win; draft() used to hand it off as the guard's category with no
// crisis line (review of the tenth wave, item 3).
func TestSomeoneElsesSelfHarmWinsOverGuardFlag(t *testing.T) {
	for _, text := range []string{
		"my friend is saying she wants to end her own life, she's outside your shop",
	} {
		e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
		v := e.p.d.Guard.BuiltinAnalysis(analysis.Of(text))
		if !v.Flagged || v.Categories[guard.SelfHarm] > 0 {
			t.Fatalf("%q: guard verdict %+v; the case needs a flag other than self-harm", text, v)
		}
		ans, _, _ := e.ask(t, Request{Text: text, CustomerID: "C1001"})
		checkCaring(t, e, text, ans)
	}
}

// TestCaringReplySpeaksToWhoeverWrote: someone reporting another person
// at risk is told what to do for them, not "sorry you're feeling this
// way"; the writer at risk still gets the reply written to them.
func TestCaringReplySpeaksToWhoeverWrote(t *testing.T) {
	for _, tc := range []struct {
		text      string
		aboutThem bool
	}{
		{"my friend says she wants to end it", true},
		{"the man at table 4 says he took all his pills", true},
		{"Mein Freund sagt, er will sich umbringen, er sitzt draußen vor dem Café", true},
		{"my friend is saying she wants to end her own life, she's outside your shop", true},
		{"I want to kill myself tonight", false},
	} {
		e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
		ans, _, _ := e.ask(t, Request{Text: tc.text, CustomerID: "C1001"})
		checkCaring(t, e, tc.text, ans)
		toThem := strings.Contains(ans.Answer, "stay with them") && !strings.Contains(ans.Answer, "you're feeling this way")
		toWriter := strings.Contains(ans.Answer, "you're feeling this way") && !strings.Contains(ans.Answer, "stay with them")
		if tc.aboutThem && !toThem || !tc.aboutThem && !toWriter {
			t.Errorf("%q (about someone else: %v) answered %q", tc.text, tc.aboutThem, ans.Answer)
		}
	}
}
