package backend

import "context"

// OrderStore holds the orders with their lines and payments, and the
// refunds requested on them.
type OrderStore interface {
	// Order returns one order with its lines and payments, whoever owns
	// it: callers check Order.CustomerID.
	Order(ctx context.Context, orderID string) (Order, error)
	// Orders returns the customer's orders, newest first; limit <= 0 means all.
	Orders(ctx context.Context, customerID string, limit int) ([]Order, error)

	// Refund returns one refund request; callers check Refund.CustomerID.
	Refund(ctx context.Context, refundID string) (Refund, error)
	// Refunds returns the customer's refund requests, newest first.
	Refunds(ctx context.Context, customerID string) ([]Refund, error)
	// RequestRefund stores r once per r.IdempotencyKey, assigning its id;
	// a repeat returns the stored request and created=false. It holds
	// every request to the store's Policy, whoever calls it: it fails with
	// ErrOutsideWindow for an order older than the refund window (double
	// charges excepted), with ErrRefundStatus for a status
	// rules.StatusAllowed refuses (above the manager threshold only
	// needs_manager; an empty Status gets rules.NewStatus), and with
	// ErrExceedsPaid when the amount is more than rules.ClaimLeft allows.
	RequestRefund(ctx context.Context, r Refund) (refund Refund, created bool, err error)
}
