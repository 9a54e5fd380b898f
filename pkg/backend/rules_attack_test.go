package backend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/sqldb"
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

// oldOrder returns a seeded order placed more than the default window
// before testNow that has nothing refunded yet.
func oldOrder(t *testing.T, s *SQLite) Order {
	t.Helper()
	ctx := context.Background()
	cs, err := s.ListCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		os, err := s.Orders(ctx, c.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := s.Refunds(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range os {
			if testNow.Sub(o.PlacedAt) > 20*24*time.Hour && o.Status == OrderCompleted && len(o.DuplicatePayments()) == 0 &&
				!slices.ContainsFunc(rs, func(r Refund) bool { return r.OrderID == o.ID }) {
				return o
			}
		}
	}
	t.Fatal("no seeded order older than the refund window")
	return Order{}
}

// TestStoreEnforcesTheWindowAndThreshold calls the store directly, as
// code that skipped the tools would, with refunds the configured window
// and manager threshold refuse: an order past the window (honestly dated,
// and backdated to look recent), and refunds above the threshold asked to
// start approved or merely requested. Each must fail with its typed error
// and store nothing; the same refund started as needs_manager is stored.
func TestStoreEnforcesTheWindowAndThreshold(t *testing.T) {
	ctx := context.Background()
	s, db := seeded(t)
	old := oldOrder(t, s)
	large, err := s.Order(ctx, StoryLargeOrderID)
	if err != nil {
		t.Fatal(err)
	}
	if large.Total <= Money(rules.Cents(config.Default().Refunds.ManagerThreshold)) {
		t.Fatalf("story order %s is %s, not above the threshold", large.ID, large.Total)
	}
	refunds := func() int { return count(t, db, "refunds") }
	before := refunds()
	attacks := []struct {
		name string
		r    Refund
		want error
	}{
		{"an order past the window", Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: RefundOrder, Amount: 100, CreatedAt: testNow}, ErrOutsideWindow},
		{"an order past the window, undated", Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: RefundOrder, Amount: 100}, ErrOutsideWindow},
		{"an order past the window, backdated to look recent", Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: RefundOrder, Amount: 100,
			CreatedAt: old.PlacedAt.Add(time.Hour)}, ErrOutsideWindow},
		{"a line of an order past the window", Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: RefundLine, LineID: old.Lines[0].ID,
			Amount: old.Lines[0].Amount(), Status: RefundNeedsManager}, ErrOutsideWindow},
		{"above the threshold, approved", Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: RefundOrder, Amount: large.Total, Status: RefundApproved}, ErrRefundStatus},
		{"above the threshold, requested", Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: RefundOrder, Amount: large.Total, Status: RefundRequested}, ErrRefundStatus},
		{"above the threshold, paid", Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: RefundOrder, Amount: large.Total, Status: RefundPaid}, ErrRefundStatus},
		{"below the threshold, self-approved", Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: RefundOrder, Amount: 500, Status: RefundApproved}, ErrRefundStatus},
	}
	for i, a := range attacks {
		t.Run(a.name, func(t *testing.T) {
			r := a.r
			r.Reason, r.IdempotencyKey = "attack", fmt.Sprintf("attack:policy:%d", i)
			if _, created, err := s.RequestRefund(ctx, r); !errors.Is(err, a.want) || created {
				t.Errorf("created=%v error %v, want %v", created, err, a.want)
			}
		})
	}
	if after := refunds(); after != before {
		t.Fatalf("%d refunds stored by the attacks", after-before)
	}
	for _, status := range []string{"", RefundNeedsManager} {
		r, created, err := s.RequestRefund(ctx, Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: RefundOrder, Amount: large.Total,
			Status: status, Reason: "too large", IdempotencyKey: "policy:large"})
		if err != nil || r.Status != RefundNeedsManager {
			t.Errorf("status %q: stored %q (created=%v), %v; want needs_manager", status, r.Status, created, err)
		}
	}
}

// TestStorePolicyComesFromTheConfig: a store opened with a stricter
// policy (a one-day window, a $5 threshold) holds direct calls to it,
// where the default policy would let them through.
func TestStorePolicyComesFromTheConfig(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Refunds.WindowDays, cfg.Refunds.ManagerThreshold = 1, 5
	db := openDB(t)
	s, err := OpenWith(ctx, sqldb.Wrap(db), PolicyFrom(cfg, func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	dc, err := s.Order(ctx, StoryDoubleChargeID) // two days old
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.RequestRefund(ctx, Refund{OrderID: dc.ID, CustomerID: dc.CustomerID, Kind: RefundLine, LineID: dc.Lines[0].ID,
		Amount: 100, Reason: "x", IdempotencyKey: "cfg:window"}); !errors.Is(err, ErrOutsideWindow) {
		t.Errorf("two-day-old order with a one-day window: %v, want ErrOutsideWindow", err)
	}
	// A double charge is refunded whenever it is found, and $12.40 is
	// above the $5 threshold.
	dup := dc.DuplicatePayments()[0]
	if _, _, err := s.RequestRefund(ctx, Refund{OrderID: dc.ID, CustomerID: dc.CustomerID, Kind: RefundDoubleCharge, PaymentID: dup.ID,
		Amount: dup.Amount, Status: RefundApproved, Reason: "x", IdempotencyKey: "cfg:dup"}); !errors.Is(err, ErrRefundStatus) {
		t.Errorf("approved double charge above a $5 threshold: %v, want ErrRefundStatus", err)
	}
	r, _, err := s.RequestRefund(ctx, Refund{OrderID: dc.ID, CustomerID: dc.CustomerID, Kind: RefundDoubleCharge, PaymentID: dup.ID,
		Amount: dup.Amount, Reason: "x", IdempotencyKey: "cfg:dup"})
	if err != nil || r.Status != RefundNeedsManager {
		t.Errorf("double charge outside the window: %q, %v; want needs_manager", r.Status, err)
	}
}
