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
	"github.com/cafebot/cafebot/pkg/llm"
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
	"get_loyalty_balance": {
		def: llm.Tool{Name: "get_loyalty_balance",
			Description: "The customer's Larkspur Rewards points balance."},
		run: (*Toolbox).loyaltyBalance,
	},
	"get_loyalty_history": {
		def: llm.Tool{Name: "get_loyalty_history",
			Description: "Recent points activity (earned, redeemed, bonuses), newest first, with the balance.",
			Params: []llm.Param{
				{Name: "limit", Type: "integer", Description: "1-50, default 10."},
			}},
		rules: map[string]paramRule{"limit": {min: 1, max: 50}},
		run:   (*Toolbox).loyaltyHistory,
	},
	"credit_missing_points": {
		def: llm.Tool{Name: "credit_missing_points",
			Description: "Find bonus or earned points missing for the customer's top-ups and purchases and credit what is due. Never credits twice."},
		run: (*Toolbox).creditMissingPoints,
	},
	"list_recent_orders": {
		def: llm.Tool{Name: "list_recent_orders",
			Description: "The customer's recent orders: id, date, shop, status, total.",
			Params: []llm.Param{
				{Name: "limit", Type: "integer", Description: "1-20, default 5."},
			}},
		rules: map[string]paramRule{"limit": {min: 1, max: 20}},
		run:   (*Toolbox).listRecentOrders,
	},
	"get_order": {
		def: llm.Tool{Name: "get_order",
			Description: "One order: status, items, payments, refunds, whether it was charged twice, what can still be refunded.",
			Params: []llm.Param{
				{Name: "order_id", Type: "string", Description: "Order number, for example \"10482\".", Required: true},
			}},
		rules: map[string]paramRule{"order_id": {id: true, maxLen: 40}},
		run:   (*Toolbox).getOrder,
	},
	"create_refund_request": {
		def: llm.Tool{Name: "create_refund_request",
			Description: "Request a refund of one item (line_item), the whole order, or a double charge. Repeating it returns the existing request.",
			Params: []llm.Param{
				{Name: "order_id", Type: "string", Description: "Order number, for example \"10482\".", Required: true},
				{Name: "line_item", Type: "string", Description: "Item name or line id; omit for the whole order or a double charge."},
				{Name: "amount", Type: "number", Description: "Dollars; omit for the item, the double charge or the rest of the order."},
				{Name: "reason", Type: "string", Description: "What went wrong, in the customer's words.", Required: true},
			}},
		rules: map[string]paramRule{
			"order_id":  {id: true, maxLen: 40},
			"line_item": {id: true, maxLen: 80},
			"amount":    {min: 0.01, max: 100000},
			"reason":    {maxLen: 300},
		},
		run: (*Toolbox).createRefundRequest,
	},
	"get_refund_status": {
		def: llm.Tool{Name: "get_refund_status",
			Description: "Refund requests: by refund id, by order, or all of them.",
			Params: []llm.Param{
				{Name: "refund_id", Type: "string", Description: "For example \"R2003\"."},
				{Name: "order_id", Type: "string", Description: "Order number."},
			}},
		rules: map[string]paramRule{"refund_id": {maxLen: 40}, "order_id": {id: true, maxLen: 40}},
		run:   (*Toolbox).getRefundStatus,
	},
	"list_catering_orders": {
		def: llm.Tool{Name: "list_catering_orders",
			Description: "The customer's catering orders with their ids and status."},
		run: (*Toolbox).listCatering,
	},
	"submit_catering_order": {
		def: llm.Tool{Name: "submit_catering_order",
			Description: "Submit a catering order for the catering team to confirm; the rules are checked.",
			Params: []llm.Param{
				{Name: "event_time", Type: "string", Description: "Local ISO 8601, for example \"2026-03-20T12:30\".", Required: true},
				{Name: "headcount", Type: "integer", Description: "Guests.", Required: true},
				{Name: "package", Type: "string", Description: "Package.", Enum: packageKeys(), Required: true},
				{Name: "location", Type: "string", Description: "Café.", Enum: backend.Locations, Required: true},
				{Name: "notes", Type: "string", Description: "Dietary or delivery notes."},
			}},
		rules: map[string]paramRule{
			"event_time": {maxLen: 40},
			"headcount":  {min: 1, max: 100000},
		},
		run: (*Toolbox).submitCatering,
	},
	"cancel_catering_order": {
		def: llm.Tool{Name: "cancel_catering_order",
			Description: "Cancel a catering order. Past the free deadline a fee applies: confirm_fee only once the customer agrees.",
			Params: []llm.Param{
				{Name: "catering_id", Type: "string", Description: "For example \"CT-20452\".", Required: true},
				{Name: "confirm_fee", Type: "boolean", Description: "The customer accepted the late fee."},
			}},
		rules: map[string]paramRule{"catering_id": {maxLen: 40}},
		run:   (*Toolbox).cancelCatering,
	},
}

func packageKeys() []string {
	out := make([]string, 0, len(backend.CateringPackages))
	for _, p := range backend.CateringPackages {
		out = append(out, p.Key)
	}
	return out
}

// ---- loyalty ----

func (t *Toolbox) loyaltyBalance(ctx context.Context, _ args) (outcome, error) {
	b, err := t.b.Balance(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	return outcome{
		output:  map[string]any{"balance_points": b, "as_of": t.fmtTime(t.now())},
		summary: fmt.Sprintf("balance %d points", b),
	}, nil
}

type ledgerView struct {
	Date        string `json:"date"`
	Kind        string `json:"kind"`
	Points      int    `json:"points"`
	Description string `json:"description"`
	OrderID     string `json:"order_id,omitempty"`
	TopUpID     string `json:"top_up_id,omitempty"`
}

func (t *Toolbox) loyaltyHistory(ctx context.Context, a args) (outcome, error) {
	limit := a.integer("limit", 10)
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

type creditView struct {
	What    string        `json:"what"`
	TopUpID string        `json:"top_up_id,omitempty"`
	OrderID string        `json:"order_id,omitempty"`
	Amount  backend.Money `json:"amount"`
	Date    string        `json:"date"`
	Points  int           `json:"points"`
}

func (t *Toolbox) creditMissingPoints(ctx context.Context, _ args) (outcome, error) {
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

func (t *Toolbox) listRecentOrders(ctx context.Context, a args) (outcome, error) {
	orders, err := t.b.Orders(ctx, t.customerID, a.integer("limit", 5))
	if err != nil {
		return outcome{}, err
	}
	views := make([]orderSummary, 0, len(orders))
	for _, o := range orders {
		views = append(views, orderSummary{OrderID: o.ID, PlacedAt: t.fmtTime(o.PlacedAt), Location: o.Location, Status: o.Status, Total: o.Total, Items: itemsText(o)})
	}
	return outcome{output: map[string]any{"orders": views}, summary: fmt.Sprintf("%d recent orders", len(views))}, nil
}

func (t *Toolbox) getOrder(ctx context.Context, a args) (outcome, error) {
	o, err := t.ownOrder(ctx, a.str("order_id"))
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

func (t *Toolbox) createRefundRequest(ctx context.Context, a args) (outcome, error) {
	o, err := t.ownOrder(ctx, a.str("order_id"))
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
	amount, hasAmount := a.number("amount")
	want, ok := backend.DollarsToMoney(amount)
	if hasAmount && (!ok || want <= 0) {
		return outcome{}, userErr("the amount must be a positive number of dollars")
	}
	reason := a.str("reason")
	r := backend.Refund{OrderID: o.ID, CustomerID: t.customerID, Reason: reason, CreatedAt: t.now()}
	dups := o.DuplicatePayments()
	switch {
	case a.has("line_item"):
		l, err := matchLine(o, a.str("line_item"))
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
	if err != nil {
		return outcome{}, err
	}
	return t.refundOutcome(stored, o, created), nil
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

func (t *Toolbox) getRefundStatus(ctx context.Context, a args) (outcome, error) {
	all, err := t.b.Refunds(ctx, t.customerID)
	if err != nil {
		return outcome{}, err
	}
	var picked []backend.Refund
	switch {
	case a.has("refund_id"):
		id := strings.ToUpper(a.str("refund_id"))
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
		if a.has("order_id") && all[i].OrderID != normOrderID(a.str("order_id")) {
			return outcome{}, userErr("refund %s is not on order %s", id, a.str("order_id"))
		}
		picked = all[i : i+1]
	case a.has("order_id"):
		if _, err := t.ownOrder(ctx, a.str("order_id")); err != nil {
			return outcome{}, err
		}
		for _, r := range all {
			if r.OrderID == normOrderID(a.str("order_id")) {
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

func (t *Toolbox) listCatering(ctx context.Context, _ args) (outcome, error) {
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

func (t *Toolbox) submitCatering(ctx context.Context, a args) (outcome, error) {
	now := t.now()
	cat := t.rules.Catering
	event, err := parseEventTime(a.str("event_time"), now.Location())
	if err != nil {
		return outcome{}, userErr("%s", err.Error())
	}
	n := a.integer("headcount", 0)
	// The package is looked up after the time and head count checks, so
	// the customer hears about those first, as before.
	var perGuest int64
	pkg, ok := backend.FindCateringPackage(a.str("package"))
	if ok {
		perGuest = int64(pkg.PerGuest)
	}
	sum, err := rules.Booking(cat, now, event, n, perGuest)
	var be *rules.BookingError
	switch {
	case errors.As(err, &be) && be.Problem == rules.EventPast:
		return outcome{}, userErr("the event time %s is in the past", t.fmtTime(event))
	case errors.As(err, &be) && be.Problem == rules.TooLittleNotice:
		return outcome{}, userErr("catering needs at least %d hours' notice; the earliest event time is %s", cat.NoticeHours, t.fmtTime(be.Earliest))
	case errors.As(err, &be) && be.Problem == rules.HeadcountOutOfRange:
		return outcome{}, userErr("catering is for %d to %d guests, not %d", cat.MinHeadcount, cat.MaxHeadcount, n)
	case !ok:
		return outcome{}, userErr("unknown catering package %q", a.str("package"))
	case errors.As(err, &be) && be.Problem == rules.BelowMinSpend:
		return outcome{}, userErr("the minimum catering spend is %s; %d guests × %s (%s) is %s, so this package needs at least %d guests",
			backend.Money(be.MinSpend), n, pkg.Name, pkg.PerGuest, backend.Money(be.Total), be.MinGuests)
	case err != nil:
		return outcome{}, err
	}
	total := backend.Money(sum)
	loc := a.str("location")
	c := backend.CateringOrder{
		CustomerID: t.customerID, Location: loc, EventAt: event, Headcount: n,
		Items: []backend.CateringItem{{Item: pkg.Name + " package", Qty: n, UnitPrice: pkg.PerGuest}},
		Total: total, Status: backend.CateringRequested, Notes: a.str("notes"), CreatedAt: now,
		IdempotencyKey: fmt.Sprintf("catering:%s:%s:%s:%d:%s", t.customerID, loc, event.UTC().Format(time.RFC3339), n, pkg.Key),
	}
	stored, created, err := t.b.CreateCatering(ctx, c)
	if err != nil {
		return outcome{}, err
	}
	out := map[string]any{
		"catering_order":    t.cateringView(stored),
		"already_submitted": !created,
		"next_step":         "the catering team confirms the order by email; free cancellation until the time shown",
	}
	return outcome{output: out, summary: fmt.Sprintf("catering %s %s: %d guests, %s", stored.ID, stored.Status, n, stored.Total)}, nil
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

func (t *Toolbox) cancelCatering(ctx context.Context, a args) (outcome, error) {
	c, err := t.ownCatering(ctx, a.str("catering_id"))
	if err != nil {
		return outcome{}, err
	}
	if c.Status == backend.CateringCancelled {
		return outcome{output: map[string]any{"catering_order": t.cateringView(c), "already_cancelled": true},
			summary: fmt.Sprintf("catering %s was already cancelled", c.ID)}, nil
	}
	now := t.now()
	if !rules.CanCancel(c.EventAt, now) {
		return outcome{}, userErr("the event of catering order %s has already started, so it can no longer be cancelled here", c.ID)
	}
	cat := t.rules.Catering
	fee := backend.Money(rules.CancellationFee(cat, int64(c.Total), c.EventAt, now))
	if fee > 0 && !a.boolean("confirm_fee") {
		return outcome{
			output: map[string]any{
				"catering_order":     t.cateringView(c),
				"cancelled":          false,
				"needs_confirmation": true,
				"fee":                fee,
				"message": fmt.Sprintf("the event is less than %d hours away, so cancelling costs %s (%s%% of %s); ask the customer to agree, then call again with confirm_fee=true",
					cat.FreeCancelHours, fee, trimFloat(cat.LateCancelFeePct), c.Total),
			},
			summary: fmt.Sprintf("cancelling %s would cost %s: needs the customer's OK", c.ID, fee),
		}, nil
	}
	stored, changed, err := t.b.CancelCatering(ctx, c.ID, fee, now)
	if err != nil {
		return outcome{}, err
	}
	out := map[string]any{"catering_order": t.cateringView(stored), "cancelled": true, "fee": stored.CancellationFee, "already_cancelled": !changed}
	if stored.CancellationFee == 0 {
		return outcome{output: out, summary: fmt.Sprintf("catering %s cancelled free of charge", c.ID)}, nil
	}
	return outcome{output: out, summary: fmt.Sprintf("catering %s cancelled with a %s fee", c.ID, stored.CancellationFee)}, nil
}
