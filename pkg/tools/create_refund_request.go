package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/rules"
)

// createRefundRequestDescription is what the model reads about create_refund_request.
const createRefundRequestDescription = "Request a refund of one item (line_item), the whole order, or a double charge. Repeating it returns the existing request."

// createRefundRequestParams are the arguments of create_refund_request.
type createRefundRequestParams struct {
	OrderID  string   `json:"order_id" description:"Order number, for example \"10482\"." required:"true" id:"true" maxLen:"40"`
	LineItem string   `json:"line_item" description:"Item name or line id; omit for the whole order or a double charge." id:"true" maxLen:"80"`
	Amount   *float64 `json:"amount" description:"Dollars; omit for the item, the double charge or the rest of the order." min:"0.01" max:"100000"`
	Reason   string   `json:"reason" description:"What went wrong, in the customer's words." required:"true" maxLen:"300"`
}

// createRefundRequestTool is the create_refund_request tool.
var createRefundRequestTool = typed("create_refund_request", createRefundRequestDescription, (*Toolbox).createRefundRequest)

func (t *Toolbox) createRefundRequest(ctx context.Context, p createRefundRequestParams) (outcome, error) {
	o, err := t.ownOrder(ctx, p.OrderID)
	if err != nil {
		return outcome{}, err
	}
	if o.Status == backend.OrderCancelled {
		return outcome{}, userErr("order %s was cancelled, so there is nothing to refund", o.ID)
	}
	refunds, err := t.orderRefunds(ctx, o.ID)
	if err != nil {
		return outcome{}, err
	}
	amount, hasAmount := 0.0, p.Amount != nil
	if hasAmount {
		amount = *p.Amount
	}
	want, ok := backend.DollarsToMoney(amount)
	if hasAmount && (!ok || want <= 0) {
		return outcome{}, userErr("the amount must be a positive number of dollars")
	}
	reason := p.Reason
	r := backend.Refund{OrderID: o.ID, CustomerID: t.customerID, Reason: reason, CreatedAt: t.now()}
	dups := o.DuplicatePayments()
	switch {
	case p.LineItem != "":
		l, err := matchLine(o, p.LineItem)
		if err != nil {
			return outcome{}, err
		}
		r.Kind, r.LineID = backend.RefundLine, l.ID
		r.IdempotencyKey = fmt.Sprintf("refund:%s:line:%d", o.ID, l.ID)
	case len(dups) > 0 && mentionsDouble(reason):
		dup := dups[0]
		for _, d := range dups {
			if !slices.ContainsFunc(refunds, func(x backend.Refund) bool { return x.PaymentID == d.ID && x.Counts() }) {
				dup = d
				break
			}
		}
		r.Kind, r.PaymentID = backend.RefundDoubleCharge, dup.ID
		r.IdempotencyKey = fmt.Sprintf("refund:%s:payment:%d", o.ID, dup.ID)
	default:
		r.Kind = backend.RefundOrder
		r.IdempotencyKey = fmt.Sprintf("refund:%s:order", o.ID)
	}
	// A repeat of the same request returns the one already made.
	for _, x := range refunds {
		if x.IdempotencyKey == r.IdempotencyKey || (r.LineID != 0 && x.LineID == r.LineID) || (r.PaymentID != 0 && x.PaymentID == r.PaymentID) {
			return t.refundOutcome(x, o, false), nil
		}
	}
	if rules.OutsideWindow(t.rules.Refunds, r.Kind, o.PlacedAt, t.now()) {
		return outcome{}, userErr("order %s was placed on %s, more than %d days ago, so it is outside the refund window (double charges excepted)",
			o.ID, t.fmtTime(o.PlacedAt), t.rules.Refunds.WindowDays)
	}
	left := backend.Money(rules.ClaimLeft(o.Facts(refunds), rules.Claim{Kind: r.Kind, LineID: r.LineID, PaymentID: r.PaymentID}))
	if left <= 0 {
		return outcome{}, userErr("everything paid for this on order %s has already been refunded or requested", o.ID)
	}
	if !hasAmount {
		want = left
	}
	if want > left {
		return outcome{}, userErr("at most %s can be refunded for this on order %s", left, o.ID)
	}
	r.Amount = want
	r.Status = rules.NewStatus(t.rules.Refunds, r.Kind, int64(want))
	stored, created, err := t.b.RequestRefund(ctx, r)
	if errors.Is(err, backend.ErrExceedsPaid) {
		return outcome{}, userErr("that is more than can still be refunded on order %s", o.ID)
	}
	if errors.Is(err, backend.ErrOutsideWindow) {
		return outcome{}, userErr("order %s is outside the refund window (double charges excepted)", o.ID)
	}
	if err != nil {
		return outcome{}, err
	}
	return t.refundOutcome(stored, o, created), nil
}
