package conversation

import "context"

// ConversationStore holds the saved conversations and their messages.
// Store implements it on SQLite (a single café, or a chain store's
// outbox) and on PostgreSQL (a chain's head office); callers that save or
// read conversations take this interface, and the conformance suite
// (pkg/storetest) runs it on both engines. The outbox's continuation
// bookkeeping is not part of it: only the local Store has that.
type ConversationStore interface {
	// Start begins a new conversation, of customerID if known.
	Start(ctx context.Context, customerID string) (Conversation, error)
	// Append adds one message to a conversation, masked.
	Append(ctx context.Context, convID int64, m Message) error
	// SetCustomer binds a conversation to the customer verified in it,
	// once.
	SetCustomer(ctx context.Context, id int64, customerID string) error
	// Get returns a conversation with its messages.
	Get(ctx context.Context, id int64) (Conversation, error)
	// List returns up to limit conversations (all when limit is 0), most
	// recently updated first.
	List(ctx context.Context, limit int) ([]Summary, error)
	// Import stores c as a new conversation once per key: a repeat adds
	// only the messages not yet imported.
	Import(ctx context.Context, key string, c Conversation) (id int64, added int, err error)
	// ImportInto is Import appending to conversation into (0: a new one).
	ImportInto(ctx context.Context, key string, into int64, c Conversation) (id int64, added int, err error)
}

var _ ConversationStore = (*Store)(nil)
