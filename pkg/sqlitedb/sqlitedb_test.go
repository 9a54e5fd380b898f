package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var steps = []string{
	`CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT)`,
	`CREATE TABLE b (id INTEGER PRIMARY KEY); CREATE INDEX b_id ON b(id)`,
	`ALTER TABLE a ADD COLUMN w TEXT`,
}

// TestMigrateConcurrentFreshHome is the "table already exists" attack: many
// processes (separate pools, so separate connections) open a fresh home at
// once. Every one must succeed and each version be applied exactly once.
func TestMigrateConcurrentFreshHome(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), FileName)
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				db, err := Open(context.Background(), path)
				if err != nil {
					errs[i] = err
					return
				}
				defer db.Close()
				errs[i] = Migrate(context.Background(), db, "test", steps)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, process %d: %v", round, i, err)
			}
		}
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var versions, rows int
		if err := db.QueryRow(`SELECT COUNT(*), COUNT(DISTINCT version) FROM schema_migrations WHERE component = 'test'`).Scan(&rows, &versions); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if rows != len(steps) || versions != len(steps) {
			t.Fatalf("round %d: %d rows for %d versions, want %d each", round, rows, versions, len(steps))
		}
	}
}

func TestMigrateIsIdempotentAndRefusesNewer(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), FileName))
	for range 2 {
		if err := Migrate(context.Background(), db, "test", steps); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO a (v, w) VALUES ('x', 'y')`); err != nil {
		t.Fatalf("the last step did not apply: %v", err)
	}
	err := Migrate(context.Background(), db, "test", steps[:1])
	if KindOf(err) != KindTooNew || Hint(err) == "" {
		t.Fatalf("older binary on a newer database: got %v (kind %v)", err, KindOf(err))
	}
}

func TestOpenRefusesBadFiles(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	cases := []struct {
		name  string
		write func(path string) error
		want  Kind
	}{
		{"not a database", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat("this is a menu, not a database\n", 200)), 0o644)
		}, KindNotADatabase},
		{"truncated to nothing", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			return os.Chtimes(p, old, old)
		}, KindEmpty},
		{"corrupt pages", corrupt, KindCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := c.write(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)
			db, err := Open(context.Background(), path)
			if err == nil {
				// Corruption below the header surfaces at the first read.
				err = Migrate(context.Background(), db, "test", steps)
				if err == nil {
					_, err = db.Exec(`SELECT COUNT(*) FROM a`)
				}
				db.Close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			if got := KindOf(err); got != c.want {
				t.Fatalf("kind %v, want %v (%v)", got, c.want, err)
			}
			if Hint(err) == "" {
				t.Fatalf("no hint for %v", err)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Fatal("the refused file was changed: a bad database must be left as it was")
			}
		})
	}
}

func TestOpenAcceptsAFreshEmptyFile(t *testing.T) {
	// Another process has just created the file: it is empty for a moment.
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	db := mustOpen(t, path)
	if err := Migrate(context.Background(), db, "test", steps); err != nil {
		t.Fatal(err)
	}
}

func TestKindOfReadOnlyAndSystemErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := mustOpen(t, path)
	if err := Migrate(context.Background(), db, "test", steps); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Exec(`INSERT INTO a (v) VALUES ('x')`)
	if KindOf(err) != KindReadOnly {
		t.Fatalf("write to a read-only database: kind %v (%v)", KindOf(err), err)
	}
	for _, c := range []struct {
		err  error
		want Kind
	}{
		{fmt.Errorf("save: %w", syscall.ENOSPC), KindFull},
		{fmt.Errorf("save: %w", syscall.EROFS), KindReadOnly},
		{errors.New("something else"), KindOther},
	} {
		if got := KindOf(c.err); got != c.want {
			t.Errorf("KindOf(%v) = %v, want %v", c.err, got, c.want)
		}
	}
	if Hint(errors.New("something else")) != "" {
		t.Error("an unrelated error got a database hint")
	}
}

func mustOpen(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// corrupt writes a real database with a few pages of rows, then overwrites
// everything after the header page with garbage.
func corrupt(path string) error {
	db, err := Open(context.Background(), path)
	if err != nil {
		return err
	}
	if err := Migrate(context.Background(), db, "test", steps); err != nil {
		return err
	}
	for i := range 200 {
		if _, err := db.Exec(`INSERT INTO a (v) VALUES (?)`, strings.Repeat(fmt.Sprint(i), 100)); err != nil {
			return err
		}
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return err
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for i := 4096; i < len(data); i++ {
		data[i] = byte(i * 7)
	}
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	return os.WriteFile(path, data, 0o644)
}
