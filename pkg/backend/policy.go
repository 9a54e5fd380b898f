package backend

import (
	"errors"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

// ErrOutsideWindow reports a refund requested too long after the order
// was placed (rules.OutsideWindow); double charges are exempt.
var ErrOutsideWindow = errors.New("outside the refund window")

// ErrRefundStatus reports a new refund asked to start in a status the
// rules do not allow for it (rules.StatusAllowed): above the manager
// threshold only needs_manager, and never an approval the rules leave to
// the café team.
var ErrRefundStatus = errors.New("status not allowed for a new refund")

// Policy is the account rules a store enforces on every write, whoever
// calls it: the tools, an import, or code that skips both. The rule
// functions live in pkg/rules; the store calls them inside the write's
// transaction.
type Policy struct {
	// Refunds is the refund window and the manager threshold.
	Refunds config.Refunds
	// Now is the store's clock, against which the refund window is judged
	// (the later of it and the request's CreatedAt, so a backdated
	// request gains nothing). Nil judges a request at its CreatedAt, or
	// time.Now when that is unset: for tests and tools that pin a clock.
	Now func() time.Time
}

// DefaultPolicy returns the rules of config.Default, judged at each
// request's own time; NewSQLite and Open use it.
func DefaultPolicy() Policy { return Policy{Refunds: config.Default().Refunds} }

// PolicyFrom returns the rules of cfg judged at the clock now (time.Now
// when nil): what cafebot's commands open the store with.
func PolicyFrom(cfg config.Config, now func() time.Time) Policy {
	if now == nil {
		now = time.Now
	}
	return Policy{Refunds: cfg.Refunds, Now: now}
}

// judgedAt returns the time the refund window is judged at for a request
// made at requested.
func (p Policy) judgedAt(requested time.Time) time.Time {
	if p.Now == nil {
		if requested.IsZero() {
			return time.Now()
		}
		return requested
	}
	now := p.Now()
	if requested.After(now) {
		return requested
	}
	return now
}
