package assistant

import (
	"context"
	"errors"
	"fmt"
	"github.com/cafebot/cafebot/pkg/analysis"
	"log/slog"
	"strings"
	"time"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/sentiment"
)

// Model is what the pipeline needs from Ollama.
type Model interface {
	Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error)
	Show(ctx context.Context, model string) (llm.ModelInfo, error)
}

// Searcher is what the pipeline needs from the retrieval index.
type Searcher interface {
	Search(ctx context.Context, query string, opt retrieval.SearchOptions, emb retrieval.Embedder) (retrieval.Results, error)
}

// Deps are the pipeline's collaborators. Index, Embedder, Backend and
// Handoffs may be nil: the pipeline then does without (lexical search, no
// account tools, no tickets) and says so in its answers.
type Deps struct {
	Config   config.Config
	Gate     *gate.Gate
	Guard    *guard.Guard
	Index    Searcher
	Embedder retrieval.Embedder
	Model    Model
	Backend  backend.Backend
	Handoffs handoff.TicketStore
	Logger   *slog.Logger
	Now      func() time.Time
}

// Pipeline answers one customer message at a time; it is safe for
// concurrent use.
type Pipeline struct {
	d       Deps
	windows *windows
	prompts prompts
}

type prompts struct{ faq, complaint, tools, escalation string }

// New returns a pipeline over d.
func New(d Deps) *Pipeline {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Gate == nil {
		d.Gate = gate.Default()
	}
	d.Gate = d.Gate.WithUnsureBelow(d.Config.Gate.UnsureBelow)
	if d.Guard == nil {
		d.Guard = guard.New(guard.Options{Threshold: d.Config.Guard.Threshold})
	}
	p := &Pipeline{d: d, windows: &windows{}}
	if d.Model != nil {
		p.windows.show = d.Model.Show
	}
	complaint, _ := modelfiles.Prompt("complaint")
	p.prompts = prompts{
		faq:        modelfiles.System("faq"),
		complaint:  complaint,
		tools:      modelfiles.System("tools"),
		escalation: modelfiles.System("escalation"),
	}
	return p
}

// run is the state of one Ask. ans is the record of the turn (gate and
// guard verdicts, timings, tokens, the explanation): the early steps
// write it, and finish alone adds what the customer is told and why.
type run struct {
	p       *Pipeline
	req     Request
	ans     *Answer
	onEvent func(Event)
	start   time.Time
	first   time.Time
	// customer is the bound account; identity its own contact data, which
	// a draft may mention without being a leak.
	customer *backend.Customer
	identity guard.Identity
	// shown is every fragment the customer has been shown so far.
	shown strings.Builder
}

// Ask runs one message through the pipeline. onEvent (may be nil) receives
// the decision, streamed tokens, tool calls and status notes as they
// happen; the streamed tokens are always a prefix of the final answer. The
// error is non-nil only when ctx was cancelled (the partial answer is
// returned with it) or the index cannot be used; an unreachable Ollama
// gives a retrieval-only answer instead.
func (p *Pipeline) Ask(ctx context.Context, req Request, onEvent func(Event)) (Answer, error) {
	if onEvent == nil {
		onEvent = func(Event) {}
	}
	if req.Strategy == "" {
		req.Strategy = StrategyRouted
	}
	r := &run{p: p, req: req, onEvent: onEvent, start: p.d.Now(),
		ans: &Answer{Question: req.Text, Customer: req.CustomerID, Sources: []Source{}, ToolCalls: []ToolCallReport{}, Cues: []string{}}}
	err := r.do(ctx)
	r.ans.Timings.Total = ms(p.d.Now().Sub(r.start))
	if !r.first.IsZero() {
		r.ans.Timings.FirstToken = ms(r.first.Sub(r.start))
	}
	p.d.Logger.Info("answer", "intent", r.ans.Intent, "route", r.ans.Route, "model", r.ans.Model,
		"fallback", r.ans.Fallback, "flagged", r.ans.Flagged, "handoff", r.ans.HandoffID,
		"total_ms", r.ans.Timings.Total, "tools", len(r.ans.ToolCalls), "sources", len(r.ans.Sources))
	return r.redacted(*r.ans), err
}

func (r *run) explain(format string, args ...any) {
	r.ans.Explanation = append(r.ans.Explanation, fmt.Sprintf(format, args...))
}

func (r *run) do(ctx context.Context) error {
	d := r.p.d
	text := strings.TrimSpace(r.req.Text)

	// One analysis of the message (normalised text, words, ids, phones,
	// money) for the guard, the gate and sentiment alike.
	t := d.Now()
	an := analysis.Of(text)

	// 1. Guard the input. A flagged message goes to a person, never a model.
	in := d.Guard.CheckInputAnalysis(ctx, an)
	r.ans.Timings.Guard = ms(d.Now().Sub(t))
	r.ans.Guard.Input = verdictOf(in)
	r.ans.Flagged = in.Flagged
	d.Logger.Info("guard input", slog.Any("verdict", in.LogAttrs()))

	r.ans.Frustration = sentiment.ScoreAnalysis(an).Score

	// 2. The gate: no model, microseconds.
	t = d.Now()
	dec := d.Gate.ClassifyAnalysis(an)
	r.ans.Timings.Gate = ms(d.Now().Sub(t))
	r.ans.Intent = string(dec.Intent)
	r.ans.Confidence = dec.Confidence
	r.ans.Unsure = dec.Unsure
	if dec.Cues != nil {
		r.ans.Cues = dec.Cues
	}
	r.explain("gate: %s (confidence %.2f%s) from cues %s", dec.Intent, dec.Confidence, unsureNote(dec.Unsure), cueList(dec.Cues))

	if r.req.CustomerID != "" && d.Backend != nil {
		if c, err := d.Backend.FindCustomer(ctx, r.req.CustomerID); err == nil {
			r.customer = &c
			r.identity = guard.Identity{Phones: []string{c.Phone}, Emails: []string{c.Email}}
		}
	}

	// 3. The route writes a draft; 4. finish checks it and answers.
	dr, err := r.draft(ctx, in, dec, text)
	if err != nil {
		r.partial(dr, err)
		return err
	}
	return r.finish(ctx, dr)
}

// draft picks the route for the message and returns what it produced.
func (r *run) draft(ctx context.Context, in guard.Verdict, dec gate.Decision, text string) (draft, error) {
	d := r.p.d
	switch {
	case selfHarmSignal(in):
		// Self-harm always wins, flagged or not and whatever else the
		// message says.
		r.explain("guard: self-harm signal (score %.2f): a caring reply with the crisis line, and a person", in.Categories[guard.SelfHarm])
		return r.decided(toHuman(CategorySelfHarm, "self-harm signal in the customer's message")), nil
	case dec.Intent == gate.Escalation && dec.Category == string(CategorySelfHarm):
		// The gate names someone else's self-harm the guard may read as a
		// threat or not at all; it wins over the guard's other flags, or
		// the ticket would carry the wrong category and no crisis line.
		r.explain("gate: self-harm (someone at risk from themselves): a caring reply with the crisis line, and a person")
		dr := toHuman(CategorySelfHarm, "gate: someone at risk of self-harm")
		// Only the gate's third-person rule says who is at risk; the
		// guard, which reads the writer's own words, saw no self-harm.
		dr.Handoff.AboutSomeoneElse = dec.AboutSomeoneElse()
		return r.decided(dr), nil
	case in.Flagged:
		cat := topCategory(in)
		r.explain("guard: flagged %s (score %.2f, %s layer): no model sees the message", cat, in.Score, in.Layer)
		return r.decided(toHuman(handoffCategory(cat), "guard flagged the message: "+cat)), nil
	}
	r.explain("guard: input is clean (score %.2f, %s layer)", in.Score, in.Layer)
	if reply, ok := smallTalk(text); ok {
		r.explain("small talk: a short friendly reply, no retrieval and no model")
		return r.decided(fixed(RouteFAQ, reply)), nil
	}
	switch r.req.Strategy {
	case StrategySmallOnly:
		r.explain("strategy small-only: every message goes to the FAQ model with retrieval")
		return r.answerFromDocs(ctx, RouteFAQ, d.Config.Models.FAQ, r.p.prompts.faq, dec.Unsure)
	case StrategyLargeOnly:
		r.explain("strategy large-only: every message goes to the escalation model with retrieval")
		return r.answerFromDocs(ctx, RouteEscalation, d.Config.Models.Escalation, r.p.prompts.faq, dec.Unsure)
	default:
		return r.route(ctx, dec)
	}
}

// partial records what a cancelled or failed run had shown.
func (r *run) partial(d draft, err error) {
	r.ans.Route, r.ans.Model = d.Route, d.Model
	r.ans.ToolCalls = reports(d.Calls)
	r.ans.Sources = d.Sources
	if r.ans.Sources == nil {
		r.ans.Sources = []Source{}
	}
	r.ans.Answer = r.shown.String()
	if ctx := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded); ctx {
		r.ans.Notice = "generation cancelled"
	}
}

func (r *run) route(ctx context.Context, dec gate.Decision) (draft, error) {
	d := r.p.d
	switch {
	case dec.Unsure:
		r.explain("route: faq, because the gate is unsure; retrieval decides whether to answer or ask")
		return r.answerFromDocs(ctx, RouteFAQ, d.Config.Models.FAQ, r.p.prompts.faq, true)
	case dec.Intent == gate.FAQ:
		r.explain("route: faq (small model %s with retrieval)", d.Config.Models.FAQ)
		return r.answerFromDocs(ctx, RouteFAQ, d.Config.Models.FAQ, r.p.prompts.faq, false)
	case dec.Intent == gate.Complaint:
		r.explain("route: complaint (small model %s, empathetic prompt, policy retrieved)", d.Config.Models.FAQ)
		return r.complaint(ctx)
	case dec.Intent == gate.Transactional:
		r.explain("route: transactional (tool model %s, tools bound to the verified customer)", d.Config.Models.Tools)
		return r.transactional(ctx, dec.Sub)
	default:
		return r.escalate(ctx, HandoffCategory(dec.Category))
	}
}

// escalate sends the case to a person or the large model by the policy.
func (r *run) escalate(ctx context.Context, category HandoffCategory) (draft, error) {
	d := r.p.d
	if category == "" {
		category = CategoryMultiIssue
	}
	if r.p.escalationPolicy(category) {
		r.explain("route: escalation (%s): policy sends it to the large model %s first", category, d.Config.Models.Escalation)
		return r.escalationModel(ctx, category, nil)
	}
	r.explain("route: escalation (%s): policy sends it straight to a person", category)
	return r.decided(toHuman(category, "escalation: "+string(category))), nil
}

func guardResult(stage string, v GuardVerdict) handoff.GuardResult {
	return handoff.GuardResult{Stage: stage, Flagged: v.Flagged, Categories: v.Categories, Score: v.Score, Layer: v.Layer}
}

// decided emits the decision event for a draft known before any text.
func (r *run) decided(d draft) draft {
	r.emitDecision(d.Route, d.Model)
	return d
}

func (r *run) emitDecision(route Route, model string) {
	a := *r.ans
	a.Route, a.Model = route, model
	r.onEvent(Event{Kind: EventDecision, Answer: &a})
}

func (r *run) emitText(s string) {
	if s == "" {
		return
	}
	if r.first.IsZero() {
		r.first = r.p.d.Now()
	}
	r.shown.WriteString(s)
	r.onEvent(Event{Kind: EventToken, Text: s})
}

func (r *run) status(s string) { r.onEvent(Event{Kind: EventStatus, Text: s}) }

func verdictOf(v guard.Verdict) GuardVerdict {
	gv := GuardVerdict{Flagged: v.Flagged, Score: v.Score, Layer: v.Layer, ModelMS: ms(v.ModelLatency)}
	if len(v.Categories) > 0 {
		gv.Categories = map[string]float64{}
		for c, s := range v.Categories {
			if s > 0 {
				gv.Categories[string(c)] = s
			}
		}
	}
	return gv
}

func topCategory(v guard.Verdict) string {
	best, bs := "", -1.0
	for c, s := range v.Categories {
		if s > bs || (s == bs && string(c) < best) {
			best, bs = string(c), s
		}
	}
	return best
}

// handoffCategory maps a guard category to the escalation category that
// decides priority and the suggested next step.
func handoffCategory(guardCat string) HandoffCategory {
	switch guard.Category(guardCat) {
	case guard.Threat:
		return CategoryThreat
	case guard.Harassment, guard.Sexual:
		return CategoryAbuse
	case guard.Hate:
		return CategoryDiscrimination
	case guard.SelfHarm:
		return CategorySelfHarm
	default:
		return CategoryGuard
	}
}

func unsureNote(unsure bool) string {
	if unsure {
		return ", unsure"
	}
	return ""
}

func cueList(cues []string) string {
	if len(cues) == 0 {
		return "(none)"
	}
	return strings.Join(cues, ", ")
}
