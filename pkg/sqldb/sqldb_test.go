package sqldb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		engine   Engine
		in, want string
	}{
		{SQLite, `SELECT * FROM t WHERE a = ? AND b = ?`, `SELECT * FROM t WHERE a = ? AND b = ?`},
		{Postgres, `SELECT * FROM t WHERE a = ? AND b = ?`, `SELECT * FROM t WHERE a = $1 AND b = $2`},
		{Postgres, `SELECT 'what?' || ? FROM t`, `SELECT 'what?' || $1 FROM t`},
		{Postgres, `UPDATE t SET k = k || '#x:' || id WHERE id = ?`, `UPDATE t SET k = k || '#x:' || id WHERE id = $1`},
		{Postgres, `SELECT 'it''s?' , ?`, `SELECT 'it''s?' , $1`},
		{Postgres, `SELECT 1`, `SELECT 1`},
	}
	for _, tt := range tests {
		if got := rebind(tt.engine, tt.in); got != tt.want {
			t.Errorf("rebind(%s, %q) = %q, want %q", tt.engine, tt.in, got, tt.want)
		}
	}
}

func FuzzRebind(f *testing.F) {
	f.Add(`SELECT ? FROM t WHERE x = '?' AND y = ?`)
	f.Fuzz(func(t *testing.T, q string) {
		got := rebind(Postgres, q)
		if strings.Count(q, "?") == 0 && got != q {
			t.Fatalf("a query without placeholders changed: %q -> %q", q, got)
		}
		// Outside quotes every ? becomes $n, numbered from 1 in order.
		if !strings.Contains(q, "'") && strings.Contains(got, "?") {
			t.Fatalf("unquoted ? left in %q", got)
		}
	})
}

func TestKindOfAndHint(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want Kind
	}{
		{"wrong password", &pgconn.PgError{Code: "28P01", Message: "password authentication failed for user \"cafe\""}, KindAuth},
		{"no such role", &pgconn.PgError{Code: "28000"}, KindAuth},
		{"no such database", fmt.Errorf("open: %w", &pgconn.PgError{Code: "3D000"}), KindNoDatabase},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, KindUnreachable},
		{"unique violation", &pgconn.PgError{Code: "23505"}, KindOther},
		{"refused", errors.New("dial tcp 127.0.0.1:9: connect: connection refused"), KindUnreachable},
		{"plain", errors.New("something else"), KindOther},
		{"bad url", &Error{Kind: KindBadURL, Err: errors.New("x")}, KindBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindOf(tt.err); got != tt.want {
				t.Fatalf("KindOf = %v, want %v", got, tt.want)
			}
			if h := Hint(tt.err); (h != "") != (tt.want != KindOther) {
				t.Errorf("Hint = %q for kind %v", h, tt.want)
			}
		})
	}
	if !IsConflict(&pgconn.PgError{Code: "23505"}) || IsConflict(&pgconn.PgError{Code: "23503"}) || !IsConstraint(&pgconn.PgError{Code: "23503"}) {
		t.Error("IsConflict/IsConstraint misread the SQLSTATE class")
	}
}

func TestOpenPostgresErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, url string
		want      Kind
	}{
		{"nothing listens", "postgres://cafe:s3cret@127.0.0.1:9/cafebot?sslmode=disable", KindUnreachable},
		{"not a url", "postgres://[::1", KindBadURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenPostgres(ctx, tt.url, Pool{ConnTimeout: 2 * time.Second})
			if KindOf(err) != tt.want || Hint(err) == "" {
				t.Fatalf("err %v (kind %v), want kind %v with a hint", err, KindOf(err), tt.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://cafe:pw@h:5432/db":    "postgres://cafe:xxxxx@h:5432/db",
		"postgres://cafe@h/db":            "postgres://cafe@h/db",
		"postgres://h/db?sslmode=disable": "postgres://h/db?sslmode=disable",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestKindOfLeavesFileErrorsAlone: a missing path (an *fs.PathError, which
// also satisfies net.Error) is not a database server problem.
func TestKindOfLeavesFileErrorsAlone(t *testing.T) {
	_, err := os.Stat(filepath.Join(t.TempDir(), "no", "such", "dir"))
	err = fmt.Errorf("ingest: %w", err)
	if k := KindOf(err); k != KindOther {
		t.Fatalf("KindOf(missing path) = %v, want KindOther", k)
	}
	if h := Hint(err); h != "" {
		t.Fatalf("a missing path got a database hint: %q", h)
	}
}
