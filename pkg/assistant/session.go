package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/textnorm"
	"github.com/cafebot/cafebot/pkg/tools"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// ErrNoAccounts reports that the pipeline has no account store: none is
// configured, or its database could not be opened. Menu and policy answers
// still work; nothing about an account can be looked up or changed.
var ErrNoAccounts = errors.New("the account system is not available")

// Customer is the verified customer a session acts for.
type Customer struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email,omitempty"`
}

// Session is one conversation: it keeps the history, the bound customer,
// the frustration trend and a request waiting for the customer's phone
// number, and saves every turn when a conversation store is given.
type Session struct {
	p        *Pipeline
	store    conversation.ConversationStore
	location string
	strategy Strategy

	id          int64
	customer    *Customer
	history     []Turn
	frustration []float64
	// pending is the message that needed a verified customer or a second
	// factor; it runs again once the customer gives a phone number that
	// matches an account, or the right second factor.
	pending string
	last    *Answer
	// unsaved are messages a failed save left behind, each with the
	// conversation it belongs to (also one the session has since left);
	// the next save writes them first, in order.
	unsaved []unsavedMessage
	// awaitFactor: the pending request is a write waiting for the second
	// factor; verified: the customer has given it in this conversation.
	awaitFactor, verified bool
	// cur is the conversation being saved to.
	cur *convRef
}

// SessionOptions configure a Session.
type SessionOptions struct {
	// Store saves the conversation; nil keeps it in memory only. Pass a
	// nil interface, not a nil *conversation.Store: a typed nil is a
	// store, and its first save fails.
	Store    conversation.ConversationStore
	Location string
	Strategy Strategy
}

// NewSession starts a conversation over p.
func NewSession(p *Pipeline, opt SessionOptions) *Session {
	return &Session{p: p, store: opt.Store, location: opt.Location, strategy: opt.Strategy}
}

// Resume loads a saved conversation into a new session, bound to that
// conversation's own customer.
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
		c, err := s.lookup(ctx, conv.CustomerID)
		if err != nil {
			return nil, fmt.Errorf("resume conversation %d: %w", id, err)
		}
		s.customer = &c
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

// BindCustomer binds the session to the customer with that id or phone:
// staff's way to verify a customer. The model never chooses the customer,
// and a customer's own message binds only by phone (see Send). Binding a
// different customer than the one bound starts a new conversation: no
// turn, frustration, pending request or answer of the previous customer
// crosses over, and their saved conversation stays theirs. Binding a
// session nobody was bound to keeps its turns: the customer has just been
// identified.
func (s *Session) BindCustomer(ctx context.Context, idOrPhone string) (Customer, error) {
	c, err := s.lookup(ctx, idOrPhone)
	if err != nil {
		return Customer{}, err
	}
	return c, s.bind(ctx, c)
}

func (s *Session) lookup(ctx context.Context, idOrPhone string) (Customer, error) {
	b := s.p.d.Backend
	if b == nil {
		return Customer{}, ErrNoAccounts
	}
	c, err := b.FindCustomer(ctx, strings.TrimSpace(idOrPhone))
	if err != nil {
		if errors.Is(err, backend.ErrNotFound) {
			return Customer{}, &unknownCustomerError{ref: strings.TrimSpace(idOrPhone)}
		}
		return Customer{}, fmt.Errorf("look up customer: %w", err)
	}
	return Customer{ID: c.ID, Name: c.Name, Phone: c.Phone, Email: c.Email}, nil
}

func (s *Session) bind(ctx context.Context, c Customer) error {
	switch {
	case s.customer != nil && s.customer.ID == c.ID:
		return nil
	case s.customer != nil:
		// Another customer: a new conversation, saved under its own id.
		s.id, s.cur, s.history, s.frustration, s.pending, s.last = 0, nil, nil, nil, "", nil
		s.awaitFactor, s.verified = false, false
	}
	s.customer = &c
	if s.cur != nil && s.cur.id == 0 {
		// Not stored yet (a failed save): it will be, as this customer's.
		s.cur.customer = c.ID
	}
	if s.store != nil && s.id != 0 {
		if err := s.store.SetCustomer(ctx, s.id, c.ID); err != nil {
			return fmt.Errorf("save conversation: %w", err)
		}
	}
	return nil
}

// CustomerID returns the id of the customer a saved conversation belongs
// to ("" when none), so a caller can refuse to resume it as someone else.
func (s *Session) CustomerID() string {
	if s.customer == nil {
		return ""
	}
	return s.customer.ID
}

// Reset starts a new conversation with no customer.
func (s *Session) Reset(context.Context) error {
	s.id, s.cur, s.customer, s.history, s.frustration, s.pending, s.last = 0, nil, nil, nil, nil, "", nil
	s.awaitFactor, s.verified = false, false
	return nil
}

// Send runs one customer message. The customer's turn is saved before the
// pipeline runs, so a crash cannot lose it. When the bot has asked for a
// phone number and this message carries exactly one that matches an
// account, the customer is bound and the waiting request runs instead; a
// customer id typed by the customer is never proof of identity. A failed
// save is reported in the answer's notice and retried with the next turn;
// it does not fail the turn.
func (s *Session) Send(ctx context.Context, text string, onEvent func(Event)) (Answer, error) {
	// A card number never goes further than this line.
	text = redact.Cards(strings.TrimSpace(text))
	ask := text
	var bound, why, bindNotice string
	// A message the guard would stop (a threat, a self-harm signal) is
	// never taken as an answer to the bot's question: it goes through the
	// pipeline as itself.
	answering := s.pending != "" && !s.p.stops(text)
	if s.customer == nil && answering {
		id := identify(text)
		switch {
		case id.ambiguous:
			return s.reply(ctx, text, askOnePhone, "session: the reply holds several phone numbers; asking for one, the request stays pending", onEvent)
		case id.phone != "":
			c, err := s.lookup(ctx, id.phone)
			if err != nil {
				// The number the customer typed is theirs to see again.
				return s.reply(ctx, text, fmt.Sprintf(unknownPhone, id.phone), "session: "+id.phone+" matches no account; the waiting request stays pending", onEvent, id.phone)
			}
			if err := s.bind(ctx, c); err != nil {
				// The customer is bound; only recording it on the saved
				// conversation failed, which must not end the chat.
				bindNotice = saveFailed(err)
			}
			bound = fmt.Sprintf("Thanks, %s — I've found your account.", firstName(c.Name))
			why = "session: the customer's phone number matched an account; the waiting request ran"
			ask = s.pending
			s.pending = ""
		case id.customerID:
			return s.reply(ctx, text, idIsNotProof, "session: a customer id is not proof of identity; asking for the phone number, the request stays pending", onEvent)
		}
	}
	if s.customer != nil && s.awaitFactor {
		s.awaitFactor = false
		if !answering || !looksLikeFactor(text) {
			// Something else: the write that waited is dropped, not run later
			// by surprise.
			s.pending = ""
		} else {
			v, err := s.p.verifySecondFactor(ctx, s.customer.ID, text)
			switch {
			case err == nil && v.OK:
				s.verified = true
				bound = "Thanks, that matches."
				why = "session: the second factor matched; the waiting request ran"
				ask = s.pending
				s.pending = ""
			case errors.Is(err, tools.ErrNoSecondFactor):
				s.pending = ""
				return s.reply(ctx, text, noFactorOnFile, "session: the account has nothing to check a second factor against", onEvent)
			case err != nil:
				s.awaitFactor = true
				return s.reply(ctx, text, factorCheckFailed, "session: checking the second factor failed: "+err.Error(), onEvent)
			case v.Locked:
				s.pending = ""
				return s.reply(ctx, text, secondFactorLocked, "session: second factor locked after too many wrong answers", onEvent)
			default:
				s.awaitFactor = true
				return s.reply(ctx, text, fmt.Sprintf(factorWrong, v.TriesLeft), "session: the second factor did not match; the request stays pending", onEvent)
			}
		}
	}
	notices := s.saveTurn(ctx, conversation.Message{Role: "customer", Text: s.mask(text), At: s.p.d.Now()})
	if bindNotice != "" {
		notices = append(notices, bindNotice)
	}
	req := Request{Text: ask, History: s.history, Location: s.location, Strategy: s.strategy, PriorFrustration: s.frustration, SecondFactorVerified: s.verified}
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
		ans.Explanation = append([]string{why}, ans.Explanation...)
	}
	if ans.NeedCustomer || ans.NeedVerification {
		s.pending = ask
		s.awaitFactor = ans.NeedVerification
	}
	ans.Question = s.mask(ans.Question)
	ans.Answer = redact.Cards(ans.Answer)
	s.frustration = append(s.frustration, ans.Frustration)
	reply := ans.Answer
	if strings.TrimSpace(reply) == "" {
		reply = noReplySaved
	}
	s.history = append(s.history, Turn{Role: "customer", Text: s.mask(text)}, Turn{Role: "assistant", Text: reply})
	s.last = &ans
	notices = append(notices, s.saveTurn(ctx, s.assistantMessage(ans))...)
	s.notice(&ans, notices)
	return ans, err
}

// stops reports a message the built-in guard flags or that carries any
// self-harm signal.
func (p *Pipeline) stops(text string) bool {
	v := p.d.Guard.BuiltinAnalysis(analysis.Of(text))
	return v.Flagged || selfHarmSignal(v)
}

// The session's own replies while it waits for a phone number or the
// second factor.
const (
	noFactorOnFile    = "There's nothing on your account I can check for this change, so a member of staff will need to help you with it at the counter."
	factorCheckFailed = "I couldn't check that just now. Could you try again in a moment?"
	factorWrong       = "That doesn't match what's on the account. You can try again (%d tries left), or ask a member of staff."
	askOnePhone       = "I can see more than one phone number there. Which one is linked to your Larkspur Rewards account? Please send just that number."
	unknownPhone      = "I couldn't find an account with %s. Could you check the number, or ask a member of staff to look you up?"
	idIsNotProof      = "For your security I can't look an account up by its customer number. Could you tell me the phone number linked to your Larkspur Rewards account instead?"
)

// reply answers from the session itself, without the pipeline: the
// waiting request stays pending.
func (s *Session) reply(ctx context.Context, text, answer, why string, onEvent func(Event), keep ...string) (Answer, error) {
	ans := Answer{
		Question: s.mask(text, keep...), Intent: "transactional", Route: RouteTransactional, NeedCustomer: true,
		Sources: []Source{}, ToolCalls: []ToolCallReport{}, Cues: []string{},
		Answer: answer, Explanation: []string{s.mask(why, keep...)},
	}
	if onEvent != nil {
		onEvent(Event{Kind: EventToken, Text: ans.Answer})
	}
	notices := s.saveTurn(ctx, conversation.Message{Role: "customer", Text: s.mask(text), At: s.p.d.Now()})
	s.history = append(s.history, Turn{Role: "customer", Text: s.mask(text)}, Turn{Role: "assistant", Text: ans.Answer})
	s.last = &ans
	notices = append(notices, s.saveTurn(ctx, s.assistantMessage(ans))...)
	s.notice(&ans, notices)
	return ans, nil
}

// mask hides card numbers and other people's contact data; the bound
// customer's own phone and email stay.
func (s *Session) mask(text string, keep ...string) string {
	keep = append(keep, s.p.d.Guard.PublicContacts()...)
	if s.customer != nil {
		keep = append(keep, s.customer.Phone, s.customer.Email)
	}
	return redact.Text(text, keep...)
}

// noReplySaved is what the transcript records when no reply was produced
// (a cancelled generation): never an empty message.
const noReplySaved = "(no reply: the generation was cancelled)"

func (s *Session) assistantMessage(ans Answer) conversation.Message {
	meta, _ := json.Marshal(struct {
		Intent    string   `json:"intent"`
		Route     Route    `json:"route"`
		Model     string   `json:"model"`
		Sources   []Source `json:"sources"`
		HandoffID int64    `json:"handoff_id,omitempty"`
		// ToolCalls and Flagged let `cafebot train export` rebuild tool
		// turns and leave flagged turns out.
		ToolCalls   []ToolCallReport `json:"tool_calls,omitempty"`
		Flagged     bool             `json:"flagged,omitempty"`
		Frustration float64          `json:"frustration,omitempty"`
	}{ans.Intent, ans.Route, ans.Model, ans.Sources, ans.HandoffID, ans.ToolCalls,
		ans.Guard.Input.Flagged || (ans.Guard.Draft != nil && ans.Guard.Draft.Flagged), ans.Frustration})
	text := ans.Answer
	if strings.TrimSpace(text) == "" {
		text = noReplySaved
	}
	return conversation.Message{Role: "assistant", Text: text, At: s.p.d.Now(), Meta: meta}
}

func (s *Session) notice(ans *Answer, notices []string) {
	if len(notices) == 0 {
		return
	}
	n := strings.Join(notices, "; ")
	if ans.Notice != "" {
		n = ans.Notice + "; " + n
	}
	ans.Notice = n
}

// unsavedMessage is a message waiting to be saved and where it goes.
type unsavedMessage struct {
	conv *convRef
	m    conversation.Message
}

// convRef is one conversation of the session; id is 0 until it is stored.
type convRef struct {
	id       int64
	customer string
}

// saveTurn appends m (after any message an earlier failure left behind,
// each to its own conversation) to the conversation store; it survives a
// cancelled request so the transcript keeps what the customer saw. A
// failure keeps the messages for the next turn and is returned as a
// notice.
func (s *Session) saveTurn(ctx context.Context, m conversation.Message) []string {
	if s.store == nil {
		return nil
	}
	if s.cur == nil {
		cid := ""
		if s.customer != nil {
			cid = s.customer.ID
		}
		s.cur = &convRef{id: s.id, customer: cid}
	}
	s.unsaved = append(s.unsaved, unsavedMessage{conv: s.cur, m: m})
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
	defer cancel()
	for len(s.unsaved) > 0 {
		u := s.unsaved[0]
		if u.conv.id == 0 {
			conv, err := s.store.Start(ctx, u.conv.customer)
			if err != nil {
				return []string{saveFailed(err)}
			}
			u.conv.id = conv.ID
			if u.conv == s.cur {
				s.id = conv.ID
			}
		}
		if err := s.store.Append(ctx, u.conv.id, u.m); err != nil {
			s.p.d.Logger.Error("save conversation", "conversation", u.conv.id, "err", err)
			return []string{saveFailed(err)}
		}
		s.unsaved = s.unsaved[1:]
	}
	return nil
}

// saveTimeout bounds one save, so a stuck disk cannot hang the chat.
const saveTimeout = 10 * time.Second

func saveFailed(err error) string {
	return "this turn could not be saved yet (" + firstLine(err.Error()) + "); it will be retried with the next message"
}

// Unsaved reports how many messages wait for a save to succeed.
func (s *Session) Unsaved() int { return len(s.unsaved) }

// Handoff hands the conversation to a person now, at staff's request, and
// returns the ticket number. The ticket is filed first; the model's
// briefing is added to it afterwards, and a cancelled ctx (Ctrl-C) only
// skips the briefing.
func (s *Session) Handoff(ctx context.Context, reason string) (string, error) {
	q := s.p.d.Handoffs
	if q == nil {
		return "", errors.New("no handoff queue is configured")
	}
	if strings.TrimSpace(reason) == "" {
		reason = "staff asked for a person to take over"
	}
	c := handoff.Case{Category: string(CategoryStaffRequest), Reason: reason, PriorFrustration: s.frustration}
	if n := len(s.frustration); n > 0 {
		c.Frustration = s.frustration[n-1]
	}
	for _, h := range s.history {
		c.Transcript = append(c.Transcript, handoff.Turn{Role: h.Role, Text: s.mask(h.Text)})
	}
	if len(c.Transcript) == 0 {
		c.Transcript = []handoff.Turn{{Role: "staff", Text: reason, At: s.p.d.Now()}}
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
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ticketTimeout)
	defer cancel()
	t, err := q.Create(cctx, c.Ticket())
	if err != nil {
		return "", fmt.Errorf("hand off: %w", err)
	}
	if text, _, ok := s.p.analyze(ctx, c); ok {
		if err := s.p.addBriefing(ctx, t.ID, text); err != nil {
			s.p.d.Logger.Error("handoff briefing", "ticket", t.ID, "err", err)
		}
	}
	return t.Number(), nil
}

// identity is what a customer's reply offers as proof of who they are.
type identity struct {
	// phone is the one phone number in the reply, "" when none.
	phone string
	// ambiguous: several different phone numbers.
	ambiguous bool
	// customerID: the reply names a customer id, which proves nothing.
	customerID bool
}

var idRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bC-?\d{3,}\b`) })

// identify reads a customer's reply to the phone question. A phone number
// in any common format decides; a customer id next to it is ignored.
func identify(text string) identity {
	var id identity
	seen := map[string]bool{}
	for _, m := range redact.PhoneSpans(text) {
		p := strings.TrimSpace(text[m[0]:m[1]])
		d := textnorm.PhoneDigits(p)
		if seen[d] {
			continue
		}
		seen[d] = true
		if id.phone != "" {
			id.ambiguous = true
		}
		id.phone = p
	}
	if id.ambiguous {
		id.phone = ""
	}
	id.customerID = idRe().MatchString(text)
	return id
}

func firstName(name string) string {
	f, _, _ := strings.Cut(strings.TrimSpace(name), " ")
	if f == "" {
		return "there"
	}
	return f
}

// unknownCustomerError says an id or phone number matches no account; it
// wraps backend.ErrNotFound.
type unknownCustomerError struct{ ref string }

func (e *unknownCustomerError) Error() string {
	return fmt.Sprintf("no customer with id or phone %q", e.ref)
}

func (e *unknownCustomerError) Unwrap() error { return backend.ErrNotFound }

// Lookup returns the customer with that id or phone without binding them.
func (s *Session) Lookup(ctx context.Context, idOrPhone string) (Customer, error) {
	return s.lookup(ctx, idOrPhone)
}

// looksLikeFactor reports a reply that could be a second factor: four
// digits or an email address.
func looksLikeFactor(text string) bool {
	return factorRe().MatchString(text) || len(redact.EmailSpans(text)) > 0
}

var factorRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d{4}\b`) })

// verifySecondFactor checks a customer's second-factor answer.
func (p *Pipeline) verifySecondFactor(ctx context.Context, customerID, answer string) (tools.Verification, error) {
	if p.d.Backend == nil {
		return tools.Verification{}, ErrNoAccounts
	}
	return tools.New(p.d.Backend, customerID, tools.RulesFrom(p.d.Config), p.d.Now).VerifySecondFactor(ctx, answer)
}
