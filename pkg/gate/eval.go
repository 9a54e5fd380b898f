package gate

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Case is one labelled message of an evaluation set.
type Case struct {
	Text   string `json:"text"`
	Intent Intent `json:"intent"`
	// Split is "dev" (rules may be tuned on it) or "heldout" (never tuned on).
	Split string `json:"split"`
	// Sub is the expected sub-intent, when the set names one.
	Sub string `json:"sub,omitempty"`
}

// LabelStats is how the gate did on the messages of one label.
type LabelStats struct {
	// Total is how many messages carry the label; Correct how many got it.
	Total   int `json:"total"`
	Correct int `json:"correct"`
	// Predicted is how many messages the gate gave the label.
	Predicted int `json:"predicted"`
	// Accuracy is Correct/Total (the label's recall).
	Accuracy float64 `json:"accuracy"`
	// Precision is Correct/Predicted.
	Precision float64 `json:"precision"`
}

// Miss is one message the gate labelled wrongly.
type Miss struct {
	Case     Case     `json:"case"`
	Decision Decision `json:"decision"`
}

// Report summarises a gate's decisions over labelled cases.
type Report struct {
	Total    int     `json:"total"`
	Correct  int     `json:"correct"`
	Accuracy float64 `json:"accuracy"`
	// Unsure counts decisions below the gate's threshold; RouteCorrect
	// counts cases whose route (unsure goes to faq) matches the label.
	Unsure       int `json:"unsure"`
	RouteCorrect int `json:"route_correct"`
	// PerLabel holds the stats of every label that appears or is predicted.
	PerLabel map[Intent]LabelStats `json:"per_label"`
	// Confusion counts cases by wanted label, then by the gate's label.
	Confusion map[Intent]map[Intent]int `json:"confusion"`
	Misses    []Miss                    `json:"misses"`
	// SubTotal counts the cases with an expected sub-intent whose label
	// was right; SubCorrect those whose sub-intent was right too.
	SubTotal   int `json:"sub_total,omitempty"`
	SubCorrect int `json:"sub_correct,omitempty"`
}

// subAliases are names labelled sets written outside the project give
// the gate's own sub-intents: only exact synonyms, so a set's name for a
// distinction the gate does not draw (privacy, misconduct) still counts
// as a miss rather than being folded into a neighbour.
var subAliases = map[string]string{
	"human":     "human_request",
	"allergen":  "allergens",
	"allergies": "allergens",
}

// SubName returns the gate's name for a labelled set's sub-intent.
func SubName(sub string) string {
	if a, ok := subAliases[sub]; ok {
		return a
	}
	return sub
}

// Evaluate classifies every case with g and compares with its label.
func Evaluate(g *Gate, cases []Case) Report {
	r := Report{
		PerLabel:  map[Intent]LabelStats{},
		Confusion: map[Intent]map[Intent]int{},
		Misses:    []Miss{},
	}
	for _, in := range Intents {
		r.Confusion[in] = map[Intent]int{}
	}
	for _, c := range cases {
		d := g.Classify(c.Text)
		r.Total++
		if r.Confusion[c.Intent] == nil {
			r.Confusion[c.Intent] = map[Intent]int{}
		}
		r.Confusion[c.Intent][d.Intent]++
		want := r.PerLabel[c.Intent]
		want.Total++
		if d.Intent == c.Intent {
			r.Correct++
			want.Correct++
			if c.Sub != "" {
				r.SubTotal++
				if d.Sub == SubName(c.Sub) {
					r.SubCorrect++
				}
			}
		} else {
			r.Misses = append(r.Misses, Miss{Case: c, Decision: d})
		}
		r.PerLabel[c.Intent] = want
		got := r.PerLabel[d.Intent]
		got.Predicted++
		r.PerLabel[d.Intent] = got
		route := d.Intent
		if d.Unsure {
			r.Unsure++
			route = FAQ
		}
		if route == c.Intent {
			r.RouteCorrect++
		}
	}
	r.Accuracy = ratio(r.Correct, r.Total)
	for in, s := range r.PerLabel {
		s.Accuracy = ratio(s.Correct, s.Total)
		s.Precision = ratio(s.Correct, s.Predicted)
		r.PerLabel[in] = s
	}
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Table returns the report as a plain-text confusion matrix (rows are the
// wanted labels, columns the gate's), with per-label accuracy and an
// overall line.
func (r Report) Table() string {
	labels := append([]Intent(nil), Intents...)
	for in := range r.Confusion {
		if _, ok := parseIntent(string(in)); !ok {
			labels = append(labels, in)
		}
	}
	w := len("want \\ got")
	for _, l := range labels {
		w = max(w, len(l))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s", w, "want \\ got")
	for _, l := range labels {
		fmt.Fprintf(&b, " %*s", max(len(l), 5), l)
	}
	fmt.Fprintf(&b, " %6s %8s\n", "total", "accuracy")
	for _, want := range labels {
		s := r.PerLabel[want]
		fmt.Fprintf(&b, "%-*s", w, want)
		for _, got := range labels {
			fmt.Fprintf(&b, " %*d", max(len(got), 5), r.Confusion[want][got])
		}
		fmt.Fprintf(&b, " %6d %7.1f%%\n", s.Total, 100*s.Accuracy)
	}
	fmt.Fprintf(&b, "overall %.1f%% (%d/%d); unsure %d; routed correctly %.1f%%\n",
		100*r.Accuracy, r.Correct, r.Total, r.Unsure, 100*ratio(r.RouteCorrect, r.Total))
	if r.SubTotal > 0 {
		fmt.Fprintf(&b, "sub-intent right on %.1f%% (%d/%d) of the correctly labelled cases that name one\n",
			100*ratio(r.SubCorrect, r.SubTotal), r.SubCorrect, r.SubTotal)
	}
	return b.String()
}

// LoadCases reads a JSON Lines file of cases ({"text","intent","split"}),
// skipping blank lines; an unknown intent or bad line fails with its number.
func LoadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open cases: %w", err)
	}
	defer f.Close()
	var out []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(text), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if _, ok := parseIntent(string(c.Intent)); !ok {
			return nil, fmt.Errorf("%s:%d: unknown intent %q", path, line, c.Intent)
		}
		if strings.TrimSpace(c.Text) == "" {
			return nil, fmt.Errorf("%s:%d: empty text", path, line)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read cases %s: %w", path, err)
	}
	return out, nil
}

// SelectSplit returns the cases whose Split is split ("" selects all),
// in any case: WithoutHeldOut and TrainModel read a split lower-cased
// (analysis.SplitOf), so a row marked "Heldout" that training leaves out
// must be the row `classify --eval --split heldout` measures.
func SelectSplit(cases []Case, split string) []Case {
	if split == "" {
		return cases
	}
	var out []Case
	for _, c := range cases {
		if strings.EqualFold(c.Split, split) {
			out = append(out, c)
		}
	}
	return out
}
