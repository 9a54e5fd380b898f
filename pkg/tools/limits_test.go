package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

func auditRows(t *testing.T, s backend.Backend, customer string) []backend.AuditEntry {
	t.Helper()
	rows, err := s.AuditLog(context.Background(), customer, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCallsPerRoundCapped: a model asking for 200 calls in one round gets
// only the configured number run and audited; the rest are reported.
func TestCallsPerRoundCapped(t *testing.T) {
	for _, tt := range []struct {
		name      string
		opt, rule int
		want      int
	}{
		{"default", 0, 0, DefaultMaxCallsPerRound},
		{"config", 0, 3, 3},
		{"caller below config", 2, 5, 2},
		{"config caps caller", 50, 5, 5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := seededStore(t)
			cfg := config.Default()
			cfg.Tools.MaxCallsPerRound = tt.rule
			tb := New(s, "C1001", RulesFrom(cfg), clock).WithSession("cap")
			calls := make([]llm.ToolCall, 200)
			for i := range calls {
				calls[i] = llm.ToolCall{Name: "get_loyalty_balance", Arguments: map[string]any{}}
			}
			chat := &fakeChat{t: t, script: []turn{{calls: calls}, {content: "You have 1,220 points."}}}
			opt := loopOpts(chat, tb)
			opt.MaxCallsPerRound = tt.opt
			res, err := Run(context.Background(), opt, user("what's my balance"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Calls) != tt.want || len(res.Skipped) != 200-tt.want {
				t.Fatalf("ran %d, skipped %d; want %d run", len(res.Calls), len(res.Skipped), tt.want)
			}
			if res.Skipped[0].Code != CodeCallLimit || res.Skipped[0].OK() {
				t.Errorf("skipped result %+v", res.Skipped[0])
			}
			if n := len(auditRows(t, s, "C1001")); n != tt.want {
				t.Errorf("audit rows %d, want %d", n, tt.want)
			}
			// The model is told, and sees only the calls that ran.
			second := chat.requests()[1].Messages
			last := second[len(second)-1]
			if last.Role != "tool" || !strings.Contains(last.Content, fmt.Sprintf("%d more were not run", 200-tt.want)) {
				t.Errorf("model not told: %+v", last)
			}
		})
	}
}

// TestRoundsCapped: the configured round limit caps the caller's.
func TestRoundsCapped(t *testing.T) {
	s := seededStore(t)
	cfg := config.Default()
	cfg.Tools.MaxRounds = 2
	tb := New(s, "C1001", RulesFrom(cfg), clock)
	call := turn{calls: []llm.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}}
	chat := &fakeChat{t: t, script: []turn{call, call}}
	opt := loopOpts(chat, tb)
	opt.MaxRounds = 10
	res, err := Run(context.Background(), opt, user("what's my balance"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rounds != 2 || len(chat.requests()) != 2 {
		t.Errorf("rounds %d, model calls %d; want 2", res.Rounds, len(chat.requests()))
	}
}

// TestOversizedArgumentsTruncatedBeforeAudit: invalid arguments of any
// size are cut before they reach the Result and the audit log.
func TestOversizedArgumentsTruncatedBeforeAudit(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, "C1001")
	huge := strings.Repeat("A", 64<<10)
	args := map[string]any{"order_id": huge, "reason": huge, "junk": []any{huge, huge, map[string]any{"deep": huge}}}
	for i := range 40 {
		args[fmt.Sprintf("extra_%03d", i)] = huge
	}
	r := callTool(tb, "create_refund_request", args)
	if r.OK() || !r.Invalid {
		t.Fatalf("%+v", r)
	}
	b, _ := json.Marshal(r.Arguments)
	if len(b) > maxArgsBytes+4096 || !strings.Contains(string(b), truncMark) {
		t.Errorf("result arguments are %d bytes", len(b))
	}
	rows := auditRows(t, s, "C1001")
	if len(rows) != 1 {
		t.Fatalf("%d audit rows", len(rows))
	}
	if n := len(rows[0].Arguments) + len(rows[0].Error) + len(rows[0].Result); n > 16<<10 {
		t.Errorf("audit row is %d bytes", n)
	}
	if !strings.Contains(rows[0].Arguments, truncMark) {
		t.Errorf("no truncation mark in %q", rows[0].Arguments[:200])
	}
	// An oversized tool name is cut too.
	r = callTool(tb, strings.Repeat("x", 50000), nil)
	if len(r.Name) > maxNameBytes || len(r.Error) > 1000 {
		t.Errorf("name %d bytes, error %d bytes", len(r.Name), len(r.Error))
	}
}

func TestCapText(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{strings.Repeat("a", 20), 16, "aa" + truncMark},
		{"ééééééééé", 16, "é" + truncMark},
	} {
		if got := capText(tt.in, tt.n); got != tt.want {
			t.Errorf("capText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestCardNumbersMaskedInResultsAndAudit: a card number typed into a
// refund reason is masked in the Result, the audit log and the refund.
func TestCardNumbersMaskedInResultsAndAudit(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, backend.StoryDoubleCharge)
	const card = "4111 1111 1111 1111"
	r := callTool(tb, "create_refund_request", map[string]any{
		"order_id": backend.StoryDoubleChargeID, "reason": "charged twice on my card " + card + ", call me on 555-010-4417 or 555-019-8765",
	})
	if !r.OK() {
		t.Fatalf("%+v", r)
	}
	reason := r.Arguments["reason"].(string)
	if strings.Contains(reason, card) || !strings.Contains(reason, "[card ending 1111]") {
		t.Errorf("result arguments: %q", reason)
	}
	if !strings.Contains(reason, "555-010-4417") || strings.Contains(reason, "555-019-8765") {
		t.Errorf("own phone should stay, a stranger's go: %q", reason)
	}
	for _, row := range auditRows(t, s, backend.StoryDoubleCharge) {
		if strings.Contains(row.Arguments+row.Result+row.Error, "1111 1111") {
			t.Errorf("audit row holds the card: %+v", row)
		}
	}
	refunds, _ := s.Refunds(context.Background(), backend.StoryDoubleCharge)
	for _, x := range refunds {
		if strings.Contains(x.Reason, "1111 1111") {
			t.Errorf("stored refund reason %q", x.Reason)
		}
	}
	// A card number as an identity argument is refused, never "self".
	r = callTool(tb, "get_loyalty_balance", map[string]any{"card_number": card})
	if !r.Refused || strings.Contains(fmt.Sprint(r.Arguments), "1111 1111") {
		t.Errorf("card_number argument: %+v", r)
	}
}

// TestRebookCancelledCateringThroughTools: after cancelling a booking, the
// same slot books a new order instead of "already submitted".
func TestRebookCancelledCateringThroughTools(t *testing.T) {
	s := seededStore(t)
	tb := toolbox(s, "C1001")
	args := map[string]any{"event_time": "2026-03-20T12:30", "headcount": 20.0, "package": "working_lunch", "location": "Elm Road"}
	first := callTool(tb, "submit_catering_order", args)
	if !first.OK() {
		t.Fatal(first.Error)
	}
	id := first.Output.(map[string]any)["catering_order"].(cateringView).CateringID
	if c := callTool(tb, "cancel_catering_order", map[string]any{"catering_id": id}); !c.OK() || c.Output.(map[string]any)["cancelled"] != true {
		t.Fatalf("cancel: %+v", c)
	}
	again := callTool(tb, "submit_catering_order", args)
	out := again.Output.(map[string]any)
	v := out["catering_order"].(cateringView)
	if !again.OK() || out["already_submitted"] != false || v.CateringID == id || v.Status != backend.CateringRequested {
		t.Fatalf("re-booking: %+v", again)
	}
}
