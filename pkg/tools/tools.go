// Package tools gives the tool-calling model the account actions of one
// verified customer (loyalty, orders, refunds, catering) and runs the model
// loop around them. The customer is fixed by the session when the Toolbox
// is made: no tool takes a customer argument, every object a call names is
// checked to belong to that customer, and every call is written to the
// backend's audit log.
package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

// Rules are the business rules the tools enforce.
type Rules struct {
	Refunds  config.Refunds
	Loyalty  config.Loyalty
	Catering config.Catering
	// Tools bounds the model loop (calls per round, rounds).
	Tools config.Tools
	// Security lists the writes that need a second factor.
	Security config.Security
}

// RulesFrom returns the rules of a configuration.
func RulesFrom(c config.Config) Rules {
	return Rules{Refunds: c.Refunds, Loyalty: c.Loyalty, Catering: c.Catering, Tools: c.Tools, Security: c.Security}
}

// The machine-readable codes a failed Result may carry in Result.Code, so
// callers branch on a value instead of the wording of Result.Error.
const (
	// CodeNeedsVerification: the call is an account write that needs a
	// second factor (see Toolbox.WithSecondFactor) and the session has not
	// given one. Nothing was written.
	CodeNeedsVerification = "needs_verification"
	// CodeVerificationLocked: as CodeNeedsVerification, but too many wrong
	// answers were given recently; the customer should ask a staff member.
	CodeVerificationLocked = "verification_locked"
	// CodeCallLimit: the call was not run because the model made more
	// calls in one round than tools.max_calls_per_round allows.
	CodeCallLimit = "call_limit"
)

// Result is one executed tool call and its outcome.
type Result struct {
	Name      string         `json:"name"`
	Arguments map[string]any `json:"arguments"`
	// Output is the JSON-able result the model turns into a reply; nil
	// when the call failed.
	Output any `json:"output,omitempty"`
	// Error is a customer-safe explanation of why the call failed.
	Error string `json:"error,omitempty"`
	// Summary is a short human line ("credited 40 points").
	Summary string `json:"summary,omitempty"`
	// Handoff asks for a person (a refund above the manager threshold, a
	// store failure), with the reason for staff.
	Handoff       bool   `json:"handoff,omitempty"`
	HandoffReason string `json:"handoff_reason,omitempty"`
	// Refused marks a call that named another customer or their objects.
	Refused bool `json:"refused,omitempty"`
	// Invalid marks a malformed call: unknown tool or bad arguments.
	Invalid bool `json:"invalid,omitempty"`
	// Code is one of the Code constants when the failure is one callers
	// act on (a second factor to ask for, a skipped call), else "".
	Code string `json:"code,omitempty"`
}

// OK reports whether the call succeeded.
func (r Result) OK() bool { return r.Error == "" }

// Toolbox is the set of tools bound to one session's customer. It is safe
// for concurrent use.
type Toolbox struct {
	b          backend.Backend
	customerID string
	rules      Rules
	now        func() time.Time
	session    string
	log        *slog.Logger

	// factor is which writes need a second factor; verified says the
	// session has given one.
	factor   map[string]bool
	verified bool
	// offer is the tools the model is offered (WithTools); nil is all.
	offer map[string]bool

	mu   sync.Mutex
	cust *backend.Customer
}

// New returns the tools of the customer the session verified; customerID
// "" means nobody is verified yet, and Run then asks for a phone number.
// A nil now means time.Now.
func New(b backend.Backend, customerID string, rules Rules, now func() time.Time) *Toolbox {
	if now == nil {
		now = time.Now
	}
	t := &Toolbox{b: b, customerID: strings.TrimSpace(customerID), rules: rules, now: now, log: slog.New(slog.DiscardHandler)}
	t.factor = map[string]bool{}
	for _, a := range rules.Security.SecondFactor {
		t.factor[a] = true
	}
	return t
}

// WithSession sets the session id written to the audit log and returns t.
func (t *Toolbox) WithSession(id string) *Toolbox {
	t.session = id
	return t
}

// WithLogger sets where audit-log failures are reported and returns t.
func (t *Toolbox) WithLogger(l *slog.Logger) *Toolbox {
	if l != nil {
		t.log = l
	}
	return t
}

// CustomerID returns the bound customer's id, "" when none.
func (t *Toolbox) CustomerID() string { return t.customerID }

// customer returns the bound customer, loaded once.
func (t *Toolbox) customer(ctx context.Context) (backend.Customer, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cust != nil {
		return *t.cust, nil
	}
	c, err := t.b.FindCustomer(ctx, t.customerID)
	if err != nil {
		return c, err
	}
	t.cust = &c
	return c, nil
}

// Definitions returns the tools the model is offered (all of them, or
// those WithTools chose), in a fixed order so the prompt is byte-identical
// for every request that offers the same tools.
func (t *Toolbox) Definitions() []llm.Tool {
	names := t.offeredNames()
	out := make([]llm.Tool, 0, len(names))
	for _, name := range names {
		out = append(out, specs[name].def)
	}
	return out
}

// toolError is a failure the customer may hear about.
type toolError struct {
	msg     string
	refused bool
}

func (e *toolError) Error() string { return e.msg }

func userErr(format string, a ...any) error { return &toolError{msg: fmt.Sprintf(format, a...)} }

func refuse(msg string) error { return &toolError{msg: msg, refused: true} }

// outcome is what a tool handler returns on success.
type outcome struct {
	output  any
	summary string
	handoff string // non-empty asks for a person, with this reason
}

// spec is one tool: its definition, argument rules and handler.
type spec struct {
	def   llm.Tool
	rules map[string]paramRule
	run   func(t *Toolbox, ctx context.Context, a args) (outcome, error)
}

// The neutral refusals. They read the same whether the object is someone
// else's or does not exist, so a probe learns nothing.
const (
	notYourOrder    = "that order is not on this account"
	notYourRefund   = "that refund is not on this account"
	notYourCatering = "that catering order is not on this account"
	notYourAccount  = "this conversation can only use the account it was verified for"
	storeFailure    = "the account system could not complete this request right now"
)

// identityArgs are argument names that try to choose the customer.
var identityArgs = []string{
	"customer_id", "customer", "customerid", "client_id", "phone", "phone_number", "telephone", "mobile",
	"email", "email_address", "account", "account_id", "account_number", "user_id", "user", "member_id",
	"loyalty_id", "customer_name", "name", "card_number",
}

func normKey(k string) string {
	k = strings.ToLower(strings.TrimSpace(k))
	k = strings.NewReplacer("-", "_", " ", "_").Replace(k)
	return k
}

// Call runs one tool call for the bound customer and writes it to the
// audit log. It never panics on model input: problems come back in
// Result.Error, with Invalid or Refused set.
func (t *Toolbox) Call(ctx context.Context, call llm.ToolCall) Result {
	// The arguments kept in the Result (printed by ask --json, written to
	// the audit log) are masked and capped; the handlers see the originals.
	res := Result{Name: capText(call.Name, maxNameBytes), Arguments: t.maskedArgs(ctx, call.Arguments)}
	var internal error
	res, internal = t.call(ctx, call, res)
	t.audit(ctx, res, internal)
	return res
}

func (t *Toolbox) call(ctx context.Context, call llm.ToolCall, res Result) (Result, error) {
	if t.customerID == "" {
		res.Error = "no verified customer is linked to this conversation yet"
		return res, nil
	}
	sp, ok := specs[call.Name]
	if !ok {
		res.Invalid = true
		res.Error = fmt.Sprintf("unknown tool %q; the tools are %s", res.Name, strings.Join(t.offeredNames(), ", "))
		return res, nil
	}
	// The second factor is checked before the arguments are even read, so
	// no argument ("verified": true, a code, a card number) can stand in
	// for it.
	if code, msg := t.factorGate(ctx, call.Name); code != "" {
		res.Code, res.Error = code, msg
		return res, nil
	}
	if err := t.checkIdentity(ctx, call.Arguments); err != nil {
		var te *toolError
		if errors.As(err, &te) {
			res.Error, res.Refused, res.Invalid = te.msg, te.refused, !te.refused
			return res, nil
		}
		return t.failed(res, err)
	}
	a, err := validateArgs(sp.def, sp.rules, call.Arguments)
	if err != nil {
		res.Invalid = true
		res.Error = err.Error()
		return res, nil
	}
	out, err := sp.run(t, ctx, a)
	if err != nil {
		var te *toolError
		if errors.As(err, &te) {
			res.Error, res.Refused = te.msg, te.refused
			return res, nil
		}
		return t.failed(res, err)
	}
	res.Output, res.Summary = out.output, out.summary
	if out.handoff != "" {
		res.Handoff, res.HandoffReason = true, out.handoff
	}
	return res, nil
}

// failed turns a store error into a customer-safe result and a handoff.
func (t *Toolbox) failed(res Result, err error) (Result, error) {
	res.Error = storeFailure
	res.Handoff = true
	res.HandoffReason = fmt.Sprintf("tool_failure: %s: %v", res.Name, err)
	return res, err
}

// checkIdentity refuses arguments that name a customer: naming this
// customer is a harmless mistake (an invalid call the model can fix),
// naming anyone else is refused.
func (t *Toolbox) checkIdentity(ctx context.Context, raw map[string]any) error {
	var named []string
	for k, v := range raw {
		if slices.Contains(identityArgs, normKey(k)) {
			named = append(named, fmt.Sprint(v))
		}
	}
	if len(named) == 0 {
		return nil
	}
	c, err := t.customer(ctx)
	if err != nil {
		return err
	}
	for _, v := range named {
		if !isSelf(c, v) || isCardNumber(v) {
			return refuse(notYourAccount)
		}
	}
	return &toolError{msg: "leave out customer, phone and email arguments: the tools already act on the verified customer's account"}
}

func isSelf(c backend.Customer, v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "":
		return true
	case strings.EqualFold(v, c.ID), strings.EqualFold(v, c.Email), strings.EqualFold(v, c.Name), strings.EqualFold(v, c.FirstName()):
		return true
	}
	d := backend.NormalizePhone(v)
	return len(d) >= 7 && d == backend.NormalizePhone(c.Phone)
}

// audit writes the call to the log; a failure is logged, not returned,
// since the action (if any) has already happened.
func (t *Toolbox) audit(ctx context.Context, res Result, internal error) {
	argJSON, err := json.Marshal(res.Arguments)
	if err != nil {
		argJSON = []byte(fmt.Sprintf("%q", capText(fmt.Sprint(res.Arguments), maxArgsBytes)))
	}
	var resultJSON []byte
	if res.OK() {
		resultJSON, err = json.Marshal(res.Output)
	} else {
		resultJSON, err = json.Marshal(map[string]string{"error": res.Error})
	}
	if err != nil {
		resultJSON = []byte(`null`)
	}
	errText := res.Error
	if internal != nil {
		errText = internal.Error()
	}
	// The store masks too; masking here keeps the customer's own contacts
	// and covers any Backend.
	keep := t.keep(ctx)
	argJSON, resultJSON, errText = keep.JSON(argJSON), keep.JSON(resultJSON), keep.Text(errText)
	e := backend.AuditEntry{
		Session: t.session, CustomerID: t.customerID, At: t.now(), Tool: res.Name,
		Arguments: string(argJSON), Result: string(resultJSON), Error: errText, Refused: res.Refused,
	}
	// The audit must be written even when the caller's context has just
	// been cancelled, or an applied action would go unrecorded.
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := t.b.RecordAudit(actx, e); err != nil {
		t.log.Error("audit log write failed", "tool", res.Name, "customer", t.customerID, "err", err)
	}
}

// fmtTime writes a time for the model in the café's local time.
func (t *Toolbox) fmtTime(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	return tm.In(t.now().Location()).Format("2006-01-02 15:04")
}
