package gate

import (
	"path/filepath"
	"testing"
)

// The fourteenth wave's gate dev set, written by a stranger who read
// nothing of cafebot (01:06-01:12 UTC) before any of the wave's changes:
// testdata/gate/dev_g9.jsonl, 200 rows (faq 40, transactional 50,
// complaint 55, escalation 55 of which 25 ask for a person), each label
// split in halves, split "tune" (rules may be written from it: a miss
// names its row) or "test" (only counted, never printed). Its "sub"
// values are the writer's names; dev9Sub maps them to the gate's.
//
// testdata/gate/dev_g9_eng.jsonl holds the gate engineer's own cases of
// the wave (split "dev"): requests for a person in formal letters,
// voice-typed messages and eight languages without "human", "manager" or
// "agent", complaints and transactional requests in the same voices, and
// their look-alikes. Rules were written from it, so it is a tuned set.

func init() {
	// dev_g9 and the engineer's cases are measured, never trained on
	// (TestStrangersFiles, TestGate9RowsFile); dev_g9 is kept out whole,
	// as dev_g8 is, since its tune half is for rules. Two rows of
	// train_gate12 (40, an order-status request, and 65, a menu question)
	// lay near two of dev_g9's test rows; they were reworded, same label
	// and sub-intent, so the file keeps its counts and minimums.
	measuredSets = append(measuredSets,
		struct{ file, split string }{"dev_g9.jsonl", ""},
		struct{ file, split string }{"dev_g9_eng.jsonl", ""})
}

// dev9Sub maps dev_g9's sub-intent names to the gate's: an escalation's
// sub-intent is its category (a request for a person is human_request, a
// data leak is legal as privacy_leak reads it, an allergy incident is
// safety), and the gate files cleanliness and the app under service.
// Names with no gate counterpart (other, misconduct) map to "", so the
// row counts for its label only.
var dev9Sub = map[Intent]map[string]string{
	Escalation: {"human": "human_request", "legal": "legal", "privacy": "legal", "allergy_incident": "safety",
		"misconduct": "", "other": ""},
	FAQ:           {"allergen": "allergens", "other": ""},
	Complaint:     {"cleanliness": "service", "app": "service", "other": ""},
	Transactional: {},
}

// loadDev9 loads dev_g9 with its sub-intents in the gate's names and
// checks each label's halves.
func loadDev9(t *testing.T) []Case {
	t.Helper()
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g9.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 200 {
		t.Fatalf("dev_g9 has %d rows, want 200", len(cases))
	}
	want := map[string]map[Intent]int{
		"tune": {FAQ: 22, Transactional: 26, Complaint: 29, Escalation: 29},
		"test": {FAQ: 18, Transactional: 24, Complaint: 26, Escalation: 26},
	}
	got := map[string]map[Intent]int{"tune": {}, "test": {}}
	for i := range cases {
		c := &cases[i]
		if got[c.Split] == nil {
			t.Fatalf("dev_g9:%d: split %q, want tune or test", i+1, c.Split)
		}
		got[c.Split][c.Intent]++
		if s, ok := dev9Sub[c.Intent][c.Sub]; ok {
			c.Sub = s
		}
	}
	for half, labels := range want {
		for label, n := range labels {
			if got[half][label] != n {
				t.Errorf("dev_g9 %s: %d %s rows, want %d", half, got[half][label], label, n)
			}
		}
	}
	return cases
}

// subCount is a reading of one half's sub-intents: rows whose label and
// sub-intent were right, of the rows with a right label that name one.
type subCount struct{ right, of int }

// readSubs reads the sub-intents of one half of cases with g.
func readSubs(g *Gate, cases []Case, half string) subCount {
	var c subCount
	for _, k := range cases {
		if k.Split != half || k.Sub == "" {
			continue
		}
		d := g.Classify(k.Text)
		if d.Intent != k.Intent {
			continue
		}
		c.of++
		if d.Sub == k.Sub {
			c.right++
		}
	}
	return c
}

// checkSubFloors holds each half's sub-intents, read by the whole gate,
// at or above floors[half] (rows right; the count of rows read is logged).
func checkSubFloors(t *testing.T, set string, cases []Case, floors map[string]int) {
	t.Helper()
	g := Default()
	for _, half := range []string{"tune", "test"} {
		got := readSubs(g, cases, half)
		t.Logf("%s %s sub-intents: %d/%d", set, half, got.right, got.of)
		if got.right < floors[half] {
			t.Errorf("%s %s: %d/%d sub-intents right, floor %d", set, half, got.right, got.of, floors[half])
		}
	}
}

// TestDev14GateFloors holds dev_g9's halves at or above their figures,
// labels and sub-intents.
func TestDev14GateFloors(t *testing.T) {
	cases := loadDev9(t)
	// First sight with the wave's start binary (5a2be16's gate), the
	// writer's sub names mapped as dev9Sub does: rules alone tune 82 (22,
	// 18, 24, 18), test 76 (18, 20, 18, 20); whole gate tune 89 (21, 22,
	// 25, 21), test 82 (18, 21, 22, 21); sub-intents tune 62/80, test
	// 60/76. After the wave's rules and sub-intent entries (tuned on the
	// tune half and dev_g8's): rules test 77, whole gate test 83 (18, 21,
	// 22, 22), sub-intents tune 88, test 64. The fifteenth wave's rules
	// (privacy, other languages; written from dev_g10's tune half and the
	// engineer's cases, not from this set) raised the test half to the
	// floors below.
	floors := map[string]map[string]labelCount{
		"rules": {"tune": {103, 22, 24, 29, 28}, "test": {80, 18, 20, 20, 22}},
		"full":  {"tune": {102, 21, 25, 28, 28}, "test": {85, 18, 21, 23, 23}},
	}
	checkLabelFloors(t, "dev_g9", cases, floors)
	checkSubFloors(t, "dev_g9", cases, map[string]int{"tune": 89, "test": 68})
}

// TestDev14SubFloorsG8 holds dev_g8's sub-intents where this wave left
// them (at its start: tune 63/80, test 60/73; test 62 at the fourteenth
// wave's end, 63 after the fifteenth's sub-intent entries).
func TestDev14SubFloorsG8(t *testing.T) {
	cases := loadDevCases(t, "dev_g8", 216)
	checkSubFloors(t, "dev_g8", cases, map[string]int{"tune": 83, "test": 63})
}

// TestDev14EngineerCases holds the engineer's own cases (dev_g9_eng, 321
// rows) at their figures: at the wave's start (5a2be16) the rules read
// 239 and the whole gate 264; after its rules 279 and 304. The whole gate
// still misses look-alikes that the learned layers call a request or an
// emergency ("can I speak to the barista about how strong to make it", a
// Portuguese complaint the safety score flags, CCTV asked about) and
// rule-topic questions that earlier waves read as escalations ("how do I
// contact customer service").
func TestDev14EngineerCases(t *testing.T) {
	cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", "dev_g9_eng.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// The fifteenth wave's rules read 282 and 306.
	floors := map[string]int{"rules": 282, "full": 306}
	for name, g := range map[string]*Gate{"rules": Default().WithModel(nil), "full": Default()} {
		right := 0
		for _, c := range cases {
			if c.Split != "dev" {
				t.Fatalf("dev_g9_eng: split %q, want dev", c.Split)
			}
			if g.Classify(c.Text).Intent == c.Intent {
				right++
			}
		}
		t.Logf("dev_g9_eng, %s: %d/%d", name, right, len(cases))
		if right < floors[name] {
			t.Errorf("dev_g9_eng, %s: %d/%d right, floor %d", name, right, len(cases), floors[name])
		}
	}
}
