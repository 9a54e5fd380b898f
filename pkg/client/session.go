package client

import (
	"context"
	"sync"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// Session is a chat session held by the server, with the same methods as
// *assistant.Session, so the staff chat runs over it unchanged.
type Session struct {
	c *Client

	mu   sync.Mutex
	info SessionInfo
}

// StartSession creates a session on the server.
func (c *Client) StartSession(ctx context.Context, req SessionRequest) (*Session, error) {
	info, err := c.CreateSession(ctx, req)
	if err != nil {
		return nil, err
	}
	return &Session{c: c, info: info}, nil
}

// Info returns what the client last heard about the session.
func (s *Session) Info() SessionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

func (s *Session) set(info SessionInfo) {
	if info.ID == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.info = info
}

// Send runs one customer message on the server; onEvent (may be nil) gets
// the pipeline's events as they stream.
func (s *Session) Send(ctx context.Context, text string, onEvent func(assistant.Event)) (assistant.Answer, error) {
	ans, info, err := s.c.SendMessage(ctx, s.Info().ID, text, func(e Event) error {
		if ev, ok := e.Pipeline(); ok && onEvent != nil {
			onEvent(ev)
		}
		return nil
	})
	s.set(info)
	if err == nil {
		// /explain in the chat says who answered.
		ans.Explanation = append([]string{"answered by the cafebot server at " + s.c.URL()}, ans.Explanation...)
	}
	return ans, err
}

// BindCustomer binds the session to the customer with that id or phone.
func (s *Session) BindCustomer(ctx context.Context, idOrPhone string) (assistant.Customer, error) {
	info, err := s.c.BindCustomer(ctx, s.Info().ID, idOrPhone)
	if err != nil {
		return assistant.Customer{}, err
	}
	s.set(info)
	if info.Customer == nil {
		return assistant.Customer{}, nil
	}
	return *info.Customer, nil
}

// Customer returns the bound customer, if any.
func (s *Session) Customer() (assistant.Customer, bool) {
	info := s.Info()
	if info.Customer == nil {
		return assistant.Customer{}, false
	}
	return *info.Customer, true
}

// Reset starts a new conversation with no customer.
func (s *Session) Reset(ctx context.Context) error {
	info, err := s.c.ResetSession(ctx, s.Info().ID)
	s.set(info)
	return err
}

// Handoff hands the conversation to a person and returns the ticket label.
func (s *Session) Handoff(ctx context.Context, reason string) (string, error) {
	out, err := s.c.Handoff(ctx, s.Info().ID, reason)
	return out.Ticket, err
}

// ID returns the saved conversation's id (0 before the first message).
func (s *Session) ID() int64 { return s.Info().ConversationID }

// History returns the turns so far, oldest first.
func (s *Session) History() []assistant.Turn {
	return append([]assistant.Turn(nil), s.Info().History...)
}

// Close ends the session on the server; the conversation stays saved.
func (s *Session) Close(ctx context.Context) error { return s.c.CloseSession(ctx, s.Info().ID) }
