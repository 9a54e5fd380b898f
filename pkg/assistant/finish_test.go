package assistant

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/tools"
)

func TestFactsProblems(t *testing.T) {
	balance := tools.Result{Name: "get_loyalty_balance", Output: map[string]any{"balance_points": 2020, "as_of": "2026-11-27 10:00"}}
	refund := tools.Result{Name: "create_refund_request", Arguments: map[string]any{"order_id": "10481"},
		Output: map[string]any{"refund": map[string]any{"refund_id": "R2009", "amount": "4.50", "order_id": "10481", "status": "requested"}}}
	refused := tools.Result{Name: "create_refund_request", Arguments: map[string]any{"order_id": "10482"}, Error: "that order is not on this account", Refused: true}
	cancelAsk := tools.Result{Name: "cancel_catering_order", Output: map[string]any{"needs_confirmation": true, "catering_order": map[string]any{"catering_id": "CT-20452"}}}
	cust := &backend.Customer{ID: "C1001", Phone: "555-010-2233", Email: "maya@example.com"}
	for _, tc := range []struct {
		name  string
		calls []tools.Result
		text  string
		want  []string // the problems, in order; nil for none
	}{
		{"grounded balance", []tools.Result{balance}, "You have 2,020 points.", nil},
		{"typed figures", []tools.Result{balance}, "You have 99999 points and a $500.00 refund has been approved.",
			[]string{"amount $500.00", "points 99999", "id 99999", "figure 99999", "figure 500.00", "claim approved"}},
		{"claimed refund after a refusal", []tools.Result{refused}, "Done, refunded.", []string{"claim refunded"}},
		{"true refund", []tools.Result{refund}, "I've requested refund R2009 of $4.50 on order 10481.", nil},
		{"another id", []tools.Result{refund}, "Refund R2010 is on its way.", []string{"id R2010", "figure 2010"}},
		{"cancel awaiting confirmation", []tools.Result{cancelAsk}, "Catering order CT-20452 is cancelled.", []string{"claim cancelled"}},
		{"status from a tool", []tools.Result{refund}, "Your refund was requested today.", nil},
		{"the account's own phone", nil, "I have 555-010-2233 on file for you.", nil},
		{"rules from the config", nil, "Refunds over $50.00 need a manager; the window is 14 days.", nil},
		{"small counts pass", nil, "You can bring 3 friends.", nil},
		{"no tool, no claim", nil, "Submitted!", []string{"claim submitted"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := newFacts(tc.calls, cust, config.Default(), testNow).problems(tc.text)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("problems(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestHonestReply(t *testing.T) {
	for _, tc := range []struct {
		calls []tools.Result
		want  string
	}{
		{[]tools.Result{{Name: "create_refund_request", Arguments: map[string]any{"order_id": "10482"}, Error: "that order is not on this account", Refused: true}},
			"I couldn't refund order 10482: that order is not on this account."},
		{[]tools.Result{{Name: "cancel_catering_order", Arguments: map[string]any{"catering_id": "CT-1"}, Error: "that catering order is not on this account."}},
			"I couldn't cancel catering order CT-1: that catering order is not on this account."},
		{[]tools.Result{{Name: "get_loyalty_balance", Output: map[string]any{"balance_points": 2020}}},
			"You have 2020 Larkspur Rewards points."},
		{[]tools.Result{{Name: "nope", Invalid: true, Error: "unknown tool"}}, "I haven't been able to check or change anything"},
		{nil, "I haven't been able to check or change anything"},
	} {
		if got := honestReply(tc.calls); !strings.HasPrefix(got, tc.want) {
			t.Errorf("honestReply(%+v) = %q, want %q", tc.calls, got, tc.want)
		}
	}
}

func TestSmallTalk(t *testing.T) {
	for in, want := range map[string]string{
		"hi": helloReply, "Hello, good morning!": helloReply, "hey there": helloReply,
		"thanks": thanksReply, "thank you so much": thanksReply, "ok thanks, bye": byeReply,
	} {
		if got, ok := smallTalk(in); !ok || got != want {
			t.Errorf("smallTalk(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"hi, is the brownie vegan?", "thanks but my order is wrong", "good", "", "hello hello hello hello hello hello hello"} {
		if got, ok := smallTalk(in); ok {
			t.Errorf("smallTalk(%q) = %q, want no small talk", in, got)
		}
	}
}

func TestSmallTalkSkipsRetrievalAndModels(t *testing.T) {
	e := newEnv(t)
	ans, streamed, _ := e.ask(t, Request{Text: "hello, good morning"})
	if ans.Answer != helloReply || streamed != helloReply || ans.Model != "" || len(ans.Sources) != 0 {
		t.Errorf("answer = %+v", ans)
	}
	if len(e.search.queries) != 0 || len(e.model.calls) != 0 {
		t.Errorf("small talk searched %d times and asked %d models", len(e.search.queries), len(e.model.calls))
	}
}

func TestSelfHarmAlwaysWins(t *testing.T) {
	for _, text := range []string{
		"I want to kill myself tonight",
		"How many points do I have? I want to kill myself",
		"I will burn this place down and then kill myself",
		"my latte was cold and honestly I feel like ending it all",
	} {
		e := newEnv(t, func(c *config.Config) { c.Guard.CrisisLine = "Call Lifeline on 13 11 14." })
		ans, _, _ := e.ask(t, Request{Text: text, CustomerID: "C1001"})
		if !strings.Contains(ans.Answer, "Call Lifeline on 13 11 14.") || !strings.Contains(ans.Answer, "really sorry") {
			t.Errorf("%q: answer %q lacks the caring reply with the configured crisis line", text, ans.Answer)
		}
		if strings.Contains(ans.Answer, "988") {
			t.Errorf("%q: the default crisis line was given instead of the configured one", text)
		}
		tk, err := e.queue.Get(context.Background(), ans.HandoffID)
		if err != nil || tk.Category != "self_harm" || tk.Priority != handoff.PriorityUrgent {
			t.Errorf("%q: ticket %+v, %v; want an urgent self_harm ticket", text, tk, err)
		}
		if len(e.model.calls) != 0 {
			t.Errorf("%q reached a model", text)
		}
	}
}

func TestTicketFirstThenBriefing(t *testing.T) {
	e := newEnv(t)
	e.model.script("cafebot-faq", reply{chunks: []string{"Maya wants a manager about a refund."}})
	ans, _, _ := e.ask(t, Request{Text: "I want to speak to a manager right now", CustomerID: "C1001"})
	if ans.HandoffID == 0 {
		t.Fatalf("no ticket: %s", strings.Join(ans.Explanation, "; "))
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tk.Analysis, "Maya wants a manager") || !strings.Contains(tk.Analysis, "Checked facts: ") {
		t.Errorf("analysis = %q, want the briefing above the checked facts", tk.Analysis)
	}
}

func TestBriefingModelErrorKeepsTicket(t *testing.T) {
	e := newEnv(t)
	e.model.script("cafebot-faq", reply{err: errors.Join(errors.New("chat"), llm.ErrUnreachable)})
	s := NewSession(e.p, SessionOptions{})
	ctx := context.Background()
	if _, err := s.BindCustomer(ctx, "C1001"); err != nil {
		t.Fatal(err)
	}
	num, err := s.Handoff(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	id, _ := handoff.ParseNumber(num)
	tk, err := e.queue.Get(ctx, id)
	if err != nil || strings.TrimSpace(tk.Analysis) == "" {
		t.Fatalf("ticket %s = %+v, %v; want it stored with the checked facts", num, tk, err)
	}
}

func TestCtrlCDuringBriefingReturnsPromptly(t *testing.T) {
	e := newEnv(t)
	s := NewSession(e.p, SessionOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	e.model.script("cafebot-faq", reply{chunks: []string{"The customer "}, block: true, ctrlC: cancel})
	if _, err := s.BindCustomer(ctx, "C1001"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	num, err := s.Handoff(ctx, "customer asked for the manager")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("handoff took %v after Ctrl-C, want it to return promptly", took)
	}
	if err != nil || num == "" {
		t.Fatalf("handoff = %q, %v; want the ticket filed before the briefing", num, err)
	}
	id, _ := handoff.ParseNumber(num)
	if _, err := e.queue.Get(context.Background(), id); err != nil {
		t.Errorf("ticket %s is missing: %v", num, err)
	}
}

func TestAddBriefingReplacesTheBriefingOnly(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := handoff.Case{Category: "staff_request", Reason: "r", Transcript: []handoff.Turn{{Role: "customer", Text: "hi"}}}
	tk, err := e.queue.Create(ctx, c.Ticket())
	if err != nil {
		t.Fatal(err)
	}
	facts := tk.Analysis
	for _, b := range []string{"first briefing", "second briefing"} {
		if err := e.queue.AddBriefing(ctx, tk.ID, b); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.queue.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "second briefing\n\nChecked facts: " + facts; got.Analysis != want {
		t.Errorf("analysis = %q, want %q", got.Analysis, want)
	}
	if err := e.queue.AddBriefing(ctx, 999999, "x"); !errors.Is(err, handoff.ErrNotFound) {
		t.Errorf("AddBriefing on a missing ticket = %v, want ErrNotFound", err)
	}
}

func TestFailedSaveIsReportedAndRetried(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	db := e.db
	convs, err := conversation.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(e.p, SessionOptions{Store: convs})
	if _, err := s.Send(ctx, "hi", nil); err != nil {
		t.Fatal(err)
	}
	// The disk fills up: every message insert fails.
	if _, err := db.ExecContext(ctx, `CREATE TRIGGER full BEFORE INSERT ON conversation_messages BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	ans, err := s.Send(ctx, "thanks", nil)
	if err != nil {
		t.Fatalf("a failed save ended the turn: %v", err)
	}
	if ans.Answer != thanksReply || !strings.Contains(ans.Notice, "could not be saved") || s.Unsaved() != 2 {
		t.Fatalf("answer %q, notice %q, %d unsaved; want the reply, a notice and both messages kept", ans.Answer, ans.Notice, s.Unsaved())
	}
	if _, err := db.ExecContext(ctx, `DROP TRIGGER full`); err != nil {
		t.Fatal(err)
	}
	if ans, err := s.Send(ctx, "bye", nil); err != nil || ans.Notice != "" || s.Unsaved() != 0 {
		t.Fatalf("after the disk recovered: notice %q, err %v, %d unsaved", ans.Notice, err, s.Unsaved())
	}
	conv, err := convs.Get(ctx, s.ID())
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, m := range conv.Messages {
		texts = append(texts, m.Text)
	}
	want := []string{"hi", helloReply, "thanks", thanksReply, "bye", byeReply}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("saved %q, want %q in order", texts, want)
	}
}

func TestUnsavedTurnsStayWithTheirCustomer(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	convs, err := conversation.Open(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSession(e.p, SessionOptions{Store: convs})
	if _, err := s.BindCustomer(ctx, "C1001"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ExecContext(ctx, `CREATE TRIGGER full BEFORE INSERT ON conversations BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`); err != nil {
		t.Fatal(err)
	}
	if ans, err := s.Send(ctx, "hi", nil); err != nil || !strings.Contains(ans.Notice, "could not be saved") {
		t.Fatalf("notice %q, err %v", ans.Notice, err)
	}
	if _, err := s.BindCustomer(ctx, "C1002"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ExecContext(ctx, `DROP TRIGGER full`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Send(ctx, "thanks", nil); err != nil {
		t.Fatal(err)
	}
	ss, err := convs.List(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, sum := range ss {
		c, err := convs.Get(ctx, sum.ID)
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, m := range c.Messages {
			texts = append(texts, m.Text)
		}
		got[c.CustomerID] = strings.Join(texts, "|")
	}
	if want := "hi|" + helloReply; got["C1001"] != want {
		t.Errorf("C1001's conversation = %q, want %q", got["C1001"], want)
	}
	if want := "thanks|" + thanksReply; got["C1002"] != want {
		t.Errorf("C1002's conversation = %q, want %q", got["C1002"], want)
	}
}

func TestCtrlCDuringAnswerBriefingKeepsTicketAndAnswer(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	e.model.script("cafebot-faq", reply{chunks: []string{"The customer "}, block: true, ctrlC: cancel})
	var shown strings.Builder
	start := time.Now()
	ans, err := e.p.Ask(ctx, Request{Text: "I want to speak to a manager right now", CustomerID: "C1001"}, func(ev Event) {
		if ev.Kind == EventToken {
			shown.WriteString(ev.Text)
		}
	})
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("Ask took %v after Ctrl-C in the briefing, want it to return promptly", took)
	}
	if err != nil || ans.HandoffID == 0 || !strings.Contains(shown.String(), "ticket number is") {
		t.Fatalf("err %v, ticket %d, shown %q; want the ticket and its number shown before the briefing", err, ans.HandoffID, shown.String())
	}
	if _, err := e.queue.Get(context.Background(), ans.HandoffID); err != nil {
		t.Errorf("ticket %d is missing: %v", ans.HandoffID, err)
	}
}
