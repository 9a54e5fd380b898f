package tools

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/backend"
)

// describe turns one tool result into plain sentences for the customer,
// built only from the result, for answers that do not come from a model.
func describe(r Result) string {
	if !r.OK() {
		if r.Invalid {
			return ""
		}
		return "Sorry, " + strings.TrimSuffix(r.Error, ".") + "."
	}
	out, _ := r.Output.(map[string]any)
	switch r.Name {
	case "get_loyalty_balance":
		return fmt.Sprintf("You have %d Larkspur Rewards points.", out["balance_points"])
	case "get_loyalty_history":
		return describeHistory(out)
	case "credit_missing_points":
		return describeCredit(out)
	case "get_order":
		if v, ok := r.Output.(orderView); ok {
			return describeOrder(v)
		}
	case "list_recent_orders":
		return describeRecent(out)
	case "create_refund_request":
		return describeRefundRequest(out)
	case "get_refund_status":
		return describeRefundStatus(out)
	case "list_catering_orders":
		return describeCateringList(out)
	case "submit_catering_order":
		return describeCateringSubmit(out)
	case "cancel_catering_order":
		return describeCateringCancel(out)
	}
	return capitalize(r.Summary) + "."
}

// describeAll joins the descriptions of several results.
func describeAll(rs []Result) string {
	var parts []string
	for _, r := range rs {
		if d := describe(r); d != "" {
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, " ")
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// day turns a tool time ("2026-03-07 08:40") into "7 Mar".
func day(s string) string {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan")
}

// dayTime turns a tool time into "7 Mar at 08:40".
func dayTime(s string) string {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		return s
	}
	return t.Format("2 Jan at 15:04")
}

func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

func describeHistory(out map[string]any) string {
	entries, _ := out["entries"].([]ledgerView)
	if len(entries) == 0 {
		return fmt.Sprintf("There is no points activity on your account yet; your balance is %d points.", out["balance_points"])
	}
	var parts []string
	for i, e := range entries {
		if i == 5 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %s (%s)", day(e.Date), signed(e.Points), strings.TrimSuffix(e.Description, " (credited by the assistant)")))
	}
	return fmt.Sprintf("Your recent points activity: %s. Your balance is %d points.", strings.Join(parts, "; "), out["balance_points"])
}

func describeCredit(out map[string]any) string {
	credited, _ := out["credited"].([]creditView)
	already, _ := out["already_credited"].([]creditView)
	bal := out["balance_points"]
	if len(credited) == 0 {
		s := "I checked your top-ups and recent purchases and no points are missing."
		if n := len(already); n > 0 {
			a := already[n-1]
			s += fmt.Sprintf(" Your %s top-up on %s already got its %d bonus points.", a.Amount, day(a.Date), a.Points)
		}
		return s + fmt.Sprintf(" Your balance is %d points.", bal)
	}
	var parts []string
	for _, c := range credited {
		if c.TopUpID != "" {
			parts = append(parts, fmt.Sprintf("%d bonus points for your %s top-up on %s", c.Points, c.Amount, day(c.Date)))
		} else {
			parts = append(parts, fmt.Sprintf("%d points for order %s on %s", c.Points, c.OrderID, day(c.Date)))
		}
	}
	return fmt.Sprintf("Sorry about that! I found the missing points and added %s. Your balance is now %d points.", strings.Join(parts, " and "), bal)
}

func orderStatus(status string) string {
	switch status {
	case backend.OrderPreparing:
		return "is being prepared"
	case backend.OrderReady:
		return "is ready to collect"
	case backend.OrderCompleted:
		return "was completed"
	case backend.OrderCancelled:
		return "was cancelled"
	}
	return "is " + status
}

func lineList(lines []lineView) string {
	parts := make([]string, 0, len(lines))
	for _, l := range lines {
		parts = append(parts, fmt.Sprintf("%d × %s", l.Qty, l.Item))
	}
	return strings.Join(parts, ", ")
}

func describeOrder(v orderView) string {
	s := fmt.Sprintf("Order %s from %s on %s (%s, %s) %s.", v.OrderID, v.Location, dayTime(v.PlacedAt), lineList(v.Lines), v.Total, orderStatus(v.Status))
	if v.DoubleCharged {
		s += fmt.Sprintf(" It was charged twice: %s more than the order total, and that duplicate charge can be refunded in full.", v.DuplicateCharge)
	}
	for _, r := range v.Refunds {
		s += fmt.Sprintf(" Refund %s (%s, %s) is %s.", r.RefundID, r.What, r.Amount, r.Meaning)
	}
	return s
}

func describeRecent(out map[string]any) string {
	orders, _ := out["orders"].([]orderSummary)
	if len(orders) == 0 {
		return "I can't see any orders on your account yet."
	}
	o := orders[0]
	s := fmt.Sprintf("Your most recent order is %s from %s on %s (%s, %s); it %s.", o.OrderID, o.Location, dayTime(o.PlacedAt), o.Items, o.Total, orderStatus(o.Status))
	if len(orders) > 1 {
		var more []string
		for i, x := range orders[1:] {
			if i == 3 {
				break
			}
			more = append(more, fmt.Sprintf("%s on %s (%s)", x.OrderID, day(x.PlacedAt), x.Total))
		}
		s += " Before that: " + strings.Join(more, ", ") + "."
	}
	return s
}

func describeRefundRequest(out map[string]any) string {
	r, _ := out["refund"].(refundView)
	next, _ := out["next_step"].(string)
	dest, _ := out["refund_to"].(string)
	if already, _ := out["already_requested"].(bool); already {
		return fmt.Sprintf("There is already a refund request for that: %s for %s on order %s, which is %s.", r.RefundID, r.Amount, r.OrderID, r.Meaning)
	}
	s := fmt.Sprintf("I've requested refund %s of %s (%s) on order %s, back to %s. It is %s: %s.", r.RefundID, r.Amount, r.What, r.OrderID, dest, r.Meaning, next)
	if _, ok := out["handoff"]; ok {
		s += " A staff member will follow up."
	}
	return s
}

func describeRefundStatus(out map[string]any) string {
	rs, _ := out["refunds"].([]refundView)
	if len(rs) == 0 {
		return "I can't see any refund requests on your account."
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("Refund %s of %s (%s on order %s, requested %s) is %s.", r.RefundID, r.Amount, r.What, r.OrderID, day(r.Requested), r.Meaning))
	}
	s := strings.Join(parts, " ")
	if next, ok := out["next_step"].(string); ok && next != "" {
		s += " " + capitalize(next) + "."
	}
	return s
}

func cateringLine(c cateringView) string {
	return fmt.Sprintf("%s for %d guests at %s on %s (%s)", c.CateringID, c.Headcount, c.Location, dayTime(c.EventTime), c.Total)
}

func describeCateringList(out map[string]any) string {
	cs, _ := out["catering_orders"].([]cateringView)
	if len(cs) == 0 {
		return "I can't see any catering orders on your account."
	}
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("Catering order %s is %s.", cateringLine(c), c.Status))
	}
	return strings.Join(parts, " ")
}

func describeCateringSubmit(out map[string]any) string {
	c, _ := out["catering_order"].(cateringView)
	if already, _ := out["already_submitted"].(bool); already {
		return fmt.Sprintf("That catering order is already in: %s, status %s.", cateringLine(c), c.Status)
	}
	return fmt.Sprintf("I've sent catering order %s to the catering team, who will confirm it by email. Free cancellation until %s.", cateringLine(c), dayTime(c.FreeCancelUntil))
}

func describeCateringCancel(out map[string]any) string {
	c, _ := out["catering_order"].(cateringView)
	if need, _ := out["needs_confirmation"].(bool); need {
		msg, _ := out["message"].(string)
		return fmt.Sprintf("Catering order %s is not cancelled yet: %s.", c.CateringID, strings.SplitN(msg, "; ask", 2)[0])
	}
	fee, _ := out["fee"].(backend.Money)
	if fee > 0 {
		return fmt.Sprintf("Catering order %s is cancelled, with a late-cancellation fee of %s.", c.CateringID, fee)
	}
	return fmt.Sprintf("Catering order %s is cancelled, free of charge.", c.CateringID)
}
