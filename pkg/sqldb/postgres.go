package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Pool holds the connection-pool settings for a PostgreSQL server.
type Pool struct {
	// MaxConns caps the open connections; 0 means 10.
	MaxConns int
	// ConnTimeout bounds one connection attempt; 0 means 5 seconds.
	ConnTimeout time.Duration
}

// IsPostgresURL reports whether url names a PostgreSQL server
// (postgres:// or postgresql://).
func IsPostgresURL(url string) bool {
	u := strings.ToLower(strings.TrimSpace(url))
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// OpenPostgres connects to the server at url and checks that it answers.
// A failure is an *Error whose Kind says what to fix: KindUnreachable,
// KindAuth, KindNoDatabase or KindBadURL.
func OpenPostgres(ctx context.Context, url string, p Pool) (*DB, error) {
	if p.MaxConns <= 0 {
		p.MaxConns = 10
	}
	if p.ConnTimeout <= 0 {
		p.ConnTimeout = 5 * time.Second
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, &Error{URL: Redact(url), Kind: KindBadURL, Err: errors.New("the URL cannot be read (want postgres://user@host:5432/dbname)")}
	}
	cfg.ConnectTimeout = p.ConnTimeout
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(p.MaxConns)
	db.SetMaxIdleConns(p.MaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, p.ConnTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, Classify(url, err)
	}
	return &DB{db: db, engine: Postgres}, nil
}

// Redact returns url with its password replaced by "xxxxx", for messages.
func Redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	userinfo := url[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:scheme+3] + userinfo[:i] + ":xxxxx" + url[at:]
	}
	return url
}

// Kind names what went wrong reaching a PostgreSQL server.
type Kind int

// The kinds of server failure cafebot tells apart.
const (
	KindOther Kind = iota
	// KindUnreachable: no server answered at the address (down, wrong
	// host or port, a network outage).
	KindUnreachable
	// KindAuth: the server refused the user or password.
	KindAuth
	// KindNoDatabase: the server has no database of that name.
	KindNoDatabase
	// KindBadURL: database.url is not a PostgreSQL URL pgx can read.
	KindBadURL
	// KindTooNew: a newer cafebot migrated the database.
	KindTooNew
)

// Error is a PostgreSQL failure with the (password-free) URL and its kind.
type Error struct {
	URL  string
	Kind Kind
	Err  error
}

// Error returns "postgres URL: MESSAGE"; for an unreachable server the
// message is the network error alone ("dial tcp HOST:PORT: connect:
// connection refused"), not pgx's longer account of the attempt.
func (e *Error) Error() string {
	msg := e.Err.Error()
	var oe *net.OpError
	if e.Kind == KindUnreachable && errors.As(e.Err, &oe) {
		msg = "unreachable: " + oe.Error()
	}
	if e.URL == "" {
		return "postgres: " + msg
	}
	return fmt.Sprintf("postgres %s: %s", e.URL, msg)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Classify wraps an error from the server at url with its kind.
func Classify(url string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{URL: Redact(url), Kind: KindOf(err), Err: err}
}

// KindOf classifies an error from a PostgreSQL server, wherever it was
// wrapped.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) && e.Kind != KindOther {
		return e.Kind
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "28P01" || pe.Code == "28000":
			return KindAuth
		case pe.Code == "3D000":
			return KindNoDatabase
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03":
			// connection exceptions and a server shutting down or starting
			return KindUnreachable
		}
		return KindOther
	}
	// Not the net.Error interface: *fs.PathError satisfies it too, and a
	// missing file must not be blamed on the database server.
	var de *net.DNSError
	var oe *net.OpError
	var ce *pgconn.ConnectError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.EPIPE):
		return KindUnreachable
	case errors.As(err, &oe), errors.As(err, &de), errors.As(err, &ce):
		return KindUnreachable
	case pgconn.SafeToRetry(err), errors.Is(err, sql.ErrConnDone):
		return KindUnreachable
	}
	if s := err.Error(); strings.Contains(s, "connection refused") || strings.Contains(s, "no such host") ||
		strings.Contains(s, "conn closed") || strings.Contains(s, "unexpected EOF") {
		return KindUnreachable
	}
	return KindOther
}

// Unreachable reports whether err means the server could not be reached,
// the case in which a store falls back to its local outbox.
func Unreachable(err error) bool { return err != nil && KindOf(err) == KindUnreachable }

// Hint returns the one-line advice for a PostgreSQL error, or "" when err
// is not one this package recognises.
func Hint(err error) string {
	switch KindOf(err) {
	case KindUnreachable:
		return "no PostgreSQL server answered: check database.url's host and port, that the server runs (`pg_isready -h HOST -p PORT`), and the network; FAQ answers keep working meanwhile"
	case KindAuth:
		return "the server refused the user or password in database.url (or CAFEBOT_DATABASE_URL): check them, and the server's pg_hba.conf"
	case KindNoDatabase:
		return "that database does not exist on the server: create it (`createdb -h HOST -U USER NAME`) or fix the name at the end of database.url"
	case KindBadURL:
		return "set database.url to postgres://USER:PASSWORD@HOST:5432/DBNAME, or remove it to use the local SQLite file"
	case KindTooNew:
		return "a newer cafebot migrated this database: upgrade this store's cafebot to the head office's version"
	}
	return ""
}

// migratePostgres applies every missing version of component in one
// transaction holding an advisory lock on the component's name.
func migratePostgres(ctx context.Context, d *DB, component string, steps []string) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('cafebot.migrate'))`); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		component TEXT NOT NULL,
		version INTEGER NOT NULL,
		applied_at TEXT NOT NULL,
		PRIMARY KEY (component, version))`); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = $1`, component).Scan(&current); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	if current > len(steps) {
		return &Error{Kind: KindTooNew, Err: fmt.Errorf("migrate %s: the database is at version %d, this cafebot knows %d", component, current, len(steps))}
	}
	if current == len(steps) {
		return tx.Commit()
	}
	for v := current; v < len(steps); v++ {
		if _, err := tx.ExecContext(ctx, steps[v]); err != nil {
			return fmt.Errorf("migrate %s to v%d: %w", component, v+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (component, version, applied_at) VALUES ($1, $2, $3)`,
			component, v+1, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return fmt.Errorf("migrate %s to v%d: %w", component, v+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	return nil
}
