package rules

import (
	"errors"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

var catering = config.Catering{NoticeHours: 48, MinHeadcount: 10, MaxHeadcount: 200, MinSpend: 150, FreeCancelHours: 72, LateCancelFeePct: 50}

func TestBooking(t *testing.T) {
	tests := []struct {
		name     string
		event    time.Time
		guests   int
		perGuest int64
		total    int64
		problem  BookingProblem
		minGuest int
	}{
		{"a good booking", now.Add(72 * time.Hour), 20, 1200, 24000, 0, 0},
		{"in the past", now.Add(-time.Hour), 20, 1200, 0, EventPast, 0},
		{"now is not the future", now, 20, 1200, 0, EventPast, 0},
		{"a day's notice", now.Add(24 * time.Hour), 20, 1200, 0, TooLittleNotice, 0},
		{"exactly the notice", now.Add(48 * time.Hour), 20, 1200, 24000, 0, 0},
		{"too few guests", now.Add(72 * time.Hour), 9, 1200, 0, HeadcountOutOfRange, 0},
		{"too many guests", now.Add(72 * time.Hour), 201, 1200, 0, HeadcountOutOfRange, 0},
		{"under the minimum spend", now.Add(72 * time.Hour), 10, 1000, 0, BelowMinSpend, 15},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, err := Booking(catering, now, tt.event, tt.guests, tt.perGuest)
			var be *BookingError
			switch {
			case tt.problem == 0 && err != nil:
				t.Fatalf("Booking: %v", err)
			case tt.problem != 0 && (!errors.As(err, &be) || be.Problem != tt.problem):
				t.Fatalf("Booking error %v, want problem %d", err, tt.problem)
			}
			if total != tt.total {
				t.Errorf("total %d, want %d", total, tt.total)
			}
			if be != nil && be.MinGuests != tt.minGuest {
				t.Errorf("min guests %d, want %d", be.MinGuests, tt.minGuest)
			}
		})
	}
	if _, err := Booking(config.Catering{MinHeadcount: 1}, now, now.Add(time.Hour), 1000, 100); err != nil {
		t.Errorf("no maximum configured: %v", err)
	}
}

func TestCancellationFee(t *testing.T) {
	event := now.Add(100 * time.Hour)
	tests := []struct {
		before time.Duration
		want   int64
	}{
		{100 * time.Hour, 0},
		{72 * time.Hour, 0},
		{72*time.Hour - time.Minute, 19000},
		{time.Hour, 19000},
	}
	for _, tt := range tests {
		if got := CancellationFee(catering, 38000, event, event.Add(-tt.before)); got != tt.want {
			t.Errorf("%s before: fee %d, want %d", tt.before, got, tt.want)
		}
	}
	if got := FreeCancelUntil(catering, event); !got.Equal(event.Add(-72 * time.Hour)) {
		t.Errorf("FreeCancelUntil = %s", got)
	}
	if CanCancel(event, event) || !CanCancel(event, event.Add(-time.Second)) {
		t.Error("CanCancel: a started event can be cancelled, or a future one cannot")
	}
	for _, f := range []struct {
		fee  int64
		want bool
	}{{0, true}, {38000, true}, {-1, false}, {38001, false}} {
		if got := ValidFee(38000, f.fee); got != f.want {
			t.Errorf("ValidFee(38000, %d) = %v", f.fee, got)
		}
	}
}
