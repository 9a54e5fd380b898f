package gate

import (
	"fmt"
	"path/filepath"
	"testing"
)

// The tenth wave's dev sets, written by hand before any of its rule or
// weight changes: testdata/gate/dev_g5.jsonl (complaints at the faq and
// transactional boundary, transactional wording without the usual
// keywords, faq and escalation controls) and testdata/safety/dev_s5.jsonl
// (person_at_risk and hazard emergencies, someone else at risk from
// themselves, and their look-alikes). Odd lines are split tune (rules and
// data may be written from them: a miss names its row), even lines test
// (only counts are printed, never a row).

// checkTuneTest fails unless the n rows alternate tune (odd lines) and
// test (even lines).
func checkTuneTest(t *testing.T, name string, splits []string) {
	t.Helper()
	for i, s := range splits {
		want := "tune"
		if (i+1)%2 == 0 {
			want = "test"
		}
		if s != want {
			t.Fatalf("%s:%d: split %q, want %q (odd lines tune, even lines test)", name, i+1, s, want)
		}
	}
}

// loadDevCases loads a dev set of n rows from testdata/gate and checks
// that its odd lines tune and its even lines test.
func loadDevCases(t *testing.T, name string, n int) []Case {
	t.Helper()
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var splits []string
	for _, c := range cases {
		splits = append(splits, c.Split)
	}
	checkTuneTest(t, name, splits)
	if len(cases) != n {
		t.Fatalf("%s has %d rows, want %d", name, len(cases), n)
	}
	return cases
}

// labelCount is one gate's reading of a dev set's half: rows right
// overall and per label.
type labelCount struct{ all, faq, transactional, complaint, escalation int }

// atLeast reports whether every count of c reaches f's.
func (c labelCount) atLeast(f labelCount) bool {
	return c.all >= f.all && c.faq >= f.faq && c.transactional >= f.transactional &&
		c.complaint >= f.complaint && c.escalation >= f.escalation
}

// checkLabelFloors reads each half of a dev set with the rules alone and
// with the whole gate and holds every count at or above its floor
// (floors[gate][half], gate "rules" or "full", half "tune" or "test"; a
// label left out of a floor is held at zero). A tune-half miss is
// printed when a floor breaks; a test-half miss is only counted.
func checkLabelFloors(t *testing.T, set string, cases []Case, floors map[string]map[string]labelCount) {
	t.Helper()
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, name := range []string{"rules", "full"} {
		for _, half := range []string{"tune", "test"} {
			var got labelCount
			var misses []string
			for i, c := range cases {
				if c.Split != half {
					continue
				}
				d := gates[name].Classify(c.Text)
				if d.Intent != c.Intent {
					misses = append(misses, fmt.Sprintf("line %d: %q want %s, got %s %v", i+1, c.Text, c.Intent, d.Intent, d.Cues))
					continue
				}
				got.all++
				switch c.Intent {
				case FAQ:
					got.faq++
				case Transactional:
					got.transactional++
				case Complaint:
					got.complaint++
				case Escalation:
					got.escalation++
				}
			}
			t.Logf("%s %s, %s: %+v", set, half, name, got)
			f := floors[name][half]
			if got.atLeast(f) {
				continue
			}
			t.Errorf("%s %s, %s: %+v right, floor %+v", set, half, name, got, f)
			if half == "tune" {
				for _, m := range misses {
					t.Log("  " + m)
				}
			}
		}
	}
}

// TestDev10GateFloors holds dev_g5's halves at or above their figures.
func TestDev10GateFloors(t *testing.T) {
	cases := loadDevCases(t, "dev_g5", 100)
	// First sight at 1985e4d (the wave's start), tune and test of 50 each
	// (20 complaint and 15 transactional in each half): rules alone tune
	// 43 (18, 12), test 36 (13, 8); rules + learned tune 43 (18, 12),
	// test 41 (15, 11). After the tenth wave's rules (tuned on the tune
	// half): rules alone tune 48 (20, 15), test 40 (17, 8); rules +
	// learned tune 48 (20, 15), test 44 (18, 11); 46 (18, 13) since
	// train_gate12.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {all: 48, complaint: 20, transactional: 15}, "test": {all: 40, complaint: 17, transactional: 8}},
		"full":  {"tune": {all: 48, complaint: 20, transactional: 15}, "test": {all: 46, complaint: 18, transactional: 13}},
	}
	checkLabelFloors(t, "dev_g5", cases, floors)
}

// dev10Safety is one gate's reading of a dev_s5 half: emergencies a
// person must see at once (safety, threat or self_harm, sure), those of
// someone at risk from themselves read as self_harm (the caring reply
// and an urgent ticket), and look-alikes neither flagged safety nor
// self_harm.
type dev10Safety struct{ emergencies, selfHarm, lookalikes int }

// TestDev10SafetyFloors holds dev_s5's halves at or above their figures.
func TestDev10SafetyFloors(t *testing.T) {
	rows := safetyRows(t, "dev_s5.jsonl")
	var splits []string
	for _, r := range rows {
		splits = append(splits, r.Split)
	}
	checkTuneTest(t, "dev_s5", splits)
	// Each half: 26 emergencies (8 person_at_risk, 10 hazard, 8 of
	// someone else's self-harm) and 20 look-alikes. First sight at
	// 1985e4d, rules alone: tune 11/26 emergencies (0 of 8 as self_harm),
	// 19/20 look-alikes; test 14/26 (1), 18/20. Whole gate: tune 16/26
	// (0), 19/20; test 20/26 (0), 16/20. After the tenth wave's rules:
	// rules alone tune 26/26 (8), 20/20, test 19/26 (7), 19/20; whole
	// gate tune 26/26 (8), 20/20, test 22/26 (7), 17/20. The review's
	// mend of someone_self_harm (item 1) drops "won't be around tomorrow"
	// unless a third person stands just before it, since staff asking for
	// cover say it too; one test-half row was read through that cue alone
	// (its HEAD cue, read once to name the reason; no rule was fitted to
	// it), so the test floors lose one emergency and one self_harm: rules
	// 18/26 (6), whole gate 21/26 (6).
	floors := map[string]map[string]dev10Safety{
		"rules": {"tune": {26, 8, 20}, "test": {18, 6, 19}},
		"full":  {"tune": {26, 8, 20}, "test": {21, 6, 17}},
	}
	gates := map[string]*Gate{"rules": Default().WithModel(nil).WithSafety(nil), "full": Default()}
	for _, name := range []string{"rules", "full"} {
		for _, half := range []string{"tune", "test"} {
			var got dev10Safety
			byType := map[string][2]int{}
			var misses []string
			for _, r := range rows {
				if r.Split != half {
					continue
				}
				d := gates[name].Classify(r.Text)
				n := byType[r.Type]
				n[1]++
				switch {
				case r.Kind == "lookalike":
					if d.Category != "safety" && d.Category != "self_harm" {
						got.lookalikes++
						n[0]++
					} else {
						misses = append(misses, fmt.Sprintf("line %d: look-alike %q flagged %s %v", r.line, r.Text, d.Category, d.Cues))
					}
				case r.Type == "self_harm_other":
					if safetyOrNot(d) {
						got.emergencies++
						n[0]++
					}
					if d.Category == "self_harm" && !d.Unsure {
						got.selfHarm++
					} else {
						misses = append(misses, fmt.Sprintf("line %d: %q read %s [%s] unsure=%v %v, want self_harm", r.line, r.Text, d.Intent, d.Category, d.Unsure, d.Cues))
					}
				default:
					if safetyOrNot(d) {
						got.emergencies++
						n[0]++
					} else {
						misses = append(misses, fmt.Sprintf("line %d: %q read %s [%s] unsure=%v %v", r.line, r.Text, d.Intent, d.Category, d.Unsure, d.Cues))
					}
				}
				byType[r.Type] = n
			}
			t.Logf("dev_s5 %s, %s: %d/26 emergencies to a person (person_at_risk %d/%d, hazard %d/%d, someone else's self-harm %d/%d), %d/8 of those as self_harm, %d/20 look-alikes calm",
				half, name, got.emergencies, byType["person_at_risk"][0], byType["person_at_risk"][1], byType["hazard"][0], byType["hazard"][1],
				byType["self_harm_other"][0], byType["self_harm_other"][1], got.selfHarm, got.lookalikes)
			f := floors[name][half]
			if got.emergencies >= f.emergencies && got.selfHarm >= f.selfHarm && got.lookalikes >= f.lookalikes {
				continue
			}
			t.Errorf("dev_s5 %s, %s: %+v right, floor %+v", half, name, got, f)
			if half == "tune" {
				for _, m := range misses {
					t.Log("  " + m)
				}
			}
		}
	}
}

// TestDev10PhrasesKeepTheirRoute: the tenth wave's not_asking and
// where_is_it phrases (review item 8) kept off a request that says what
// it does want ("just swap ...") and off questions about a shop or a
// menu; the dev_g5 tune rows they were written from keep their reading.
// The rows are the review's and the tune half's.
func TestDev10PhrasesKeepTheirRoute(t *testing.T) {
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, tt := range []struct {
		text string
		want Intent
	}{
		{"You don't need to refund me, just swap the oat latte for a regular one on my order", Transactional},
		{"Where is it at? The Leith shop I mean, what's the address?", FAQ},
		{"Where are they at with the new autumn menu?", FAQ},
		{"You don't need to refund me, I'd just like the muffins to not be stale at 9am", Complaint},
		{"the coffee beans I paid for online, where are they at", Transactional},
	} {
		for name, g := range gates {
			if d := g.Classify(tt.text); d.Intent != tt.want {
				t.Errorf("%s: %q: %s (unsure=%v), want %s; cues %v", name, tt.text, d.Intent, d.Unsure, tt.want, d.Cues)
			}
		}
	}
}
