package tools

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/cafebot/cafebot/pkg/llm"
)

// intent is a common account question the deterministic path can answer
// without a model.
type intent int

const (
	intentNone intent = iota
	intentRefundStatus
	intentMissingPoints
	intentHistory
	intentBalance
	intentCateringStatus
	intentOrderStatus
)

var intentNames = map[intent]string{
	intentNone: "none", intentRefundStatus: "refund_status", intentMissingPoints: "missing_points",
	intentHistory: "loyalty_history", intentBalance: "balance", intentCateringStatus: "catering_status",
	intentOrderStatus: "order_status",
}

func (i intent) String() string { return intentNames[i] }

// request is what classify read from a customer message.
type request struct {
	intent     intent
	orderID    string
	refundID   string
	cateringID string
}

var (
	orderIDRe    = regexp.MustCompile(`(?:^|[^\w$.,-])#?(\d{5})(?:$|[^\w.,-]|[.,](?:\s|$))`)
	refundIDRe   = regexp.MustCompile(`(?i)\b(R\d{4})\b`)
	cateringIDRe = regexp.MustCompile(`(?i)\b(CT-?\d{5})\b`)
)

func hasAny(s string, words ...string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
}

// classify picks the deterministic intent of a message from keywords and
// the ids in it. It errs towards intentNone: anything that needs judgment
// or a new request (a refund, a catering booking) is left to the model or
// a person.
func classify(text string) request {
	s := " " + strings.ToLower(strings.Join(strings.Fields(text), " ")) + " "
	s = strings.NewReplacer("’", "'", "didnt", "didn't", "havent", "haven't", "wasnt", "wasn't").Replace(s)
	var r request
	if m := orderIDRe.FindStringSubmatch(s); m != nil {
		r.orderID = m[1]
	}
	if m := refundIDRe.FindStringSubmatch(s); m != nil {
		r.refundID = strings.ToUpper(m[1])
	}
	if m := cateringIDRe.FindStringSubmatch(s); m != nil {
		id := strings.ToUpper(m[1])
		if !strings.Contains(id, "-") {
			id = "CT-" + id[2:]
		}
		r.cateringID = id
	}
	points := hasAny(s, "point", " pts", "bonus", "reward", "loyalty")
	statusWords := hasAny(s, "status", "where", "update", "heard", "happen", "progress", "check", "news", "still", " yet", "approved", "when will", "track", "any word")
	refundWord := hasAny(s, "refund")
	switch {
	case r.refundID != "" || (refundWord && statusWords && !hasAny(s, "want a refund", "like a refund", "need a refund", "get a refund", "request a refund", "can i have a refund", "i'd like", "please refund")):
		r.intent = intentRefundStatus
	case points && hasAny(s, "top up", "top-up", "topup", "topped", "reload", "loaded", "added money", "add money", "put money", "put $"):
		r.intent = intentMissingPoints
	case points && hasAny(s, "missing", "didn't get", "never got", "haven't got", "haven't received", "didn't receive", "not received", "didn't show", "not showing", "didn't appear", "never arrived", "didn't earn", "wasn't credited"):
		r.intent = intentMissingPoints
	case points && hasAny(s, "history", "statement", "activity", "transactions", "breakdown", "earned", "where did", "how did i get", "list of", "spent my"):
		r.intent = intentHistory
	case hasAny(s, "balance", "how many points", "my points", "points do i have", "points have i", "points total", "point total", "rewards points", "loyalty points", "points i have"):
		r.intent = intentBalance
	case r.cateringID != "" || (hasAny(s, "catering") && (statusWords || hasAny(s, "my catering", "booking", "confirmed", "details", "when is"))):
		if hasAny(s, "cancel", "change", "book a", "order catering", "new catering", "want catering", "need catering") {
			return r
		}
		r.intent = intentCateringStatus
	case refundWord || hasAny(s, "charged twice", "double charge", "double-charge", "charged me twice", "overcharged", "money back"):
		// A new refund needs the model (or a person) to get the details right.
	case r.orderID != "" || (hasAny(s, "order") && (statusWords || hasAny(s, "ready", "my order", "late", "waiting", "taking so long", "how long"))):
		r.intent = intentOrderStatus
	}
	return r
}

// Deterministic answers the common account questions (balance, points
// history, missing top-up points, refund status, order status, catering
// status) without a model: it picks the tool from keywords and ids in the
// customer's text, calls it and words the result. ok is false when the
// text is not one of those questions or the account store failed; the
// calls made are returned either way.
func (t *Toolbox) Deterministic(ctx context.Context, text string) (reply string, calls []Result, ok bool) {
	if t.customerID == "" {
		return AskForPhone, nil, true
	}
	req := classify(text)
	var call llm.ToolCall
	switch req.intent {
	case intentBalance:
		call = llm.ToolCall{Name: "get_loyalty_balance"}
	case intentHistory:
		call = llm.ToolCall{Name: "get_loyalty_history", Arguments: map[string]any{"limit": 5}}
	case intentMissingPoints:
		call = llm.ToolCall{Name: "credit_missing_points"}
	case intentRefundStatus:
		args := map[string]any{}
		switch {
		case req.refundID != "":
			args["refund_id"] = req.refundID
		case req.orderID != "":
			args["order_id"] = req.orderID
		}
		call = llm.ToolCall{Name: "get_refund_status", Arguments: args}
	case intentCateringStatus:
		call = llm.ToolCall{Name: "list_catering_orders"}
	case intentOrderStatus:
		if req.orderID != "" {
			call = llm.ToolCall{Name: "get_order", Arguments: map[string]any{"order_id": req.orderID}}
		} else {
			call = llm.ToolCall{Name: "list_recent_orders", Arguments: map[string]any{"limit": 3}}
		}
	default:
		return "", nil, false
	}
	res := t.Call(ctx, call)
	calls = []Result{res}
	if res.Handoff && !res.OK() {
		return "", calls, false // the store failed: a person should look
	}
	reply = describe(res)
	if req.intent == intentCateringStatus && req.cateringID != "" && res.OK() {
		reply = t.describeOneCatering(res, req.cateringID)
	}
	return reply, calls, reply != ""
}

// describeOneCatering narrows a catering list to the id the customer named.
func (t *Toolbox) describeOneCatering(res Result, id string) string {
	out, _ := res.Output.(map[string]any)
	cs, _ := out["catering_orders"].([]cateringView)
	for _, c := range cs {
		if c.CateringID == id {
			return describeCateringList(map[string]any{"catering_orders": []cateringView{c}})
		}
	}
	return "Sorry, " + notYourCatering + "."
}
