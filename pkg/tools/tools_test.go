package tools

import (
	"context"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

func TestDefinitions(t *testing.T) {
	tb := toolbox(nil, "C1001")
	defs := tb.Definitions()
	var names []string
	for _, d := range defs {
		names = append(names, d.Name)
		if d.Description == "" {
			t.Errorf("%s has no description", d.Name)
		}
		for _, p := range d.Params {
			if slices.Contains(identityArgs, p.Name) {
				t.Errorf("%s takes a customer argument %q", d.Name, p.Name)
			}
			if !slices.Contains([]string{"string", "integer", "number", "boolean"}, p.Type) || p.Description == "" {
				t.Errorf("%s.%s: type %q description %q", d.Name, p.Name, p.Type, p.Description)
			}
		}
	}
	want := []string{"get_loyalty_balance", "get_loyalty_history", "credit_missing_points", "list_recent_orders", "get_order",
		"create_refund_request", "get_refund_status", "list_catering_orders", "submit_catering_order", "cancel_catering_order"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("tools (-want +got):\n%s", diff)
	}
}

func TestArgumentValidation(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, "C1001")
	tests := []struct {
		tool    string
		args    map[string]any
		wantErr string // "" means the call is valid
	}{
		{"get_loyalty_balance", nil, ""},
		{"get_loyalty_balance", map[string]any{"verbose": true}, `unknown argument "verbose"`},
		{"get_loyalty_history", map[string]any{"limit": float64(5)}, ""},
		{"get_loyalty_history", map[string]any{"limit": "5"}, `"limit" must be a whole number`},
		{"get_loyalty_history", map[string]any{"limit": 2.5}, `"limit" must be a whole number`},
		{"get_loyalty_history", map[string]any{"limit": float64(0)}, `"limit" must be between 1 and 50`},
		{"get_loyalty_history", map[string]any{"limit": nil}, ""},
		{"credit_missing_points", map[string]any{"top_up_id": "T5005"}, `unknown argument "top_up_id"`},
		{"list_recent_orders", map[string]any{"limit": float64(21)}, `"limit" must be between 1 and 20`},
		{"get_order", map[string]any{}, `missing required argument "order_id"`},
		{"get_order", map[string]any{"order_id": "  "}, `missing required argument "order_id"`},
		{"get_order", map[string]any{"order_id": true}, `"order_id" must be a string`},
		{"get_order", map[string]any{"order_id": 10481.5}, `"order_id" must be a string`},
		{"get_order", map[string]any{"order_id": float64(10481)}, ""},
		{"get_order", map[string]any{"order_id": "10481", "extra": 1, "also": 2}, `unknown argument "also"; unknown argument "extra"`},
		{"get_order", map[string]any{"order_id": strings.Repeat("1", 41)}, `"order_id" is longer than 40 characters`},
		{"create_refund_request", map[string]any{"order_id": "10481"}, `missing required argument "reason"`},
		{"create_refund_request", map[string]any{"order_id": "10481", "reason": "cold", "amount": "4.50"}, `"amount" must be a number`},
		{"create_refund_request", map[string]any{"order_id": "10481", "reason": "cold", "amount": -1.0}, `"amount" must be between 0.01 and 100000`},
		{"create_refund_request", map[string]any{"order_id": "10481", "reason": "cold", "line_item": []any{"x"}}, `"line_item" must be a string`},
		{"get_refund_status", map[string]any{"refund_id": map[string]any{"id": "R2003"}}, `"refund_id" must be a string`},
		{"get_refund_status", map[string]any{}, ""},
		{"list_catering_orders", map[string]any{"status": "open"}, `unknown argument "status"`},
		{"submit_catering_order", map[string]any{"event_time": "2026-03-20T12:30", "headcount": "25", "package": "working_lunch", "location": "Elm Road"}, `"headcount" must be a whole number`},
		{"submit_catering_order", map[string]any{"event_time": "2026-03-20T12:30", "headcount": 25.0, "package": "pizza", "location": "Elm Road"}, `"package" must be one of`},
		{"submit_catering_order", map[string]any{"event_time": "2026-03-20T12:30", "headcount": 25.0, "package": "working_lunch", "location": "Downtown"}, `"location" must be one of Elm Road, Harbour Street, Riverside Campus`},
		{"submit_catering_order", map[string]any{"headcount": 25.0}, `missing required argument "event_time"; missing required argument "package"; missing required argument "location"`},
		{"cancel_catering_order", map[string]any{"catering_id": "CT-20452", "confirm_fee": "yes"}, `"confirm_fee" must be true or false`},
	}
	for _, tt := range tests {
		t.Run(tt.tool+" "+mustJSON(t, tt.args), func(t *testing.T) {
			r := callTool(tb, tt.tool, tt.args)
			if tt.wantErr == "" {
				if r.Invalid {
					t.Fatalf("valid call rejected: %s", r.Error)
				}
				return
			}
			if !r.Invalid || r.Refused || r.Output != nil {
				t.Fatalf("got %+v, want an invalid call", r)
			}
			if !strings.Contains(r.Error, tt.wantErr) {
				t.Errorf("error %q does not contain %q", r.Error, tt.wantErr)
			}
		})
	}
	audit, err := s.AuditLog(context.Background(), "C1001", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != len(tests) {
		t.Errorf("%d audit entries for %d calls", len(audit), len(tests))
	}
}

func TestUnknownToolAndNoCustomer(t *testing.T) {
	s := seededStore(t)
	r := callTool(toolbox(s, "C1001"), "get_points", nil)
	if !r.Invalid || !strings.Contains(r.Error, `unknown tool "get_points"`) || !strings.Contains(r.Error, "get_loyalty_balance") {
		t.Errorf("unknown tool: %+v", r)
	}
	r = callTool(toolbox(s, ""), "get_loyalty_balance", nil)
	if r.OK() || r.Output != nil {
		t.Errorf("a call without a customer succeeded: %+v", r)
	}
}

// otherCustomerData are strings from C1007's account that must never
// appear in a result for C1001.
func otherCustomerData(t *testing.T, s *backend.SQLite) []string {
	t.Helper()
	a, err := s.Account(context.Background(), "C1007")
	if err != nil {
		t.Fatal(err)
	}
	out := []string{"Aisha", "Bello", "555-010-3321", "aisha.bello", a.Customer.InternalNote}
	for _, o := range a.Orders {
		out = append(out, o.ID)
	}
	return out
}

func TestAuthorization(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()
	tb := toolbox(s, "C1001")
	aisha, err := s.Account(ctx, "C1007")
	if err != nil {
		t.Fatal(err)
	}
	aishaOrder := aisha.Orders[0].ID
	tests := []struct {
		name        string
		tool        string
		args        map[string]any
		wantRefused bool
		wantErr     string
	}{
		{"customer_id of another", "get_loyalty_balance", map[string]any{"customer_id": "C1007"}, true, notYourAccount},
		{"phone of another", "get_loyalty_history", map[string]any{"phone": "+1 555 010 3321"}, true, notYourAccount},
		{"email of another", "list_recent_orders", map[string]any{"Email": "aisha.bello@example.com"}, true, notYourAccount},
		{"another's name", "get_loyalty_balance", map[string]any{"customer_name": "Aisha Bello"}, true, notYourAccount},
		{"own id is a mistake, not a refusal", "get_loyalty_balance", map[string]any{"customer_id": "C1001"}, false, "leave out customer"},
		{"another's order", "get_order", map[string]any{"order_id": aishaOrder}, true, notYourOrder},
		{"a missing order reads the same", "get_order", map[string]any{"order_id": "99999"}, false, notYourOrder},
		{"refund on another's order", "create_refund_request", map[string]any{"order_id": aishaOrder, "reason": "cold"}, true, notYourOrder},
		{"another's refund", "get_refund_status", map[string]any{"refund_id": backend.StoryRefundID}, true, notYourRefund},
		{"another's refund by number", "get_refund_status", map[string]any{"refund_id": "2003"}, true, notYourRefund},
		{"refunds of another's order", "get_refund_status", map[string]any{"order_id": backend.StoryRefundOrderID}, true, notYourOrder},
		{"another's catering", "cancel_catering_order", map[string]any{"catering_id": backend.StoryCateringID}, true, notYourCatering},
	}
	others := otherCustomerData(t, s)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callTool(tb, tt.tool, tt.args)
			if r.OK() || r.Refused != tt.wantRefused || !strings.Contains(r.Error, tt.wantErr) || r.Output != nil {
				t.Fatalf("got %+v, want refused=%v error %q", r, tt.wantRefused, tt.wantErr)
			}
			js := mustJSON(t, r.Output) + r.Error + r.Summary
			for _, o := range append(others, "Liam", "Priya") {
				if o != "" && strings.Contains(js, o) {
					t.Errorf("result leaks %q: %s", o, js)
				}
			}
			audit, err := s.AuditLog(ctx, "C1001", 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(audit) != 1 || audit[0].Tool != tt.tool || audit[0].Refused != tt.wantRefused || audit[0].Session != "test-session" {
				t.Errorf("audit %+v", audit)
			}
		})
	}
	// Nothing was written for anyone.
	if rs, _ := s.Refunds(ctx, "C1007"); len(rs) != 0 {
		t.Errorf("refunds were created on C1007: %+v", rs)
	}
	if k, _ := s.CateringOrder(ctx, backend.StoryCateringID); k.Status != backend.CateringConfirmed {
		t.Errorf("another customer's catering changed: %+v", k)
	}
}

// TestResultsNeverLeak runs every tool for Maya and checks no result holds
// an internal note, another customer or a full card number.
func TestResultsNeverLeak(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()
	tb := toolbox(s, "C1001")
	customers, err := s.ListCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var forbidden []string
	for _, c := range customers {
		if c.InternalNote != "" {
			forbidden = append(forbidden, c.InternalNote)
		}
		if c.ID != "C1001" {
			forbidden = append(forbidden, c.Name, c.Email, c.Phone)
		}
	}
	forbidden = append(forbidden, "C1001", "customer_id", "internal_note", "idempotency")
	calls := []llm.ToolCall{
		{Name: "get_loyalty_balance"},
		{Name: "get_loyalty_history", Arguments: map[string]any{"limit": 50.0}},
		{Name: "credit_missing_points"},
		{Name: "list_recent_orders", Arguments: map[string]any{"limit": 20.0}},
		{Name: "get_order", Arguments: map[string]any{"order_id": backend.StoryRecentOrderID}},
		{Name: "create_refund_request", Arguments: map[string]any{"order_id": backend.StoryRecentOrderID, "line_item": "cinnamon roll", "reason": "stale"}},
		{Name: "get_refund_status"},
		{Name: "list_catering_orders"},
		{Name: "submit_catering_order", Arguments: map[string]any{"event_time": "2026-03-20T12:30", "headcount": 20.0, "package": "working_lunch", "location": "Elm Road"}},
	}
	fullCard := regexp.MustCompile(`\d{12,19}`)
	for _, c := range calls {
		r := tb.Call(ctx, c)
		if !r.OK() {
			t.Fatalf("%s failed: %s", c.Name, r.Error)
		}
		js := mustJSON(t, r)
		for _, f := range forbidden {
			if strings.Contains(js, f) {
				t.Errorf("%s result contains %q", c.Name, f)
			}
		}
		if m := fullCard.FindString(js); m != "" {
			t.Errorf("%s result contains a long number %s", c.Name, m)
		}
	}
}

func TestCreditMissingPointsOnce(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()
	tb := toolbox(s, backend.StoryMissingBonus)
	before := balance(t, s, "C1001")

	r := callTool(tb, "credit_missing_points", nil)
	out, _ := r.Output.(map[string]any)
	if !r.OK() || out["points_credited"] != 40 || out["balance_points"] != before+40 || r.Summary != "credited 40 points; balance "+strconv.Itoa(before+40)+" points" {
		t.Fatalf("first credit: %+v", r)
	}
	again := callTool(tb, "credit_missing_points", nil)
	out, _ = again.Output.(map[string]any)
	if !again.OK() || out["points_credited"] != 0 || out["message"] == nil {
		t.Fatalf("second credit: %+v", again)
	}
	if got := balance(t, s, "C1001"); got != before+40 {
		t.Errorf("balance %d, want %d", got, before+40)
	}
	ledger, _ := s.Ledger(ctx, "C1001", 0)
	n := 0
	for _, e := range ledger {
		if e.TopUpID == backend.StoryTopUpID {
			n++
			if e.Points != 40 || e.Kind != backend.KindBonus {
				t.Errorf("bonus entry %+v", e)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d ledger entries for the top-up, want 1", n)
	}

	t.Run("nothing missing", func(t *testing.T) {
		r := callTool(toolbox(s, "C1006"), "credit_missing_points", nil)
		out, _ := r.Output.(map[string]any)
		if !r.OK() || out["points_credited"] != 0 || !strings.HasPrefix(r.Summary, "no missing points") {
			t.Errorf("%+v", r)
		}
	})
	t.Run("a top-up without a bonus rule", func(t *testing.T) {
		r := callTool(toolbox(s, "C1013"), "credit_missing_points", nil)
		out, _ := r.Output.(map[string]any)
		if !r.OK() || out["points_credited"] != 0 || out["top_ups_without_bonus"] == nil {
			t.Errorf("%+v", r)
		}
	})
}

// TestCreditMissingPointsRace credits from several sessions at once: the
// bonus must still land exactly once.
func TestCreditMissingPointsRace(t *testing.T) {
	s := seededStore(t)
	before := balance(t, s, "C1001")
	var wg sync.WaitGroup
	results := make([]Result, 4)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = callTool(toolbox(s, "C1001"), "credit_missing_points", nil)
		}()
	}
	wg.Wait()
	total := 0
	for _, r := range results {
		if !r.OK() {
			t.Fatalf("credit failed: %+v", r)
		}
		total += r.Output.(map[string]any)["points_credited"].(int)
	}
	if total != 40 || balance(t, s, "C1001") != before+40 {
		t.Errorf("credited %d in total, balance %d → %d", total, before, balance(t, s, "C1001"))
	}
}

func TestRefundRequestIdempotent(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()

	t.Run("double charge", func(t *testing.T) {
		tb := toolbox(s, backend.StoryDoubleCharge)
		args := map[string]any{"order_id": backend.StoryDoubleChargeID, "reason": "I was charged twice for this"}
		first := callTool(tb, "create_refund_request", args)
		if !first.OK() {
			t.Fatal(first.Error)
		}
		out := first.Output.(map[string]any)
		v := out["refund"].(refundView)
		o, _ := s.Order(ctx, backend.StoryDoubleChargeID)
		if v.Status != backend.RefundApproved || v.What != "duplicate charge" || v.Amount != o.Total || out["already_requested"] != false || first.Handoff {
			t.Fatalf("first: %+v", out)
		}
		if !strings.HasPrefix(out["refund_to"].(string), "the card ending ") {
			t.Errorf("refund_to %q", out["refund_to"])
		}
		second := callTool(tb, "create_refund_request", args)
		out2 := second.Output.(map[string]any)
		if !second.OK() || out2["already_requested"] != true || out2["refund"].(refundView).RefundID != v.RefundID {
			t.Fatalf("second: %+v", second)
		}
		rs, _ := s.Refunds(ctx, backend.StoryDoubleCharge)
		if len(rs) != 1 {
			t.Errorf("%d refund rows, want 1", len(rs))
		}
	})
	t.Run("one line, asked twice in other words", func(t *testing.T) {
		tb := toolbox(s, "C1001")
		a := callTool(tb, "create_refund_request", map[string]any{"order_id": backend.StoryRecentOrderID, "line_item": "Cinnamon Roll", "reason": "stale"})
		b := callTool(tb, "create_refund_request", map[string]any{"order_id": 10481.0, "line_item": "cinnamon rolls", "reason": "it was stale, please refund", "amount": 4.5})
		if !a.OK() || !b.OK() {
			t.Fatalf("%+v / %+v", a, b)
		}
		ra, rb := a.Output.(map[string]any)["refund"].(refundView), b.Output.(map[string]any)["refund"].(refundView)
		if ra.RefundID != rb.RefundID || ra.Status != backend.RefundRequested || ra.Amount != 450 {
			t.Errorf("%+v / %+v", ra, rb)
		}
		if b.Output.(map[string]any)["already_requested"] != true {
			t.Error("the repeat was not reported as existing")
		}
	})
}

func TestRefundRules(t *testing.T) {
	s := seededStore(t)
	maya, err := s.Orders(context.Background(), "C1001", 0)
	if err != nil {
		t.Fatal(err)
	}
	oldest := maya[len(maya)-1].ID
	tests := []struct {
		name       string
		customer   string
		args       map[string]any
		wantErr    string
		wantStatus string
		handoff    bool
	}{
		{"outside the window", "C1001", map[string]any{"order_id": oldest, "reason": "cold"}, "outside the refund window", "", false},
		{"more than the line", "C1001", map[string]any{"order_id": "10481", "line_item": "Cinnamon Roll", "amount": 10.0, "reason": "x"}, "at most $4.50", "", false},
		{"unknown item", "C1001", map[string]any{"order_id": "10481", "line_item": "Bagel", "reason": "x"}, `has no item "Bagel"`, "", false},
		{"line by id", "C1001", map[string]any{"order_id": "10481", "line_item": "9999", "reason": "x"}, "has no item", "", false},
		{"up to the threshold", "C1005", map[string]any{"order_id": "10483", "amount": 50.0, "reason": "coffee was cold"}, "", backend.RefundRequested, false},
		{"a line under the threshold", "C1005", map[string]any{"order_id": "10483", "line_item": "Latte", "reason": "cold"}, "", backend.RefundRequested, false},
		// $92.90 − $50.00 − $38.80 is all that is left for any line.
		{"more than is left", "C1005", map[string]any{"order_id": "10483", "line_item": "Flat White", "reason": "cold", "amount": 18.6}, "at most $4.10", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callTool(toolbox(s, tt.customer), "create_refund_request", tt.args)
			if tt.wantErr != "" {
				if r.OK() || r.Invalid || r.Refused || !strings.Contains(r.Error, tt.wantErr) {
					t.Fatalf("got %+v, want error %q", r, tt.wantErr)
				}
				return
			}
			if !r.OK() {
				t.Fatal(r.Error)
			}
			if st := r.Output.(map[string]any)["refund"].(refundView).Status; st != tt.wantStatus || r.Handoff != tt.handoff {
				t.Errorf("status %s handoff %v, want %s %v", st, r.Handoff, tt.wantStatus, tt.handoff)
			}
		})
	}
}

func TestRefundAboveManagerThreshold(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, backend.StoryLargeOrder)
	r := callTool(tb, "create_refund_request", map[string]any{"order_id": backend.StoryLargeOrderID, "reason": "the whole team order was cold"})
	if !r.OK() {
		t.Fatal(r.Error)
	}
	v := r.Output.(map[string]any)["refund"].(refundView)
	if v.Status != backend.RefundNeedsManager || v.Amount != 9290 || !r.Handoff || !strings.Contains(r.HandoffReason, "above the $50.00 manager threshold") {
		t.Errorf("%+v %+v", v, r)
	}
	if r.Summary != "refund "+v.RefundID+" needs a manager" {
		t.Errorf("summary %q", r.Summary)
	}
	// Just over the threshold on a line also needs a manager.
	s2 := seededStore(t)
	r = callTool(toolbox(s2, backend.StoryLargeOrder), "create_refund_request", map[string]any{"order_id": backend.StoryLargeOrderID, "amount": 50.01, "reason": "cold"})
	if !r.OK() || !r.Handoff || r.Output.(map[string]any)["refund"].(refundView).Status != backend.RefundNeedsManager {
		t.Errorf("$50.01: %+v", r)
	}
}

func TestGetOrderAndRefundStatus(t *testing.T) {
	s := seededStore(t)
	r := callTool(toolbox(s, backend.StoryDoubleCharge), "get_order", map[string]any{"order_id": backend.StoryDoubleChargeID})
	v, ok := r.Output.(orderView)
	if !r.OK() || !ok || !v.DoubleCharged || v.DuplicateCharge != v.Total || v.Refundable != 2*v.Total || len(v.Payments) != 2 || v.Payments[0].CardLast4 == "" {
		t.Fatalf("%+v", r)
	}
	for _, id := range []map[string]any{{"refund_id": "r2003"}, {"order_id": "10480"}, {}} {
		r := callTool(toolbox(s, backend.StoryRefundRequested), "get_refund_status", id)
		rs, _ := r.Output.(map[string]any)["refunds"].([]refundView)
		if !r.OK() || len(rs) != 1 || rs[0].RefundID != backend.StoryRefundID || rs[0].Status != backend.RefundRequested || rs[0].What != "Larkspur Breakfast Sandwich" {
			t.Errorf("%v: %+v", id, r)
		}
	}
	r = callTool(toolbox(s, "C1001"), "get_refund_status", nil)
	if rs := r.Output.(map[string]any)["refunds"].([]refundView); !r.OK() || len(rs) != 0 || r.Summary != "no refund requests" {
		t.Errorf("no refunds: %+v", r)
	}
}

func TestSubmitCatering(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, "C1001")
	base := map[string]any{"event_time": "2026-03-20T12:30", "headcount": 20.0, "package": "working_lunch", "location": "Elm Road"}
	with := func(kv ...any) map[string]any {
		m := maps.Clone(base)
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		args    map[string]any
		wantErr string
	}{
		{"too little notice", with("event_time", "2026-03-11T12:00"), "at least 48 hours' notice"},
		{"in the past", with("event_time", "2026-03-01T12:00"), "is in the past"},
		{"too few guests", with("headcount", 5.0), "10 to 150 guests, not 5"},
		{"too many guests", with("headcount", 151.0), "10 to 150 guests, not 151"},
		{"under the minimum spend", with("headcount", 10.0, "package", "coffee_break"), "minimum catering spend is $150.00"},
		{"not a date", with("event_time", "next Friday at noon"), "not an ISO 8601 date-time"},
		{"no time of day", with("event_time", "2026-03-20"), "has no time of day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := callTool(tb, "submit_catering_order", tt.args)
			if r.OK() || r.Invalid || !strings.Contains(r.Error, tt.wantErr) {
				t.Errorf("got %+v, want %q", r, tt.wantErr)
			}
		})
	}
	t.Run("minimum spend says how many guests", func(t *testing.T) {
		r := callTool(tb, "submit_catering_order", with("headcount", 10.0, "package", "coffee_break"))
		if !strings.Contains(r.Error, "at least 16 guests") {
			t.Errorf("%q", r.Error)
		}
	})
	t.Run("accepted once", func(t *testing.T) {
		a := callTool(tb, "submit_catering_order", base)
		b := callTool(tb, "submit_catering_order", base)
		if !a.OK() || !b.OK() {
			t.Fatalf("%+v / %+v", a, b)
		}
		va, vb := a.Output.(map[string]any)["catering_order"].(cateringView), b.Output.(map[string]any)["catering_order"].(cateringView)
		if va.CateringID != vb.CateringID || va.Total != 38000 || va.Status != backend.CateringRequested || b.Output.(map[string]any)["already_submitted"] != true {
			t.Errorf("%+v / %+v", va, vb)
		}
		if va.FreeCancelUntil != "2026-03-17 12:30" {
			t.Errorf("free cancellation until %q", va.FreeCancelUntil)
		}
	})
}

func TestCancelCatering(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()

	t.Run("free a week ahead", func(t *testing.T) {
		r := callTool(toolbox(s, backend.StoryCatering), "cancel_catering_order", map[string]any{"catering_id": "ct-20452"})
		out, _ := r.Output.(map[string]any)
		if !r.OK() || out["cancelled"] != true || out["fee"] != backend.Money(0) {
			t.Fatalf("%+v", r)
		}
		again := callTool(toolbox(s, backend.StoryCatering), "cancel_catering_order", map[string]any{"catering_id": "CT-20452"})
		if !again.OK() || again.Output.(map[string]any)["already_cancelled"] != true {
			t.Errorf("repeat: %+v", again)
		}
	})
	t.Run("late cancellation needs the customer's OK", func(t *testing.T) {
		tb := toolbox(s, "C1001")
		sub := callTool(tb, "submit_catering_order", map[string]any{"event_time": "2026-03-13T02:00", "headcount": 20.0, "package": "working_lunch", "location": "Elm Road"})
		if !sub.OK() {
			t.Fatal(sub.Error)
		}
		id := sub.Output.(map[string]any)["catering_order"].(cateringView).CateringID
		r := callTool(tb, "cancel_catering_order", map[string]any{"catering_id": id})
		out := r.Output.(map[string]any)
		if !r.OK() || out["needs_confirmation"] != true || out["fee"] != backend.Money(19000) {
			t.Fatalf("%+v", r)
		}
		if k, _ := s.CateringOrder(ctx, id); k.Status == backend.CateringCancelled {
			t.Fatal("cancelled without the customer's OK")
		}
		r = callTool(tb, "cancel_catering_order", map[string]any{"catering_id": id, "confirm_fee": true})
		out = r.Output.(map[string]any)
		if !r.OK() || out["cancelled"] != true || out["fee"] != backend.Money(19000) || r.Summary != "catering "+id+" cancelled with a $190.00 fee" {
			t.Fatalf("%+v", r)
		}
		if k, _ := s.CateringOrder(ctx, id); k.Status != backend.CateringCancelled || k.CancellationFee != 19000 {
			t.Errorf("stored %+v", k)
		}
	})
}

func TestRulesFrom(t *testing.T) {
	c := config.Default()
	c.Refunds.ManagerThreshold = 5
	r := RulesFrom(c)
	if r.Refunds.ManagerThreshold != 5 || r.Loyalty.TopUpBonus[20] != 40 || r.Catering.MinSpend != 150 {
		t.Errorf("%+v", r)
	}
	// A lower threshold from the config is enforced.
	s := seededStore(t)
	res := New(s, "C1001", r, clock).Call(context.Background(), llm.ToolCall{Name: "create_refund_request",
		Arguments: map[string]any{"order_id": "10481", "amount": 9.15, "reason": "all wrong"}})
	if !res.OK() || !res.Handoff {
		t.Errorf("%+v", res)
	}
}

func TestIDForms(t *testing.T) {
	s := seededStore(t)
	for _, id := range []any{"#10481", "order 10481", " 10481 ", 10481.0} {
		if r := callTool(toolbox(s, "C1001"), "get_order", map[string]any{"order_id": id}); !r.OK() || r.Output.(orderView).OrderID != "10481" {
			t.Errorf("order id %v: %+v", id, r)
		}
	}
	for _, id := range []string{"20452", "ct20452", "CT-20452"} {
		r := callTool(toolbox(s, backend.StoryCatering), "cancel_catering_order", map[string]any{"catering_id": id})
		if !r.OK() {
			t.Errorf("catering id %q: %+v", id, r)
		}
	}
}

func BenchmarkCallGetOrder(b *testing.B) {
	s := seededStoreB(b)
	tb := toolbox(s, backend.StoryDoubleCharge)
	call := llm.ToolCall{Name: "get_order", Arguments: map[string]any{"order_id": backend.StoryDoubleChargeID}}
	for b.Loop() {
		if r := tb.Call(context.Background(), call); !r.OK() {
			b.Fatal(r.Error)
		}
	}
}

func BenchmarkClassify(b *testing.B) {
	for b.Loop() {
		classify("Hi, any news on the refund for order 10480? It's been a few days")
	}
}
