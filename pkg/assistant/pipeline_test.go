package assistant

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

func TestFAQAnswerStreamsWithSources(t *testing.T) {
	e := newEnv(t)
	e.model.script("cafebot-faq", reply{chunks: []string{"No, the killer brownie ", "contains wheat. ", "[menu/dietary-guide.md]"}})
	ans, streamed, events := e.ask(t, Request{Text: "Is the killer brownie gluten free?"})

	if ans.Route != RouteFAQ || ans.Model != "cafebot-faq" || ans.Intent != "faq" {
		t.Fatalf("route/model/intent = %s/%s/%s, want faq/cafebot-faq/faq", ans.Route, ans.Model, ans.Intent)
	}
	want := "No, the killer brownie contains wheat. [menu/dietary-guide.md]"
	if ans.Answer != want || streamed != want {
		t.Errorf("answer = %q, streamed = %q, want %q", ans.Answer, streamed, want)
	}
	if len(ans.Sources) != 3 || ans.Sources[0].Source != "menu/dietary-guide.md" {
		t.Errorf("sources = %+v", ans.Sources)
	}
	if events[0].Kind != EventStatus && events[0].Kind != EventDecision {
		t.Errorf("first event kind = %v, want the decision or a status before any token", events[0].Kind)
	}
	req := e.model.requests("cafebot-faq")[0]
	if req.NumCtx != 4096 {
		t.Errorf("num_ctx = %d, want the Modelfile's 4096", req.NumCtx)
	}
	if req.KeepAlive != e.cfg.Ollama.KeepAlive.D() {
		t.Errorf("keep_alive = %v, want the FAQ model kept resident (%v)", req.KeepAlive, e.cfg.Ollama.KeepAlive.D())
	}
	user := req.Messages[len(req.Messages)-1].Content
	if !strings.Contains(user, "[1] menu/dietary-guide.md › Gluten") || !strings.Contains(user, "Customer's message: Is the killer brownie gluten free?") {
		t.Errorf("prompt does not carry the numbered passages and the question:\n%s", user)
	}
	if req.Messages[0].Role != "system" || !strings.Contains(req.Messages[0].Content, "ONLY from the numbered context") {
		t.Errorf("system prompt is not the FAQ Modelfile's: %q", req.Messages[0].Content)
	}
	if ans.Timings.Total <= 0 && ans.Timings.FirstToken < 0 {
		t.Errorf("timings = %+v", ans.Timings)
	}
}

func TestFAQBelowThresholdDoesNotImprovise(t *testing.T) {
	e := newEnv(t)
	e.search.hits = []retrieval.Hit{{Source: "info/careers.md", Text: "We hire baristas.", Relevance: 0.05}}
	ans, _, _ := e.ask(t, Request{Text: "What are the opening hours of the museum next door?"})
	if ans.Model != "" || len(e.model.calls) != 0 {
		t.Fatalf("a model was asked (%q, %d calls) though nothing relevant was found", ans.Model, len(e.model.calls))
	}
	if ans.Answer != notCovered && ans.Answer != clarifyingQuestion {
		t.Errorf("answer = %q", ans.Answer)
	}
	if len(ans.Sources) != 0 {
		t.Errorf("sources = %+v, want none", ans.Sources)
	}
}

func TestUnsureAndNothingRelevantAsksToClarify(t *testing.T) {
	e := newEnv(t)
	e.search.hits = nil
	ans, _, _ := e.ask(t, Request{Text: "hmm"})
	if !ans.Unsure {
		t.Skipf("the gate is sure about %q (%s %.2f)", "hmm", ans.Intent, ans.Confidence)
	}
	if ans.Answer != clarifyingQuestion || ans.Route != RouteFAQ {
		t.Errorf("answer = %q via %s, want the clarifying question via faq", ans.Answer, ans.Route)
	}
}

func TestOllamaDownGivesRetrievalOnlyAnswer(t *testing.T) {
	for _, down := range []error{
		errors.Join(errors.New("chat cafebot-faq"), llm.ErrUnreachable),
		errors.Join(errors.New("chat cafebot-faq"), llm.ErrModelNotFound),
	} {
		e := newEnv(t)
		e.model.down = down
		ans, streamed, _ := e.ask(t, Request{Text: "Is the killer brownie gluten free?"})
		if !ans.Fallback || ans.Model != "" {
			t.Fatalf("fallback = %v model = %q, want a retrieval-only answer", ans.Fallback, ans.Model)
		}
		if !strings.Contains(ans.Answer, "killer brownie contains wheat") || !strings.Contains(ans.Answer, "menu/dietary-guide.md") {
			t.Errorf("answer does not quote the best passage with its source:\n%s", ans.Answer)
		}
		if streamed != ans.Answer {
			t.Errorf("streamed %q, answer %q", streamed, ans.Answer)
		}
		if !strings.Contains(ans.Notice, "retrieval-only") || !strings.Contains(ans.Notice, "cafebot models setup") && !strings.Contains(ans.Notice, "ollama serve") {
			t.Errorf("notice = %q, want a hint", ans.Notice)
		}
	}
}

func TestContextBudgetDropsLowestRankedPassages(t *testing.T) {
	e := newEnv(t)
	e.model.numCtx["cafebot-faq"] = 1100
	// One long sentence: trimming to the relevant sentences (trim.go)
	// cannot shorten it, so only the window budget can drop passages.
	long := strings.Repeat("oat milk is 0.70 extra and almond milk is 0.80 extra, ", 20) + "every day."
	e.search.hits = []retrieval.Hit{
		{Source: "a.md", Text: long, Relevance: 0.9},
		{Source: "b.md", Text: long, Relevance: 0.8},
		{Source: "c.md", Text: long, Relevance: 0.7},
	}
	e.model.script("cafebot-faq", reply{chunks: []string{"Oat milk is 70 cents."}}, reply{chunks: []string{"Yes."}})
	ans, _, _ := e.ask(t, Request{Text: "How much is oat milk?"})
	if len(ans.Sources) == 0 || len(ans.Sources) == 3 {
		t.Fatalf("kept %d passages, want some dropped", len(ans.Sources))
	}
	if ans.Sources[0].Source != "a.md" {
		t.Errorf("kept %v, want the highest-ranked first", ans.Sources)
	}
	if !slices.ContainsFunc(ans.Explanation, func(s string) bool { return strings.Contains(s, "dropped the") }) {
		t.Errorf("explanation does not say passages were dropped: %q", ans.Explanation)
	}
	e.ask(t, Request{Text: "How much is oat milk?"})
	reqs := e.model.requests("cafebot-faq")
	if reqs[0].NumCtx != 1100 || reqs[1].NumCtx != 1100 {
		t.Errorf("num_ctx = %d then %d, want 1100 both times", reqs[0].NumCtx, reqs[1].NumCtx)
	}
	prompt := 0
	for _, m := range reqs[0].Messages {
		prompt += estimateTokens(m.Content) + perMessageTokens
	}
	if prompt > 1100-replyReserve {
		t.Errorf("prompt ~%d tokens does not leave %d for the reply in 1100", prompt, replyReserve)
	}
}

func TestComplaintUsesEmpatheticPromptAndPolicy(t *testing.T) {
	e := newEnv(t)
	e.search.hits = []retrieval.Hit{{Source: "policies/refunds.md", Section: "Remakes", Text: "If your drink is not right, we remake it free on the spot.", Relevance: 0.7}}
	e.model.script("cafebot-faq", reply{chunks: []string{"I'm sorry your latte was cold. We'll remake it free right away."}})
	ans, _, _ := e.ask(t, Request{Text: "My latte was cold and the barista was rude, really disappointing"})
	if ans.Route != RouteComplaint {
		t.Fatalf("route = %s (intent %s), want complaint", ans.Route, ans.Intent)
	}
	sys := e.model.requests("cafebot-faq")[0].Messages[0].Content
	if !strings.Contains(sys, "Never promise") {
		t.Errorf("system prompt is not the complaint prompt: %q", sys)
	}
	if len(e.search.queries) < 2 {
		t.Errorf("queries = %q, want the message and the policy", e.search.queries)
	}
}

func TestTransactionalWithoutCustomerAsksForPhone(t *testing.T) {
	e := newEnv(t)
	ans, _, _ := e.ask(t, Request{Text: "How many points do I have?"})
	if ans.Route != RouteTransactional || !ans.NeedCustomer {
		t.Fatalf("route = %s need_customer = %v", ans.Route, ans.NeedCustomer)
	}
	if len(e.model.calls) != 0 {
		t.Errorf("the tool model was called %d times without a customer", len(e.model.calls))
	}
	if !strings.Contains(strings.ToLower(ans.Answer), "phone") {
		t.Errorf("answer = %q, want a request for the phone number", ans.Answer)
	}
}

func TestTopUpStoryCreditsFortyPointsOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	before, err := e.store.Balance(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		e.model.script("cafebot-tools",
			reply{calls: []llm.ToolCall{{Name: "credit_missing_points", Arguments: map[string]any{}}}},
			reply{chunks: []string{"Done! I've added the missing bonus points."}},
		)
		ans, _, _ := e.ask(t, Request{Text: "My top-up didn't give me my bonus points", CustomerID: "C1001"})
		if ans.Route != RouteTransactional || ans.Model != "cafebot-tools" {
			t.Fatalf("run %d: route = %s model = %s", i, ans.Route, ans.Model)
		}
		if len(ans.ToolCalls) == 0 || ans.ToolCalls[0].Name != "credit_missing_points" {
			t.Fatalf("run %d: tool calls = %+v", i, ans.ToolCalls)
		}
	}
	after, err := e.store.Balance(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	if after-before != 40 {
		t.Errorf("balance went from %d to %d, want exactly 40 more after two identical requests", before, after)
	}
}

func TestSafetyEscalationGoesToPersonWithoutModel(t *testing.T) {
	e := newEnv(t)
	ans, _, _ := e.ask(t, Request{Text: "I found a piece of glass in my sandwich and cut my mouth"})
	if ans.Intent != "escalation" || ans.Route != RouteHandoff || !ans.Escalated {
		t.Fatalf("intent/route/escalated = %s/%s/%v", ans.Intent, ans.Route, ans.Escalated)
	}
	if len(e.model.calls) != 0 {
		t.Errorf("a model was called for a safety case")
	}
	if ans.HandoffID == 0 {
		t.Fatal("no ticket")
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Priority != handoff.PriorityUrgent || tk.Category != "safety" {
		t.Errorf("ticket priority/category = %s/%s, want urgent/safety", tk.Priority, tk.Category)
	}
	if !strings.Contains(ans.Answer, tk.Number()) {
		t.Errorf("answer %q does not give the ticket number %s", ans.Answer, tk.Number())
	}
}

func TestMultiIssueGoesToLargeModel(t *testing.T) {
	e := newEnv(t)
	e.model.script("cafebot-escalation", reply{chunks: []string{"I'm sorry about all three problems. Here is what we'll do."}})
	ans, _, _ := e.ask(t, Request{Text: "First my order was wrong, then I waited 40 minutes, and now the app charged me twice and nobody answers my emails"})
	if ans.Intent != "escalation" {
		t.Skipf("the gate labels this %s (%s); multi-issue routing is covered by the gate's own set", ans.Intent, strings.Join(ans.Cues, ","))
	}
	if ans.Route != RouteEscalation || ans.Model != "cafebot-escalation" {
		t.Fatalf("route/model = %s/%s, want escalation/cafebot-escalation", ans.Route, ans.Model)
	}
	if req := e.model.requests("cafebot-escalation")[0]; req.KeepAlive != 0 {
		t.Errorf("escalation keep_alive = %v, want Ollama's default (not kept resident)", req.KeepAlive)
	}
}

func TestFlaggedInputNeverReachesAModel(t *testing.T) {
	e := newEnv(t)
	ans, _, _ := e.ask(t, Request{Text: "I will kill you and burn this place down"})
	if !ans.Flagged || ans.Route != RouteHandoff || ans.HandoffID == 0 {
		t.Fatalf("flagged/route/ticket = %v/%s/%d", ans.Flagged, ans.Route, ans.HandoffID)
	}
	if len(e.model.calls) != 0 {
		t.Errorf("%d model calls for a flagged message", len(e.model.calls))
	}
}

func TestFlaggedDraftIsWithheld(t *testing.T) {
	e := newEnv(t)
	e.model.script("cafebot-faq", reply{chunks: []string{"Sure. ", "The card on file is 4111 1111 1111 1111. ", "Anything else?"}})
	ans, streamed, _ := e.ask(t, Request{Text: "Is the killer brownie gluten free?"})
	if !ans.Flagged || ans.HandoffID == 0 || ans.Route != RouteHandoff {
		t.Fatalf("flagged/ticket/route = %v/%d/%s", ans.Flagged, ans.HandoffID, ans.Route)
	}
	if strings.Contains(streamed, "4111") || strings.Contains(ans.Answer, "4111") {
		t.Errorf("the card number was shown: streamed %q, answer %q", streamed, ans.Answer)
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	// Staff see the withheld draft, but never a full card number.
	if !strings.Contains(tk.Draft, "The card on file is [card ending 1111]") || strings.Contains(tk.Draft, "4111 1111") {
		t.Errorf("ticket draft = %q, want the withheld draft for the person with the card masked", tk.Draft)
	}
}

func TestCancelStopsGeneration(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	e.model.script("cafebot-faq", reply{chunks: []string{"The brownie "}, block: true, ctrlC: cancel})
	ans, err := e.p.Ask(ctx, Request{Text: "Is the killer brownie gluten free?"}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if ans.Notice != "generation cancelled" {
		t.Errorf("notice = %q", ans.Notice)
	}
}

func TestStrategiesPickTheModel(t *testing.T) {
	for _, tc := range []struct {
		strategy Strategy
		model    string
	}{
		{StrategySmallOnly, "cafebot-faq"},
		{StrategyLargeOnly, "cafebot-escalation"},
	} {
		t.Run(string(tc.strategy), func(t *testing.T) {
			e := newEnv(t)
			e.model.script(tc.model, reply{chunks: []string{"Answer."}})
			ans, _, _ := e.ask(t, Request{Text: "How many points do I have?", CustomerID: "C1001", Strategy: tc.strategy})
			if ans.Model != tc.model {
				t.Errorf("model = %s, want %s", ans.Model, tc.model)
			}
		})
	}
}

func TestRisingFrustrationAlertsStaff(t *testing.T) {
	e := newEnv(t, func(c *config.Config) { c.Guard.FrustrationEscalate = 0.5 })
	e.model.script("cafebot-faq",
		reply{chunks: []string{"I'm sorry. We'll remake it."}},
		reply{chunks: []string{"Customer's order was wrong for the third time and they are angry."}},
	)
	ans, _, _ := e.ask(t, Request{
		Text:             "This is the THIRD time my order is wrong!!! Nobody ever listens, unacceptable",
		PriorFrustration: []float64{0.2, 0.4},
	})
	if !ans.Escalated || ans.HandoffID == 0 {
		t.Fatalf("escalated = %v ticket = %d (frustration %.2f)", ans.Escalated, ans.HandoffID, ans.Frustration)
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tk.Analysis, "Customer's order was wrong for the third time") || !strings.Contains(tk.Analysis, "Checked facts: ") {
		t.Errorf("analysis = %q, want the model's briefing above the checked facts", tk.Analysis)
	}
	prompt := e.model.requests("cafebot-faq")[1].Messages[0].Content
	if !strings.Contains(prompt, "THIRD time my order is wrong") || !strings.Contains(prompt, "never as instructions") {
		t.Errorf("analysis prompt lacks the transcript or its framing:\n%s", prompt)
	}
	if !strings.Contains(ans.Answer, "check in with you") {
		t.Errorf("answer does not tell the customer a person will check in: %q", ans.Answer)
	}
}

func TestHandoffAnalysisFallsBackToCheckedFacts(t *testing.T) {
	e := newEnv(t)
	e.model.down = errors.Join(errors.New("chat cafebot-faq"), llm.ErrUnreachable)
	ans, _, _ := e.ask(t, Request{Text: "I want to speak to a manager please"})
	if ans.HandoffID == 0 {
		t.Fatalf("no ticket: %+v", ans)
	}
	tk, err := e.queue.Get(context.Background(), ans.HandoffID)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Analysis == "" || strings.Contains(tk.Analysis, "Checked facts: ") {
		t.Errorf("analysis = %q, want the checked facts alone when no model answers", tk.Analysis)
	}
}
