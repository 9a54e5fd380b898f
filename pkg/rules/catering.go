package rules

import (
	"fmt"
	"math"
	"time"

	"github.com/cafebot/cafebot/pkg/config"
)

// BookingProblem names the catering rule a booking breaks.
type BookingProblem int

// The catering rules a booking can break.
const (
	// EventPast: the event time is not in the future.
	EventPast BookingProblem = iota + 1
	// TooLittleNotice: the event is sooner than the notice hours allow.
	TooLittleNotice
	// HeadcountOutOfRange: fewer guests than the minimum or more than the
	// maximum.
	HeadcountOutOfRange
	// BelowMinSpend: the total is under the minimum spend.
	BelowMinSpend
)

// BookingError reports the rule a catering booking breaks, with the
// figures needed to tell the customer what would work.
type BookingError struct {
	Problem BookingProblem
	// Earliest is the earliest event time the notice allows.
	Earliest time.Time
	// Total is the booking's total in cents and MinSpend the minimum.
	Total, MinSpend int64
	// MinGuests is the head count that reaches the minimum spend.
	MinGuests int
}

// Error returns the broken rule in a few words.
func (e *BookingError) Error() string {
	switch e.Problem {
	case EventPast:
		return "catering: the event time is in the past"
	case TooLittleNotice:
		return "catering: not enough notice; earliest " + e.Earliest.Format(time.RFC3339)
	case HeadcountOutOfRange:
		return "catering: head count out of range"
	case BelowMinSpend:
		return fmt.Sprintf("catering: total %d cents is under the minimum spend of %d; needs %d guests", e.Total, e.MinSpend, e.MinGuests)
	}
	return "catering: booking refused"
}

// Booking returns the total in cents of a catering booking of headcount
// guests at perGuest cents each for an event at event, booked at now, or a
// *BookingError naming the first rule it breaks: the event must be in the
// future and at least NoticeHours away, the head count within
// MinHeadcount..MaxHeadcount (no maximum when 0), and the total at least
// MinSpend.
func Booking(p config.Catering, now, event time.Time, headcount int, perGuest int64) (int64, error) {
	if !event.After(now) {
		return 0, &BookingError{Problem: EventPast}
	}
	if earliest := now.Add(time.Duration(p.NoticeHours) * time.Hour); event.Before(earliest) {
		return 0, &BookingError{Problem: TooLittleNotice, Earliest: earliest}
	}
	if headcount < p.MinHeadcount || (p.MaxHeadcount > 0 && headcount > p.MaxHeadcount) {
		return 0, &BookingError{Problem: HeadcountOutOfRange}
	}
	total := perGuest * int64(headcount)
	if minSpend := Cents(p.MinSpend); total < minSpend {
		need := 0
		if perGuest > 0 {
			need = int(math.Ceil(float64(minSpend) / float64(perGuest)))
		}
		return 0, &BookingError{Problem: BelowMinSpend, Total: total, MinSpend: minSpend, MinGuests: need}
	}
	return total, nil
}

// FreeCancelUntil returns the last moment a booking for an event at event
// can be cancelled free of charge.
func FreeCancelUntil(p config.Catering, event time.Time) time.Time {
	return event.Add(-time.Duration(p.FreeCancelHours) * time.Hour)
}

// CanCancel reports whether a booking for an event at event can still be
// cancelled at now: not once the event has started.
func CanCancel(event, now time.Time) bool { return event.After(now) }

// CancellationFee returns the fee in cents for cancelling a booking of
// total cents at now for an event at event: free at least FreeCancelHours
// before, LateCancelFeePct of the total after.
func CancellationFee(p config.Catering, total int64, event, now time.Time) int64 {
	if event.Sub(now) >= time.Duration(p.FreeCancelHours)*time.Hour {
		return 0
	}
	return int64(math.Round(float64(total) * p.LateCancelFeePct / 100))
}

// ValidFee reports whether fee is a possible cancellation fee of a booking
// of total cents: never negative, never more than the booking.
func ValidFee(total, fee int64) bool { return fee >= 0 && fee <= total }
