package gate

import "testing"

// The fourteenth wave's rules and sub-intent entries, from the tune
// halves of dev_g8 and dev_g9. Every sentence here was written for this
// test (none is a dev row); each group carries look-alikes, the benign
// twins a rule must leave where they were.

// TestRound14Escalations: compose.yaml's fourteenth-wave escalations. A
// person asked for without "human", "manager" or "agent" (in German with
// the verb last, in Hindi and Urdu in Latin letters, in Spanish, Italian,
// Polish and Portuguese, someone senior, a member of the team to
// telephone), staff seen taking money, the newspaper, an injury claim, a
// report to the police, data asked for by law, a stranger in one's
// account, a camera's footage and an insult for how someone speaks; their
// look-alikes (the tip jar's policy, a colleague who speaks a language,
// a report about a stolen bike) do not escalate.
func TestRound14Escalations(t *testing.T) {
	checkDev12Rules(t, []dev12Rule{
		{"Kann mich heute jemand anrufen? Ich möchte das mit einer Mitarbeiterin besprechen.", Escalation, "human_request"},
		{"mujhe kisi se baat karni hai, koi insaan hai wahan?", Escalation, "human_request"},
		{"Quisiera que me llamara alguien de la tienda esta tarde", Escalation, "human_request"},
		{"vorrei essere contattata da qualcuno del negozio", Escalation, "human_request"},
		{"chcę porozmawiać z kimś z kawiarni", Escalation, "human_request"},
		{"quero falar com alguém da loja sobre o meu pedido", Escalation, "human_request"},
		{"could somebody senior look at my complaint before Friday", Escalation, "human_request"},
		{"please have a member of your team telephone me tomorrow", Escalation, "human_request"},
		{"I watched your cashier take a tenner from the tip jar and pocket it", Escalation, "human_request"},
		{"the new lad kept the difference when I paid cash, I checked my change twice", Escalation, "human_request"},
		{"I'm contacting the local newspaper about the way my mum was spoken to", Escalation, "legal"},
		{"who do I send the claim to, your insurer?", Escalation, "legal"},
		{"Voy a poner una denuncia por lo que le pasó a mi hija en la tienda", Escalation, "legal"},
		{"Ich verlange Auskunft über meine Daten nach der DSGVO", Escalation, "legal"},
		{"someone logged into my account from abroad and spent my points, has there been a breach?", Escalation, "legal"},
		{"who watches the footage from the camera over our usual table?", Escalation, "legal"},
		{"la cassiera ha deriso mia madre perché parla male l'inglese", Escalation, "discrimination"},
		// Look-alikes.
		{"do staff get to keep what goes in the tip jar?", FAQ, ""},
		{"what happens to the money in the tip jar at the end of the day", FAQ, ""},
		{"do you have someone who speaks Polish at the Quay branch?", FAQ, ""},
		{"is there anyone who speaks French at the station café?", FAQ, ""},
		{"¿dónde puedo poner una denuncia por mi bici robada?", FAQ, ""},
		{"Contient-il des œufs, le gâteau ? Ma fille est allergique.", FAQ, ""},
	})
}

// labelRule is a message of our own and the label both gates must read.
type labelRule struct {
	text   string
	intent Intent
}

// checkLabels classifies each message with the rules alone and with the
// whole gate; both must read its label.
func checkLabels(t *testing.T, rows []labelRule) {
	t.Helper()
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, tt := range rows {
		for _, name := range []string{"rules", "full"} {
			if d := gates[name].Classify(tt.text); d.Intent != tt.intent {
				t.Errorf("%s: %q: %s [%s], want %s; cues %v", name, tt.text, d.Intent, d.Category, tt.intent, d.Cues)
			}
		}
	}
}

// TestRound14Complaints: a wait past the time given, a place that lost
// its charm, burnt food and a mood named in other languages, waiting told
// in Spanish, an app that showed a shop open or lost a way to pay, food
// handled without tongs, a welcome not given and treatment faulted as a
// whole. Their look-alikes ask how things are done.
func TestRound14Complaints(t *testing.T) {
	checkLabels(t, []labelRule{
		{"told five minutes at the counter, still waited twenty minutes after that", Complaint},
		{"the old place has lost all its character since the refit", Complaint},
		{"me sirvieron el bocadillo quemado y nadie dijo nada", Complaint},
		{"la serveuse était de mauvaise humeur toute la matinée", Complaint},
		{"esperé casi media hora por dos tostadas", Complaint},
		{"app says the Quay shop is open, get there and it's closed", Complaint},
		{"the pay button vanished from the app again this morning", Complaint},
		{"watched the barista empty the bin then grab my croissant without tongs", Complaint},
		{"not a single smile or hello from anyone at the counter", Complaint},
		{"I've been a loyal customer for six years and this is how I'm treated", Complaint},
		{"honestly, your staff need more training", Complaint},
		{"il cornetto era secco e il latte era freddo", Complaint},
		{"de koffie was koud en de bediening onvriendelijk", Complaint},
		// Look-alikes.
		{"do your staff wear gloves when they handle the pastries?", FAQ},
		{"what training do new baristas get before they start?", FAQ},
		{"does the app show which shops are open on bank holidays?", FAQ},
		{"if a cake comes out wrong, what do you normally do", FAQ},
	})
}

// TestRound14Transactional: a refund or a reversal of one's own charge,
// an order asked after in Tagalog, one's own purchases pulled up or
// listed, a booking cancelled in French, a balance asked in Spanish, a
// cake's order asked after, a past order recalled, a crowd's catering by
// its guests. Their look-alikes ask about a rule or the hours.
func TestRound14Transactional(t *testing.T) {
	checkLabels(t, []labelRule{
		{"the muffin was missing from order 5521, can you refund me for it", Transactional},
		{"my card was charged for an order I cancelled, please reverse the charge", Transactional},
		{"nasaan na ang order ko? twenty minutes na", Transactional},
		{"could you pull up my receipt from Thursday", Transactional},
		{"I need a list of everything I've bought this year for my expenses", Transactional},
		{"je voudrais annuler ma réservation de samedi soir", Transactional},
		{"¿cuánto me queda en la tarjeta? quiero saber mi saldo", Transactional},
		{"did the birthday cake for my daughter go through for Saturday", Transactional},
		{"remind me what I ordered last Friday, I want it again", Transactional},
		{"we'd like platters for a christening, about 30 guests, on the 9th", Transactional},
		// Look-alikes.
		{"can you refund it if I cancel the cake a day early?", FAQ},
		{"do you refund drinks people don't like?", FAQ},
		{"remind me what time you open on Sunday", FAQ},
	})
}

// subRule14 is a message, the label it reads and the sub-intent it names.
type subRule14 struct {
	text   string
	intent Intent
	sub    string
}

// TestRound14SubIntents: the fourteenth wave's subintents.yaml entries,
// each with a twin that names the other sub-intent of the pair it
// settles (balance or status, order or booking, catering or history,
// service or wait, quality or wait, policy or menu, ...).
func TestRound14SubIntents(t *testing.T) {
	g := Default()
	for _, tt := range []subRule14{
		{"did my top up go through? the balance hasn't changed", Transactional, "balance"},
		{"did my online order go through? I'm outside", Transactional, "order_status"},
		{"put me down for a loaf of the rye on Saturday", Transactional, "order"},
		{"put me down for the latte art class on Sunday", Transactional, "booking"},
		{"close my rewards account please, I'm moving away", Transactional, "account"},
		{"please confirm the headcount of 25 for Friday's catering and send the invoice", Transactional, "catering"},
		{"please send me the invoice for last month's catering", Transactional, "history"},
		{"can you remind me which cake I bought for Mum's birthday", Transactional, "history"},
		{"the barista sighed and rolled his eyes when I asked for oat milk", Complaint, "service"},
		{"the staff were rude when my dad was slow with his card", Complaint, "service"},
		{"we waited twenty minutes, the queue was so slow", Complaint, "wait"},
		{"the quality of the bread has really gone down of late", Complaint, "quality"},
		{"£5 for a small tea seems excessive", Complaint, "price"},
		{"I specifically said no sugar and it came sweet", Complaint, "wrong_order"},
		{"can I bring my own flask and have it filled?", FAQ, "policy"},
		{"do you do a wedding buffet?", FAQ, "catering"},
		{"any peanut traces in the brownies?", FAQ, "allergens"},
		{"is the Quay shop wheelchair accessible?", FAQ, "location"},
		{"when does the station café shut on Sundays?", FAQ, "hours"},
		{"do you have matcha?", FAQ, "menu"},
		// The sweep over the training voices' confusions: a status asked
		// outright, a crowd fed without the word catering (a table named
		// keeps it a booking), an order asked for, a history by its name.
		{"what's the status of order 66120? it only says received", Transactional, "order_status"},
		{"can you do coffee and cake for 25 people at our office on Monday", Transactional, "catering"},
		{"book a table for 4 people tonight at 7 please", Transactional, "booking"},
		{"can i get a large flat white and a toastie to go", Transactional, "order"},
		{"could you send me my order history for the last quarter", Transactional, "history"},
		{"can you check how much money is left in my wallet", Transactional, "balance"},
	} {
		d := g.Classify(tt.text)
		if d.Intent != tt.intent || d.Sub != tt.sub {
			t.Errorf("%q: %s [%s], want %s [%s]; cues %v", tt.text, d.Intent, d.Sub, tt.intent, tt.sub, d.Cues)
		}
	}
}
