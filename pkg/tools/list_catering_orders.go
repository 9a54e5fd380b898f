package tools

import (
	"context"
	"fmt"
)

// listCateringDescription is what the model reads about list_catering_orders.
const listCateringDescription = "The customer's catering orders with their ids and status."

// listCateringParams are the arguments of list_catering_orders.
type listCateringParams struct{}

// listCateringTool is the list_catering_orders tool.
var listCateringTool = typed("list_catering_orders", listCateringDescription, (*Toolbox).listCatering)

func (t *Toolbox) listCatering(ctx context.Context, _ listCateringParams) (outcome, error) {
	cs, err := t.b.CateringOrders(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	views := make([]cateringView, 0, len(cs))
	for _, c := range cs {
		views = append(views, t.cateringView(c))
	}
	return outcome{output: map[string]any{"catering_orders": views}, summary: fmt.Sprintf("%d catering orders", len(views))}, nil
}
