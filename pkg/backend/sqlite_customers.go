package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The SQLite (and PostgreSQL) implementation of the customer store.

const customerCols = `id, name, phone, email, internal_note, created_at`

func scanCustomer(sc interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var created string
	if err := sc.Scan(&c.ID, &c.Name, &c.Phone, &c.Email, &c.InternalNote, &created); err != nil {
		return c, err
	}
	var err error
	c.CreatedAt, err = parseTime(created)
	return c, err
}

// ListCustomers returns every customer ordered by id.
func (s *SQLite) ListCustomers(ctx context.Context) ([]Customer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+customerCols+` FROM customers ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	defer rows.Close()
	var out []Customer
	for rows.Next() {
		c, err := scanCustomer(rows)
		if err != nil {
			return nil, fmt.Errorf("list customers: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list customers: %w", err)
	}
	return out, nil
}

// FindCustomer returns the customer with the given id, phone or email.
func (s *SQLite) FindCustomer(ctx context.Context, idOrPhone string) (Customer, error) {
	key := strings.TrimSpace(idOrPhone)
	var row *sql.Row
	switch {
	case key == "":
		return Customer{}, fmt.Errorf("find customer: empty id or phone: %w", ErrNotFound)
	case IsCustomerID(key):
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE id = ?`, strings.ToUpper(key))
	case strings.Contains(key, "@"):
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE lower(email) = lower(?)`, key)
	default:
		digits := NormalizePhone(key)
		if len(digits) < 7 {
			return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, ErrNotFound)
		}
		row = s.db.QueryRowContext(ctx, `SELECT `+customerCols+` FROM customers WHERE phone_digits = ?`, digits)
	}
	c, err := scanCustomer(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, ErrNotFound)
	}
	if err != nil {
		return Customer{}, fmt.Errorf("find customer %q: %w", idOrPhone, err)
	}
	return c, nil
}

// Account returns everything the store holds about one customer.
func (s *SQLite) Account(ctx context.Context, customerID string) (Account, error) {
	c, err := s.FindCustomer(ctx, customerID)
	if err != nil {
		return Account{}, err
	}
	a := Account{Customer: c}
	if a.Balance, err = s.Balance(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Ledger, err = s.Ledger(ctx, c.ID, 0); err != nil {
		return a, err
	}
	if a.TopUps, err = s.TopUps(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Orders, err = s.Orders(ctx, c.ID, 0); err != nil {
		return a, err
	}
	if a.Refunds, err = s.Refunds(ctx, c.ID); err != nil {
		return a, err
	}
	if a.Catering, err = s.CateringOrders(ctx, c.ID); err != nil {
		return a, err
	}
	return a, nil
}
