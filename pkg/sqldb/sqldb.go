// Package sqldb is the one SQL handle cafebot's stores share, on either
// engine: the embedded SQLite file (the default, nothing to install) or a
// PostgreSQL server a café chain shares. Stores write their queries once,
// with "?" placeholders; DB rewrites them for the engine, so the account,
// ticket and conversation rules have one home whatever holds the rows.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// Engine names the database engine behind a DB.
type Engine int

// The engines cafebot runs on.
const (
	// SQLite is the embedded file under cafebot's home.
	SQLite Engine = iota
	// Postgres is a PostgreSQL server named by database.url.
	Postgres
)

// String returns "sqlite" or "postgres".
func (e Engine) String() string {
	if e == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// DB is a *sql.DB with the engine it talks to. Its query methods take
// "?" placeholders whatever the engine.
type DB struct {
	db     *sql.DB
	engine Engine
}

// Wrap returns the DB for an SQLite handle from sqlitedb.Open.
func Wrap(db *sql.DB) *DB { return &DB{db: db, engine: SQLite} }

// Engine returns the engine behind d.
func (d *DB) Engine() Engine { return d.engine }

// SQL returns the underlying handle, for code that speaks one engine only.
func (d *DB) SQL() *sql.DB { return d.db }

// Close closes the handle and its pool.
func (d *DB) Close() error { return d.db.Close() }

// PingContext checks that the database answers.
func (d *DB) PingContext(ctx context.Context) error { return d.db.PingContext(ctx) }

// Rebind returns query with its "?" placeholders in the engine's form
// ($1, $2, ... on PostgreSQL). A "?" inside a quoted literal is left alone.
func (d *DB) Rebind(query string) string { return rebind(d.engine, query) }

func rebind(e Engine, query string) string {
	if e != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, quoted := 0, false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// QueryContext runs a query that returns rows.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.db.QueryContext(ctx, d.Rebind(query), args...)
}

// QueryRowContext runs a query that returns at most one row.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.db.QueryRowContext(ctx, d.Rebind(query), args...)
}

// ExecContext runs a statement that returns no rows.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.db.ExecContext(ctx, d.Rebind(query), args...)
}

// BeginTx starts a transaction. On SQLite it takes the write lock at once
// (sqlitedb's DSN makes every BEGIN immediate), so a read-then-write is
// never raced; on PostgreSQL the store takes the row locks it needs with
// ForUpdate and Lock.
func (d *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, engine: d.engine}, nil
}

// Conn returns one connection of the pool, for settings that must hold
// for a single transaction (SQLite's synchronous pragma).
func (d *DB) Conn(ctx context.Context) (*Conn, error) {
	c, err := d.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &Conn{c: c, engine: d.engine}, nil
}

// ForUpdate returns " FOR UPDATE" on PostgreSQL, to append to a SELECT
// whose rows the transaction will change, and "" on SQLite, whose
// transactions hold the whole file's write lock already.
func (d *DB) ForUpdate() string { return forUpdate(d.engine) }

func forUpdate(e Engine) string {
	if e == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// Tx is a transaction on a DB.
type Tx struct {
	tx     *sql.Tx
	engine Engine
}

// Engine returns the engine the transaction runs on.
func (t *Tx) Engine() Engine { return t.engine }

// ForUpdate is DB.ForUpdate for the transaction's engine.
func (t *Tx) ForUpdate() string { return forUpdate(t.engine) }

// QueryContext runs a query that returns rows.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, rebind(t.engine, query), args...)
}

// QueryRowContext runs a query that returns at most one row.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, rebind(t.engine, query), args...)
}

// ExecContext runs a statement that returns no rows.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, rebind(t.engine, query), args...)
}

// Lock holds a lock named key until the transaction ends, so writers of
// the same thing (a new id, one matter's ticket) take turns. On SQLite
// the transaction already holds the file's write lock and Lock does
// nothing; on PostgreSQL it is a transaction-level advisory lock.
func (t *Tx) Lock(ctx context.Context, key string) error {
	if t.engine != Postgres {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, key)
	return err
}

// Commit commits the transaction.
func (t *Tx) Commit() error { return t.tx.Commit() }

// Rollback aborts the transaction; after Commit it does nothing.
func (t *Tx) Rollback() error { return t.tx.Rollback() }

// Conn is one connection of a DB's pool.
type Conn struct {
	c      *sql.Conn
	engine Engine
}

// Engine returns the engine the connection talks to.
func (c *Conn) Engine() Engine { return c.engine }

// ExecContext runs a statement that returns no rows.
func (c *Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.c.ExecContext(ctx, rebind(c.engine, query), args...)
}

// BeginTx starts a transaction on the connection.
func (c *Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := c.c.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{tx: tx, engine: c.engine}, nil
}

// Close returns the connection to the pool.
func (c *Conn) Close() error { return c.c.Close() }

// Migrate brings one component's schema up to date on d's engine; steps
// are the versions in order, written for that engine. On SQLite it is
// sqlitedb.Migrate; on PostgreSQL every missing version is applied in one
// transaction under an advisory lock, so two stores starting at once
// never both apply a version and a failed one leaves nothing half done.
func Migrate(ctx context.Context, d *DB, component string, steps []string) error {
	if d.engine == Postgres {
		return migratePostgres(ctx, d, component, steps)
	}
	return sqlitedb.Migrate(ctx, d.db, component, steps)
}

// IsConflict reports whether err is a unique-key (or primary-key)
// violation on either engine: another writer stored the same row first.
func IsConflict(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsConstraint reports whether err is any constraint violation (unique,
// check, foreign key, not null) on either engine.
func IsConstraint(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "23")
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code()&0xff == sqlite3.SQLITE_CONSTRAINT
	}
	return err != nil && strings.Contains(err.Error(), "constraint failed")
}

// Retryable reports whether a PostgreSQL transaction failed only because
// it raced another (a serialization failure or a deadlock) and may simply
// be run again.
func Retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
