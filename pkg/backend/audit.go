package backend

import "context"

// AuditStore holds the audit log of every tool call.
type AuditStore interface {
	// RecordAudit appends one tool call to the audit log, with card
	// numbers and other customers' contact data masked.
	RecordAudit(ctx context.Context, e AuditEntry) error
	// AuditLog returns the audit entries, newest first, of one customer
	// ("" for all); limit <= 0 means all.
	AuditLog(ctx context.Context, customerID string, limit int) ([]AuditEntry, error)
}
