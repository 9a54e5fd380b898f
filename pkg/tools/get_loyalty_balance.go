package tools

import (
	"context"
	"fmt"
)

// loyaltyBalanceDescription is what the model reads about get_loyalty_balance.
const loyaltyBalanceDescription = "The customer's Larkspur Rewards points balance."

// loyaltyBalanceParams are the arguments of get_loyalty_balance.
type loyaltyBalanceParams struct{}

// getLoyaltyBalanceTool is the get_loyalty_balance tool.
var getLoyaltyBalanceTool = typed("get_loyalty_balance", loyaltyBalanceDescription, (*Toolbox).loyaltyBalance)

func (t *Toolbox) loyaltyBalance(ctx context.Context, _ loyaltyBalanceParams) (outcome, error) {
	b, err := t.b.Balance(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	return outcome{
		output:  map[string]any{"balance_points": b, "as_of": t.fmtTime(t.now())},
		summary: fmt.Sprintf("balance %d points", b),
	}, nil
}
