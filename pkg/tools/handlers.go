package tools

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/rules"
)

// toolOrder is the order of Definitions.
var toolOrder = []string{
	"get_loyalty_balance", "get_loyalty_history", "credit_missing_points",
	"list_recent_orders", "get_order", "create_refund_request", "get_refund_status",
	"list_catering_orders", "submit_catering_order", "cancel_catering_order",
}

// specs are the tools by name.
var specs = map[string]*spec{
	getLoyaltyBalanceTool.def.Name:   getLoyaltyBalanceTool,
	getLoyaltyHistoryTool.def.Name:   getLoyaltyHistoryTool,
	creditMissingPointsTool.def.Name: creditMissingPointsTool,
	listRecentOrdersTool.def.Name:    listRecentOrdersTool,
	getOrderTool.def.Name:            getOrderTool,
	createRefundRequestTool.def.Name: createRefundRequestTool,
	getRefundStatusTool.def.Name:     getRefundStatusTool,
	listCateringTool.def.Name:        listCateringTool,
	submitCateringTool.def.Name:      submitCateringTool,
	cancelCateringTool.def.Name:      cancelCateringTool,
}

func packageKeys() []string {
	out := make([]string, 0, len(backend.CateringPackages))
	for _, p := range backend.CateringPackages {
		out = append(out, p.Key)
	}
	return out
}

// ---- loyalty ----

type ledgerView struct {
	Date        string `json:"date"`
	Kind        string `json:"kind"`
	Points      int    `json:"points"`
	Description string `json:"description"`
	OrderID     string `json:"order_id,omitempty"`
	TopUpID     string `json:"top_up_id,omitempty"`
}

type creditView struct {
	What    string        `json:"what"`
	TopUpID string        `json:"top_up_id,omitempty"`
	OrderID string        `json:"order_id,omitempty"`
	Amount  backend.Money `json:"amount"`
	Date    string        `json:"date"`
	Points  int           `json:"points"`
}

func (t *Toolbox) bonusAmounts() string {
	amounts := rules.BonusAmounts(t.rules.Loyalty)
	parts := make([]string, 0, len(amounts))
	for _, a := range amounts {
		parts = append(parts, fmt.Sprintf("$%d", a))
	}
	return strings.Join(parts, ", ")
}

// ---- orders ----

// ownOrder returns an order of the bound customer. Someone else's order
// is refused; a missing one gets the same words, without the refusal flag.
func (t *Toolbox) ownOrder(ctx context.Context, id string) (backend.Order, error) {
	o, err := t.b.Order(ctx, normOrderID(id))
	if errors.Is(err, backend.ErrNotFound) {
		return o, userErr("%s", notYourOrder)
	}
	if err != nil {
		return o, err
	}
	if o.CustomerID != t.customerID {
		return backend.Order{}, refuse(notYourOrder)
	}
	return o, nil
}

// normOrderID accepts the ways people write an order number: "#10482",
// "order 10482", " 10482 ".
func normOrderID(id string) string {
	id = strings.TrimSpace(id)
	id = strings.TrimSpace(strings.TrimPrefix(strings.ToLower(id), "order"))
	return strings.TrimPrefix(id, "#")
}

// normCateringID accepts "CT-20452", "ct20452" and "20452".
func normCateringID(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	id = strings.TrimPrefix(strings.TrimPrefix(id, "CT"), "-")
	return "CT-" + id
}

type lineView struct {
	LineID    int64         `json:"line_id"`
	Item      string        `json:"item"`
	Qty       int           `json:"qty"`
	UnitPrice backend.Money `json:"unit_price"`
	Amount    backend.Money `json:"amount"`
}

type paymentView struct {
	Method    string        `json:"method"`
	CardLast4 string        `json:"card_last4,omitempty"`
	Amount    backend.Money `json:"amount"`
	ChargedAt string        `json:"charged_at"`
}

type refundView struct {
	RefundID  string        `json:"refund_id"`
	OrderID   string        `json:"order_id"`
	What      string        `json:"what"`
	Amount    backend.Money `json:"amount"`
	Status    string        `json:"status"`
	Meaning   string        `json:"status_meaning"`
	Reason    string        `json:"reason"`
	Requested string        `json:"requested"`
	Updated   string        `json:"updated"`
}

type orderView struct {
	OrderID         string        `json:"order_id"`
	PlacedAt        string        `json:"placed_at"`
	Location        string        `json:"location"`
	Status          string        `json:"status"`
	Total           backend.Money `json:"total"`
	Lines           []lineView    `json:"lines"`
	Payments        []paymentView `json:"payments"`
	Paid            backend.Money `json:"paid"`
	DoubleCharged   bool          `json:"double_charged"`
	DuplicateCharge backend.Money `json:"duplicate_charge,omitempty"`
	Refunds         []refundView  `json:"refunds"`
	Refundable      backend.Money `json:"refundable_now"`
	RefundNote      string        `json:"refund_note,omitempty"`
}

type orderSummary struct {
	OrderID  string        `json:"order_id"`
	PlacedAt string        `json:"placed_at"`
	Location string        `json:"location"`
	Status   string        `json:"status"`
	Total    backend.Money `json:"total"`
	Items    string        `json:"items"`
}

func itemsText(o backend.Order) string {
	parts := make([]string, 0, len(o.Lines))
	for _, l := range o.Lines {
		parts = append(parts, fmt.Sprintf("%d × %s", l.Qty, l.Item))
	}
	return strings.Join(parts, ", ")
}

func (t *Toolbox) orderRefunds(ctx context.Context, orderID string) ([]backend.Refund, error) {
	all, err := t.b.Refunds(ctx, t.customerID)
	if err != nil {
		return nil, err
	}
	var out []backend.Refund
	for _, r := range all {
		if r.OrderID == orderID {
			out = append(out, r)
		}
	}
	return out, nil
}

func (t *Toolbox) orderView(o backend.Order, refunds []backend.Refund) orderView {
	v := orderView{OrderID: o.ID, PlacedAt: t.fmtTime(o.PlacedAt), Location: o.Location, Status: o.Status, Total: o.Total, Paid: o.Paid(),
		Lines: []lineView{}, Payments: []paymentView{}, Refunds: []refundView{}}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines, lineView{LineID: l.ID, Item: l.Item, Qty: l.Qty, UnitPrice: l.UnitPrice, Amount: l.Amount()})
	}
	for _, p := range o.Payments {
		last4 := p.CardLast4
		if t.hideCards() {
			last4 = "" // it could answer the second factor
		}
		v.Payments = append(v.Payments, paymentView{Method: p.Method, CardLast4: last4, Amount: p.Amount, ChargedAt: t.fmtTime(p.ChargedAt)})
	}
	for _, r := range refunds {
		v.Refunds = append(v.Refunds, t.refundView(r, o))
	}
	if dups := o.DuplicatePayments(); len(dups) > 0 {
		v.DoubleCharged = true
		for _, d := range dups {
			v.DuplicateCharge += d.Amount
		}
	}
	left := rules.Left(o.Facts(refunds))
	v.Refundable = backend.Money(left.Order)
	if v.DoubleCharged {
		v.Refundable += backend.Money(left.Duplicates)
	}
	if !rules.InWindow(t.rules.Refunds, o.PlacedAt, t.now()) {
		v.RefundNote = fmt.Sprintf("placed more than %d days ago: outside the refund window", t.rules.Refunds.WindowDays)
		v.Refundable = backend.Money(left.Duplicates)
		if left.Duplicates > 0 {
			v.RefundNote += ", but the duplicate charge can still be refunded"
		}
	}
	return v
}

// ---- refunds ----

var doubleWords = []string{"twice", "double", "duplicate", "two charges", "two times", "2 times", "charged 2", "2 charges", "extra charge", "charged again", "same charge"}

func mentionsDouble(s string) bool {
	s = strings.ToLower(s)
	return slices.ContainsFunc(doubleWords, func(w string) bool { return strings.Contains(s, w) })
}

func (t *Toolbox) refundOutcome(r backend.Refund, o backend.Order, created bool) outcome {
	v := t.refundView(r, o)
	dest := refundDestination(o, r)
	if t.hideCards() && strings.HasPrefix(dest, "the card ending") {
		dest = "the card used for the order"
	}
	out := map[string]any{
		"refund":            v,
		"already_requested": !created,
		"refund_to":         dest,
		"next_step":         nextStep(r.Status, t.rules.Refunds.ManagerThreshold),
	}
	oc := outcome{output: out}
	switch {
	case !created:
		oc.summary = fmt.Sprintf("refund %s already exists (%s)", r.ID, r.Status)
	case r.Status == backend.RefundNeedsManager:
		oc.summary = fmt.Sprintf("refund %s needs a manager", r.ID)
		oc.handoff = fmt.Sprintf("refund %s of %s on order %s is above the %s manager threshold: a manager must approve it",
			r.ID, r.Amount, r.OrderID, dollars(t.rules.Refunds.ManagerThreshold))
		out["handoff"] = "a manager has to approve this refund; a staff member will follow up"
	default:
		oc.summary = fmt.Sprintf("refund %s %s for %s", r.ID, r.Status, r.Amount)
	}
	return oc
}

func dollars(f float64) string {
	m, _ := backend.DollarsToMoney(f)
	return m.String()
}

func refundDestination(o backend.Order, r backend.Refund) string {
	p := slices.IndexFunc(o.Payments, func(p backend.Payment) bool { return r.PaymentID == 0 || p.ID == r.PaymentID })
	if p < 0 {
		return "the original payment method"
	}
	pay := o.Payments[p]
	switch {
	case pay.CardLast4 != "":
		return "the card ending " + pay.CardLast4
	case pay.Method == "cash":
		return "cash at the counter"
	}
	return "the " + pay.Method
}

func nextStep(status string, threshold float64) string {
	switch status {
	case backend.RefundRequested:
		return "the café team reviews the request, usually the same day; card refunds then take 3 to 5 business days, Larkspur Card refunds are immediate"
	case backend.RefundNeedsManager:
		return fmt.Sprintf("refunds over %s need a manager's approval, usually the same day and at most 2 business days", dollars(threshold))
	case backend.RefundApproved:
		return "approved; card refunds take 3 to 5 business days to appear, Larkspur Card refunds are immediate"
	case backend.RefundPaid:
		return "the money has been sent back"
	case backend.RefundRejected:
		return "the request was declined; the customer can ask a staff member to review it"
	}
	return ""
}

func statusMeaning(status string) string {
	switch status {
	case backend.RefundRequested:
		return "waiting for the café team to review it"
	case backend.RefundNeedsManager:
		return "waiting for a manager's approval"
	case backend.RefundApproved:
		return "approved, the money is on its way back"
	case backend.RefundPaid:
		return "refunded"
	case backend.RefundRejected:
		return "declined"
	}
	return status
}

func (t *Toolbox) refundView(r backend.Refund, o backend.Order) refundView {
	what := "whole order"
	switch r.Kind {
	case backend.RefundLine:
		what = "item"
		if l, ok := o.Line(r.LineID); ok {
			what = l.Item
		}
	case backend.RefundDoubleCharge:
		what = "duplicate charge"
	}
	return refundView{RefundID: r.ID, OrderID: r.OrderID, What: what, Amount: r.Amount, Status: r.Status, Meaning: statusMeaning(r.Status),
		Reason: r.Reason, Requested: t.fmtTime(r.CreatedAt), Updated: t.fmtTime(r.UpdatedAt)}
}

// matchLine finds an order line by id or item name.
func matchLine(o backend.Order, s string) (backend.OrderLine, error) {
	s = strings.TrimSpace(s)
	if id, err := strconv.ParseInt(s, 10, 64); err == nil {
		if l, ok := o.Line(id); ok {
			return l, nil
		}
	}
	norm := func(x string) string { return strings.Join(strings.Fields(strings.ToLower(x)), " ") }
	want := strings.TrimSuffix(norm(s), "s")
	var hits []backend.OrderLine
	for _, l := range o.Lines {
		if strings.TrimSuffix(norm(l.Item), "s") == want {
			return l, nil
		}
		if want != "" && (strings.Contains(norm(l.Item), want) || strings.Contains(want, norm(l.Item))) {
			hits = append(hits, l)
		}
	}
	if len(hits) == 1 {
		return hits[0], nil
	}
	names := make([]string, 0, len(o.Lines))
	for _, l := range o.Lines {
		names = append(names, fmt.Sprintf("%s (line %d)", l.Item, l.ID))
	}
	if len(hits) > 1 {
		return backend.OrderLine{}, userErr("%q matches several items on order %s: %s", s, o.ID, strings.Join(names, ", "))
	}
	return backend.OrderLine{}, userErr("order %s has no item %q; its items are %s", o.ID, s, strings.Join(names, ", "))
}

// ---- catering ----

type cateringView struct {
	CateringID      string        `json:"catering_id"`
	EventTime       string        `json:"event_time"`
	Location        string        `json:"location"`
	Headcount       int           `json:"headcount"`
	Items           string        `json:"items"`
	Total           backend.Money `json:"total"`
	Status          string        `json:"status"`
	FreeCancelUntil string        `json:"free_cancellation_until,omitempty"`
	CancellationFee backend.Money `json:"cancellation_fee,omitempty"`
	Notes           string        `json:"notes,omitempty"`
}

func (t *Toolbox) cateringView(c backend.CateringOrder) cateringView {
	parts := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		parts = append(parts, fmt.Sprintf("%d × %s at %s", it.Qty, it.Item, it.UnitPrice))
	}
	v := cateringView{CateringID: c.ID, EventTime: t.fmtTime(c.EventAt), Location: c.Location, Headcount: c.Headcount,
		Items: strings.Join(parts, ", "), Total: c.Total, Status: c.Status, Notes: c.Notes}
	if c.Status == backend.CateringCancelled {
		v.CancellationFee = c.CancellationFee
	} else {
		v.FreeCancelUntil = t.fmtTime(rules.FreeCancelUntil(t.rules.Catering, c.EventAt))
	}
	return v
}

// eventLayouts are the ISO 8601 forms accepted for an event time; forms
// without a zone are read in the café's time zone.
var eventLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04"}

// parseEventTime reads an ISO 8601 date-time, in loc when it has no zone.
func parseEventTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range eventLayouts {
		if tm, err := time.ParseInLocation(l, s, loc); err == nil {
			return tm, nil
		}
	}
	if _, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return time.Time{}, fmt.Errorf("event_time %q has no time of day; give a start time like %sT12:30", s, s)
	}
	return time.Time{}, fmt.Errorf("event_time %q is not an ISO 8601 date-time like 2026-03-20T12:30", s)
}

func (t *Toolbox) ownCatering(ctx context.Context, id string) (backend.CateringOrder, error) {
	c, err := t.b.CateringOrder(ctx, normCateringID(id))
	if errors.Is(err, backend.ErrNotFound) {
		return c, userErr("%s", notYourCatering)
	}
	if err != nil {
		return c, err
	}
	if c.CustomerID != t.customerID {
		return backend.CateringOrder{}, refuse(notYourCatering)
	}
	return c, nil
}
