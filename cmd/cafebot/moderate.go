package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/guard"
)

// moderateOptions holds the flags of `cafebot moderate`.
type moderateOptions struct {
	JSON    bool
	Explain bool
	Eval    string
	Layer   string
}

func newModerateCmd(app *App) *cobra.Command {
	opt := &moderateOptions{}
	cmd := &cobra.Command{
		Use:   "moderate [--json] [--explain] [TEXT] | --eval FILE",
		Short: "Run the guard alone on a text",
		Long: `Moderate prints the guard's verdict for a text: whether it is flagged,
the score of each category (threat, harassment, hate, sexual, self_harm,
pii, injection) and the cues that matched. The guard model runs too when
guard.model_enabled is set. With no TEXT it reads one text per line from
standard input and prints one JSON line per text, as soon as each line
arrives.

--explain adds what the message analysis undid (zero-width characters,
look-alike letters, spaced or leet spelling, reversed text) and the
learned layer's probability and most telling features per category.

--eval FILE measures the built-in layers (no model server) on a labelled
JSON Lines file ({"text","harmful","category"}): recall and precision per
category and the false-positive rate on benign rows, for the rules alone,
the learned layer alone and both together (--layer picks one), then the
evasion suite: each flagged harmful row disguised nine ways (leetspeak,
letter spacing, dots, Cyrillic homoglyphs, zero-width spaces, soft
hyphens, full-width letters, combining accents, reversed text) and the
share still flagged.`,
		Example: `  cafebot moderate "this brownie is killer"
  cafebot moderate --explain "I know when your shift ends"
  cafebot moderate < texts.txt
  cafebot moderate --eval testdata/guard/blind4.jsonl`,
		Args: rangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opt.Layer {
			case "all", guard.EvalRules, guard.EvalLearned, guard.EvalCombined:
			default:
				return withHint(fmt.Errorf("moderate: unknown --layer %q", opt.Layer), "use all, rules, learned or combined")
			}
			g := app.Guard()
			if opt.Eval != "" {
				if len(args) > 0 {
					return withHint(fmt.Errorf("moderate: --eval takes no TEXT"), "drop the text, or drop --eval")
				}
				rows, err := guard.LoadLabelled(opt.Eval)
				if err != nil {
					return withHint(err, `each line needs {"text", "harmful", "category"}`)
				}
				return moderateEval(app.Out, g, rows, opt.Layer, opt.JSON)
			}
			if len(args) == 0 {
				return guard.ModerateLines(cmd.Context(), g, app.In, app.Out)
			}
			a := analysis.Of(args[0])
			v := g.CheckInputAnalysis(cmd.Context(), a)
			if v.ModelError != "" {
				app.notice("note: guard model: %s (the built-in verdict stands)", v.ModelError)
			}
			if opt.JSON {
				out := struct {
					Text       string                     `json:"text"`
					Flagged    bool                       `json:"flagged"`
					Categories map[guard.Category]float64 `json:"categories"`
					Score      float64                    `json:"score"`
					Layer      string                     `json:"layer"`
					Evasions   []analysis.Evasion         `json:"evasions,omitempty"`
					Learned    []learnedView              `json:"learned,omitempty"`
				}{Text: args[0], Flagged: v.Flagged, Categories: v.Categories, Score: v.Score, Layer: v.Layer}
				if opt.Explain {
					out.Evasions = a.Evasions
					out.Learned = learnedViews(g, a)
				}
				return json.NewEncoder(app.Out).Encode(out)
			}
			printVerdict(app.Out, v)
			if opt.Explain {
				explainVerdict(app.Out, g, a)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.JSON, "json", false, "print JSON")
	f.BoolVar(&opt.Explain, "explain", false, "show the analysis and the learned layer's features")
	f.StringVar(&opt.Eval, "eval", "", "measure the built-in layers on a labelled JSON Lines file")
	f.StringVar(&opt.Layer, "layer", "all", "with --eval: all, rules, learned or combined")
	return cmd
}

func printVerdict(w io.Writer, v guard.Verdict) {
	verdict := "ok"
	if v.Flagged {
		verdict = "FLAGGED"
	}
	fmt.Fprintf(w, "%s (score %.2f, %s)\n", verdict, v.Score, v.Layer)
	var cats []string
	for c := range v.Categories {
		cats = append(cats, string(c))
	}
	sort.Strings(cats)
	for _, c := range cats {
		if s := v.Categories[guard.Category(c)]; s > 0 {
			fmt.Fprintf(w, "  %-11s %.2f  %v\n", c, s, v.Cues[guard.Category(c)])
		}
	}
}

// learnedView is the learned layer's opinion on one category.
type learnedView struct {
	Category  guard.Category          `json:"category"`
	Prob      float64                 `json:"prob"`
	Threshold float64                 `json:"threshold"`
	Top       []analysis.Contribution `json:"top"`
}

func learnedViews(g *guard.Guard, a *analysis.Analysis) []learnedView {
	var out []learnedView
	for _, c := range guard.ExplainedHeads {
		p, t, top := g.Explain(a, c, 5)
		if top == nil && p == 0 {
			continue
		}
		out = append(out, learnedView{c, p, t, top})
	}
	return out
}

func explainVerdict(w io.Writer, g *guard.Guard, a *analysis.Analysis) {
	if len(a.Evasions) > 0 {
		ev := make([]string, len(a.Evasions))
		for i, e := range a.Evasions {
			ev[i] = string(e)
		}
		fmt.Fprintf(w, "analysis undid: %s\n  read as: %q\n", strings.Join(ev, ", "), a.Text)
	}
	views := learnedViews(g, a)
	if len(views) == 0 {
		fmt.Fprintln(w, "learned layer: off")
		return
	}
	fmt.Fprintln(w, "learned layer (probability / calibrated threshold, top features):")
	for _, v := range views {
		feats := make([]string, 0, len(v.Top))
		for _, f := range v.Top {
			feats = append(feats, fmt.Sprintf("%s %+.2f", f.Feature, f.Weight))
		}
		fmt.Fprintf(w, "  %-11s %.2f / %.2f  %s\n", v.Category, v.Prob, v.Threshold, strings.Join(feats, ", "))
	}
}

// moderateEval prints the evaluation of the built-in layers on rows and
// the evasion suite over the flagged harmful rows.
func moderateEval(w io.Writer, g *guard.Guard, rows []guard.Labelled, layer string, asJSON bool) error {
	layers := []string{guard.EvalRules, guard.EvalLearned, guard.EvalCombined}
	if layer != "all" {
		layers = []string{layer}
	}
	var reports []guard.SetReport
	for _, l := range layers {
		reports = append(reports, g.EvaluateSet(rows, l))
	}
	ev := guard.EvaluateEvasions(g, rows)
	if asJSON {
		return json.NewEncoder(w).Encode(struct {
			Layers   []guard.SetReport   `json:"layers"`
			Evasions guard.EvasionReport `json:"evasions"`
		}{reports, ev})
	}
	for _, r := range reports {
		fmt.Fprintf(w, "layer %s\n%s\n", r.Layer, r.Table())
	}
	fmt.Fprint(w, ev.Table())
	return nil
}
