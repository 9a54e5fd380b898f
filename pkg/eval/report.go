package eval

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/redact"
)

// Report is what one run of an evaluation set measured. Every ratio is
// nil (JSON null) when it had nothing to count.
type Report struct {
	Strategy assistant.Strategy `json:"strategy"`
	// Cases is how many cases ran; Total how many the set holds. They
	// differ when the run was interrupted (Complete is then false).
	Cases    int  `json:"cases"`
	Total    int  `json:"total"`
	Complete bool `json:"complete"`
	// Errors counts cases that could not run (customer not found, a
	// failing index); they count in no metric.
	Errors int `json:"errors"`
	// Labels counts the cases run per wanted label.
	Labels map[gate.Intent]int `json:"labels"`

	Generation Generation `json:"generation"`
	Routing    Routing    `json:"routing"`
	Retrieval  Retrieval  `json:"retrieval"`
	// AnswerChecks: answers with every must_contain fact and no
	// must_not_contain claim. Generation metric.
	AnswerChecks Rate `json:"answer_checks"`
	// ToolChoice: answers that called the expected tool. Generation metric.
	ToolChoice Rate `json:"tool_choice"`
	// Handoff: a person took over (a ticket, or the handoff route) versus
	// the case's expect_handoff.
	Handoff PrecisionRecall `json:"handoff"`
	Guard   Guard           `json:"guard"`
	// WithoutLarge: answers whose model is not the escalation model.
	// Generation metric.
	WithoutLarge Rate `json:"without_large_model"`
	// Tokens are model tokens over all answers. Generation metric: nil
	// when generation was unavailable.
	Tokens *TokenStats `json:"tokens"`
	// Latency per pipeline stage, in milliseconds.
	Latency Latency `json:"latency_ms"`
	// Routes holds per-route counts, total latency and tokens.
	Routes map[assistant.Route]RouteStats `json:"routes"`
	// Failures lists every failed check, in case order.
	Failures []Failure `json:"failures"`
}

// Generation says whether the models could answer. When they could not,
// the generation metrics (answer checks, tool choice, first token, tokens,
// share without the large model) are nil.
type Generation struct {
	Available bool   `json:"available"`
	Reason    string `json:"reason,omitempty"`
	// Fallbacks counts retrieval-only answers (a model failed); they count
	// in no generation metric.
	Fallbacks int `json:"fallbacks"`
}

// Routing compares the gate's label (Answer.Intent) with the case's.
type Routing struct {
	Rate
	// Unsure counts decisions under the gate's threshold (sent to FAQ).
	Unsure int `json:"unsure"`
	// Confusion counts cases by wanted label, then by the gate's label.
	Confusion map[gate.Intent]map[gate.Intent]int `json:"confusion"`
	PerLabel  map[gate.Intent]LabelStats          `json:"per_label"`
}

// LabelStats is routing for one label.
type LabelStats struct {
	Total     int      `json:"total"`
	Predicted int      `json:"predicted"`
	Correct   int      `json:"correct"`
	Recall    *float64 `json:"recall"`
	Precision *float64 `json:"precision"`
}

// Retrieval is the index searched directly with each case that names
// expect_sources.
type Retrieval struct {
	Ranks
	// K is how many passages each search returned.
	K int `json:"k"`
	// Mode is the search mode the index reported ("hybrid", "lexical"),
	// joined with "+" when it changed during the run.
	Mode string `json:"mode,omitempty"`
}

// Guard counts messages the guard flagged.
type Guard struct {
	Flagged Rate `json:"flagged"`
	// FlaggedUnexpected counts flagged cases that expected no handoff:
	// the guard stopped a message it should have let through.
	FlaggedUnexpected int `json:"flagged_unexpected"`
}

// TokenStats are model token counts.
type TokenStats struct {
	In      int      `json:"in"`
	Out     int      `json:"out"`
	MeanIn  *float64 `json:"mean_in"`
	MeanOut *float64 `json:"mean_out"`
}

// Latency holds the distributions of each stage's milliseconds. Retrieve
// counts answers that searched; FirstToken is a generation metric.
type Latency struct {
	Gate       Dist `json:"gate"`
	Guard      Dist `json:"guard"`
	Retrieve   Dist `json:"retrieve"`
	FirstToken Dist `json:"first_token"`
	Total      Dist `json:"total"`
}

// RouteStats is one route's share of the run.
type RouteStats struct {
	Answers int         `json:"answers"`
	Total   Dist        `json:"total_ms"`
	Tokens  *TokenStats `json:"tokens"`
}

// Failure is one failed check of one case.
type Failure struct {
	Line   int    `json:"line"`
	Q      string `json:"q"`
	Check  string `json:"check"`
	Detail string `json:"detail"`
}

// The checks a Failure names.
const (
	CheckError     = "error"
	CheckRouting   = "routing"
	CheckRetrieval = "retrieval"
	CheckAnswer    = "answer"
	CheckTool      = "tool"
	CheckHandoff   = "handoff"
)

// outcome is what one case produced.
type outcome struct {
	c   Case
	ans assistant.Answer
	// err is a failure to run the case (not a failed check).
	err error
	// searched says the index was searched; rank is the 1-based rank of
	// the first expected source within k, 0 when none.
	searched bool
	rank     int
	mode     string
}

// summary holds what summarize needs besides the outcomes.
type summary struct {
	strategy   assistant.Strategy
	total      int
	k          int
	largeModel string
	genErr     error
}

// summarize turns outcomes into a report.
func summarize(s summary, outs []outcome) Report {
	t := newTally(s, len(outs))
	for _, o := range outs {
		t.add(o)
	}
	return t.report()
}

// tally accumulates outcomes into a Report.
type tally struct {
	s   summary
	r   Report
	gen bool

	ranks                             []int
	modes                             []string
	answered, routed                  int
	answerOK, answerN, toolOK, toolN  int
	flagged, flaggedBad, withoutLarge int
	gateMS, guardMS, retrMS, firstMS  []float64
	totalMS                           []float64
	perRoute                          map[assistant.Route][]float64
	routeTok                          map[assistant.Route]*tokenCount
	tokens                            tokenCount
}

func newTally(s summary, n int) *tally {
	t := &tally{s: s, gen: s.genErr == nil,
		perRoute: map[assistant.Route][]float64{}, routeTok: map[assistant.Route]*tokenCount{}}
	t.r = Report{
		Strategy: s.strategy, Cases: n, Total: s.total, Complete: n == s.total,
		Labels:   map[gate.Intent]int{},
		Routes:   map[assistant.Route]RouteStats{},
		Failures: []Failure{},
		Routing: Routing{
			Confusion: map[gate.Intent]map[gate.Intent]int{},
			PerLabel:  map[gate.Intent]LabelStats{},
		},
		Retrieval:  Retrieval{K: s.k},
		Generation: Generation{Available: t.gen},
	}
	if s.genErr != nil {
		t.r.Generation.Reason = s.genErr.Error()
	}
	for _, in := range gate.Intents {
		t.r.Routing.Confusion[in] = map[gate.Intent]int{}
	}
	return t
}

// fail records a failed check. The question and the detail (which quotes
// answers and tool results) are masked: reports are printed and saved.
func (t *tally) fail(c Case, check, format string, args ...any) {
	t.r.Failures = append(t.r.Failures, Failure{Line: c.Line, Q: redact.Text(c.Q), Check: check, Detail: redact.Text(fmt.Sprintf(format, args...))})
}

// add counts one case.
func (t *tally) add(o outcome) {
	c, a := o.c, o.ans
	t.r.Labels[c.Intent]++
	if o.searched {
		t.ranks = append(t.ranks, o.rank)
		if o.mode != "" && !slices.Contains(t.modes, o.mode) {
			t.modes = append(t.modes, o.mode)
		}
		if o.rank == 0 {
			t.fail(c, CheckRetrieval, "none of %s in the top %d", strings.Join(c.ExpectSources, ", "), t.s.k)
		}
	}
	if o.err != nil {
		t.r.Errors++
		t.fail(c, CheckError, "%v", o.err)
		return
	}
	t.answered++
	t.routing(c, a)

	// Handoffs and guard flags are measured whether or not a model answered.
	handed := a.HandoffID != 0 || a.Route == assistant.RouteHandoff
	t.r.Handoff.add(c.ExpectHandoff, handed)
	if handed != c.ExpectHandoff {
		t.fail(c, CheckHandoff, "want handoff %t, got %t (route %s)", c.ExpectHandoff, handed, a.Route)
	}
	if a.Flagged {
		t.flagged++
		if !c.ExpectHandoff {
			t.flaggedBad++
		}
	}

	t.gateMS = append(t.gateMS, a.Timings.Gate)
	t.guardMS = append(t.guardMS, a.Timings.Guard)
	if a.Timings.Retrieve > 0 {
		t.retrMS = append(t.retrMS, a.Timings.Retrieve)
	}
	t.totalMS = append(t.totalMS, a.Timings.Total)
	t.perRoute[a.Route] = append(t.perRoute[a.Route], a.Timings.Total)

	if a.Fallback {
		t.r.Generation.Fallbacks++
	}
	if t.gen && !a.Fallback {
		t.generation(c, a)
	}
}

// routing compares the gate's label with the case's, whatever the
// strategy then did with it.
func (t *tally) routing(c Case, a assistant.Answer) {
	rt := &t.r.Routing
	got := gate.Intent(a.Intent)
	if rt.Confusion[c.Intent] == nil {
		rt.Confusion[c.Intent] = map[gate.Intent]int{}
	}
	rt.Confusion[c.Intent][got]++
	want := rt.PerLabel[c.Intent]
	want.Total++
	if got == c.Intent {
		t.routed++
		want.Correct++
	} else {
		t.fail(c, CheckRouting, "want %s, got %s", c.Intent, labelOrNone(got))
	}
	rt.PerLabel[c.Intent] = want
	pred := rt.PerLabel[got]
	pred.Predicted++
	rt.PerLabel[got] = pred
	if a.Unsure {
		rt.Unsure++
	}
}

// generation counts the metrics of an answer a model could have written.
func (t *tally) generation(c Case, a assistant.Answer) {
	if c.HasChecks() {
		t.answerN++
		if problems := checkAnswer(c, a.Answer); len(problems) == 0 {
			t.answerOK++
		} else {
			t.fail(c, CheckAnswer, "%s", strings.Join(problems, "; "))
		}
	}
	if c.ExpectTool != "" {
		t.toolN++
		var names []string
		for _, tc := range a.ToolCalls {
			names = append(names, tc.Name)
		}
		if slices.Contains(names, c.ExpectTool) {
			t.toolOK++
		} else {
			t.fail(c, CheckTool, "want %s, got [%s]", c.ExpectTool, strings.Join(names, ", "))
		}
	}
	if a.Timings.FirstToken > 0 {
		t.firstMS = append(t.firstMS, a.Timings.FirstToken)
	}
	if a.Model != t.s.largeModel {
		t.withoutLarge++
	}
	t.tokens.add(a.Tokens)
	rt := t.routeTok[a.Route]
	if rt == nil {
		rt = &tokenCount{}
		t.routeTok[a.Route] = rt
	}
	rt.add(a.Tokens)
}

// report finishes the ratios and distributions.
func (t *tally) report() Report {
	r := t.r
	r.Routing.Rate = newRate(t.routed, t.answered)
	for in, ls := range r.Routing.PerLabel {
		ls.Recall = ratio(ls.Correct, ls.Total)
		ls.Precision = ratio(ls.Correct, ls.Predicted)
		r.Routing.PerLabel[in] = ls
	}
	r.Retrieval.Ranks = newRanks(t.ranks)
	r.Retrieval.Mode = strings.Join(t.modes, "+")
	r.Handoff.finish()
	r.Guard = Guard{Flagged: newRate(t.flagged, t.answered), FlaggedUnexpected: t.flaggedBad}
	r.Latency = Latency{
		Gate: newDist(t.gateMS), Guard: newDist(t.guardMS), Retrieve: newDist(t.retrMS),
		FirstToken: newDist(t.firstMS), Total: newDist(t.totalMS),
	}
	if t.gen {
		r.AnswerChecks = newRate(t.answerOK, t.answerN)
		r.ToolChoice = newRate(t.toolOK, t.toolN)
		if t.s.largeModel != "" {
			r.WithoutLarge = newRate(t.withoutLarge, t.tokens.n)
		}
		r.Tokens = t.tokens.stats()
	}
	for route, xs := range t.perRoute {
		rs := RouteStats{Answers: len(xs), Total: newDist(xs)}
		if t.gen {
			// Fallback answers count in Answers, not in the token means.
			rt := t.routeTok[route]
			if rt == nil {
				rt = &tokenCount{}
			}
			rs.Tokens = rt.stats()
		}
		r.Routes[route] = rs
	}
	return r
}

// tokenCount sums the tokens of n answers.
type tokenCount struct{ in, out, n int }

func (tc *tokenCount) add(t assistant.Tokens) {
	tc.in += t.In
	tc.out += t.Out
	tc.n++
}

func (tc tokenCount) stats() *TokenStats {
	ts := &TokenStats{In: tc.in, Out: tc.out}
	if tc.n > 0 {
		ts.MeanIn = num(round(float64(tc.in)/float64(tc.n), 1))
		ts.MeanOut = num(round(float64(tc.out)/float64(tc.n), 1))
	}
	return ts
}

// checkAnswer returns what is wrong with text: missing facts and
// unsupported claims, compared case-insensitively.
func checkAnswer(c Case, text string) []string {
	low := strings.ToLower(text)
	var out []string
	for _, s := range c.MustContain {
		if !strings.Contains(low, strings.ToLower(s)) {
			out = append(out, fmt.Sprintf("missing %q", s))
		}
	}
	for _, s := range c.MustNotContain {
		if strings.Contains(low, strings.ToLower(s)) {
			out = append(out, fmt.Sprintf("says %q", s))
		}
	}
	return out
}

func labelOrNone(in gate.Intent) string {
	if in == "" {
		return "(none)"
	}
	return string(in)
}
