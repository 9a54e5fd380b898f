package guard

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"sync"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// The learned layer: a linear model over the message's hashed words and
// character n-grams (analysis.Model), trained by `cafebot learn guard`
// on testdata/guard/train.jsonl and shipped as guard.model. It scores the
// message categories (not personal data), each against the threshold
// calibrated on the validation split; a probability at that threshold
// scores 0.5, the default guard.threshold. The rules are precise on the
// phrasings they know; the model carries recall to the rest. Like the
// guard model it can only add: a category's score is the higher of the
// rules' and the model's.
//
// A model trained on a few thousand sentences also has opinions on text
// unlike any of them (a heading such as "## Payment"), so it speaks only
// on messages with at least one word of harm's vocabulary: the words of
// the composed rules' harm classes (see harmClasses) and of the lexicon's
// obfuscatable words. Never below a probability of 0.5 either, whatever
// the calibration found; and where the rules saw nothing of a category,
// not below aloneAt.

//go:embed guard.model
var modelFile []byte

// minLearnedScore is the least learned score reported.
const minLearnedScore = 0.35

// LearnedLabels are the categories the learned layer scores, in its
// label order.
var LearnedLabels = []Category{Threat, Harassment, Hate, Sexual, SelfHarm, Injection}

var defaultLearned = sync.OnceValues(func() (*analysis.Model, error) {
	return analysis.ReadModel(bytes.NewReader(modelFile))
})

// DefaultModel returns the bundled learned model; the package tests prove
// it loads.
func DefaultModel() *analysis.Model {
	m, err := defaultLearned()
	if err != nil {
		panic("guard: embedded guard.model: " + err.Error())
	}
	return m
}

// learnedScore maps a probability to a guard score: the calibrated
// threshold t goes to 0.5, 0 to 0 and 1 to 1, linearly on each side.
func learnedScore(p, t float64) float64 {
	if t <= 0 || t >= 1 {
		t = 0.5
	}
	var s float64
	if p < t {
		s = 0.5 * p / t
	} else {
		s = 0.5 + 0.5*(p-t)/(1-t)
	}
	return math.Round(clamp01(s)*1000) / 1000
}

// aloneAt is the least probability at which the learned layer scores a
// category the rules found no sign of at all.
const aloneAt = 0.9

// learnedSheet scores a with the learned model for cats; rules is what the
// rules found, for the co-evidence test (nil to score without it).
func (g *Guard) learnedSheet(a *analysis.Analysis, cats []Category, rules *scoreSheet) scoreSheet {
	var sheet scoreSheet
	m := g.learned
	if m == nil || len(a.Words) == 0 {
		return sheet
	}
	if !harmVocabIn(a.Words) {
		return sheet
	}
	probs := m.Predict(a)
	for l, name := range m.Labels {
		cat := Category(name)
		if !containsCat(cats, cat) {
			continue
		}
		if rules != nil {
			if _, seen := rules.miss[cat]; !seen && probs[l] < aloneAt {
				continue
			}
		}
		s := learnedScore(probs[l], max(m.Thresholds[l], 0.5))
		if s < minLearnedScore {
			// Below this the model has no opinion worth a cue.
			continue
		}
		sheet.add(cat, s, fmt.Sprintf("learned: p=%.2f (threshold %.2f)", probs[l], max(m.Thresholds[l], 0.5)))
	}
	return sheet
}

// harmClasses are the compose.yaml classes whose words open the learned
// layer: what harm is made of, not who is spoken of.
var harmClasses = []string{"harm", "damage", "injury", "weapon", "insult", "insult_adj", "group", "degrade",
	"exclude", "exclude_weak", "body", "sexual_act", "pics", "selfharm_verb", "ending", "means", "override",
	"instructions", "reveal", "secret", "persona", "movements", "yours", "harm_ing"}

// harmVocab is the set of words of harmClasses (stop words left out) and
// of the lexicon's obfuscatable words.
var harmVocab = sync.OnceValue(func() map[string]bool {
	v := map[string]bool{}
	for _, c := range harmClasses {
		for _, phrase := range defaultCompose().classes[c] {
			for _, w := range phrase {
				if !textnorm.IsStopWord(w) && len(w) > 2 {
					v[w] = true
				}
			}
		}
	}
	for _, w := range maskable {
		v[w] = true
	}
	return v
})

func harmVocabIn(words []string) bool {
	for _, w := range words {
		if harmVocab()[w] {
			return true
		}
	}
	return false
}

func containsCat(cats []Category, c Category) bool {
	for _, x := range cats {
		if x == c {
			return true
		}
	}
	return false
}

// raise lifts each category of dst to src's score where src's is higher,
// taking src's cues with it.
func raise(dst *scoreSheet, src scoreSheet) {
	for cat, m := range src.miss {
		old, ok := dst.miss[cat]
		if ok && old <= m {
			continue
		}
		if dst.miss == nil {
			dst.miss = map[Category]float64{}
			dst.cues = map[Category][]string{}
		}
		dst.miss[cat] = m
		dst.cues[cat] = append(dst.cues[cat], src.cues[cat]...)
	}
}

// Explain returns the learned layer's view of a message for category
// cat: its probability, the calibrated threshold and the n features that
// moved the score most.
func (g *Guard) Explain(a *analysis.Analysis, cat Category, n int) (p, threshold float64, top []analysis.Contribution) {
	m := g.learned
	if m == nil {
		return 0, 0, nil
	}
	l := m.Label(string(cat))
	if l < 0 {
		return 0, 0, nil
	}
	return m.Predict(a)[l], m.Thresholds[l], m.Explain(a, l, n)
}

// TrainOptions tune TrainModel.
type TrainOptions = analysis.TrainOptions

// TrainModel fits a learned layer on rows: those of split "train" (or
// "dev") train it, those of split "valid" calibrate its thresholds, rows without a
// split are assigned one by a hash of their text (one in six to valid).
// Rows of any other split ("blind", "heldout", "test") are refused: the
// sets a model is measured on must never train it.
func TrainModel(rows []Labelled, opt TrainOptions) (*analysis.Model, error) {
	var train, valid []analysis.Example
	for i, r := range rows {
		if r.Stage == "draft" {
			continue
		}
		ex := analysis.Example{Text: r.Text}
		if r.Harmful {
			ex.Labels = []string{string(r.Category)}
		}
		switch analysis.SplitOf(r.Split, r.Text) {
		case "train", "dev":
			train = append(train, ex)
		case "valid":
			valid = append(valid, ex)
		default:
			return nil, fmt.Errorf("row %d: split %q is for measuring, not training", i+1, r.Split)
		}
	}
	labels := make([]string, len(LearnedLabels))
	for i, c := range LearnedLabels {
		labels[i] = string(c)
	}
	return analysis.Train(labels, train, valid, opt)
}
