package backend

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
)

// VerifySecondFactor checks the answer against the card on file's last
// four digits or the account email and records whether it was right.
// An answer is a card answer when it holds exactly four digits, an email
// answer when it holds an address; anything else is wrong.
func (s *SQLite) VerifySecondFactor(ctx context.Context, customerID, answer string) (bool, error) {
	var last4, email string
	err := s.db.QueryRowContext(ctx, `SELECT card_last4, email FROM customers WHERE id = ?`, customerID).Scan(&last4, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("verify second factor of %s: %w", customerID, ErrNotFound)
	}
	if err != nil {
		return false, fmt.Errorf("verify second factor of %s: %w", customerID, err)
	}
	if last4 == "" && strings.TrimSpace(email) == "" {
		return false, fmt.Errorf("verify second factor of %s: %w", customerID, ErrNoSecondFactor)
	}
	ok := secondFactorMatches(answer, last4, email)
	flag := 0
	if ok {
		flag = 1
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO second_factor_attempts (customer_id, at, ok) VALUES (?, ?, ?)`,
		customerID, time.Now().UTC().Format(time.RFC3339Nano), flag); err != nil {
		return false, fmt.Errorf("verify second factor of %s: %w", customerID, err)
	}
	return ok, nil
}

func secondFactorMatches(answer, last4, email string) bool {
	if spans := redact.EmailSpans(answer); len(spans) == 1 {
		m := spans[0]
		return email != "" && strings.EqualFold(answer[m[0]:m[1]], strings.TrimSpace(email))
	}
	var digits []byte
	for i := 0; i < len(answer); i++ {
		if answer[i] >= '0' && answer[i] <= '9' {
			digits = append(digits, answer[i])
		}
	}
	return last4 != "" && len(digits) == 4 && string(digits) == last4
}

// SecondFactorFailures counts the wrong answers within window after the
// last right one, on the store's own clock (the one attempts are written
// with).
func (s *SQLite) SecondFactorFailures(ctx context.Context, customerID string, window time.Duration) (int, error) {
	since := time.Now().Add(-window).UTC().Format(time.RFC3339Nano)
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM second_factor_attempts
		WHERE customer_id = ? AND ok = 0 AND at >= ?
		AND id > COALESCE((SELECT MAX(id) FROM second_factor_attempts WHERE customer_id = ? AND ok = 1), 0)`,
		customerID, since, customerID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("second factor failures of %s: %w", customerID, err)
	}
	return n, nil
}

// SetCardOnFile records the last four digits of the customer's card.
func (s *SQLite) SetCardOnFile(ctx context.Context, customerID, last4 string) error {
	last4 = strings.TrimSpace(last4)
	if last4 != "" && (len(last4) != 4 || strings.Trim(last4, "0123456789") != "") {
		return fmt.Errorf("card on file of %s: want the last four digits, not %q", customerID, last4)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE customers SET card_last4 = ? WHERE id = ?`, last4, customerID)
	if err != nil {
		return fmt.Errorf("card on file of %s: %w", customerID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("card on file of %s: %w", customerID, ErrNotFound)
	}
	return nil
}
