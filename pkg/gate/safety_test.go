package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// safetyData loads the files the bundled safety.model is made from.
func safetyData(t *testing.T) SafetyData {
	t.Helper()
	var paths []string
	for _, f := range SafetyTrainingFiles() {
		paths = append(paths, filepath.Join("..", "..", filepath.FromSlash(f)))
	}
	d, err := LoadSafetyData(paths)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSafetyModelIsTrainedFromCommittedData: safety.model is, byte for
// byte, what `cafebot learn safety` makes from SafetyTrainingFiles with
// the default recipe, so the shipped score can always be rebuilt.
func TestSafetyModelIsTrainedFromCommittedData(t *testing.T) {
	m, err := TrainSafety(safetyData(t), DefaultSafetyTrainOptions())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("safety.model")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Fatalf("safety.model (%d bytes) is not what learn safety makes from %v (%d bytes); run `cafebot learn safety` with each file as --data and --out pkg/gate/safety.model", len(committed), SafetyTrainingFiles(), buf.Len())
	}
	if got := DefaultSafety(); got.Thresholds[0] != m.Thresholds[0] {
		t.Fatalf("embedded threshold %v, retrained %v", got.Thresholds[0], m.Thresholds[0])
	}
}

// TestSafetyDataKeepsHeldOutRowsOut: the even lines of sv1 to sv4
// (split heldout) never reach training or calibration, and neither the
// gate's test voices, the guard's test voice nor a blind file is read.
func TestSafetyDataKeepsHeldOutRowsOut(t *testing.T) {
	d := safetyData(t)
	in := map[string]bool{}
	for _, group := range [][]string{d.Emergencies, d.Lookalikes, d.Cafe, d.Calibrate} {
		for _, text := range group {
			in[text] = true
		}
	}
	for _, set := range []struct {
		name string
		held int
	}{{"train_sv1.jsonl", 175}, {"train_sv2.jsonl", 150}, {"train_sv3.jsonl", 120}, {"train_sv4.jsonl", 100}} {
		held := 0
		for _, r := range splitRows(t, set.name) {
			if r.Split != "heldout" {
				continue
			}
			held++
			if in[r.Text] {
				t.Errorf("held-out %s row %d trains or calibrates the safety score", set.name, r.line)
			}
		}
		if held != set.held {
			t.Errorf("%s has %d held-out rows, want %d (its even lines)", set.name, held, set.held)
		}
	}
	for _, f := range SafetyTrainingFiles() {
		if strings.Contains(f, "blind") || strings.HasSuffix(f, "strangers_v9.jsonl") || strings.HasSuffix(f, "strangers_v11.jsonl") || strings.HasSuffix(f, "strangers/v3.jsonl") {
			t.Errorf("SafetyTrainingFiles reads %s, a set the score is measured on", f)
		}
	}
}

// safetyRow is one committed safety row and its line number.
type safetyRow struct {
	Text, Kind, Type, Split string
	line                    int
}

// safetyRows reads a committed testdata/safety file.
func safetyRows(t *testing.T, name string) []safetyRow {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "safety", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []safetyRow
	for i, line := range strings.Split(strings.TrimSpace(string(body)), "\n") {
		var r safetyRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%s:%d: %v", name, i+1, err)
		}
		r.line = i + 1
		out = append(out, r)
	}
	return out
}

// splitRows reads a committed testdata/safety training voice (sv1 to sv4),
// checking that its odd lines are split train and its even ones heldout.
func splitRows(t *testing.T, name string) []safetyRow {
	t.Helper()
	rows := safetyRows(t, name)
	for _, r := range rows {
		want := "train"
		if r.line%2 == 0 {
			want = "heldout"
		}
		if r.Split != want {
			t.Fatalf("%s:%d: split %q, want %q (odd lines train, even lines are held out)", name, r.line, r.Split, want)
		}
	}
	return rows
}

// TestLookalikeFloor: the floor lets through at most the share of the
// look-alike scores asked, and no higher threshold is needed for it.
func TestLookalikeFloor(t *testing.T) {
	for _, tt := range []struct {
		name  string
		hs    []float64
		share float64
		want  float64
	}{
		{"none", nil, 0.05, 0},
		{"all may pass", []float64{0.9, 0.8}, 1, 0},
		{"one of twenty", []float64{0.99, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1}, 0.05, 0.7001},
		{"none of ten", []float64{0.5, 0.95, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2}, 0.05, 0.9501},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := lookalikeFloor(tt.hs, tt.share)
			if got != tt.want {
				t.Fatalf("lookalikeFloor = %v, want %v", got, tt.want)
			}
			flagged := 0
			for _, h := range tt.hs {
				if h >= got {
					flagged++
				}
			}
			if limit := int(tt.share * float64(len(tt.hs))); flagged > limit && got > 0 {
				t.Errorf("%d of %d scores reach %v, at most %d may", flagged, len(tt.hs), got, limit)
			}
		})
	}
}

// TestLoadSafetyDataRefusesUnknownRows: a row without kind, intent or
// harmful, or of another kind, is an error naming its line.
func TestLoadSafetyDataRefusesUnknownRows(t *testing.T) {
	for name, body := range map[string]string{
		"no role":      `{"text": "hello"}`,
		"unknown kind": `{"text": "hello", "kind": "maybe"}`,
	} {
		path := filepath.Join(t.TempDir(), "rows.jsonl")
		if err := os.WriteFile(path, []byte(`{"text": "a fire in the kitchen", "kind": "emergency"}`+"\n"+body+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadSafetyData([]string{path})
		if !errors.Is(err, ErrSafetyRow) || !strings.Contains(err.Error(), "rows.jsonl:2") {
			t.Errorf("%s: error %v, want ErrSafetyRow at line 2", name, err)
		}
	}
}

// TestSafetyScoreOnlyAddsTheFlag is the attack on "it can only add": for
// every message of the red-team sets, a few café messages and the
// emergencies only the score reads, the full gate's decision is the gate
// without the score's, or that message sent to a person as safety; a
// safety or threat flag is never taken away; and the score acts at least
// once.
func TestSafetyScoreOnlyAddsTheFlag(t *testing.T) {
	full := Default()
	without := full.WithSafety(nil)
	texts := append(append(append([]string{}, redteamEmergencies...), redteam2Emergencies...), redteam2Lookalikes...)
	texts = append(texts, "what time do you open on sunday", "i want a refund for order 10482", "the latte was cold", "can i speak to a manager")
	// The rules and the learned layer already send every red-team
	// emergency they can to a person, so without these the attack never
	// sees the score act.
	texts = append(texts, scoreOnlyEmergencies...)
	added := 0
	for _, text := range texts {
		a, b := without.Classify(text), full.Classify(text)
		switch {
		case b.Safety != nil && b.Safety.Used:
			added++
			if flaggedSafe(&a) {
				t.Errorf("%q: the score flagged a message the rules had flagged already", text)
			}
			if !flaggedSafe(&b) || b.Category != "safety" {
				t.Errorf("%q: the score fired but the decision is %s [%s] unsure=%v", text, b.Intent, b.Category, b.Unsure)
			}
		case a.Intent != b.Intent || a.Category != b.Category || a.Unsure != b.Unsure:
			t.Errorf("%q: without the score %s [%s], with it %s [%s], and the score did not fire", text, a.Intent, a.Category, b.Intent, b.Category)
		}
	}
	if added == 0 {
		// Then the attack never saw the score act and proves nothing.
		t.Fatalf("the score added the flag to none of %d messages", len(texts))
	}
}

// TestSafetyScoreExplains: classify --explain's reason for a flag is the
// score's view with its top features, and a message the score did not
// flag still gets a view saying so.
func TestSafetyScoreExplains(t *testing.T) {
	g := Default()
	m := DefaultSafety()
	// Emergencies in wording the rules may come to know: the first the
	// rules alone miss and the score flags is explained.
	var flagged string
	for _, text := range scoreOnlyEmergencies {
		if d := g.WithModel(nil).WithSafety(m).Classify(text); d.Safety != nil && d.Safety.Used {
			flagged = text
			break
		}
	}
	if flagged == "" {
		t.Fatalf("the score adds the flag to none of %q over the rules alone", scoreOnlyEmergencies)
	}
	a := analysis.Of(flagged)
	d := g.WithModel(nil).WithSafety(m).Explain(a, 5)
	if d.Safety == nil || !d.Safety.Used || len(d.Safety.Top) == 0 || d.Safety.Prob < d.Safety.Threshold {
		t.Fatalf("%q: explain gives %+v, want a used view with top features", flagged, d.Safety)
	}
	if !strings.Contains(strings.Join(d.Cues, ","), "safety:score") {
		t.Errorf("%q: cues %v lack the score's cue", flagged, d.Cues)
	}
	d = g.Explain(analysis.Of("what time do you open on sunday"), 5)
	if d.Safety == nil || d.Safety.Used || d.Safety.Prob >= d.Safety.Threshold {
		t.Errorf("a café question: explain gives %+v, want an unused view under its threshold", d.Safety)
	}
	if d := g.Classify("what time do you open on sunday"); d.Safety != nil {
		t.Errorf("a café question carries a safety view %+v outside Explain", d.Safety)
	}
}

// scoreOnlyEmergencies are emergencies in words no safety rule reads (at
// the time of writing), for the tests of what the score adds.
var scoreOnlyEmergencies = []string{
	"please come quick the lady by the window has gone all floppy",
	"theres something wrong with my husband, he is grey and sweating",
	"my little boy has gone a funny colour and wont answer me",
	"the old man at the counter is slumped over and wont wake",
}

// FuzzLoadSafetyData: any file either fails with an error or loads rows
// whose texts are non-empty, each placed in exactly one role, and the
// rows counted in and out add up to at most the file's lines.
func FuzzLoadSafetyData(f *testing.F) {
	f.Add([]byte(`{"text": "fire in the kitchen", "kind": "emergency", "type": "hazard"}` + "\n" + `{"text": "hours?", "intent": "faq"}`))
	f.Add([]byte(`{"text": "a person please", "intent": "escalation", "sub": "human_request"}` + "\n" + `{"text": "kill time", "harmful": false}`))
	f.Add([]byte(`{"text": "held", "kind": "lookalike", "split": "heldout"}` + "\n\n" + `{"text": " "}`))
	f.Add([]byte(`{"text": "x", "kind": "maybe"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		path := filepath.Join(t.TempDir(), "rows.jsonl")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := LoadSafetyData([]string{path})
		if err != nil {
			return
		}
		n := 0
		for _, group := range [][]string{d.Emergencies, d.Lookalikes, d.Cafe, d.Calibrate} {
			for _, text := range group {
				if strings.TrimSpace(text) == "" {
					t.Fatalf("an empty text loaded from %q", body)
				}
				n++
			}
		}
		if lines := strings.Count(string(body), "\n") + 1; n+d.Skipped > lines {
			t.Fatalf("%d rows and %d left out from %d lines", n, d.Skipped, lines)
		}
	})
}
