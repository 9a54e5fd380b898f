package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/gate"
)

// classifyOptions holds the flags of `cafebot classify`.
type classifyOptions struct {
	JSON    bool
	Explain bool
	Eval    string
	// Split keeps only the cases of one split of the --eval file.
	Split string
}

func newClassifyCmd(app *App) *cobra.Command {
	opt := &classifyOptions{}
	cmd := &cobra.Command{
		Use:   "classify [--json] [--explain] [MESSAGE] | --eval FILE",
		Short: "Run the intent gate alone (no model)",
		Long: `Classify prints the intent gate's decision for a message: the label
(faq, transactional, complaint, escalation), the sub-intent (balance,
refund, catering, hours, ...), its confidence, the cues that matched and
whether the gate is unsure. With no MESSAGE it reads one message per line
from standard input and prints one JSON line per message as soon as each
line arrives, which is how staff and developers tune the rules file
(gate.rules_file).

--explain adds the learned layer's view: its label, probability and
calibrated threshold, whether the decision took it, and its most telling
features; and one line for each look-alike a composed rule's unless list
read, with the rule or cue it kept from scoring ("unless[swallow my card]
of emergency set aside escalation:emergency[swallow]"); and the safety
score's view: its probability and threshold, whether it added the safety
flag, and the features behind it.

--eval FILE measures the gate on a labelled JSON Lines file
({"text","intent"} and optionally "sub"): a confusion matrix with each
label's accuracy for the rules alone and for the rules with the learned
layer, plus sub-intent accuracy where the file names them ("human" and
"allergen" count as the gate's human_request and allergens). --split
NAME measures only the rows of that split ("dev", "test", "heldout").`,
		Example: `  cafebot classify "I want a refund for order 10482"
  cafebot classify --explain "can someone real call me back"
  cafebot classify < messages.txt
  cafebot classify --eval testdata/gate/dev_g4.jsonl --split test`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Through the cafebot server when one is named (remote.go).
			if done, err := classifyRemote(cmd, app, args, opt); done {
				return err
			}
			g, err := app.Gate()
			if err != nil {
				return err
			}
			if opt.Split != "" && opt.Eval == "" {
				return withHint(fmt.Errorf("classify: --split needs --eval"), "name the labelled file with --eval FILE")
			}
			if opt.Eval != "" {
				if len(args) > 0 {
					return withHint(fmt.Errorf("classify: --eval takes no MESSAGE"), "drop the message, or drop --eval")
				}
				cases, err := gate.LoadCases(opt.Eval)
				if err != nil {
					return withHint(err, `each line needs {"text", "intent"}`)
				}
				if opt.Split != "" {
					if cases = gate.SelectSplit(cases, opt.Split); len(cases) == 0 {
						return withHint(fmt.Errorf("classify: no rows of split %q in %s", opt.Split, opt.Eval), `check the "split" field of the rows, or drop --split`)
					}
				}
				return classifyEval(app.Out, g, cases, opt.JSON)
			}
			if len(args) == 0 {
				return gate.ClassifyLines(g, app.In, app.Out)
			}
			a := analysis.Of(args[0])
			// Explain classifies the message itself: classifying it first
			// as well ran the rules, the composed rules and both models
			// twice for one answer.
			var d gate.Decision
			if opt.Explain {
				d = g.Explain(a, 6)
			} else {
				d = g.ClassifyAnalysis(a)
			}
			if opt.JSON {
				return json.NewEncoder(app.Out).Encode(struct {
					Text string `json:"text"`
					gate.Decision
				}{args[0], d})
			}
			writeDecision(app.Out, d)
			if opt.Explain {
				explainSetAside(app.Out, g.SetAside(a))
				explainDecision(app.Out, a, d)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.JSON, "json", false, "print JSON")
	f.BoolVar(&opt.Explain, "explain", false, "show the learned layer's view and features")
	f.StringVar(&opt.Eval, "eval", "", "measure the gate on a labelled JSON Lines file")
	f.StringVar(&opt.Split, "split", "", "with --eval: measure only the rows of this split")
	addServerFlag(cmd)
	return cmd
}

// explainSetAside prints one line per look-alike an unless list read
// (gate.SetAside), so staff can see why a rule they expected did not fire.
func explainSetAside(w io.Writer, sa []gate.SetAside) {
	for _, s := range sa {
		fmt.Fprintln(w, s)
	}
}

func explainDecision(w io.Writer, a *analysis.Analysis, d gate.Decision) {
	if len(a.Evasions) > 0 {
		fmt.Fprintf(w, "read as: %q\n", a.Text)
	}
	if len(a.Words) == 0 {
		// Both models read words only and skip a message without any
		// ("???", emoji): they are on, there was nothing to score.
		fmt.Fprintln(w, "safety score: not read, the message has no words")
		fmt.Fprintln(w, "learned layer: not read, the message has no words")
		return
	}
	explainSafety(w, d.Safety)
	m := d.Model
	if m == nil {
		fmt.Fprintln(w, "learned layer: off")
		return
	}
	used := "not used: the rules decided"
	switch {
	case m.Used && m.Over:
		used = "used: surer than the rules"
	case m.Used:
		used = "used: the rules were unsure"
	case m.Prob < m.Threshold:
		used = "not used: under its threshold"
	}
	fmt.Fprintf(w, "learned layer: %s %.2f (threshold %.2f), %s\n", m.Intent, m.Prob, m.Threshold, used)
	feats := make([]string, 0, len(m.Top))
	for _, f := range m.Top {
		feats = append(feats, fmt.Sprintf("%s %+.2f", f.Feature, f.Weight))
	}
	if len(feats) > 0 {
		fmt.Fprintf(w, "  top features: %s\n", strings.Join(feats, ", "))
	}
}

// classifyEval prints the gate's evaluation on cases, rules alone and
// with the learned layer.
func classifyEval(w io.Writer, g *gate.Gate, cases []gate.Case, asJSON bool) error {
	rules := gate.Evaluate(g.WithModel(nil), cases)
	both := gate.Evaluate(g, cases)
	if asJSON {
		rules.Misses, both.Misses = nil, nil
		return json.NewEncoder(w).Encode(map[string]gate.Report{"rules": rules, "combined": both})
	}
	fmt.Fprintf(w, "rules alone\n%s\nrules + learned layer\n%s", rules.Table(), both.Table())
	return nil
}

// writeDecision prints a decision as `classify` shows it, in-process or
// through the server: the intent with its category or sub-intent, the
// confidence, whether it was unsure, then the cues.
func writeDecision(w io.Writer, d gate.Decision) {
	unsure := ""
	if d.Unsure {
		unsure = " (unsure: routed to faq)"
	}
	cat := ""
	if d.Category != "" {
		cat = " [" + d.Category + "]"
	} else if d.Sub != "" {
		cat = " [" + d.Sub + "]"
	}
	fmt.Fprintf(w, "%s%s %.2f%s\ncues: %s\n", d.Intent, cat, d.Confidence, unsure, strings.Join(d.Cues, ", "))
}
