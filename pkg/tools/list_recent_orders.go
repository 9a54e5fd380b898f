package tools

import (
	"cmp"
	"context"
	"fmt"
)

// listRecentOrdersDescription is what the model reads about list_recent_orders.
const listRecentOrdersDescription = "The customer's recent orders: id, date, shop, status, total."

// listRecentOrdersParams are the arguments of list_recent_orders.
type listRecentOrdersParams struct {
	Limit int `json:"limit" description:"1-20, default 5." min:"1" max:"20"`
}

// listRecentOrdersTool is the list_recent_orders tool.
var listRecentOrdersTool = typed("list_recent_orders", listRecentOrdersDescription, (*Toolbox).listRecentOrders)

func (t *Toolbox) listRecentOrders(ctx context.Context, p listRecentOrdersParams) (outcome, error) {
	orders, err := t.b.Orders(ctx, t.customerID, cmp.Or(p.Limit, 5))
	if err != nil {
		return outcome{}, err
	}
	views := make([]orderSummary, 0, len(orders))
	for _, o := range orders {
		views = append(views, orderSummary{OrderID: o.ID, PlacedAt: t.fmtTime(o.PlacedAt), Location: o.Location, Status: o.Status, Total: o.Total, Items: itemsText(o)})
	}
	return outcome{output: map[string]any{"orders": views}, summary: fmt.Sprintf("%d recent orders", len(views))}, nil
}
