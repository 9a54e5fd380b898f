package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/tools"
)

// noAccountSystem is the honest reply when no account backend is wired in.
const noAccountSystem = "I'll need the café's account system for that, and it isn't connected here. A member of staff can look it up for you at the counter."

// transactional runs the tool model over tools bound to the session's
// verified customer. Without a customer it asks for the phone number. The
// reply is held back until finish has checked it against the tool results,
// so a reply that claims what no tool did is never shown.
//
// sub is the gate's sub-intent: it picks the tools the model is offered
// (tools.ToolsFor), one to three for a known sub-intent and the read-only
// look-ups otherwise.
func (r *run) transactional(ctx context.Context, sub string) (draft, error) {
	d := r.p.d
	if d.Backend == nil {
		r.explain("no account backend is configured: not inventing account data")
		return r.decided(fixed(RouteTransactional, noAccountSystem)), nil
	}
	if r.req.CustomerID == "" {
		r.explain("no customer is bound to the session: asking for the phone number instead of calling tools")
		dr := fixed(RouteTransactional, tools.AskForPhone)
		dr.NeedCustomer = true
		return r.decided(dr), nil
	}
	model := d.Config.Models.Tools
	tb := tools.New(d.Backend, r.req.CustomerID, tools.RulesFrom(d.Config), d.Now).WithLogger(d.Logger).
		WithSecondFactor(nil, r.req.SecondFactorVerified).WithTools(tools.ToolsFor(sub))
	r.explain("tools offered for sub-intent %q: %s", sub, toolNames(tb.Definitions()))

	var history []llm.Message
	for _, h := range fitHistory(r.req.History, 1024) {
		role := "user"
		if h.Role == "assistant" {
			role = "assistant"
		}
		history = append(history, llm.Message{Role: role, Content: h.Text})
	}
	history = append(history, llm.Message{Role: "user", Content: r.req.Text})

	r.emitDecision(RouteTransactional, model)
	r.status("checking the account")
	res, err := tools.Run(ctx, tools.LoopOptions{
		Chat:      d.Model,
		Model:     model,
		NumCtx:    r.p.windows.numCtx(ctx, model),
		KeepAlive: d.Config.Ollama.KeepAlive.D(),
		System:    r.p.prompts.tools,
		Toolbox:   tb,
	}, history, nil)
	r.ans.Tokens.In += res.PromptTokens
	r.ans.Tokens.Out += res.OutputTokens
	for _, c := range res.Calls {
		rep := report(c)
		r.onEvent(Event{Kind: EventToolCall, ToolCall: &rep})
	}
	dr := draft{Route: RouteTransactional, Model: model, Text: res.Reply, Calls: res.Calls, Deterministic: res.Deterministic}
	if res.Deterministic {
		r.explain("the tool model %s did not produce usable calls: answered on the deterministic path (%d tool calls)", model, len(res.Calls))
	} else {
		r.explain("tool loop: %d rounds, %d tool calls", res.Rounds, len(res.Calls))
	}
	if ctx.Err() != nil {
		return dr, ctx.Err()
	}
	if code := factorCode(res.Calls); code != "" {
		// A write waits for the second factor: nothing was written, and the
		// session keeps the request until the customer answers.
		r.explain("a write needs the second factor (%s): asking for it; the request stays pending", code)
		v := fixed(RouteTransactional, askSecondFactor)
		if code == tools.CodeVerificationLocked {
			v = fixed(RouteTransactional, secondFactorLocked)
		} else {
			v.NeedVerification = true
		}
		v.Model, v.Calls = model, res.Calls
		return v, nil
	}
	if err != nil {
		r.explain("tool loop failed: %v", err)
		dr.Text = honestReply(res.Calls)
		dr.Fixed = true
		dr.Handoff = &handoffRequest{Category: CategoryToolFailure, Reason: "the account tools could not finish: " + err.Error()}
		return dr, nil
	}
	if !res.Handoff {
		return dr, nil
	}
	// Which person is needed follows from the calls' outcomes: a call that
	// succeeded but needs sign-off is a manager's approval; anything else is
	// a failure someone has to look at.
	cat := CategoryToolFailure
	for _, c := range res.Calls {
		if c.Handoff && c.OK() {
			cat = CategoryManagerApproval
		}
	}
	dr.Handoff = &handoffRequest{Category: cat, Reason: res.HandoffReason}
	if !answeredAny(res.Calls) {
		// Nothing reached a tool: the only news is the handoff itself.
		dr.Text = ""
		if cat == CategoryToolFailure && r.p.escalationPolicy(cat) {
			r.explain("the account tools could not answer: policy lets the large model %s reply first", d.Config.Models.Escalation)
			esc, err := r.escalationModel(ctx, cat, res.Calls)
			esc.Handoff = dr.Handoff
			return esc, err
		}
	}
	return dr, nil
}

// The replies around the second factor.
const (
	askSecondFactor    = "Before I make that change, one more check for your security: could you tell me the last four digits of the card on file, or the email address on your account?"
	secondFactorLocked = "I can't make that change here: it needs one more check, and too many answers were wrong. A member of staff at the counter can help you with it."
)

// factorCode returns the second-factor code a call was refused with, if
// any.
func factorCode(calls []tools.Result) string {
	for _, c := range calls {
		if c.Code == tools.CodeNeedsVerification || c.Code == tools.CodeVerificationLocked {
			return c.Code
		}
	}
	return ""
}

// answeredAny reports a call that reached a tool: a success, a refusal or
// a rule error, not a malformed call.
func answeredAny(calls []tools.Result) bool {
	for _, c := range calls {
		if !c.Invalid {
			return true
		}
	}
	return false
}

func toolNote(c ToolCallReport) string {
	if c.Error != "" {
		return fmt.Sprintf("- %s failed: %s", c.Name, c.Error)
	}
	b, _ := json.Marshal(c.Result)
	return fmt.Sprintf("- %s: %s", c.Name, b)
}

func toolNames(ts []llm.Tool) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}
