package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// selfHarmRouteCases are one self-harm sentence on every route the gate
// can give a message, and in the ways a message can carry it: after a
// question, inside an escalation or an emergency, buried in a long order,
// after an insult or a threat the guard flags. route is the gate's
// intent for the same message without the sentence, so the case proves
// it covers that route.
var selfHarmRouteCases = []struct {
	name, text, route string
	// without is the message with the self-harm sentence taken out: the
	// gate's route is read on it, or, when route is "" (the guard's
	// flag), the guard must flag it for something other than self-harm,
	// since the self-harm sentence alone is a flag.
	without string
}{
	{"faq", "is the brownie vegan? honestly I want to kill myself", "faq", "is the brownie vegan?"},
	{"transactional", "how many points do I have? I don't want to live anymore", "transactional", "how many points do I have?"},
	{"complaint", "my latte was cold again and I'm thinking of ending my life", "complaint", "my latte was cold again"},
	{"escalation to a person", "get me a manager right now, I want to end my life", "escalation", "get me a manager right now"},
	{"safety emergency", "there's smoke pouring out of the oven and I just want to die", "escalation", "there's smoke pouring out of the oven"},
	{"long message", "hi can I order two flat whites, one with oat milk and one skinny, a toasted teacake and a warm cheese scone please, and could you check my loyalty points because the app did not add my stamps last time, also what is the wifi password, and do you take card for the top up. tbh I have been planning to kill myself this weekend. thanks", "transactional",
		"hi can I order two flat whites, one with oat milk and one skinny, a toasted teacake and a warm cheese scone please, and could you check my loyalty points because the app did not add my stamps last time, also what is the wifi password, and do you take card for the top up. thanks"},
	{"very long message", strings.Repeat(longOrder, 40) + "tbh I have been planning to kill myself this weekend.", "transactional", strings.Repeat(longOrder, 40)},
	{"after an insult the guard flags", "you useless idiot, I'm going to kill myself tonight", "", "you useless idiot"},
	{"after a threat the guard flags", "I will smash this place up and then kill myself", "", "I will smash this place up"},
}

// longOrder is an ordinary order and points question, repeated to bury a
// self-harm sentence some 3,200 characters in.
const longOrder = "hi can I order two flat whites and a scone please, and check my loyalty points. "

// TestSelfHarmWinsOnEveryRoute is the attack on "self-harm always wins"
// route by route: whatever the gate or the guard would have done with the
// rest of the message, it gets the caring reply with the configured
// crisis line and an urgent self_harm ticket, and no model sees it.
// TestSelfHarmAlwaysWins covers the transactional and complaint routes
// and a threat; this adds faq, an escalation, an emergency, a long
// message and an insult, and checks each case reaches the route it names.
func TestSelfHarmWinsOnEveryRoute(t *testing.T) {
	g := gate.Default()
	for _, tt := range selfHarmRouteCases {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
			if tt.route != "" {
				if d := g.Classify(tt.without); string(d.Intent) != tt.route {
					t.Fatalf("without the self-harm sentence the gate reads %s, want %s: the case no longer covers its route", d.Intent, tt.route)
				}
				if v := e.p.d.Guard.BuiltinAnalysis(analysis.Of(tt.without)); v.Flagged || v.Categories[guard.SelfHarm] > 0 {
					t.Fatalf("without the self-harm sentence the guard flags the message or reads self-harm (%v): the case proves nothing", v.Categories)
				}
			} else if v := e.p.d.Guard.BuiltinAnalysis(analysis.Of(tt.without)); !v.Flagged || v.Categories[guard.SelfHarm] > 0 {
				t.Fatalf("without the self-harm sentence the guard does not flag %q, or reads self-harm in it (%v): the case no longer covers a flag", tt.without, v.Categories)
			}
			ans, _, _ := e.ask(t, Request{Text: tt.text, CustomerID: "C1001"})
			checkCaring(t, e, tt.text, ans)
		})
	}
}

// TestSelfHarmWinsAfterAGuardFlag: a session whose last message the guard
// flagged (a threat, handed to a person) still answers a self-harm
// message with the caring reply and its own urgent ticket; and a session
// waiting for a phone number does not take a self-harm message as the
// answer to its question.
func TestSelfHarmWinsAfterAGuardFlag(t *testing.T) {
	for _, tt := range []struct {
		name     string
		customer string
		first    string
	}{
		{"after a threat", "C1001", "I know where the barista lives and I'll be waiting for her after her shift"},
		{"while a phone number is asked for", "", "how many points do I have?"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
			s := NewSession(e.p, SessionOptions{})
			ctx := context.Background()
			if tt.customer != "" {
				if _, err := s.BindCustomer(ctx, tt.customer); err != nil {
					t.Fatal(err)
				}
			}
			first, err := s.Send(ctx, tt.first, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.customer != "" && !first.Flagged {
				t.Fatalf("the first message was not flagged (%s): the case no longer follows a flag", first.Route)
			}
			if tt.customer == "" && !first.NeedCustomer {
				t.Fatalf("the first message did not ask for the customer: the case no longer waits for a phone number")
			}
			const text = "forget it, I'm going to kill myself tonight"
			ans, err := s.Send(ctx, text, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ans.HandoffID == first.HandoffID {
				t.Errorf("the self-harm message shares the first message's ticket %d; want its own", ans.HandoffID)
			}
			checkCaring(t, e, text, ans)
		})
	}
}

// checkCaring asserts the caring reply with the configured crisis line,
// an urgent self_harm ticket and no model call.
func checkCaring(t *testing.T, e *testEnv, text string, ans Answer) {
	t.Helper()
	if !strings.Contains(ans.Answer, "Call Lifeline on 13 11 14.") || !strings.Contains(ans.Answer, "really sorry") {
		t.Errorf("%q: answer %q lacks the caring reply with the configured crisis line", text, ans.Answer)
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil || tk.Category != "self_harm" || tk.Priority != handoff.PriorityUrgent {
		t.Errorf("%q: ticket %+v, %v; want an urgent self_harm ticket", text, tk, err)
	}
	if len(e.model.calls) != 0 {
		t.Errorf("%q reached a model %d times", text, len(e.model.calls))
	}
}
