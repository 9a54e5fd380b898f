package config

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestValidateDatabase(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(*Database)
		wantKey string
	}{
		{"default is the local file", func(*Database) {}, ""},
		{"postgres url", func(d *Database) { d.URL = "postgres://cafe:pw@head-office:5432/cafebot" }, ""},
		{"postgresql url", func(d *Database) { d.URL = "postgresql://cafe@10.0.0.5/cafebot" }, ""},
		{"mysql url", func(d *Database) { d.URL = "mysql://cafe:pw@host/db" }, "database.url"},
		{"a file path", func(d *Database) { d.URL = "/var/lib/cafebot.db" }, "database.url"},
		{"no connections", func(d *Database) { d.MaxConns = 0 }, "database.max_conns"},
		{"too many connections", func(d *Database) { d.MaxConns = 101 }, "database.max_conns"},
		{"zero timeout", func(d *Database) { d.ConnTimeout = 0 }, "database.conn_timeout"},
		{"hour timeout", func(d *Database) { d.ConnTimeout = Duration(time.Hour) }, "database.conn_timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c.Database)
			errs := c.validateDatabase()
			if tt.wantKey == "" {
				if len(errs) != 0 {
					t.Fatalf("errors %v, want none", errs)
				}
				return
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tt.wantKey) {
				t.Fatalf("errors %v, want one naming %s", errs, tt.wantKey)
			}
			if strings.Contains(errs[0].Error(), "pw@") {
				t.Errorf("the error shows the password: %v", errs[0])
			}
		})
	}
}

func TestDatabaseURLPrintsMasked(t *testing.T) {
	c := Default()
	c.Database.URL = "postgres://cafe:s3cret@head-office:5432/cafebot"
	b, err := json.Marshal(c.Database)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "s3cret") || !strings.Contains(string(b), "postgres://cafe:xxxxx@head-office:5432/cafebot") {
		t.Errorf("json %s: want the password masked and the rest kept", b)
	}
	c.applyEnv(func(k string) string {
		if k == "CAFEBOT_DATABASE_URL" {
			return "postgres://other@db/x"
		}
		return ""
	})
	if c.Database.URL != "postgres://other@db/x" {
		t.Errorf("CAFEBOT_DATABASE_URL did not win: %q", c.Database.URL)
	}
}
