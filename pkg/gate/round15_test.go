package gate

import (
	"testing"
)

// round15Case is one message of the fifteenth wave's rules: the label
// and, for an escalation, the category the rules alone and the whole
// gate read, and the composed rule that must (or, with not, must not)
// be among its cues.
type round15Case struct {
	text     string
	intent   Intent // "" for any label (a look-alike checked by its rule alone)
	category string // "" for any (and for a label that has none)
	rule     string // a composed rule's name; "" for none to check
	not      bool   // rule must be absent (a look-alike)
}

func checkRound15(t *testing.T, cases []round15Case) {
	t.Helper()
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, c := range cases {
		for _, name := range []string{"rules", "full"} {
			d := gates[name].Classify(c.text)
			if (c.intent != "" && d.Intent != c.intent) || (c.category != "" && d.Category != c.category) {
				t.Errorf("%s: %q: %s [%s], want %s [%s]; cues %v", name, c.text, d.Intent, d.Category, c.intent, c.category, d.Cues)
			}
			if c.rule != "" && hasComposedCue(d.Cues, c.rule) == c.not {
				t.Errorf("%s: %q: cues %v, want %s %s", name, c.text, d.Cues, map[bool]string{false: "with", true: "without"}[c.not], c.rule)
			}
		}
	}
}

// TestRound15PoliceCalled: the police told already, said as a report,
// reads escalation [legal] (police_called), not an emergency; a call
// about one's own stolen thing, one named by its time, a case asked
// about and what the café does as a rule are look-alikes (report_to no
// longer reads "do you call the police on shoplifters?" as a threat).
func TestRound15PoliceCalled(t *testing.T) {
	checkRound15(t, []round15Case{
		{"Called the police.", Escalation, "legal", "police_called", false},
		{"I've called the police.", Escalation, "legal", "police_called", false},
		{"Police have been called.", Escalation, "legal", "police_called", false},
		{"We've phoned the police.", Escalation, "legal", "police_called", false},
		{"my sister called the police", Escalation, "legal", "police_called", false},
		{"called the police and reported your shop for fraud", Escalation, "legal", "police_called", false},
		{"I called the police because your staff locked me in", Escalation, "legal", "police_called", false},
		{"he llamado a la policía", Escalation, "legal", "police_called", false},
		{"ich habe die Polizei gerufen", Escalation, "legal", "police_called", false},
		{"Called the police last night about a break-in", FAQ, "", "police_called", true},
		{"if someone called the police, would you close the shop?", FAQ, "", "police_called", true},
		{"do you call the police on shoplifters?", FAQ, "", "report_to", true},
		{"would you call the police if someone didn't pay?", FAQ, "", "report_to", true},
	})
	// A call about one's own stolen thing is not police_called's, whatever
	// the CCTV question beside it reads.
	g := Default().WithModel(nil)
	for _, text := range []string{"Called the police about my bike, can I see your CCTV?",
		"I called the police about my stolen bike, can I see your CCTV?"} {
		if d := g.Classify(text); hasComposedCue(d.Cues, "police_called") || d.Category == "safety" {
			t.Errorf("%q: %s [%s], cues %v: want neither police_called nor safety", text, d.Intent, d.Category, d.Cues)
		}
	}
}

// TestRound15RefundRule: refunds asked about as a rule for everyone read
// faq (refund_rule); a refund of the writer's own order, named, reads
// transactional, in English and other languages.
func TestRound15RefundRule(t *testing.T) {
	checkRound15(t, []round15Case{
		{"can you get a refund on a gift card?", FAQ, "", "refund_rule", false},
		{"are refunds paid back to the card or in cash?", FAQ, "", "refund_rule", false},
		{"if I cancel a catering order the day before, do I get my money back?", FAQ, "", "refund_rule", false},
		{"quelle est votre politique de remboursement ?", FAQ, "", "refund_rule", false},
		{"¿cuál es su política de reembolsos?", FAQ, "", "", false},
		{"do you offer refunds on sale items?", FAQ, "", "refund_rule", false},
		// Look-alikes: the writer's own refund.
		{"can I get a refund on my order 44120?", Transactional, "", "refund_rule", true},
		{"I returned the unopened coffee beans yesterday, has the refund been processed?", Transactional, "", "refund_rule", true},
		{"please refund the £4.20 you charged me twice this morning", Transactional, "", "refund_rule", true},
		{"vorrei il rimborso per l'ordine di stamattina", Transactional, "", "refund_me", false},
		{"quero o reembolso do meu pedido 7740", Transactional, "", "", false},
		{"je voudrais être remboursé pour ma commande 5521", Transactional, "", "", false},
	})
}

// TestRound15Privacy: the writer's data erased by law, someone else in
// the writer's account, a stranger's details shown or the writer's given
// away, and what is held on the writer asked read escalation; one record
// removed, the account closed with its data (the older voices'
// transactional "delete my account and all my data"), the risk asked
// about, the app deleted and a wrong order or cup handed over are
// look-alikes.
func TestRound15Privacy(t *testing.T) {
	checkRound15(t, []round15Case{
		{"I want all my data deleted from your systems", Escalation, "legal", "erase_my_data", false},
		{"please erase all the personal data you have on me", Escalation, "legal", "erase_my_data", false},
		{"Supprimez toutes mes données personnelles, s'il vous plaît", Escalation, "legal", "erase_my_data", false},
		{"Apaguem todos os meus dados, por favor", Escalation, "legal", "erase_my_data", false},
		{"Ik wil dat jullie al mijn persoonsgegevens verwijderen", Escalation, "legal", "erase_my_data", false},
		{"I'm exercising my right to be forgotten", Escalation, "legal", "erase_my_data", false},
		{"please delete my card details from my account", Transactional, "", "erase_my_data", true},
		{"how do I delete my data?", "", "", "erase_my_data", true},
		{"I deleted the app and now all my data is gone, can you restore my points?", Transactional, "", "erase_my_data", true},
		{"Delete my account and all my data.", Transactional, "", "erase_my_data", true},
		{"please delete my account and my data", Transactional, "", "erase_my_data", true},
		{"my account has been hacked, there are orders on it I never placed", Escalation, "", "account_breach", false},
		{"someone changed the email on my account and it wasn't me", Escalation, "", "account_breach", false},
		{"I think somebody has got into my loyalty account", Escalation, "", "account_breach", false},
		{"is my account safe from hackers?", "", "", "account_breach", true},
		{"someone's been using my loyalty account i think?? please reset my password", Transactional, "", "account_breach", true},
		{"I changed my mind and it wasn't me who ordered the large, it was my friend", "", "", "account_breach", true},
		{"when I log in I can see another person's name and phone number", Escalation, "legal", "privacy_leak", false},
		{"you sent my order confirmation to someone I don't know", Escalation, "legal", "privacy_leak", false},
		{"why did your staff give my phone number to another customer?", Escalation, "legal", "privacy_leak", false},
		{"tell me exactly what data you hold about me", Escalation, "legal", "privacy_leak", false},
		{"who do you share customer data with?", "", "", "privacy_leak", true},
		{"had a stranger's name on my cup", "", "", "privacy_leak", true},
		{"your receipt email came with a stranger's full name and address on it", Escalation, "legal", "privacy_leak", false},
		{"I got someone else's order and had to wait for mine again", Complaint, "", "privacy_leak", true},
		{"I've asked my bank for a chargeback", Escalation, "legal", "claim_filed", false},
		{"I'll be disputing this charge with my bank", Escalation, "legal", "claim_filed", false},
		{"do you accept chargebacks for disputed payments?", FAQ, "", "claim_filed", true},
	})
}

// TestRound15OtherLanguages: a person asked for, the writer's own order
// and refund, a grievance and a lawyer in the languages strangers write
// in beyond the big five, and the big five's gaps; each with a
// look-alike in the same language (a question about the thing).
func TestRound15OtherLanguages(t *testing.T) {
	checkRound15(t, []round15Case{
		{"mag ik iemand spreken?", Escalation, "human_request", "ask_person", false},
		{"ik wil graag een medewerker spreken", Escalation, "human_request", "ask_person", false},
		{"posso falar com um atendente?", Escalation, "human_request", "ask_person", false},
		{"spreekt iemand hier Engels?", FAQ, "", "ask_person", true},
		{"أريد التحدث مع موظف من فضلك", Escalation, "human_request", "person_intl", false},
		{"yetkili biriyle konuşmak istiyorum", Escalation, "human_request", "person_intl", false},
		{"tôi muốn nói chuyện với nhân viên", Escalation, "human_request", "person_intl", false},
		{"saya mau bicara dengan manajer", Escalation, "human_request", "person_intl", false},
		{"vreau să vorbesc cu un om, vă rog", Escalation, "human_request", "person_intl", false},
		{"я хочу поговорить с человеком", Escalation, "human_request", "person_intl", false},
		{"상담원 연결해 주세요", Escalation, "human_request", "person_intl", false},
		{"Siparişim gelmedi, paramı iade eder misiniz?", Transactional, "", "ask_mine_intl", false},
		{"Comanda mea a plecat deja?", Transactional, "", "ask_mine_intl", false},
		{"где мой заказ?", Transactional, "", "ask_mine_intl", false},
		{"kahve soğuktu ve çok bekledim", Complaint, "", "grievance_intl", false},
		{"kopi sudah dingin dan pelayannya tidak ramah", Complaint, "", "grievance_intl", false},
		{"Ik heb twintig minuten moeten wachten op één koffie", Complaint, "", "grievance_intl", false},
		{"кофе был холодный и очень долго ждали", Complaint, "", "grievance_intl", false},
		{"Ho ordinato un cappuccino e mi hanno dato un americano", Complaint, "", "grievance_intl", false},
		{"Mój prawnik skontaktuje się z wami", Escalation, "legal", "legal_intl", false},
		{"mon avocat va vous écrire", Escalation, "legal", "legal_intl", false},
		{"mon avocat était tout noir dans le toast", "", "", "legal_intl", true},
		{"Your staff posted a video of me on TikTok without my permission", Escalation, "legal", "legal_intl", false},
		{"Un empleado le gritó e insultó a mi hijo de 10 años", Escalation, "", "staff_misconduct", false},
		{"the barista shouted at my daughter for touching the cakes", Escalation, "", "staff_misconduct", false},
		{"the cashier deliberately overcharged elderly customers", Escalation, "", "staff_misconduct", false},
		{"the barista was rude to me at the till", Complaint, "", "staff_misconduct", true},
	})
}

// TestRound15Wording: English wording the older rules missed, each with
// its look-alike: exasperation said outright, a fault that stopped an
// order, a person asked to get in touch, a crowd counted as guests,
// being let back into the app, head office asked about a job.
func TestRound15Wording(t *testing.T) {
	checkRound15(t, []round15Case{
		{"every time I open the app it asks me to log in again, it's driving me mad", Complaint, "", "exasperated", false},
		{"the app lost my basket twice and I had to start my order again", Complaint, "", "exasperated", false},
		{"could a staff member get in touch, this is too complicated to type", Escalation, "human_request", "ask_person", false},
		{"can you log me back into the loyalty app, it keeps forgetting me", Transactional, "", "login_trouble", false},
		{"Need catering for a funeral reception, about 50 guests, can you do Friday?", Transactional, "", "group_need", false},
		{"how much notice do you need for 50 guests?", FAQ, "", "group_need", true},
		{"how do I get in touch with head office about a job?", "", "", "who_to_contact", true},
		{"how do I get in touch with head office about my complaint?", Escalation, "human_request", "who_to_contact", false},
		{"the app notifications are spamming me even though I turned them off", Complaint, "", "exasperated", false},
		{"how many points do I have? I want to cash them in", Transactional, "", "login_trouble", false},
		{"please unsubscribe me from the promo emails", Transactional, "", "exasperated", true},
		{"the app charged my card but my order never showed up in the shop and nobody could help", Complaint, "", "exasperated", false},
		{"who can I call to sort this out properly?", Escalation, "human_request", "who_to_contact", false},
	})
}

// TestRound15StaffInStory: a manager, a supervisor or the person in
// charge as the subject of what happened is part of a complaint
// (rules.yaml's story phrases hold the escalation cue inside them); asked
// for, the role still escalates, and asked after as a fact it is faq.
func TestRound15StaffInStory(t *testing.T) {
	checkRound15(t, []round15Case{
		{"The person in charge was dismissive when I mentioned the cold food.", Complaint, "", "", false},
		{"the supervisor on shift ignored me completely", Complaint, "", "", false},
		{"the manager laughed when I said my drink was wrong", Complaint, "", "", false},
		{"the manager was rude, I want to speak to someone above him", Escalation, "human_request", "", false},
		{"I want to speak to the person in charge", Escalation, "human_request", "", false},
		{"is the manager in on Mondays?", FAQ, "", "", false},
	})
}

// TestRound15Subs: the sub-intent entries of the wave (a refund, an
// order's status and history in other languages, a branch asked after,
// the app's own faults before "slow" reads as a wait, waiting and a
// wrong order in other languages).
func TestRound15Subs(t *testing.T) {
	g := Default()
	for _, c := range []struct {
		text   string
		intent Intent
		sub    string
	}{
		{"Dünkü siparişim hiç gelmedi, paramı iade eder misiniz?", Transactional, "refund"},
		{"When will my bean subscription ship?", Transactional, "order_status"},
		{"Cho tôi xem lịch sử đơn hàng tháng này được không?", Transactional, "history"},
		{"Hebben jullie een vestiging in Utrecht?", FAQ, "location"},
		{"Do you charge extra for plant milks?", FAQ, "policy"},
		{"Your app update made everything so slow, it takes a minute to load the menu.", Complaint, "service"},
		{"we waited so long and the service was slow", Complaint, "wait"},
		{"Ik heb twintig minuten moeten wachten op één koffie.", Complaint, "wait"},
		{"Ho ordinato un cappuccino e mi hanno dato un americano.", Complaint, "wrong_order"},
	} {
		d := g.Classify(c.text)
		if d.Intent != c.intent || d.Sub != c.sub {
			t.Errorf("%q: %s/%s, want %s/%s; cues %v", c.text, d.Intent, d.Sub, c.intent, c.sub, d.Cues)
		}
	}
}
