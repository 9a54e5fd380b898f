package gate

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/golden"
)

// voices are the strangers' hand-written voices
// (testdata/gate/README-strangers.md).
var voices = []string{"v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "v14"}

// halfHeldOut are the voices whose even lines are split heldout: the
// model trains on the odd lines only, the cross-voice models read those
// only, and the even lines measure the shipped gate (heldOutFloors).
var halfHeldOut = map[string]bool{"v12": true, "v13": true, "v14": true}

// trainedVoices are the voices whose files gate.TrainingFiles lists: the
// ones the bundled model reads, and so the ones read across voices and
// the take rule is chosen on. The others (v9) measure the shipped gate on
// writers it has not read (TestUntrainedVoices).
func trainedVoices() []string {
	listed := map[string]bool{}
	for _, f := range TrainingFiles() {
		listed[f] = true
	}
	var out []string
	for _, v := range voices {
		if listed["testdata/gate/strangers_"+v+".jsonl"] {
			out = append(out, v)
		}
	}
	return out
}

// voiceRowCount is how many rows each voice's file holds.
var voiceRowCount = map[string]int{"v1": 200, "v2": 200, "v3": 200, "v4": 220, "v5": 218, "v6": 223, "v7": 222, "v8": 221, "v9": 220, "v10": 250, "v11": 277, "v12": 300, "v13": 298, "v14": 236}

// voiceRows are the strangers' rows, each with the rules' decision and
// the probabilities of a model trained on every training file but the
// row's own voice.
type voiceRows struct {
	cases []Case
	voice []string
	rules []Decision
	probs [][]float64
	model []*analysis.Model
	// stale says crossVoicePath did not hold these models, so they were
	// trained here.
	stale bool
}

// correct counts the rows the take rule tr labels right.
func (v *voiceRows) correct(tr takeRule) int {
	g := Default()
	n := 0
	for i, c := range v.cases {
		if v.decide(g, tr, i).Intent == c.Intent {
			n++
		}
	}
	return n
}

// decide is row i's decision under take rule tr: its cached rules-only
// decision with the model applied, on a copy, so the cache never changes.
func (v *voiceRows) decide(g *Gate, tr takeRule, i int) Decision {
	d := v.rules[i]
	// useModel appends to the cues; clipped, the cached ones never change.
	d.Cues = slices.Clip(d.Cues)
	g.useModel(tr, v.model[i], v.probs[i], &d)
	return d
}

var crossVoiceOnce = sync.OnceValues(func() (*voiceRows, error) {
	// Every training file that is not a voice is read by every model.
	var base []Case
	for _, f := range TrainingFiles() {
		if strings.HasPrefix(f, "testdata/gate/strangers_") {
			continue
		}
		part, err := LoadCases(filepath.Join("..", "..", filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		base = append(base, part...)
	}
	trained := trainedVoices()
	byVoice := map[string][]Case{}
	for _, v := range trained {
		cases, err := LoadCases(strangersPath(v))
		if err != nil {
			return nil, err
		}
		// A voice's heldout half neither trains the others' models nor is
		// read across voices: the take rule is never chosen on it.
		byVoice[v], _ = WithoutHeldOut(cases)
	}
	key, err := crossVoiceKey(byVoice)
	if err != nil {
		return nil, err
	}
	cache, err := readCrossVoice()
	fresh := err == nil && cache.Key == key && !golden.Update()
	out := &voiceRows{stale: !fresh && !golden.Update()}
	written := crossVoiceFile{Key: key}
	rules := Default().WithModel(nil)
	for vi, held := range trained {
		var mv crossVoiceModel
		if fresh {
			mv = cache.Voices[vi]
			if mv.Voice != held || len(mv.Probs) != len(byVoice[held]) {
				return nil, fmt.Errorf("%s: voice %d is %s with %d rows, want %s with %d", crossVoicePath, vi, mv.Voice, len(mv.Probs), held, len(byVoice[held]))
			}
		} else {
			data := append([]Case(nil), base...)
			for _, v := range trained {
				if v != held {
					data = append(data, byVoice[v]...)
				}
			}
			m, err := TrainModel(data, bundledRecipe)
			if err != nil {
				return nil, err
			}
			mv = crossVoiceModel{Voice: held, Labels: m.Labels, Thresholds: m.Thresholds}
			for _, c := range byVoice[held] {
				mv.Probs = append(mv.Probs, m.Predict(analysis.Of(c.Text)))
			}
		}
		written.Voices = append(written.Voices, mv)
		m := &analysis.Model{Labels: mv.Labels, Thresholds: mv.Thresholds}
		for i, c := range byVoice[held] {
			out.cases = append(out.cases, c)
			out.voice = append(out.voice, held)
			out.rules = append(out.rules, rules.Classify(c.Text))
			out.probs = append(out.probs, mv.Probs[i])
			out.model = append(out.model, m)
		}
	}
	if golden.Update() {
		data, err := json.Marshal(written)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(crossVoicePath, append(data, '\n'), 0o644); err != nil {
			return nil, err
		}
	}
	return out, nil
})

// crossVoicePath keeps the cross-voice models' opinions: each held-out
// voice's labels, thresholds and probabilities for its rows. Training
// the nine models (twelve fits each) takes 90 s under the race detector
// on a busy two-core machine; reading them back takes none. The file is keyed by what the
// models are made of, so a stale file is never read.
var crossVoicePath = filepath.Join("testdata", "crossvoice.json")

// crossVoiceFile is crossVoicePath's content.
type crossVoiceFile struct {
	Key    string            `json:"key"`
	Voices []crossVoiceModel `json:"voices"`
}

// crossVoiceModel is one held-out voice's model, as far as the take rule
// reads it, and its probabilities for that voice's rows.
type crossVoiceModel struct {
	Voice      string      `json:"voice"`
	Labels     []string    `json:"labels"`
	Thresholds []float64   `json:"thresholds"`
	Probs      [][]float64 `json:"probs"`
}

func readCrossVoice() (crossVoiceFile, error) {
	var f crossVoiceFile
	data, err := os.ReadFile(crossVoicePath)
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(data, &f)
}

// crossVoiceKey is the SHA-256 of what the cross-voice models are made
// of: the recipe, every training file, and the shipped gate.model with
// its probabilities for every voice row. A change to the training code
// changes gate.model (TestModelIsTrainedFromCommittedData), and a change
// to the features or to inference changes those probabilities.
func crossVoiceKey(byVoice map[string][]Case) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "recipe %+v\n", bundledRecipe)
	for _, f := range TrainingFiles() {
		data, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(data))
		h.Write(data)
	}
	h.Write(modelFile)
	m := DefaultModel()
	for _, v := range trainedVoices() {
		for _, c := range byVoice[v] {
			fmt.Fprintf(h, "%v\n", m.Predict(analysis.Of(c.Text)))
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// TestCrossVoiceFileCurrent: testdata/crossvoice.json holds the models
// made from today's training files, recipe and code. Regenerate it with
// `go test ./pkg/gate -run TestCrossVoiceFileCurrent -update` after a
// retrain; until then the tests train the models themselves.
func TestCrossVoiceFileCurrent(t *testing.T) {
	if crossVoice(t).stale {
		t.Errorf("%s is stale: the training files, recipe, gate.model or code changed; run `go test ./pkg/gate -run TestCrossVoiceFileCurrent -update`", crossVoicePath)
	}
}

// crossVoice returns the strangers' rows read across voices, computed once.
func crossVoice(t *testing.T) *voiceRows {
	t.Helper()
	v, err := crossVoiceOnce()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func strangersPath(voice string) string {
	return filepath.Join("..", "..", "testdata", "gate", "strangers_"+voice+".jsonl")
}

// measuredSets are the gate's non-blind sets it is measured on, each
// file with its measured split ("" for every row): no row trained on
// may be one of them (TestStrangersFiles, TestGate9RowsFile).
var measuredSets = []struct{ file, split string }{
	{"dev_g4e.jsonl", ""}, {"dev_g3e.jsonl", ""}, {"dev_g4.jsonl", "test"}, {"messages.jsonl", "heldout"},
	{"strangers_v12.jsonl", "heldout"}, {"strangers_v13.jsonl", "heldout"}, {"strangers_v14.jsonl", "heldout"},
	// The tenth wave's dev set: its tune half is for rules, never for
	// training, so the whole file is kept out.
	{"dev_g5.jsonl", ""},
	// The twelfth wave's dev set, kept out whole as dev_g5 is.
	{"dev_g7.jsonl", ""},
	// The thirteenth wave's, kept out whole too.
	{"dev_g8.jsonl", ""},
}

// measuredRows returns the rows of measuredSets, in their order, and the
// file of each.
func measuredRows(t *testing.T) (rows []Case, files []string) {
	t.Helper()
	for _, m := range measuredSets {
		cases, err := LoadCases(filepath.Join("..", "..", "testdata", "gate", m.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range SelectSplit(cases, m.split) {
			rows = append(rows, c)
			files = append(files, m.file)
		}
	}
	return rows, files
}

// TestStrangersFiles: each voice's file carries its voice on every row,
// only train and valid splits (a halfHeldOut voice: heldout on exactly
// its even lines), a sub-intent on every transactional row, all four
// labels, and no text another voice or a measured set has.
func TestStrangersFiles(t *testing.T) {
	measured := map[string]string{}
	rows, files := measuredRows(t)
	for i, c := range rows {
		measured[c.Text] = files[i]
	}
	seen := map[string]string{}
	for _, v := range voices {
		cases, err := loadVoice(strangersPath(v))
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != voiceRowCount[v] {
			t.Errorf("%s: %d rows, want %d", v, len(cases), voiceRowCount[v])
		}
		labels := map[Intent]int{}
		for i, c := range cases {
			labels[c.Intent]++
			if c.Voice != v {
				t.Errorf("%s:%d: voice %q", v, i+1, c.Voice)
			}
			heldout := halfHeldOut[v] && (i+1)%2 == 0
			switch {
			case heldout && c.Split != "heldout":
				t.Errorf("%s:%d: split %q on an even line, want heldout", v, i+1, c.Split)
			case !heldout && c.Split != "train" && c.Split != "valid":
				t.Errorf("%s:%d: split %q, want train or valid", v, i+1, c.Split)
			}
			if c.Intent == Transactional && c.Sub == "" {
				t.Errorf("%s:%d: a transactional row without a sub-intent", v, i+1)
			}
			if w, ok := seen[c.Text]; ok {
				t.Errorf("%s:%d: text also in %s", v, i+1, w)
			}
			if f, ok := measured[c.Text]; ok && !heldout {
				t.Errorf("%s:%d: text is in the measured set %s", v, i+1, f)
			}
			seen[c.Text] = v
		}
		for _, in := range Intents {
			if labels[in] < 40 {
				t.Errorf("%s: %d %s rows", v, labels[in], in)
			}
		}
	}
}

// voiceCase is a stranger's row with its voice.
type voiceCase struct {
	Case
	Voice string `json:"voice"`
}

// loadVoice reads a strangers' file with each row's voice, after
// LoadCases has checked it.
func loadVoice(path string) ([]voiceCase, error) {
	if _, err := LoadCases(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []voiceCase
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var c voiceCase
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// TestCrossVoice is the learned layer measured on writers it has not
// read: each voice by a model trained without it. It logs each voice and
// each label and holds a floor under the whole. Over the five voices the
// round-5 rules and take read 84.5% (rules alone 79.1%); the round-6
// and round-7 rules were written from these rows' misses, so the figure
// is tuned, not a measure. Round 7 reads eight voices: 92.3% (1,573 of
// 1,704), v1-v5 94.4%, complaint 88.0%. Round 8 reads nine (v10 added):
// 93.0% (1,817 of 1,954) after the retrain, v1-v5 95.4%, complaint 90.0%,
// v10 84.4%; 94.2% (1,840) after the rules of v10's misses, complaint
// 91.6%, v10 93.2%. Round 9 reads ten (v11 added): 93.1% (2,077 of
// 2,231), v11 84.1%, the nine others 1,844 (1,846 before the retrain).
// Round 10 reads eleven (v12's odd lines added): 93.0% (2,214 of 2,381),
// v12 89.3%, the ten others 2,080 (2,081 after the round-10 rules and
// before the retrain, 2,077 before those rules).
func TestCrossVoice(t *testing.T) {
	rows := crossVoice(t)
	right := map[string]int{}
	ruleRight := map[string]int{}
	total := map[string]int{}
	labelRight := map[Intent]int{}
	labelTotal := map[Intent]int{}
	g := Default()
	for i, c := range rows.cases {
		if rows.rules[i].Intent == c.Intent {
			ruleRight[rows.voice[i]]++
		}
		if d := rows.decide(g, take, i); d.Intent == c.Intent {
			right[rows.voice[i]]++
			labelRight[c.Intent]++
		}
		total[rows.voice[i]]++
		labelTotal[c.Intent]++
	}
	for _, in := range Intents {
		t.Logf("%s across voices: %.1f%% (%d/%d)", in, pct(labelRight[in], labelTotal[in]), labelRight[in], labelTotal[in])
	}
	all, allRules, first, firstTotal := 0, 0, 0, 0
	for _, v := range trainedVoices() {
		t.Logf("%s held out: %.1f%% (rules alone %.1f%%)", v, pct(right[v], total[v]), pct(ruleRight[v], total[v]))
		all += right[v]
		allRules += ruleRight[v]
		if firstFiveVoices[v] {
			first += right[v]
			firstTotal += total[v]
		}
	}
	t.Logf("all voices: %.1f%% (%d/%d; rules alone %.1f%%); v1-v5: %.1f%% (%d/%d)", pct(all, len(rows.cases)), all, len(rows.cases), pct(allRules, len(rows.cases)), pct(first, firstTotal), first, firstTotal)
	if got := pct(first, firstTotal); got < 93 {
		t.Errorf("v1-v5 across voices %.1f%%, want at least 93%%", got)
	}
	if got := pct(all, len(rows.cases)); got < 89 {
		t.Errorf("across voices %.1f%%, want at least 89%%", got)
	}
}

// firstFiveVoices are the voices TestCrossVoice's 93% floor was set on.
// The later ones (terse kiosk lines, social DMs, long emails) are harder
// for a model that has not read them, and hold the whole at 89%.
var firstFiveVoices = map[string]bool{"v1": true, "v2": true, "v3": true, "v4": true, "v5": true}

func pct(a, b int) float64 { return 100 * float64(a) / float64(max(b, 1)) }

// TestModelCannotTakeBackASureEscalation is the attack on OverAt: a model
// that calls everything FAQ with certainty must not turn a threat or a
// request for a person the rules are sure of into a question, yet does
// replace a sure rule decision of another label.
func TestModelCannotTakeBackASureEscalation(t *testing.T) {
	ex := []analysis.Example{
		{Text: "speak manager threat kill", Labels: []string{"faq"}}, {Text: "refund charged twice", Labels: []string{"faq"}},
		{Text: "a", Labels: []string{"complaint"}}, {Text: "b", Labels: []string{"transactional"}}, {Text: "c", Labels: []string{"escalation"}},
	}
	m := toyModel(t, ex, 60, 0)
	g := Default()
	tr := takeRule{At: 0.5, Lead: 0, EscalateAt: 0.5, OverAt: 0.5}
	for _, text := range []string{"i want to speak to a manager right now", "i will kill you if you refund that"} {
		d := g.WithModel(nil).Classify(text)
		if d.Intent != Escalation || d.Unsure {
			t.Fatalf("%q: the attack needs a sure rule escalation, got %s unsure=%v", text, d.Intent, d.Unsure)
		}
		probs := []float64{1, 0, 0, 0}
		g.useModel(tr, m, probs, &d)
		if d.Intent != Escalation {
			t.Errorf("%q: a sure escalation was taken back by the model: %s", text, d.Intent)
		}
	}
	d := g.WithModel(nil).Classify("how many points do i have")
	if d.Intent == Escalation || d.Unsure {
		t.Fatalf("the control needs a sure non-escalation, got %s unsure=%v", d.Intent, d.Unsure)
	}
	g.useModel(tr, m, []float64{0, 0, 1, 0}, &d)
	if d.Intent != Complaint || d.Model == nil || !d.Model.Used || !d.Model.Over {
		t.Errorf("a sure non-escalation with a surer model: %s, want the model's complaint", d.Intent)
	}
}

// untrainedFloors are the rows the shipped gate read right on each voice
// it is not trained on, at first sight (README-strangers.md: v9 at
// da21706, before its file was committed): rules alone, then rules +
// learned. v6 and v7 (first sight 180/189 and 165/179) and v8 (165/182)
// are trained on since round 7, v11 (185/209 at 8c460b1) since round 9.
// heldOutFloors are the same for the heldout half of a halfHeldOut
// voice, which trains on its other half: v12's even lines at first sight
// (106/126 at 42a554b, the gate of ab58fdf; 106/125 since f179f8d's
// safety score), trained on its odd lines since round 10; v13's even
// lines at first sight (113/122 of 149 at 1985e4d, the tenth wave's
// start; 113/123 at c8988a8, before v13 was trained on; two rows the
// same as v2's were dropped before its splits were given), trained on
// its odd lines since the tenth wave; v14's even lines at first sight
// (87/96 of 118 at b6fa126, the twelfth wave's start; two pairs of lines
// whose even line was a v2 or v12 row were dropped), trained on its
// odd lines since the twelfth wave.
var (
	untrainedFloors = map[string][2]int{"v9": {167, 177}}
	heldOutFloors   = map[string][2]int{"v12": {106, 125}, "v13": {113, 122}, "v14": {87, 96}}
)

// TestUntrainedVoices measures the shipped gate on the voices the bundled
// model has not read: it may not read fewer rows right than it did at
// first sight. A voice in TrainingFiles has no floor here, since the model
// would be measured on its own training rows, and every voice out of it
// must have one; a halfHeldOut voice has one on its heldout half.
func TestUntrainedVoices(t *testing.T) {
	trained := map[string]bool{}
	for _, v := range trainedVoices() {
		trained[v] = true
	}
	g := Default()
	rules := g.WithModel(nil)
	for _, v := range voices {
		floor, ok := untrainedFloors[v]
		split := ""
		if trained[v] {
			if ok {
				t.Errorf("%s is in TrainingFiles: its first-sight floor no longer measures anything; drop it from untrainedFloors", v)
			}
			if !halfHeldOut[v] {
				continue
			}
			if floor, ok = heldOutFloors[v]; !ok {
				t.Errorf("%s trains on half its lines and has no floor on the heldout half", v)
				continue
			}
			split = "heldout"
		} else if !ok {
			t.Errorf("%s is not trained on and has no first-sight floor", v)
			continue
		}
		cases, err := LoadCases(strangersPath(v))
		if err != nil {
			t.Fatal(err)
		}
		cases = SelectSplit(cases, split)
		r, l := Evaluate(rules, cases), Evaluate(g, cases)
		t.Logf("%s (not trained on; split %q): rules alone %.1f%% (%d/%d), rules + learned %.1f%% (%d/%d)", v, split, 100*r.Accuracy, r.Correct, r.Total, 100*l.Accuracy, l.Correct, l.Total)
		if r.Correct < floor[0] {
			t.Errorf("%s: the rules alone read %d of %d right, %d at first sight", v, r.Correct, r.Total, floor[0])
		}
		if l.Correct < floor[1] {
			t.Errorf("%s: rules + learned read %d of %d right, %d at first sight", v, l.Correct, l.Total, floor[1])
		}
	}
}
