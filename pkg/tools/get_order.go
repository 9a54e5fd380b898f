package tools

import (
	"context"
	"fmt"
)

// getOrderDescription is what the model reads about get_order.
const getOrderDescription = "One order: status, items, payments, refunds, whether it was charged twice, what can still be refunded."

// getOrderParams are the arguments of get_order.
type getOrderParams struct {
	OrderID string `json:"order_id" description:"Order number, for example \"10482\"." required:"true" id:"true" maxLen:"40"`
}

// getOrderTool is the get_order tool.
var getOrderTool = typed("get_order", getOrderDescription, (*Toolbox).getOrder)

func (t *Toolbox) getOrder(ctx context.Context, p getOrderParams) (outcome, error) {
	o, err := t.ownOrder(ctx, p.OrderID)
	if err != nil {
		return outcome{}, err
	}
	refunds, err := t.orderRefunds(ctx, o.ID)
	if err != nil {
		return outcome{}, err
	}
	v := t.orderView(o, refunds)
	sum := fmt.Sprintf("order %s: %s, %s", o.ID, o.Status, o.Total)
	if v.DoubleCharged {
		sum += ", charged twice"
	}
	return outcome{output: v, summary: sum}, nil
}
