package backend

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// seedLoyalty is the loyalty policy the demo history was written with,
// fixed here so the demo data does not move with a café's config; it
// matches config.Default() (10 points per dollar; $20 → 40, $50 → 120,
// $100 → 300).
var seedLoyalty = config.Loyalty{PointsPerDollar: 10, TopUpBonus: map[int]int{20: 40, 50: 120, 100: 300}}

// TopUpBonusKey is the idempotency key of the bonus entry for a top-up;
// the seed and the tools use the same key, so a bonus is credited once.
func TopUpBonusKey(topUpID string) string { return "topup-bonus:" + topUpID }

// EarnKey is the idempotency key of a purchase's points entry; the seed
// and CreditMissing use the same key, so a purchase earns once.
func EarnKey(orderID string) string { return "earn:" + orderID }

// The story customers of the demo data, for tests and demos.
const (
	// StoryMissingBonus is Maya Thompson (555-010-2233): she topped up her
	// café card with $20 five days ago (top-up T5005) and the 40 bonus
	// points were never credited. Her $50 top-up a month ago got its 120.
	StoryMissingBonus = "C1001"
	// StoryDoubleCharge is Daniel Okafor (555-010-4417): order 10482 two
	// days ago at Harbour Street was charged twice to the same card.
	StoryDoubleCharge = "C1002"
	// StoryCatering is Priya Raman (555-010-5580): catering order CT-20452
	// is confirmed for 25 guests at Riverside Campus next week.
	StoryCatering = "C1003"
	// StoryRefundRequested is Liam O'Connor (555-010-6612): refund R2003
	// for the cold breakfast sandwich of order 10480 is still requested.
	StoryRefundRequested = "C1004"
	// StoryLargeOrder is Sofia Marquez (555-010-7734): order 10483
	// yesterday, a $92.90 team order, is above the $50 manager threshold.
	StoryLargeOrder = "C1005"
)

// The story objects' ids.
const (
	StoryTopUpID          = "T5005"
	StoryDoubleChargeID   = "10482"
	StoryCateringID       = "CT-20452"
	StoryRefundID         = "R2003"
	StoryRefundOrderID    = "10480"
	StoryLargeOrderID     = "10483"
	StoryRecentOrderID    = "10481"
	StoryPreparingOrderID = "10484"
)

type seedCustomer struct {
	id, name, phone, note string
}

// seedCustomers are the demo account holders. Notes are staff-only.
var seedCustomers = []seedCustomer{
	{"C1001", "Maya Thompson", "555-010-2233", "VIP — regular at Elm Road, oat flat white"},
	{"C1002", "Daniel Okafor", "555-010-4417", ""},
	{"C1003", "Priya Raman", "555-010-5580", "Books catering for the Riverside Campus physics department"},
	{"C1004", "Liam O'Connor", "555-010-6612", "Disputed a charge in March; settled with a 60-point goodwill credit"},
	{"C1005", "Sofia Marquez", "555-010-7734", ""},
	{"C1006", "James Whitfield", "555-010-1190", ""},
	{"C1007", "Aisha Bello", "555-010-3321", "Partner of a Harbour Street barista — staff discount in store only"},
	{"C1008", "Tom Nguyen", "555-010-8845", ""},
	{"C1009", "Hannah Schmidt", "555-010-2908", ""},
	{"C1010", "Marcus Reid", "555-010-6473", ""},
	{"C1011", "Chloe Dubois", "555-010-5129", ""},
	{"C1012", "Ravi Patel", "555-010-9081", "Severe tree-nut allergy — double-check catering and bakery orders"},
	{"C1013", "Emily Carter", "555-010-3756", ""},
	{"C1014", "Kenji Watanabe", "555-010-4862", ""},
	{"C1015", "Olivia Brennan", "555-010-1547", "Asked not to receive marketing email"},
	{"C1016", "Samuel Adeyemi", "555-010-7298", ""},
	{"C1017", "Grace Kim", "555-010-6025", ""},
	{"C1018", "Lucas Ferreira", "555-010-8361", ""},
	{"C1019", "Nora Lindqvist", "555-010-2674", ""},
	{"C1020", "Ethan Morales", "555-010-9513", ""},
	{"C1021", "Zoe Harrington", "555-010-4139", ""},
	{"C1022", "Omar Haddad", "555-010-5906", ""},
	{"C1023", "Isabel Costa", "555-010-7420", ""},
	{"C1024", "Ben Gallagher", "555-010-3087", ""},
}

// seedCardLast4 is the card the i-th demo customer pays with and has on
// file.
func seedCardLast4(i int) string { return fmt.Sprintf("%04d", (i*7919+4242)%10000) }

func emailOf(name string) string {
	out := make([]rune, 0, len(name)+12)
	for _, r := range name {
		switch {
		case r == ' ':
			out = append(out, '.')
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		case r >= 'a' && r <= 'z':
			out = append(out, r)
		}
	}
	return string(out) + "@example.com"
}

// seedData is the whole demo data set, built in memory first.
type seedData struct {
	customers []Customer
	topUps    []TopUp
	orders    []Order
	ledger    []LedgerEntry
	refunds   []Refund
	catering  []CateringOrder
}

// buildSeed returns the demo data relative to now. It is deterministic: the
// same now gives the same data.
func buildSeed(now time.Time) seedData {
	var d seedData
	loc := now.Location()
	day := func(daysAgo, hour, minute int) time.Time {
		y, m, dd := now.Date()
		return time.Date(y, m, dd-daysAgo, hour, minute, 0, 0, loc)
	}
	rng := rand.New(rand.NewPCG(20240611, 1001))

	for i, c := range seedCustomers {
		d.customers = append(d.customers, Customer{
			ID: c.id, Name: c.name, Phone: c.phone, Email: emailOf(c.name),
			InternalNote: c.note, CreatedAt: day(420-i*11, 9, 0),
		})
	}
	home := func(id string) string {
		for i, c := range seedCustomers {
			if c.id == id {
				return Locations[i%len(Locations)]
			}
		}
		return Locations[0]
	}
	cardOf := func(id string) string {
		for i, c := range seedCustomers {
			if c.id == id {
				return seedCardLast4(i)
			}
		}
		return "0000"
	}
	var lineID, paymentID int64
	addOrder := func(o Order, items []OrderLine, method string, extraPayments int) {
		for _, l := range items {
			lineID++
			l.ID = lineID
			o.Lines = append(o.Lines, l)
			o.Total += l.Amount()
		}
		if o.Status != OrderCancelled {
			last4 := ""
			if method == "card" {
				last4 = cardOf(o.CustomerID)
			}
			for k := 0; k <= extraPayments; k++ {
				paymentID++
				o.Payments = append(o.Payments, Payment{
					ID: paymentID, Method: method, CardLast4: last4, Amount: o.Total,
					ChargedAt: o.PlacedAt.Add(time.Duration(40+35*k) * time.Second),
				})
			}
		}
		d.orders = append(d.orders, o)
	}
	line := func(item string, qty int) OrderLine {
		return OrderLine{Item: item, Qty: qty, UnitPrice: menuPrice(item)}
	}
	drinks := Menu[:10]
	food := Menu[10:]

	// Sixty-four everyday orders over the two months before the stories.
	const generic = 64
	for i := range generic {
		cust := seedCustomers[rng.IntN(len(seedCustomers))].id
		switch {
		case i == 10:
			cust = "C1010"
		case i == 31:
			cust = "C1015"
		case i%6 == 0:
			cust = "C1001"
		case i%9 == 4:
			cust = "C1007"
		}
		loc := home(cust)
		if rng.IntN(4) == 0 {
			loc = Locations[rng.IntN(len(Locations))]
		}
		daysAgo := 60 - i*53/(generic-1)
		placed := day(daysAgo, 7+rng.IntN(11), rng.IntN(60))
		items := []OrderLine{line(drinks[rng.IntN(len(drinks))].Name, 1+rng.IntN(10)/8)}
		for n := rng.IntN(3); n > 0; n-- {
			f := food[rng.IntN(len(food))].Name
			if f == "Larkspur Breakfast Sandwich" && loc == "Riverside Campus" {
				f = "Blueberry Muffin" // no hot breakfast sandwiches on campus
			}
			if j := slices.IndexFunc(items, func(l OrderLine) bool { return l.Item == f }); j >= 0 {
				items[j].Qty++
				continue
			}
			items = append(items, line(f, 1))
		}
		method := "card"
		switch r := rng.IntN(20); {
		case r < 3:
			method = "cash"
		case r < 6:
			method = "Larkspur Card"
		}
		if method == "cash" && loc == "Riverside Campus" {
			method = "card" // the campus café is cashless
		}
		addOrder(Order{ID: fmt.Sprintf("%d", 10416+i), CustomerID: cust, Location: loc, PlacedAt: placed, Status: OrderCompleted}, items, method, 0)
	}

	// Story 4: Liam's breakfast sandwich was cold; the refund is requested.
	addOrder(Order{ID: StoryRefundOrderID, CustomerID: StoryRefundRequested, Location: "Elm Road", PlacedAt: day(6, 8, 12), Status: OrderCompleted},
		[]OrderLine{line("Latte", 1), line("Larkspur Breakfast Sandwich", 1)}, "card", 0)
	// Maya's visit three days ago, a plain completed order.
	addOrder(Order{ID: StoryRecentOrderID, CustomerID: StoryMissingBonus, Location: "Elm Road", PlacedAt: day(3, 8, 40), Status: OrderCompleted},
		[]OrderLine{line("Flat White", 1), line("Cinnamon Roll", 1)}, "Larkspur Card", 0)
	// Story 2: Daniel's order two days ago was charged twice to one card.
	addOrder(Order{ID: StoryDoubleChargeID, CustomerID: StoryDoubleCharge, Location: "Harbour Street", PlacedAt: day(2, 12, 5), Status: OrderCompleted},
		[]OrderLine{line("Flat White", 1), line("Cinnamon Roll", 1), line("Larkspur Breakfast Sandwich", 1)}, "card", 1)
	// Story 5: Sofia's team order yesterday, above the manager threshold.
	addOrder(Order{ID: StoryLargeOrderID, CustomerID: StoryLargeOrder, Location: "Riverside Campus", PlacedAt: day(1, 9, 20), Status: OrderCompleted},
		[]OrderLine{line("Latte", 8), line("Flat White", 4), line("Cinnamon Roll", 6), line("Killer Brownie", 2)}, "card", 0)
	// Maya's order being made right now.
	addOrder(Order{ID: StoryPreparingOrderID, CustomerID: StoryMissingBonus, Location: "Elm Road", PlacedAt: now.Add(-15 * time.Minute).Truncate(time.Second), Status: OrderPreparing},
		[]OrderLine{line("Latte", 1), line("Killer Brownie", 1)}, "Larkspur Card", 0)

	// Top-ups: every one with a bonus rule got its bonus, except story 1.
	d.topUps = []TopUp{
		{ID: "T5001", CustomerID: "C1001", Amount: 5000, Location: "Elm Road", CreatedAt: day(30, 8, 5)},
		{ID: "T5002", CustomerID: "C1006", Amount: 2000, Location: "Elm Road", CreatedAt: day(20, 10, 30)},
		{ID: "T5003", CustomerID: "C1009", Amount: 10000, Location: "Elm Road", CreatedAt: day(15, 16, 45)},
		{ID: "T5004", CustomerID: "C1013", Amount: 1000, Location: "Harbour Street", CreatedAt: day(12, 7, 55)},
		// Story 1: Maya's $20 top-up whose 40 bonus points never arrived.
		{ID: StoryTopUpID, CustomerID: StoryMissingBonus, Amount: 2000, Location: "Elm Road", CreatedAt: day(5, 8, 30)},
		{ID: "T5006", CustomerID: "C1018", Amount: 5000, Location: "Riverside Campus", CreatedAt: day(2, 13, 10)},
	}

	// The ledger, in time order: earnings per completed order, a free drink
	// now and then, top-up bonuses and one goodwill adjustment.
	balances := map[string]int{}
	for _, o := range d.orders {
		if o.Status != OrderCompleted {
			continue
		}
		pts := rules.PointsFor(seedLoyalty, int64(o.Total))
		d.ledger = append(d.ledger, LedgerEntry{CustomerID: o.CustomerID, Kind: KindEarn, Points: pts,
			Reason: "Order " + o.ID, OrderID: o.ID, IdempotencyKey: EarnKey(o.ID), CreatedAt: o.PlacedAt.Add(time.Minute)})
		balances[o.CustomerID] += pts
		// Rewards as in knowledge/policies/loyalty.md: 250 a drink, 150 a pastry.
		if balances[o.CustomerID] >= 400 && rng.IntN(3) == 0 {
			pts, reason := 250, "Reward: free drink"
			if rng.IntN(2) == 0 {
				pts, reason = 150, "Reward: free pastry"
			}
			d.ledger = append(d.ledger, LedgerEntry{CustomerID: o.CustomerID, Kind: KindRedeem, Points: -pts,
				Reason: reason, OrderID: o.ID, IdempotencyKey: "redeem:" + o.ID, CreatedAt: o.PlacedAt.Add(2 * time.Minute)})
			balances[o.CustomerID] -= pts
		}
	}
	for _, t := range d.topUps {
		if t.ID == StoryTopUpID {
			continue // story 1: the missing bonus
		}
		if pts, ok := rules.TopUpBonus(seedLoyalty, int64(t.Amount)); ok {
			d.ledger = append(d.ledger, LedgerEntry{CustomerID: t.CustomerID, Kind: KindBonus, Points: pts,
				Reason: fmt.Sprintf("Top-up bonus for %s", t.Amount), TopUpID: t.ID, IdempotencyKey: TopUpBonusKey(t.ID), CreatedAt: t.CreatedAt.Add(time.Minute)})
		}
	}
	d.ledger = append(d.ledger, LedgerEntry{CustomerID: "C1004", Kind: KindAdjustment, Points: 60,
		Reason: "Goodwill credit after a disputed charge", IdempotencyKey: "adjust:C1004:goodwill", CreatedAt: day(40, 11, 0)})

	// Refunds: one paid, one rejected, and story 4's open request.
	byID := func(id string) Order {
		for _, o := range d.orders {
			if o.ID == id {
				return o
			}
		}
		return Order{}
	}
	paidOrder := byID("10426") // generic order 10 belongs to C1010
	rejOrder := byID("10447")  // generic order 31 belongs to C1015
	liam := byID(StoryRefundOrderID)
	d.refunds = []Refund{
		{ID: "R2001", OrderID: paidOrder.ID, CustomerID: paidOrder.CustomerID, Kind: RefundLine, LineID: paidOrder.Lines[0].ID,
			Amount: paidOrder.Lines[0].Amount(), Reason: "Drink was made with dairy milk instead of oat", Status: RefundPaid,
			IdempotencyKey: fmt.Sprintf("refund:%s:line:%d", paidOrder.ID, paidOrder.Lines[0].ID),
			CreatedAt:      paidOrder.PlacedAt.Add(2 * time.Hour), UpdatedAt: paidOrder.PlacedAt.Add(26 * time.Hour)},
		{ID: "R2002", OrderID: rejOrder.ID, CustomerID: rejOrder.CustomerID, Kind: RefundOrder,
			Amount: rejOrder.Total, Reason: "Changed my mind after eating it", Status: RefundRejected,
			IdempotencyKey: fmt.Sprintf("refund:%s:order", rejOrder.ID),
			CreatedAt:      rejOrder.PlacedAt.Add(5 * time.Hour), UpdatedAt: rejOrder.PlacedAt.Add(29 * time.Hour)},
		{ID: StoryRefundID, OrderID: liam.ID, CustomerID: liam.CustomerID, Kind: RefundLine, LineID: liam.Lines[1].ID,
			Amount: liam.Lines[1].Amount(), Reason: "Breakfast sandwich was cold in the middle", Status: RefundRequested,
			IdempotencyKey: fmt.Sprintf("refund:%s:line:%d", liam.ID, liam.Lines[1].ID),
			CreatedAt:      day(5, 9, 15), UpdatedAt: day(5, 9, 15)},
	}

	// Catering: story 3's confirmed lunch next week, and a request further out.
	lunch, _ := FindCateringPackage("working_lunch")
	coffee, _ := FindCateringPackage("coffee_break")
	d.catering = []CateringOrder{
		{ID: StoryCateringID, CustomerID: StoryCatering, Location: "Riverside Campus", EventAt: day(-7, 12, 30), Headcount: 25,
			Items: []CateringItem{{Item: lunch.Name + " package", Qty: 25, UnitPrice: lunch.PerGuest}}, Total: 25 * lunch.PerGuest,
			Status: CateringConfirmed, Notes: "Physics department seminar lunch; 3 vegetarian", IdempotencyKey: "seed:catering:" + StoryCateringID, CreatedAt: day(9, 14, 0)},
		{ID: "CT-20437", CustomerID: "C1020", Location: "Harbour Street", EventAt: day(-20, 9, 0), Headcount: 40,
			Items: []CateringItem{{Item: coffee.Name + " package", Qty: 40, UnitPrice: coffee.PerGuest}}, Total: 40 * coffee.PerGuest,
			Status: CateringRequested, IdempotencyKey: "seed:catering:CT-20437", CreatedAt: day(1, 10, 0)},
	}
	return d
}

// Seed loads the bundled demo data relative to now. It is idempotent: rows
// are keyed by fixed ids and idempotency keys, so running it again (even
// with another now) adds nothing.
func (s *SQLite) Seed(ctx context.Context, now time.Time) error {
	d := buildSeed(now)
	err := s.inTx(ctx, func(tx *sqldb.Tx) error {
		for _, c := range d.customers {
			if _, err := tx.ExecContext(ctx, `INSERT INTO customers (id, name, phone, phone_digits, email, internal_note, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				c.ID, c.Name, c.Phone, NormalizePhone(c.Phone), c.Email, c.InternalNote, fmtTime(c.CreatedAt)); err != nil {
				return fmt.Errorf("customer %s: %w", c.ID, err)
			}
		}
		for i, c := range seedCustomers {
			if _, err := tx.ExecContext(ctx, `UPDATE customers SET card_last4 = ? WHERE id = ? AND card_last4 = ''`, seedCardLast4(i), c.id); err != nil {
				return fmt.Errorf("customer %s card on file: %w", c.id, err)
			}
		}
		for _, o := range d.orders {
			if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, customer_id, location, placed_at, status, total_cents)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				o.ID, o.CustomerID, o.Location, fmtTime(o.PlacedAt), o.Status, o.Total); err != nil {
				return fmt.Errorf("order %s: %w", o.ID, err)
			}
			for _, l := range o.Lines {
				if _, err := tx.ExecContext(ctx, `INSERT INTO order_lines (id, order_id, item, qty, unit_price_cents)
					VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, l.ID, o.ID, l.Item, l.Qty, l.UnitPrice); err != nil {
					return fmt.Errorf("order %s line %d: %w", o.ID, l.ID, err)
				}
			}
			for _, p := range o.Payments {
				if _, err := tx.ExecContext(ctx, `INSERT INTO payments (id, order_id, method, card_last4, amount_cents, charged_at)
					VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, p.ID, o.ID, p.Method, p.CardLast4, p.Amount, fmtTime(p.ChargedAt)); err != nil {
					return fmt.Errorf("order %s payment %d: %w", o.ID, p.ID, err)
				}
			}
		}
		for _, t := range d.topUps {
			if _, err := tx.ExecContext(ctx, `INSERT INTO top_ups (id, customer_id, amount_cents, location, created_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, t.ID, t.CustomerID, t.Amount, t.Location, fmtTime(t.CreatedAt)); err != nil {
				return fmt.Errorf("top-up %s: %w", t.ID, err)
			}
		}
		for _, e := range d.ledger {
			if _, err := tx.ExecContext(ctx, `INSERT INTO loyalty_ledger (customer_id, kind, points, reason, order_id, top_up_id, idempotency_key, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				e.CustomerID, e.Kind, e.Points, e.Reason, nullable(e.OrderID), nullable(e.TopUpID), e.IdempotencyKey, fmtTime(e.CreatedAt)); err != nil {
				return fmt.Errorf("ledger %s: %w", e.IdempotencyKey, err)
			}
		}
		for _, r := range d.refunds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO refunds (id, order_id, customer_id, kind, line_id, payment_id, amount_cents, reason, status, idempotency_key, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				r.ID, r.OrderID, r.CustomerID, r.Kind, nullID(r.LineID), nullID(r.PaymentID), r.Amount, r.Reason, r.Status, r.IdempotencyKey, fmtTime(r.CreatedAt), fmtTime(r.UpdatedAt)); err != nil {
				return fmt.Errorf("refund %s: %w", r.ID, err)
			}
		}
		for _, c := range d.catering {
			items, err := jsonString(c.Items)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO catering_orders (`+cateringCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				c.ID, c.CustomerID, c.Location, fmtTime(c.EventAt), c.Headcount, items, c.Total, c.Status, c.CancellationFee, c.Notes, c.IdempotencyKey, fmtTime(c.CreatedAt), fmtTime(c.CancelledAt)); err != nil {
				return fmt.Errorf("catering %s: %w", c.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	return nil
}
