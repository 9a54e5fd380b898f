package backend

import (
	"context"
	"fmt"
	"time"
)

// The SQLite (and PostgreSQL) implementation of the audit store.

// RecordAudit appends one tool call to the audit log.
func (s *SQLite) RecordAudit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	keep := keepFor(ctx, s.db, e.CustomerID)
	e.Arguments = string(keep.JSON([]byte(e.Arguments)))
	e.Result = string(keep.JSON([]byte(e.Result)))
	e.Error = keep.Text(e.Error)
	refused := 0
	if e.Refused {
		refused = 1
	}
	if e.Store == "" {
		e.Store = s.store
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (session, customer_id, at, tool, arguments_json, result_json, error, refused, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Session, e.CustomerID, fmtTime(e.At), e.Tool, e.Arguments, e.Result, e.Error, refused, e.Store); err != nil {
		return fmt.Errorf("record audit of %s: %w", e.Tool, err)
	}
	return nil
}

// AuditLog returns audit entries, newest first.
func (s *SQLite) AuditLog(ctx context.Context, customerID string, limit int) ([]AuditEntry, error) {
	limit = limitOrAll(limit)
	rows, err := s.db.QueryContext(ctx, `SELECT id, session, customer_id, at, tool, arguments_json, result_json, error, refused, store FROM audit_log
		WHERE ? = '' OR customer_id = ? ORDER BY id DESC LIMIT ?`, customerID, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		var refused int
		if err := rows.Scan(&e.ID, &e.Session, &e.CustomerID, &at, &e.Tool, &e.Arguments, &e.Result, &e.Error, &refused, &e.Store); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		e.Refused = refused == 1
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return out, nil
}
