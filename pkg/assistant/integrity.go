package assistant

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/tools"
)

// facts are what a transactional reply may state: the figures, ids and
// words in this turn's successful tool results, the bound account's own
// details, the rules the tools enforce and today's date. The customer's
// words and earlier turns are deliberately not facts: a figure the
// customer typed is not true because they typed it.
type facts struct {
	numbers map[int64]bool
	ids     map[string]bool
	// text is the lower-cased JSON of the successful results, for status
	// words.
	text string
	// succeeded holds the tools that succeeded this turn.
	succeeded map[string]bool
}

func newFacts(calls []tools.Result, cust *backend.Customer, cfg config.Config, now time.Time) facts {
	f := facts{numbers: map[int64]bool{0: true}, ids: map[string]bool{}, succeeded: map[string]bool{}}
	var text strings.Builder
	for _, c := range calls {
		if !c.OK() {
			continue
		}
		if actionDone(c) {
			f.succeeded[c.Name] = true
		}
		b, _ := json.Marshal(c.Output)
		text.Write(b)
		text.WriteByte('\n')
		f.add(string(b))
	}
	f.text = strings.ToLower(text.String())
	if cust != nil {
		f.add(cust.ID + " " + cust.Phone + " " + cust.Email)
	}
	r := cfg
	f.add(fmt.Sprint(r.Refunds.WindowDays, " ", r.Refunds.ManagerThreshold, " ", r.Loyalty.PointsPerDollar, " ",
		r.Catering.NoticeHours, " ", r.Catering.MinHeadcount, " ", r.Catering.MaxHeadcount, " ", r.Catering.MinSpend, " ",
		r.Catering.FreeCancelHours, " ", r.Catering.LateCancelFeePct))
	for a, p := range r.Loyalty.TopUpBonus {
		f.add(fmt.Sprint(a, " ", p))
	}
	f.add(now.Format("2006 01 02 15 04"))
	return f
}

// actionDone reports a successful call that really changed something: a
// cancellation that still awaits the customer's confirmation did not.
func actionDone(c tools.Result) bool {
	out, _ := c.Output.(map[string]any)
	if need, _ := out["needs_confirmation"].(bool); need {
		return false
	}
	return true
}

var (
	numberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`) })
	moneyRe  = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\s?(\d[\d,]*(?:\.\d+)?)`) })
	pointsRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(\d[\d,]*)\s*(?:bonus\s+|loyalty\s+|rewards?\s+|larkspur\s+rewards\s+)?(?:points?|pts)\b`)
	})
	idFactRe   = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\b(?:CT-?\d{5}|R\d{4}|C\d{4}|\d{5})\b`) })
	claimWords = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(refunded|requested|cancell?ed|credited|submitted|booked|processed|issued|approved|added \d[\d,]* (?:bonus )?points)\b`)
	})
)

// claimTools maps a claimed action to the tools whose success makes it
// true. A word with no tool (approved) can only be a status a tool
// returned.
var claimTools = map[string][]string{
	"refunded":  {"create_refund_request"},
	"requested": {"create_refund_request"},
	"cancelled": {"cancel_catering_order"},
	"canceled":  {"cancel_catering_order"},
	"credited":  {"credit_missing_points"},
	"added":     {"credit_missing_points"},
	"submitted": {"submit_catering_order"},
	"booked":    {"submit_catering_order"},
	"processed": {"create_refund_request", "credit_missing_points", "cancel_catering_order", "submit_catering_order"},
	"issued":    {"create_refund_request", "credit_missing_points"},
	"approved":  nil,
}

// numKey is a figure in hundredths, so $12.40 and 12.4 meet.
func numKey(s string) (int64, bool) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimRight(s, ",."), ",", ""), 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
		return 0, false
	}
	return int64(math.Round(f * 100)), true
}

func (f facts) add(s string) {
	for _, m := range numberRe().FindAllString(s, -1) {
		if k, ok := numKey(m); ok {
			f.numbers[k] = true
		}
		// "010" in a phone number is also the figure 10.
	}
	for _, m := range idFactRe().FindAllString(s, -1) {
		f.ids[normID(m)] = true
	}
}

func normID(s string) string {
	s = strings.ToUpper(s)
	if strings.HasPrefix(s, "CT") && !strings.HasPrefix(s, "CT-") {
		s = "CT-" + s[2:]
	}
	return s
}

// problems lists what in text no fact backs: figures, ids, statuses and
// claimed actions. Small bare numbers (counts, days of the month) pass;
// money, points and ids never do unless a fact holds them.
func (f facts) problems(text string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, m := range moneyRe().FindAllStringSubmatch(text, -1) {
		if k, ok := numKey(m[1]); ok && !f.numbers[k] {
			add("amount " + strings.TrimSpace(m[0]))
		}
	}
	for _, m := range pointsRe().FindAllStringSubmatch(text, -1) {
		if k, ok := numKey(m[1]); ok && !f.numbers[k] {
			add("points " + m[1])
		}
	}
	for _, m := range idFactRe().FindAllString(text, -1) {
		if !f.ids[normID(m)] {
			add("id " + m)
		}
	}
	for _, m := range numberRe().FindAllString(text, -1) {
		k, ok := numKey(m)
		if ok && k > 3100 && !f.numbers[k] {
			add("figure " + strings.TrimRight(m, ",."))
		}
	}
	for _, m := range claimWords().FindAllString(text, -1) {
		w := strings.ToLower(strings.Fields(m)[0])
		if f.backs(w) {
			continue
		}
		add("claim " + strings.ToLower(m))
	}
	return out
}

// backs reports whether a claimed action or status word is true this
// turn: a tool that does it succeeded, or a tool returned it as a status.
func (f facts) backs(word string) bool {
	for _, t := range claimTools[word] {
		if f.succeeded[t] {
			return true
		}
	}
	if word == "added" {
		return false
	}
	stem := strings.TrimSuffix(strings.TrimSuffix(word, "ed"), "l")
	return strings.Contains(f.text, `"`+word) || strings.Contains(f.text, " "+word) || (len(stem) > 4 && strings.Contains(f.text, stem))
}

// honestReply words the turn's tool outcomes without a model: what was
// done, and what could not be and why.
func honestReply(calls []tools.Result) string {
	var parts []string
	for _, c := range calls {
		switch {
		case c.Invalid:
			continue
		case c.OK():
			if d := tools.Describe(c); d != "" {
				parts = append(parts, d)
			}
		default:
			parts = append(parts, fmt.Sprintf("I couldn't %s: %s.", actionPhrase(c), strings.TrimSuffix(c.Error, ".")))
		}
	}
	if len(parts) == 0 {
		return "I haven't been able to check or change anything on your account for that, so I won't guess. Could you tell me a little more, for example the order number, or ask a member of staff?"
	}
	return strings.Join(parts, " ")
}

// actionPhrase says what a call tried to do, for "I couldn't ...".
func actionPhrase(c tools.Result) string {
	arg := func(k string) string {
		if v, ok := c.Arguments[k]; ok {
			return strings.TrimSpace(fmt.Sprint(v))
		}
		return ""
	}
	with := func(base, k string) string {
		if v := arg(k); v != "" {
			return base + " " + v
		}
		return base
	}
	switch c.Name {
	case "create_refund_request":
		if arg("order_id") != "" {
			return "refund order " + arg("order_id")
		}
		return "request that refund"
	case "cancel_catering_order":
		return with("cancel catering order", "catering_id")
	case "submit_catering_order":
		return "book that catering order"
	case "credit_missing_points":
		return "credit those points"
	case "get_order":
		return with("look up order", "order_id")
	case "get_refund_status":
		if v := arg("refund_id"); v != "" {
			return "check refund " + v
		}
		return with("check the refunds for order", "order_id")
	case "list_recent_orders":
		return "list your recent orders"
	case "list_catering_orders":
		return "list your catering orders"
	case "get_loyalty_balance":
		return "check your points balance"
	case "get_loyalty_history":
		return "check your points history"
	}
	return "do that (" + c.Name + ")"
}
