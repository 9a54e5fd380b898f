package tools

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/textnorm"
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
	// intentOrderHistory lists the recent orders.
	intentOrderHistory
	// intentRefundRequest asks for a refund on a named order.
	intentRefundRequest
	// intentRefundWhich asks for a refund without naming the order: the
	// answer lists the recent orders and asks which one.
	intentRefundWhich
)

var intentNames = map[intent]string{
	intentNone: "none", intentRefundStatus: "refund_status", intentMissingPoints: "missing_points",
	intentHistory: "loyalty_history", intentBalance: "balance", intentCateringStatus: "catering_status",
	intentOrderStatus: "order_status", intentOrderHistory: "order_history", intentRefundRequest: "refund_request",
	intentRefundWhich: "refund_which_order",
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
	orderIDRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|[^\w$.,-])#?(\d{5})(?:$|[^\w.,-]|[.,](?:\s|$))`)
	})
	refundIDRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(R\d{4})\b`) })
	cateringIDRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(CT-?\d{5})\b`) })
)

func hasAny(s string, words ...string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
}

// The cue words classify looks for, in a lower-cased message padded with
// spaces.
var (
	pointsCues = []string{"point", " pts", "bonus", "reward", "loyalty"}
	statusCues = []string{"status", "where", "update", "heard", "happen", "progress", "check", "news", "still", " yet", "approved", "when will", "track", "any word", "gone through", "go through", "went through", "when do i", "when can i", "when will i", "did you", "has my", "have you"}
	refundCues = []string{"refund", "money back", "charged twice", "double charge", "double-charge", "double charged", "charged me twice", "overcharged", "charged two times", "charged 2 times", "charged double"}
	refundAsks = []string{"want a refund", "like a refund", "need a refund", "get a refund", "request a refund", "can i have a refund", "i'd like", "i would like", "please refund", "refund order", "refund my", "refund me", "refund for", "refund on", "give me my money", "can i get my money", "i want my money", "charged twice", "charged me twice", "double charge", "double-charge", "double charged", "overcharged", "charged two times", "charged 2 times", "charged double", " was wrong", " was cold", "was stale", "never arrived"}
	// sureStatus are status cues strong enough to outweigh request words:
	// reading a refund's status when a new one was meant is harmless, the
	// other way round is not.
	sureStatus    = []string{"did you", " yet", "happen", "has my", "have you", "status", "update", "progress", "gone through", "go through", "went through", "news", "heard", "approved"}
	topUpCues     = []string{"top up", "top-up", "topup", "topped", "reload", "loaded", "added money", "add money", "put money", "put $"}
	missingCues   = []string{"missing", "didn't get", "never got", "haven't got", "haven't received", "didn't receive", "not received", "didn't show", "not showing", "never showed", "didn't appear", "never arrived", "didn't earn", "wasn't credited", "got no", "no bonus", "isn't there", "not there"}
	historyCues   = []string{"history", "statement", "activity", "transactions", "breakdown", "earned", "where did", "how did i", "list of", "spent my", "why did", "go down", "went down", "dropped", "when did", "last earn"}
	balanceCues   = []string{"balance", "how many points", "my points", "points do i have", "points have i", "points total", "point total", "rewards points", "loyalty points", "points i have", "points?", "my rewards", "larkspur rewards", "reward points", "points on my", "my larkspur"}
	orderWords    = []string{"order", "purchase", "bought", " buy", "ordered"}
	pastCues      = []string{"history", "past", "previous", "recent", "last", "list", "show", "what did i", "what have i", "pull up", "all my"}
	readyCues     = []string{"ready", "late", "waiting", "taking so long", "how long"}
	newCatering   = []string{"cancel", "change", "book a", "book catering", "order catering", "new catering", "want catering", "need catering", "move", "reschedule", "postpone", "push back", "add more", "extra guests", "more guests"}
	cateringState = []string{"my catering", "booking", "booked", "confirmed", "details", "when is", "still on", "do i have", "have i got"}
)

// newCateringRe spots a catering request with a guest count ("for 30
// people"), which needs the model to book.
var newCateringRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\bfor \d+ (?:people|guests|persons)\b`) })

// classify picks the deterministic intent of a message from cue words and
// the ids in it. It errs towards intentNone where a request needs judgment
// or details only a model or a person can get right (a new catering
// booking, a cancellation, a complaint); a refund on a named order is
// answered, since the refund tool itself checks ownership, the window, the
// amount and who must approve it.
func classify(text string) request {
	s := " " + strings.ToLower(strings.Join(strings.Fields(text), " ")) + " "
	s = strings.NewReplacer("’", "'", "didnt", "didn't", "havent", "haven't", "wasnt", "wasn't", "isnt", "isn't", "id like", "i'd like").Replace(s)
	var r request
	if m := orderIDRe().FindStringSubmatch(s); m != nil {
		r.orderID = m[1]
	}
	if m := refundIDRe().FindStringSubmatch(s); m != nil {
		r.refundID = strings.ToUpper(m[1])
	}
	if m := cateringIDRe().FindStringSubmatch(s); m != nil {
		id := strings.ToUpper(m[1])
		if !strings.Contains(id, "-") {
			id = "CT-" + id[2:]
		}
		r.cateringID = id
	}
	points := hasAny(s, pointsCues...)
	status := hasAny(s, statusCues...)
	refund := hasAny(s, refundCues...)
	asks := hasAny(s, refundAsks...)
	catering := r.cateringID != "" || hasAny(s, "catering")
	switch {
	case r.refundID != "" || (refund && (hasAny(s, sureStatus...) || (status && !asks))):
		r.intent = intentRefundStatus
	case refund && r.orderID != "":
		r.intent = intentRefundRequest
	case refund:
		r.intent = intentRefundWhich
	case points && hasAny(s, topUpCues...):
		r.intent = intentMissingPoints
	case points && hasAny(s, missingCues...):
		r.intent = intentMissingPoints
	case points && hasAny(s, historyCues...):
		r.intent = intentHistory
	case hasAny(s, balanceCues...) || (points && !catering && r.orderID == ""):
		r.intent = intentBalance
	case catering:
		if hasAny(s, newCatering...) || newCateringRe().MatchString(s) {
			return r
		}
		if r.cateringID != "" || status || hasAny(s, cateringState...) {
			r.intent = intentCateringStatus
		}
	case r.orderID != "":
		r.intent = intentOrderStatus
	case hasAny(s, orderWords...) && hasAny(s, pastCues...):
		r.intent = intentOrderHistory
	case hasAny(s, orderWords...) && (status || hasAny(s, readyCues...) || hasAny(s, "my order")):
		r.intent = intentOrderStatus
	case hasAny(s, " ready") && hasAny(s, "is my", "are my"):
		r.intent = intentOrderStatus
	}
	return r
}

// Deterministic answers the common account questions (balance, points
// history, missing top-up points, refund status, a refund on a named order
// or which order a refund is for, order status and history, catering
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
	case intentOrderHistory:
		call = llm.ToolCall{Name: "list_recent_orders", Arguments: map[string]any{"limit": 5}}
	case intentRefundWhich:
		res := t.Call(ctx, llm.ToolCall{Name: "list_recent_orders", Arguments: map[string]any{"limit": 3}})
		if !res.OK() {
			return t.deterministicFailure(res)
		}
		return "I can request that refund for you: which order is it for? Tell me the order number. " + describe(res), []Result{res}, true
	case intentRefundRequest:
		return t.deterministicRefund(ctx, req.orderID, text)
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

// deterministicFailure is the outcome of a first call that failed: a
// store failure goes to a person, anything else is explained.
func (t *Toolbox) deterministicFailure(res Result) (string, []Result, bool) {
	if res.Handoff {
		return "", []Result{res}, false
	}
	d := describe(res)
	return d, []Result{res}, d != ""
}

// maxReasonBytes keeps a refund reason taken from the customer's message
// inside the tool's limit.
const maxReasonBytes = 300

// deterministicRefund requests a refund on a named order without a model:
// it reads the order (which checks it is the customer's), refunds the one
// item the message names if it names exactly one, else the whole order or
// the duplicate charge (the tool reads "charged twice" in the reason), and
// lets the refund tool apply every rule. The reason is the customer's own
// words.
func (t *Toolbox) deterministicRefund(ctx context.Context, orderID, text string) (string, []Result, bool) {
	order := t.Call(ctx, llm.ToolCall{Name: "get_order", Arguments: map[string]any{"order_id": orderID}})
	if !order.OK() {
		return t.deterministicFailure(order)
	}
	args := map[string]any{"order_id": orderID, "reason": capText(strings.TrimSpace(text), maxReasonBytes)}
	if v, ok := order.Output.(orderView); ok && !mentionsDouble(text) {
		if item := mentionedItem(v.Lines, text); item != "" {
			args["line_item"] = item
		}
	}
	res := t.Call(ctx, llm.ToolCall{Name: "create_refund_request", Arguments: args})
	calls := []Result{order, res}
	if res.Handoff && !res.OK() {
		return "", calls, false
	}
	reply := describe(res)
	return reply, calls, reply != ""
}

// mentionedItem returns the name of the one order line the text names
// (by its whole name or its last word, "sandwich" for "Larkspur Breakfast
// Sandwich"), or "" when it names none or several.
func mentionedItem(lines []lineView, text string) string {
	s := " " + strings.ToLower(strings.Join(textnorm.Words(text), " ")) + " "
	var hit []string
	for _, l := range lines {
		words := textnorm.Words(strings.ToLower(l.Item))
		if len(words) == 0 {
			continue
		}
		last := strings.TrimSuffix(words[len(words)-1], "s")
		if strings.Contains(s, " "+strings.Join(words, " ")+" ") || (len(last) >= 4 && (strings.Contains(s, " "+last+" ") || strings.Contains(s, " "+last+"s "))) {
			if !slices.Contains(hit, l.Item) {
				hit = append(hit, l.Item)
			}
		}
	}
	if len(hit) == 1 {
		return hit[0]
	}
	return ""
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
