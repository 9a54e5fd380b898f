package gate

import (
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/escalation"
)

// The safety score: a one-label linear model over the same hashed words
// and character n-grams as the learned layer (analysis.Model, feature
// set 1), trained by `cafebot learn safety` on emergencies against their
// look-alikes and ordinary café messages (SafetyTrainingFiles) and
// shipped as safety.model. It reads emergencies in wording the safety
// rules have no class for. It can only add the safety flag: a message
// scoring at its threshold goes to a person as escalation [safety]; one
// under it keeps whatever the rules and the learned layer decided.

//go:embed safety.model
var safetyModelFile []byte

var defaultSafety = analysis.EmbeddedModel("gate: embedded safety.model", safetyModelFile, SafetyLabel)

// DefaultSafety returns the bundled safety score; the package tests prove
// it loads.
func DefaultSafety() *analysis.Model { return defaultSafety() }

// SafetyView is the safety score's opinion on a message. A decision
// carries one when the score added the safety flag, and always from
// Explain.
type SafetyView struct {
	// Prob is the score's probability that someone's safety is at stake
	// now; Threshold the calibrated one at which it flags.
	Prob      float64 `json:"prob"`
	Threshold float64 `json:"threshold"`
	// Used says the score added the flag: the rules and the learned
	// layer had not sent the message to a person as safety or threat.
	Used bool `json:"used"`
	// Lookalike says the rules read the message as a look-alike of an
	// emergency (an unless pattern of a safety rule matched), so the
	// score stood aside whatever its probability.
	Lookalike bool `json:"lookalike,omitempty"`
	// Top are the features that moved the score most, filled by Explain
	// only.
	Top []analysis.Contribution `json:"top,omitempty"`
}

// WithSafety returns a gate sharing g's rules whose safety score is m;
// nil turns the score off.
func (g *Gate) WithSafety(m *analysis.Model) *Gate {
	c := *g
	c.safety = m
	return &c
}

// flaggedSafe says whether a decision already sends a message to a person
// as safety, threat or self-harm, sure: the score never turns a self-harm
// decision into safety (classify already let a safety or threat reading
// that scored more win over it).
func flaggedSafe(d *Decision) bool {
	return d.Intent == Escalation && !d.Unsure &&
		(d.Category == string(escalation.Safety) || d.Category == string(escalation.Threat) ||
			d.Category == string(escalation.SelfHarm))
}

// applySafety adds the safety flag when the score reaches its threshold,
// the decision does not send the message to a person as safety or threat
// already, and the rules did not read a look-alike of an emergency in it
// (the unless patterns hold what the rules know of look-alikes; the score
// knows words). It never takes a flag away. fs are a's features
// (analysis.Features), when made.
func (g *Gate) applySafety(a *analysis.Analysis, fs []uint32, d *Decision) {
	m := g.safety
	if m == nil || len(a.Words) == 0 || flaggedSafe(d) || mostlyCJK(a.Text) {
		return
	}
	p := safetyProb(m, a, fs, d)
	if p < m.Thresholds[0] {
		return
	}
	d.Safety = &SafetyView{Prob: round3(p), Threshold: m.Thresholds[0], Used: true}
	d.Intent = Escalation
	d.Category = string(escalation.Safety)
	d.Confidence = max(round3(p), g.unsureBelow)
	d.Unsure = false
	d.Cues = append(d.Cues, fmt.Sprintf("safety:score %.2f", p))
}

// explainSafety fills d's safety view with the score's n most telling
// features, adding a view when the score did not flag.
func (g *Gate) explainSafety(a *analysis.Analysis, d *Decision, n int) {
	m := g.safety
	if m == nil || len(a.Words) == 0 {
		return
	}
	if d.Safety == nil {
		d.Safety = &SafetyView{Prob: round3(safetyProb(m, a, nil, d)), Threshold: m.Thresholds[0], Lookalike: d.SafetyLookalike}
	}
	d.Safety.Top = m.Explain(a, 0, n)
}

// safetyLookalike says whether one of cs is an unless match of a safety
// rule: the rules know the message for a look-alike of an emergency ("so
// he doesn't choke", "collapsed laughing"), and a score over its words
// alone must not overrule them.
func (s *composeSet) safetyLookalike(cs []cover) bool {
	for _, c := range cs {
		if l := &s.unless[c.list]; l.intent == Escalation.index() && l.category == safetyCategory {
			return true
		}
	}
	return false
}

// safetyProb is the safety score of a, or, when the rules read a
// look-alike of an emergency in it, of the rest of the message without
// the look-alike's words (Decision.SafetyRest): the look-alike ("collapsed
// laughing", "the fire drill") says nothing of the words beside it. A rest
// that says something is happening now (statedNow: "ate here yesterday,
// now he is being sick") is scored with the look-alike's words again. A
// rest never scores above the whole message: words of a look-alike that
// pulled the score down ("last year") are no reason to flag the rest.
func safetyProb(m *analysis.Model, a *analysis.Analysis, fs []uint32, d *Decision) float64 {
	whole := func() float64 { return predictWith(m, a, fs)[0] }
	if !d.SafetyLookalike || statedNow(d.SafetyRest) {
		return whole()
	}
	rest := analysis.Of(d.SafetyRest)
	if len(rest.Words) == 0 {
		return 0
	}
	return min(m.Predict(rest)[0], whole())
}

// lookalikeRest returns text, whose tokens were read at spans, without the
// words of its safety rules' unless matches in cs, a space for each run
// left out.
func (s *composeSet) lookalikeRest(text string, spans []span, cs []cover) string {
	low := strings.ToLower(text)
	if len(low) == len(text) {
		// The offsets hold in the writer's text: keep its case.
		low = text
	}
	drop := make([]bool, len(low))
	for _, c := range cs {
		if l := &s.unless[c.list]; l.intent != Escalation.index() || l.category != safetyCategory {
			continue
		}
		for t := c.start; t < c.end && t < len(spans); t++ {
			for b := spans[t].start; b < spans[t].end; b++ {
				drop[b] = true
			}
		}
	}
	var b strings.Builder
	b.Grow(len(low))
	for i := 0; i < len(low); i++ {
		switch {
		case !drop[i]:
			b.WriteByte(low[i])
		case i == 0 || !drop[i-1]:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// mostlyCJK reports whether most of text's letters are Chinese, Japanese
// or Korean. The score stands aside on such a message: it learnt those
// scripts from emergencies and almost no café message, so their byte
// n-grams alone read as danger ("ありがとうございます" scored 1.00), and
// the rules (signs_cjk) read an emergency in them instead.
func mostlyCJK(text string) bool {
	cjk, other := 0, 0
	for _, r := range text {
		switch {
		case isCJK(r):
			cjk++
		case unicode.IsLetter(r):
			other++
		}
	}
	return cjk > other
}
