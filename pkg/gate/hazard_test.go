package gate

import (
	"slices"
	"testing"
)

// TestHazardsEscalate: fire, smoke, gas and a person who collapsed go to
// a person as safety, with the rules alone and with the learned layer,
// and the same words in praise, food and baking do not. Before these
// rules "someone collapsed in the queue" read as a complaint about the
// wait and "there's smoke coming from the oven" as a menu question.
func TestHazardsEscalate(t *testing.T) {
	escalate := []struct{ text, rule string }{
		{"someone collapsed in the queue at the station kiosk", "emergency"},
		{"a lady just collapsed near the counter", "emergency"},
		{"customer has collapsed by the toilets, please send someone", "emergency"},
		{"there's smoke coming from the oven", "hazard"},
		{"the toaster is on fire", "hazard"},
		{"i can smell gas near the back door", "hazard"},
		{"the coffee machine caught fire and nobody is doing anything", "hazard"},
		{"the plug by table 6 is sparking", "hazard"},
		{"loved the flat white but there's smoke everywhere in the back room", "hazard"},
	}
	rules := Default().WithModel(nil)
	full := Default()
	for _, tt := range escalate {
		t.Run(tt.text, func(t *testing.T) {
			if got := composedRules(t, tt.text); !slices.Contains(got, tt.rule) {
				t.Errorf("rule %s did not fire; composed rules: %v", tt.rule, got)
			}
			for _, g := range []*Gate{rules, full} {
				if d := g.Classify(tt.text); d.Intent != Escalation || d.Category != "safety" || d.Unsure {
					t.Errorf("%s [%s] unsure=%v, want escalation [safety], sure; cues %v", d.Intent, d.Category, d.Unsure, d.Cues)
				}
			}
		})
	}
	for _, text := range []string{
		"my smoked salmon bagel was cold",
		"the new menu is fire",
		"you guys are on fire today",
		"your prices are on fire lol",
		"gas station coffee tastes better",
		"my cake collapsed in the middle",
		"is the gas fireplace on in the lounge?",
		"the fire alarm test is at 10, will you be open?",
		"it smells burnt, the beans are over-roasted",
	} {
		t.Run(text, func(t *testing.T) {
			if got := composedRules(t, text); slices.Contains(got, "hazard") || slices.Contains(got, "emergency") {
				t.Errorf("a look-alike fired a safety rule: %v", got)
			}
			if d := full.Classify(text); d.Category == "safety" {
				t.Errorf("%s [safety], want no safety escalation; cues %v", d.Intent, d.Cues)
			}
		})
	}
}

// TestSafetyPhrasesNeedAPerson: the tenth wave's person_down, hazard_now
// and violence_now phrases fire with a person at risk named, and not on
// the review's look-alikes (item 7): a queue that does not move, a table
// outside in the snow, a shop's address, an idiom of a strong drink,
// peeling wallpaper, a wheelchair user asking about access, a tired
// worker, a sister's joke. None of these rows is in a dev set.
func TestSafetyPhrasesNeedAPerson(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, text := range []string{
		"my grandad is sat outside in the snow and he can't stand up",
		"un hombre en la puerta no se mueve, llamen a una ambulancia",
		"her partner just grabbed her by the throat at table 3",
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Intent != Escalation || d.Category != "safety" {
				t.Errorf("%s: %q: %s [%s], want escalation [safety]; cues %v", name, text, d.Intent, d.Category, d.Cues)
			}
		}
	}
	for _, text := range []string{
		"la cola no se mueve, llevamos veinte minutos",
		"Can we sit outside in the snow? Do you have blankets?",
		"We're sat outside in the freezing cold, can someone turn the heaters on?",
		"The new shop could be on the main road, where is it exactly?",
		"That ginger shot grabs you by the throat, love it",
		"the wallpaper in the loo is coming away from the wall",
		"My mum uses a wheelchair and cannot stand up, is there step-free access?",
		"I've been on my feet all shift and can't stand up any longer, can I take my break?",
		`lol my sister just texted "i'm going to strangle you" because i drank her cold brew`,
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Category == "safety" {
				t.Errorf("%s: look-alike %q read %s [safety]; cues %v", name, text, d.Intent, d.Cues)
			}
		}
	}
}
