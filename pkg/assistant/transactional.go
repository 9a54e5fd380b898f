package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/tools"
)

// noAccountSystem is the honest reply when no account backend is wired in.
const noAccountSystem = "I'll need the café's account system for that, and it isn't connected here. A member of staff can look it up for you at the counter."

// transactional runs the tool model over tools bound to the session's
// verified customer. Without a customer it asks for the phone number.
func (r *run) transactional(ctx context.Context) error {
	d := r.p.d
	r.ans.Route = RouteTransactional
	if d.Backend == nil {
		r.explain("no account backend is configured: not inventing account data")
		return r.say(noAccountSystem)
	}
	if r.req.CustomerID == "" {
		r.explain("no customer is bound to the session: asking for the phone number instead of calling tools")
		r.ans.NeedCustomer = true
		return r.say(tools.AskForPhone)
	}
	model := d.Config.Models.Tools
	r.ans.Model = model
	tb := tools.New(d.Backend, r.req.CustomerID, tools.RulesFrom(d.Config), d.Now).WithLogger(d.Logger)

	var history []llm.Message
	for _, h := range fitHistory(r.req.History, 1024) {
		role := "user"
		if h.Role == "assistant" {
			role = "assistant"
		}
		history = append(history, llm.Message{Role: role, Content: h.Text})
	}
	history = append(history, llm.Message{Role: "user", Content: r.req.Text})

	r.emitDecision()
	r.status("checking the account")
	ds := r.newDraftStream()
	res, err := tools.Run(ctx, tools.LoopOptions{
		Chat:      d.Model,
		Model:     model,
		NumCtx:    r.p.windows.numCtx(ctx, model),
		KeepAlive: d.Config.Ollama.KeepAlive.D(),
		System:    r.p.prompts.tools,
		Toolbox:   tb,
		MaxRounds: 4,
	}, history, ds.token)
	r.ans.Tokens.In += res.PromptTokens
	r.ans.Tokens.Out += res.OutputTokens
	var notes []string
	for _, c := range res.Calls {
		rep := ToolCallReport{Name: c.Name, Arguments: c.Arguments, Result: c.Output, Error: c.Error, Summary: c.Summary}
		r.ans.ToolCalls = append(r.ans.ToolCalls, rep)
		r.onEvent(Event{Kind: EventToolCall, ToolCall: &rep})
		notes = append(notes, toolNote(rep))
	}
	if res.Deterministic {
		r.explain("the tool model %s did not produce usable calls: answered on the deterministic path (%d tool calls)", model, len(res.Calls))
	} else {
		r.explain("tool loop: %d rounds, %d tool calls", res.Rounds, len(res.Calls))
	}
	if errors.Is(err, errDraftWithheld) {
		r.ans.Answer = res.Reply
		_, herr := r.checkDraft(ctx)
		return herr
	}
	if ctx.Err() != nil {
		r.ans.Answer = res.Reply
		r.ans.Notice = "generation cancelled"
		return ctx.Err()
	}
	if err != nil {
		r.explain("tool loop failed: %v", err)
		return r.toolHandoff(ctx, "tool_failure", "the account tools could not finish: "+err.Error(), notes)
	}
	r.ans.Answer = strings.TrimSpace(res.Reply)
	if res.Handoff {
		category := "tool_failure"
		if strings.Contains(strings.ToLower(res.HandoffReason), "manager") {
			category = "manager_approval"
		}
		if r.ans.Answer != "" {
			if blocked, herr := r.checkDraft(ctx); blocked || herr != nil {
				return herr
			}
			ds.flush()
		}
		return r.toolHandoff(ctx, category, res.HandoffReason, notes)
	}
	if blocked, herr := r.checkDraft(ctx); blocked || herr != nil {
		return herr
	}
	ds.flush()
	return nil
}

// toolHandoff ends a transactional run that needs a person: a manager's
// approval or a tool failure. The policy may let the large model write the
// reply first; a ticket is filed either way because a person must act.
func (r *run) toolHandoff(ctx context.Context, category, reason string, notes []string) error {
	d := r.p.d
	r.ans.Escalated = true
	if category == "tool_failure" && slices.Contains(d.Config.Escalation.ToModel, category) && r.ans.Answer == "" {
		if err := r.escalationModel(ctx, category, notes); err != nil {
			return err
		}
		if r.ans.HandoffID != 0 {
			return nil
		}
	}
	t, ok := r.ticket(ctx, category, reason, "")
	if !ok {
		return nil
	}
	line := fmt.Sprintf("A member of staff will follow up on this; your ticket number is %s.", t.Number())
	if r.ans.Answer == tools.HandoffReply {
		// The loop already said a person will follow up: add the number only.
		line = fmt.Sprintf("Your ticket number is %s.", t.Number())
	}
	if r.ans.Answer == "" {
		r.ans.Answer = line
	} else {
		r.ans.Answer += "\n\n" + line
	}
	r.emitText("\n\n" + line)
	return nil
}

func toolNote(c ToolCallReport) string {
	if c.Error != "" {
		return fmt.Sprintf("- %s failed: %s", c.Name, c.Error)
	}
	b, _ := json.Marshal(c.Result)
	return fmt.Sprintf("- %s: %s", c.Name, b)
}
