package backend

import (
	"context"
	"slices"
	"testing"

	"github.com/cafebot/cafebot/pkg/config"
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

// TestCreditMissing credits the story's missing top-up bonus once: a
// second run, as from another store, finds it already there.
func TestCreditMissing(t *testing.T) {
	ctx := context.Background()
	s, _ := seeded(t)
	p := config.Default().Loyalty
	before, err := s.Balance(ctx, StoryMissingBonus)
	if err != nil {
		t.Fatal(err)
	}
	first, err := CreditMissing(ctx, s, s, p, StoryMissingBonus, testNow)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(first.Credited, func(c Credit) bool { return c.TopUpID == StoryTopUpID })
	if i < 0 || first.Credited[i].Points != 40 || first.Credited[i].Kind != KindBonus {
		t.Fatalf("first run credited %+v, want the 40-point bonus of %s", first.Credited, StoryTopUpID)
	}
	again, err := CreditMissing(ctx, s, s, p, StoryMissingBonus, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if again.Points() != 0 || !slices.ContainsFunc(again.Already, func(c Credit) bool { return c.TopUpID == StoryTopUpID }) {
		t.Errorf("second run: credited %+v, already %+v", again.Credited, again.Already)
	}
	after, _ := s.Balance(ctx, StoryMissingBonus)
	if after-before != first.Points() {
		t.Errorf("balance moved %d, credited %d", after-before, first.Points())
	}
}
