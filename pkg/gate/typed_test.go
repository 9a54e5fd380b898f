package gate

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The gate once decided from the cue strings it formats; these are those
// readings, kept as the oracle the typed facts on the Decision must agree
// with (TestTypedFactsMatchCueStrings).

// composedForCues reads a composed rule of the decision's own label from its
// cue string "label:rule[words]".
func composedForCues(d *Decision) bool {
	for _, c := range d.Cues {
		if len(c) > len(d.Intent) && c[len(d.Intent)] == ':' && strings.HasPrefix(c, string(d.Intent)) && strings.HasSuffix(c, "]") {
			return true
		}
	}
	return false
}

// topicsOnly reads from the cue strings whether every FAQ cue is one
// topic word ("faq:wifi").
func topicsOnly(cues []string) bool {
	n := 0
	for _, c := range cues {
		topic, ok := strings.CutPrefix(c, "faq:")
		if !ok {
			continue
		}
		if strings.ContainsAny(topic, " <[") {
			return false
		}
		n++
	}
	return n > 0
}

// TestTypedFactsMatchCueStrings: on every row of the gate's non-blind
// sets and voices, the Decision's typed facts say what its cue strings
// said: the composed rules (name, label, words), the topic words, whether
// the FAQ was read from topics alone, and whether a composed rule speaks
// for the label. The rules alone are read, since the learned layer adds a
// "model:" cue after the facts are read.
func TestTypedFactsMatchCueStrings(t *testing.T) {
	rules := Default().WithModel(nil)
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "gate", "*.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	rows, composed, topical := 0, 0, 0
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "blind") || filepath.Base(f) == "train.jsonl" {
			continue
		}
		cases, err := LoadCases(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			d := rules.Classify(c.Text)
			rows++
			var fromCues []ComposedMatch
			var topics []string
			for _, cue := range d.Cues {
				label, rest, _ := strings.Cut(cue, ":")
				if name, words, ok := strings.Cut(rest, "["); ok && strings.HasSuffix(words, "]") {
					fromCues = append(fromCues, ComposedMatch{Rule: name, Intent: Intent(label), Words: strings.TrimSuffix(words, "]")})
				}
				if label == "faq" && !strings.ContainsAny(rest, " <[") {
					topics = append(topics, rest)
				}
			}
			if !slices.Equal(d.Composed, fromCues) {
				t.Errorf("%s: %q: Composed %v, cues say %v", filepath.Base(f), c.Text, d.Composed, fromCues)
			}
			if !slices.Equal(d.Topics, topics) {
				t.Errorf("%s: %q: Topics %v, cues say %v", filepath.Base(f), c.Text, d.Topics, topics)
			}
			if d.TopicsOnly != topicsOnly(d.Cues) {
				t.Errorf("%s: %q: TopicsOnly %v, cues %v", filepath.Base(f), c.Text, d.TopicsOnly, d.Cues)
			}
			if composedFor(&d) != composedForCues(&d) {
				t.Errorf("%s: %q: composedFor %v, cues %v", filepath.Base(f), c.Text, composedFor(&d), d.Cues)
			}
			if len(d.Composed) > 0 {
				composed++
			}
			if d.TopicsOnly {
				topical++
			}
		}
	}
	t.Logf("%d rows: %d with a composed rule, %d read from topic words alone", rows, composed, topical)
	if composed == 0 || topical == 0 {
		t.Errorf("the sets must exercise both facts: %d composed, %d topics only", composed, topical)
	}
}
