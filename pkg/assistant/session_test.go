package assistant

import (
	"context"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
)

func TestSessionBindsPhoneAndContinuesPendingRequest(t *testing.T) {
	e := newEnv(t)
	s := NewSession(e.p, SessionOptions{})
	ctx := context.Background()

	first, err := s.Send(ctx, "How many points do I have?", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !first.NeedCustomer {
		t.Fatalf("first answer did not ask for the phone number: %+v", first)
	}
	e.model.script("cafebot-tools",
		reply{calls: []llm.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}},
		reply{chunks: []string{"You have some points."}},
	)
	second, err := s.Send(ctx, "sure, it's 555-010-2233", nil)
	if err != nil {
		t.Fatal(err)
	}
	c, ok := s.Customer()
	if !ok || c.ID != "C1001" {
		t.Fatalf("customer = %+v, %v; want C1001 bound from the phone number", c, ok)
	}
	if second.Route != RouteTransactional || len(second.ToolCalls) == 0 || second.ToolCalls[0].Name != "get_loyalty_balance" {
		t.Fatalf("the pending request did not run: route %s, calls %+v", second.Route, second.ToolCalls)
	}
	if !strings.HasPrefix(second.Answer, "Thanks, Maya") {
		t.Errorf("answer = %q", second.Answer)
	}
	if got := len(s.History()); got != 4 {
		t.Errorf("history has %d turns, want 4", got)
	}
}

func TestSessionUnknownCustomer(t *testing.T) {
	e := newEnv(t)
	s := NewSession(e.p, SessionOptions{})
	if _, err := s.BindCustomer(context.Background(), "555-999-0000"); err == nil {
		t.Fatal("want an error for an unknown phone number")
	}
}

func TestSessionHandoffFilesTicket(t *testing.T) {
	e := newEnv(t)
	s := NewSession(e.p, SessionOptions{})
	ctx := context.Background()
	if _, err := s.BindCustomer(ctx, "C1001"); err != nil {
		t.Fatal(err)
	}
	e.model.script("cafebot-faq", reply{chunks: []string{"No, it contains wheat."}})
	if _, err := s.Send(ctx, "Is the killer brownie gluten free?", nil); err != nil {
		t.Fatal(err)
	}
	e.model.script("cafebot-faq", reply{chunks: []string{"Maya asked about the brownie; staff asked to take over."}})
	num, err := s.Handoff(ctx, "customer wants to talk about a large order")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(num, "#") {
		t.Fatalf("ticket number = %q", num)
	}
	ts, err := e.queue.List(ctx, handoff.Filter{Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 || ts[0].CustomerID != "C1001" || len(ts[0].Transcript) != 2 || ts[0].Category != "staff_request" {
		t.Fatalf("tickets = %+v", ts)
	}
	if !strings.HasPrefix(ts[0].Analysis, "Maya asked about the brownie") {
		t.Errorf("analysis = %q, want the model's briefing first", ts[0].Analysis)
	}
}

func TestBudgetHelpers(t *testing.T) {
	h := []Turn{{"customer", strings.Repeat("a", 320)}, {"assistant", strings.Repeat("b", 320)}, {"customer", "short"}}
	if got := fitHistory(h, 10); len(got) != 1 || got[0].Text != "short" {
		t.Errorf("fitHistory kept %+v, want only the last short turn", got)
	}
	if got := fitHistory(h, 10000); len(got) != 3 {
		t.Errorf("fitHistory dropped turns that fit")
	}
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Hello. World", 6},
		{"No end", 0},
		{"Price is 4.85 today", 0},
		{"Line\nnext", 5},
		{"Really?", 7},
	} {
		if got := lastBoundary(tc.in); got != tc.want {
			t.Errorf("lastBoundary(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestIdentify(t *testing.T) {
	for _, tc := range []struct {
		in        string
		phone     string
		ambiguous bool
		id        bool
	}{
		{in: "it's 555-010-2233", phone: "555-010-2233"},
		{in: "+1 (555) 010-2233", phone: "+1 (555) 010-2233"},
		{in: "5550102233", phone: "5550102233"},
		{in: "555.010.2233 please", phone: "555.010.2233"},
		{in: "my id is c1001", id: true},
		{in: "I am C1002", id: true},
		{in: "my number is 555-010-2233, also look at C1003", phone: "555-010-2233", id: true},
		{in: "555-010-2233 or 555-010-4455", ambiguous: true},
		{in: "555-010-2233, that's (555) 010-2233", phone: "555-010-2233"},
		{in: "no number here"},
		{in: "order 10482 was wrong"},
		{in: "card 4242 4242 4242 4242"},
	} {
		got := identify(tc.in)
		if got.phone != tc.phone || got.ambiguous != tc.ambiguous || got.customerID != tc.id {
			t.Errorf("identify(%q) = %+v, want phone %q ambiguous %v id %v", tc.in, got, tc.phone, tc.ambiguous, tc.id)
		}
	}
}

func TestSessionUnknownPhoneKeepsRequestPending(t *testing.T) {
	e := newEnv(t)
	s := NewSession(e.p, SessionOptions{})
	ctx := context.Background()
	if _, err := s.Send(ctx, "How many points do I have?", nil); err != nil {
		t.Fatal(err)
	}
	miss, err := s.Send(ctx, "555-999-0000", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !miss.NeedCustomer || !strings.Contains(miss.Answer, "couldn't find an account with 555-999-0000") {
		t.Fatalf("answer to an unknown number = %+v", miss)
	}
	if _, ok := s.Customer(); ok {
		t.Fatal("a customer was bound from an unknown number")
	}
	e.model.script("cafebot-tools",
		reply{calls: []llm.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}},
		reply{chunks: []string{"You have some points."}},
	)
	ok, err := s.Send(ctx, "sorry, 555-010-2233", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ok.ToolCalls) == 0 || ok.ToolCalls[0].Name != "get_loyalty_balance" {
		t.Errorf("the pending request did not run after the corrected number: %+v", ok.ToolCalls)
	}
}
