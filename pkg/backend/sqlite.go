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

// migrations are the backend's schema versions; steps[i] is version i+1.
// Append new versions, never edit applied ones.
var migrations = []string{
	// v1: customers, loyalty, orders, refunds.
	`CREATE TABLE customers (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		phone TEXT NOT NULL,
		phone_digits TEXT NOT NULL UNIQUE,
		email TEXT NOT NULL DEFAULT '',
		internal_note TEXT NOT NULL DEFAULT '',
		created_at TEXT NOT NULL
	);
	CREATE TABLE top_ups (
		id TEXT PRIMARY KEY,
		customer_id TEXT NOT NULL REFERENCES customers(id),
		amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
		location TEXT NOT NULL,
		created_at TEXT NOT NULL
	);
	CREATE INDEX top_ups_customer ON top_ups(customer_id, created_at);
	CREATE TABLE orders (
		id TEXT PRIMARY KEY,
		customer_id TEXT NOT NULL REFERENCES customers(id),
		location TEXT NOT NULL,
		placed_at TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('preparing', 'ready', 'completed', 'cancelled')),
		total_cents INTEGER NOT NULL CHECK (total_cents >= 0)
	);
	CREATE INDEX orders_customer ON orders(customer_id, placed_at);
	CREATE TABLE order_lines (
		id INTEGER PRIMARY KEY,
		order_id TEXT NOT NULL REFERENCES orders(id),
		item TEXT NOT NULL,
		qty INTEGER NOT NULL CHECK (qty > 0),
		unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0)
	);
	CREATE INDEX order_lines_order ON order_lines(order_id);
	-- Only the last four digits of a card: a full number cannot be stored.
	CREATE TABLE payments (
		id INTEGER PRIMARY KEY,
		order_id TEXT NOT NULL REFERENCES orders(id),
		method TEXT NOT NULL,
		card_last4 TEXT NOT NULL DEFAULT ''
			CHECK (card_last4 = '' OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')),
		amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
		charged_at TEXT NOT NULL
	);
	CREATE INDEX payments_order ON payments(order_id);
	-- The balance is the sum of points; every entry is applied once per key.
	CREATE TABLE loyalty_ledger (
		id INTEGER PRIMARY KEY,
		customer_id TEXT NOT NULL REFERENCES customers(id),
		kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'bonus', 'adjustment')),
		points INTEGER NOT NULL,
		reason TEXT NOT NULL,
		order_id TEXT REFERENCES orders(id),
		top_up_id TEXT REFERENCES top_ups(id),
		idempotency_key TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL
	);
	CREATE INDEX ledger_customer ON loyalty_ledger(customer_id, created_at);
	CREATE TABLE refunds (
		id TEXT PRIMARY KEY,
		order_id TEXT NOT NULL REFERENCES orders(id),
		customer_id TEXT NOT NULL REFERENCES customers(id),
		kind TEXT NOT NULL CHECK (kind IN ('line', 'order', 'double_charge')),
		line_id INTEGER REFERENCES order_lines(id),
		payment_id INTEGER REFERENCES payments(id),
		amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
		reason TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'needs_manager', 'rejected', 'paid')),
		idempotency_key TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);
	CREATE INDEX refunds_order ON refunds(order_id);
	CREATE INDEX refunds_customer ON refunds(customer_id);
	-- One request per order line and per duplicate payment, whatever the key.
	CREATE UNIQUE INDEX refunds_line_once ON refunds(line_id) WHERE line_id IS NOT NULL;
	CREATE UNIQUE INDEX refunds_payment_once ON refunds(payment_id) WHERE payment_id IS NOT NULL;`,

	// v2: catering orders and the audit log of tool calls.
	`CREATE TABLE catering_orders (
		id TEXT PRIMARY KEY,
		customer_id TEXT NOT NULL REFERENCES customers(id),
		location TEXT NOT NULL,
		event_at TEXT NOT NULL,
		headcount INTEGER NOT NULL CHECK (headcount > 0),
		items_json TEXT NOT NULL,
		total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
		status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled')),
		cancellation_fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (cancellation_fee_cents >= 0),
		notes TEXT NOT NULL DEFAULT '',
		idempotency_key TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL,
		cancelled_at TEXT NOT NULL DEFAULT ''
	);
	CREATE INDEX catering_customer ON catering_orders(customer_id, event_at);
	CREATE TABLE audit_log (
		id INTEGER PRIMARY KEY,
		session TEXT NOT NULL DEFAULT '',
		customer_id TEXT NOT NULL DEFAULT '',
		at TEXT NOT NULL,
		tool TEXT NOT NULL,
		arguments_json TEXT NOT NULL,
		result_json TEXT NOT NULL,
		error TEXT NOT NULL DEFAULT '',
		refused INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX audit_customer ON audit_log(customer_id, at);`,

	// v3: the card on file (last four digits only) for the optional second
	// factor on account writes, and the answers given, for rate limiting.
	`ALTER TABLE customers ADD COLUMN card_last4 TEXT NOT NULL DEFAULT ''
		CHECK (card_last4 = '' OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*'));
	CREATE TABLE second_factor_attempts (
		id INTEGER PRIMARY KEY,
		customer_id TEXT NOT NULL,
		at TEXT NOT NULL,
		ok INTEGER NOT NULL
	);
	CREATE INDEX second_factor_customer ON second_factor_attempts(customer_id, at);`,

	// v4: the one-time passes that mask data written before masking
	// existed (see scrub). The conversation store keeps its passes in the
	// same table, so either may create it.
	`CREATE TABLE IF NOT EXISTS redaction_passes (
		name TEXT PRIMARY KEY,
		at TEXT NOT NULL,
		changed INTEGER NOT NULL
	);`,

	// v5: the chain store that wrote each row.
	storeMigration,
}

// storeMigration (SQLite v5, PostgreSQL v2) records which chain store
// wrote each ledger entry, refund request, catering order and audit row.
const storeMigration = `ALTER TABLE loyalty_ledger ADD COLUMN store TEXT NOT NULL DEFAULT '';
	ALTER TABLE refunds ADD COLUMN store TEXT NOT NULL DEFAULT '';
	ALTER TABLE catering_orders ADD COLUMN store TEXT NOT NULL DEFAULT '';
	ALTER TABLE audit_log ADD COLUMN store TEXT NOT NULL DEFAULT '';`

// SQLite is the bundled Backend. Despite its name (kept for its many
// callers) it runs on either engine sqldb speaks: cafebot's SQLite file
// by default, a chain's PostgreSQL server when database.url names one.
// The rules and queries are the same on both; only the schema's dialect
// and the locks differ.
type SQLite struct {
	db *sqldb.DB
	// store is written on every row the store's tools write.
	store string
}

// WithStore has s write store (the chain store's id) on every ledger
// entry, refund request, catering order and audit row it writes, and
// returns s.
func (s *SQLite) WithStore(store string) *SQLite {
	s.store = strings.TrimSpace(store)
	return s
}

var _ Backend = (*SQLite)(nil)

// NewSQLite returns the store on an SQLite handle from sqlitedb.Open
// after bringing the backend's tables up to date.
func NewSQLite(ctx context.Context, db *sql.DB) (*SQLite, error) {
	return Open(ctx, sqldb.Wrap(db))
}

// Open returns the store on db, SQLite or PostgreSQL, after bringing the
// backend's tables up to date.
func Open(ctx context.Context, db *sqldb.DB) (*SQLite, error) {
	steps := migrations
	if db.Engine() == sqldb.Postgres {
		steps = pgMigrations
	}
	if err := sqldb.Migrate(ctx, db, "backend", steps); err != nil {
		return nil, err
	}
	s := &SQLite{db: db}
	if _, err := s.scrub(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// timeLayout is how times are stored: UTC, so text order is time order.
const timeLayout = "2006-01-02T15:04:05Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Engine returns the database engine the store runs on.
func (s *SQLite) Engine() sqldb.Engine { return s.db.Engine() }

// DB returns the handle the store runs on.
func (s *SQLite) DB() *sqldb.DB { return s.db }

// txAttempts bounds how often inTx runs a transaction that lost a race.
const txAttempts = 4

// inTx runs fn in one transaction, committing when it returns nil. A
// transaction that lost a race (another store inserted the same key
// first, a deadlock, a serialization failure) is run again from the
// start: the second run sees the winner's row and returns it, so racing
// writers end with one row and no error.
func (s *SQLite) inTx(ctx context.Context, fn func(tx *sqldb.Tx) error) error {
	var err error
	for range txAttempts {
		if err = s.tryTx(ctx, fn); err == nil || !(sqldb.IsConflict(err) || sqldb.Retryable(err)) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

func (s *SQLite) tryTx(ctx context.Context, fn func(tx *sqldb.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// lockCustomer locks the customer's row until the transaction ends (on
// PostgreSQL; SQLite's transaction holds the file's write lock), so two
// stores changing one customer's points or bookings take turns and each
// sees what the other committed.
func lockCustomer(ctx context.Context, tx *sqldb.Tx, customerID string) error {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM customers WHERE id = ?`+tx.ForUpdate(), customerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the insert's foreign key reports it
	}
	return err
}

// allRows is the LIMIT that means no limit on both engines.
const allRows = 1 << 31

func limitOrAll(limit int) int {
	if limit <= 0 {
		return allRows
	}
	return limit
}

// keepFor returns the contact data masking leaves in a customer's own
// records: their phone and email. Everyone else's, and every card number,
// is masked before it is stored.
func keepFor(ctx context.Context, q querier, customerID string) redact.Keep {
	var phone, email string
	if err := q.QueryRowContext(ctx, `SELECT phone, email FROM customers WHERE id = ?`, customerID).Scan(&phone, &email); err != nil {
		return redact.NewKeep()
	}
	return redact.NewKeep(phone, email)
}

func isConstraint(err error) bool { return sqldb.IsConstraint(err) }

// ---- customers ----

const customerCols = `id, name, phone, email, internal_note, created_at`

func scanCustomer(sc interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var created string
	if err := sc.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.InternalNote, &created); err != nil {
		return c, err
	}
	var err error
	c.CreatedAt, err = parseTime(created)
	return c, err
}

// ListCustomers returns every customer ordered by id.
func (s *SQLite) ListCustomers(ctx context.Context) ([]Customer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var out []Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return out, nil
}

// FindCustomer returns the customer with the given id, phone or email.
func (s *SQLite) FindCustomer(ctx context.Context, idOrPhone string) (Customer, error) {
	key := strings.TrimSpace(idOrPhone)
	var row *sql.Row
	switch {
	case key == "":
		return Customer{}, fmt.Errorf("find customer: empty id or phone: %w", ErrNotFound)
	case IsCustomerID(key):
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, strings.ToUpper(key))
	case strings.Contains(key, "@"):
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE lower(email) = lower(?)`, key)
	default:
		digits := NormalizePhone(key)
		if len(digits) < 7 {
			return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, ErrNotFound)
		}
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE phone_digits = ?`, digits)
	}
	c, err := scanCustomer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, ErrNotFound)
	}
	if err != nil {
		return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, err)
	}
	return c, nil
}

// Account returns everything the store holds about one customer.
func (s *SQLite) Account(ctx context.Context, customerID string) (Account, error) {
	c, err := s.FindCustomer(ctx, customerID)
	if err != nil {
		return Account{}, err
	}
	a := Account{Customer: c}
	if a.Balance, err = s.Balance(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Ledger, err = s.Ledger(ctx, c.ID, 0); err != nil {
		return a, err
	}
	if a.TopUps, err = s.TopUps(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Orders, err = s.Orders(ctx, c.ID, 0); err != nil {
		return a, err
	}
	if a.Refunds, err = s.Refunds(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Catering, err = s.CateringOrders(ctx, c.ID); err != nil {
		return a, err
	}
	return a, nil
}

// ---- loyalty ----

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

// ---- orders ----

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

// ---- refunds ----

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
		r.CreatedAt = time.Now()
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
		// The same rule the tools explain the refund with decides what
		// may still be given back, here under the order's lock.
		refunds, err := queryRefunds(ctx, tx, `order_id = ?`, r.OrderID)
		if err != nil {
			return err
		}
		if left := Money(rules.ClaimLeft(o.Facts(refunds), rules.Claim{Kind: r.Kind, LineID: r.LineID, PaymentID: r.PaymentID})); r.Amount > left {
			return fmt.Errorf("%s left to refund for this %s, asked %s: %w", left, r.Kind, r.Amount, ErrExceedsPaid)
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

// ---- catering ----

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

// ---- audit ----

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
