package backend

import (
	"context"
	"fmt"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// scrubPass names the one-time pass that masks card numbers in rows
// stored before the store masked on write. A later change to what is
// masked gets a new name, and so a new pass.
const scrubPass = "cards-v1"

// scrubColumns are the free-text columns of each table that may hold what
// a customer typed; json marks JSON columns. Idempotency keys are left
// out: they are built from ids, and two keys masked alike would collide
// on their unique index.
var scrubColumns = []struct {
	table string
	cols  []string
	json  map[string]bool
}{
	{"loyalty_ledger", []string{"reason"}, nil},
	{"refunds", []string{"reason"}, nil},
	{"catering_orders", []string{"notes", "location", "items_json"}, map[string]bool{"items_json": true}},
	{"audit_log", []string{"arguments_json", "result_json", "error"}, map[string]bool{"arguments_json": true, "result_json": true}},
}

// scrub masks card numbers in rows written before masking on write, once
// per database (recorded in redaction_passes), and returns how many rows
// it changed. Contacts are left alone: whose they were is not known now.
func (s *SQLite) scrub(ctx context.Context) (int, error) {
	var done int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM redaction_passes WHERE name = ?`, scrubPass).Scan(&done); err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	if done > 0 {
		return 0, nil
	}
	k := redact.CardsOnly()
	changed := 0
	err := s.inTx(ctx, func(tx *sqldb.Tx) error {
		// Two stores opening at once: the second waits for the first's
		// pass and then finds it done (SQLite's write lock does the same).
		changed = 0
		if err := tx.Lock(ctx, "cafebot.scrub:"+scrubPass); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM redaction_passes WHERE name = ?`, scrubPass).Scan(&done); err != nil || done > 0 {
			return err
		}
		for _, t := range scrubColumns {
			n, err := scrubTable(ctx, tx, k, t.table, t.cols, t.json)
			if err != nil {
				return fmt.Errorf("%s: %w", t.table, err)
			}
			changed += n
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO redaction_passes (name, at, changed) VALUES (?, ?, ?)`, scrubPass, fmtTime(time.Now()), changed)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("scrub stored card numbers: %w", err)
	}
	return changed, nil
}

func scrubTable(ctx context.Context, tx *sqldb.Tx, k redact.Keep, table string, cols []string, isJSON map[string]bool) (int, error) {
	// Table and column names come from scrubColumns, never from input.
	// Every scrubbed table has an id primary key (SQLite's rowid is not
	// portable).
	sel := "SELECT id"
	for _, c := range cols {
		sel += ", " + c
	}
	rows, err := tx.QueryContext(ctx, sel+" FROM "+table)
	if err != nil {
		return 0, err
	}
	type update struct {
		id   string
		vals []any
	}
	var ups []update
	for rows.Next() {
		var id string
		vals := make([]string, len(cols))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return 0, err
		}
		dirty := false
		out := make([]any, len(cols))
		for i, v := range vals {
			m := k.Text(v)
			if isJSON[cols[i]] {
				m = string(k.JSON([]byte(v)))
			}
			dirty = dirty || m != v
			out[i] = m
		}
		if dirty {
			ups = append(ups, update{id, out})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	set := ""
	for i, c := range cols {
		if i > 0 {
			set += ", "
		}
		set += c + " = ?"
	}
	for _, u := range ups {
		if _, err := tx.ExecContext(ctx, "UPDATE "+table+" SET "+set+" WHERE id = ?", append(u.vals, u.id)...); err != nil {
			return 0, err
		}
	}
	return len(ups), nil
}
