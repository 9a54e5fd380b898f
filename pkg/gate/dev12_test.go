package gate

import "testing"

// The twelfth wave's gate dev set, written by hand before any of its rule
// or weight changes: testdata/gate/dev_g7.jsonl, 202 rows weighted to
// escalation (86: requests for a person that never say human, manager or
// agent, repeat failures after earlier complaints, review, press and
// legal threats, health and safety) and to the complaint/escalation and
// transactional/complaint borders. Odd lines tune, even lines test; a
// test-half miss is only counted, never printed.

// TestDev12GateFloors holds dev_g7's halves at or above their figures.
func TestDev12GateFloors(t *testing.T) {
	cases := loadDevCases(t, "dev_g7", 202)
	// Each half: faq 16, transactional 20, complaint 22, escalation 43.
	// First sight with the wave's start binary (b6fa126's gate), after
	// three rows near a training row were reworded: rules alone tune 84
	// (15, 18, 20, 31), test 71 (15, 15, 17, 24); whole gate tune 91 (15,
	// 18, 22, 36), test 85 (15, 19, 21, 30). gate.model retrained with
	// strangers_v14's odd lines: whole gate tune 91, test 84 (15, 19, 20,
	// 30): one test complaint fewer, the floor says so. rules.yaml's
	// twelfth-wave phrases (TestDev12PhraseRules), from the tune half:
	// rules alone tune 90 (escalation 37), test 71; whole gate tune 94
	// (escalation 39), test 84. compose.yaml's chased_before,
	// rights_invoked and the rest (TestDev12ComposedRules): rules alone
	// tune 95 (escalation 42), test 73 (26); whole gate tune 97 (42), test
	// 85 (31). "what do you normally do" as a rule: tune faq 15 -> 16.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {96, 16, 18, 20, 42}, "test": {73, 15, 15, 17, 26}},
		"full":  {"tune": {98, 16, 18, 22, 42}, "test": {85, 15, 19, 20, 31}},
	}
	checkLabelFloors(t, "dev_g7", cases, floors)
}

// TestDev12Balanced: each half of dev_g7 holds the same rows per label,
// so a figure on one half reads like a figure on the other.
func TestDev12Balanced(t *testing.T) {
	cases := loadDevCases(t, "dev_g7", 202)
	per := map[string]map[Intent]int{"tune": {}, "test": {}}
	for _, c := range cases {
		per[c.Split][c.Intent]++
	}
	want := map[Intent]int{FAQ: 16, Transactional: 20, Complaint: 22, Escalation: 43}
	for _, half := range []string{"tune", "test"} {
		for label, n := range want {
			if per[half][label] != n {
				t.Errorf("dev_g7 %s: %d %s rows, want %d", half, per[half][label], label, n)
			}
		}
	}
}

// dev12Rule is a message of our own for one of the twelfth wave's rules
// and the label it must read, with the rules alone and with the whole
// gate. None is a dev_g7 row.
type dev12Rule struct {
	text     string
	intent   Intent
	category string
}

// checkDev12Rules classifies each message with both gates.
func checkDev12Rules(t *testing.T, rows []dev12Rule) {
	t.Helper()
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, tt := range rows {
		for _, name := range []string{"rules", "full"} {
			d := gates[name].Classify(tt.text)
			switch {
			case tt.intent == Escalation && (d.Intent != Escalation || d.Category != tt.category || d.Unsure):
				t.Errorf("%s: %q: %s [%s] unsure=%v, want escalation [%s]; cues %v", name, tt.text, d.Intent, d.Category, d.Unsure, tt.category, d.Cues)
			case tt.intent != Escalation && d.Intent == Escalation:
				t.Errorf("%s: look-alike %q escalated [%s]; cues %v", name, tt.text, d.Category, d.Cues)
			}
		}
	}
}

// TestDev12PhraseRules: rules.yaml's twelfth-wave cues (a person with
// authority, eyes on it, "so who can?", who one has to talk to, a lawyer
// in five other languages, a review that will see to it), each with a
// look-alike that must not escalate: a rule's topic, a taste, an idiom,
// French avocado.
func TestDev12PhraseRules(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"is there anyone with real authority who can approve a refund this big", Escalation, "human_request"},
		{"the app keeps telling me it can't change my booking. so who can?", Escalation, "human_request"},
		{"I'd like real eyes on my account before you close it", Escalation, "human_request"},
		{"please, a person and not an algorithm", Escalation, "human_request"},
		{"who do I have to write to to get my deposit back", Escalation, "human_request"},
		{"ich habe schon meinen Anwalt informiert", Escalation, "legal"},
		{"mi abogado se pondrá en contacto con ustedes", Escalation, "legal"},
		{"lo passo al mio avvocato", Escalation, "legal"},
		{"o meu advogado vai tratar disto", Escalation, "legal"},
		{"le dossier est suivi par mon avocat", Escalation, "legal"},
		{"my review will tell everyone how you treated my dad", Escalation, "legal"},
		// Look-alikes.
		{"so who can I ask about the allergens in the granola?", FAQ, ""},
		{"does the shift lead have the authority to give refunds?", FAQ, ""},
		{"the new menu board needs a fresh pair of eyes, it's hard to read", Complaint, ""},
		{"is the loyalty discount worked out by an algorithm?", FAQ, ""},
		{"who do I talk to about hiring the upstairs room?", FAQ, ""},
		{"mon avocat était tout noir dans le toast", Complaint, ""},
		{"je voudrais un toast à l'avocat et un café", Transactional, ""},
		{"I left my review last week, it said lovely things about the staff", FAQ, ""},
	})
	// What the café usually does is a rule ("if you get my order wrong,
	// what do you normally do about it").
	g := Default().WithModel(nil)
	for _, text := range []string{"what do you usually do if a cake arrives damaged?", "if my drink is wrong what would you normally do"} {
		if d := g.Classify(text); d.Intent != FAQ {
			t.Errorf("%q: %s, want faq; cues %v", text, d.Intent, d.Cues)
		}
	}
}

// TestDev12StrangerPhrases: rules.yaml's cues from strangers_v14's train
// half (a fire exit shut, hot liquid on someone, a legal letter or the
// registered office, a card dispute threatened, the local radio, staff
// swearing at a customer, a hacked account), each with a look-alike: a
// question about a fire exit, a drink too hot, how to dispute a charge,
// swearing at a machine, a hacker asked about.
func TestDev12StrangerPhrases(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"someone has chained shut the back door and it's the fire exit", Escalation, "safety"},
		{"the barista spilt hot coffee on my hand and didn't even say sorry", Escalation, "safety"},
		{"the steamer sprayed scalding water on my son's arm", Escalation, "safety"},
		{"I need the registered office address for a letter before action", Escalation, "legal"},
		{"I'm opening a dispute with my bank if this isn't refunded by Friday", Escalation, "legal"},
		{"local radio here, we'd like a word about the closures", Escalation, "legal"},
		{"the lad on the till swore at me because I asked for a receipt", Escalation, "harassment"},
		{"my loyalty account was hacked and my points are gone", Escalation, "human_request"},
		// Look-alikes.
		{"is there a fire exit upstairs?", FAQ, ""},
		{"the latte was scalding, I couldn't drink it for ten minutes", Complaint, ""},
		{"how do I dispute a charge on my card?", Transactional, ""},
		{"can I listen to the radio station you play in the shop?", FAQ, ""},
		{"I swore at the coffee machine this morning, my own fault, can I get a remake", Complaint, ""},
		{"is your wifi safe from hackers?", FAQ, ""},
		{"what's your registered company number for my expenses?", FAQ, ""},
	})
}

// TestDev12ComposedRules: compose.yaml's twelfth-wave rules. chased_before
// reads a problem already written, rung or complained about as a repeat
// failure for a person; the same thing wrong again with no contact named,
// an order sent twice by mistake and a second email address stay where
// they were. go_public reads a post that "goes on" a site, not a question
// about the café's pages; rights_invoked reads consumer rights claimed,
// not asked about.
func TestDev12ComposedRules(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"this is the third time I have emailed about my missing stamps", Escalation, "human_request"},
		{"I've phoned the shop three times about the cake order and nobody picks up", Escalation, "human_request"},
		{"I rang twice yesterday about the deposit", Escalation, "human_request"},
		{"my second complaint about the same burnt toast this month", Escalation, "human_request"},
		{"third letter now about the parking charge at your drive thru", Escalation, "human_request"},
		{"I'm not writing a fourth time, sort the refund", Escalation, "human_request"},
		{"it all goes on google tonight if nobody calls me", Escalation, "legal"},
		{"the photos go straight onto instagram unless someone rings", Escalation, "legal"},
		{"you have breached my consumer rights by keeping the deposit", Escalation, "legal"},
		{"under consumer law I'm owed a replacement", Escalation, "legal"},
		// Look-alikes.
		{"this is the second time I've had the brownie, it's lovely", Complaint, ""},
		{"second time the milk was off this week", Complaint, ""},
		{"can you send the receipt to my second email address?", Transactional, ""},
		{"I emailed twice by mistake, sorry, cancel the second booking", Transactional, ""},
		{"the card machine rejected my card twice", Transactional, ""},
		{"your menu is on google, right?", FAQ, ""},
		{"do you post the specials on instagram?", FAQ, ""},
		{"what are my consumer rights if the cake is late?", FAQ, ""},
		{"does consumer law cover a birthday cake that arrived broken?", Complaint, ""},
	})
}

// TestDev12ComposedStrangerRules: compose.yaml's additions from
// strangers_v14's train half (German "mit einem Mitarbeiter verbinden",
// a bot refused in Spanish, who to take it up with, a boss's email, the
// data held about me), each with a look-alike: a question about a rule,
// a receipt copied, what a booking needs.
func TestDev12ComposedStrangerRules(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"Können Sie mich bitte mit einem Mitarbeiter verbinden?", Escalation, "human_request"},
		{"no quiero hablar con un robot, quiero una persona", Escalation, "human_request"},
		{"ok so who can I take this up with at head office", Escalation, "human_request"},
		{"I'd like the manager's email please", Escalation, "human_request"},
		{"what personal data do you hold about me? send me a copy of my data", Escalation, "legal"},
		// Look-alikes.
		{"do you have a manager's special today?", FAQ, ""},
		{"what information do you need from me to book a table?", Transactional, ""},
		{"can I have a copy of my receipt?", Transactional, ""},
		{"con chi posso parlare per prenotare una torta?", FAQ, ""},
	})
}

// TestDev12TrainingVoiceRules: the rules from the escalations of the
// training voices that the rules alone missed (head office and the CEO
// asked how to reach, a number to call, the boss asked for, a complaint
// taken further or to corporate, posting everywhere, Polish, Italian and
// German requests, the ICO, a slug or a wasp, stomach cramps, a fall in
// other languages, being filmed), each with a look-alike.
func TestDev12TrainingVoiceRules(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"how can I contact customer relations about the refund saga", Escalation, "human_request"},
		{"give me a number I can call, this chat is no use", Escalation, "human_request"},
		{"can your boss come out and talk to me", Escalation, "human_request"},
		{"I want this taken further, it was humiliating", Escalation, "human_request"},
		{"chcę porozmawiać z kierownikiem", Escalation, "human_request"},
		{"vorrei parlare con qualcuno, una persona vera", Escalation, "human_request"},
		{"I am reporting you to the ICO for selling my details", Escalation, "legal"},
		{"I'm going to post about this everywhere tonight", Escalation, "legal"},
		{"there was a wasp in my iced tea and it stung my lip", Escalation, "safety"},
		{"had the soup at lunch and I've had stomach cramps all afternoon", Escalation, "safety"},
		{"escorreguei na entrada, não havia aviso", Escalation, "safety"},
		{"the barista keeps filming me on his phone when I order", Escalation, "harassment"},
		// Look-alikes.
		{"is there an email for the head office", FAQ, ""},
		{"who's the barista on Saturdays, she makes a lovely flat white", FAQ, ""},
		{"do you do corporate catering for 40?", FAQ, ""},
		{"my post about your new cake got loads of likes", FAQ, ""},
		{"snail-shaped pastries for the kids' party, can you do them?", FAQ, ""},
	})
}
