package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cafebot/cafebot/pkg/backend"
)

// getRefundStatusDescription is what the model reads about get_refund_status.
const getRefundStatusDescription = "Refund requests: by refund id, by order, or all of them."

// getRefundStatusParams are the arguments of get_refund_status.
type getRefundStatusParams struct {
	RefundID string `json:"refund_id" description:"For example \"R2003\"." maxLen:"40"`
	OrderID  string `json:"order_id" description:"Order number." id:"true" maxLen:"40"`
}

// getRefundStatusTool is the get_refund_status tool.
var getRefundStatusTool = typed("get_refund_status", getRefundStatusDescription, (*Toolbox).getRefundStatus)

func (t *Toolbox) getRefundStatus(ctx context.Context, p getRefundStatusParams) (outcome, error) {
	all, err := t.b.Refunds(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	var picked []backend.Refund
	switch {
	case p.RefundID != "":
		id := strings.ToUpper(p.RefundID)
		if _, err := strconv.Atoi(id); err == nil {
			id = "R" + id // models drop the letter: "2003" for R2003
		}
		i := slices.IndexFunc(all, func(r backend.Refund) bool { return r.ID == id })
		if i < 0 {
			r, err := t.b.Refund(ctx, id)
			switch {
			case errors.Is(err, backend.ErrNotFound):
				return outcome{}, userErr("%s", notYourRefund)
			case err != nil:
				return outcome{}, err
			case r.CustomerID != t.customerID:
				return outcome{}, refuse(notYourRefund)
			}
			return outcome{}, userErr("%s", notYourRefund)
		}
		if p.OrderID != "" && all[i].OrderID != normOrderID(p.OrderID) {
			return outcome{}, userErr("refund %s is not on order %s", id, p.OrderID)
		}
		picked = all[i : i+1]
	case p.OrderID != "":
		if _, err := t.ownOrder(ctx, p.OrderID); err != nil {
			return outcome{}, err
		}
		for _, r := range all {
			if r.OrderID == normOrderID(p.OrderID) {
				picked = append(picked, r)
			}
		}
	default:
		picked = all
		if len(picked) > 10 {
			picked = picked[:10]
		}
	}
	views := make([]refundView, 0, len(picked))
	for _, r := range picked {
		o, err := t.b.Order(ctx, r.OrderID)
		if err != nil {
			return outcome{}, err
		}
		views = append(views, t.refundView(r, o))
	}
	out := map[string]any{"refunds": views}
	if len(views) == 0 {
		out["message"] = "no refund requests found"
		return outcome{output: out, summary: "no refund requests"}, nil
	}
	if len(views) == 1 {
		out["next_step"] = nextStep(views[0].Status, t.rules.Refunds.ManagerThreshold)
		return outcome{output: out, summary: fmt.Sprintf("refund %s is %s", views[0].RefundID, views[0].Status)}, nil
	}
	return outcome{output: out, summary: fmt.Sprintf("%d refund requests", len(views))}, nil
}
