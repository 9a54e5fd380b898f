package gate

import "testing"

// TestSomeoneElsesSelfHarm: someone else at risk from themselves reads
// escalation [self_harm], sure, with the rules alone and the whole gate,
// also when safety, harassment or a request for a person score more
// (self-harm always wins, issue 11); their look-alikes (ending a
// relationship, idioms of dying and killing, tablets taken with
// breakfast, a prevention charity) read no self-harm. None of these rows
// is in a dev set.
func TestSomeoneElsesSelfHarm(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, text := range []string{
		"my brother says he wants to end it tonight",
		"a lady at the window table just told me she took all her tablets before she came in",
		"my dad keeps texting me he's going to kill himself, I'm at your counter",
		"the lad who works the weekends said he wants to end his life",
		"our regular says nobody would miss him and he's walking to the canal",
		"my daughter has cut her wrists in your toilet, please get someone",
		"my friend is harming herself again, she's in the disabled loo",
		"mi hermano dice que se quiere suicidar",
		"meine Kollegin will sich umbringen, sie sitzt im Lager",
		"my mate reckons he's going to top himself tonight",
		"il dit qu'il veut se tuer, il est devant le café",
		"meine Schwester redet von Selbstmord, sie sitzt draußen im Auto",
		"mi hermana habla de suicidio, está encerrada en el baño",
		"ma copine parle de mettre fin à ses jours, elle est aux toilettes",
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Intent != Escalation || d.Category != "self_harm" || d.Unsure {
				t.Errorf("%s: %q: %s [%s] unsure=%v, want escalation [self_harm], sure; cues %v", name, text, d.Intent, d.Category, d.Unsure, d.Cues)
			}
		}
	}
	for _, text := range []string{
		"my sister wants to end it with her girlfriend, what cake says sorry",
		"my son will kill himself laughing at your new sign",
		"my nan takes all her pills with breakfast, is the porridge made with water",
		"she says she wants to die of happiness after that cheesecake",
		"he's killing himself at work these days, a double espresso for him please",
		"we're raising money for suicide prevention, can we leave a tin by the till",
		// The review of the tenth wave (item 1): phrases with no third
		// person and no sense of self-harm read these as self_harm.
		"My phone is going to die, do you have a charger I can borrow?",
		"I won't be around tomorrow, can you cover my shift?",
		"I had a packet of paracetamol in my bag, did anyone hand it in?",
		"The battery on the card reader is going to die, can someone bring the spare?",
		"The manager will not be around tomorrow, ask Sam instead",
		"Honestly nobody will miss the old loyalty app, the new one is great",
		"Nobody would miss one croissant, can I have the last one for free?",
		"I want to end it, please cancel my subscription",
		"We're going to end it early today because of the storm, closing at 3",
		"Die Hitze wird mich noch umbringen, habt ihr Eiskaffee?",
		"Dieser Kaffee wird mich umbringen",
		"Comer tanto pastel es un suicidio, pero pónme otro",
		"Ich könnte gerade jemanden umbringen für einen Cappuccino.",
		"What should staff do if a customer says they want to end their life? Is there a guide?",
		"I can't believe someone would tell a teenager working a till that she should kill herself.",
		// Idioms of working oneself to death, next to the foreign phrases.
		"mon père va se tuer au travail, un double expresso pour lui",
		"ela vai se matar de trabalhar, um café duplo por favor",
		"mi jefe se quiere matar trabajando, ponle un cortado",
		"¿tenéis el número de prevención de suicidio para el cartel del baño?",
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Category == "self_harm" {
				t.Errorf("%s: look-alike %q read self_harm; cues %v", name, text, d.Cues)
			}
		}
	}
}

// TestSafetyKeepsOverSelfHarm: self-harm wins only over the categories
// that are not themselves urgent; an emergency or a threat that scores at
// least as much keeps the decision, or the ticket would tell staff to
// share a crisis line with a knife at the counter (review of the tenth
// wave, item 2). The first four are the reviewer's sentences, whose
// self-harm cues were look-alikes; the last carries a real one.
func TestSafetyKeepsOverSelfHarm(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, text := range []string{
		"Someone has pulled a knife at the counter, nobody would miss this place but help",
		"There's a fire in the kitchen and my phone is going to die, call 999",
		"A man has collapsed at table 2 and isn't breathing, I won't be around tomorrow",
		"A customer is threatening to stab the barista, my battery is going to die",
		"Someone has pulled a knife at the counter and my friend says she wants to end it",
	} {
		for name, g := range gates {
			if d := g.Classify(text); d.Intent != Escalation || (d.Category != "safety" && d.Category != "threat") {
				t.Errorf("%s: %q: %s [%s], want escalation [safety] or [threat]; cues %v", name, text, d.Intent, d.Category, d.Cues)
			}
		}
	}
}
