package gate

import (
	"testing"
)

// The fourteenth wave's safety rules (compose.yaml: intruder_now,
// hazard_now, danger_here, child_missing, violence_now and their unless
// lists), written from the tune halves of dev_s7 and dev_s8 and the
// engineer's own cases (testdata/safety/dev_s8_eng.jsonl). None of these
// sentences is a row of a dev set.

// round14Emergencies are emergencies in the new shapes: someone who
// should not be there, fire and gas told without the older words, and
// other dangers (a crush, someone trapped, a vehicle into the shop).
var round14Emergencies = []string{
	// Intruders.
	"a bloke came in through the fire exit and he's in the stockroom now",
	"some guy climbed in the toilet window, he's inside",
	"idk who he is but he's behind the bar helping himself",
	"man in the kitchen, won't leave, says he knows the owner",
	"there's a stranger upstairs and I'm closing alone",
	"a woman has locked herself in the back office and she doesn't work here",
	"alarm was already off this morning and there are footprints across the prep room",
	"I can hear someone in the cellar and we closed an hour ago",
	"the motion alarm says stockroom motion and the front glass is cracked",
	"he was banging on the hatch saying I know you're in there",
	"someone is walking around on the roof and it's 3am",
	"burglar alarm going off after closing and the side door is wide open",
	"the office has been ransacked and the petty cash is gone",
	"a man is hiding behind the bins and watching me lock up",
	"un desconocido en la cocina y no quiere salir, estoy sola",
	"jemand ist im Lager, der nicht hierher gehört",
	"koi aadmi store room mein ghus gaya hai",
	"caught a man behind the till with his hand in the drawer",
	"the cctv is showing someone inside the office and we're all at home",
	// Fire, gas and carbon monoxide.
	"it smells eggy by the hob and it's getting stronger",
	"the gas pipe by the cooker is hissing",
	"two of us have headaches and feel sick, the boiler has been making noises",
	"the power bank behind the till is smoking",
	"the laptop battery swelled up and is hissing and smoking",
	"burning smell from the fuse box and the lights are flickering",
	"the fire alarm is going off and nobody knows why",
	"the bin store is smouldering",
	"esce fumo dal forno",
	// Other dangers.
	"people are getting crushed against the doors at the front",
	"the cleaner is trapped in the cold room and can't get out",
	"a van ploughed into the terrace, people were sitting out",
	"a man is standing on a ledge above the car park",
	"there's a holdall under table 3 making a ticking noise",
	"a little boy has been on his own for ages and nobody has come for him",
	"my toddler's hand is stuck in the bin chute",
	"a dog has been shut in a car in the sun for an hour",
	"the wind ripped the sign half off and it's swinging over the queue",
	"sewage is coming up through the floor and it's rising",
	// Known misses of the thirteenth wave in other words.
	"a man threw a chair at the barista",
	"un homme frappe un client",
}

// round14Lookalikes reuse those words with nobody in danger: the
// brief's look-alikes (a delivery expected at the back door, staff in the
// back, a drill, a gas engineer's visit, burnt toast) and the thirteenth
// wave's two known false positives.
var round14Lookalikes = []string{
	"my brother punched the air when he saw the cake",
	"she kicked the air when the score came in",
	"smells like gas? no wait it's the truffle oil, my bad",
	"smells like gas? nah it's just the eggs",
	"smells like burnt toast lol",
	"the delivery is due at the back door at 7, let him in",
	"staff in the back are on their break",
	"there's a man in the back - oh it's the plumber, never mind",
	"this is just a drill, everyone out to the car park",
	"the gas engineer is coming on monday to service the boiler",
	"the co alarm needs a new battery, it keeps chirping",
	"how do I put out a small grease fire at home?",
	"what extinguisher is right for an oil fire?",
	"we had a break-in last year, is the insurance sorted",
	"the chef won't leave the kitchen until the order is done",
	"my son is stuck in the toilet queue lol",
	"the ticking clock in the corner is lovely",
	"the wood-fired pizza was burnt on the bottom",
	"I left my kid's car seat in your car park",
	"the guy who tried the back door last night was the new cleaner",
	"I heard a noise in the stockroom - just a box falling",
	"there was a gas smell last week but the engineer fixed it",
	"we had smoke from the toaster, it was just crumbs",
	"someone is hiding the good spoons in the staff room",
	"hay mesas libres en la terraza esta tarde?",
	"do you have CCTV inside the shop",
	"I want to make an injury claim about my fall last month",
	"¿se admiten perros en la terraza?",
}

// TestRound14SafetyRules: each emergency goes to a person at once through
// the rules alone and through the whole gate, and no look-alike is read
// as safety either way.
func TestRound14SafetyRules(t *testing.T) {
	for name, g := range twelfthGates() {
		wantPersonAtOnce(t, name, g, round14Emergencies)
		wantNoSafetyEscalation(t, name, g, round14Lookalikes)
	}
}

// TestDevS8EngCases holds the engineer's own cases (dev_s8_eng.jsonl):
// through the rules alone and the whole gate every emergency goes to a
// person and every look-alike stays calm, in both of its splits: tune
// (the score learns them too) and rules (the later cases only the rules
// were written from; the score retrained on them lost floors elsewhere,
// see testdata/safety/README.md).
func TestDevS8EngCases(t *testing.T) {
	rows := safetyRows(t, "dev_s8_eng.jsonl")
	count := map[string]int{}
	for _, r := range rows {
		if r.Split != "tune" && r.Split != "rules" {
			t.Fatalf("dev_s8_eng:%d: split %q, want tune or rules (the engineer's own cases)", r.line, r.Split)
		}
		count[r.Split+" "+r.Kind]++
	}
	for name, g := range twelfthGates() {
		for _, half := range []string{"tune", "rules"} {
			got, misses := readDevS6(g, rows, half)
			t.Logf("dev_s8_eng %s, %s: %d/%d emergencies to a person, %d/%d look-alikes calm", half, name,
				got.emergencies(), count[half+" emergency"], got.lookalikes, count[half+" lookalike"])
			for _, m := range misses {
				t.Errorf("dev_s8_eng %s, %s: %s", half, name, m)
			}
		}
	}
}

// TestSafetyDataReadsTuneHalvesOnly: the safety score learns from the
// tune halves of dev_s7 and dev_s8 (split tune) and never from their test
// halves.
func TestSafetyDataReadsTuneHalvesOnly(t *testing.T) {
	d := safetyData(t)
	in := map[string]bool{}
	for _, group := range [][]string{d.Emergencies, d.Lookalikes, d.Cafe, d.Calibrate} {
		for _, text := range group {
			in[text] = true
		}
	}
	for _, name := range []string{"dev_s7.jsonl", "dev_s8.jsonl", "dev_s8_eng.jsonl"} {
		tune, test := 0, 0
		for _, r := range safetyRows(t, name) {
			switch r.Split {
			case "tune":
				tune++
				if !in[r.Text] {
					t.Errorf("%s:%d (tune) does not reach the safety score", name, r.line)
				}
			default:
				test++
				if in[r.Text] {
					t.Errorf("%s:%d (split %s) trains or calibrates the safety score", name, r.line, r.Split)
				}
			}
		}
		t.Logf("%s: %d tune rows read, %d others left out", name, tune, test)
		if tune == 0 {
			t.Errorf("%s: no tune rows", name)
		}
	}
}
