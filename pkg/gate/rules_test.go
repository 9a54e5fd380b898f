package gate

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/cafebot/cafebot/pkg/escalation"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string // the whole error message
	}{
		{
			name: "weight of the wrong type",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: heavy\n    match: [hours]\n",
			want: "bad.yaml:4: cue weight must be a number between -5 and 5",
		},
		{
			name: "weight out of range",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 9\n    match: [hours]\n",
			want: "bad.yaml:4: cue weight must be a number between -5 and 5",
		},
		{
			name: "unknown label",
			yaml: "version: 1\ncues:\n  - intent: chitchat\n    weight: 1\n    match: [hi]\n",
			want: `bad.yaml:3: unknown label "chitchat" (want faq, transactional, complaint or escalation)`,
		},
		{
			name: "unknown bias label",
			yaml: "version: 1\nbias:\n  smalltalk: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: [hi]\n",
			want: `bad.yaml:3: unknown label "smalltalk" (want faq, transactional, complaint or escalation)`,
		},
		{
			name: "YAML syntax error",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1: 2\n    match: [hours]\n",
			want: "bad.yaml:4: YAML syntax: mapping values are not allowed in this context",
		},
		{
			// yaml.v3 places an unclosed list at the line before the end.
			name: "unclosed list",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: [hours\n",
			want: "bad.yaml:4: YAML syntax: did not find expected ',' or ']'",
		},
		{
			name: "match is not a list",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: hours\n",
			want: "bad.yaml:5: match must be a non-empty list of words and phrases",
		},
		{
			name: "match entry is a mapping",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match:\n      - {a: b}\n",
			want: "bad.yaml:6: match entries must be a string",
		},
		{
			name: "unknown key",
			yaml: "version: 1\ncues:\n  - intent: faq\n    wieght: 1\n    match: [hours]\n",
			want: `bad.yaml:4: unknown key "wieght" in cue group (want intent, weight, match, category, aspect, negation, negated)`,
		},
		{
			name: "escalation without category",
			yaml: "version: 1\ncues:\n  - intent: escalation\n    weight: 5\n    match: [lawyer]\n",
			want: "bad.yaml:3: escalation cues need a category (one of safety, legal, threat, abuse, harassment, discrimination, human_request, self_harm, multi_issue)",
		},
		{
			name: "unknown category",
			yaml: "version: 1\ncues:\n  - intent: escalation\n    category: vibes\n    weight: 5\n    match: [lawyer]\n",
			want: `bad.yaml:4: unknown category "vibes" (want one of safety, legal, threat, abuse, harassment, discrimination, human_request, self_harm, multi_issue)`,
		},
		{
			name: "category on a non-escalation cue",
			yaml: "version: 1\ncues:\n  - intent: faq\n    category: legal\n    weight: 1\n    match: [hours]\n",
			want: "bad.yaml:3: only escalation cues take a category",
		},
		{
			name: "unknown special token",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: [hours, \"<postcode>\"]\n",
			want: `bad.yaml:5: unknown special token "<postcode>" (want <s>, <q>, <,>, <order_id>, <phone>, <email>, <money> or <number>)`,
		},
		{
			name: "phrase starting with a wildcard",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match:\n      - hours\n      - \"* open\"\n",
			want: `bad.yaml:7: cue "* open" must not start with *`,
		},
		{
			name: "duplicate cue",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: [hours]\n  - intent: faq\n    weight: 2\n    match: [hour]\n",
			want: `bad.yaml:8: duplicate faq cue "hour" (same as "hours" at line 5)`,
		},
		{
			name: "duplicate key",
			yaml: "version: 1\nversion: 1\ncues: []\n",
			want: `bad.yaml:2: duplicate key "version" in the rules file`,
		},
		{
			name: "missing version",
			yaml: "cues:\n  - intent: faq\n    weight: 1\n    match: [hours]\n",
			want: "bad.yaml:1: missing version (want version: 1)",
		},
		{
			name: "unsupported version",
			yaml: "version: 2\n",
			want: "bad.yaml:1: unsupported rules version 2 (want 1)",
		},
		{
			name: "no cues",
			yaml: "version: 1\n",
			want: "bad.yaml:1: no cues",
		},
		{
			name: "empty file",
			yaml: "",
			want: "bad.yaml: empty rules file",
		},
		{
			name: "top level is a list",
			yaml: "- a\n- b\n",
			want: "bad.yaml:1: the rules file must be a mapping",
		},
		{
			name: "bad setting",
			yaml: "version: 1\nsettings:\n  trigger: -1\ncues: []\n",
			want: "bad.yaml:3: trigger must be a number between 0.1 and 50",
		},
		{
			name: "bad negation mode",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 1\n    negation: flip\n    match: [hours]\n",
			want: `bad.yaml:5: negation must be keep or drop, not "flip"`,
		},
		{
			name: "negated without weight",
			yaml: "version: 1\ncues:\n  - intent: faq\n    weight: 0\n    negated: {intent: complaint}\n    match: [happy]\n",
			want: "bad.yaml:5: negated needs an intent and a weight",
		},
		{
			name: "rewrite to a list",
			yaml: "version: 1\nrewrite:\n  u: [you]\ncues: []\n",
			want: "bad.yaml:3: rewrite values must be a string",
		},
		{
			name: "negator of two words",
			yaml: "version: 1\nnegators: [not, \"no way\"]\ncues: []\n",
			want: `bad.yaml:2: negators entries must be single words, not "no way"`,
		},
		{
			name: "combo with one part",
			yaml: "version: 1\ncombos:\n  - intent: transactional\n    weight: 2\n    all: [refund]\ncues: []\n",
			want: "bad.yaml:5: all must list 2 to 4 phrases",
		},
		{
			name: "short fuzzy word",
			yaml: "version: 1\nfuzzy: [cold]\ncues:\n  - intent: faq\n    weight: 1\n    match: [hours]\n",
			want: `bad.yaml:2: fuzzy word "cold" is too short (at least 6 letters)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Load(strings.NewReader(tt.yaml), "bad.yaml")
			if err == nil {
				t.Fatalf("Load succeeded with %d cues, want error %q", len(g.cues), tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("Load error:\n got %q\nwant %q", err.Error(), tt.want)
			}
			var le *LineError
			if !errors.As(err, &le) || le.File != "bad.yaml" {
				t.Errorf("Load error %v is not a *LineError for bad.yaml", err)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(path, []byte(tinyRules), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := LoadFile(path)
	if err != nil {
		t.Fatalf("LoadFile: %v", err)
	}
	if g.Name() != path {
		t.Errorf("Name() = %q, want %q", g.Name(), path)
	}
	if d := g.Classify("what are your hours"); d.Intent != FAQ {
		t.Errorf("custom rules: Classify = %s, want faq", d.Intent)
	}

	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("version: 1\ncues:\n  - intent: faq\n    weight: 6\n    match: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadFile(bad)
	if want := bad + ":4: cue weight must be a number between -5 and 5"; err == nil || err.Error() != want {
		t.Errorf("LoadFile(bad) error = %v, want %q", err, want)
	}

	_, err = LoadFile(filepath.Join(dir, "missing.yaml"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(missing) error = %v, want one wrapping os.ErrNotExist", err)
	}
}

// tinyRules exercises every construct with round numbers.
const tinyRules = `
version: 1
settings:
  trigger: 3
  smoothing: 1
  negation_window: 2
  multi_issue: {aspects: 2, weight: 4}
bias: {faq: 0.5}
negators: [not, never]
scope_breakers: [but]
rewrite:
  u: you
  hrs: hours
stems:
  manager: manager
fuzzy: [refund]
combos:
  - intent: transactional
    weight: 2
    all: ["<order_id>", refund]
  - intent: complaint
    weight: -1
    all: ["<order_id>", cold]
cues:
  - intent: faq
    weight: 1
    match: [hours, "<q>"]
  - intent: faq
    weight: 2
    match: ["refund policy"]
  - intent: transactional
    weight: 1
    match: [refund, "my * order"]
  - intent: complaint
    aspect: temperature
    weight: 2
    match: [cold]
  - intent: complaint
    aspect: staff
    weight: 2
    match: [rude]
  - intent: complaint
    weight: 0
    negated: {intent: complaint, weight: 1.5}
    match: [happy]
  - intent: escalation
    category: human_request
    weight: 2
    match: [manager]
  - intent: escalation
    category: legal
    weight: 5
    match: [lawyer]
  - intent: escalation
    category: safety
    weight: 1
    negation: keep
    match: [never again]
`

func TestRuleMechanics(t *testing.T) {
	g, err := Load(strings.NewReader(tinyRules), "tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The rules alone: the learned layer is tested in learned_test.go and
	// the composed rules in compose_test.go.
	g = g.WithModel(nil)
	g.compose = &composeSet{}
	tests := []struct {
		name string
		text string
		want Decision
	}{
		{
			name: "bias alone",
			text: "hello",
			want: Decision{Intent: FAQ, Confidence: 0.333, Cues: []string{}, Unsure: true,
				Scores: scores(0.5, 0, 0, 0)},
		},
		{
			name: "rewrite and question mark",
			text: "hrs?",
			want: Decision{Intent: FAQ, Confidence: 0.714, Cues: []string{"faq:hours", "faq:<q>"},
				Scores: scores(2.5, 0, 0, 0), Topics: []string{"hours"}},
		},
		{
			name: "a longer phrase speaks for the words inside it",
			text: "refund policy",
			want: Decision{Intent: FAQ, Confidence: 0.714, Cues: []string{"faq:refund policy"},
				Scores: scores(2.5, 0, 0, 0)},
		},
		{
			name: "wildcard phrase, fuzzy word and combo",
			text: "refnd my last order 10482",
			want: Decision{Intent: Transactional, Confidence: 0.7,
				Cues:   []string{"transactional:refund", "transactional:my * order", "transactional:<order_id> + refund"},
				Scores: scores(0.5, 4, 0, 0)},
		},
		{
			name: "a combo part inside a longer cue of another label does not count",
			text: "refund policy for order 10482",
			want: Decision{Intent: FAQ, Confidence: 0.714, Cues: []string{"faq:refund policy"},
				Scores: scores(2.5, 0, 0, 0)},
		},
		{
			name: "a combo with a negative weight takes weight away",
			text: "order 10482 was cold",
			want: Decision{Intent: Complaint, Confidence: 0.25, Cues: []string{"complaint:cold", "complaint:<order_id> + cold"},
				Unsure: true, Scores: scores(0.5, 0, 1, 0)},
		},
		{
			name: "negation drops a cue within the window",
			text: "not cold",
			want: Decision{Intent: FAQ, Confidence: 0.333, Cues: []string{}, Unsure: true,
				Scores: scores(0.5, 0, 0, 0)},
		},
		{
			name: "negation stops at a scope breaker",
			text: "not bad but cold",
			want: Decision{Intent: Complaint, Confidence: 0.5, Cues: []string{"complaint:cold"},
				Scores: scores(0.5, 0, 2, 0)},
		},
		{
			name: "negation outside the window",
			text: "never was it so cold",
			want: Decision{Intent: Complaint, Confidence: 0.5, Cues: []string{"complaint:cold"},
				Scores: scores(0.5, 0, 2, 0)},
		},
		{
			name: "negated cue scores its negated intent",
			text: "not happy",
			want: Decision{Intent: Complaint, Confidence: 0.4, Cues: []string{"complaint:not happy"}, Unsure: true,
				Scores: scores(0.5, 0, 1.5, 0)},
		},
		{
			name: "negation: keep ignores negators; below the trigger escalation competes",
			text: "never again",
			want: Decision{Intent: Escalation, Confidence: 0.25, Category: "safety",
				Cues: []string{"escalation:never again"}, Unsure: true, Scores: scores(0.5, 0, 0, 1)},
		},
		{
			name: "the same cue twice counts once",
			text: "cold cold cold",
			want: Decision{Intent: Complaint, Confidence: 0.5, Cues: []string{"complaint:cold"},
				Scores: scores(0.5, 0, 2, 0)},
		},
		{
			name: "two aspects make a multi-issue escalation",
			text: "cold and rude",
			want: Decision{Intent: Escalation, Confidence: 0.8, Category: "multi_issue",
				Cues:   []string{"complaint:cold", "complaint:rude", "escalation:multi_issue(temperature,staff)"},
				Scores: scores(0.5, 0, 4, 4)},
		},
		{
			name: "trigger wins over a higher score",
			text: "lawyer, cold, rude, not happy",
			want: Decision{Intent: Escalation, Confidence: 0.9, Category: "legal",
				Cues:   []string{"escalation:lawyer", "complaint:cold", "complaint:rude", "complaint:not happy", "escalation:multi_issue(temperature,staff)"},
				Scores: scores(0.5, 0, 5.5, 9)},
		},
		{
			name: "below the trigger escalation competes",
			text: "manager",
			want: Decision{Intent: Escalation, Confidence: 0.5, Category: "human_request",
				Cues: []string{"escalation:manager"}, Scores: scores(0.5, 0, 0, 2)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The sub-intent comes from subintents.yaml, not these rules.
			if diff := cmp.Diff(tt.want, g.Classify(tt.text), cmpopts.IgnoreFields(Decision{}, "Sub", "Model")); diff != "" {
				t.Errorf("Classify(%q) (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func scores(faq, tr, co, es float64) map[Intent]float64 {
	return map[Intent]float64{FAQ: faq, Transactional: tr, Complaint: co, Escalation: es}
}

func FuzzLoad(f *testing.F) {
	f.Add(tinyRules)
	f.Add(string(defaultRules[:min(len(defaultRules), 4000)]))
	f.Add("version: 1\ncues:\n  - intent: faq\n    weight: 1\n    match: [hours]\n")
	f.Add("version: 1\ncombos:\n  - {intent: faq, weight: 1, all: [a, b]}\ncues:\n  - {intent: faq, weight: 1, match: ['* x']}\n")
	f.Add("version: 1\nrewrite: {a: '', b: '<q>'}\nfuzzy: [aaaaaaaa]\n")
	f.Add("[")
	f.Add("version: 1\ncues: &a [*a]\n")
	f.Fuzz(func(t *testing.T, data string) {
		g, err := Load(strings.NewReader(data), "fuzz.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, text := range []string{"", "hours?", "refund order 10482", data} {
			checkDecision(t, text, g.Classify(text), g.UnsureBelow())
		}
	})
}

// TestCategoryIndexes: the category indexes looked up once at start-up
// name the categories they stand for.
func TestCategoryIndexes(t *testing.T) {
	for _, tt := range []struct {
		idx  int
		want escalation.Category
	}{{multiIssue, escalation.MultiIssue}, {safetyCategory, escalation.Safety}} {
		if tt.idx < 0 || Categories[tt.idx] != string(tt.want) {
			t.Errorf("index %d, want %s's", tt.idx, tt.want)
		}
	}
}
