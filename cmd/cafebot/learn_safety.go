package main

import (
	"fmt"

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
F1 there that flags at most --max-fpr (0.005) of the café messages there,
raised if need be until it flags at most 5% of the look-alikes there.
The recipe: feature set 1, --balance, --l2 0.02, the mean of six fits.`

// safetyLearnExample returns the command that retrains the bundled
// safety.model from every file of gate.SafetyTrainingFiles, in order, so
// the example cannot fall behind the list the model is tested against
// (TestSafetyModelIsTrainedFromCommittedData).
func safetyLearnExample() string {
	return retrainCommand("safety", gate.SafetyTrainingFiles(), "pkg/gate/safety.model")
}

// learnSafety trains the safety score on the rows of paths with topt, and
// says what it was trained on for runLearn's report, which writes it.
func learnSafety(paths []string, topt analysis.TrainOptions) (*analysis.Model, string, error) {
	data, err := gate.LoadSafetyData(paths)
	if err != nil {
		return nil, "", withHint(err, `each line needs text and one of kind (emergency, lookalike), intent or harmful`)
	}
	m, err := gate.TrainSafety(data, topt)
	if err != nil {
		return nil, "", withHint(fmt.Errorf("learn safety: %w", err), "give at least one file of emergencies and one of café messages or look-alikes")
	}
	trained := fmt.Sprintf("the safety score on %d emergencies, %d look-alikes and %d café messages (%d more only calibrate, %d left out)",
		len(data.Emergencies), len(data.Lookalikes), len(data.Cafe), len(data.Calibrate), data.Skipped)
	return m, trained, nil
}
