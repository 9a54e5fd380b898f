package gate

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testdata/safety/dev_s6.jsonl is the twelfth wave's safety dev set,
// written by hand before any of its rule or score changes: 120
// emergencies weighted to intruders (someone behind the counter, in the
// stockroom, at the back door after close) and other dangers (gas, flood,
// electrics, a child locked in a car, a collapse outside, a crush), with
// violence, fire and medical controls, and 80 look-alikes that reuse
// their words with nobody in danger (loyalty numbers, offers "on fire", a
// colleague in the back, film plots, events already over); 34 rows in
// other languages. Odd lines tune (a miss names its row), even lines test
// (counts only, never a row).

// devS6Kinds are dev_s6's emergency types, in the order they are logged.
var devS6Kinds = []string{"intruder", "other", "violence", "fire", "medical"}

// devS6Reading is one gate's reading of a dev_s6 half: emergencies a
// person must see at once (safety, threat or self_harm, sure) by type,
// and look-alikes neither flagged safety nor self_harm.
type devS6Reading struct {
	byType     map[string]int
	lookalikes int
}

func (r devS6Reading) emergencies() int {
	n := 0
	for _, v := range r.byType {
		n += v
	}
	return n
}

// readDevS6 reads one half of dev_s6 through g, with its misses.
func readDevS6(g *Gate, rows []safetyRow, half string) (got devS6Reading, misses []string) {
	got.byType = map[string]int{}
	for _, r := range rows {
		if r.Split != half {
			continue
		}
		d := g.Classify(r.Text)
		switch {
		case r.Kind == "lookalike":
			if d.Category != "safety" && d.Category != "self_harm" {
				got.lookalikes++
			} else {
				misses = append(misses, fmt.Sprintf("line %d: look-alike %q flagged %s %v", r.line, r.Text, d.Category, d.Cues))
			}
		case safetyOrNot(d):
			got.byType[r.Type]++
		default:
			misses = append(misses, fmt.Sprintf("line %d: %s %q read %s [%s] unsure=%v %v", r.line, r.Type, r.Text, d.Intent, d.Category, d.Unsure, d.Cues))
		}
	}
	return got, misses
}

// TestDevS6SafetyFloors holds dev_s6's halves at or above their figures,
// emergencies of each type and look-alikes calm.
func TestDevS6SafetyFloors(t *testing.T) {
	rows := safetyRows(t, "dev_s6.jsonl")
	var splits []string
	count := map[string]int{}
	for _, r := range rows {
		splits = append(splits, r.Split)
		count[r.Type+" "+r.Split]++
		if r.Kind == "emergency" && !slices.Contains(devS6Kinds, r.Type) {
			t.Fatalf("dev_s6:%d: emergency of type %q, want one of %v", r.line, r.Type, devS6Kinds)
		}
	}
	checkTuneTest(t, "dev_s6", splits)
	// Each half: intruder 24, other 24, violence 6, fire 3, medical 3
	// and 40 look-alikes (pairs of one type were split at random).
	for _, half := range []string{"tune", "test"} {
		for typ, n := range map[string]int{"intruder": 24, "other": 24, "violence": 6, "fire": 3, "medical": 3, "lookalike": 40} {
			if count[typ+" "+half] != n {
				t.Fatalf("dev_s6 %s half has %d rows of %s, want %d", half, count[typ+" "+half], typ, n)
			}
		}
	}
	// First sight at b6fa126 (the twelfth wave's start), rules alone:
	// tune 24/60 (intruder 3, other 12, violence 4, fire 2, medical 3),
	// 38/40 look-alikes; test 25/60 (intruder 5, other 11, violence 4,
	// fire 2, medical 3), 37/40. The whole gate: tune 41/60 (intruder 11, other 19, violence 6, fire 2,
	// medical 3), 36/40 look-alikes; test 34/60 (intruder 10, other 14,
	// violence 5, fire 2, medical 3), 37/40. After the twelfth wave's
	// rules from the tune half (intruder_now; a freezer, a lift, a fan,
	// a child in a car, a collapse and a fire in other languages; offers
	// "on fire" and a squabble over a cake as look-alikes): rules alone
	// tune 49/60 (intruder 21, other 18, violence 4, fire 3, medical 3),
	// 40/40; test 43/60 (intruder 20, other 14, violence 4, fire 2,
	// medical 3), 37/40. Whole gate tune 59/60 (intruder 23, other 24),
	// 38/40; test 48/60 (intruder 21, other 17, violence 5, fire 2,
	// medical 3), 37/40.
	floors := map[string]map[string]safetyFloor{
		"rules": {
			"tune": {map[string]int{"intruder": 21, "other": 18, "violence": 4, "fire": 3, "medical": 3}, 40},
			"test": {map[string]int{"intruder": 20, "other": 14, "violence": 4, "fire": 2, "medical": 3}, 37},
		},
		"full": {
			"tune": {map[string]int{"intruder": 23, "other": 24, "violence": 6, "fire": 3, "medical": 3}, 38},
			"test": {map[string]int{"intruder": 21, "other": 17, "violence": 5, "fire": 2, "medical": 3}, 37},
		},
	}
	checkSafetyFloors(t, "dev_s6", rows, devS6Kinds, floors)
}

// TestTwelfthWaveKnownMisses: the three misses the twelfth wave started
// from, each with benign twins, through the rules alone and the whole
// gate. A loyalty count gone wrong with a plea for help is no emergency
// (the score read "help" and "now"); the writer about to jump from
// somewhere high reads self_harm, sure (the caring reply, the crisis line
// and an urgent ticket), not a generic emergency; a lad kicking the door
// for ten minutes reaches a person.
func TestTwelfthWaveKnownMisses(t *testing.T) {
	calm := []string{
		"8 stamps now 2", "8 stamps now 2 help", "8 stamps now 2, someone help", "help 8 stamps now 2",
		"8 stamps now 2, I need someone now",
		// Twins: getting off a bus is no jump; kicking oneself is regret.
		"i'm going to jump off the bus at the next stop and grab a coffee",
		"someone needs to sort that lad out with a flat white, he's been kicking himself for forgetting his wallet",
	}
	selfHarm := []string{"i'm going to jump off the car park roof", "im going to jump off the bridge tonight"}
	person := []string{
		"someone needs to sort that lad out, he's been kicking the door for ten minutes",
		// Twins: an emergency beside a loyalty count, and someone else
		// about to jump (a person now, as safety or self_harm).
		"i had 8 stamps now 2 and the man at the next table has collapsed, help",
		"he's going to jump off the car park roof",
	}
	for name, g := range twelfthGates() {
		wantNoSafetyEscalation(t, name, g, calm)
		for _, text := range selfHarm {
			if d := g.Classify(text); d.Intent != Escalation || d.Category != "self_harm" || d.Unsure {
				t.Errorf("%s: %q: %s [%s] unsure=%v, want escalation [self_harm], sure; cues %v", name, text, d.Intent, d.Category, d.Unsure, d.Cues)
			}
		}
		wantPersonAtOnce(t, name, g, person)
	}
}

// TestTwelfthWaveIntruderAndOther: a sentence of our own (none in a dev
// set) for each reading the twelfth wave added from dev_s6's tune half,
// and look-alikes that share their words, through the rules alone and
// the whole gate. Someone who should not be there (a stranger in a
// staff-only place, a break-in, a door tried after close or while alone,
// someone over the counter) is an emergency; so are someone shut in a
// freezer or a lift, a fan smoking or a cable melting, something tearing
// loose in the wind, a child locked in a car, a collapse or a fire said
// in French or Spanish.
func TestTwelfthWaveIntruderAndOther(t *testing.T) {
	emergencies := []string{
		"there's a woman in our back office who doesn't work here, she's going through the desk",
		"a stranger has walked into the kitchen and won't go",
		"i think we've been broken into, the stockroom window is smashed",
		"someone's prising open the side door right now",
		"some guy just vaulted the counter and grabbed the float",
		"it's 2am and someone is trying the back door handle, I'm cleaning on my own",
		"a man came round the counter and is pulling the till open",
		"camera shows someone moving about in the stockroom and we're all upstairs",
		"intruso en la cocina, no es de aquí",
		"ein Fremder ist in der Küche und geht nicht",
		"the chef is shut in the walk-in freezer, the handle's broken",
		"the lift is stuck between floors and there's an old man in it",
		"the extractor fan is smoking over the fryer",
		"the cable to the till is melting",
		"the sign over the door is tearing off in the wind",
		"a little boy is locked in that blue car outside, it's baking",
		"elle s'est effondrée au comptoir, elle ne bouge plus",
		"au feu! la cuisine brûle",
		"hay un incendio en la cocina",
	}
	lookalikes := []string{
		"our new starter doesn't work here on weekends, only weekdays",
		"who broke in the new espresso machine? it's brilliant",
		"we had a burglar in a film on tuesday, the stockroom scene was great",
		"I was trying the door at 7 but you were closed, what are your hours",
		"the fan's been smoking hot all day, lovely cold brew though",
		"the freezer's stuck shut, can someone bring a knife to prise it, no rush",
		"the lift was stuck between floors last week, is it fixed?",
		"those deals are on fire, 2 for 1 muffins",
		"the kids were fighting over the last cookie, sorry about the noise",
		"simulacro de incendio a las 11",
		"the stranger things mug in the kitchen is mine",
		"can I leave my car locked in your car park while I shop",
	}
	for name, g := range twelfthGates() {
		wantPersonAtOnce(t, name, g, emergencies)
		wantNoSafetyEscalation(t, name, g, lookalikes)
	}
}

// safetyFloor is one half's floor through one gate: emergencies handled
// right by type, and look-alikes left calm.
type safetyFloor struct {
	byType     map[string]int
	lookalikes int
}

// checkSafetyFloors reads both halves of a safety dev set through the
// rules alone and the whole gate (twelfthGates), logs each reading and
// fails t where a type of emergency or the look-alikes fall under
// floors[gate][half]. Only the tune half's misses are ever shown.
func checkSafetyFloors(t *testing.T, set string, rows []safetyRow, kinds []string, floors map[string]map[string]safetyFloor) {
	t.Helper()
	count := map[string]int{}
	for _, r := range rows {
		count[r.Type+" "+r.Split]++
	}
	for _, name := range []string{"rules", "full"} {
		g := twelfthGates()[name]
		for _, half := range []string{"tune", "test"} {
			got, misses := readDevS6(g, rows, half)
			var parts []string
			of := 0
			for _, k := range kinds {
				of += count[k+" "+half]
				parts = append(parts, fmt.Sprintf("%s %d/%d", k, got.byType[k], count[k+" "+half]))
			}
			t.Logf("%s %s, %s: %d/%d emergencies to a person (%s), %d/%d look-alikes calm", set, half, name, got.emergencies(), of, strings.Join(parts, ", "), got.lookalikes, count["lookalike "+half])
			f := floors[name][half]
			ok := got.lookalikes >= f.lookalikes
			for _, k := range kinds {
				if got.byType[k] < f.byType[k] {
					ok = false
					t.Errorf("%s %s, %s: %s %d right, floor %d", set, half, name, k, got.byType[k], f.byType[k])
				}
			}
			if got.lookalikes < f.lookalikes {
				t.Errorf("%s %s, %s: %d look-alikes calm, floor %d", set, half, name, got.lookalikes, f.lookalikes)
			}
			if (!ok || testing.Verbose()) && half == "tune" {
				for _, m := range misses {
					t.Log("  " + m)
				}
			}
		}
	}
}

// twelfthGates are the gates the twelfth wave's sentences are read
// through: the rules alone (no learned layer, no safety score) and the
// whole gate.
func twelfthGates() map[string]*Gate {
	return map[string]*Gate{"rules": Default().WithModel(nil).WithSafety(nil), "full": Default()}
}

// wantPersonAtOnce fails t unless g sends each text to a person at once:
// a sure safety, threat or self_harm escalation (safetyOrNot).
func wantPersonAtOnce(t *testing.T, name string, g *Gate, texts []string) {
	t.Helper()
	for _, text := range texts {
		if d := g.Classify(text); !safetyOrNot(d) {
			t.Errorf("%s: %q: %s [%s] unsure=%v, want a sure safety, threat or self_harm escalation; cues %v", name, text, d.Intent, d.Category, d.Unsure, d.Cues)
		}
	}
}

// wantNoSafetyEscalation fails t if g reads any text as safety or
// self_harm.
func wantNoSafetyEscalation(t *testing.T, name string, g *Gate, texts []string) {
	t.Helper()
	for _, text := range texts {
		if d := g.Classify(text); d.Category == "safety" || d.Category == "self_harm" {
			t.Errorf("%s: %q: %s [%s], want no safety or self_harm escalation; cues %v", name, text, d.Intent, d.Category, d.Cues)
		}
	}
}
