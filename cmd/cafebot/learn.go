package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/guard"
)

// learnOptions holds the flags of `cafebot learn`.
type learnOptions struct {
	Data     []string
	Out      string
	Bits     int
	Epochs   int
	MaxFPR   float64
	L2       float64
	L2Grid   []float64
	Features int
	Balance  bool
	Average  int
	// changed names the flags given on the command line; the others keep
	// the layer's own recipe (guard.DefaultTrainOptions for the guard).
	changed func(name string) bool
}

func newLearnCmd(app *App) *cobra.Command {
	opt := &learnOptions{}
	cmd := &cobra.Command{
		Use:   "learn guard|gate|safety --data FILE.jsonl --out FILE",
		Short: "Train the guard's or the gate's learned layer, or the gate's safety score",
		Long: `Learn fits the learned layer of the guard or of the intent gate, or the
gate's safety score: one logistic regression per label over hashed words,
word pairs and character n-grams, from labelled JSON Lines, and writes the
weights to --out (the bundled ones are pkg/guard/guard.model,
pkg/gate/gate.model and pkg/gate/safety.model). Each layer has its own
recipe, below; a flag given on the command line replaces that part of it.

Guard rows are {"text", "harmful", "category", "split"}; gate rows are
{"text", "intent", "split"}. Rows of split "train" train, rows of split
"valid" calibrate each label's threshold (the best F1 whose false-positive
rate on valid stays at or under --max-fpr); rows without a split are
assigned one by a hash of their text. Rows of any other split (blind,
heldout, test) are refused: never train on what you measure with. The
gate leaves heldout rows out instead, so a voice can keep its held-out
half in its own file (strangers_v12's even lines), and says how many.

The guard's recipe is character 3- to 5-grams (--features 2), positive
rows weighted per category (--balance), the fixed L2 penalty 0.02 (--l2;
--l2-grid chooses one on the valid rows instead) and the mean of the
weights of six fits over different shuffles of the rows (--average),
with the pooled head calibrated at a false-positive rate of 1.5% and the
categories at --max-fpr (given, it sets every head).
The gate's recipe is feature set 1, unweighted, --l2 0.02 and the mean of
twelve fits (--average). The same data and flags give the same file, byte for
byte.
` + safetyLearnHelp,
		Example: `  make guard-data   # writes testdata/guard/train.jsonl
  cafebot learn guard --data testdata/guard/train.jsonl --out pkg/guard/guard.model
` + gateLearnExample() + "\n" + safetyLearnExample(),
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"guard", "gate", "safety"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if args[0] != "guard" && args[0] != "gate" && args[0] != "safety" {
				return withHint(fmt.Errorf("learn: unknown layer %q", args[0]), "use `cafebot learn guard`, `cafebot learn gate` or `cafebot learn safety`")
			}
			if len(opt.Data) == 0 || opt.Out == "" {
				return withHint(fmt.Errorf("learn: --data and --out are required"), "name the labelled JSONL file and where to write the weights")
			}
			if opt.Bits < 10 || opt.Bits > 22 {
				return withHint(fmt.Errorf("learn: --bits %d is out of range", opt.Bits), "use 10..22 (17 is the default)")
			}
			if opt.Features < 1 || opt.Features > 2 {
				return withHint(fmt.Errorf("learn: --features %d is not a feature set", opt.Features), "use 1 (words, pairs, 3- and 4-grams) or 2 (adds 5-grams)")
			}
			if opt.Average < 1 || opt.Average > 16 {
				return withHint(fmt.Errorf("learn: --average %d is out of range", opt.Average), fmt.Sprintf("use 1..16 (%d is the guard's recipe)", guard.DefaultTrainOptions().Average))
			}
			for _, l2 := range append([]float64{opt.L2}, opt.L2Grid...) {
				if l2 <= 0 || l2 >= 1 {
					return withHint(fmt.Errorf("learn: L2 penalty %v is out of range", l2), "use a value between 0 and 1, such as 0.01")
				}
			}
			opt.changed = cmd.Flags().Changed
			return runLearn(app.Out, args[0], opt)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opt.Data, "data", nil, "labelled JSON Lines file; give it again to train on several (their rows are read in order)")
	f.StringVar(&opt.Out, "out", "", "where to write the weights")
	f.IntVar(&opt.Bits, "bits", 17, "feature space of 2^bits buckets")
	f.IntVar(&opt.Epochs, "epochs", 8, "passes over the training rows")
	f.Float64Var(&opt.L2, "l2", 0.02, "L2 penalty per update")
	f.Float64SliceVar(&opt.L2Grid, "l2-grid", nil, "L2 penalties to choose from on the valid rows, instead of --l2")
	// The defaults shown are the guard's; the help names the gate's and
	// the safety score's from their own recipes, so it cannot fall behind.
	gd, gt, sf := guard.DefaultTrainOptions(), gate.DefaultTrainOptions(), gate.DefaultSafetyTrainOptions()
	f.IntVar(&opt.Features, "features", int(gd.FeatureSet), fmt.Sprintf("guard: feature set, 1 or 2 (the gate: %d, the safety score: %d, unless given)", gt.FeatureSet, sf.FeatureSet))
	f.BoolVar(&opt.Balance, "balance", gd.Balance, fmt.Sprintf("guard: weight each category's positive rows (the gate: %s, the safety score: %s, unless given)", onOff(gt.Balance), onOff(sf.Balance)))
	f.IntVar(&opt.Average, "average", gd.Average, fmt.Sprintf("fit this many shuffles of the rows and keep the mean of their weights (the guard's recipe: %d, the gate's: %d, the safety score's: %d)", gd.Average, gt.Average, sf.Average))
	f.Float64Var(&opt.MaxFPR, "max-fpr", gd.MaxFPR, fmt.Sprintf("largest false-positive rate on the validation rows when calibrating (the gate: %g, the safety score: %g, unless given)", gt.MaxFPR, sf.MaxFPR))
	return cmd
}

// onOff names a recipe's switch in the flags' help.
func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// gateLearnExample returns the command that retrains the bundled
// gate.model from every file of gate.TrainingFiles, so the example cannot
// fall behind the list the model is tested against
// (TestModelIsTrainedFromCommittedData).
func gateLearnExample() string {
	return retrainCommand("gate", gate.TrainingFiles(), "pkg/gate/gate.model")
}

// retrainCommand returns `cafebot learn layer` over files in their
// order, two to a line, writing to out.
func retrainCommand(layer string, files []string, out string) string {
	var b strings.Builder
	b.WriteString("  cafebot learn " + layer)
	for i, f := range files {
		if i > 0 && i%2 == 0 {
			b.WriteString(" \\\n   ")
		}
		b.WriteString(" --data " + f)
	}
	b.WriteString(" --out " + out)
	return b.String()
}

// rowCount is n rows, or "1 row".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// runLearn trains the layer named by which and writes its weights.
func runLearn(out io.Writer, which string, opt *learnOptions) error {
	topt := trainOptions(which, opt)
	var m *analysis.Model
	// trained says what was trained on what, for the report's first line.
	var trained string
	switch which {
	case "guard":
		data, err := loadAll(opt.Data, guard.LoadLabelled)
		if err != nil {
			return withHint(err, "each line needs text, harmful and (for harmful rows) category")
		}
		trained = "the guard layer on " + rowCount(len(data))
		if m, err = guard.TrainModel(data, topt); err != nil {
			return withHint(fmt.Errorf("learn guard: %w", err), "train on train and valid rows only")
		}
	case "safety":
		var err error
		if m, trained, err = learnSafety(opt.Data, topt); err != nil {
			return err
		}
	default:
		data, err := loadAll(opt.Data, gate.LoadCases)
		if err != nil {
			return withHint(err, "each line needs text and intent")
		}
		data, held := gate.WithoutHeldOut(data)
		trained = fmt.Sprintf("the %s layer on %s", which, rowCount(len(data)))
		if held > 0 {
			trained += " (split heldout left out: " + rowCount(held) + ")"
		}
		if m, err = gate.TrainModel(data, topt); err != nil {
			return withHint(fmt.Errorf("learn gate: %w", err), "train on train and valid rows only")
		}
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return fmt.Errorf("learn: encode weights: %w", err)
	}
	if err := os.WriteFile(opt.Out, buf.Bytes(), 0o644); err != nil {
		return withHint(fmt.Errorf("learn: write weights: %w", err), "check that the directory of --out exists and is writable")
	}
	fmt.Fprintf(out, "trained %s: %d bytes to %s\n", trained, buf.Len(), opt.Out)
	fmt.Fprintf(out, "  feature set %d, L2 %g\n", max(m.FeatureSet, 1), m.L2)
	for l, name := range m.Labels {
		fmt.Fprintf(out, "  %-13s threshold %.3f\n", name, m.Thresholds[l])
	}
	return nil
}

// loadAll reads every --data file with load and returns their rows in
// order; the first file that fails stops it with that file's error.
func loadAll[T any](paths []string, load func(string) ([]T, error)) ([]T, error) {
	var rows []T
	for _, path := range paths {
		part, err := load(path)
		if err != nil {
			return nil, err
		}
		rows = append(rows, part...)
	}
	return rows, nil
}

// trainOptions is the layer's recipe with the flags given on the command
// line applied over it.
func trainOptions(which string, opt *learnOptions) analysis.TrainOptions {
	changed := opt.changed
	if changed == nil {
		changed = func(string) bool { return false }
	}
	var t analysis.TrainOptions
	switch which {
	case "guard":
		t = guard.DefaultTrainOptions()
	case "safety":
		t = gate.DefaultSafetyTrainOptions()
	default:
		t = gate.DefaultTrainOptions()
	}
	if changed("bits") {
		t.Bits = uint8(opt.Bits)
	}
	if changed("epochs") {
		t.Epochs = opt.Epochs
	}
	if changed("max-fpr") {
		t.MaxFPR, t.MaxFPRFor = opt.MaxFPR, nil
	}
	if changed("features") {
		t.FeatureSet = uint8(opt.Features)
	}
	if changed("balance") {
		t.Balance = opt.Balance
	}
	if changed("average") {
		t.Average = opt.Average
	}
	if changed("l2") {
		t.L2, t.L2Grid = opt.L2, nil
	}
	if changed("l2-grid") && !changed("l2") {
		t.L2Grid = opt.L2Grid
	}
	return t
}
