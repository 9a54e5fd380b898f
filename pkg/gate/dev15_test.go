package gate

import (
	"path/filepath"
	"testing"
)

// The fifteenth wave's gate dev set, written by a stranger who read
// nothing of cafebot, committed by the lead at 04:05 UTC before any of
// the wave's gate changes: testdata/gate/dev_g10.jsonl, 200 rows (faq 40,
// transactional 50, complaint 55, escalation 55), each label split in
// halves by its "split" field, "tune" (rules may be written from it) or
// "test" (only counted, never printed). Its "sub" values use dev_g9's
// writer's names, mapped by dev9Sub. A fifth of its rows are in other
// languages (Dutch, Turkish, Romanian, Vietnamese, Arabic, Indonesian,
// Russian, Korean, Japanese, Chinese, Greek, Hindi and the big five).
//
// testdata/gate/dev_g10_eng.jsonl holds the gate engineer's own cases of
// the wave (split "dev"): complaints about quality, service, waits and the
// app beside faq and transactional look-alikes; refunds of an order beside
// refund policy; requests for a person in many wordings and languages;
// the police told; data erased, hacked accounts and leaks beside account
// changes and privacy questions. Rules were written from it, so it is a
// tuned set.

func init() {
	// The engineer's cases are measured, never trained on. dev_g10 is not
	// yet in measuredSets: whether a training row lies near one of its
	// rows is the lead's check (TestStrangersFiles prints both texts).
	measuredSets = append(measuredSets, struct{ file, split string }{"dev_g10_eng.jsonl", ""})
}

// loadDev10 loads dev_g10 with its sub-intents in the gate's names and
// checks each label's halves.
func loadDev10(t *testing.T) []Case {
	t.Helper()
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g10.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 200 {
		t.Fatalf("dev_g10 has %d rows, want 200", len(cases))
	}
	want := map[string]map[Intent]int{
		"tune": {FAQ: 21, Transactional: 26, Complaint: 29, Escalation: 29},
		"test": {FAQ: 19, Transactional: 24, Complaint: 26, Escalation: 26},
	}
	got := map[string]map[Intent]int{"tune": {}, "test": {}}
	for i := range cases {
		c := &cases[i]
		if got[c.Split] == nil {
			t.Fatalf("dev_g10:%d: split %q, want tune or test", i+1, c.Split)
		}
		got[c.Split][c.Intent]++
		if s, ok := dev9Sub[c.Intent][c.Sub]; ok {
			c.Sub = s
		}
	}
	for half, labels := range want {
		for label, n := range labels {
			if got[half][label] != n {
				t.Errorf("dev_g10 %s: %d %s rows, want %d", half, got[half][label], label, n)
			}
		}
	}
	return cases
}

// TestDev15GateFloors holds dev_g10's halves at or above their figures,
// labels and sub-intents.
func TestDev15GateFloors(t *testing.T) {
	cases := loadDev10(t)
	// First sight with the wave's start binary (030aa3e's gate), subs
	// mapped as dev9Sub does: rules alone tune 76 (faq 20, transactional
	// 17, complaint 19, escalation 20), test 74 (19, 19, 19, 17); whole
	// gate tune 83 (20, 18, 22, 23), test 76 (19, 19, 20, 18); sub-intents
	// tune 66/75, test 64/70. After the wave's rules and sub-intent
	// entries (tuned on the tune half, dev_g9's and dev_g8's, and
	// dev_g10_eng), and the Chinese, Japanese and Korean words (one
	// complaint more on the test half): the floors below.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {99, 20, 24, 26, 29}, "test": {79, 19, 19, 22, 19}},
		"full":  {"tune": {101, 20, 25, 27, 29}, "test": {81, 19, 19, 23, 20}},
	}
	checkLabelFloors(t, "dev_g10", cases, floors)
	checkSubFloors(t, "dev_g10", cases, map[string]int{"tune": 86, "test": 66})
}

// TestDev15EngineerCases holds the engineer's own cases (dev_g10_eng) at
// their figures: at the wave's start (030aa3e) the rules read 249 of
// 317 and the whole gate 262; after its rules 300 and 306. The whole
// gate still misses a few faq look-alikes that name the writer's things
// ("is my card stored safely in the app?", "can I get my drink with no
// sugar?"), "can I speak to the barista about how strong my drink is",
// which reads as a request for a person, and an app fault told with a
// charge ("I got charged for an extra muffin"), which reads faq.
func TestDev15EngineerCases(t *testing.T) {
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g10_eng.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 317 {
		t.Fatalf("dev_g10_eng has %d rows, want 317", len(cases))
	}
	floors := map[string]int{"rules": 300, "full": 306}
	for name, g := range map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()} {
		right := 0
		for _, c := range cases {
			if c.Split != "dev" {
				t.Fatalf("dev_g10_eng: split %q, want dev", c.Split)
			}
			if g.Classify(c.Text).Intent == c.Intent {
				right++
			}
		}
		t.Logf("dev_g10_eng, %s: %d/%d", name, right, len(cases))
		if right < floors[name] {
			t.Errorf("dev_g10_eng, %s: %d/%d right, floor %d", name, right, len(cases), floors[name])
		}
	}
}
