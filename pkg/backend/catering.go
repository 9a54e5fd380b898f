package backend

import (
	"context"
	"time"
)

// CateringStore holds the catering bookings.
type CateringStore interface {
	// CateringOrder returns one catering order; callers check CustomerID.
	CateringOrder(ctx context.Context, id string) (CateringOrder, error)
	// CateringOrders returns the customer's catering orders, soonest event first.
	CateringOrders(ctx context.Context, customerID string) ([]CateringOrder, error)
	// CreateCatering stores c once per c.IdempotencyKey, assigning its id;
	// a cancelled order with the same key does not count, so a slot can be
	// booked again after cancelling it.
	CreateCatering(ctx context.Context, c CateringOrder) (order CateringOrder, created bool, err error)
	// CancelCatering marks the order cancelled with the given fee, once:
	// cancelling an already cancelled order returns it with changed=false.
	// A fee rules.ValidFee refuses is an error.
	CancelCatering(ctx context.Context, id string, fee Money, at time.Time) (order CateringOrder, changed bool, err error)
}
