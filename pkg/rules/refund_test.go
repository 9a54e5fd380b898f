package rules

import (
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

var now = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// doubleCharged is a $12.40 order of two lines paid twice by the same card
// a minute apart.
func doubleCharged(refunds ...Refund) Order {
	return Order{
		Total: 1240, PlacedAt: now.Add(-2 * 24 * time.Hour),
		Lines: []Line{{ID: 1, Amount: 840}, {ID: 2, Amount: 400}},
		Payments: []Payment{
			{ID: 10, Method: "card", Card: "4242", Amount: 1240, At: now.Add(-48 * time.Hour)},
			{ID: 11, Method: "card", Card: "4242", Amount: 1240, At: now.Add(-48*time.Hour + time.Minute)},
		},
		Refunds: refunds,
	}
}

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name string
		o    Order
		want []int
	}{
		{"the same card twice a minute apart", doubleCharged(), []int{1}},
		{"not overpaid: a split bill is no double charge", Order{Total: 2480, Payments: doubleCharged().Payments}, nil},
		{"an hour apart is two visits", Order{Total: 1240, Payments: []Payment{
			{ID: 1, Method: "card", Card: "4242", Amount: 1240, At: now},
			{ID: 2, Method: "card", Card: "4242", Amount: 1240, At: now.Add(time.Hour)}}}, nil},
		{"another card", Order{Total: 1240, Payments: []Payment{
			{ID: 1, Method: "card", Card: "4242", Amount: 1240, At: now},
			{ID: 2, Method: "card", Card: "1111", Amount: 1240, At: now}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Duplicates(tt.o)
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("Duplicates = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClaimLeft(t *testing.T) {
	tests := []struct {
		name string
		o    Order
		c    Claim
		want int64
	}{
		{"the whole order", doubleCharged(), Claim{Kind: RefundOrder}, 1240},
		{"one line", doubleCharged(), Claim{Kind: RefundLine, LineID: 1}, 840},
		{"an unknown line", doubleCharged(), Claim{Kind: RefundLine, LineID: 99}, 0},
		{"the duplicate payment", doubleCharged(), Claim{Kind: RefundDoubleCharge, PaymentID: 11}, 1240},
		{"the first payment is no duplicate", doubleCharged(), Claim{Kind: RefundDoubleCharge, PaymentID: 10}, 0},
		{"the duplicate already refunded", doubleCharged(Refund{Kind: RefundDoubleCharge, PaymentID: 11, Amount: 1240, Status: StatusApproved}),
			Claim{Kind: RefundDoubleCharge, PaymentID: 11}, 0},
		{"a rejected duplicate refund does not count", doubleCharged(Refund{Kind: RefundDoubleCharge, PaymentID: 11, Amount: 1240, Status: StatusRejected}),
			Claim{Kind: RefundDoubleCharge, PaymentID: 11}, 1240},
		{"the duplicate refund leaves the order's own cost", doubleCharged(Refund{Kind: RefundDoubleCharge, PaymentID: 11, Amount: 1240, Status: StatusPaid}),
			Claim{Kind: RefundOrder}, 1240},
		{"a line after part of it", doubleCharged(Refund{Kind: RefundLine, LineID: 1, Amount: 500, Status: StatusRequested}),
			Claim{Kind: RefundLine, LineID: 1}, 340},
		{"a line after the order", doubleCharged(Refund{Kind: RefundOrder, Amount: 1000, Status: StatusRequested}),
			Claim{Kind: RefundLine, LineID: 1}, 240},
		{"an unpaid order", Order{Total: 500, Lines: []Line{{ID: 1, Amount: 500}}}, Claim{Kind: RefundOrder}, 0},
		{"an unknown kind", doubleCharged(), Claim{Kind: "goodwill"}, 0},
		// Two identical halves of a split bill on an overpaid order: the
		// second half reads as a duplicate, but the refunds that count
		// never pass what was paid.
		{"never more than paid", Order{Total: 1000,
			Payments: []Payment{{ID: 1, Method: "card", Amount: 600, At: now}, {ID: 2, Method: "card", Amount: 600, At: now}},
			Refunds:  []Refund{{Kind: RefundOrder, Amount: 1000, Status: StatusRequested}}},
			Claim{Kind: RefundDoubleCharge, PaymentID: 2}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClaimLeft(tt.o, tt.c); got != tt.want {
				t.Errorf("ClaimLeft = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestLeft(t *testing.T) {
	got := Left(doubleCharged(Refund{Kind: RefundLine, LineID: 2, Amount: 400, Status: StatusRequested}))
	if got != (Remaining{Order: 840, Duplicates: 1240}) {
		t.Errorf("Left = %+v", got)
	}
}

func TestWindowAndStatus(t *testing.T) {
	p := config.Refunds{WindowDays: 14, ManagerThreshold: 50}
	windows := []struct {
		age  time.Duration
		kind string
		out  bool
	}{
		{14 * 24 * time.Hour, RefundOrder, false},
		{14*24*time.Hour + time.Second, RefundOrder, true},
		{14*24*time.Hour + time.Second, RefundLine, true},
		{90 * 24 * time.Hour, RefundDoubleCharge, false},
	}
	for _, w := range windows {
		if got := OutsideWindow(p, w.kind, now.Add(-w.age), now); got != w.out {
			t.Errorf("%s %s old: outside = %v, want %v", w.kind, w.age, got, w.out)
		}
	}
	statuses := []struct {
		kind   string
		amount int64
		want   string
	}{
		{RefundOrder, 5000, StatusRequested},
		{RefundOrder, 5001, StatusNeedsManager},
		{RefundDoubleCharge, 1240, StatusApproved},
		{RefundDoubleCharge, 9000, StatusNeedsManager},
	}
	for _, s := range statuses {
		if got := NewStatus(p, s.kind, s.amount); got != s.want {
			t.Errorf("%s of %d: status %s, want %s", s.kind, s.amount, got, s.want)
		}
	}
}

// TestStatusAllowed: a new refund may wait for more approval than the
// rules give it, never for less.
func TestStatusAllowed(t *testing.T) {
	p := config.Refunds{WindowDays: 14, ManagerThreshold: 50}
	tests := []struct {
		kind   string
		amount int64
		status string
		want   bool
	}{
		{RefundOrder, 5000, StatusRequested, true},
		{RefundOrder, 5000, StatusNeedsManager, true},
		{RefundOrder, 5000, StatusApproved, false},
		{RefundOrder, 5001, StatusRequested, false},
		{RefundOrder, 5001, StatusApproved, false},
		{RefundOrder, 5001, StatusNeedsManager, true},
		{RefundDoubleCharge, 1240, StatusApproved, true},
		{RefundDoubleCharge, 9000, StatusApproved, false},
		{RefundOrder, 100, StatusPaid, false},
		{RefundOrder, 100, StatusRejected, false},
		{RefundOrder, 100, "", false},
	}
	for _, tt := range tests {
		if got := StatusAllowed(p, tt.kind, tt.amount, tt.status); got != tt.want {
			t.Errorf("%s of %d as %q: allowed = %v, want %v", tt.kind, tt.amount, tt.status, got, tt.want)
		}
	}
}
