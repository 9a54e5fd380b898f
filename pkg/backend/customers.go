package backend

import (
	"context"
	"time"
)

// CustomerStore holds the customer accounts.
type CustomerStore interface {
	// ListCustomers returns every customer ordered by id.
	ListCustomers(ctx context.Context) ([]Customer, error)
	// FindCustomer returns the customer with the given id ("C1001"),
	// phone in any common format or email; ErrNotFound when none.
	FindCustomer(ctx context.Context, idOrPhone string) (Customer, error)
	// Account returns everything the store holds about one customer.
	Account(ctx context.Context, customerID string) (Account, error)
	// SetCardOnFile records the last four digits of the customer's card on
	// file ("" clears it).
	SetCardOnFile(ctx context.Context, customerID, last4 string) error
}

// SecondFactorStore checks the second factor an account write may need.
type SecondFactorStore interface {
	// VerifySecondFactor checks a second factor for an account write: the
	// last four digits of the customer's card on file, or their account
	// email. The answer is free text ("it ends 4242", "maya@example.com");
	// it is never stored, only whether it was right. ok is false for a
	// wrong answer; ErrNoSecondFactor when the account has neither;
	// ErrNoAnswer (not counted) when the reply offers no digits or email.
	VerifySecondFactor(ctx context.Context, customerID, answer string) (ok bool, err error)
	// SecondFactorFailures returns how many wrong answers the customer has
	// given within window, counting from their last right one.
	SecondFactorFailures(ctx context.Context, customerID string, window time.Duration) (int, error)
}
