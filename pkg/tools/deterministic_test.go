package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/backend"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		text string
		want request
	}{
		{"What's my points balance?", request{intent: intentBalance}},
		{"how many points do I have", request{intent: intentBalance}},
		{"My top-up didn't give me points", request{intent: intentMissingPoints}},
		{"I topped up $20 but no bonus", request{intent: intentMissingPoints}},
		{"my points from Tuesday are missing", request{intent: intentMissingPoints}},
		{"can I see my points history?", request{intent: intentHistory}},
		{"Any update on my refund?", request{intent: intentRefundStatus}},
		{"status of R2003", request{intent: intentRefundStatus, refundID: "R2003"}},
		{"what happened with the refund for order 10480", request{intent: intentRefundStatus, orderID: "10480"}},
		{"Where is my order?", request{intent: intentOrderStatus}},
		{"order #10484 please", request{intent: intentOrderStatus, orderID: "10484"}},
		{"Is my catering booking confirmed?", request{intent: intentCateringStatus}},
		{"details of ct-20452", request{intent: intentCateringStatus, cateringID: "CT-20452"}},
		{"I want to cancel my catering", request{}},
		{"I want a refund for order 10482", request{intent: intentRefundRequest, orderID: "10482"}},
		{"I was charged twice", request{intent: intentRefundWhich}},
		{"did you refund order 10480 yet", request{intent: intentRefundStatus, orderID: "10480"}},
		{"show me my last orders", request{intent: intentOrderHistory}},
		{"book catering for 30 people next Tuesday", request{}},
		{"I paid $10482.50 once", request{}},
		{"call me on 555-010-2233", request{}},
		{"what time do you open?", request{}},
		{"", request{}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, classify(tt.text), cmp.AllowUnexported(request{})); diff != "" {
				t.Errorf("classify (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	s := seededStore(t)
	ctx := context.Background()
	tests := []struct {
		customer, text string
		wantOK         bool
		wantTool       string
		wantIn         []string
	}{
		{"C1001", "what's my balance", true, "get_loyalty_balance", []string{fmt.Sprintf("You have %d Larkspur Rewards points.", balance(t, s, "C1001"))}},
		{"C1001", "where's my order", true, "list_recent_orders", []string{"Your most recent order is 10484 from Elm Road", "it is being prepared", "Before that: 10481"}},
		{backend.StoryDoubleCharge, "what's the status of order 10482", true, "get_order", []string{"Order 10482", "charged twice", "$18.10"}},
		{backend.StoryRefundRequested, "any news on R2003?", true, "get_refund_status", []string{"Refund R2003 of $8.95 (Larkspur Breakfast Sandwich on order 10480", "waiting for the café team"}},
		{backend.StoryCatering, "is my catering booking confirmed?", true, "list_catering_orders", []string{"CT-20452 for 25 guests at Riverside Campus on 17 Mar at 12:30 ($475.00) is confirmed"}},
		{"C1001", "refund status for order 10482", true, "get_refund_status", []string{"Sorry, that order is not on this account."}},
		{"C1001", "I want a refund", true, "list_recent_orders", []string{"which order is it for?", "10484"}},
		{"C1001", "do you have oat milk?", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			reply, calls, ok := toolbox(s, tt.customer).Deterministic(ctx, tt.text)
			if ok != tt.wantOK {
				t.Fatalf("ok=%v reply %q", ok, reply)
			}
			if !ok {
				if len(calls) != 0 {
					t.Errorf("calls made: %+v", calls)
				}
				return
			}
			if len(calls) != 1 || calls[0].Name != tt.wantTool {
				t.Errorf("calls %+v", calls)
			}
			for _, w := range tt.wantIn {
				if !strings.Contains(reply, w) {
					t.Errorf("reply %q does not contain %q", reply, w)
				}
			}
		})
	}
	t.Run("history", func(t *testing.T) {
		reply, _, ok := toolbox(s, "C1001").Deterministic(ctx, "show me my points history")
		if !ok || !strings.HasPrefix(reply, "Your recent points activity: 7 Mar +91 (Order 10481)") {
			t.Errorf("%q", reply)
		}
	})
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"status of R2003", "order #10484", "ct-20452", "My top-up didn't give me points", "$10482.50", "\xff\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		r := classify(text)
		if r.orderID != "" && (len(r.orderID) != 5 || strings.Trim(r.orderID, "0123456789") != "") {
			t.Fatalf("order id %q from %q", r.orderID, text)
		}
		if r.cateringID != "" && !strings.HasPrefix(r.cateringID, "CT-") {
			t.Fatalf("catering id %q from %q", r.cateringID, text)
		}
		if r.intent.String() == "" {
			t.Fatalf("intent %d has no name", r.intent)
		}
	})
}

// FuzzValidateArgs feeds arbitrary JSON objects to every tool's argument
// validation: it must never panic, and what it accepts must match the
// declared parameters exactly.
func FuzzValidateArgs(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"order_id":"10482"}`, `{"order_id":10482}`, `{"limit":5}`, `{"limit":"5"}`, `{"amount":1e308}`,
		`{"headcount":25,"package":"WORKING_LUNCH","location":"elm road","event_time":"2026-03-20T12:30"}`,
		`{"confirm_fee":true,"catering_id":null}`, `{"customer_id":"C1007"}`, `{"limit":-0}`, `{"order_id":1e20}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var m map[string]any
		if json.Unmarshal([]byte(raw), &m) != nil {
			return
		}
		for _, name := range toolOrder {
			sp := specs[name]
			a, err := validateArgs(sp.def, sp.rules, m)
			if err != nil {
				if !strings.HasPrefix(err.Error(), "invalid arguments for "+name+": ") {
					t.Fatalf("%s: error %q", name, err)
				}
				continue
			}
			for k := range m {
				if !paramNamed(sp, k) {
					t.Fatalf("%s accepted unknown argument %q", name, k)
				}
			}
			for _, p := range sp.def.Params {
				v, ok := a[p.Name]
				if p.Required && !ok {
					t.Fatalf("%s accepted %s without required %q", name, raw, p.Name)
				}
				if !ok {
					continue
				}
				switch p.Type {
				case "string":
					if s, isStr := v.(string); !isStr || s == "" {
						t.Fatalf("%s.%s = %#v", name, p.Name, v)
					}
				case "integer":
					if _, isInt := v.(int); !isInt {
						t.Fatalf("%s.%s = %#v", name, p.Name, v)
					}
				case "number":
					if _, isNum := v.(float64); !isNum {
						t.Fatalf("%s.%s = %#v", name, p.Name, v)
					}
				case "boolean":
					if _, isBool := v.(bool); !isBool {
						t.Fatalf("%s.%s = %#v", name, p.Name, v)
					}
				}
			}
		}
	})
}

func paramNamed(sp *spec, k string) bool {
	for _, p := range sp.def.Params {
		if p.Name == k {
			return true
		}
	}
	return false
}

func FuzzParseEventTime(f *testing.F) {
	for _, s := range []string{"2026-03-20T12:30", "2026-03-20T12:30:00Z", "2026-03-20 12:30", "2026-03-20T12:30:00-05:00", "2026-03-20", "noon", "2026-02-30T10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := parseEventTime(s, time.UTC)
		if err != nil {
			if !strings.Contains(err.Error(), "event_time") {
				t.Fatalf("error %q does not name the argument", err)
			}
			return
		}
		if tm.IsZero() {
			t.Fatalf("%q parsed to the zero time", s)
		}
	})
}

func TestParseEventTime(t *testing.T) {
	loc := time.FixedZone("café", -5*3600)
	want := time.Date(2026, 3, 20, 12, 30, 0, 0, loc)
	for _, s := range []string{"2026-03-20T12:30", "2026-03-20 12:30", "2026-03-20T12:30:00", " 2026-03-20T12:30:00-05:00 ", "2026-03-20T17:30:00Z"} {
		got, err := parseEventTime(s, loc)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseEventTime(%q) = %s, %v; want %s", s, got, err, want)
		}
	}
}
