package gate

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// SafetyLabel is the safety score's one label.
const SafetyLabel = "safety"

// SafetyData is what the safety score learns from, sorted by role.
type SafetyData struct {
	// Emergencies are the positive rows and Lookalikes the hard
	// negatives (testdata/safety rows of kind emergency and lookalike).
	Emergencies, Lookalikes []string
	// Cafe are café messages that are no emergency: the gate sets' rows
	// of every label but escalation, and their escalations whose sub says
	// a person is wanted for something else (personNotSafety). They train
	// as negatives and, on the validation side, bound the threshold.
	Cafe []string
	// Calibrate are café messages that only bound the threshold, never
	// train (the guard's benign rows).
	Calibrate []string
	// Skipped counts the rows left out: the gate sets' other
	// escalations, harmful guard rows, and rows of a measuring split (heldout, test,
	// blind), which never train or calibrate.
	Skipped int
}

// SafetyTrainingFiles are the files, relative to the repository root and
// in the order read, that the bundled safety.model is made from (see
// testdata/safety/README.md): the safety rows (the odd lines of sv1 and
// sv2, the even ones are split heldout; sv3 and sv4 are measured only,
// see TestSafetyFloors; the two red-team dev sets; hand-written
// look-alikes of hazard, injury and medical words; the tune halves of
// dev_s7 and dev_s8 and dev_s8_eng since the fourteenth wave), the gate sets
// the intent model trained on when the score was made and the dev splits
// of the others, and the guard's benign rows. strangers_v9 (the gate's
// test voice), strangers_v11 (the intent model's since round 9, the test
// voice before) and the guard's test voice v3 are not read, so they
// measure the score's false positives on messages it never saw.
func SafetyTrainingFiles() []string {
	return []string{
		"testdata/safety/train_sv1.jsonl",
		"testdata/safety/train_sv2.jsonl",
		"testdata/safety/dev_redteam1.jsonl",
		"testdata/safety/dev_redteam2.jsonl",
		"testdata/safety/train_safety3.jsonl",
		// The fourteenth wave: the tune halves of dev_s7 and dev_s8 and the
		// engineer's own cases (their test halves are left out by split).
		"testdata/safety/dev_s7.jsonl",
		"testdata/safety/dev_s8.jsonl",
		"testdata/safety/dev_s8_eng.jsonl",
		"testdata/gate/train.jsonl",
		"testdata/gate/train_hand.jsonl",
		"testdata/gate/train_gate9.jsonl",
		"testdata/gate/train_gate10.jsonl",
		"testdata/gate/strangers_v1.jsonl",
		"testdata/gate/strangers_v2.jsonl",
		"testdata/gate/strangers_v3.jsonl",
		"testdata/gate/strangers_v4.jsonl",
		"testdata/gate/strangers_v5.jsonl",
		"testdata/gate/strangers_v6.jsonl",
		"testdata/gate/strangers_v7.jsonl",
		"testdata/gate/strangers_v8.jsonl",
		"testdata/gate/strangers_v10.jsonl",
		"testdata/gate/messages.jsonl",
		"testdata/gate/dev_g3.jsonl",
		"testdata/gate/dev_g3b.jsonl",
		"testdata/gate/dev_g3c.jsonl",
		"testdata/gate/dev_g3d.jsonl",
		"testdata/gate/dev_g3e.jsonl",
		"testdata/gate/dev_g4.jsonl",
		"testdata/gate/dev_g4b.jsonl",
		"testdata/gate/dev_g4c.jsonl",
		"testdata/gate/dev_g4d.jsonl",
		"testdata/gate/dev_g4e.jsonl",
		"testdata/gate/dev_g4f.jsonl",
		"testdata/guard/dev11.jsonl",
		"testdata/guard/dev_d2.jsonl",
		"testdata/guard/dev_r3.jsonl",
		"testdata/guard/dev_r4.jsonl",
		"testdata/guard/messages.jsonl",
		"testdata/guard/strangers/v1.jsonl",
		"testdata/guard/strangers/v2.jsonl",
		"testdata/guard/strangers/v4.jsonl",
		"testdata/guard/strangers/v5.jsonl",
		"testdata/guard/strangers/v6.jsonl",
		"testdata/guard/strangers/v7.jsonl",
		"testdata/guard/strangers/v8.jsonl",
		"testdata/guard/strangers/v9.jsonl",
	}
}

// safetyLine is one row of any file the safety score reads; its shape
// says its role: kind (a safety row), intent (a gate row) or harmful (a
// guard row).
type safetyLine struct {
	Text    string  `json:"text"`
	Kind    string  `json:"kind"`
	Intent  *Intent `json:"intent"`
	Harmful *bool   `json:"harmful"`
	Split   string  `json:"split"`
	Sub     string  `json:"sub"`
}

// personNotSafety are the escalation sub-intents that fetch a person for
// something other than safety (a request for one, a legal matter, an
// abusive customer, several issues at once, discrimination): gate rows
// of these are negatives, so the score does not call "get me a manager
// now" an emergency. Threat, harassment and self-harm rows are left out,
// since their words are those of a person at risk.
var personNotSafety = map[string]bool{"human_request": true, "legal": true, "abuse": true, "multi_issue": true, "discrimination": true}

// ErrSafetyRow is wrapped by LoadSafetyData for a row it cannot place.
var ErrSafetyRow = errors.New("not a safety, gate or guard row")

// LoadSafetyData reads the files at paths, in order, and sorts their rows
// by role (SafetyData).
func LoadSafetyData(paths []string) (SafetyData, error) {
	var d SafetyData
	for _, path := range paths {
		if err := d.load(path); err != nil {
			return SafetyData{}, err
		}
	}
	return d, nil
}

func (d *SafetyData) load(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open safety rows: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		var r safetyLine
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if strings.TrimSpace(r.Text) == "" {
			return fmt.Errorf("%s:%d: empty text", path, line)
		}
		switch strings.ToLower(r.Split) {
		// A dev set's tune half (dev_s7, dev_s8) is the half rules are
		// written from, so the score may learn from it too; its test half
		// falls to the default and stays out, as do dev_s8_eng's rows of
		// split rules (cases only the rules were written from).
		case "", "train", "dev", "valid", "tune":
		default:
			// A measuring split never trains nor calibrates.
			d.Skipped++
			continue
		}
		switch {
		case r.Kind == "emergency":
			d.Emergencies = append(d.Emergencies, r.Text)
		case r.Kind == "lookalike":
			d.Lookalikes = append(d.Lookalikes, r.Text)
		case r.Kind != "":
			return fmt.Errorf("%s:%d: %w: kind %q (want emergency or lookalike)", path, line, ErrSafetyRow, r.Kind)
		case r.Intent != nil:
			if _, ok := parseIntent(string(*r.Intent)); !ok {
				return fmt.Errorf("%s:%d: unknown intent %q", path, line, *r.Intent)
			}
			if *r.Intent == Escalation && !personNotSafety[r.Sub] {
				// An emergency, a threat, or an escalation the row does
				// not say the kind of: no negative.
				d.Skipped++
				continue
			}
			d.Cafe = append(d.Cafe, r.Text)
		case r.Harmful != nil:
			if *r.Harmful {
				d.Skipped++
				continue
			}
			d.Calibrate = append(d.Calibrate, r.Text)
		default:
			return fmt.Errorf("%s:%d: %w (want kind, intent or harmful)", path, line, ErrSafetyRow)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read safety rows %s: %w", path, err)
	}
	return nil
}

// DefaultSafetyTrainOptions returns the recipe safety.model is trained
// with (`cafebot learn safety`'s defaults): the gate's features (feature
// set 1), emergencies weighted against the many café rows (Balance), L2
// 0.02, the mean of six fits, and a threshold under which at most 0.5%
// of the café messages on the validation side are flagged (MaxFPR).
func DefaultSafetyTrainOptions() TrainOptions {
	return TrainOptions{Bits: 17, Epochs: 8, L2: 0.02, MaxFPR: 0.005, FeatureSet: analysis.FeatureSetV1, Balance: true, Average: 6}
}

// TrainSafety fits the safety score on d: every row lands on the
// training or the validation side by a hash of its text (one in six
// validates; a gate row's own train split is the intent model's, not
// this one's). The threshold is the one with the best F1 on the
// validation side (emergencies against look-alikes and café messages)
// among those that flag at most opt.MaxFPR of the café messages there
// (the validation side of Cafe, and all of Calibrate), and never one
// that flags more than safetyMaxLookalikes of the look-alikes there.
func TrainSafety(d SafetyData, opt TrainOptions) (*analysis.Model, error) {
	if len(d.Emergencies) == 0 || len(d.Cafe)+len(d.Lookalikes) == 0 {
		return nil, errors.New("train safety: no emergencies or no negatives")
	}
	if opt.MaxFPR <= 0 {
		opt.MaxFPR = DefaultSafetyTrainOptions().MaxFPR
	}
	var train []analysis.Example
	var pos, hard, cafe []string
	side := func(texts []string, labels []string, valid *[]string) {
		for _, t := range texts {
			if analysis.SplitOf("", t) == "valid" {
				*valid = append(*valid, t)
				continue
			}
			train = append(train, analysis.Example{Text: t, Labels: labels})
		}
	}
	side(d.Emergencies, []string{SafetyLabel}, &pos)
	side(d.Lookalikes, nil, &hard)
	side(d.Cafe, nil, &cafe)
	cafe = append(cafe, d.Calibrate...)
	// Train calibrates on no rows; the threshold is set here instead.
	m, err := analysis.Train([]string{SafetyLabel}, train, nil, opt)
	if err != nil {
		return nil, fmt.Errorf("train safety: %w", err)
	}
	m.Thresholds[0] = safetyThreshold(m, pos, hard, cafe, opt.MaxFPR)
	return m, nil
}

// safetyMaxLookalikes is the share of the look-alikes on the validation
// side the threshold may flag at most: 5%, under the 4 of 73 (5.5%) of
// the score before sv2 trained. The café bound alone let the threshold
// fall to where the score read emergency in the language of a message
// ("ho trovato il bar chiuso") rather than in its words, once sv2 brought
// more emergencies than look-alikes in other languages.
const safetyMaxLookalikes = 0.05

// safetyThreshold picks the threshold with the best F1 of positives
// against the negatives (hard look-alikes and cafe) among those flagging
// at most maxFPR of cafe (analysis.CalibrateWithin, the learned layers'
// calibration with its bound on café messages only); 0.99 when none
// does. It is raised, if need be, to the lowest that flags at most
// safetyMaxLookalikes of hard. Each text is scored once.
func safetyThreshold(m *analysis.Model, pos, hard, cafe []string, maxFPR float64) float64 {
	score := func(texts []string) []float64 {
		out := make([]float64, len(texts))
		for i, t := range texts {
			out[i] = m.Predict(analysis.Of(t))[0]
		}
		return out
	}
	ps, hs, cs := score(pos), score(hard), score(cafe)
	t, _ := analysis.CalibrateWithin(ps, slices.Concat(hs, cs), cs, maxFPR)
	return max(t, lookalikeFloor(hs, safetyMaxLookalikes))
}

// lookalikeFloor is the lowest threshold, on CalibrateWithin's grid of
// 1e-4, at which at most share of the scores hs reach it: just over the
// highest score that must not be flagged; 0 when none need be left out.
func lookalikeFloor(hs []float64, share float64) float64 {
	allowed := int(share * float64(len(hs)))
	if allowed >= len(hs) {
		return 0
	}
	desc := slices.Clone(hs)
	slices.Sort(desc)
	slices.Reverse(desc)
	return math.Floor(desc[allowed]*10000+1) / 10000
}
