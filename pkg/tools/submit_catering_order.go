package tools

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/rules"
)

// submitCateringDescription is what the model reads about submit_catering_order.
const submitCateringDescription = "Submit a catering order for the catering team to confirm; the rules are checked."

// submitCateringParams are the arguments of submit_catering_order.
type submitCateringParams struct {
	EventTime string `json:"event_time" description:"Local ISO 8601, for example \"2026-03-20T12:30\"." required:"true" maxLen:"40"`
	Headcount int    `json:"headcount" description:"Guests." required:"true" min:"1" max:"100000"`
	Package   string `json:"package" description:"Package." enum:"packages" required:"true"`
	Location  string `json:"location" description:"Café." enum:"locations" required:"true"`
	Notes     string `json:"notes" description:"Dietary or delivery notes."`
}

// submitCateringTool is the submit_catering_order tool.
var submitCateringTool = typed("submit_catering_order", submitCateringDescription, (*Toolbox).submitCatering)

func (t *Toolbox) submitCatering(ctx context.Context, p submitCateringParams) (outcome, error) {
	now := t.now()
	cat := t.rules.Catering
	event, err := parseEventTime(p.EventTime, now.Location())
	if err != nil {
		return outcome{}, userErr("%s", err.Error())
	}
	n := p.Headcount
	// The package is looked up after the time and head count checks, so
	// the customer hears about those first, as before.
	var perGuest int64
	pkg, ok := backend.FindCateringPackage(p.Package)
	if ok {
		perGuest = int64(pkg.PerGuest)
	}
	sum, err := rules.Booking(cat, now, event, n, perGuest)
	var be *rules.BookingError
	switch {
	case errors.As(err, &be) && be.Problem == rules.EventPast:
		return outcome{}, userErr("the event time %s is in the past", t.fmtTime(event))
	case errors.As(err, &be) && be.Problem == rules.TooLittleNotice:
		return outcome{}, userErr("catering needs at least %d hours' notice; the earliest event time is %s", cat.NoticeHours, t.fmtTime(be.Earliest))
	case errors.As(err, &be) && be.Problem == rules.HeadcountOutOfRange:
		return outcome{}, userErr("catering is for %d to %d guests, not %d", cat.MinHeadcount, cat.MaxHeadcount, n)
	case !ok:
		return outcome{}, userErr("unknown catering package %q", p.Package)
	case errors.As(err, &be) && be.Problem == rules.BelowMinSpend:
		return outcome{}, userErr("the minimum catering spend is %s; %d guests × %s (%s) is %s, so this package needs at least %d guests",
			backend.Money(be.MinSpend), n, pkg.Name, pkg.PerGuest, backend.Money(be.Total), be.MinGuests)
	case err != nil:
		return outcome{}, err
	}
	total := backend.Money(sum)
	loc := p.Location
	c := backend.CateringOrder{
		CustomerID: t.customerID, Location: loc, EventAt: event, Headcount: n,
		Items: []backend.CateringItem{{Item: pkg.Name + " package", Qty: n, UnitPrice: pkg.PerGuest}},
		Total: total, Status: backend.CateringRequested, Notes: p.Notes, CreatedAt: now,
		IdempotencyKey: fmt.Sprintf("catering:%s:%s:%s:%d:%s", t.customerID, loc, event.UTC().Format(time.RFC3339), n, pkg.Key),
	}
	stored, created, err := t.b.CreateCatering(ctx, c)
	if err != nil {
		return outcome{}, err
	}
	out := map[string]any{
		"catering_order":    t.cateringView(stored),
		"already_submitted": !created,
		"next_step":         "the catering team confirms the order by email; free cancellation until the time shown",
	}
	return outcome{output: out, summary: fmt.Sprintf("catering %s %s: %d guests, %s", stored.ID, stored.Status, n, stored.Total)}, nil
}
