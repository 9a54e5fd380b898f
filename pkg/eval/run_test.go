package eval

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/cafebot/cafebot/pkg/golden"
	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/gate"
)

// fakeAssistant answers each question with a scripted Answer.
type fakeAssistant struct {
	t       *testing.T
	answers map[string]assistant.Answer
	// onSend runs before each answer; it may cancel the run.
	onSend  func(q string)
	opened  int
	closed  int
	bound   []string
	started []assistant.Strategy
}

func (f *fakeAssistant) newSession(_ context.Context, s assistant.Strategy) (Session, error) {
	f.opened++
	f.started = append(f.started, s)
	return &fakeSession{f: f}, nil
}

type fakeSession struct {
	f        *fakeAssistant
	customer string
	closed   bool
}

func (s *fakeSession) BindCustomer(_ context.Context, id string) (assistant.Customer, error) {
	if id == "C9999" {
		return assistant.Customer{}, errors.New("no customer with id or phone \"C9999\"")
	}
	s.customer = id
	s.f.bound = append(s.f.bound, id)
	return assistant.Customer{ID: id}, nil
}

func (s *fakeSession) Send(ctx context.Context, q string, _ func(assistant.Event)) (assistant.Answer, error) {
	if s.closed {
		s.f.t.Errorf("Send on a closed session")
	}
	if s.f.onSend != nil {
		s.f.onSend(q)
	}
	if err := ctx.Err(); err != nil {
		return assistant.Answer{Question: q}, err
	}
	a, ok := s.f.answers[q]
	if !ok {
		s.f.t.Errorf("unscripted question %q", q)
	}
	a.Question = q
	a.Customer = s.customer
	return a, nil
}

func (s *fakeSession) Close() error {
	s.closed = true
	s.f.closed++
	return nil
}

// fakeSearcher returns fixed rankings per query.
type fakeSearcher struct {
	rankings map[string][]string
	ks       []int
}

func (s *fakeSearcher) Rank(_ context.Context, q string, k int) (Ranking, error) {
	s.ks = append(s.ks, k)
	return Ranking{Sources: s.rankings[q], Mode: "lexical"}, nil
}

const (
	small      = "cafebot-faq"
	toolsModel = "cafebot-tools"
	large      = "cafebot-escalation"
)

// scenario is eight cases exercising every metric, with their answers.
func scenario(t *testing.T) ([]Case, *fakeAssistant, *fakeSearcher) {
	cases := []Case{
		{Line: 1, Q: "brownie?", Intent: gate.FAQ, ExpectSources: []string{"menu/dietary-guide.md"}, MustContain: []string{"wheat"}, MustNotContain: []string{"brownie is gluten-free"}},
		{Line: 2, Q: "cake?", Intent: gate.FAQ, ExpectSources: []string{"menu/dietary-guide.md"}, MustContain: []string{"almond flour"}},
		{Line: 3, Q: "bonus?", Intent: gate.Transactional, Customer: "C1001", ExpectTool: "credit_missing_points", MustContain: []string{"40"}},
		{Line: 4, Q: "threat", Intent: gate.Escalation, ExpectHandoff: true},
		{Line: 5, Q: "sue", Intent: gate.Escalation, ExpectHandoff: true},
		{Line: 6, Q: "cold latte", Intent: gate.Complaint},
		{Line: 7, Q: "stranger", Intent: gate.FAQ, Customer: "C9999", MustContain: []string{"x"}},
		{Line: 8, Q: "refund window?", Intent: gate.FAQ, MustContain: []string{"14 days"}},
	}
	tm := func(g, gu, r, ft, tot float64) assistant.Timings {
		return assistant.Timings{Gate: g, Guard: gu, Retrieve: r, FirstToken: ft, Total: tot}
	}
	f := &fakeAssistant{t: t, answers: map[string]assistant.Answer{
		"brownie?": {Intent: "faq", Route: assistant.RouteFAQ, Model: small, Answer: "It contains wheat flour.",
			Timings: tm(0.01, 0.1, 2, 100, 400), Tokens: assistant.Tokens{In: 300, Out: 20}},
		"cake?": {Intent: "faq", Route: assistant.RouteFAQ, Model: small, Answer: "Yes, it is gluten-free.",
			Timings: tm(0.02, 0.2, 4, 200, 600), Tokens: assistant.Tokens{In: 500, Out: 40}},
		"bonus?": {Intent: "transactional", Route: assistant.RouteTransactional, Model: toolsModel, Answer: "I've credited 40 points.",
			ToolCalls: []assistant.ToolCallReport{{Name: "get_loyalty_balance"}, {Name: "credit_missing_points"}},
			Timings:   tm(0.01, 0.1, 0, 300, 900), Tokens: assistant.Tokens{In: 800, Out: 60}},
		"threat": {Intent: "escalation", Route: assistant.RouteHandoff, HandoffID: 7, Flagged: true, Answer: "A member of staff will take over.",
			Timings: tm(0.01, 0.5, 0, 0.05, 1)},
		"sue": {Intent: "escalation", Route: assistant.RouteEscalation, Model: large, Answer: "I understand.",
			Timings: tm(0.01, 0.1, 3, 1500, 5000), Tokens: assistant.Tokens{In: 1200, Out: 150}},
		"cold latte": {Intent: "faq", Unsure: true, Route: assistant.RouteFAQ, Model: small, HandoffID: 3, Answer: "Sorry!",
			Timings: tm(0.01, 0.1, 2, 150, 500), Tokens: assistant.Tokens{In: 400, Out: 30}},
		"refund window?": {Intent: "faq", Route: assistant.RouteFAQ, Fallback: true, Answer: "Here is what the documents say.",
			Timings: tm(0.01, 0.1, 2, 0.5, 3)},
	}}
	s := &fakeSearcher{rankings: map[string][]string{
		"brownie?": {"menu/menu.csv", "menu/dietary-guide.md", "menu/allergens.md"},
		"cake?":    {"menu/dietary-guide.md"},
	}}
	return cases, f, s
}

// wantScenario is the report the scenario must give, worked out by hand.
func wantScenario() Report {
	return Report{
		Strategy: assistant.StrategyRouted, Cases: 8, Total: 8, Complete: true, Errors: 1,
		Labels:     map[gate.Intent]int{gate.FAQ: 4, gate.Transactional: 1, gate.Escalation: 2, gate.Complaint: 1},
		Generation: Generation{Available: true, Fallbacks: 1},
		Routing: Routing{
			Rate:   Rate{Hits: 6, Total: 7, Value: fp(0.8571)},
			Unsure: 1,
			Confusion: map[gate.Intent]map[gate.Intent]int{
				gate.FAQ:           {gate.FAQ: 3},
				gate.Transactional: {gate.Transactional: 1},
				gate.Complaint:     {gate.FAQ: 1},
				gate.Escalation:    {gate.Escalation: 2},
			},
			PerLabel: map[gate.Intent]LabelStats{
				gate.FAQ:           {Total: 3, Predicted: 4, Correct: 3, Recall: fp(1), Precision: fp(0.75)},
				gate.Transactional: {Total: 1, Predicted: 1, Correct: 1, Recall: fp(1), Precision: fp(1)},
				gate.Escalation:    {Total: 2, Predicted: 2, Correct: 2, Recall: fp(1), Precision: fp(1)},
				gate.Complaint:     {Total: 1, Correct: 0, Recall: fp(0)},
			},
		},
		Retrieval:    Retrieval{Ranks: Ranks{Cases: 2, RecallAt1: fp(0.5), RecallAt3: fp(1), MRR: fp(0.75)}, K: 5, Mode: "lexical"},
		AnswerChecks: Rate{Hits: 2, Total: 3, Value: fp(0.6667)},
		ToolChoice:   Rate{Hits: 1, Total: 1, Value: fp(1)},
		Handoff:      PrecisionRecall{TruePos: 1, FalsePos: 1, FalseNeg: 1, TrueNeg: 4, Precision: fp(0.5), Recall: fp(0.5)},
		Guard:        Guard{Flagged: Rate{Hits: 1, Total: 7, Value: fp(0.1429)}},
		WithoutLarge: Rate{Hits: 5, Total: 6, Value: fp(0.8333)},
		Tokens:       &TokenStats{In: 3200, Out: 300, MeanIn: fp(533.3), MeanOut: fp(50)},
		Latency: Latency{
			Gate:       Dist{N: 7, P50: fp(0.01), P95: fp(0.02), Max: fp(0.02)},
			Guard:      Dist{N: 7, P50: fp(0.1), P95: fp(0.5), Max: fp(0.5)},
			Retrieve:   Dist{N: 5, P50: fp(2), P95: fp(4), Max: fp(4)},
			FirstToken: Dist{N: 6, P50: fp(150), P95: fp(1500), Max: fp(1500)},
			Total:      Dist{N: 7, P50: fp(500), P95: fp(5000), Max: fp(5000)},
		},
		Routes: map[assistant.Route]RouteStats{
			assistant.RouteFAQ: {Answers: 4, Total: Dist{N: 4, P50: fp(400), P95: fp(600), Max: fp(600)},
				Tokens: &TokenStats{In: 1200, Out: 90, MeanIn: fp(400), MeanOut: fp(30)}},
			assistant.RouteTransactional: {Answers: 1, Total: Dist{N: 1, P50: fp(900), P95: fp(900), Max: fp(900)},
				Tokens: &TokenStats{In: 800, Out: 60, MeanIn: fp(800), MeanOut: fp(60)}},
			assistant.RouteHandoff: {Answers: 1, Total: Dist{N: 1, P50: fp(1), P95: fp(1), Max: fp(1)},
				Tokens: &TokenStats{MeanIn: fp(0), MeanOut: fp(0)}},
			assistant.RouteEscalation: {Answers: 1, Total: Dist{N: 1, P50: fp(5000), P95: fp(5000), Max: fp(5000)},
				Tokens: &TokenStats{In: 1200, Out: 150, MeanIn: fp(1200), MeanOut: fp(150)}},
		},
		Failures: []Failure{
			{Line: 2, Q: "cake?", Check: CheckAnswer, Detail: `missing "almond flour"`},
			{Line: 5, Q: "sue", Check: CheckHandoff, Detail: "want handoff true, got false (route escalation)"},
			{Line: 6, Q: "cold latte", Check: CheckRouting, Detail: "want complaint, got faq"},
			{Line: 6, Q: "cold latte", Check: CheckHandoff, Detail: "want handoff false, got true (route faq)"},
			{Line: 7, Q: "stranger", Check: CheckError, Detail: `bind customer C9999: no customer with id or phone "C9999"`},
		},
	}
}

func TestRunMeasuresEveryMetric(t *testing.T) {
	cases, f, s := scenario(t)
	r := &Runner{NewSession: f.newSession, Search: s, K: 5, LargeModel: large}
	var progress []int
	got, err := r.Run(context.Background(), cases, assistant.StrategyRouted, func(done, total int) {
		if total != len(cases) {
			t.Errorf("progress total = %d, want %d", total, len(cases))
		}
		progress = append(progress, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantScenario(), got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4, 5, 6, 7, 8}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	if f.opened != len(cases) || f.closed != f.opened {
		t.Errorf("opened %d sessions and closed %d, want %d fresh sessions, all closed", f.opened, f.closed, len(cases))
	}
	if diff := cmp.Diff([]string{"C1001"}, f.bound); diff != "" {
		t.Errorf("bound customers (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{5, 5}, s.ks); diff != "" {
		t.Errorf("search k (-want +got):\n%s", diff)
	}
}

func TestRunStrategyReachesSessions(t *testing.T) {
	cases, f, s := scenario(t)
	r := &Runner{NewSession: f.newSession, Search: s, LargeModel: large}
	rep, err := r.Run(context.Background(), cases[:1], assistant.StrategyLargeOnly, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Strategy != assistant.StrategyLargeOnly || len(f.started) != 1 || f.started[0] != assistant.StrategyLargeOnly {
		t.Errorf("report strategy %q, sessions started with %v; want large-only", rep.Strategy, f.started)
	}
	if rep.Retrieval.K != DefaultK || s.ks[0] != DefaultK {
		t.Errorf("K = %d (searched with %v), want DefaultK %d when unset", rep.Retrieval.K, s.ks, DefaultK)
	}
}

func TestRunWithoutGenerationStillMeasuresRoutingAndHandoff(t *testing.T) {
	cases, f, s := scenario(t)
	down := errors.New("cannot reach Ollama at http://127.0.0.1:11434")
	var probed []assistant.Strategy
	r := &Runner{NewSession: f.newSession, Search: s, K: 5, LargeModel: large,
		Probe: func(_ context.Context, st assistant.Strategy) error { probed = append(probed, st); return down }}
	got, err := r.Run(context.Background(), cases, assistant.StrategyRouted, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := wantScenario()
	want.Generation = Generation{Available: false, Reason: down.Error(), Fallbacks: 1}
	want.AnswerChecks, want.ToolChoice, want.WithoutLarge, want.Tokens = Rate{}, Rate{}, Rate{}, nil
	want.Latency.FirstToken = Dist{}
	for route, rs := range want.Routes {
		rs.Tokens = nil
		want.Routes[route] = rs
	}
	var failures []Failure
	for _, fl := range want.Failures {
		if fl.Check != CheckAnswer && fl.Check != CheckTool {
			failures = append(failures, fl)
		}
	}
	want.Failures = failures
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]assistant.Strategy{assistant.StrategyRouted}, probed); diff != "" {
		t.Errorf("probed (-want +got):\n%s", diff)
	}
}

func TestRunInterruptedReturnsPartialReport(t *testing.T) {
	cases, f, s := scenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.onSend = func(q string) {
		if q == "bonus?" {
			cancel()
		}
	}
	r := &Runner{NewSession: f.newSession, Search: s, K: 5, LargeModel: large}
	var progress []int
	got, err := r.Run(ctx, cases, assistant.StrategyRouted, func(done, _ int) { progress = append(progress, done) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if got.Cases != 2 || got.Total != 8 || got.Complete {
		t.Errorf("cases %d of %d (complete %t), want the 2 finished of 8, incomplete", got.Cases, got.Total, got.Complete)
	}
	if got.Routing.Total != 2 || got.Retrieval.Cases != 2 || got.Latency.Total.N != 2 {
		t.Errorf("partial report counts routing %d, retrieval %d, latency %d; want 2 each", got.Routing.Total, got.Retrieval.Cases, got.Latency.Total.N)
	}
	if diff := cmp.Diff([]int{1, 2}, progress); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
	if f.closed != f.opened {
		t.Errorf("opened %d sessions, closed %d: the interrupted one leaked", f.opened, f.closed)
	}
}

func TestRunNeedsSessions(t *testing.T) {
	if _, err := (&Runner{}).Run(context.Background(), nil, assistant.StrategyRouted, nil); err == nil {
		t.Error("Run without NewSession succeeded")
	}
}

func TestRunSessionErrorsCountAsCaseErrors(t *testing.T) {
	cases := []Case{{Line: 1, Q: "hi", Intent: gate.FAQ}}
	r := &Runner{NewSession: func(context.Context, assistant.Strategy) (Session, error) {
		return nil, errors.New("copy the demo accounts: disk full")
	}}
	got, err := r.Run(context.Background(), cases, assistant.StrategyRouted, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Failure{{Line: 1, Q: "hi", Check: CheckError, Detail: "start session: copy the demo accounts: disk full"}}
	if diff := cmp.Diff(want, got.Failures); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
	if got.Errors != 1 || got.Routing.Value != nil {
		t.Errorf("errors %d, routing %v; want 1 error and routing n/a", got.Errors, got.Routing.Value)
	}
}

func assertGolden(t *testing.T, name, got string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name+".golden"), []byte(got))
}

func TestWriteTableGolden(t *testing.T) {
	rep := wantScenario()
	var b bytes.Buffer
	if err := rep.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	assertGolden(t, "report_table", b.String())

	// A run with Ollama down, interrupted at the sixth case.
	cases, f, s := scenario(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.onSend = func(q string) {
		if q == "cold latte" {
			cancel()
		}
	}
	r := &Runner{NewSession: f.newSession, Search: s, K: 5, LargeModel: large,
		Probe: func(context.Context, assistant.Strategy) error {
			return errors.New("cannot reach Ollama at http://127.0.0.1:11434")
		}}
	down, err := r.Run(ctx, cases, assistant.StrategyRouted, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	b.Reset()
	if err := down.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`generation unavailable: cannot reach Ollama`, `5 of 8 cases \(interrupted\)`,
		`Answer checks +n/a`, `Tool choice +n/a`, `first token +0 +n/a +n/a +n/a`, `faq +2 +400 +600 +600 +n/a +n/a`} {
		if !regexp.MustCompile(want).MatchString(b.String()) {
			t.Errorf("table does not match %q:\n%s", want, b.String())
		}
	}
}

func TestCompare(t *testing.T) {
	routed := wantScenario()
	small := wantScenario()
	small.Strategy = assistant.StrategySmallOnly
	small.AnswerChecks = Rate{Hits: 1, Total: 3, Value: fp(0.3333)}
	small.WithoutLarge = Rate{Hits: 6, Total: 6, Value: fp(1)}
	largeOnly := wantScenario()
	largeOnly.Strategy = assistant.StrategyLargeOnly
	largeOnly.Generation = Generation{Available: false, Reason: "model cafebot-escalation missing"}
	largeOnly.AnswerChecks, largeOnly.ToolChoice, largeOnly.WithoutLarge, largeOnly.Tokens = Rate{}, Rate{}, Rate{}, nil
	largeOnly.Cases, largeOnly.Complete = 3, false

	c := Compare(routed, small, largeOnly)
	want := Comparison{Rows: []CompareRow{
		{Strategy: assistant.StrategyRouted, Cases: 8, Complete: true, Generation: true, AnswerChecks: fp(0.6667), ToolChoice: fp(1),
			Routing: fp(0.8571), HandoffRecall: fp(0.5), P50TotalMS: fp(500), P95TotalMS: fp(5000),
			MeanTokensIn: fp(533.3), MeanTokensOut: fp(50), WithoutLarge: fp(0.8333), FallbackAnswers: 1},
		{Strategy: assistant.StrategySmallOnly, Cases: 8, Complete: true, Generation: true, AnswerChecks: fp(0.3333), ToolChoice: fp(1),
			HandoffRecall: fp(0.5), P50TotalMS: fp(500), P95TotalMS: fp(5000),
			MeanTokensIn: fp(533.3), MeanTokensOut: fp(50), WithoutLarge: fp(1), FallbackAnswers: 1},
		{Strategy: assistant.StrategyLargeOnly, Cases: 3, HandoffRecall: fp(0.5), P50TotalMS: fp(500), P95TotalMS: fp(5000)},
	}}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
	var b bytes.Buffer
	if err := c.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	assertGolden(t, "compare_table", b.String())
}
