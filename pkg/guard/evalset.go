package guard

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cafebot/cafebot/pkg/analysis"
)

// Labelled is one row of a guard evaluation or training file (JSON
// Lines): the text, whether it is harmful and, if so, its category.
type Labelled struct {
	Text     string   `json:"text"`
	Harmful  bool     `json:"harmful"`
	Category Category `json:"category"`
	// Split says how the row may be used: "train" and "valid" rows train
	// and calibrate the learned layer; "blind" rows are only measured.
	Split string `json:"split,omitempty"`
	// Stage is "draft" for a draft reply; evaluations and training skip
	// drafts, which the guard reads with the customer's contact data.
	Stage string `json:"stage,omitempty"`
}

// LoadLabelled reads a JSON Lines file of Labelled rows, skipping blank
// lines; a bad line or an unknown category fails with its line number.
func LoadLabelled(path string) ([]Labelled, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open labelled set: %w", err)
	}
	defer f.Close()
	return ReadLabelled(f, path)
}

// ReadLabelled is LoadLabelled over a reader; name prefixes errors.
func ReadLabelled(r io.Reader, name string) ([]Labelled, error) {
	var out []Labelled
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var l Labelled
		dec := json.NewDecoder(strings.NewReader(text))
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if strings.TrimSpace(l.Text) == "" {
			return nil, fmt.Errorf("%s:%d: empty text", name, line)
		}
		if l.Stage == "draft" {
			out = append(out, l)
			continue
		}
		if l.Harmful {
			ok := false
			for _, c := range inputCategories {
				ok = ok || c == l.Category
			}
			if !ok {
				return nil, fmt.Errorf("%s:%d: harmful row needs a category of %v, not %q", name, line, inputCategories, l.Category)
			}
		} else if l.Category == "benign" {
			// Writers label the benign class by name as often as not.
			l.Category = ""
		} else if l.Category != "" {
			return nil, fmt.Errorf("%s:%d: benign row with category %q", name, line, l.Category)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// CategoryStats is how a layer did on one category.
type CategoryStats struct {
	// Total rows of the category; Caught of them flagged at all; Right
	// of them flagged with this category on top.
	Total  int `json:"total"`
	Caught int `json:"caught"`
	Right  int `json:"right"`
	// Predicted is how many rows had this category on top and flagged.
	Predicted int `json:"predicted"`
	// Recall is Caught/Total; Precision is Right/Predicted.
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
}

// SetReport is a guard layer's result over a labelled set.
type SetReport struct {
	Layer       string                     `json:"layer"`
	Harmful     int                        `json:"harmful"`
	Caught      int                        `json:"caught"`
	Recall      float64                    `json:"recall"`
	Benign      int                        `json:"benign"`
	FalseFlags  int                        `json:"false_flags"`
	FPR         float64                    `json:"false_positive_rate"`
	Precision   float64                    `json:"precision"`
	PerCategory map[Category]CategoryStats `json:"per_category"`
	// Missed and Wrong quote the rows missed and the benign rows flagged.
	Missed []Labelled `json:"missed,omitempty"`
	Wrong  []Labelled `json:"false_positives,omitempty"`
}

// Layers the evaluation can isolate.
const (
	EvalRules    = "rules"    // lexicon and composed rules only
	EvalLearned  = "learned"  // the learned model only
	EvalCombined = "combined" // what the guard does (without the model server)
)

// EvaluateSet runs one layer of the built-in guard over rows.
func (g *Guard) EvaluateSet(rows []Labelled, layer string) SetReport {
	r := SetReport{Layer: layer, PerCategory: map[Category]CategoryStats{}}
	for _, row := range rows {
		if row.Stage == "draft" {
			continue
		}
		a := analysis.Of(row.Text)
		var v Verdict
		switch layer {
		case EvalRules:
			v = g.rulesOnly(a)
		case EvalLearned:
			v = g.learnedOnly(a)
		default:
			v = g.BuiltinAnalysis(a)
		}
		top, _ := v.Top()
		if v.Flagged {
			st := r.PerCategory[top]
			st.Predicted++
			if row.Harmful && row.Category == top {
				st.Right++
			}
			r.PerCategory[top] = st
		}
		if !row.Harmful {
			r.Benign++
			if v.Flagged {
				r.FalseFlags++
				r.Wrong = append(r.Wrong, row)
			}
			continue
		}
		r.Harmful++
		st := r.PerCategory[row.Category]
		st.Total++
		if v.Flagged {
			r.Caught++
			st.Caught++
		} else {
			r.Missed = append(r.Missed, row)
		}
		r.PerCategory[row.Category] = st
	}
	flagged := 0
	for c, st := range r.PerCategory {
		st.Recall = ratio(st.Caught, st.Total)
		st.Precision = ratio(st.Right, st.Predicted)
		r.PerCategory[c] = st
		flagged += st.Predicted
	}
	r.Recall = ratio(r.Caught, r.Harmful)
	r.FPR = ratio(r.FalseFlags, r.Benign)
	r.Precision = ratio(flagged-r.FalseFlags, flagged)
	return r
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Table renders the report as a plain-text table: one line per category
// with recall and precision, then the totals and the false-positive rate.
func (r SetReport) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-11s %6s %8s %9s\n", "category", "rows", "recall", "precision")
	for _, c := range inputCategories {
		st, ok := r.PerCategory[c]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%-11s %6d %8.2f %9.2f\n", c, st.Total, st.Recall, st.Precision)
	}
	fmt.Fprintf(&b, "%-11s %6d %8.2f %9.2f   (%d/%d flagged)\n", "harmful", r.Harmful, r.Recall, r.Precision, r.Caught, r.Harmful)
	fmt.Fprintf(&b, "%-11s %6d %8s %9s   false positives %d/%d = %.1f%%\n", "benign", r.Benign, "", "", r.FalseFlags, r.Benign, 100*r.FPR)
	return b.String()
}

// EvasionReport is how the guard holds up when flagged messages are
// disguised: for each obfuscation of analysis.Obfuscations, how many of
// the harmful rows flagged in plain form are still flagged.
type EvasionReport struct {
	Base    int            `json:"base"`
	Kept    map[string]int `json:"kept"`
	Total   int            `json:"total"`
	AllKept int            `json:"all_kept"`
	Rate    float64        `json:"rate"`
}

// EvaluateEvasions runs the evasion suite over the harmful rows the guard
// flags in plain form.
func EvaluateEvasions(g *Guard, rows []Labelled) EvasionReport {
	r := EvasionReport{Kept: map[string]int{}}
	for _, row := range rows {
		if !row.Harmful || row.Stage == "draft" || !g.Builtin(row.Text).Flagged {
			continue
		}
		r.Base++
		for _, o := range analysis.Obfuscations {
			r.Total++
			if g.Builtin(o.Do(row.Text)).Flagged {
				r.Kept[o.Name]++
				r.AllKept++
			}
		}
	}
	r.Rate = ratio(r.AllKept, r.Total)
	return r
}

// Table renders the evasion report, one line per obfuscation.
func (r EvasionReport) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "evasion suite over %d flagged harmful rows\n", r.Base)
	for _, o := range analysis.Obfuscations {
		fmt.Fprintf(&b, "  %-20s %4d/%-4d still flagged (%.1f%%)\n", o.Name, r.Kept[o.Name], r.Base, 100*ratio(r.Kept[o.Name], r.Base))
	}
	fmt.Fprintf(&b, "  %-20s %4d/%-4d (%.1f%%)\n", "all", r.AllKept, r.Total, 100*r.Rate)
	return b.String()
}
