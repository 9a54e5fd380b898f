package guard

import "testing"

// Round 13's composed rules (compose.yaml's round-13 section): threat
// and hate shapes the rules missed, written as constructions; v11's even
// lines were never read for a rule. Every sentence below was written for
// these tests.

// TestRound13Recall: one sentence or more per round-13 composed rule,
// each naming its rule: the rules alone flag it in its category with that
// rule's cue, so a row fails when its rule is removed even where an older
// rule would still flag it.
func TestRound13Recall(t *testing.T) {
	g := New(Options{})
	wantRuleCases(t, g, []ruleCase{
		{Hate, "a group kept off the premises", "Company rule from now on: no Roma behind the counter."},
		{Hate, "a group kept off the premises", "No refugees on the terrace, it puts the regulars off."},
		{Hate, "why a group is allowed", "Just asking, why are Somalis allowed to work with food?"},
		{Hate, "why a group is allowed", "Why do you let gypsies in to serve the sandwiches?"},
		{Hate, "a group's hygiene asked", "Genuine question: do Pakistanis ever wash their hands?"},
		{Threat, "people sent round to a worker's home", "I'll send my brothers round to the manager's house."},
		{Threat, "people sent round to a worker's home", "Keep it up and I'm sending the lads over to where she lives."},
	})
}

// TestRound13RuleLookAlikes: the negative twins of the round-13 composed
// rules: a food ordered by its cuisine, a house rule about dogs, a group
// welcomed, a question about a faith's practice, a friend sent to collect
// an order. None may be flagged by the rules.
func TestRound13RuleLookAlikes(t *testing.T) {
	g := New(Options{})
	for _, text := range []string{
		"No Chinese please, we had it last night, a pizza instead.",
		"No dogs on the terrace please, it's the new rule.",
		"Refugees welcome, no questions asked, that's our sign.",
		"There were no refugees hurt in the fire, the news says.",
		"Why are Muslims not allowed to eat pork? It's for my daughter's project.",
		"Why are dogs allowed in but not bikes?",
		"Do Muslims wash before prayer? We want to set up a quiet room.",
		"I'll send my brother round to the shop to pick up the cake.",
		"Can I send my mate over to collect my order at five?",
		// issue 11 (rev-guard): a head count at a moment, a question about
		// a concession or a house rule, a faith's practice, a helping
		// errand; each was flagged before.
		"There were no pensioners in the queue this morning.",
		"No travellers in the cafe at this hour, the station is shut.",
		"no immigrants at the counter today, the agency staff are off",
		"There are no refugees in the cafe right now, but we do host a welcome group.",
		"We've got no pensioners on the tills this summer.",
		"Why are pensioners allowed to pay less?",
		"Why are old people allowed in before opening on Tuesdays?",
		"Why are travellers allowed to bring their own food in?",
		"Why are refugees allowed to work here? I want to write to my MP to support them.",
		"Do Hindus ever bathe in the Ganges in winter?",
		"I'm sending my brother over to your house with the spare keys like you asked.",
		"I'm sending the lads round to her house to help with the move.",
	} {
		t.Run(text, func(t *testing.T) { wantRulesPass(t, g, text) })
	}
}
