package backend

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// The SQLite (and PostgreSQL) implementation of the catering store.

const cateringCols = `id, customer_id, location, event_at, headcount, items_json, total_cents, status, cancellation_fee_cents, notes, idempotency_key, created_at, cancelled_at`

func scanCatering(sc interface{ Scan(...any) error }) (CateringOrder, error) {
	var c CateringOrder
	var event, items, created, cancelled string
	if err := sc.Scan(&c.ID, &c.CustomerID, &c.Location, &event, &c.Headcount, &items, &c.Total, &c.Status, &c.CancellationFee, &c.Notes, &c.IdempotencyKey, &created, &cancelled); err != nil {
		return c, err
	}
	var err error
	if c.EventAt, err = parseTime(event); err != nil {
		return c, err
	}
	if c.CreatedAt, err = parseTime(created); err != nil {
		return c, err
	}
	if c.CancelledAt, err = parseTime(cancelled); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(items), &c.Items); err != nil {
		return c, fmt.Errorf("catering %s items: %w", c.ID, err)
	}
	return c, nil
}

// CateringOrder returns one catering order.
func (s *SQLite) CateringOrder(ctx context.Context, id string) (CateringOrder, error) {
	c, err := scanCatering(s.db.QueryRowContext(ctx, `SELECT `+cateringCols+` FROM catering_orders WHERE id = ?`, strings.ToUpper(strings.TrimSpace(id))))
	if errors.Is(err, sql.ErrNoRows) {
		return CateringOrder{}, fmt.Errorf("catering order %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return CateringOrder{}, fmt.Errorf("catering order %s: %w", id, err)
	}
	return c, nil
}

// CateringOrders returns the customer's catering orders, soonest event first.
func (s *SQLite) CateringOrders(ctx context.Context, customerID string) ([]CateringOrder, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+cateringCols+` FROM catering_orders WHERE customer_id = ? ORDER BY event_at, id`, customerID)
	if err != nil {
		return nil, fmt.Errorf("catering orders of %s: %w", customerID, err)
	}
	defer rows.Close()
	var out []CateringOrder
	for rows.Next() {
		c, err := scanCatering(rows)
		if err != nil {
			return nil, fmt.Errorf("catering orders of %s: %w", customerID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("catering orders of %s: %w", customerID, err)
	}
	return out, nil
}

// CreateCatering stores c once per idempotency key.
func (s *SQLite) CreateCatering(ctx context.Context, c CateringOrder) (CateringOrder, bool, error) {
	if c.IdempotencyKey == "" {
		return c, false, fmt.Errorf("create catering order: idempotency key is required")
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	var out CateringOrder
	created := false
	c.IdempotencyKey = redact.Cards(c.IdempotencyKey)
	given := c
	err := s.inTx(ctx, func(tx *sqldb.Tx) error {
		created = false
		if err := lockCustomer(ctx, tx, c.CustomerID); err != nil {
			return err
		}
		keep := keepFor(ctx, tx, c.CustomerID)
		c.Notes, c.Location = keep.Text(given.Notes), keep.Text(given.Location)
		c.Items = slices.Clone(given.Items)
		for i := range c.Items {
			c.Items[i].Item = keep.Text(c.Items[i].Item)
		}
		items, err := jsonString(c.Items)
		if err != nil {
			return err
		}
		existing, err := scanCatering(tx.QueryRowContext(ctx, `SELECT `+cateringCols+` FROM catering_orders WHERE idempotency_key = ?`, c.IdempotencyKey))
		switch {
		case err == nil && existing.Status != CateringCancelled:
			out = existing
			return nil
		case err == nil:
			// A cancelled booking does not hold its slot: re-booking it makes
			// a new order. The old row keeps its history under a retired key,
			// since keys are unique.
			if _, err := tx.ExecContext(ctx, `UPDATE catering_orders SET idempotency_key = idempotency_key || '#cancelled:' || id WHERE id = ?`, existing.ID); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		var n int
		if err := tx.Lock(ctx, "cafebot.catering-ids"); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(CAST(SUBSTR(id, 4) AS INTEGER)), 20400) + 1 FROM catering_orders WHERE id LIKE 'CT-%'`).Scan(&n); err != nil {
			return err
		}
		c.ID = fmt.Sprintf("CT-%d", n)
		if _, err := tx.ExecContext(ctx, `INSERT INTO catering_orders (`+cateringCols+`, store) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.CustomerID, c.Location, fmtTime(c.EventAt), c.Headcount, items, c.Total, c.Status, c.CancellationFee, c.Notes, c.IdempotencyKey, fmtTime(c.CreatedAt), fmtTime(c.CancelledAt), s.store); err != nil {
			return err
		}
		out, err = scanCatering(tx.QueryRowContext(ctx, `SELECT `+cateringCols+` FROM catering_orders WHERE id = ?`, c.ID))
		created = true
		return err
	})
	if err != nil {
		return CateringOrder{}, false, fmt.Errorf("create catering order: %w", err)
	}
	return out, created, nil
}

// CancelCatering marks the order cancelled with the fee, once.
func (s *SQLite) CancelCatering(ctx context.Context, id string, fee Money, at time.Time) (CateringOrder, bool, error) {
	id = strings.ToUpper(strings.TrimSpace(id))
	before, err := s.CateringOrder(ctx, id)
	if err != nil {
		return CateringOrder{}, false, fmt.Errorf("cancel: %w", err)
	}
	if !rules.ValidFee(int64(before.Total), int64(fee)) {
		return CateringOrder{}, false, fmt.Errorf("cancel catering order %s: fee %s is negative or more than the order's %s", id, fee, before.Total)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE catering_orders SET status = 'cancelled', cancellation_fee_cents = ?, cancelled_at = ?
		WHERE id = ? AND status != 'cancelled'`, fee, fmtTime(at), id)
	if err != nil {
		return CateringOrder{}, false, fmt.Errorf("cancel catering order %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return CateringOrder{}, false, fmt.Errorf("cancel catering order %s: %w", id, err)
	}
	c, err := s.CateringOrder(ctx, id)
	if err != nil {
		return CateringOrder{}, false, err
	}
	return c, n == 1, nil
}
