// Package tui is the terminal UI of `cafebot chat`: a conversation pane that
// streams answers, a multi-line input with history, and a status bar, plus a
// plain line-by-line mode for when stdout is not a terminal.
package tui

import (
	"context"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// Session is one staff conversation with the assistant; the chat command
// implements it on top of the pipeline.
type Session interface {
	// Send runs one customer message through the pipeline and returns the
	// answer. onEvent is called from the goroutine running Send with
	// decision, token, tool-call and status events; cancelling ctx stops the
	// generation and Send returns ctx's error.
	Send(ctx context.Context, text string, onEvent func(assistant.Event)) (assistant.Answer, error)
	// BindCustomer binds the session to the customer with that id or phone
	// number and returns them; an unknown customer is an error. Binding a
	// different customer than the bound one starts a new conversation.
	BindCustomer(ctx context.Context, idOrPhone string) (Customer, error)
	// Customer returns the bound customer and whether one is bound.
	Customer() (Customer, bool)
	// Reset starts a new conversation: it forgets the turns and unbinds the
	// customer.
	Reset(ctx context.Context) error
	// Handoff hands the conversation to a person now and returns the ticket
	// label, like "#1042".
	Handoff(ctx context.Context, reason string) (string, error)
	// ID returns the saved conversation's id, for `chat --resume`.
	ID() int64
	// History returns the turns so far, oldest first; the UI shows them at
	// start when a conversation is resumed.
	History() []assistant.Turn
}

// Customer is the account a session is bound to: the pipeline's own type,
// so *assistant.Session is a Session as it is.
type Customer = assistant.Customer

// Health reports whether Ollama answers; the UI pings it at start and then
// periodically from a tea.Cmd, and shows the result in the status bar.
type Health interface {
	// Ping returns nil when Ollama answers.
	Ping(ctx context.Context) error
}
