package gate

import (
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// The fifteenth wave's safety rules (compose.yaml: signs_now, the frames
// of an incident told as over in every safety rule but the food ones, the
// plot, drink, phone and spice look-alikes, and the new languages),
// written from dev_s9's tune half and the engineer's own cases
// (testdata/safety/dev_s9_eng.jsonl). None of these sentences is a row of
// a dev set or of the engineer's file.

// round15Emergencies are emergencies told by their signs, calmly or in
// another language.
var round15Emergencies = []string{
	// Someone who no longer answers, or has gone a bad colour.
	"my granddad has gone really grey and is not really responding to us",
	"sorry, my sister's lips are looking bluish and she's very quiet",
	"la señora se ha caído en el baño y no contesta",
	"meine Oma reagiert nicht mehr, bitte kommen Sie",
	"mon grand-père ne répond plus et il est tout pâle",
	"il signore al bancone non risponde",
	"dziadek zbladł i nie odpowiada",
	// Smoke, flames and a glow told another way.
	"aus dem Toaster kommt Rauch",
	"z tostera leci dym",
	"the candle caught the napkins and it is flaring up",
	"I can see an orange glow coming from the stockroom",
	// A vehicle into the shop or the water, people hurt, a head stuck.
	"une camionnette est rentrée dans la terrasse",
	"a van just smashed into the terrasse, people are hurt",
	"ein Mädchen steckt mit dem Kopf zwischen den Stäben fest",
	"a car has rolled into the canal and someone is trapped in the car",
	"the big sign is coming loose in the wind over the tables",
	// Intruders, shots, a child alone.
	"a woman I don't know is in the back office going through the drawers",
	"Ada orang asing masuk lewat jendela dapur",
	"we heard shots outside and people are running",
	"a toddler is wandering alone by the road and I can't see any parents",
	// Other languages the sets carry.
	"dapur kebakaran, banyak asap",
	"koi behosh ho gaya hai counter ke paas",
	"ein Mann bedroht die Barista mit einem Messer",
	// Hiding after closing in another language, a way in found open and
	// things gone, cuts all over.
	"hay un hombre escondido en el almacén y estoy sola",
	"the fire exit was open when I came in and the laptop has gone from the office",
	"a boy fell through the glass table and he's covered in cuts",
}

// round15Lookalikes reuse those words with nobody in danger now: a plot,
// a drill or a visit, an incident told as over, a phone not answered,
// lips dyed by a drink, a mouth on fire from spice, smoke from a
// barbecue.
var round15Lookalikes = []string{
	// Over, and told as over.
	"my aunt fainted here years ago and still talks about how kind you were",
	"there was a fire in the bins last month, are the new ones fireproof?",
	"the lady who collapsed on Friday is my mum. She is recovering well, thank you all",
	"was there really a robbery at your old shop in 2015?",
	"ayer hubo humo en la cocina, pero todo bien, ¿abrís hoy?",
	"le mois dernier une voiture est rentrée dans la vitrine, c'est réparé maintenant",
	// A plot.
	"in the film a woman gets attacked in a café, so tense",
	"the podcast where the baker collapses on stage is brilliant",
	"my son is writing a story where the kitchen catches fire, can he look round?",
	"the episode where the barista gets stabbed had me hooked",
	// Not a person in crisis.
	"my grandma doesn't answer her phone, could you ring her for me?",
	"mi abuela no contesta al teléfono, ¿me deja llamar?",
	"the blue raspberry slush has turned my lips purple lol",
	"that sriracha wrap is so spicy, my mouth is on fire",
	"the smoke from the barbecue next door keeps drifting in",
	"it sounded like gunshots but it was just the shutters",
	"the cake stand is about to topple with all those cupcakes, lol",
	"my daughter is drowning in homework this week",
	"that curry was behosh kar dene wala, amazing",
	// The known false positive of the wave's brief: a call already made,
	// no danger told (E2's police_called reads it; safety must not).
	"Called the police.",
}

// TestRound15Emergencies: each sign goes to a person at once, through the
// rules alone and the whole gate.
func TestRound15Emergencies(t *testing.T) {
	for name, g := range twelfthGates() {
		wantPersonAtOnce(t, name, g, round15Emergencies)
	}
}

// TestRound15Lookalikes: each look-alike stays clear of the safety and
// self-harm flags, through the rules alone and the whole gate.
func TestRound15Lookalikes(t *testing.T) {
	for name, g := range twelfthGates() {
		wantNoSafetyEscalation(t, name, g, round15Lookalikes)
	}
}

// TestDevS9EngCases holds the engineer's own cases, written in four
// batches, each read through the tree of its time before rules were
// written from it: every emergency to a person at once, every look-alike
// clear, but one emergency the rules do not read (the extractor hood
// dripping "orange stuff"); through the rules alone the score's share is
// missing.
func TestDevS9EngCases(t *testing.T) {
	rows := safetyRows(t, "dev_s9_eng.jsonl")
	count := map[string]int{}
	for _, r := range rows {
		if r.Split != "rules" {
			t.Fatalf("dev_s9_eng:%d: split %q, want rules (the engineer's own cases)", r.line, r.Split)
		}
		count[r.Kind]++
	}
	floors := map[string][2]int{"rules": {102, 112}, "full": {132, 112}}
	for name, g := range twelfthGates() {
		got, misses := readDevS6(g, rows, "rules")
		t.Logf("dev_s9_eng, %s: %d/%d emergencies to a person, %d/%d look-alikes calm", name,
			got.emergencies(), count["emergency"], got.lookalikes, count["lookalike"])
		if got.emergencies() < floors[name][0] || got.lookalikes < floors[name][1] {
			t.Errorf("dev_s9_eng, %s: %d emergencies, %d look-alikes, floors %v", name, got.emergencies(), got.lookalikes, floors[name])
			for _, m := range misses {
				t.Log("  " + m)
			}
		}
	}
}

// TestStatedNow: a now word marks a state at the time of writing unless a
// word of being well stands beside it.
func TestStatedNow(t *testing.T) {
	for text, want := range map[string]bool{
		" and now my son is being sick":           true,
		"she is shaking right now":                true,
		"at the moment he cannot stand":           true,
		"y ahora no puede respirar":               true,
		"und jetzt atmet er kaum":                 true,
		" , all fine now":                         false,
		"she is ok now, thanks":                   false,
		"teraz wszystko w porządku":               false,
		"now we know where the fire exit is":      false,
		"he was taken to hospital and is home":    false,
		"nowhere to sit, the snow is coming down": false,
	} {
		if got := statedNow(text); got != want {
			t.Errorf("statedNow(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestPastFrameWithNowRescored: a message whose past frame the rules read
// as a look-alike ("yesterday") but whose rest says something is
// happening now is scored whole; one told as over is scored on its rest,
// never above the whole message.
func TestPastFrameWithNowRescored(t *testing.T) {
	g := Default()
	m := g.safety
	for text, whole := range map[string]bool{
		"we had the prawns here yesterday and now my wife is shaking and cannot stand": true,
		"my dad fainted here last year, he was fine after":                             false,
		"there was smoke in the kitchen last month, is the new extractor in":           false,
	} {
		d := g.Classify(text)
		if !d.SafetyLookalike {
			t.Fatalf("%q: no look-alike read; cues %v", text, d.Cues)
		}
		a := analysis.Of(text)
		got := safetyProb(m, a, nil, &d)
		full := m.Predict(a)[0]
		want := full
		if !whole {
			want = min(m.Predict(analysis.Of(d.SafetyRest))[0], full)
		}
		if got != want {
			t.Errorf("%q: score %.3f, want %.3f (whole message %.3f, scored whole %v, rest %q)", text, got, want, full, whole, d.SafetyRest)
		}
	}
}
