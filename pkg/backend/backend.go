// Package backend is cafebot's account store: customers, the loyalty
// ledger, card top-ups, orders with their lines and payments, refund
// requests, catering orders and the audit log of every tool call. Backend
// is the interface the tools use, so a café can plug in its real point of
// sale later; SQLite is the bundled implementation with demo data.
package backend

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/rules"
	"github.com/cafebot/cafebot/pkg/textnorm"
)

// ErrNotFound reports that no customer, order, refund or catering order has
// the given id.
var ErrNotFound = errors.New("not found")

// ErrExceedsPaid reports a refund larger than what is still refundable on
// the order, line or payment.
var ErrExceedsPaid = errors.New("refund exceeds the amount still refundable")

// ErrInsufficientPoints reports a ledger entry that would make the balance
// negative.
var ErrInsufficientPoints = errors.New("not enough loyalty points")

// Backend is the account store the tools act on: one store per aggregate
// (customers.go, loyalty.go, orders.go, catering.go, audit.go), so a
// caller that needs one takes only that interface. Every method that
// changes data is idempotent where the brief requires it: entries carry an
// idempotency key and a repeat returns the existing row with created=false.
type Backend interface {
	CustomerStore
	SecondFactorStore
	LoyaltyStore
	OrderStore
	CateringStore
	AuditStore
}

// ErrNoSecondFactor reports an account with no card on file and no email,
// so no second factor can be checked.
var ErrNoSecondFactor = errors.New("no card on file or email to check")

// Money is an amount in cents. It reads and writes JSON as a dollar number
// with two decimals (12.4 dollars is written 12.40).
type Money int64

// Dollars returns m as a float number of dollars.
func (m Money) Dollars() float64 { return float64(m) / 100 }

// String returns m as "$12.40" ("-$3.00" when negative).
func (m Money) String() string {
	sign := ""
	if m < 0 {
		sign, m = "-", -m
	}
	return fmt.Sprintf("%s$%d.%02d", sign, m/100, m%100)
}

// MarshalJSON writes m as a dollar number with two decimals.
func (m Money) MarshalJSON() ([]byte, error) {
	s := m.String()
	s = strings.Replace(s, "$", "", 1)
	return []byte(s), nil
}

// UnmarshalJSON reads a dollar number, rounding to the cent.
func (m *Money) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("money %s: %w", b, err)
	}
	v, ok := DollarsToMoney(f)
	if !ok {
		return fmt.Errorf("money %s: out of range", b)
	}
	*m = v
	return nil
}

// DollarsToMoney rounds a dollar amount to the cent; ok is false for NaN,
// infinities and amounts beyond a billion dollars.
func DollarsToMoney(f float64) (Money, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e9 {
		return 0, false
	}
	return Money(math.Round(f * 100)), true
}

// NormalizePhone reduces a phone number to its digits, dropping a leading
// North American country code, so "+1 (555) 010-2233", "555-010-2233" and
// "5550102233" are the same key.
func NormalizePhone(s string) string { return textnorm.PhoneDigits(s) }

// IsCustomerID reports whether s looks like a customer id ("C1001", any case).
func IsCustomerID(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 || (s[0] != 'C' && s[0] != 'c') {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Customer is one account holder. InternalNote is for staff only: the
// tools never put it in a result.
type Customer struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone"`
	Email        string    `json:"email"`
	InternalNote string    `json:"internal_note,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
}

// FirstName returns the first word of the customer's name.
func (c Customer) FirstName() string {
	if f := strings.Fields(c.Name); len(f) > 0 {
		return f[0]
	}
	return ""
}

// The kinds of loyalty ledger entry.
const (
	KindEarn       = "earn"
	KindRedeem     = "redeem"
	KindBonus      = "bonus"
	KindAdjustment = "adjustment"
)

// LedgerEntry is one change to a loyalty balance. Points are negative for
// redemptions.
type LedgerEntry struct {
	ID             int64     `json:"id"`
	CustomerID     string    `json:"customer_id"`
	Kind           string    `json:"kind"`
	Points         int       `json:"points"`
	Reason         string    `json:"reason"`
	OrderID        string    `json:"order_id,omitempty"`
	TopUpID        string    `json:"top_up_id,omitempty"`
	IdempotencyKey string    `json:"idempotency_key"`
	CreatedAt      time.Time `json:"created_at"`
}

// TopUp is one load of money onto a customer's café card; the loyalty
// rules may owe bonus points for it.
type TopUp struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"customer_id"`
	Amount     Money     `json:"amount"`
	Location   string    `json:"location"`
	CreatedAt  time.Time `json:"created_at"`
}

// The order statuses.
const (
	OrderPreparing = "preparing"
	OrderReady     = "ready"
	OrderCompleted = "completed"
	OrderCancelled = "cancelled"
)

// Order is one purchase with its lines and payments.
type Order struct {
	ID         string      `json:"id"`
	CustomerID string      `json:"customer_id"`
	Location   string      `json:"location"`
	PlacedAt   time.Time   `json:"placed_at"`
	Status     string      `json:"status"`
	Total      Money       `json:"total"`
	Lines      []OrderLine `json:"lines"`
	Payments   []Payment   `json:"payments"`
}

// OrderLine is one item of an order.
type OrderLine struct {
	ID        int64  `json:"id"`
	Item      string `json:"item"`
	Qty       int    `json:"qty"`
	UnitPrice Money  `json:"unit_price"`
}

// Amount returns the line's total.
func (l OrderLine) Amount() Money { return l.UnitPrice * Money(l.Qty) }

// Payment is one charge for an order. Only the last four digits of a card
// are ever stored.
type Payment struct {
	ID        int64     `json:"id"`
	Method    string    `json:"method"`
	CardLast4 string    `json:"card_last4,omitempty"`
	Amount    Money     `json:"amount"`
	ChargedAt time.Time `json:"charged_at"`
}

// Paid returns the sum of the order's payments.
func (o Order) Paid() Money {
	var sum Money
	for _, p := range o.Payments {
		sum += p.Amount
	}
	return sum
}

// DuplicatePayments returns the payments that repeat an earlier identical
// one (same method, card and amount within a few minutes) while the order
// is overpaid: the charges a double-charge refund gives back (see
// rules.Duplicates).
func (o Order) DuplicatePayments() []Payment {
	var dups []Payment
	for _, i := range rules.Duplicates(o.Facts(nil)) {
		dups = append(dups, o.Payments[i])
	}
	return dups
}

// Facts returns the order with its refunds as the refund rules see it.
func (o Order) Facts(refunds []Refund) rules.Order {
	f := rules.Order{Total: int64(o.Total), PlacedAt: o.PlacedAt}
	for _, l := range o.Lines {
		f.Lines = append(f.Lines, rules.Line{ID: l.ID, Amount: int64(l.Amount())})
	}
	for _, p := range o.Payments {
		f.Payments = append(f.Payments, rules.Payment{ID: p.ID, Method: p.Method, Card: p.CardLast4, Amount: int64(p.Amount), At: p.ChargedAt})
	}
	for _, r := range refunds {
		f.Refunds = append(f.Refunds, rules.Refund{Kind: r.Kind, LineID: r.LineID, PaymentID: r.PaymentID, Amount: int64(r.Amount), Status: r.Status})
	}
	return f
}

// Line returns the order line with the given id.
func (o Order) Line(id int64) (OrderLine, bool) {
	for _, l := range o.Lines {
		if l.ID == id {
			return l, true
		}
	}
	return OrderLine{}, false
}

// The refund kinds: one line, the whole order, or a duplicate charge.
const (
	RefundLine         = rules.RefundLine
	RefundOrder        = rules.RefundOrder
	RefundDoubleCharge = rules.RefundDoubleCharge
)

// The refund statuses.
const (
	RefundRequested    = rules.StatusRequested
	RefundApproved     = rules.StatusApproved
	RefundNeedsManager = rules.StatusNeedsManager
	RefundRejected     = rules.StatusRejected
	RefundPaid         = rules.StatusPaid
)

// Refund is one refund request.
type Refund struct {
	ID         string `json:"id"`
	OrderID    string `json:"order_id"`
	CustomerID string `json:"customer_id"`
	Kind       string `json:"kind"`
	// LineID is the refunded order line (Kind line), else 0.
	LineID int64 `json:"line_id,omitempty"`
	// PaymentID is the duplicate payment (Kind double_charge), else 0.
	PaymentID      int64     `json:"payment_id,omitempty"`
	Amount         Money     `json:"amount"`
	Reason         string    `json:"reason"`
	Status         string    `json:"status"`
	IdempotencyKey string    `json:"idempotency_key"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Counts reports whether the refund holds money back from further refunds
// (everything but a rejected request does).
func (r Refund) Counts() bool { return rules.Refund{Status: r.Status}.Counts() }

// The catering statuses.
const (
	CateringRequested = "requested"
	CateringConfirmed = "confirmed"
	CateringCancelled = "cancelled"
)

// CateringItem is one line of a catering order.
type CateringItem struct {
	Item      string `json:"item"`
	Qty       int    `json:"qty"`
	UnitPrice Money  `json:"unit_price"`
}

// CateringOrder is one catering booking.
type CateringOrder struct {
	ID              string         `json:"id"`
	CustomerID      string         `json:"customer_id"`
	Location        string         `json:"location"`
	EventAt         time.Time      `json:"event_at"`
	Headcount       int            `json:"headcount"`
	Items           []CateringItem `json:"items"`
	Total           Money          `json:"total"`
	Status          string         `json:"status"`
	CancellationFee Money          `json:"cancellation_fee"`
	Notes           string         `json:"notes,omitempty"`
	IdempotencyKey  string         `json:"idempotency_key"`
	CreatedAt       time.Time      `json:"created_at"`
	CancelledAt     time.Time      `json:"cancelled_at,omitzero"`
}

// AuditEntry is one tool call as it was made and answered.
type AuditEntry struct {
	ID         int64     `json:"id"`
	Session    string    `json:"session"`
	CustomerID string    `json:"customer_id"`
	At         time.Time `json:"at"`
	Tool       string    `json:"tool"`
	Arguments  string    `json:"arguments"`
	Result     string    `json:"result"`
	Error      string    `json:"error,omitempty"`
	Refused    bool      `json:"refused"`
	// Store is the chain store whose cafebot made the call (its store.id;
	// "" for a single café). RecordAudit fills it from WithStore.
	Store string `json:"store,omitempty"`
}

// Account is everything the store holds about one customer, for staff.
type Account struct {
	Customer Customer        `json:"customer"`
	Balance  int             `json:"balance"`
	Ledger   []LedgerEntry   `json:"ledger"`
	TopUps   []TopUp         `json:"top_ups"`
	Orders   []Order         `json:"orders"`
	Refunds  []Refund        `json:"refunds"`
	Catering []CateringOrder `json:"catering"`
}

// jsonString marshals v for a TEXT column.
func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
