package tools

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
)

// Which tools a request is offered. Every tool's JSON schema is prompt
// text the model must read before its first word (prefill: roughly 50-200
// tokens/s for a 3B model on a café's CPU), and the ten of them were about
// three quarters of a transactional prompt. The gate's sub-intent already
// says what the request is about, so the model is offered only the one to
// three tools that sub-intent can need.

// subIntentTools are the tools of each transactional sub-intent of
// pkg/gate/subintents.yaml, in Definitions order (the order the model
// sees them in).
var subIntentTools = map[string][]string{
	"balance":      {"get_loyalty_balance", "get_loyalty_history", "credit_missing_points"},
	"history":      {"get_loyalty_history", "list_recent_orders", "get_order"},
	"refund":       {"list_recent_orders", "create_refund_request", "get_refund_status"},
	"catering":     {"list_catering_orders", "submit_catering_order", "cancel_catering_order"},
	"order_status": {"list_recent_orders", "get_order"},
	"order":        {"list_recent_orders", "get_order", "get_refund_status"},
}

// lookupTools are offered when the sub-intent names no tool set (none was
// clear, or it is one no tool serves, such as account or booking): every
// read-only look-up and no write, so a request nobody foresaw can still be
// answered from the account, and nothing is changed on a guess.
// get_order is left out: list_recent_orders covers an order question well
// enough to ask a follow-up, and a look-up not offered still runs.
var lookupTools = []string{"get_loyalty_balance", "list_recent_orders", "get_refund_status", "list_catering_orders"}

// ToolsFor returns the names of the tools offered for a transactional
// request of the given gate sub-intent: its own one to three tools, or the
// read-only look-ups when the sub-intent has none. It never returns an
// empty list.
func ToolsFor(sub string) []string {
	if names, ok := subIntentTools[strings.ToLower(strings.TrimSpace(sub))]; ok {
		return slices.Clone(names)
	}
	return slices.Clone(lookupTools)
}

// WithTools limits the tools the model is offered (Definitions) and may
// call (Run) to names, in Definitions order, and returns t. Unknown names
// are ignored; an empty list, or one of unknown names only, leaves every
// tool offered. A model's call to a write that is not offered is answered
// as a malformed call (see callOffered). The deterministic path is not
// limited: it picks its tool from the customer's words itself.
func (t *Toolbox) WithTools(names []string) *Toolbox {
	offer := map[string]bool{}
	for _, n := range names {
		if _, ok := specs[n]; ok {
			offer[n] = true
		}
	}
	if len(offer) == 0 {
		offer = nil
	}
	t.offer = offer
	return t
}

// offered reports whether the model may call the tool name.
func (t *Toolbox) offered(name string) bool { return t.offer == nil || t.offer[name] }

// offeredNames returns the offered tools in Definitions order.
func (t *Toolbox) offeredNames() []string {
	var out []string
	for _, n := range toolOrder {
		if t.offered(n) {
			out = append(out, n)
		}
	}
	return out
}

// writeTools change the account; the others only read it.
var writeTools = map[string]bool{
	"credit_missing_points": true, "create_refund_request": true,
	"submit_catering_order": true, "cancel_catering_order": true,
}

// callOffered is Call for the model's calls. A look-up that was not
// offered still runs: it reads only this customer's account, and a
// request about two things ("my points and my refund") needs it. A write
// that was not offered is refused as a malformed call (and audited),
// naming the offered tools, so nothing changes on a tool the request did
// not call for.
func (t *Toolbox) callOffered(ctx context.Context, call llm.ToolCall) Result {
	if !writeTools[call.Name] || t.offered(call.Name) || t.customerID == "" {
		return t.Call(ctx, call)
	}
	res := Result{Name: call.Name, Arguments: t.maskedArgs(ctx, call.Arguments), Invalid: true,
		Error: fmt.Sprintf("tool %q is not offered for this request; the tools are %s", call.Name, strings.Join(t.offeredNames(), ", "))}
	t.audit(ctx, res, nil)
	return res
}
