package assistant

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/sentiment"
	"github.com/cafebot/cafebot/pkg/tools"
)

// staffWillTakeOver is the reply when a person must take over and no
// ticket could be filed.
const staffWillTakeOver = "A member of our staff will take over this conversation shortly."

// finish is the one step that turns a route's draft into the Answer: it
// guards the draft, checks a reply that speaks for the account against
// this turn's tool results, files the ticket a handoff needs (first, so
// nothing is lost), brings in staff when frustration rises, and then
// builds the answer and shows the customer what they have not seen yet.
// The model's briefing for staff is added to the ticket last.
func (r *run) finish(ctx context.Context, d draft) error {
	cfg := r.p.d.Config
	text := strings.TrimSpace(d.Text)
	flagged := r.ans.Flagged

	// 1. The draft guard: a flagged draft is never shown.
	guardCat := ""
	if !d.Fixed && text != "" && !d.Withheld {
		t := r.p.d.Now()
		v := r.p.d.Guard.CheckDraft(ctx, text, r.identity)
		r.ans.Timings.Guard += ms(r.p.d.Now().Sub(t))
		gv := verdictOf(v)
		r.ans.Guard.Draft = &gv
		if v.Flagged {
			d.Withheld, guardCat = true, topCategory(v)
		}
	}
	if d.Withheld {
		flagged = true
		if guardCat == "" && r.ans.Guard.Draft != nil {
			guardCat = topVerdictCategory(*r.ans.Guard.Draft)
		}
		r.explain("guard: the draft was flagged (%s) and withheld", orUnknown(guardCat))
		d.Handoff = &handoffRequest{Category: CategoryGuard, Reason: "guard flagged the draft reply: " + orUnknown(guardCat), Draft: text}
		d.Route, d.Model, d.Escalated, text = RouteHandoff, "", true, ""
	}

	// 2. A reply that speaks for the account states only what this turn's
	// tools returned, and claims only what they did.
	if !d.Fixed && text != "" && (d.Route == RouteTransactional || len(d.Calls) > 0) {
		f := newFacts(d.Calls, r.customer, cfg, r.p.d.Now())
		if probs := f.problems(text); len(probs) > 0 {
			r.explain("reply check: %s not backed by this turn's tool results; the reply was replaced by one built from them", strings.Join(probs, ", "))
			text = honestReply(d.Calls)
			d.Deterministic = true
		}
	}

	// 3. Never an empty answer: no usable reply is a case for a person.
	if text == "" && d.Handoff == nil {
		r.explain("no usable reply was produced: a person takes over")
		d.Handoff = &handoffRequest{Category: CategoryNoReply, Reason: "no usable reply was produced for the customer's message"}
		d.Escalated = true
	}

	// 4. The ticket, before anything else can go wrong.
	var filed *handoff.Ticket
	var brief handoff.Case
	if d.Handoff != nil {
		d.Escalated = true
		brief = r.handoffCase(d)
		t, ok := r.ticket(ctx, brief)
		if ok {
			filed = &t
		}
		text = handoffReply(*d.Handoff, text, filed, cfg.Guard.CrisisLine)
	}

	// 5. A rising frustration trend brings in a person before the customer
	// has to ask, without holding back the answer.
	if d.Handoff == nil && !d.Escalated && sentiment.Rising(r.req.PriorFrustration, r.ans.Frustration, cfg.Guard.FrustrationEscalate) {
		r.explain("frustration %.2f is rising across the conversation: a staff member is alerted", r.ans.Frustration)
		d.Handoff = &handoffRequest{Category: CategoryFrustration, Reason: "customer frustration rising"}
		d.Escalated = true
		brief = r.handoffCase(d)
		brief.Draft = text
		if t, ok := r.ticket(ctx, brief); ok {
			filed = &t
			text += "\n\nI've also asked a member of our team to check in with you (ticket " + t.Number() + ")."
		}
	}

	// 6. The answer, built once.
	a := r.ans
	a.Route, a.Model, a.Sources = d.Route, d.Model, d.Sources
	if a.Sources == nil {
		a.Sources = []Source{}
	}
	a.ToolCalls = reports(d.Calls)
	a.Fallback, a.Escalated, a.Flagged, a.NeedCustomer = d.Fallback, d.Escalated, flagged, d.NeedCustomer
	a.NeedVerification = d.NeedVerification
	if d.Notice != "" {
		// The route's notice (a retrieval-only answer, a model cut short)
		// says more than the index's.
		a.Notice = d.Notice
	}
	if d.Handoff != nil {
		a.HandoffCategory = string(d.Handoff.Category)
	}
	if filed != nil {
		a.HandoffID, a.HandoffReason = filed.ID, filed.Reason
	}
	a.Answer = r.show(text)

	// 7. The model's briefing for staff, added to the ticket when it comes;
	// the ticket already stands on the checked facts.
	if filed != nil && !flagged {
		r.brief(ctx, filed.ID, brief)
	}
	return nil
}

// handoffReply is what the customer is told when a person takes over: the
// route's reply (if any) and the ticket number; a self-harm signal always
// gets the caring reply with the crisis line.
func handoffReply(h handoffRequest, text string, t *handoff.Ticket, crisisLine string) string {
	cat := h.Category
	if cat == CategorySelfHarm {
		if h.AboutSomeoneElse {
			return caringReplyForOther(crisisLine, t)
		}
		return caringReply(crisisLine, t)
	}
	switch {
	case t == nil && text == "":
		return staffWillTakeOver
	case t == nil:
		return text + "\n\n" + staffWillTakeOver
	case text == "":
		return handoff.CustomerMessage(*t)
	case cat == CategoryManagerApproval:
		return text + "\n\nA manager will review it; your ticket number is " + t.Number() + "."
	default:
		return text + "\n\nA member of staff will follow up on this; your ticket number is " + t.Number() + "."
	}
}

// caringReply is the reply to any self-harm signal: care, the crisis line
// from the configuration, and the ticket number when there is one.
func caringReply(crisisLine string, t *handoff.Ticket) string {
	return withCrisisLine("I'm really sorry you're feeling this way, and I'm glad you told us. You don't have to go through this alone. ",
		crisisLine, " A member of our team will also reach out to you personally.", t)
}

// caringReplyForOther is the caring reply to someone telling us another
// person is at risk of hurting themselves: what to do now, the crisis
// line, and that staff are coming to help.
func caringReplyForOther(crisisLine string, t *handoff.Ticket) string {
	return withCrisisLine("Thank you for telling us, and I'm really sorry this is happening. If they are in immediate danger, "+
		"call your local emergency number now, and stay with them if you can do so safely. ",
		crisisLine, " A member of our team has been alerted to help.", t)
}

// withCrisisLine puts the configured crisis line (or the emergency
// number when none is set) between a caring reply's two parts, and the
// ticket number after them.
func withCrisisLine(before, crisisLine, after string, t *handoff.Ticket) string {
	if strings.TrimSpace(crisisLine) == "" {
		crisisLine = "If you are in immediate danger, please call your local emergency number."
	}
	msg := before + strings.TrimSpace(crisisLine) + after
	if t != nil {
		msg += " Your ticket number is " + t.Number() + "."
	}
	return msg
}

// selfHarmSignal reports any self-harm score in a verdict, flagged or not:
// such a message always gets the caring reply and a person.
func selfHarmSignal(v guard.Verdict) bool { return v.Categories[guard.SelfHarm] > 0 }

// show sends the customer what they have not seen of the final text and
// returns the text the answer records. What was streamed is always a
// prefix of the answer: when the final text does not continue it (the
// guard stopped a draft after some sentences had passed), the final text
// follows it after a blank line.
func (r *run) show(final string) string {
	shown := strings.TrimLeft(r.shown.String(), " \n")
	switch {
	case r.shown.Len() == 0:
		r.emitText(final)
		return final
	case strings.HasPrefix(final, shown):
		r.emitText(final[len(shown):])
		return final
	default:
		r.emitText("\n\n" + final)
		return shown + "\n\n" + final
	}
}

func reports(calls []tools.Result) []ToolCallReport {
	out := make([]ToolCallReport, 0, len(calls))
	for _, c := range calls {
		out = append(out, report(c))
	}
	return out
}

func report(c tools.Result) ToolCallReport {
	return ToolCallReport{Name: c.Name, Arguments: c.Arguments, Result: c.Output, Error: c.Error, Summary: c.Summary}
}

// ticket files a handoff ticket with the checked facts; ok is false when
// no queue is configured or it failed (the failure is logged, the customer
// still gets the handoff message).
func (r *run) ticket(ctx context.Context, c handoff.Case) (handoff.Ticket, bool) {
	d := r.p.d
	if d.Handoffs == nil {
		r.explain("handoff: no queue configured, so no ticket was filed")
		return handoff.Ticket{}, false
	}
	t := c.Ticket()
	if c.Category == string(CategorySelfHarm) {
		t.Priority = handoff.PriorityUrgent
	}
	// A context that survives a cancelled request: a ticket that was
	// decided on must not be lost because the customer hit Esc.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ticketTimeout)
	defer cancel()
	t, err := d.Handoffs.Create(cctx, t)
	if err != nil {
		d.Logger.Error("handoff ticket", "err", err)
		r.explain("handoff: filing the ticket failed: %v", err)
		return t, false
	}
	r.explain("handoff: ticket %s (%s priority, %s)", t.Number(), t.Priority, c.Category)
	return t, true
}

// ticketTimeout bounds the ticket write, which must not hang a turn.
const ticketTimeout = 10 * time.Second

// brief has the model write the staff briefing and adds it to the
// ticket. It gives up when ctx ends (Ctrl-C returns at once) or after
// analysisTimeout; the ticket keeps the checked facts either way.
func (r *run) brief(ctx context.Context, id int64, c handoff.Case) {
	text, tokens, ok := r.p.analyze(ctx, c)
	if !ok {
		return
	}
	r.ans.Tokens.In += tokens.In
	r.ans.Tokens.Out += tokens.Out
	if err := r.p.addBriefing(ctx, id, text); err != nil {
		r.p.d.Logger.Error("handoff briefing", "ticket", id, "err", err)
		r.explain("handoff: adding the briefing failed: %v", err)
		return
	}
	r.explain("handoff: %s wrote the briefing for staff", r.p.d.Config.Models.FAQ)
}

func (p *Pipeline) addBriefing(ctx context.Context, id int64, text string) error {
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ticketTimeout)
	defer cancel()
	return p.d.Handoffs.AddBriefing(bctx, id, text)
}

// analysisTimeout bounds the model-written briefing: a person is waiting
// for the ticket, and the checked facts stand on their own.
const analysisTimeout = 20 * time.Second

// noModelAnalysis reports the cases whose ticket must not wait for a
// model, or whose text must not be sent to one: the table's sensitive
// categories and a blocked draft.
func noModelAnalysis(category string) bool {
	return handoff.IsSensitive(category) || handoff.Category(category) == handoff.Guard
}

// analyze has the resident FAQ model write a briefing for the person
// taking over; ok is false when the policy, the case, ctx or Ollama says
// no.
func (p *Pipeline) analyze(ctx context.Context, c handoff.Case) (string, Tokens, bool) {
	d := p.d
	if !d.Config.Escalation.ModelAnalysis || d.Model == nil || noModelAnalysis(c.Category) || ctx.Err() != nil {
		return "", Tokens{}, false
	}
	for _, g := range c.Guard {
		if g.Flagged {
			return "", Tokens{}, false
		}
	}
	ctx, cancel := context.WithTimeout(ctx, analysisTimeout)
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

// handoffCase is the story of this turn for staff: the conversation, the
// decision, the tool results and a withheld draft.
func (r *run) handoffCase(d draft) handoff.Case {
	now := r.p.d.Now()
	keep := r.keep()
	var turns []handoff.Turn
	for _, h := range r.req.History {
		turns = append(turns, handoff.Turn{Role: h.Role, Text: keep.text(h.Text)})
	}
	turns = append(turns, handoff.Turn{Role: "customer", Text: keep.text(r.req.Text), At: now})
	var calls []handoff.ToolCall
	for _, c := range d.Calls {
		calls = append(calls, handoff.ToolCall{Name: c.Name, Arguments: c.Arguments, Result: c.Output, Error: c.Error, Summary: c.Summary})
	}
	g := []handoff.GuardResult{guardResult("input", r.ans.Guard.Input)}
	if r.ans.Guard.Draft != nil {
		g = append(g, guardResult("draft", *r.ans.Guard.Draft))
	}
	c := handoff.Case{
		Transcript:       turns,
		Intent:           r.ans.Intent,
		Confidence:       r.ans.Confidence,
		Category:         string(d.Handoff.Category),
		Reason:           d.Handoff.Reason,
		Route:            string(d.Route),
		CustomerID:       r.req.CustomerID,
		Guard:            g,
		ToolCalls:        calls,
		Draft:            keep.text(d.Handoff.Draft),
		Frustration:      r.ans.Frustration,
		PriorFrustration: r.req.PriorFrustration,
	}
	return c
}

func topVerdictCategory(v GuardVerdict) string {
	best, bs := "", -1.0
	for c, s := range v.Categories {
		if s > bs || (s == bs && c < best) {
			best, bs = c, s
		}
	}
	return best
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// escalationPolicy says whether the policy sends category to the large
// model before a person.
func (p *Pipeline) escalationPolicy(category HandoffCategory) bool {
	c := string(category)
	return slices.Contains(p.d.Config.Escalation.ToModel, c) && !slices.Contains(p.d.Config.Escalation.ToHuman, c)
}
