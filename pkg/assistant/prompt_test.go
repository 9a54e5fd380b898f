package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/cafebot/cafebot/knowledge"
	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// promptCharsPerToken is the tokenizer approximation the prompt budgets
// are asserted with: about 4 characters per token, the usual figure for
// English with Llama 3 and Qwen 2.5's BPE vocabularies, on the prompt as
// Ollama renders it (system prompt, the tools' JSON schemas, template
// markers and messages). The real counts from Ollama are measured by
// TestRealPromptTokens.
const promptCharsPerToken = 4.0

func approxTokens(s string) int { return int(float64(len(s))/promptCharsPerToken + 0.999) }

// renderPrompt renders a chat request the way Ollama v0.6.5 does for the
// tools role: its bundled Qwen 2.5 ChatML template (models/tools.template),
// executed as Ollama's template package executes it (system messages
// joined by a blank line into .System, consecutive messages of one role
// merged, the tools as Ollama's own wire types), so the tools' JSON
// follows the system prompt exactly as the model sees it. The FAQ model's
// Llama 3 template differs only in its few role markers.
func renderPrompt(t testing.TB, req llm.ChatRequest) string {
	t.Helper()
	tmpl, err := template.New("").Option("missingkey=zero").Funcs(template.FuncMap{
		"json": func(v any) string { b, _ := json.Marshal(v); return string(b) },
	}).Parse(modelfiles.Template("tools"))
	if err != nil {
		t.Fatal(err)
	}
	var msgs []api.Message
	for _, m := range req.Messages {
		am := api.Message{Role: m.Role, Content: m.Content}
		for _, c := range m.ToolCalls {
			var tc api.ToolCall
			tc.Function.Name = c.Name
			tc.Function.Arguments = c.Arguments
			am.ToolCalls = append(am.ToolCalls, tc)
		}
		msgs = append(msgs, am)
	}
	// Ollama's collate.
	var system []string
	var collated []*api.Message
	for i := range msgs {
		m := msgs[i]
		if m.Role == "system" {
			system = append(system, m.Content)
		}
		if n := len(collated); n > 0 && collated[n-1].Role == m.Role {
			collated[n-1].Content += "\n\n" + m.Content
		} else {
			collated = append(collated, &m)
		}
	}
	var b strings.Builder
	err = tmpl.Execute(&b, map[string]any{
		"System": strings.Join(system, "\n\n"), "Messages": collated, "Tools": llm.WireTools(req.Tools), "Response": "",
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// promptCase is one customer message and the route it should take.
type promptCase struct {
	name, text, model string
	customer          bool
}

var promptCases = []promptCase{
	{"transactional/balance", "How many points do I have?", "tools", true},
	{"transactional/refund", "I was charged twice for order 10482, can I get a refund?", "tools", true},
	{"transactional/catering", "Can I cancel my catering order?", "tools", true},
	{"transactional/history", "Show me my last orders", "tools", true},
	{"transactional/lookups", "Can you change the email on my account to a new one?", "tools", true},
	{"faq", "Is the killer brownie gluten free?", "faq", false},
}

// firstPrompt runs c through a pipeline over fakes and returns the first
// request the model got.
func firstPrompt(t *testing.T, c promptCase) llm.ChatRequest {
	t.Helper()
	e := newEnv(t)
	model := e.cfg.Models.FAQ
	if c.model == "tools" {
		model = e.cfg.Models.Tools
		e.model.script(model, reply{chunks: []string{"Could you tell me the order number?"}})
	} else {
		e.model.script(model, reply{chunks: []string{"No, it contains wheat flour."}})
	}
	req := Request{Text: c.text}
	if c.customer {
		req.CustomerID = "C1001"
	}
	e.ask(t, req)
	reqs := e.model.requests(model)
	if len(reqs) == 0 {
		t.Fatalf("%s: the model was not asked", c.name)
	}
	return reqs[0]
}

// TestPromptTokenBudgets holds every route's first prompt to its budget:
// at most 700 tokens for a transactional request (system prompt, the tools
// its sub-intent needs, the customer's message), at most 800 for an FAQ
// answer with its passages.
func TestPromptTokenBudgets(t *testing.T) {
	for _, c := range promptCases {
		t.Run(c.name, func(t *testing.T) {
			req := firstPrompt(t, c)
			n := approxTokens(renderPrompt(t, req))
			limit := 800
			if c.model == "tools" {
				limit = 700
			}
			t.Logf("PROMPT %-24s %5d tokens, %2d tools", c.name, n, len(req.Tools))
			if n > limit {
				t.Errorf("%s: first prompt is %d tokens, budget %d", c.name, n, limit)
			}
		})
	}
}

// TestTransactionalToolsPerSubIntent: the gate's sub-intent picks the
// tools each request is offered; one the table has no tools for gets the
// read-only look-ups, never none.
func TestTransactionalToolsPerSubIntent(t *testing.T) {
	lookups := []string{"get_loyalty_balance", "list_recent_orders", "get_refund_status", "list_catering_orders"}
	tests := []struct {
		text, sub string
		want      []string
	}{
		{"How many points do I have?", "balance", []string{"get_loyalty_balance", "get_loyalty_history", "credit_missing_points"}},
		{"My top-up bonus points are missing", "balance", []string{"get_loyalty_balance", "get_loyalty_history", "credit_missing_points"}},
		{"I was charged twice for order 10482, can I get a refund?", "refund", []string{"list_recent_orders", "create_refund_request", "get_refund_status"}},
		{"what's happening with my refund?", "refund", []string{"list_recent_orders", "create_refund_request", "get_refund_status"}},
		{"Can I cancel my catering order?", "catering", []string{"list_catering_orders", "submit_catering_order", "cancel_catering_order"}},
		{"Show me my last orders", "history", []string{"get_loyalty_history", "list_recent_orders", "get_order"}},
		{"Can you change the email on my account to a new one?", "account", lookups},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e := newEnv(t)
			e.model.script(e.cfg.Models.Tools, reply{chunks: []string{"Could you tell me a bit more?"}})
			ans, _, _ := e.ask(t, Request{Text: tt.text, CustomerID: "C1001"})
			if ans.Route != RouteTransactional {
				t.Fatalf("route %s, want transactional", ans.Route)
			}
			if want := fmt.Sprintf("sub-intent %q", tt.sub); !strings.Contains(strings.Join(ans.Explanation, "\n"), want) {
				t.Errorf("explanation does not name %s:\n%s", want, strings.Join(ans.Explanation, "\n"))
			}
			reqs := e.model.requests(e.cfg.Models.Tools)
			if len(reqs) == 0 {
				t.Fatal("the tool model was not asked")
			}
			var got []string
			for _, tool := range reqs[0].Tools {
				got = append(got, tool.Name)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("tools offered %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTransactionalPrefixIsByteIdentical: two different requests of one
// sub-intent, by different customers at different times, send the same
// bytes up to the first customer turn (system prompt, then tools), so
// Ollama can reuse its evaluated prompt; the system prompt is the tools
// Modelfile's, byte for byte.
func TestTransactionalPrefixIsByteIdentical(t *testing.T) {
	first := func(t *testing.T, now time.Time, customer, text string) (string, llm.ChatRequest) {
		e := newEnv(t)
		e.p = New(Deps{Config: e.cfg, Index: e.search, Model: e.model, Backend: e.store, Handoffs: e.queue, Now: func() time.Time { return now }})
		e.model.script(e.cfg.Models.Tools, reply{chunks: []string{"Could you tell me a bit more?"}})
		e.ask(t, Request{Text: text, CustomerID: customer})
		req := e.model.requests(e.cfg.Models.Tools)[0]
		return renderPrompt(t, req), req
	}
	a, reqA := first(t, testNow, "C1001", "How many points do I have?")
	b, reqB := first(t, testNow.Add(26*time.Hour+17*time.Minute), "C1002", "My top-up bonus points are missing")
	if a == b {
		t.Fatal("the two prompts are identical: the test compares nothing")
	}
	cut := "<|im_start|>user\n"
	pa, pb := a[:strings.Index(a, cut)], b[:strings.Index(b, cut)]
	if pa != pb {
		t.Fatalf("prefixes differ:\n%s\n----\n%s", pa, pb)
	}
	if !strings.HasPrefix(reqA.Messages[0].Content, modelfiles.System("tools")) || reqA.Messages[0].Content != reqB.Messages[0].Content {
		t.Errorf("system message is not the Modelfile's prompt plus fixed rules:\n%s", reqA.Messages[0].Content)
	}
	for _, s := range []string{"Maya", "Now:", "2026"} {
		if strings.Contains(pa, s) {
			t.Errorf("the fixed prefix carries %q", s)
		}
	}
	if len(pa) < 1000 {
		t.Errorf("prefix is only %d bytes: the tools are not in it", len(pa))
	}
	t.Logf("fixed prefix: %d of %d bytes (~%d of %d tokens)", len(pa), len(a), approxTokens(pa), approxTokens(a))
}

// faqQuestions are FAQ-route questions over the bundled knowledge base,
// for the FAQ prompt budget. They were written before the passage
// trimming and are not tuned to it.
var faqQuestions = []string{
	"Is the killer brownie gluten free?",
	"What time does Harbour Street open on Sunday?",
	"What is your refund policy?",
	"Do you have oat milk?",
	"Can I bring my dog inside?",
	"Is there parking at Riverside Campus?",
	"Do you sell gift cards?",
	"How much notice do you need for catering?",
}

// bundledIndex is the bundled knowledge base, ingested for lexical search.
func bundledIndex(t *testing.T) *retrieval.Index {
	t.Helper()
	ix := retrieval.New(t.TempDir())
	if _, err := ix.IngestFS(context.Background(), knowledge.FS(), "bundled", retrieval.IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	return ix
}

// TestFAQPromptBudget holds the FAQ prompt over the bundled knowledge base
// (system prompt, the best passages trimmed to their relevant sentences,
// the question) to 800 tokens.
func TestFAQPromptBudget(t *testing.T) {
	ix := bundledIndex(t)
	total, most := 0, 0
	firstPrefix := ""
	for _, q := range faqQuestions {
		t.Run(q, func(t *testing.T) {
			e := newEnv(t)
			e.p = New(Deps{Config: e.cfg, Index: ix, Model: e.model, Backend: e.store, Handoffs: e.queue, Now: func() time.Time { return testNow }})
			e.model.script(e.cfg.Models.FAQ, reply{chunks: []string{"Here is what the documents say."}})
			ans, _, _ := e.ask(t, Request{Text: q})
			reqs := e.model.requests(e.cfg.Models.FAQ)
			if ans.Route != RouteFAQ || len(reqs) == 0 {
				t.Fatalf("route %s with %d FAQ requests, want the FAQ model asked", ans.Route, len(reqs))
			}
			rendered := renderPrompt(t, reqs[0])
			n := approxTokens(rendered)
			if sys := reqs[0].Messages[0]; sys.Role != "system" || sys.Content != modelfiles.System("faq") {
				t.Errorf("the FAQ system message is not the faq Modelfile's SYSTEM, byte for byte:\n%s", sys.Content)
			}
			prefix := rendered[:strings.Index(rendered, "<|im_start|>user\n")]
			if firstPrefix == "" {
				firstPrefix = prefix
			} else if prefix != firstPrefix {
				t.Errorf("the FAQ prompt's fixed prefix differs between questions:\n%s\n----\n%s", prefix, firstPrefix)
			}
			total += n
			most = max(most, n)
			t.Logf("PROMPT faq %-48q %4d tokens, %d passages", q, n, len(ans.Sources))
			if n > 800 {
				t.Errorf("FAQ prompt is %d tokens, budget 800", n)
			}
		})
	}
	t.Logf("PROMPT faq mean %d, max %d tokens over %d questions", total/len(faqQuestions), most, len(faqQuestions))
}
