package handoff

import (
	"context"
	"time"
)

// TicketStore holds the handoff tickets: the staff inbox. Queue
// implements it on SQLite (a single café, or a chain store's outbox) and
// on PostgreSQL (a chain's head office); callers that only file, read or
// work tickets take this interface, and the conformance suite
// (pkg/storetest) runs it on both engines.
type TicketStore interface {
	// Create files t, or merges it into the open ticket of the same
	// matter (Merged set on the result).
	Create(ctx context.Context, t Ticket) (Ticket, error)
	// CreateKeyed is Create for a delivery under key: a repeat of the key
	// returns the ticket it filed and filed=false.
	CreateKeyed(ctx context.Context, key string, t Ticket) (ticket Ticket, filed bool, err error)
	// Get returns the ticket with head office's (or the local) id.
	Get(ctx context.Context, id int64) (Ticket, error)
	// Lookup returns the ticket a customer or staff member names: a number
	// ("#1042", "1042") or an offline reference ("ELM-ROAD-L1002"),
	// including one whose ticket was merged into another on delivery.
	Lookup(ctx context.Context, number string) (Ticket, error)
	// List returns the tickets matching f, most urgent first.
	List(ctx context.Context, f Filter) ([]Ticket, error)
	// Claim records who took an open ticket on.
	Claim(ctx context.Context, id int64, by string) (Ticket, error)
	// Reassign moves a claimed open ticket to another staff member,
	// recording the handover in its transcript.
	Reassign(ctx context.Context, id int64, by string) (Ticket, error)
	// Reopen puts a resolved ticket back in the queue.
	Reopen(ctx context.Context, id int64, note string) (Ticket, error)
	// Resolve closes an open ticket with a note.
	Resolve(ctx context.Context, id int64, note string) (Ticket, error)
	// ResolveWithReply closes an open ticket with a note and the reply
	// given to the customer.
	ResolveWithReply(ctx context.Context, id int64, note, reply string) (Ticket, error)
	// AddBriefing puts a model-written briefing on a ticket.
	AddBriefing(ctx context.Context, id int64, text string) error
	// GoldReplies returns the resolved tickets with the replies staff gave.
	GoldReplies(ctx context.Context, since time.Time) ([]Gold, error)
}

var _ TicketStore = (*Queue)(nil)
