package rules

import (
	"slices"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

var loyalty = config.Loyalty{PointsPerDollar: 10, TopUpBonus: map[int]int{20: 40, 50: 120, 100: 300, 5: 0}}

func TestTopUpBonus(t *testing.T) {
	tests := []struct {
		amount int64
		want   int
		ok     bool
	}{
		{2000, 40, true},
		{5000, 120, true},
		{2050, 0, false}, // $20.50 is not a bonus amount
		{3000, 0, false},
		{500, 0, false}, // configured with no points
	}
	for _, tt := range tests {
		if got, ok := TopUpBonus(loyalty, tt.amount); got != tt.want || ok != tt.ok {
			t.Errorf("TopUpBonus(%d) = %d, %v; want %d, %v", tt.amount, got, ok, tt.want, tt.ok)
		}
	}
	if got := BonusAmounts(loyalty); !slices.Equal(got, []int{20, 50, 100}) {
		t.Errorf("BonusAmounts = %v", got)
	}
}

func TestMissingPoints(t *testing.T) {
	tests := []struct {
		name string
		o    Purchase
		want int
		due  bool
	}{
		{"a recent purchase", Purchase{Completed: true, PlacedAt: now.Add(-24 * time.Hour), Total: 1240}, 124, true},
		{"already earned", Purchase{Completed: true, PlacedAt: now.Add(-24 * time.Hour), Total: 1240, Earned: true}, 0, false},
		{"still preparing", Purchase{PlacedAt: now, Total: 1240}, 0, false},
		{"30 days ago exactly", Purchase{Completed: true, PlacedAt: now.Add(-30 * 24 * time.Hour), Total: 1000}, 100, true},
		{"31 days ago", Purchase{Completed: true, PlacedAt: now.Add(-31 * 24 * time.Hour), Total: 1000}, 0, false},
		{"too small for a point", Purchase{Completed: true, PlacedAt: now, Total: 9}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, due := MissingPoints(loyalty, tt.o, now); got != tt.want || due != tt.due {
				t.Errorf("MissingPoints = %d, %v; want %d, %v", got, due, tt.want, tt.due)
			}
		})
	}
}

func TestCanApply(t *testing.T) {
	tests := []struct {
		balance, points int
		want            bool
	}{
		{0, 40, true},
		{100, -100, true},
		{100, -101, false},
		{-5, 10, true}, // a credit is never refused
	}
	for _, tt := range tests {
		if got := CanApply(tt.balance, tt.points); got != tt.want {
			t.Errorf("CanApply(%d, %d) = %v", tt.balance, tt.points, got)
		}
	}
}
