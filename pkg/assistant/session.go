package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// Customer is the verified customer a session acts for.
type Customer struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// Session is one conversation: it keeps the history, the bound customer,
// the frustration trend and a request waiting for the customer's phone
// number, and saves every turn when a conversation store is given.
type Session struct {
	p        *Pipeline
	store    *conversation.Store
	location string
	strategy Strategy

	id          int64
	customer    *Customer
	history     []Turn
	frustration []float64
	// pending is the message that needed a verified customer; it runs again
	// once the customer gives a phone number that matches an account.
	pending string
	last    *Answer
}

// SessionOptions configure a Session.
type SessionOptions struct {
	// Store saves the conversation; nil keeps it in memory only.
	Store    *conversation.Store
	Location string
	Strategy Strategy
}

// NewSession starts a conversation over p.
func NewSession(p *Pipeline, opt SessionOptions) *Session {
	return &Session{p: p, store: opt.Store, location: opt.Location, strategy: opt.Strategy}
}

// Resume loads a saved conversation into a new session.
func Resume(ctx context.Context, p *Pipeline, opt SessionOptions, id int64) (*Session, error) {
	if opt.Store == nil {
		return nil, errors.New("resume: no conversation store")
	}
	conv, err := opt.Store.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("resume conversation %d: %w", id, err)
	}
	s := NewSession(p, opt)
	s.id = conv.ID
	for _, m := range conv.Messages {
		if m.Role == "customer" || m.Role == "assistant" {
			s.history = append(s.history, Turn{Role: m.Role, Text: m.Text})
		}
	}
	if conv.CustomerID != "" {
		if _, err := s.BindCustomer(ctx, conv.CustomerID); err != nil {
			return nil, fmt.Errorf("resume conversation %d: %w", id, err)
		}
	}
	return s, nil
}

// ID returns the saved conversation's id (0 until the first message, or
// when nothing is saved).
func (s *Session) ID() int64 { return s.id }

// History returns the turns so far, oldest first.
func (s *Session) History() []Turn { return append([]Turn(nil), s.history...) }

// Customer returns the bound customer, if any.
func (s *Session) Customer() (Customer, bool) {
	if s.customer == nil {
		return Customer{}, false
	}
	return *s.customer, true
}

// Last returns the last answer, if any.
func (s *Session) Last() (Answer, bool) {
	if s.last == nil {
		return Answer{}, false
	}
	return *s.last, true
}

// BindCustomer binds the session to the customer with that id or phone.
// The model never chooses the customer: only staff (or the customer's own
// phone number in reply to the bot's question) do.
func (s *Session) BindCustomer(ctx context.Context, idOrPhone string) (Customer, error) {
	b := s.p.d.Backend
	if b == nil {
		return Customer{}, errors.New("no account backend is configured")
	}
	c, err := b.FindCustomer(ctx, strings.TrimSpace(idOrPhone))
	if err != nil {
		if errors.Is(err, backend.ErrNotFound) {
			return Customer{}, fmt.Errorf("no customer with id or phone %q", idOrPhone)
		}
		return Customer{}, fmt.Errorf("look up customer: %w", err)
	}
	s.customer = &Customer{ID: c.ID, Name: c.Name, Phone: c.Phone}
	if s.store != nil && s.id != 0 {
		if err := s.store.SetCustomer(ctx, s.id, c.ID); err != nil {
			return *s.customer, fmt.Errorf("save conversation: %w", err)
		}
	}
	return *s.customer, nil
}

// Reset starts a new conversation with no customer.
func (s *Session) Reset(context.Context) error {
	s.id, s.customer, s.history, s.frustration, s.pending, s.last = 0, nil, nil, nil, "", nil
	return nil
}

// Send runs one customer message. When the bot has asked for a phone number
// and this message carries one that matches an account, the customer is
// bound and the waiting request runs instead.
func (s *Session) Send(ctx context.Context, text string, onEvent func(Event)) (Answer, error) {
	text = strings.TrimSpace(text)
	ask := text
	var bound string
	if s.customer == nil && s.pending != "" {
		if ref := accountRef(text); ref != "" {
			c, err := s.BindCustomer(ctx, ref)
			if err != nil {
				return s.noAccount(ctx, text, ref, onEvent)
			}
			bound = fmt.Sprintf("Thanks, %s — I've found your account.", firstName(c.Name))
			ask = s.pending
			s.pending = ""
		}
	}
	req := Request{Text: ask, History: s.history, Location: s.location, Strategy: s.strategy, PriorFrustration: s.frustration}
	if s.customer != nil {
		req.CustomerID = s.customer.ID
	}
	if bound != "" && onEvent != nil {
		onEvent(Event{Kind: EventToken, Text: bound + "\n\n"})
	}
	ans, err := s.p.Ask(ctx, req, onEvent)
	if bound != "" {
		ans.Question = text
		ans.Answer = bound + "\n\n" + ans.Answer
		ans.Explanation = append([]string{"session: the customer's phone number matched an account; the waiting request ran"}, ans.Explanation...)
	}
	if ans.NeedCustomer {
		s.pending = ask
	}
	s.frustration = append(s.frustration, ans.Frustration)
	s.history = append(s.history, Turn{Role: "customer", Text: text}, Turn{Role: "assistant", Text: ans.Answer})
	s.last = &ans
	if serr := s.save(ctx, text, ans); serr != nil && err == nil {
		err = serr
	}
	return ans, err
}

// noAccount answers a phone number or id that matches no account; the
// waiting request stays pending so a corrected number still continues it.
func (s *Session) noAccount(ctx context.Context, text, ref string, onEvent func(Event)) (Answer, error) {
	ans := Answer{
		Question: text, Intent: "transactional", Route: RouteTransactional, NeedCustomer: true,
		Sources: []Source{}, ToolCalls: []ToolCallReport{}, Cues: []string{},
		Answer:      fmt.Sprintf("I couldn't find an account with %s. Could you check the number, or ask a member of staff to look you up?", ref),
		Explanation: []string{"session: " + ref + " matches no account; the waiting request stays pending"},
	}
	if onEvent != nil {
		onEvent(Event{Kind: EventToken, Text: ans.Answer})
	}
	s.history = append(s.history, Turn{Role: "customer", Text: text}, Turn{Role: "assistant", Text: ans.Answer})
	s.last = &ans
	return ans, s.save(ctx, text, ans)
}

// save appends the turn to the conversation store; it survives a cancelled
// request so the transcript keeps what the customer saw.
func (s *Session) save(ctx context.Context, text string, ans Answer) error {
	if s.store == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	if s.id == 0 {
		cid := ""
		if s.customer != nil {
			cid = s.customer.ID
		}
		conv, err := s.store.Start(ctx, cid)
		if err != nil {
			return fmt.Errorf("save conversation: %w", err)
		}
		s.id = conv.ID
	}
	meta, _ := json.Marshal(struct {
		Intent    string   `json:"intent"`
		Route     Route    `json:"route"`
		Model     string   `json:"model"`
		Sources   []Source `json:"sources"`
		HandoffID int64    `json:"handoff_id,omitempty"`
	}{ans.Intent, ans.Route, ans.Model, ans.Sources, ans.HandoffID})
	now := s.p.d.Now()
	if err := s.store.Append(ctx, s.id, conversation.Message{Role: "customer", Text: text, At: now}); err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	if err := s.store.Append(ctx, s.id, conversation.Message{Role: "assistant", Text: ans.Answer, At: now, Meta: meta}); err != nil {
		return fmt.Errorf("save conversation: %w", err)
	}
	return nil
}

// Handoff hands the conversation to a person now, at staff's request, and
// returns the ticket number.
func (s *Session) Handoff(ctx context.Context, reason string) (string, error) {
	q := s.p.d.Handoffs
	if q == nil {
		return "", errors.New("no handoff queue is configured")
	}
	if strings.TrimSpace(reason) == "" {
		reason = "staff asked for a person to take over"
	}
	c := handoff.Case{Category: "staff_request", Reason: reason, PriorFrustration: s.frustration}
	if n := len(s.frustration); n > 0 {
		c.Frustration = s.frustration[n-1]
	}
	for _, h := range s.history {
		c.Transcript = append(c.Transcript, handoff.Turn{Role: h.Role, Text: h.Text})
	}
	if s.customer != nil {
		c.CustomerID = s.customer.ID
	}
	if s.last != nil {
		c.Intent, c.Confidence, c.Route = s.last.Intent, s.last.Confidence, string(s.last.Route)
		for _, tc := range s.last.ToolCalls {
			c.ToolCalls = append(c.ToolCalls, handoff.ToolCall{Name: tc.Name, Arguments: tc.Arguments, Result: tc.Result, Error: tc.Error, Summary: tc.Summary})
		}
	}
	t := c.Ticket()
	if text, _, ok := s.p.analyze(ctx, c); ok {
		t.Analysis = text + "\n\nChecked facts: " + t.Analysis
	}
	t, err := q.Create(context.WithoutCancel(ctx), t)
	if err != nil {
		return "", fmt.Errorf("hand off: %w", err)
	}
	return t.Number(), nil
}

var (
	phoneRe = regexp.MustCompile(`\+?\d[\d\s().-]{6,}\d`)
	idRe    = regexp.MustCompile(`\b[Cc]\d{3,}\b`)
)

// accountRef finds a phone number or customer id in a message.
func accountRef(text string) string {
	if m := idRe.FindString(text); m != "" {
		return strings.ToUpper(m)
	}
	return strings.TrimSpace(phoneRe.FindString(text))
}

func firstName(name string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(name), " ")
	if f == "" {
		return "there"
	}
	return f
}
