package tools

import (
	"cmp"
	"context"
	"fmt"
)

// loyaltyHistoryDescription is what the model reads about get_loyalty_history.
const loyaltyHistoryDescription = "Recent points activity (earned, redeemed, bonuses), newest first, with the balance."

// loyaltyHistoryParams are the arguments of get_loyalty_history.
type loyaltyHistoryParams struct {
	Limit int `json:"limit" description:"1-50, default 10." min:"1" max:"50"`
}

// getLoyaltyHistoryTool is the get_loyalty_history tool.
var getLoyaltyHistoryTool = typed("get_loyalty_history", loyaltyHistoryDescription, (*Toolbox).loyaltyHistory)

func (t *Toolbox) loyaltyHistory(ctx context.Context, p loyaltyHistoryParams) (outcome, error) {
	limit := cmp.Or(p.Limit, 10)
	entries, err := t.b.Ledger(ctx, t.customerID, limit)
	if err != nil {
		return outcome{}, err
	}
	b, err := t.b.Balance(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	views := make([]ledgerView, 0, len(entries))
	for _, e := range entries {
		views = append(views, ledgerView{Date: t.fmtTime(e.CreatedAt), Kind: e.Kind, Points: e.Points, Description: e.Reason, OrderID: e.OrderID, TopUpID: e.TopUpID})
	}
	return outcome{
		output:  map[string]any{"balance_points": b, "entries": views},
		summary: fmt.Sprintf("%d loyalty entries, balance %d points", len(views), b),
	}, nil
}
