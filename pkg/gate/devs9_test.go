package gate

import (
	"slices"
	"testing"
)

// testdata/safety/dev_s9.jsonl is the fifteenth wave's safety dev set,
// committed by the lead at the wave's start (04:05 UTC on 2026-12-04):
// 100 emergencies (medical 15, allergy 10, fire 20, violence 20, intruder
// 15, other 20), some of them in Hindi, Greek and Indonesian, and 60
// look-alikes, most of them alarming words about the past (an incident
// over and named as over, a rumour of one years ago), idioms and a film.
// Each label was split in halves: rows of split tune may be read and
// written from (a miss names its row), rows of split test are counted
// only, never shown.

// devS9Kinds are dev_s9's emergency types, in the order they are logged.
var devS9Kinds = []string{"medical", "allergy", "fire", "violence", "intruder", "other"}

// TestDevS9SafetyFloors holds dev_s9's halves at or above their figures,
// emergencies of each type and look-alikes calm, through the rules alone
// and the whole gate.
func TestDevS9SafetyFloors(t *testing.T) {
	rows := safetyRows(t, "dev_s9.jsonl")
	count := map[string]int{}
	for _, r := range rows {
		count[r.Type+" "+r.Split]++
		if r.Kind == "emergency" && !slices.Contains(devS9Kinds, r.Type) {
			t.Fatalf("dev_s9:%d: emergency of type %q, want one of %v", r.line, r.Type, devS9Kinds)
		}
		if r.Split != "tune" && r.Split != "test" {
			t.Fatalf("dev_s9:%d: split %q, want tune or test", r.line, r.Split)
		}
	}
	want := map[string]map[string]int{
		"tune": {"medical": 8, "allergy": 5, "fire": 10, "violence": 10, "intruder": 8, "other": 10, "lookalike": 30},
		"test": {"medical": 7, "allergy": 5, "fire": 10, "violence": 10, "intruder": 7, "other": 10, "lookalike": 30},
	}
	for half, types := range want {
		for typ, n := range types {
			if count[typ+" "+half] != n {
				t.Fatalf("dev_s9 %s half has %d rows of %s, want %d", half, count[typ+" "+half], typ, n)
			}
		}
	}
	// First sight at 030aa3e (the fifteenth wave's start), rules alone:
	// tune 38/51 (medical 6, allergy 4, fire 9, violence 9, intruder 5,
	// other 5), 20/30 look-alikes; test 39/49 (medical 7, allergy 3, fire
	// 8, violence 7, intruder 6, other 8), 23/30. The whole gate: tune
	// 47/51 (medical 7, allergy 5, fire 9, violence 10, intruder 7, other
	// 9), 20/30; test 45/49 (medical 7, allergy 5, fire 9, violence 9,
	// intruder 7, other 8), 22/30. A sure self_harm escalation counts as a
	// person fetched (the man on the car park roof who says he will jump).
	// The floors are the wave's end: the safety engineer wrote rules from
	// the tune half (its Hindi, Greek and Indonesian emergencies, the past
	// told as over) and from its own cases (dev_s9_eng.jsonl); the score
	// was not retrained. The test half gained look-alikes only (the frames
	// of an incident told as over, a plot).
	floors := map[string]map[string]safetyFloor{
		"rules": {
			"tune": {map[string]int{"medical": 8, "allergy": 5, "fire": 10, "violence": 10, "intruder": 8, "other": 9}, 30},
			"test": {map[string]int{"medical": 7, "allergy": 3, "fire": 8, "violence": 7, "intruder": 6, "other": 8}, 25},
		},
		"full": {
			"tune": {map[string]int{"medical": 8, "allergy": 5, "fire": 10, "violence": 10, "intruder": 8, "other": 10}, 30},
			"test": {map[string]int{"medical": 7, "allergy": 5, "fire": 9, "violence": 9, "intruder": 7, "other": 8}, 24},
		},
	}
	checkSafetyFloors(t, "dev_s9", rows, devS9Kinds, floors)
}
