package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// The SQLite (and PostgreSQL) implementation of the loyalty store.

// Balance returns the sum of the customer's ledger.
func (s *SQLite) Balance(ctx context.Context, customerID string) (int, error) {
	return balance(ctx, s.db, customerID)
}

func balance(ctx context.Context, q querier, customerID string) (int, error) {
	var b int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(points), 0) FROM loyalty_ledger WHERE customer_id = ?`, customerID).Scan(&b); err != nil {
		return 0, fmt.Errorf("balance of %s: %w", customerID, err)
	}
	return b, nil
}

const ledgerCols = `id, customer_id, kind, points, reason, COALESCE(order_id, ''), COALESCE(top_up_id, ''), idempotency_key, created_at`

func scanLedger(sc interface{ Scan(...any) error }) (LedgerEntry, error) {
	var e LedgerEntry
	var created string
	if err := sc.Scan(&e.ID, &e.CustomerID, &e.Kind, &e.Points, &e.Reason, &e.OrderID, &e.TopUpID, &e.IdempotencyKey, &created); err != nil {
		return e, err
	}
	var err error
	e.CreatedAt, err = parseTime(created)
	return e, err
}

// Ledger returns the customer's loyalty entries, newest first.
func (s *SQLite) Ledger(ctx context.Context, customerID string, limit int) ([]LedgerEntry, error) {
	limit = limitOrAll(limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+ledgerCols+` FROM loyalty_ledger WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("ledger of %s: %w", customerID, err)
	}
	defer rows.Close()
	var out []LedgerEntry
	for rows.Next() {
		e, err := scanLedger(rows)
		if err != nil {
			return nil, fmt.Errorf("ledger of %s: %w", customerID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("ledger of %s: %w", customerID, err)
	}
	return out, nil
}

// TopUps returns the customer's card top-ups, newest first.
func (s *SQLite) TopUps(ctx context.Context, customerID string) ([]TopUp, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, customer_id, amount_cents, location, created_at FROM top_ups WHERE customer_id = ? ORDER BY created_at DESC, id DESC`, customerID)
	if err != nil {
		return nil, fmt.Errorf("top-ups of %s: %w", customerID, err)
	}
	defer rows.Close()
	var out []TopUp
	for rows.Next() {
		var t TopUp
		var created string
		if err := rows.Scan(&t.ID, &t.CustomerID, &t.Amount, &t.Location, &created); err != nil {
			return nil, fmt.Errorf("top-ups of %s: %w", customerID, err)
		}
		if t.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("top-ups of %s: %w", customerID, err)
	}
	return out, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddLedgerEntry appends e once per idempotency key.
func (s *SQLite) AddLedgerEntry(ctx context.Context, e LedgerEntry) (LedgerEntry, bool, error) {
	if e.IdempotencyKey == "" {
		return e, false, fmt.Errorf("add ledger entry: idempotency key is required")
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = time.Now()
	}
	var out LedgerEntry
	created := false
	e.IdempotencyKey = redact.Cards(e.IdempotencyKey)
	reason := e.Reason
	err := s.inTx(ctx, func(tx *sqldb.Tx) error {
		created = false
		if err := lockCustomer(ctx, tx, e.CustomerID); err != nil {
			return err
		}
		e.Reason = keepFor(ctx, tx, e.CustomerID).Text(reason)
		existing, err := scanLedger(tx.QueryRowContext(ctx, `SELECT `+ledgerCols+` FROM loyalty_ledger WHERE idempotency_key = ?`, e.IdempotencyKey))
		if err == nil {
			out = existing
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if e.Points < 0 {
			b, err := balance(ctx, tx, e.CustomerID)
			if err != nil {
				return err
			}
			if !rules.CanApply(b, e.Points) {
				return fmt.Errorf("balance %d, entry %d: %w", b, e.Points, ErrInsufficientPoints)
			}
		}
		out = e
		out.CreatedAt = e.CreatedAt.UTC().Truncate(time.Second)
		if err := tx.QueryRowContext(ctx, `INSERT INTO loyalty_ledger (customer_id, kind, points, reason, order_id, top_up_id, idempotency_key, created_at, store)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			e.CustomerID, e.Kind, e.Points, e.Reason, nullable(e.OrderID), nullable(e.TopUpID), e.IdempotencyKey, fmtTime(e.CreatedAt), s.store).Scan(&out.ID); err != nil {
			return err
		}
		created = true
		return nil
	})
	if err != nil {
		return LedgerEntry{}, false, fmt.Errorf("add ledger entry %s: %w", e.IdempotencyKey, err)
	}
	return out, created, nil
}
