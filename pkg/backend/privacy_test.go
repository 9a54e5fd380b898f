package backend

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// A full card number the customer typed, in the forms people write it.
var cardForms = []string{"4242424242424242", "4242 4242 4242 4242", "4242-4242-4242-4242"}

// fileHolds reports whether any file of the database (main, WAL, journal)
// under dir holds one of the byte strings.
func fileHolds(t *testing.T, dir string, needles ...string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				return e.Name() + " holds " + n
			}
		}
	}
	return ""
}

func seededIn(t *testing.T, dir string) *SQLite {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(dir, "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	// A window long enough for every seeded order: these tests are about
	// what reaches the file, not about which refunds are allowed.
	p := testPolicy()
	p.Refunds.WindowDays = 3650
	s, err := OpenWith(context.Background(), sqldb.Wrap(db), p)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(context.Background(), testNow); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestNoCardNumberReachesTheFile writes a card number (and another
// customer's phone and email) into every free-text field the store keeps,
// then reads the database files' bytes: no full card number and no other
// customer's contact data may be there, while the customer's own phone is.
func TestNoCardNumberReachesTheFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := seededIn(t, dir)
	const other = "555-019-8765 stranger@example.org" // nobody on file
	for i, card := range cardForms {
		text := "my card " + card + " was charged twice, call 555-010-2233 or " + other
		if _, _, err := s.AddLedgerEntry(ctx, LedgerEntry{CustomerID: "C1001", Kind: KindAdjustment, Points: 1, Reason: text, IdempotencyKey: "privacy:" + card}); err != nil {
			t.Fatal(err)
		}
		orders, err := s.Orders(ctx, "C1001", 0)
		if err != nil {
			t.Fatal(err)
		}
		o := orders[i]
		r, _, err := s.RequestRefund(ctx, Refund{OrderID: o.ID, CustomerID: "C1001", Kind: RefundOrder, Amount: 1, Reason: text, Status: RefundRequested, IdempotencyKey: "privacy:" + card})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.Reason, "4242 4242") || strings.Contains(r.Reason, "4242424242424242") || !strings.Contains(r.Reason, "[card ending 4242]") {
			t.Errorf("returned refund reason %q is not masked", r.Reason)
		}
		c, _, err := s.CreateCatering(ctx, CateringOrder{CustomerID: "C1001", Location: "Elm Road " + card, EventAt: testNow.Add(time.Duration(100+i) * time.Hour), Headcount: 20,
			Items: []CateringItem{{Item: "Lunch " + card, Qty: 20, UnitPrice: 1500}}, Total: 30000, Status: CateringRequested, Notes: text, IdempotencyKey: "privacy:" + card})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(c.Notes, "4242 4242") || strings.Contains(c.Items[0].Item, "4242424242424242") {
			t.Errorf("returned catering order not masked: %+v", c)
		}
		if err := s.RecordAudit(ctx, AuditEntry{CustomerID: "C1001", Tool: "create_refund_request",
			Arguments: `{"order_id":"10482","reason":"` + text + `","card":` + strings.ReplaceAll(strings.ReplaceAll(card, " ", ""), "-", "") + `}`,
			Result:    `{"echo":"` + text + `"}`, Error: text}); err != nil {
			t.Fatal(err)
		}
	}
	// Broken JSON in the audit log is masked as text.
	if err := s.RecordAudit(ctx, AuditEntry{CustomerID: "C1001", Tool: "x", Arguments: `{"reason": "4242 4242 4242 4242`, Result: "{}"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil { // flush the WAL into the file
		t.Fatal(err)
	}
	if leak := fileHolds(t, dir, append(cardForms, "555-019-8765", "stranger@example.org")...); leak != "" {
		t.Errorf("database file leaks: %s", leak)
	}
	if fileHolds(t, dir, "[card ending 4242]") == "" || fileHolds(t, dir, "555-010-2233 or") == "" {
		t.Errorf("masked text or the customer's own phone is missing from the file")
	}
}

func TestRebookCancelledCatering(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	c := CateringOrder{CustomerID: "C1003", Location: "Elm Road", EventAt: testNow.Add(200 * time.Hour), Headcount: 20,
		Items: []CateringItem{{Item: "Lunch", Qty: 20, UnitPrice: 1500}}, Total: 30000, Status: CateringRequested, IdempotencyKey: "catering:slot"}
	first, created, err := s.CreateCatering(ctx, c)
	if err != nil || !created {
		t.Fatalf("first booking: created=%v err=%v", created, err)
	}
	again, created, err := s.CreateCatering(ctx, c)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat while open: id %s created=%v err=%v, want the same order", again.ID, created, err)
	}
	if _, changed, err := s.CancelCatering(ctx, first.ID, 0, testNow); err != nil || !changed {
		t.Fatalf("cancel: changed=%v err=%v", changed, err)
	}
	second, created, err := s.CreateCatering(ctx, c)
	if err != nil || !created || second.ID == first.ID || second.Status != CateringRequested {
		t.Fatalf("re-booking after cancel: %+v created=%v err=%v, want a new requested order", second, created, err)
	}
	// The cancelled one is still there, still cancelled; a repeat of the
	// new booking returns the new one.
	old, err := s.CateringOrder(ctx, first.ID)
	if err != nil || old.Status != CateringCancelled {
		t.Fatalf("old order: %+v %v", old, err)
	}
	third, created, err := s.CreateCatering(ctx, c)
	if err != nil || created || third.ID != second.ID {
		t.Fatalf("repeat of the re-booking: %s created=%v err=%v", third.ID, created, err)
	}
	// Cancel and re-book once more: keys of retired rows stay unique.
	if _, _, err := s.CancelCatering(ctx, second.ID, 0, testNow); err != nil {
		t.Fatal(err)
	}
	if fourth, created, err := s.CreateCatering(ctx, c); err != nil || !created || fourth.ID == second.ID {
		t.Fatalf("second re-booking: %s created=%v err=%v", fourth.ID, created, err)
	}
}

func TestVerifySecondFactor(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	card := seedCardLast4(0) // C1001, Maya
	tests := []struct {
		answer   string
		want     bool
		noAnswer bool // not an answer: ErrNoAnswer, not recorded
	}{
		{card, true, false},
		{"it ends in " + card + ".", true, false},
		{"maya.thompson@example.com", true, false},
		{"MAYA.Thompson@Example.com", true, false},
		{"0000", card == "0000", false},
		{"daniel.okafor@example.com", false, false},
		{seedCardLast4(1), false, false},  // Daniel's card
		{card + " or 1234", false, false}, // two guesses at once
		{"maya.thompson@example.com or x@y.example", false, false},
		{"", false, true},
		{"what do you mean?", false, true},
		{"' OR 1=1 --", false, true},
		{"%", false, true},
		{card + card, false, true},                  // eight digits are not four
		{"4242 4242 4242 " + card, false, true},     // a full number is not the answer
		{"call me on 555-010-" + card, false, true}, // nor is a phone number
	}
	recorded := 0
	for _, tt := range tests {
		ok, err := s.VerifySecondFactor(ctx, "C1001", tt.answer)
		if tt.noAnswer {
			if !errors.Is(err, ErrNoAnswer) || ok {
				t.Errorf("VerifySecondFactor(%q) = %v, %v; want ErrNoAnswer", tt.answer, ok, err)
			}
			continue
		}
		recorded++
		if err != nil || ok != tt.want {
			t.Errorf("VerifySecondFactor(%q) = %v, %v; want %v", tt.answer, ok, err, tt.want)
		}
	}
	if _, err := s.VerifySecondFactor(ctx, "C9999", card); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown customer: %v", err)
	}
	if err := s.SetCardOnFile(ctx, "C1002", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.SQL().Exec(`UPDATE customers SET email = '' WHERE id = 'C1002'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.VerifySecondFactor(ctx, "C1002", "1234"); !errors.Is(err, ErrNoSecondFactor) {
		t.Errorf("no factor on file: %v", err)
	}
	for _, bad := range []string{"12345", "12a4", "4242424242424242"} {
		if err := s.SetCardOnFile(ctx, "C1001", bad); err == nil {
			t.Errorf("SetCardOnFile(%q) accepted", bad)
		}
	}
	// The answers themselves are never stored.
	var n int
	if err := s.db.SQL().QueryRow(`SELECT COUNT(*) FROM second_factor_attempts WHERE customer_id = 'C1001'`).Scan(&n); err != nil || n != recorded {
		t.Errorf("attempts recorded: %d, %v", n, err)
	}
}

func TestSecondFactorFailuresCountFromLastSuccess(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	card := seedCardLast4(0)
	want := func(n int) {
		t.Helper()
		got, err := s.SecondFactorFailures(ctx, "C1001", time.Hour)
		if err != nil || got != n {
			t.Fatalf("failures = %d, %v; want %d", got, err, n)
		}
	}
	want(0)
	s.VerifySecondFactor(ctx, "C1001", "0001")
	s.VerifySecondFactor(ctx, "C1001", "0002")
	want(2)
	s.VerifySecondFactor(ctx, "C1001", card)
	want(0)
	s.VerifySecondFactor(ctx, "C1001", "0003")
	want(1)
	// Another customer's failures are theirs.
	s.VerifySecondFactor(ctx, "C1002", "0003")
	want(1)
	// Old failures fall out of the window.
	if _, err := s.db.SQL().Exec(`UPDATE second_factor_attempts SET at = '2000-01-01T00:00:00Z'`); err != nil {
		t.Fatal(err)
	}
	want(0)
}

// TestScrubMasksOldRows: rows an older version stored with a card number
// are masked when the store is next opened, once.
func TestScrubMasksOldRows(t *testing.T) {
	ctx := context.Background()
	_, db := seeded(t)
	// Pretend the rows below were written before masking existed.
	for _, q := range []string{
		`DELETE FROM redaction_passes`,
		`UPDATE refunds SET reason = 'card 4242 4242 4242 4242 was charged' WHERE id = '` + StoryRefundID + `'`,
		`INSERT INTO audit_log (customer_id, at, tool, arguments_json, result_json) VALUES ('C1001', '2026-01-01T00:00:00Z', 'create_refund_request', '{"reason":"4111111111111111","n":4242424242424242}', '{}')`,
		`UPDATE catering_orders SET notes = 'pay with 4242-4242-4242-4242, call 555-019-8765' WHERE id = '` + StoryCateringID + `'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := NewSQLite(ctx, db); err != nil {
		t.Fatal(err)
	}
	var reason, args, notes string
	var changed int
	if err := db.QueryRow(`SELECT (SELECT reason FROM refunds WHERE id = ?), (SELECT arguments_json FROM audit_log ORDER BY id DESC LIMIT 1),
		(SELECT notes FROM catering_orders WHERE id = ?), (SELECT changed FROM redaction_passes WHERE name = ?)`,
		StoryRefundID, StoryCateringID, scrubPass).Scan(&reason, &args, &notes, &changed); err != nil {
		t.Fatal(err)
	}
	if reason != "card [card ending 4242] was charged" || args != `{"n":"[card ending 4242]","reason":"[card ending 1111]"}` ||
		notes != "pay with [card ending 4242], call 555-019-8765" || changed != 3 {
		t.Errorf("after scrub: reason %q, args %s, notes %q, changed %d", reason, args, notes, changed)
	}
	// Opening again does no second pass.
	if n, err := (&SQLite{db: sqldb.Wrap(db)}).scrub(ctx); err != nil || n != 0 {
		t.Errorf("second scrub changed %d rows, %v", n, err)
	}
}
