package gate

import (
	"slices"
	"testing"
)

// testdata/safety/dev_s7.jsonl is the thirteenth wave's safety dev set,
// written by hand before any of its rule or score changes, in voices
// unlike dev_s6's: hurried staff on a shift tablet, hedged or calm
// wording ("not sure if this is a thing but"), danger only implied
// (someone out back who won't say what he wants, a door tried after
// close), a rider or a customer reporting for staff. 120 emergencies
// (intruder 40, other 40, fire 20, violence 20; 21 in other languages)
// and 80 look-alikes, among them a bare "help" and "I need someone now"
// about a loyalty card, an order or a booking. Each type's rows were
// paired at random and each pair split: odd lines tune (a miss names its
// row), even lines test (counts only, never a row).

// devS7Kinds are dev_s7's emergency types, in the order they are logged.
var devS7Kinds = []string{"intruder", "other", "fire", "violence"}

// TestDevS7SafetyFloors holds dev_s7's halves at or above their figures,
// emergencies of each type and look-alikes calm, through the rules alone
// and the whole gate.
func TestDevS7SafetyFloors(t *testing.T) {
	rows := safetyRows(t, "dev_s7.jsonl")
	var splits []string
	count := map[string]int{}
	for _, r := range rows {
		splits = append(splits, r.Split)
		count[r.Type+" "+r.Split]++
		if r.Kind == "emergency" && !slices.Contains(devS7Kinds, r.Type) {
			t.Fatalf("dev_s7:%d: emergency of type %q, want one of %v", r.line, r.Type, devS7Kinds)
		}
	}
	checkTuneTest(t, "dev_s7", splits)
	for _, half := range []string{"tune", "test"} {
		for typ, n := range map[string]int{"intruder": 20, "other": 20, "fire": 10, "violence": 10, "lookalike": 40} {
			if count[typ+" "+half] != n {
				t.Fatalf("dev_s7 %s half has %d rows of %s, want %d", half, count[typ+" "+half], typ, n)
			}
		}
	}
	// First sight at 82d89ed (the thirteenth wave's start), rules alone:
	// tune 26/60 (intruder 3, other 9, fire 8, violence 6), 38/40
	// look-alikes; test 23/60 (intruder 2, other 10, fire 6, violence 5),
	// 38/40. The whole gate: tune 36/60 (intruder 7, other 13, fire 8,
	// violence 8), 36/40; test 32/60 (intruder 5, other 12, fire 9,
	// violence 6), 35/40. The floors are the fourteenth wave's end, whose
	// rules were written from the tune half (and dev_s8's) and whose safety
	// score learnt from both tune halves: rules alone test 30/60, 38/40;
	// the whole gate test 42/60 (intruder 11, other 12, fire 10, violence
	// 9), 37/40; tune 60/60 and 40/40 both ways. The fifteenth wave's
	// look-alike frames (incidents told as over, drills, films) clear one
	// more test look-alike: 38/40.
	floors := map[string]map[string]safetyFloor{
		"rules": {
			"tune": {map[string]int{"intruder": 20, "other": 20, "fire": 10, "violence": 10}, 40},
			"test": {map[string]int{"intruder": 6, "other": 10, "fire": 8, "violence": 6}, 38},
		},
		"full": {
			"tune": {map[string]int{"intruder": 20, "other": 20, "fire": 10, "violence": 10}, 40},
			"test": {map[string]int{"intruder": 11, "other": 12, "fire": 10, "violence": 9}, 38},
		},
	}
	checkSafetyFloors(t, "dev_s7", rows, devS7Kinds, floors)
}
