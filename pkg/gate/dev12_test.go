package gate

import (
	"fmt"
	"testing"
)

// The twelfth wave's gate dev set, written by hand before any of its rule
// or weight changes: testdata/gate/dev_g7.jsonl, 202 rows weighted to
// escalation (86: requests for a person that never say human, manager or
// agent, repeat failures after earlier complaints, review, press and
// legal threats, health and safety) and to the complaint/escalation and
// transactional/complaint borders. Odd lines tune, even lines test; a
// test-half miss is only counted, never printed.

// dev12Count is one gate's reading of a dev_g7 half: rows right overall
// and per label.
type dev12Count struct{ all, faq, transactional, complaint, escalation int }

// TestDev12GateFloors holds dev_g7's halves at or above their figures.
func TestDev12GateFloors(t *testing.T) {
	cases := loadDevCases(t, "dev_g7", 202)
	// Each half: faq 16, transactional 20, complaint 22, escalation 43.
	// First sight with the wave's start binary (b6fa126's gate), after
	// three rows near a training row were reworded: rules alone tune 84
	// (15, 18, 20, 31), test 71 (15, 15, 17, 24); whole gate tune 91 (15,
	// 18, 22, 36), test 85 (15, 19, 21, 30). gate.model retrained with
	// strangers_v14's odd lines: whole gate tune 91, test 84 (15, 19, 20,
	// 30): one test complaint fewer, the floor says so.
	floors := map[string]map[string]dev12Count{
		"rules": {"tune": {84, 15, 18, 20, 31}, "test": {71, 15, 15, 17, 24}},
		"full":  {"tune": {91, 15, 18, 22, 36}, "test": {84, 15, 19, 20, 30}},
	}
	gates := map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()}
	for _, name := range []string{"rules", "full"} {
		for _, half := range []string{"tune", "test"} {
			var got dev12Count
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
			t.Logf("dev_g7 %s, %s: %+v", half, name, got)
			f := floors[name][half]
			if got.all >= f.all && got.faq >= f.faq && got.transactional >= f.transactional &&
				got.complaint >= f.complaint && got.escalation >= f.escalation {
				continue
			}
			t.Errorf("dev_g7 %s, %s: %+v right, floor %+v", half, name, got, f)
			if half == "tune" {
				for _, m := range misses {
					t.Log("  " + m)
				}
			}
		}
	}
}

// TestDev12Balanced: each half of dev_g7 holds the same rows per label,
// so a figure on one half reads like a figure on the other.
func TestDev12Balanced(t *testing.T) {
	cases := loadDevCases(t, "dev_g7", 202)
	per := map[string]map[Intent]int{"tune": {}, "test": {}}
	for _, c := range cases {
		per[c.Split][c.Intent]++
	}
	want := map[Intent]int{FAQ: 16, Transactional: 20, Complaint: 22, Escalation: 43}
	for _, half := range []string{"tune", "test"} {
		for label, n := range want {
			if per[half][label] != n {
				t.Errorf("dev_g7 %s: %d %s rows, want %d", half, per[half][label], label, n)
			}
		}
	}
}
