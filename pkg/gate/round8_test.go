package gate

import "testing"

// TestComposedRulesRound8: the eighth round's composed rules (indirect
// complaints told as a story, complaints that end in a question or name
// points or money without an action; an order, a delivery or the
// customer's own points asked about as a question), each on wording of
// its own, none of it from the strangers' or measured files, next to the
// look-alike that must not fire it: the same words asked as a rule for
// everyone, or with an action asked for. The label is the rules' alone.
func TestComposedRulesRound8(t *testing.T) {
	tests := []composedCase{
		// let_down_feeling: a grievance said as a feeling, no ask
		{"my stamps from friday still are not on the card. so frustrating", "let_down_feeling", true, Complaint, "points named, nothing asked"},
		{"the free muffin from my birthday never turned up, kinda sad tbh", "let_down_feeling", true, Complaint, ""},
		{"the croissant was half raw. took the shine off my morning", "let_down_feeling", true, Complaint, "a story, no ask"},
		{"can you check whether my points came through? so frustrating", "let_down_feeling", true, Transactional, "an action asked for wins"},
		{"is it sad that i collect the stamps? how do they work", "let_down_feeling", false, FAQ, "sad as a joke about oneself"},
		// fault_story: what went wrong, told plainly
		{"the new cups leak all over the car seat", "fault_story", true, Complaint, ""},
		{"the girl at the till was on her phone the whole time", "fault_story", true, Complaint, ""},
		{"the wrap had like two bits of chicken in it lol", "fault_story", true, Complaint, ""},
		{"the iced latte was mostly ice", "fault_story", true, Complaint, ""},
		{"do the cups leak if i put them in my bag?", "fault_story", false, FAQ, "its unless: a question about a product"},
		{"the new cups leak all over the car seat", "fault_story", true, Complaint, "its unless leaves the story alone"},
		{"can i pay on my phone at the till", "fault_story", false, "", "the phone as a way to pay"},
		// rhetorical_gripe: a complaint that ends in a question
		{"music so loud at 8am i couldn't think. who does that?", "rhetorical_gripe", true, Complaint, ""},
		{"third time the oat milk has run out. is it really that hard to order more?", "rhetorical_gripe", true, Complaint, ""},
		{"half an hour for a toastie, why is it always like this?", "rhetorical_gripe", true, Complaint, ""},
		{"is it hard to get a table on a saturday morning?", "rhetorical_gripe", false, "", "a real question about a rule"},
		// group_need: a catering or group order asked for without "my"
		{"we need sandwiches and coffee for 25 next tuesday, can you sort that?", "group_need", true, Transactional, ""},
		{"please could you arrange tea and biscuits for our book club on the 9th", "group_need", true, Transactional, ""},
		{"could you bump the numbers up to thirty on the platters for friday", "group_need", true, Transactional, ""},
		{"do you do catering for 25 people?", "group_need", false, FAQ, "a question about a service"},
		{"how much notice do you need for 30 people?", "group_need", false, FAQ, "its unless: a rule for everyone"},
		// status_asked: where an order or delivery is, asked
		{"could you find out where the breakfast order has got to", "status_asked", true, Transactional, ""},
		{"any idea when the delivery will get here? ordered 40 min ago", "status_asked", true, Transactional, ""},
		{"please let me know whether the beans have been dispatched", "status_asked", true, Transactional, ""},
		{"how long does delivery usually take?", "status_asked", false, FAQ, "a rule for everyone"},
		{"i'll find out where the lad on the till lives", "status_asked", false, "", "a threat, not an order"},
		{"can you let me know whether children are allowed upstairs?", "status_asked", false, FAQ, "a question about a rule"},
		{"how far in advance should we book catering for 40 people?", "group_need", false, FAQ, "its unless: a rule for everyone"},
		{"what time do you stop doing deliveries?", "status_asked", false, FAQ, "hours, not an order"},
		// mine_asked: the customer's own points, orders or money, asked
		{"how far off a free coffee am i now?", "mine_asked", true, Transactional, ""},
		{"what was it i ordered last time, the green smoothie thing?", "mine_asked", true, Transactional, ""},
		{"i sent the faulty flask back, when does my money come back?", "mine_asked", true, Transactional, ""},
		{"did you manage to sort the double charge from monday?", "mine_asked", true, Transactional, ""},
		{"how many stamps do you need for a free coffee?", "mine_asked", false, FAQ, "a rule for everyone"},
		{"when does the money for a returned item usually come back?", "mine_asked", false, FAQ, "a refund rule"},
		// refund_asked: a refund or fix asked inside a grievance
		{"charged twice for one flat white, refund one pls", "refund_asked", true, Transactional, ""},
		{"the gift card never arrived and the money went out. sort it please", "refund_asked", true, Transactional, ""},
		{"the platter came with half the sandwiches. could i get a partial refund?", "refund_asked", true, Transactional, ""},
		{"what is your refund policy on catering?", "refund_asked", false, FAQ, "a rule for everyone"},
		{"i'm not asking for a refund, the tea was just stewed", "refund_asked", false, Complaint, "nothing asked"},
		// to_go: a plain order
		{"two flat whites to go please", "to_go", true, Transactional, ""},
		{"table 6 could we get another pot of tea", "to_go", true, Transactional, ""},
		{"can you do drinks to go?", "to_go", false, FAQ, "its unless: a question about a service"},
		{"two teas to go please", "to_go", true, Transactional, "its unless leaves an order alone"},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}

// TestComposedRulesRound8b: the round's second pass, from the misses of
// v10 read across voices (a model trained without it) and what was left
// of v1-v8's: a request for a person through a message passed on or a
// formal route, broken promises and sums that should have been more, a
// re-make or a note on an order, each with the look-alike that must not
// fire it. The label is the rules' alone.
func TestComposedRulesRound8b(t *testing.T) {
	tests := []composedCase{
		// pass_it_up: a message sent up the line, or a formal route asked for
		{"could you pass my email on to whoever runs the franchise", "pass_it_up", true, Escalation, ""},
		{"please forward my letter to the area manager", "pass_it_up", true, Escalation, ""},
		{"what's the email for head office? the branch won't help", "pass_it_up", true, Escalation, ""},
		{"we want to take this further, what is the formal route", "pass_it_up", true, Escalation, ""},
		{"what's the address of your head office", "pass_it_up", false, FAQ, "the control: a question about the company"},
		{"can you pass the sugar on to table two", "pass_it_up", false, "", "passing a thing, not a message"},
		// short_changed: what it should have been, a promise broken, given away
		{"only got 3 stamps for the big order, should have been 6", "short_changed", true, Complaint, ""},
		{"the email promised a free cookie with any coffee, the till said no such thing", "short_changed", true, Complaint, ""},
		{"we'd reserved the big table and they'd given it away to walk-ins", "short_changed", true, Complaint, ""},
		{"how many stamps should i have after six coffees?", "short_changed", false, "", "a question, no grievance"},
		// gave_up: the customer sorted it themselves or gave up
		{"the payment failed twice so i sorted it with my bank myself, unbelievable", "gave_up", true, Complaint, ""},
		{"about to stop bothering with the loyalty card altogether", "gave_up", true, Complaint, ""},
		{"can you sort my payment, it failed twice", "gave_up", false, Transactional, "the control: an action asked for"},
		// remake_it: a re-make or a note on the customer's own order
		{"wrong milk in this one, can you get it remade please", "remake_it", true, Transactional, ""},
		{"can you note on my order that it's for a nut allergy", "remake_it", true, Transactional, ""},
		{"do you remake drinks for free?", "remake_it", false, FAQ, "a rule for everyone"},
		// split_the_bill twin
		{"can you split the bill at the table?", "act_on_mine", false, FAQ, "its unless: a question about a service"},
		{"can i use my stamp card at the station shop?", "act_on_mine", false, FAQ, "its unless: where a card works"},
		{"can you split the bill for order 5521 three ways", "act_on_mine", false, Transactional, "an order named still wins"},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}

// TestComposedRulesRound8c: the unless entries that set a safety or
// person cue aside where its words mean something else (an order that "came out in
// the wrong sizes", a machine that "swallowed my card", "got burned" as an
// idiom, a receipt needed "for my boss"); the real symptom, swallowed
// object and request for a boss still escalate.
func TestComposedRulesRound8c(t *testing.T) {
	tests := []composedCase{
		{"the drinks came out in the wrong cups again", "body_reacted", false, Complaint, ""},
		{"my son came out in a rash after the brownie", "body_reacted", true, Escalation, "the control: a real symptom"},
		{"the ticket machine swallowed my card and gave nothing back", "emergency", false, "", ""},
		{"my toddler swallowed a bit of the plastic lid", "emergency", true, Escalation, "the control: a real swallow"},
		{"any vegan cheese? got burned before with a 'vegan' wrap", "body_reacted", false, FAQ, "an idiom"},
		{"i got burned by the steam wand", "body_reacted", false, Escalation, "the control: a real burn"},
		{"can you email me a receipt, need it for my boss", "ask_person", false, Transactional, ""},
		{"i need my boss to hear about this, get me a manager", "ask_person", true, Escalation, "the control: a person asked for"},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}
