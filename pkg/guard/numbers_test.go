package guard

import "testing"

// TestNumbersAreNotAttacks checks that what customers type to be found
// (phone numbers, order and card ids, prices, times) is never flagged. A
// learned layer trained on binary-encoded injections once read the "000"
// in 555-999-0000 as an injection, and the customer could not be looked
// up. None of these strings is in the training data as written.
func TestNumbersAreNotAttacks(t *testing.T) {
	g := New(Options{})
	for _, msg := range []string{
		"555-000-0000",
		"555 999 0001",
		"+1 (555) 000-0000",
		"(555) 999-0009",
		"my phone is 555-100-0000",
		"07700 900000",
		"020 0000 0000",
		"order 700000",
		"order #300001, is it ready?",
		"card number 4000 0000 0000 0002",
		"C1000",
		"it came to $2,000.00 for the trays",
		"10000 points",
		"00:00",
		"2026-01-01",
		"555-999-0000 or 555-010-2233",
		"mi número es 555 000 0000",
	} {
		assertPasses(t, g, msg)
	}
}

// assertPasses fails t when the built-in guard flags msg.
func assertPasses(t *testing.T, g *Guard, msg string) {
	t.Helper()
	if v := g.Builtin(msg); v.Flagged {
		top, score := v.Top()
		t.Errorf("%q flagged (%s %.2f %v)", msg, top, score, v.Cues[top])
	}
}

// TestEverydayAccountMessagesPass holds messages from the café's own
// account traffic that a rule or a learned head once flagged: "my last
// visit" read as a farewell, "the order I just put through" as damage to
// property.
func TestEverydayAccountMessagesPass(t *testing.T) {
	g := New(Options{})
	for _, msg := range []string{
		"my points didnt go up after my last visit",
		"Good morning, yes, I'd like to cancel the order I just put through on the app, I've been called away, it's under the name Rita.",
		"can you check the order I put through this morning",
		"since my last visit the app shows no stamps",
	} {
		assertPasses(t, g, msg)
	}
}
