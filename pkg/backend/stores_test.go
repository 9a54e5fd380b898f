package backend

import (
	"context"
	"testing"
)

// Each engine implements every aggregate's store, and Backend is exactly
// their sum: a method added to one store reaches every engine.
var (
	_ CustomerStore     = (*SQLite)(nil)
	_ SecondFactorStore = (*SQLite)(nil)
	_ LoyaltyStore      = (*SQLite)(nil)
	_ OrderStore        = (*SQLite)(nil)
	_ CateringStore     = (*SQLite)(nil)
	_ AuditStore        = (*SQLite)(nil)
	_ Backend           = (*SQLite)(nil)
)

// TestOneAggregateIsEnough uses the store through the loyalty interface
// alone, as a caller that needs only the ledger does.
func TestOneAggregateIsEnough(t *testing.T) {
	s, _ := seeded(t)
	var l LoyaltyStore = s
	b, err := l.Balance(context.Background(), StoryMissingBonus)
	if err != nil || b <= 0 {
		t.Errorf("balance %d, %v", b, err)
	}
}
