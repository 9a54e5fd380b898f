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

// ErrNoAnswer reports a reply to the second-factor question that holds
// neither four card digits nor an email address ("what do you mean?"). It
// is not counted as a wrong answer.
var ErrNoAnswer = errors.New("no card digits or email in the answer")

// VerifySecondFactor checks the answer against the card on file's last
// four digits or the account email and records whether it was right.
// The answer offers a card when it holds one standalone group of four
// digits ("it ends 4242"; a phone number is not one), an email when it
// holds one address. Offering several of a kind at once is wrong, so one
// reply cannot try many; offering none is ErrNoAnswer and not recorded.
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
	offered, ok := secondFactorMatches(answer, last4, email)
	if !offered {
		return false, fmt.Errorf("verify second factor of %s: %w", customerID, ErrNoAnswer)
	}
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

// secondFactorMatches reports whether answer offers a second factor and
// whether what it offers is right.
func secondFactorMatches(answer, last4, email string) (offered, ok bool) {
	emails := redact.EmailSpans(answer)
	groups := fourDigitGroups(answer)
	if len(emails) == 0 && len(groups) == 0 {
		return false, false
	}
	if len(emails) > 1 || len(groups) > 1 {
		return true, false
	}
	if len(emails) == 1 {
		m := emails[0]
		return true, email != "" && strings.EqualFold(answer[m[0]:m[1]], strings.TrimSpace(email))
	}
	return true, last4 != "" && groups[0] == last4
}

// fourDigitGroups returns the runs of exactly four digits in s that stand
// alone: not part of a longer number, a phone number or a card written in
// groups ("555-010-2233", "4242 4242 …").
func fourDigitGroups(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		if s[i] < '0' || s[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || ((s[j] == ' ' || s[j] == '-' || s[j] == '.') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9')) {
			j++
		}
		if run := s[i:j]; len(run) == 4 && strings.Trim(run, "0123456789") == "" {
			out = append(out, run)
		}
		i = j
	}
	return out
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
