package backend

import "context"

// LoyaltyStore holds the loyalty ledger and the card top-ups it credits.
type LoyaltyStore interface {
	// Balance returns the customer's loyalty balance: the ledger sum.
	Balance(ctx context.Context, customerID string) (int, error)
	// Ledger returns the customer's loyalty entries, newest first; limit
	// <= 0 means all.
	Ledger(ctx context.Context, customerID string, limit int) ([]LedgerEntry, error)
	// TopUps returns the customer's card top-ups, newest first.
	TopUps(ctx context.Context, customerID string) ([]TopUp, error)
	// AddLedgerEntry appends e once per e.IdempotencyKey; a repeat returns
	// the stored entry and created=false. It fails with
	// ErrInsufficientPoints when the balance would go below zero
	// (rules.CanApply).
	AddLedgerEntry(ctx context.Context, e LedgerEntry) (entry LedgerEntry, created bool, err error)
}
