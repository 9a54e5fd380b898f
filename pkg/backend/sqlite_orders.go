package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// The SQLite (and PostgreSQL) implementation of the order and refund store.

const orderCols = `id, customer_id, location, placed_at, status, total_cents`

func (s *SQLite) scanOrders(ctx context.Context, q querier, query string, args ...any) ([]Order, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []Order
	for rows.Next() {
		var o Order
		var placed string
		if err := rows.Scan(&o.ID, &o.CustomerID, &o.Location, &placed, &o.Status, &o.Total); err != nil {
			rows.Close()
			return nil, err
		}
		if o.PlacedAt, err = parseTime(placed); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if err := loadOrderDetail(ctx, q, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func loadOrderDetail(ctx context.Context, q querier, o *Order) error {
	rows, err := q.QueryContext(ctx, `SELECT id, item, qty, unit_price_cents FROM order_lines WHERE order_id = ? ORDER BY id`, o.ID)
	if err != nil {
		return err
	}
	o.Lines = []OrderLine{}
	for rows.Next() {
		var l OrderLine
		if err := rows.Scan(&l.ID, &l.Item, &l.Qty, &l.UnitPrice); err != nil {
			rows.Close()
			return err
		}
		o.Lines = append(o.Lines, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, method, card_last4, amount_cents, charged_at FROM payments WHERE order_id = ? ORDER BY charged_at, id`, o.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	o.Payments = []Payment{}
	for rows.Next() {
		var p Payment
		var charged string
		if err := rows.Scan(&p.ID, &p.Method, &p.CardLast4, &p.Amount, &charged); err != nil {
			return err
		}
		if p.ChargedAt, err = parseTime(charged); err != nil {
			return err
		}
		o.Payments = append(o.Payments, p)
	}
	return rows.Err()
}

// Order returns one order with its lines and payments.
func (s *SQLite) Order(ctx context.Context, orderID string) (Order, error) {
	os, err := s.scanOrders(ctx, s.db, `SELECT `+orderCols+` FROM orders WHERE id = ?`, strings.TrimSpace(orderID))
	if err != nil {
		return Order{}, fmt.Errorf("order %s: %w", orderID, err)
	}
	if len(os) == 0 {
		return Order{}, fmt.Errorf("order %s: %w", orderID, ErrNotFound)
	}
	return os[0], nil
}

// Orders returns the customer's orders, newest first.
func (s *SQLite) Orders(ctx context.Context, customerID string, limit int) ([]Order, error) {
	limit = limitOrAll(limit)
	os, err := s.scanOrders(ctx, s.db, `SELECT `+orderCols+` FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT ?`, customerID, limit)
	if err != nil {
		return nil, fmt.Errorf("orders of %s: %w", customerID, err)
	}
	return os, nil
}

const refundCols = `id, order_id, customer_id, kind, COALESCE(line_id, 0), COALESCE(payment_id, 0), amount_cents, reason, status, idempotency_key, created_at, updated_at`

func scanRefund(sc interface{ Scan(...any) error }) (Refund, error) {
	var r Refund
	var created, updated string
	if err := sc.Scan(&r.ID, &r.OrderID, &r.CustomerID, &r.Kind, &r.LineID, &r.PaymentID, &r.Amount, &r.Reason, &r.Status, &r.IdempotencyKey, &created, &updated); err != nil {
		return r, err
	}
	var err error
	if r.CreatedAt, err = parseTime(created); err != nil {
		return r, err
	}
	r.UpdatedAt, err = parseTime(updated)
	return r, err
}

func queryRefunds(ctx context.Context, q querier, where string, args ...any) ([]Refund, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+refundCols+` FROM refunds WHERE `+where+` ORDER BY created_at DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Refund
	for rows.Next() {
		r, err := scanRefund(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Refund returns one refund request.
func (s *SQLite) Refund(ctx context.Context, refundID string) (Refund, error) {
	r, err := scanRefund(s.db.QueryRowContext(ctx, `SELECT `+refundCols+` FROM refunds WHERE id = ?`, strings.ToUpper(strings.TrimSpace(refundID))))
	if errors.Is(err, sql.ErrNoRows) {
		return Refund{}, fmt.Errorf("refund %s: %w", refundID, ErrNotFound)
	}
	if err != nil {
		return Refund{}, fmt.Errorf("refund %s: %w", refundID, err)
	}
	return r, nil
}

// Refunds returns the customer's refund requests, newest first.
func (s *SQLite) Refunds(ctx context.Context, customerID string) ([]Refund, error) {
	rs, err := queryRefunds(ctx, s.db, `customer_id = ?`, customerID)
	if err != nil {
		return nil, fmt.Errorf("refunds of %s: %w", customerID, err)
	}
	return rs, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// RequestRefund stores r once per idempotency key, checking inside the
// transaction that the order, line or payment still has that much to give
// back, so two racing requests cannot refund more than was paid.
func (s *SQLite) RequestRefund(ctx context.Context, r Refund) (Refund, bool, error) {
	if r.IdempotencyKey == "" {
		return r, false, fmt.Errorf("request refund: idempotency key is required")
	}
	if r.Amount <= 0 {
		return r, false, fmt.Errorf("request refund on %s: amount must be positive", r.OrderID)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = s.policy.judgedAt(time.Time{})
	}
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = r.CreatedAt
	}
	var out Refund
	created := false
	r.IdempotencyKey = redact.Cards(r.IdempotencyKey)
	reason := r.Reason
	err := s.inTx(ctx, func(tx *sqldb.Tx) error {
		created = false
		// The order's row lock makes the "still refundable" sum below and
		// the insert one step against every other store's refund of it.
		var locked string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE id = ?`+tx.ForUpdate(), r.OrderID).Scan(&locked); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		r.Reason = keepFor(ctx, tx, r.CustomerID).Text(reason)
		existing, err := scanRefund(tx.QueryRowContext(ctx, `SELECT `+refundCols+` FROM refunds WHERE idempotency_key = ?`, r.IdempotencyKey))
		if err == nil {
			out = existing
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// One request per order line and per duplicate payment, whatever key
		// the caller used.
		same, err := queryRefunds(ctx, tx, `(line_id IS NOT NULL AND line_id = ?) OR (payment_id IS NOT NULL AND payment_id = ?)`, nullID(r.LineID), nullID(r.PaymentID))
		if err != nil {
			return err
		}
		if len(same) > 0 {
			out = same[0]
			return nil
		}
		os, err := s.scanOrders(ctx, tx, `SELECT `+orderCols+` FROM orders WHERE id = ?`, r.OrderID)
		if err != nil {
			return err
		}
		if len(os) == 0 {
			return fmt.Errorf("order %s: %w", r.OrderID, ErrNotFound)
		}
		o := os[0]
		if o.CustomerID != r.CustomerID {
			return fmt.Errorf("order %s belongs to another customer", r.OrderID)
		}
		switch r.Kind {
		case RefundLine:
			if _, ok := o.Line(r.LineID); !ok {
				return fmt.Errorf("line %d of order %s: %w", r.LineID, r.OrderID, ErrNotFound)
			}
		case RefundDoubleCharge:
			if !slices.ContainsFunc(o.Payments, func(p Payment) bool { return p.ID == r.PaymentID }) {
				return fmt.Errorf("payment %d of order %s: %w", r.PaymentID, r.OrderID, ErrNotFound)
			}
		case RefundOrder:
		default:
			return fmt.Errorf("unknown refund kind %q", r.Kind)
		}
		// The window and the threshold hold for every caller, not only
		// for the tools that explain them.
		if rules.OutsideWindow(s.policy.Refunds, r.Kind, o.PlacedAt, s.policy.judgedAt(r.CreatedAt)) {
			return fmt.Errorf("order placed %s, more than %d days ago: %w", o.PlacedAt.UTC().Format("2006-01-02"), s.policy.Refunds.WindowDays, ErrOutsideWindow)
		}
		// The same rule the tools explain the refund with decides what
		// may still be given back, here under the order's lock.
		refunds, err := queryRefunds(ctx, tx, `order_id = ?`, r.OrderID)
		if err != nil {
			return err
		}
		if left := Money(rules.ClaimLeft(o.Facts(refunds), rules.Claim{Kind: r.Kind, LineID: r.LineID, PaymentID: r.PaymentID})); r.Amount > left {
			return fmt.Errorf("%s left to refund for this %s, asked %s: %w", left, r.Kind, r.Amount, ErrExceedsPaid)
		}
		if r.Status == "" {
			r.Status = rules.NewStatus(s.policy.Refunds, r.Kind, int64(r.Amount))
		}
		if !rules.StatusAllowed(s.policy.Refunds, r.Kind, int64(r.Amount), r.Status) {
			return fmt.Errorf("a %s refund of %s may start as %s, not %s: %w", r.Kind, r.Amount,
				rules.NewStatus(s.policy.Refunds, r.Kind, int64(r.Amount)), r.Status, ErrRefundStatus)
		}
		var n int
		if err := tx.Lock(ctx, "cafebot.refund-ids"); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(CAST(SUBSTR(id, 2) AS INTEGER)), 2000) + 1 FROM refunds`).Scan(&n); err != nil {
			return err
		}
		r.ID = fmt.Sprintf("R%d", n)
		if _, err := tx.ExecContext(ctx, `INSERT INTO refunds (id, order_id, customer_id, kind, line_id, payment_id, amount_cents, reason, status, idempotency_key, created_at, updated_at, store)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.OrderID, r.CustomerID, r.Kind, nullID(r.LineID), nullID(r.PaymentID), r.Amount, r.Reason, r.Status, r.IdempotencyKey, fmtTime(r.CreatedAt), fmtTime(r.UpdatedAt), s.store); err != nil {
			return err
		}
		out = r
		out.CreatedAt = r.CreatedAt.UTC().Truncate(time.Second)
		out.UpdatedAt = r.UpdatedAt.UTC().Truncate(time.Second)
		created = true
		return nil
	})
	if isConstraint(err) {
		// Another writer stored the same line or key first: return theirs.
		existing, qerr := queryRefunds(ctx, s.db, `idempotency_key = ? OR (line_id IS NOT NULL AND line_id = ?) OR (payment_id IS NOT NULL AND payment_id = ?)`, r.IdempotencyKey, nullID(r.LineID), nullID(r.PaymentID))
		if qerr == nil && len(existing) > 0 {
			return existing[0], false, nil
		}
	}
	if err != nil {
		return Refund{}, false, fmt.Errorf("request refund on %s: %w", r.OrderID, err)
	}
	return out, created, nil
}
