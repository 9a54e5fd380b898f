package assistant

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
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
	Handoffs *handoff.Queue
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

// run is the state of one Ask.
type run struct {
	p       *Pipeline
	req     Request
	ans     *Answer
	onEvent func(Event)
	start   time.Time
	first   time.Time
	// identity is the bound customer's own contact data, which a draft may
	// mention without being a leak.
	identity guard.Identity
}

// Ask runs one message through the pipeline. onEvent (may be nil) receives
// the decision, streamed tokens, tool calls and status notes as they
// happen. The error is non-nil only when ctx was cancelled (the partial
// answer is returned with it) or the index cannot be used; an unreachable
// Ollama gives a retrieval-only answer instead.
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
	return *r.ans, err
}

func (r *run) explain(format string, args ...any) {
	r.ans.Explanation = append(r.ans.Explanation, fmt.Sprintf(format, args...))
}

func (r *run) do(ctx context.Context) error {
	d := r.p.d
	text := strings.TrimSpace(r.req.Text)

	// 1. Guard the input. A flagged message goes to a person, never a model.
	t := d.Now()
	in := d.Guard.CheckInput(ctx, text)
	r.ans.Timings.Guard = ms(d.Now().Sub(t))
	r.ans.Guard.Input = verdictOf(in)
	r.ans.Flagged = in.Flagged
	d.Logger.Info("guard input", slog.Any("verdict", in.LogAttrs()))

	frus := sentiment.Score(text)
	r.ans.Frustration = frus.Score

	// 2. The gate: no model, microseconds.
	t = d.Now()
	dec := d.Gate.Classify(text)
	r.ans.Timings.Gate = ms(d.Now().Sub(t))
	r.ans.Intent = string(dec.Intent)
	r.ans.Confidence = dec.Confidence
	r.ans.Unsure = dec.Unsure
	if dec.Cues != nil {
		r.ans.Cues = dec.Cues
	}
	r.explain("gate: %s (confidence %.2f%s) from cues %s", dec.Intent, dec.Confidence, unsureNote(dec.Unsure), cueList(dec.Cues))

	if in.Flagged {
		cat := topCategory(in)
		r.explain("guard: flagged %s (score %.2f, %s layer): no model sees the message", cat, in.Score, in.Layer)
		return r.handToHuman(ctx, handoffCategory(cat), "guard flagged the message: "+cat, "")
	}
	r.explain("guard: input is clean (score %.2f, %s layer)", in.Score, in.Layer)

	if r.req.CustomerID != "" && d.Backend != nil {
		if c, err := d.Backend.FindCustomer(ctx, r.req.CustomerID); err == nil {
			r.identity = guard.Identity{Phones: []string{c.Phone}, Emails: []string{c.Email}}
		}
	}

	var err error
	switch r.req.Strategy {
	case StrategySmallOnly:
		r.explain("strategy small-only: every message goes to the FAQ model with retrieval")
		err = r.answerFromDocs(ctx, RouteFAQ, d.Config.Models.FAQ, r.p.prompts.faq, dec.Unsure)
	case StrategyLargeOnly:
		r.explain("strategy large-only: every message goes to the escalation model with retrieval")
		err = r.answerFromDocs(ctx, RouteEscalation, d.Config.Models.Escalation, r.p.prompts.faq, dec.Unsure)
	default:
		err = r.route(ctx, dec)
	}
	if err != nil {
		return err
	}

	// A rising frustration trend brings in a person before the customer has
	// to ask, without holding back the answer.
	if r.ans.HandoffID == 0 && !r.ans.Escalated && sentiment.Rising(r.req.PriorFrustration, frus.Score, d.Config.Guard.FrustrationEscalate) {
		r.explain("frustration %.2f is rising across the conversation (cues %s): a staff member is alerted", frus.Score, cueList(frus.Cues))
		if t, ok := r.ticket(ctx, "frustration", "customer frustration rising", r.ans.Answer); ok {
			r.ans.Answer = strings.TrimSpace(r.ans.Answer) + "\n\nI've also asked a member of our team to check in with you (ticket " + t.Number() + ")."
		}
		r.ans.Escalated = true
	}
	return nil
}

func (r *run) route(ctx context.Context, dec gate.Decision) error {
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
		return r.transactional(ctx)
	default:
		return r.escalate(ctx, dec.Category)
	}
}

// escalate sends the case to a person or the large model by the policy.
func (r *run) escalate(ctx context.Context, category string) error {
	d := r.p.d
	if category == "" {
		category = "multi_issue"
	}
	r.ans.Escalated = true
	if slices.Contains(d.Config.Escalation.ToModel, category) && !slices.Contains(d.Config.Escalation.ToHuman, category) {
		r.explain("route: escalation (%s): policy sends it to the large model %s first", category, d.Config.Models.Escalation)
		return r.escalationModel(ctx, category, nil)
	}
	r.explain("route: escalation (%s): policy sends it straight to a person", category)
	return r.handToHuman(ctx, category, "escalation: "+category, "")
}

// handToHuman ends the run with a ticket and the customer message for it.
func (r *run) handToHuman(ctx context.Context, category, reason, draft string) error {
	r.ans.Route = RouteHandoff
	r.ans.Model = ""
	r.ans.Escalated = true
	t, ok := r.ticket(ctx, category, reason, draft)
	var msg string
	switch {
	case ok:
		msg = handoff.CustomerMessage(t)
	default:
		msg = "A member of our staff will take over this conversation shortly."
	}
	if category == "self_harm" {
		msg = guard.CaringReply() + "\n\n" + msg
	}
	r.ans.Answer = msg
	r.emitDecision()
	r.emitText(msg)
	return nil
}

// ticket files a handoff ticket with the whole story; ok is false when no
// queue is configured or it failed (the failure is logged, the customer
// still gets the handoff message).
func (r *run) ticket(ctx context.Context, category, reason, draft string) (handoff.Ticket, bool) {
	d := r.p.d
	if d.Handoffs == nil {
		r.explain("handoff: no queue configured, so no ticket was filed")
		return handoff.Ticket{}, false
	}
	c := r.handoffCase(category, reason, draft)
	t := c.Ticket()
	if !r.ans.Flagged {
		if text, tokens, ok := r.p.analyze(ctx, c); ok {
			t.Analysis = text + "\n\nChecked facts: " + t.Analysis
			r.ans.Tokens.In += tokens.In
			r.ans.Tokens.Out += tokens.Out
			r.explain("handoff: %s wrote the briefing for staff", d.Config.Models.FAQ)
		}
	}
	// Use a context that survives a cancelled request: a ticket that was
	// decided on must not be lost because the customer hit Esc.
	t, err := d.Handoffs.Create(context.WithoutCancel(ctx), t)
	if err != nil {
		d.Logger.Error("handoff ticket", "err", err)
		r.explain("handoff: filing the ticket failed: %v", err)
		return t, false
	}
	r.ans.HandoffID = t.ID
	r.ans.HandoffReason = reason
	r.explain("handoff: ticket %s (%s priority, %s)", t.Number(), t.Priority, category)
	return t, true
}

// analysisTimeout bounds the model-written briefing: a person is waiting
// for the ticket, and the checked facts stand on their own.
const analysisTimeout = 20 * time.Second

// noModelAnalysis are the cases whose ticket must not wait for a model, or
// whose text must not be sent to one.
var noModelAnalysis = map[string]bool{
	"safety": true, "legal": true, "threat": true, "self_harm": true,
	"abuse": true, "harassment": true, "discrimination": true, "guard": true,
}

// analyze has the resident FAQ model write a briefing for the person
// taking over; ok is false when the policy, the case or Ollama says no,
// and the ticket then carries the checked facts alone.
func (p *Pipeline) analyze(ctx context.Context, c handoff.Case) (string, Tokens, bool) {
	d := p.d
	if !d.Config.Escalation.ModelAnalysis || d.Model == nil || noModelAnalysis[c.Category] {
		return "", Tokens{}, false
	}
	for _, g := range c.Guard {
		if g.Flagged {
			return "", Tokens{}, false
		}
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), analysisTimeout)
	defer cancel()
	model := d.Config.Models.FAQ
	resp, err := d.Model.Chat(ctx, llm.ChatRequest{
		Model:     model,
		Messages:  []llm.Message{{Role: "user", Content: handoff.AnalysisPrompt(c)}},
		NumCtx:    p.windows.numCtx(ctx, model),
		KeepAlive: d.Config.Ollama.KeepAlive.D(),
	}, nil)
	text := strings.TrimSpace(resp.Message.Content)
	if err != nil || text == "" {
		d.Logger.Info("handoff analysis by model unavailable", "err", err)
		return "", Tokens{}, false
	}
	return text, Tokens{In: resp.PromptTokens, Out: resp.OutputTokens}, true
}

func (r *run) handoffCase(category, reason, draft string) handoff.Case {
	now := r.p.d.Now()
	var turns []handoff.Turn
	for _, h := range r.req.History {
		turns = append(turns, handoff.Turn{Role: h.Role, Text: h.Text})
	}
	turns = append(turns, handoff.Turn{Role: "customer", Text: r.req.Text, At: now})
	var calls []handoff.ToolCall
	for _, c := range r.ans.ToolCalls {
		calls = append(calls, handoff.ToolCall{Name: c.Name, Arguments: c.Arguments, Result: c.Result, Error: c.Error, Summary: c.Summary})
	}
	g := []handoff.GuardResult{guardResult("input", r.ans.Guard.Input)}
	if r.ans.Guard.Draft != nil {
		g = append(g, guardResult("draft", *r.ans.Guard.Draft))
	}
	return handoff.Case{
		Transcript:       turns,
		Intent:           r.ans.Intent,
		Confidence:       r.ans.Confidence,
		Category:         category,
		Reason:           reason,
		Route:            string(r.ans.Route),
		CustomerID:       r.req.CustomerID,
		Guard:            g,
		ToolCalls:        calls,
		Draft:            draft,
		Frustration:      r.ans.Frustration,
		PriorFrustration: r.req.PriorFrustration,
	}
}

func guardResult(stage string, v GuardVerdict) handoff.GuardResult {
	return handoff.GuardResult{Stage: stage, Flagged: v.Flagged, Categories: v.Categories, Score: v.Score, Layer: v.Layer}
}

// checkDraft runs the guard on the finished draft. A flagged draft is never
// shown: it goes to a person with the draft attached.
func (r *run) checkDraft(ctx context.Context) (blocked bool, err error) {
	d := r.p.d
	t := d.Now()
	v := d.Guard.CheckDraft(ctx, r.ans.Answer, r.identity)
	r.ans.Timings.Guard += ms(d.Now().Sub(t))
	gv := verdictOf(v)
	r.ans.Guard.Draft = &gv
	if !v.Flagged {
		return false, nil
	}
	r.ans.Flagged = true
	cat := topCategory(v)
	r.explain("guard: the draft was flagged (%s, score %.2f) and withheld", cat, v.Score)
	draft := r.ans.Answer
	return true, r.handToHuman(ctx, "guard", "guard flagged the draft reply: "+cat, draft)
}

func (r *run) emitDecision() {
	a := *r.ans
	r.onEvent(Event{Kind: EventDecision, Answer: &a})
}

func (r *run) emitText(s string) {
	if r.first.IsZero() {
		r.first = r.p.d.Now()
	}
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
func handoffCategory(guardCat string) string {
	switch guardCat {
	case "threat":
		return "threat"
	case "harassment", "sexual":
		return "abuse"
	case "hate":
		return "discrimination"
	case "self_harm":
		return "self_harm"
	default:
		return "guard"
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
