package tools

import (
	"context"
	"fmt"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/rules"
)

// cancelCateringDescription is what the model reads about cancel_catering_order.
const cancelCateringDescription = "Cancel a catering order. Past the free deadline a fee applies: confirm_fee only once the customer agrees."

// cancelCateringParams are the arguments of cancel_catering_order.
type cancelCateringParams struct {
	CateringID string `json:"catering_id" description:"For example \"CT-20452\"." required:"true" maxLen:"40"`
	ConfirmFee bool   `json:"confirm_fee" description:"The customer accepted the late fee."`
}

// cancelCateringTool is the cancel_catering_order tool.
var cancelCateringTool = typed("cancel_catering_order", cancelCateringDescription, (*Toolbox).cancelCatering)

func (t *Toolbox) cancelCatering(ctx context.Context, p cancelCateringParams) (outcome, error) {
	c, err := t.ownCatering(ctx, p.CateringID)
	if err != nil {
		return outcome{}, err
	}
	if c.Status == backend.CateringCancelled {
		return outcome{output: map[string]any{"catering_order": t.cateringView(c), "already_cancelled": true},
			summary: fmt.Sprintf("catering %s was already cancelled", c.ID)}, nil
	}
	now := t.now()
	if !rules.CanCancel(c.EventAt, now) {
		return outcome{}, userErr("the event of catering order %s has already started, so it can no longer be cancelled here", c.ID)
	}
	cat := t.rules.Catering
	fee := backend.Money(rules.CancellationFee(cat, int64(c.Total), c.EventAt, now))
	if fee > 0 && !p.ConfirmFee {
		return outcome{
			output: map[string]any{
				"catering_order":     t.cateringView(c),
				"cancelled":          false,
				"needs_confirmation": true,
				"fee":                fee,
				"message": fmt.Sprintf("the event is less than %d hours away, so cancelling costs %s (%s%% of %s); ask the customer to agree, then call again with confirm_fee=true",
					cat.FreeCancelHours, fee, trimFloat(cat.LateCancelFeePct), c.Total),
			},
			summary: fmt.Sprintf("cancelling %s would cost %s: needs the customer's OK", c.ID, fee),
		}, nil
	}
	stored, changed, err := t.b.CancelCatering(ctx, c.ID, fee, now)
	if err != nil {
		return outcome{}, err
	}
	out := map[string]any{"catering_order": t.cateringView(stored), "cancelled": true, "fee": stored.CancellationFee, "already_cancelled": !changed}
	if stored.CancellationFee == 0 {
		return outcome{output: out, summary: fmt.Sprintf("catering %s cancelled free of charge", c.ID)}, nil
	}
	return outcome{output: out, summary: fmt.Sprintf("catering %s cancelled with a %s fee", c.ID, stored.CancellationFee)}, nil
}
