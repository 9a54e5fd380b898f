package tools

import (
	"context"
	"fmt"

	"github.com/cafebot/cafebot/pkg/backend"
)

// creditMissingPointsDescription is what the model reads about credit_missing_points.
const creditMissingPointsDescription = "Find bonus or earned points missing for the customer's top-ups and purchases and credit what is due. Never credits twice."

// creditMissingPointsParams are the arguments of credit_missing_points.
type creditMissingPointsParams struct{}

// creditMissingPointsTool is the credit_missing_points tool.
var creditMissingPointsTool = typed("credit_missing_points", creditMissingPointsDescription, (*Toolbox).creditMissingPoints)

func (t *Toolbox) creditMissingPoints(ctx context.Context, _ creditMissingPointsParams) (outcome, error) {
	cr, err := backend.CreditMissing(ctx, t.b, t.b, t.rules.Loyalty, t.customerID, t.now())
	if err != nil {
		return outcome{}, err
	}
	view := func(c backend.Credit, what string) creditView {
		return creditView{What: what, TopUpID: c.TopUpID, OrderID: c.OrderID, Amount: c.Amount, Date: t.fmtTime(c.At), Points: c.Points}
	}
	what := func(c backend.Credit) string {
		if c.Kind == backend.KindEarn {
			return "points for a purchase"
		}
		return "top-up bonus"
	}
	credited, already, noBonus := []creditView{}, []creditView{}, []creditView{}
	for _, c := range cr.Credited {
		credited = append(credited, view(c, what(c)))
	}
	for _, c := range cr.Already {
		already = append(already, view(c, what(c)))
	}
	for _, c := range cr.NoBonus {
		noBonus = append(noBonus, view(c, "top-up without a bonus (bonuses are for exactly "+t.bonusAmounts()+")"))
	}
	b, err := t.b.Balance(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	total := cr.Points()
	out := map[string]any{
		"points_credited":  total,
		"credited":         credited,
		"already_credited": already,
		"balance_points":   b,
	}
	if len(noBonus) > 0 {
		out["top_ups_without_bonus"] = noBonus
	}
	if total == 0 {
		out["message"] = "nothing is missing: every top-up with a bonus already has it and recent purchases have their points"
		return outcome{output: out, summary: fmt.Sprintf("no missing points; balance %d points", b)}, nil
	}
	return outcome{output: out, summary: fmt.Sprintf("credited %d points; balance %d points", total, b)}, nil
}
