package backend

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/config"
)

// TestSeedLoyaltyIsTheDefault: the demo history is credited with the
// default policy, so the tools find nothing missing beyond the stories.
func TestSeedLoyaltyIsTheDefault(t *testing.T) {
	if diff := cmp.Diff(config.Default().Loyalty, seedLoyalty); diff != "" {
		t.Errorf("seed loyalty differs from the default (-want +got):\n%s", diff)
	}
}

// TestStoreEnforcesTheRefundRule calls the store directly, as a caller that
// skipped the tools would, with refunds the rule in pkg/rules refuses:
// the store must refuse them too, with ErrExceedsPaid, and store nothing.
func TestStoreEnforcesTheRefundRule(t *testing.T) {
	ctx := context.Background()
	s, db := seeded(t)
	o, err := s.Order(ctx, StoryDoubleChargeID)
	if err != nil {
		t.Fatal(err)
	}
	dups := o.DuplicatePayments()
	if len(dups) != 1 || len(o.Payments) < 2 || len(o.Lines) == 0 {
		t.Fatalf("story order: %d payments, %d duplicates, %d lines", len(o.Payments), len(dups), len(o.Lines))
	}
	first := o.Payments[0]
	if first.ID == dups[0].ID {
		t.Fatal("the first payment is the duplicate")
	}
	count := func() int {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM refunds`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	attacks := []struct {
		name string
		r    Refund
	}{
		{"the original payment as a double charge", Refund{Kind: RefundDoubleCharge, PaymentID: first.ID, Amount: first.Amount}},
		{"more than the duplicate", Refund{Kind: RefundDoubleCharge, PaymentID: dups[0].ID, Amount: dups[0].Amount + 1}},
		{"more than the line", Refund{Kind: RefundLine, LineID: o.Lines[0].ID, Amount: o.Lines[0].Amount() + 1}},
		{"the order and the duplicate together", Refund{Kind: RefundOrder, Amount: o.Total + dups[0].Amount}},
	}
	for i, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			r := a.r
			r.OrderID, r.CustomerID, r.Reason, r.Status = o.ID, o.CustomerID, "attack", RefundRequested
			r.IdempotencyKey = "attack:rule:" + string(rune('a'+i))
			if _, _, err := s.RequestRefund(ctx, r); !errors.Is(err, ErrExceedsPaid) {
				t.Errorf("error %v, want ErrExceedsPaid", err)
			}
		})
	}
	if after := count(); after != before {
		t.Errorf("%d refunds stored", after-before)
	}
}

// TestStoreRefusesAFeeAboveTheBooking cancels a catering order with a fee
// the rule calls impossible: refused, and the order stays booked.
func TestStoreRefusesAFeeAboveTheBooking(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	cs, err := s.CateringOrders(ctx, StoryCatering)
	if err != nil || len(cs) == 0 {
		t.Fatalf("catering orders: %d, %v", len(cs), err)
	}
	c := cs[0]
	for _, fee := range []Money{-1, c.Total + 1} {
		if _, changed, err := s.CancelCatering(ctx, c.ID, fee, time.Now()); err == nil || changed {
			t.Errorf("fee %s: changed=%v err=%v", fee, changed, err)
		}
	}
	after, err := s.CateringOrder(ctx, c.ID)
	if err != nil || after.Status != c.Status {
		t.Errorf("status %q -> %q (%v)", c.Status, after.Status, err)
	}
}
