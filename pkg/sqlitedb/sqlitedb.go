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

// Open opens (creating if needed) the SQLite file at path in WAL mode with
// foreign keys on and a busy timeout, so several cafebot processes (a chat
// and an ingest, say) can share it.
func Open(ctx context.Context, path string) (*sql.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	dsn := "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetConnMaxIdleTime(time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Migrate brings one component's schema up to date. steps[i] is the SQL of
// version i+1; versions already applied (recorded in schema_migrations per
// component) are skipped, and each step runs in its own transaction so a
// crash never leaves a half-applied version.
func Migrate(ctx context.Context, db *sql.DB, component string, steps []string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		component TEXT NOT NULL,
		version INTEGER NOT NULL,
		applied_at TEXT NOT NULL,
		PRIMARY KEY (component, version))`); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE component = ?`, component).Scan(&current); err != nil {
		return fmt.Errorf("migrate %s: %w", component, err)
	}
	for i := current; i < len(steps); i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate %s to v%d: %w", component, i+1, err)
		}
		if _, err := tx.ExecContext(ctx, steps[i]); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s to v%d: %w", component, i+1, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (component, version, applied_at) VALUES (?, ?, ?)`,
			component, i+1, time.Now().UTC().Format(time.RFC3339)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s to v%d: %w", component, i+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s to v%d: %w", component, i+1, err)
		}
	}
	return nil
}
