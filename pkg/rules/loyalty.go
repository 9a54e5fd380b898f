package rules

import (
	"slices"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

// MissingPurchaseDays is how far back purchases can have their points
// added (knowledge/policies/loyalty.md: within 30 days).
const MissingPurchaseDays = 30

// PointsFor returns the points a purchase of total cents earns.
func PointsFor(p config.Loyalty, total int64) int {
	return int(total) * p.PointsPerDollar / 100
}

// TopUpBonus returns the bonus points a top-up of amount cents earns, and
// whether it earns any: only the configured whole-dollar amounts do.
func TopUpBonus(p config.Loyalty, amount int64) (int, bool) {
	if amount%100 != 0 {
		return 0, false
	}
	pts, ok := p.TopUpBonus[int(amount/100)]
	return pts, ok && pts > 0
}

// BonusAmounts returns the top-up amounts, in whole dollars, that earn a
// bonus, smallest first.
func BonusAmounts(p config.Loyalty) []int {
	var amounts []int
	for a, pts := range p.TopUpBonus {
		if pts > 0 {
			amounts = append(amounts, a)
		}
	}
	slices.Sort(amounts)
	return amounts
}

// Purchase is the loyalty rules' view of an order.
type Purchase struct {
	Completed bool
	PlacedAt  time.Time
	Total     int64
	// Earned: the ledger already has this purchase's points.
	Earned bool
}

// MissingPoints returns the points a purchase is still owed at now, and
// whether it is owed any: a completed purchase of the last
// MissingPurchaseDays whose points are not in the ledger.
func MissingPoints(p config.Loyalty, o Purchase, now time.Time) (int, bool) {
	if !o.Completed || o.Earned || now.Sub(o.PlacedAt) > MissingPurchaseDays*24*time.Hour {
		return 0, false
	}
	pts := PointsFor(p, o.Total)
	return pts, pts > 0
}

// CanApply reports whether an entry of points may be added to a balance:
// the balance never goes below zero.
func CanApply(balance, points int) bool {
	return points >= 0 || balance+points >= 0
}
