package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/gate"
)

// safetyLearnHelp is the part of `learn`'s help about the safety score.
const safetyLearnHelp = `
learn safety fits the gate's safety score (pkg/gate/safety.model): one label,
"safety", over the gate's features. Each --data file's rows say their role
by their shape. {"text", "kind": "emergency"|"lookalike"} rows are the
emergencies (positive) and their look-alikes. Gate rows ({"text", "intent"})
are café messages (negative); of their escalations only those whose "sub"
wants a person for something else (human_request, legal, abuse,
multi_issue, discrimination). Benign guard rows ({"text", "harmful"}) only
bound the threshold and never train. Rows of a measuring split (heldout,
test, blind) are left out and counted. A hash of the text puts one row in
six on the validation side, whatever its split; the threshold is the best
F1 there that flags at most --max-fpr (0.005) of the café messages there.
The recipe: feature set 1, --balance, --l2 0.02, the mean of six fits.`

// safetyLearnExample returns the command that retrains the bundled
// safety.model from every file of gate.SafetyTrainingFiles, in order, so
// the example cannot fall behind the list the model is tested against
// (TestSafetyModelIsTrainedFromCommittedData).
func safetyLearnExample() string {
	var b strings.Builder
	b.WriteString("  cafebot learn safety")
	for i, f := range gate.SafetyTrainingFiles() {
		if i > 0 && i%2 == 0 {
			b.WriteString(" \\\n   ")
		}
		b.WriteString(" --data " + f)
	}
	b.WriteString(" --out pkg/gate/safety.model")
	return b.String()
}

// runLearnSafety trains the safety score on opt.Data with topt and writes
// it to opt.Out.
func runLearnSafety(out io.Writer, opt *learnOptions, topt analysis.TrainOptions) error {
	data, err := gate.LoadSafetyData(opt.Data)
	if err != nil {
		return withHint(err, `each line needs text and one of kind (emergency, lookalike), intent or harmful`)
	}
	m, err := gate.TrainSafety(data, topt)
	if err != nil {
		return withHint(fmt.Errorf("learn safety: %w", err), "give at least one file of emergencies and one of café messages or look-alikes")
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return fmt.Errorf("learn: encode weights: %w", err)
	}
	if err := os.WriteFile(opt.Out, buf.Bytes(), 0o644); err != nil {
		return withHint(fmt.Errorf("learn: write weights: %w", err), "check that the directory of --out exists and is writable")
	}
	fmt.Fprintf(out, "trained the safety score on %d emergencies, %d look-alikes and %d café messages (%d more only calibrate, %d left out): %d bytes to %s\n",
		len(data.Emergencies), len(data.Lookalikes), len(data.Cafe), len(data.Calibrate), data.Skipped, buf.Len(), opt.Out)
	fmt.Fprintf(out, "  feature set %d, L2 %g\n", max(m.FeatureSet, 1), m.L2)
	fmt.Fprintf(out, "  %-13s threshold %.3f\n", m.Labels[0], m.Thresholds[0])
	return nil
}
