package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
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
	// policy is the account rules every write is held to.
	policy Policy
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
// after bringing the backend's tables up to date, holding writes to
// DefaultPolicy.
func NewSQLite(ctx context.Context, db *sql.DB) (*SQLite, error) {
	return OpenWith(ctx, sqldb.Wrap(db), DefaultPolicy())
}

// Open returns the store on db, SQLite or PostgreSQL, after bringing the
// backend's tables up to date, holding writes to DefaultPolicy.
func Open(ctx context.Context, db *sqldb.DB) (*SQLite, error) {
	return OpenWith(ctx, db, DefaultPolicy())
}

// OpenWith is Open holding every write to the rules of p (the config's,
// from PolicyFrom), however the store is called.
func OpenWith(ctx context.Context, db *sqldb.DB, p Policy) (*SQLite, error) {
	steps := migrations
	if db.Engine() == sqldb.Postgres {
		steps = pgMigrations
	}
	if err := sqldb.Migrate(ctx, db, "backend", steps); err != nil {
		return nil, err
	}
	s := &SQLite{db: db, policy: p}
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
