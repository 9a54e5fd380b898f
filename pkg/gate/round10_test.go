package gate

import "testing"

// TestComposedRulesRound10: the tenth round's composed rules (complaints
// that do not look like complaints: asked as whether something is
// normal, held up against a rival, tucked in after thanks, set against
// what used to be, sarcasm that opens on praise, understatement), each on
// wording of its own, none of it from the strangers' or measured files,
// next to the look-alikes that must not fire it, which are the rules'
// unless lists. The label is the rules' alone.
func TestComposedRulesRound10(t *testing.T) {
	tests := []composedCase{
		// normal_that: a grievance asked as whether it is normal
		{"is it normal that the toilets are locked at lunchtime?", "normal_that", true, Complaint, ""},
		{"is it standard that a regular flat white comes half full?", "normal_that", true, Complaint, ""},
		{"is it really necessary to play the radio that loud at 8am?", "normal_that", true, Complaint, ""},
		{"è normale che il bagno sia sempre sporco?", "normal_that", true, Complaint, "another language"},
		{"is it normal that the app asks for my birthday or is that only for the club?", "normal_that", false, "", "its unless: the other case offered"},
		{"is it normal for kids to get a free babyccino?", "normal_that", false, "", "its unless: what someone may have"},
		// rival_does_better: held up against another café
		{"the bakery next door does a friendlier welcome and cheaper buns", "rival_does_better", true, Complaint, ""},
		{"honestly costa at least gets the milk temperature right", "rival_does_better", true, Complaint, ""},
		{"is the other branch better for working on a laptop?", "rival_does_better", false, "", "its unless: asked about the rival"},
		// thanks_then_turn: thanks, then the grievance
		{"thanks for squeezing us in, shame the table was still covered in crumbs", "thanks_then_turn", true, Complaint, ""},
		{"danke für den schnellen Service, aber der Tee war kalt", "thanks_then_turn", true, Complaint, "another language"},
		{"thanks for the help though can i also book for friday?", "thanks_then_turn", false, "", "its unless: a request after the turn"},
		{"thanks for the quick reply", "thanks_then_turn", false, "", "thanks alone"},
		{"thanks so much! though i have one more question about catering", "thanks_then_turn", false, "", "its unless: one more question announced"},
		// not_like_it_used_to_be: a change set against the past
		{"we used to come every saturday. now the pancakes are frozen ones", "not_like_it_used_to_be", true, Complaint, ""},
		{"i preferred the old cups, these ones burn your fingers", "not_like_it_used_to_be", true, Complaint, ""},
		{"you used to do a loyalty card, is that still a thing?", "not_like_it_used_to_be", false, "", "its unless: asked whether it is still done"},
		{"you changed the menu didn't you. what's the veggie option now", "not_like_it_used_to_be", false, "", "its unless: a question follows"},
		{"i used to come here all the time, now i bring my kids", "not_like_it_used_to_be", false, "", "its unless: the speaker's life changed"},
		{"we used to live nearby, since moving we come on weekends only", "not_like_it_used_to_be", false, "", "its unless: the speaker's life changed"},
		{"my kids used to love the babyccinos, now they are teenagers lol", "not_like_it_used_to_be", false, "", "its unless: the speaker's life changed"},
		{"früher war ich jeden Tag hier, jetzt arbeite ich von zu Hause", "not_like_it_used_to_be", false, "", "its unless: another language, the speaker's life"},
		{"i used to get a latte plus a muffin for 5 pounds, can i still", "not_like_it_used_to_be", false, "", "its unless: an English plus that adds"},
		{"my kids used to love the gingerbread men. now they're half the size.", "not_like_it_used_to_be", true, Complaint, "the café changed, not the kids"},
		// sarcastic_opener: praise that opens a loss
		{"oh wonderful, the window seats are gone too", "sarcastic_opener", true, Complaint, ""},
		{"great, another card reader that doesn't read cards", "sarcastic_opener", true, Complaint, ""},
		{"oh great, thank you so much for sorting it", "sarcastic_opener", false, "", "its unless: praise that thanks"},
		{"oh lovely, can i get that with oat milk?", "sarcastic_opener", false, "", "its unless: praise then a request"},
		// understated: a grievance said small
		{"the bacon roll was a bit on the greasy side", "understated", true, Complaint, ""},
		{"the service today was not quite what i hoped for", "understated", true, Complaint, ""},
		{"is the chilli soup a bit much for kids?", "understated", false, "", "its unless: asked, not told"},
		{"my english is not the best, sorry. one latte please", "understated", false, "", "its unless: said of oneself"},
		{"my coffee is not the best today", "understated", true, Complaint, "said of the café's"},
		// story_no_ask, round 10: a shop found shut from outside
		{"walked over at lunch and stood outside a locked door", "story_no_ask", true, Complaint, ""},
	}
	checkComposedRules(t, Default().WithModel(nil), tests)
}
