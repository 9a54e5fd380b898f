package backend

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestStoreAttacks feeds SQL-ish, wildcard and other customers' ids to
// every store method that takes one: each must find nothing (or refuse)
// and change nothing.
func TestStoreAttacks(t *testing.T) {
	ctx := context.Background()
	s, db := seeded(t)
	state := func() string {
		var out string
		if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM refunds) || '/' || (SELECT group_concat(status) FROM catering_orders) || '/' ||
			(SELECT group_concat(card_last4) FROM customers) || '/' || (SELECT SUM(points) FROM loyalty_ledger) || '/' || (SELECT COUNT(*) FROM orders)`).Scan(&out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := state()
	notFound := []struct {
		name string
		run  func() error
	}{
		{"customer id with sql", func() error { _, err := s.FindCustomer(ctx, "C1001' OR '1'='1"); return err }},
		{"customer email wildcard", func() error { _, err := s.FindCustomer(ctx, "%@%"); return err }},
		{"customer phone wildcard", func() error { _, err := s.FindCustomer(ctx, "555-010-%"); return err }},
		{"order wildcard", func() error { _, err := s.Order(ctx, "%"); return err }},
		{"order sql", func() error { _, err := s.Order(ctx, "10481' OR '1'='1"); return err }},
		{"refund wildcard", func() error { _, err := s.Refund(ctx, "R%"); return err }},
		{"catering glob", func() error { _, err := s.CateringOrder(ctx, "CT-*"); return err }},
		{"cancel catering sql", func() error { _, _, err := s.CancelCatering(ctx, "CT-20452' OR '1'='1", 0, time.Now()); return err }},
		{"second factor of sql id", func() error { _, err := s.VerifySecondFactor(ctx, "C1001' OR '1'='1", "4242"); return err }},
		{"card on file of sql id", func() error { return s.SetCardOnFile(ctx, "C1001' OR 1=1 --", "1234") }},
	}
	for _, a := range notFound {
		t.Run(a.name, func(t *testing.T) {
			if err := a.run(); !errors.Is(err, ErrNotFound) {
				t.Errorf("error %v, want ErrNotFound", err)
			}
		})
	}
	t.Run("refund on another customer's order", func(t *testing.T) {
		_, _, err := s.RequestRefund(ctx, Refund{OrderID: StoryDoubleChargeID, CustomerID: StoryMissingBonus, Kind: RefundOrder, Amount: 100, Reason: "x", Status: RefundRequested, IdempotencyKey: "attack:1"})
		if err == nil {
			t.Error("stored")
		}
	})
	t.Run("audit log of a sql customer", func(t *testing.T) {
		if rows, err := s.AuditLog(ctx, "' OR ''='", 0); err != nil || len(rows) != 0 {
			t.Errorf("%d rows, %v", len(rows), err)
		}
	})
	t.Run("second factor answer with sql", func(t *testing.T) {
		for _, answer := range []string{"' OR '1'='1", "%", "0000' --", "*@*", "' OR email LIKE '%"} {
			if ok, err := s.VerifySecondFactor(ctx, StoryMissingBonus, answer); ok || (err != nil && !errors.Is(err, ErrNoAnswer)) {
				t.Errorf("answer %q: ok=%v err=%v", answer, ok, err)
			}
		}
	})
	if after := state(); after != before {
		t.Errorf("store changed:\nbefore %s\nafter  %s", before, after)
	}
}
