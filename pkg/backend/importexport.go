package backend

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CustomerColumns are the columns of a customer CSV, in export order.
// name and phone are required; the rest may be left out of the header.
//
//   - id: the customer id, "C" and digits (C1001); empty or absent, the
//     row matches an existing customer by phone, else gets the next id;
//   - name: the customer's name;
//   - phone: any common format, at least 7 digits ("555-010-2233");
//   - email: the account email;
//   - note: an internal note for staff, never shown to the customer;
//   - card_last4: the last four digits of the card on file, for the
//     optional second factor.
var CustomerColumns = []string{"id", "name", "phone", "email", "note", "card_last4"}

// CustomerRecord is one customer as imported and exported. Line is the
// record's line in the CSV (0 when it did not come from one).
type CustomerRecord struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	Email     string `json:"email"`
	Note      string `json:"note,omitempty"`
	CardLast4 string `json:"card_last4,omitempty"`
	Line      int    `json:"-"`
	// has records which optional columns the CSV had; a column left out
	// leaves that field of an existing customer as it is.
	has map[string]bool
}

// RowError is one problem with one CSV line.
type RowError struct {
	Line   int
	Column string
	Msg    string
}

// Error returns "line 4: phone: want at least 7 digits, got "12"".
func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Msg)
}

// ImportError lists every bad line of a CSV; nothing was imported.
type ImportError struct{ Rows []*RowError }

// maxShownRowErrors caps the lines Error lists; Rows keeps them all.
const maxShownRowErrors = 10

// Error lists the first problems, one per line, and how many more.
func (e *ImportError) Error() string {
	var parts []string
	for i, r := range e.Rows {
		if i == maxShownRowErrors {
			parts = append(parts, fmt.Sprintf("and %d more", len(e.Rows)-i))
			break
		}
		parts = append(parts, r.Error())
	}
	return fmt.Sprintf("%d problem(s), nothing imported: %s", len(e.Rows), strings.Join(parts, "; "))
}

// ParseCustomersCSV reads a customer CSV with a header line naming the
// columns (any order, any case; see CustomerColumns). It checks every line
// and returns all the problems as an *ImportError, or the records.
func ParseCustomersCSV(r io.Reader) ([]CustomerRecord, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("the file is empty: want a header line such as id,name,phone,email")
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range CustomerColumns {
			known = known || c == name
		}
		switch {
		case !known:
			return nil, &RowError{Line: 1, Column: h, Msg: "unknown column; want " + strings.Join(CustomerColumns, ", ")}
		case cols[name] != 0:
			return nil, &RowError{Line: 1, Column: name, Msg: "column given twice"}
		}
		cols[name] = i + 1
	}
	for _, need := range []string{"name", "phone"} {
		if cols[need] == 0 {
			return nil, &RowError{Line: 1, Column: need, Msg: "required column missing from the header"}
		}
	}

	var out []CustomerRecord
	var bad []*RowError
	ids, phones := map[string]int{}, map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				bad = append(bad, &RowError{Line: pe.StartLine, Msg: fmt.Sprintf("has %d fields, the header has %d", len(rec), len(header))})
				continue
			}
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		get := func(col string) string {
			if i := cols[col]; i > 0 {
				return strings.TrimSpace(rec[i-1])
			}
			return ""
		}
		c := CustomerRecord{
			ID: strings.ToUpper(get("id")), Name: get("name"), Phone: get("phone"),
			Email: get("email"), Note: get("note"), CardLast4: get("card_last4"), Line: line,
			has: map[string]bool{"email": cols["email"] > 0, "note": cols["note"] > 0, "card_last4": cols["card_last4"] > 0},
		}
		errs := checkRecord(c)
		if c.ID != "" {
			if first, dup := ids[c.ID]; dup {
				errs = append(errs, &RowError{Line: line, Column: "id", Msg: fmt.Sprintf("%s is also on line %d", c.ID, first)})
			}
			ids[c.ID] = line
		}
		if d := NormalizePhone(c.Phone); len(d) >= 7 {
			if first, dup := phones[d]; dup {
				errs = append(errs, &RowError{Line: line, Column: "phone", Msg: fmt.Sprintf("%s is also on line %d", c.Phone, first)})
			}
			phones[d] = line
		}
		bad = append(bad, errs...)
		out = append(out, c)
	}
	if len(bad) > 0 {
		return nil, &ImportError{Rows: bad}
	}
	return out, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("read customers: %w", err)
}

// checkRecord returns what is wrong with one record's fields.
func checkRecord(c CustomerRecord) []*RowError {
	var errs []*RowError
	bad := func(col, msg string) { errs = append(errs, &RowError{Line: c.Line, Column: col, Msg: msg}) }
	if c.ID != "" && !IsCustomerID(c.ID) {
		bad("id", fmt.Sprintf("want C and digits (C1001), got %q", c.ID))
	}
	if c.Name == "" {
		bad("name", "required")
	}
	switch d := NormalizePhone(c.Phone); {
	case c.Phone == "":
		bad("phone", "required")
	case len(d) < 7 || len(d) > 15:
		bad("phone", fmt.Sprintf("want 7 to 15 digits, got %q", c.Phone))
	}
	if at := strings.LastIndex(c.Email, "@"); c.Email != "" && (at < 1 || at == len(c.Email)-1 || strings.ContainsAny(c.Email, " ,;")) {
		bad("email", fmt.Sprintf("not an email address: %q", c.Email))
	}
	if c.CardLast4 != "" {
		if _, err := strconv.Atoi(c.CardLast4); err != nil || len(c.CardLast4) != 4 {
			bad("card_last4", fmt.Sprintf("want four digits, got %q", c.CardLast4))
		}
	}
	return errs
}

// The outcomes of importing one record.
const (
	ImportAdded     = "added"
	ImportUpdated   = "updated"
	ImportUnchanged = "unchanged"
)

// ImportOutcome is what importing one record did.
type ImportOutcome struct {
	Line   int    `json:"line"`
	ID     string `json:"id"`
	Action string `json:"action"`
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Added     int             `json:"added"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	DryRun    bool            `json:"dry_run"`
	Rows      []ImportOutcome `json:"rows"`
}

// ImportCustomers adds or updates the customers in recs in one
// transaction. A record matches an existing customer by id, else by phone
// (so importing the same file again changes nothing); an unmatched record
// is added, with the next free id when it has none. A record whose phone
// belongs to another customer is an *ImportError and nothing is written.
// With dryRun the transaction is rolled back: the result says what would
// happen.
func (s *SQLite) ImportCustomers(ctx context.Context, recs []CustomerRecord, dryRun bool, now time.Time) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, Rows: []ImportOutcome{}}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("import customers: %w", err)
	}
	defer tx.Rollback()
	next, err := nextCustomerNumber(ctx, tx)
	if err != nil {
		return res, fmt.Errorf("import customers: %w", err)
	}
	var bad []*RowError
	for _, r := range recs {
		if errs := checkRecord(r); len(errs) > 0 {
			bad = append(bad, errs...)
			continue
		}
		digits := NormalizePhone(r.Phone)
		byPhone, err := customerIDBy(ctx, tx, `phone_digits = ?`, digits)
		if err != nil {
			return res, fmt.Errorf("import customers: %w", err)
		}
		id := r.ID
		if id == "" {
			id = byPhone
		}
		if byPhone != "" && byPhone != id {
			bad = append(bad, &RowError{Line: r.Line, Column: "phone", Msg: fmt.Sprintf("%s belongs to customer %s, not %s", r.Phone, byPhone, id)})
			continue
		}
		var old Customer
		var oldLast4 string
		exists := false
		if id != "" {
			err := tx.QueryRowContext(ctx, `SELECT `+customerCols+`, card_last4 FROM customers WHERE id = ?`, id).Scan(
				&old.ID, &old.Name, &old.Phone, &old.Email, &old.InternalNote, new(string), &oldLast4)
			switch {
			case err == nil:
				exists = true
			case !errors.Is(err, sql.ErrNoRows):
				return res, fmt.Errorf("import customers: %w", err)
			}
		}
		if !exists {
			if id == "" {
				id = fmt.Sprintf("C%d", next)
				next++
			} else if n, err := strconv.Atoi(id[1:]); err == nil && n >= next {
				next = n + 1
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, name, phone, phone_digits, email, internal_note, created_at, card_last4)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, r.Name, r.Phone, digits, r.Email, r.Note, fmtTime(now), r.CardLast4); err != nil {
				return res, fmt.Errorf("import customers: line %d: %w", r.Line, err)
			}
			res.Added++
			res.Rows = append(res.Rows, ImportOutcome{Line: r.Line, ID: id, Action: ImportAdded})
			continue
		}
		email, note, last4 := keep(r, "email", r.Email, old.Email), keep(r, "note", r.Note, old.InternalNote), keep(r, "card_last4", r.CardLast4, oldLast4)
		if old.Name == r.Name && old.Phone == r.Phone && old.Email == email && old.InternalNote == note && oldLast4 == last4 {
			res.Unchanged++
			res.Rows = append(res.Rows, ImportOutcome{Line: r.Line, ID: id, Action: ImportUnchanged})
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE customers SET name = ?, phone = ?, phone_digits = ?, email = ?, internal_note = ?, card_last4 = ?
			WHERE id = ?`, r.Name, r.Phone, digits, email, note, last4, id); err != nil {
			return res, fmt.Errorf("import customers: line %d: %w", r.Line, err)
		}
		res.Updated++
		res.Rows = append(res.Rows, ImportOutcome{Line: r.Line, ID: id, Action: ImportUpdated})
	}
	if len(bad) > 0 {
		return ImportResult{DryRun: dryRun, Rows: []ImportOutcome{}}, &ImportError{Rows: bad}
	}
	if dryRun {
		return res, nil
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{Rows: []ImportOutcome{}}, fmt.Errorf("import customers: %w", err)
	}
	return res, nil
}

// keep returns the imported value of an optional column, or the stored one
// when the CSV had no such column.
func keep(r CustomerRecord, col, imported, stored string) string {
	if r.has == nil || r.has[col] {
		return imported
	}
	return stored
}

// customerIDBy returns the id of the customer matching where, or "".
func customerIDBy(ctx context.Context, q querier, where string, args ...any) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, `SELECT id FROM customers WHERE `+where, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// firstCustomerNumber is where imported ids start: above the demo seed's
// C1001–C1024, so a `backend seed` after an import can never attach the
// demo orders to a real customer who took a demo id.
const firstCustomerNumber = 2001

// nextCustomerNumber returns one more than the highest numeric customer id.
func nextCustomerNumber(ctx context.Context, q querier) (int, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM customers`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	next := firstCustomerNumber
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(id), "C")); err == nil && n >= next {
			next = n + 1
		}
	}
	return next, rows.Err()
}

// ExportCustomers returns every customer as a record, ordered by id, with
// every column of CustomerColumns, so the export imports back unchanged.
func (s *SQLite) ExportCustomers(ctx context.Context) ([]CustomerRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, phone, email, internal_note, card_last4 FROM customers ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("export customers: %w", err)
	}
	defer rows.Close()
	out := []CustomerRecord{}
	for rows.Next() {
		var c CustomerRecord
		if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.Note, &c.CardLast4); err != nil {
			return nil, fmt.Errorf("export customers: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("export customers: %w", err)
	}
	return out, nil
}

// WriteCustomersCSV writes recs as a CSV with a CustomerColumns header.
func WriteCustomersCSV(w io.Writer, recs []CustomerRecord) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CustomerColumns); err != nil {
		return err
	}
	for _, c := range recs {
		if err := cw.Write([]string{c.ID, c.Name, c.Phone, c.Email, c.Note, c.CardLast4}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
