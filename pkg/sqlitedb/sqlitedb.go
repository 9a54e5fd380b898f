// Package sqlitedb opens cafebot's one SQLite file (accounts, handoff
// tickets, conversations) and applies each component's versioned schema
// migrations. It uses the pure-Go modernc.org/sqlite driver, so no cgo.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's name under cafebot's home directory.
const FileName = "cafebot.db"

// emptyGrace is how old a zero-byte database file must be before Open calls
// it truncated: a file another process has just created is empty for the
// moment it takes to write the first page.
const emptyGrace = time.Minute

// Open opens (creating if needed) the SQLite file at path in WAL mode with
// foreign keys on and a busy timeout, so several cafebot processes (a chat
// and an ingest, say) can share it. A file that is not a database, is
// corrupt, or was truncated to nothing is refused with an *Error that says
// what to do, rather than silently started afresh.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, classify(path, "open", err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && st.Size() == 0 && time.Since(st.ModTime()) > emptyGrace {
		return nil, &Error{Path: path, Op: "open", Kind: KindEmpty, Err: fmt.Errorf("the file is empty (0 bytes)")}
	}
	// A fresh file switching to WAL takes locks the busy timeout does not
	// cover, so concurrent first opens can see SQLITE_BUSY at once; they
	// retry for as long as the busy timeout would have waited.
	deadline := time.Now().Add(busyWait)
	for {
		db, err := open(ctx, path)
		if err == nil || KindOf(err) != KindBusy || time.Now().After(deadline) {
			return db, err
		}
		select {
		case <-ctx.Done():
			return nil, classify(path, "open", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// busyWait matches the busy_timeout pragma below.
const busyWait = 5 * time.Second

func open(ctx context.Context, path string) (*sql.DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, classify(path, "open", err)
	}
	db.SetConnMaxIdleTime(time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, classify(path, "open", err)
	}
	// Reading the schema makes a file that is not a database (or whose
	// header is damaged) fail here, with a hint, instead of at the first
	// customer's question.
	var v int
	if err := db.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v); err != nil {
		db.Close()
		return nil, classify(path, "open", err)
	}
	return db, nil
}

// Migrate brings one component's schema up to date. steps[i] is the SQL of
// version i+1. Each version is applied in its own BEGIN IMMEDIATE
// transaction that first re-reads the version under the write lock, so two
// processes opening a fresh home at once never both apply the same step,
// and a crash never leaves a half-applied version.
func Migrate(ctx context.Context, db *sql.DB, component string, steps []string) error {
	for {
		applied, err := migrateOne(ctx, db, component, steps)
		if err != nil {
			return err
		}
		if !applied {
			return nil
		}
	}
}

// migrateOne applies the next missing version, if any, and reports whether
// it applied one.
func migrateOne(ctx context.Context, db *sql.DB, component string, steps []string) (bool, error) {
	// The DSN's _txlock=immediate makes BeginTx a BEGIN IMMEDIATE: the
	// write lock is taken before the version is read.
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate %s: %w", component, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		component TEXT NOT NULL,
		version INTEGER NOT NULL,
		applied_at TEXT NOT NULL,
		PRIMARY KEY (component, version))`); err != nil {
		return false, fmt.Errorf("migrate %s: %w", component, err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?`, component).Scan(&current); err != nil {
		return false, fmt.Errorf("migrate %s: %w", component, err)
	}
	if current > len(steps) {
		return false, &Error{Op: "migrate " + component, Kind: KindTooNew,
			Err: fmt.Errorf("the database is at version %d, this cafebot knows %d", current, len(steps))}
	}
	if current == len(steps) {
		return false, tx.Commit()
	}
	if _, err := tx.ExecContext(ctx, steps[current]); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", component, current+1, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)`,
		component, current+1, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", component, current+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate %s to v%d: %w", component, current+1, err)
	}
	return true, nil
}
