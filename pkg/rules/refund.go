package rules

import (
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

// The refund kinds: one line, the whole order, or a duplicate charge.
const (
	RefundLine         = "line"
	RefundOrder        = "order"
	RefundDoubleCharge = "double_charge"
)

// The refund statuses.
const (
	StatusRequested    = "requested"
	StatusApproved     = "approved"
	StatusNeedsManager = "needs_manager"
	StatusRejected     = "rejected"
	StatusPaid         = "paid"
)

// DuplicateWindow is how close two identical charges must be to count as a
// double charge.
const DuplicateWindow = 15 * time.Minute

// Line is one order line: its id and what it cost.
type Line struct {
	ID     int64
	Amount int64
}

// Payment is one charge for an order.
type Payment struct {
	ID     int64
	Method string
	Card   string // last four digits, or empty
	Amount int64
	At     time.Time
}

// Refund is a refund already requested on an order.
type Refund struct {
	Kind      string
	LineID    int64
	PaymentID int64
	Amount    int64
	Status    string
}

// Counts reports whether the refund holds money back from further
// refunds: every status but rejected does.
func (r Refund) Counts() bool { return r.Status != StatusRejected }

// Order is the refund rules' view of an order.
type Order struct {
	Total    int64
	PlacedAt time.Time
	Lines    []Line
	Payments []Payment
	Refunds  []Refund
}

// Paid returns the sum of the order's payments.
func (o Order) Paid() int64 {
	var sum int64
	for _, p := range o.Payments {
		sum += p.Amount
	}
	return sum
}

// Duplicates returns the indexes in o.Payments of the payments that repeat
// an earlier identical one (same method, card and amount within
// DuplicateWindow) while the order is overpaid: the charges a double-charge
// refund gives back.
func Duplicates(o Order) []int {
	if o.Paid() <= o.Total {
		return nil
	}
	var dups []int
	for i, p := range o.Payments {
		for _, q := range o.Payments[:i] {
			d := p.At.Sub(q.At)
			if d < 0 {
				d = -d
			}
			if p.Method == q.Method && p.Card == q.Card && p.Amount == q.Amount && d <= DuplicateWindow {
				dups = append(dups, i)
				break
			}
		}
	}
	return dups
}

// InWindow reports whether an order placed at placed may still be
// refunded at now: within the configured window of days.
func InWindow(p config.Refunds, placed, now time.Time) bool {
	return now.Sub(placed) <= time.Duration(p.WindowDays)*24*time.Hour
}

// Remaining is what is left to refund on an order.
type Remaining struct {
	// Order is what is left of the order's own cost.
	Order int64
	// Duplicates is what is left of its duplicate charges.
	Duplicates int64
}

// Left returns what is left to refund on o, of its own cost and of its
// duplicate charges. The own cost is what was paid up to the total, less
// the refunds that count; a duplicate charge is left until a double-charge
// refund of it counts.
func Left(o Order) Remaining {
	var ordinary int64
	dupRefunded := map[int64]bool{}
	for _, r := range o.Refunds {
		if !r.Counts() {
			continue
		}
		if r.Kind == RefundDoubleCharge {
			dupRefunded[r.PaymentID] = true
			continue
		}
		ordinary += r.Amount
	}
	rem := Remaining{Order: max(0, min(o.Total, o.Paid())-ordinary)}
	for _, i := range Duplicates(o) {
		if !dupRefunded[o.Payments[i].ID] {
			rem.Duplicates += o.Payments[i].Amount
		}
	}
	return rem
}

// Claim names what a refund gives back: a line (LineID), a duplicate
// payment (PaymentID) or the order.
type Claim struct {
	Kind      string
	LineID    int64
	PaymentID int64
}

// ClaimLeft returns the most that may still be refunded for c on o; 0
// means nothing (an unknown line, a payment that is not a duplicate or
// was refunded, everything already given back). Whatever the claim, the
// refunds that count never add up to more than was paid.
func ClaimLeft(o Order, c Claim) int64 {
	rem := Left(o)
	var left int64
	switch c.Kind {
	case RefundLine:
		found := false
		for _, l := range o.Lines {
			if l.ID == c.LineID {
				left, found = l.Amount, true
			}
		}
		if !found {
			return 0
		}
		for _, r := range o.Refunds {
			if r.Counts() && r.LineID == c.LineID {
				left -= r.Amount
			}
		}
		left = min(left, rem.Order)
	case RefundDoubleCharge:
		for _, i := range Duplicates(o) {
			if o.Payments[i].ID == c.PaymentID {
				left = o.Payments[i].Amount
			}
		}
		for _, r := range o.Refunds {
			if r.Counts() && r.Kind == RefundDoubleCharge && r.PaymentID == c.PaymentID {
				left = 0
			}
		}
	case RefundOrder:
		left = rem.Order
	default:
		return 0
	}
	refunded := int64(0)
	for _, r := range o.Refunds {
		if r.Counts() {
			refunded += r.Amount
		}
	}
	return max(0, min(left, o.Paid()-refunded))
}

// OutsideWindow reports whether a claim of kind on an order placed at
// placed is refused at now for being too late; a double charge is
// refunded whenever it is found.
func OutsideWindow(p config.Refunds, kind string, placed, now time.Time) bool {
	return kind != RefundDoubleCharge && !InWindow(p, placed, now)
}

// NewStatus returns the status a new refund of amount cents starts in:
// above the manager threshold it waits for a manager; a duplicate charge
// is approved, since the duplicate payment is in the records; anything
// else is requested for the café team to review.
func NewStatus(p config.Refunds, kind string, amount int64) string {
	switch {
	case amount > Cents(p.ManagerThreshold):
		return StatusNeedsManager
	case kind == RefundDoubleCharge:
		return StatusApproved
	}
	return StatusRequested
}

// strictness orders the statuses a new refund may start in by how much
// approval they still wait for.
var strictness = map[string]int{StatusApproved: 0, StatusRequested: 1, StatusNeedsManager: 2}

// StatusAllowed reports whether a new refund of amount cents may start in
// status: the status NewStatus gives it, or one that waits for more
// approval (a request the café team reviews instead of an approval, a
// manager instead of the team). A store calls it so that no caller can
// start a refund above the manager threshold as anything but
// needs_manager, nor approve one the rules leave for review.
func StatusAllowed(p config.Refunds, kind string, amount int64, status string) bool {
	got, ok := strictness[status]
	return ok && got >= strictness[NewStatus(p, kind, amount)]
}
