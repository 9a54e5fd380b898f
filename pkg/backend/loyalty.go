package backend

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/rules"
)

// LoyaltyStore holds the loyalty ledger and the card top-ups it credits.
type LoyaltyStore interface {
	// Balance returns the customer's loyalty balance: the ledger sum.
	Balance(ctx context.Context, customerID string) (int, error)
	// Ledger returns the customer's loyalty entries, newest first; limit
	// <= 0 means all.
	Ledger(ctx context.Context, customerID string, limit int) ([]LedgerEntry, error)
	// TopUps returns the customer's card top-ups, newest first.
	TopUps(ctx context.Context, customerID string) ([]TopUp, error)
	// AddLedgerEntry appends e once per e.IdempotencyKey; a repeat returns
	// the stored entry and created=false. It fails with
	// ErrInsufficientPoints when the balance would go below zero
	// (rules.CanApply).
	AddLedgerEntry(ctx context.Context, e LedgerEntry) (entry LedgerEntry, created bool, err error)
}

// Credit is one top-up bonus or purchase's points that CreditMissing looked
// at.
type Credit struct {
	// Kind is KindBonus for a top-up bonus, KindEarn for a purchase.
	Kind    string
	TopUpID string
	OrderID string
	// Amount is the top-up's or the purchase's amount; At when it was made.
	Amount Money
	At     time.Time
	Points int
}

// Credits is what CreditMissing did: the entries it added, those the
// ledger already had, and the top-ups of an amount that earns no bonus.
type Credits struct {
	Credited []Credit
	Already  []Credit
	NoBonus  []Credit
}

// Points returns the points credited.
func (c Credits) Points() int {
	n := 0
	for _, x := range c.Credited {
		n += x.Points
	}
	return n
}

// CreditMissing adds the loyalty points the customer is owed at now and
// the ledger lacks: the bonus of each top-up that earns one
// (rules.TopUpBonus) and the points of each recent completed purchase
// (rules.MissingPoints), oldest first. Each entry carries the idempotency
// key the seed and every store use, so two stores crediting the same
// bonus credit it once.
func CreditMissing(ctx context.Context, l LoyaltyStore, o OrderStore, p config.Loyalty, customerID string, now time.Time) (Credits, error) {
	var out Credits
	ledger, err := l.Ledger(ctx, customerID, 0)
	if err != nil {
		return out, err
	}
	bonused, earned := map[string]bool{}, map[string]bool{}
	for _, e := range ledger {
		if e.TopUpID != "" && e.Kind == KindBonus {
			bonused[e.TopUpID] = true
		}
		if e.OrderID != "" && e.Kind == KindEarn {
			earned[e.OrderID] = true
		}
	}
	tops, err := l.TopUps(ctx, customerID)
	if err != nil {
		return out, err
	}
	for _, tu := range slices.Backward(tops) {
		c := Credit{Kind: KindBonus, TopUpID: tu.ID, Amount: tu.Amount, At: tu.CreatedAt}
		pts, due := rules.TopUpBonus(p, int64(tu.Amount))
		switch {
		case !due:
			out.NoBonus = append(out.NoBonus, c)
			continue
		case bonused[tu.ID]:
			c.Points = pts
			out.Already = append(out.Already, c)
			continue
		}
		e, created, err := l.AddLedgerEntry(ctx, LedgerEntry{
			CustomerID: customerID, Kind: KindBonus, Points: pts,
			Reason: fmt.Sprintf("Top-up bonus for %s (credited by the assistant)", tu.Amount), TopUpID: tu.ID,
			IdempotencyKey: TopUpBonusKey(tu.ID), CreatedAt: now,
		})
		if err != nil {
			return out, err
		}
		c.Points = e.Points
		if created {
			out.Credited = append(out.Credited, c)
		} else {
			out.Already = append(out.Already, c)
		}
	}
	orders, err := o.Orders(ctx, customerID, 0)
	if err != nil {
		return out, err
	}
	for _, ord := range slices.Backward(orders) {
		pts, due := rules.MissingPoints(p, rules.Purchase{
			Completed: ord.Status == OrderCompleted, PlacedAt: ord.PlacedAt, Total: int64(ord.Total), Earned: earned[ord.ID],
		}, now)
		if !due {
			continue
		}
		e, created, err := l.AddLedgerEntry(ctx, LedgerEntry{
			CustomerID: customerID, Kind: KindEarn, Points: pts,
			Reason: "Order " + ord.ID + " (credited by the assistant)", OrderID: ord.ID,
			IdempotencyKey: EarnKey(ord.ID), CreatedAt: now,
		})
		if err != nil {
			return out, err
		}
		if created {
			out.Credited = append(out.Credited, Credit{Kind: KindEarn, OrderID: ord.ID, Amount: ord.Total, At: ord.PlacedAt, Points: e.Points})
		}
	}
	return out, nil
}
