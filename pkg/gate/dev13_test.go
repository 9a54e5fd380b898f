package gate

import "testing"

// The thirteenth wave's gate dev set, written by hand before any of its
// rule or weight changes: testdata/gate/dev_g8.jsonl, 216 rows in voices
// unlike dev_g7's short chat lines (formal emails, voice-typed messages
// with fillers and spoken punctuation, 13% in Spanish, French, German,
// Italian, Portuguese, Dutch and Polish; none within word-bigram
// Jaccard 0.35 of a training row or an older dev row), weighted to escalation (92: a
// person asked for in any words, repeated failures after earlier contact,
// regulators, courts and lawyers, the press, privacy, safety) and to the
// complaint/escalation and transactional/complaint borders. Odd lines
// tune, even lines test; a test-half miss is only counted, never printed.

// TestDev13GateFloors holds dev_g8's halves at or above their figures.
func TestDev13GateFloors(t *testing.T) {
	cases := loadDevCases(t, "dev_g8", 216)
	// Each half: faq 18, transactional 22, complaint 22, escalation 46.
	// First sight with the wave's start binary (82d89ed's gate), after 46
	// rows near a training or older dev row were reworded: rules alone
	// tune 79 (16, 17, 17, 29), test 77 (17, 22, 14, 24); whole gate tune
	// 90 (16, 21, 18, 35), test 83 (16, 22, 16, 29). At the end of the
	// thirteenth wave (5a2be16): rules tune 91, test 83; whole gate tune
	// 101, test 89 (16, 22, 16, 35). After the fourteenth wave's rules
	// (tuned on this tune half and dev_g9's): the floors below.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {107, 18, 22, 22, 45}, "test": {85, 17, 22, 14, 32}},
		"full":  {"tune": {108, 18, 22, 22, 46}, "test": {91, 17, 22, 16, 36}},
	}
	checkLabelFloors(t, "dev_g8", cases, floors)
}

// TestDev13Balanced: each half of dev_g8 holds the same rows per label,
// so a figure on one half reads like a figure on the other.
func TestDev13Balanced(t *testing.T) {
	cases := loadDevCases(t, "dev_g8", 216)
	per := map[string]map[Intent]int{"tune": {}, "test": {}}
	for _, c := range cases {
		per[c.Split][c.Intent]++
	}
	want := map[Intent]int{FAQ: 18, Transactional: 22, Complaint: 22, Escalation: 46}
	for _, half := range []string{"tune", "test"} {
		for label, n := range want {
			if per[half][label] != n {
				t.Errorf("dev_g8 %s: %d %s rows, want %d", half, per[half][label], label, n)
			}
		}
	}
}

// TestDev13ComposedRules: compose.yaml's thirteenth-wave rules, each
// sentence written for this test (none is a dev row). A contact that
// went unanswered, a broken promise, a consumer body or a claim named, a
// leak of someone's data and a person put on the line go to a person;
// their look-alikes (a rating asked about, a promise kept, a bell rung,
// a name called, a person named in an "if") stay where they were.
func TestDev13ComposedRules(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"I sent a complaint about the cold pie on Monday and still no reply", Escalation, "human_request"},
		{"my email about the missing stamps has had no response for a fortnight", Escalation, "human_request"},
		{"escribí sobre el pedido y sigo sin respuesta", Escalation, "human_request"},
		{"the supervisor promised me a callback on Friday and nobody rang", Escalation, "human_request"},
		{"I was promised a refund in writing last month", Escalation, "human_request"},
		{"es la tercera vez que escribo por lo mismo", Escalation, "human_request"},
		{"I have emailed about the cake order three times now", Escalation, "human_request"},
		{"I'll be taking this to trading standards", Escalation, "legal"},
		{"next stop is the small claims court for my deposit", Escalation, "legal"},
		{"I'm filing a claim against you for the ruined dress", Escalation, "legal"},
		{"your app showed me another customer's home address", Escalation, "legal"},
		{"could you put them on the phone, the one who took my booking", Escalation, "human_request"},
		// Look-alikes.
		{"the barista promised the flat white would be ready in five minutes and it was, thanks", FAQ, ""},
		{"I rang the bell at the counter twice but it's fine now", Complaint, ""},
		{"do you give refunds if someone doesn't like the cake?", FAQ, ""},
		{"when my order is ready do you call out my name?", FAQ, ""},
	})
}
