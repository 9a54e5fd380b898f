package config

import (
	"fmt"
	"strings"
	"time"
)

// validateDatabase checks the database section: a URL is empty (the local
// SQLite file) or a postgres:// URL, and the pool settings are in range.
func (c Config) validateDatabase() []error {
	var errs []error
	d := c.Database
	if u := strings.ToLower(strings.TrimSpace(string(d.URL))); u != "" &&
		!strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		errs = append(errs, &RangeError{Key: "database.url", Want: `"" (the local SQLite file) or postgres://USER:PASSWORD@HOST:5432/DBNAME`, Got: fmt.Sprintf("%q", d.URL.Masked())})
	}
	if d.MaxConns < 1 || d.MaxConns > 100 {
		errs = append(errs, &RangeError{Key: "database.max_conns", Want: "from 1 to 100", Got: fmt.Sprint(d.MaxConns)})
	}
	if t := d.ConnTimeout.D(); t < 100*time.Millisecond || t > time.Minute {
		errs = append(errs, &RangeError{Key: "database.conn_timeout", Want: "from 100ms to 1m", Got: t.String()})
	}
	return append(errs, c.validateHosts()...)
}
