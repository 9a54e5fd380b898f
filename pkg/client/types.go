package client

import (
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// APIVersion is the path prefix of every endpoint.
const APIVersion = "/v1"

// AskRequest is the body of POST /v1/ask: one question, answered like
// `cafebot ask`.
type AskRequest struct {
	Question string `json:"question"`
	// Customer binds the question to this customer (id or phone).
	Customer string `json:"customer,omitempty"`
	Location string `json:"location,omitempty"`
	// Strategy is routed (the default), small-only or large-only.
	Strategy string `json:"strategy,omitempty"`
	// Stream false answers with one JSON Answer instead of NDJSON events.
	Stream *bool `json:"stream,omitempty"`
}

// The kinds of Event in a streamed answer.
const (
	// EventDecision: Answer holds the gate's intent and route so far.
	EventDecision = "decision"
	// EventToken: Text is the next fragment of the reply.
	EventToken = "token"
	// EventToolCall: ToolCall is one executed tool call.
	EventToolCall = "tool_call"
	// EventStatus: Text is a short progress note.
	EventStatus = "status"
	// EventAnswer is the last line of a stream that succeeded: Answer is
	// the whole answer (and Session the session after it, for messages).
	EventAnswer = "answer"
	// EventError is the last line of a stream that failed: Error and Hint
	// say why, Answer holds what was answered before the failure, if any.
	EventError = "error"
)

// Event is one NDJSON line of a streamed answer.
type Event struct {
	Kind     string                    `json:"kind"`
	Text     string                    `json:"text,omitempty"`
	ToolCall *assistant.ToolCallReport `json:"tool_call,omitempty"`
	Answer   *assistant.Answer         `json:"answer,omitempty"`
	Session  *SessionInfo              `json:"session,omitempty"`
	Error    string                    `json:"error,omitempty"`
	Hint     string                    `json:"hint,omitempty"`
}

// EventFrom converts a pipeline event to its wire form.
func EventFrom(e assistant.Event) Event {
	out := Event{Text: e.Text, ToolCall: e.ToolCall, Answer: e.Answer}
	switch e.Kind {
	case assistant.EventDecision:
		out.Kind = EventDecision
	case assistant.EventToken:
		out.Kind = EventToken
	case assistant.EventToolCall:
		out.Kind = EventToolCall
	case assistant.EventStatus:
		out.Kind = EventStatus
	}
	return out
}

// Pipeline converts a wire event back to the pipeline's form; ok is false
// for the final answer and error lines, which are not pipeline events.
func (e Event) Pipeline() (ev assistant.Event, ok bool) {
	ev = assistant.Event{Text: e.Text, ToolCall: e.ToolCall, Answer: e.Answer}
	switch e.Kind {
	case EventDecision:
		ev.Kind = assistant.EventDecision
	case EventToken:
		ev.Kind = assistant.EventToken
	case EventToolCall:
		ev.Kind = assistant.EventToolCall
	case EventStatus:
		ev.Kind = assistant.EventStatus
	default:
		return ev, false
	}
	return ev, true
}

// SearchRequest is the body of POST /v1/search.
type SearchRequest struct {
	Query string `json:"query"`
	// K is the number of results (default retrieval.top_k).
	K        int    `json:"k,omitempty"`
	Location string `json:"location,omitempty"`
}

// SearchResponse is the answer to POST /v1/search.
type SearchResponse struct {
	Query  string `json:"query"`
	Mode   string `json:"mode"`
	Notice string `json:"notice,omitempty"`
	// Scope is the location scope the search used, when reported.
	Scope   *retrieval.Scope `json:"scope,omitempty"`
	Results []SearchResult   `json:"results"`
}

// SearchResult is one passage.
type SearchResult struct {
	Source    string  `json:"source"`
	Section   string  `json:"section"`
	Location  string  `json:"location,omitempty"`
	Score     float64 `json:"score"`
	Relevance float64 `json:"relevance"`
	Text      string  `json:"text"`
}

// ClassifyRequest is the body of POST /v1/classify.
type ClassifyRequest struct {
	Text string `json:"text"`
	// Explain adds the learned layer's view and its top features, as
	// `classify --explain` shows them.
	Explain bool `json:"explain,omitempty"`
}

// ClassifyResponse is the intent gate's decision, as `classify --json`
// prints it.
type ClassifyResponse struct {
	Text string `json:"text"`
	gate.Decision
}

// SessionRequest is the body of POST /v1/sessions.
type SessionRequest struct {
	// Customer binds the new session to this customer (id or phone).
	Customer string `json:"customer,omitempty"`
	Location string `json:"location,omitempty"`
	Strategy string `json:"strategy,omitempty"`
	// Resume continues the saved conversation with this id.
	Resume int64 `json:"resume,omitempty"`
}

// SessionInfo describes one chat session on the server.
type SessionInfo struct {
	// ID names the session in /v1/sessions/{id}.
	ID string `json:"id"`
	// ConversationID is the saved conversation (0 until the first message).
	ConversationID int64               `json:"conversation_id"`
	Customer       *assistant.Customer `json:"customer,omitempty"`
	History        []assistant.Turn    `json:"history"`
	CreatedAt      time.Time           `json:"created_at"`
}

// MessageRequest is the body of POST /v1/sessions/{id}/messages.
type MessageRequest struct {
	Text string `json:"text"`
	// Stream false answers with one JSON Answer instead of NDJSON events.
	Stream *bool `json:"stream,omitempty"`
}

// CustomerRequest is the body of POST /v1/sessions/{id}/customer.
type CustomerRequest struct {
	Customer string `json:"customer"`
}

// HandoffRequest is the body of POST /v1/sessions/{id}/handoff.
type HandoffRequest struct {
	Reason string `json:"reason,omitempty"`
}

// HandoffResponse names the ticket a handoff filed.
type HandoffResponse struct {
	// Ticket is the number as customers see it, "#1042".
	Ticket string `json:"ticket"`
	ID     int64  `json:"id"`
}

// DocumentsResponse is the answer to GET /v1/documents.
type DocumentsResponse struct {
	Index retrieval.Stats  `json:"index"`
	Files []retrieval.File `json:"files"`
}

// TicketsResponse is the answer to GET /v1/tickets.
type TicketsResponse struct {
	Tickets []handoff.Ticket `json:"tickets"`
}

// ClaimRequest is the body of POST /v1/tickets/{id}/claim (staff token).
type ClaimRequest struct {
	// By names who takes the ticket on: the staff member claiming it, or
	// the colleague it is assigned to.
	By string `json:"by"`
}

// ReassignRequest is the body of POST /v1/tickets/{id}/reassign (staff
// token): the claimed ticket moves to To.
type ReassignRequest struct {
	// To names the colleague who takes the ticket over.
	To string `json:"to"`
}

// ResolveRequest is the body of POST /v1/tickets/{id}/resolve (staff
// token).
type ResolveRequest struct {
	// Note says what was done; it is required.
	Note string `json:"note"`
	// Reply, when set, is the answer the customer was given, kept as a
	// gold reply for training (masked like every stored text).
	Reply string `json:"reply,omitempty"`
}

// ReopenRequest is the body of POST /v1/tickets/{id}/reopen (staff token).
type ReopenRequest struct {
	// Note says why the ticket is back in the queue; it may be empty.
	Note string `json:"note,omitempty"`
}

// Health is the answer to GET /v1/health.
type Health struct {
	Status   string          `json:"status"`
	Index    retrieval.Stats `json:"index"`
	Sessions int             `json:"sessions"`
	// Reloads counts the times the index was reopened after a change.
	Reloads int64   `json:"reloads"`
	Uptime  float64 `json:"uptime_s"`
}

// ErrorBody is every error response: one line and a hint.
type ErrorBody struct {
	Error string `json:"error"`
	Hint  string `json:"hint,omitempty"`
}
