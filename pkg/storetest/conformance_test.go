package storetest_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
	"github.com/cafebot/cafebot/pkg/storetest"
)

func newSQLite(t *testing.T) *sqldb.DB {
	db, err := sqlitedb.Open(context.Background(), filepath.Join(t.TempDir(), sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqldb.Wrap(db)
}

func TestConformanceSQLite(t *testing.T) {
	storetest.Run(t, newSQLite)
}

func TestConformancePostgres(t *testing.T) {
	srv := pgtest.Start(t)
	storetest.Run(t, func(t *testing.T) *sqldb.DB { return openPG(t, srv.NewSchema(t)) })
}

// openPG opens one store's connection pool on url.
func openPG(t testing.TB, url string) *sqldb.DB {
	t.Helper()
	db, err := sqldb.OpenPostgres(context.Background(), url, sqldb.Pool{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
