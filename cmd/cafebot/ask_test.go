package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// newFakeOllama serves every role model; each role model answers with a
// line that names it, and the tools model calls the balance tool first.
func newFakeOllama(t *testing.T) *ollamatest.Fake {
	f := ollamatest.NewFake(t)
	for _, m := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation", "cafebot-guard"} {
		f.AddModel(m, ollamatest.NumCtx(4096))
	}
	f.AddModel("cafebot-embed", ollamatest.Embedding(), ollamatest.EmbeddingDim(384))
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		switch req.Model {
		case "cafebot-tools:latest", "cafebot-tools":
			if last := req.Messages[len(req.Messages)-1]; last.Role != "tool" {
				return ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}}
			}
			return ollamatest.Reply{Chunks: []string{"You have ", "plenty of points."}}
		default:
			return ollamatest.Reply{Chunks: []string{"Answer from ", req.Model, "."}}
		}
	})
	return f
}

type askJSON struct {
	Question   string  `json:"question"`
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
	Route      string  `json:"route"`
	Model      string  `json:"model"`
	Answer     string  `json:"answer"`
	Sources    []struct {
		Source, Section string
		Score           float64
	} `json:"sources"`
	Fallback  bool  `json:"fallback"`
	Escalated bool  `json:"escalated"`
	Flagged   bool  `json:"flagged"`
	HandoffID int64 `json:"handoff_id"`
	ToolCalls []struct {
		Name string `json:"name"`
	} `json:"tool_calls"`
	Timings map[string]float64 `json:"timings_ms"`
}

func decodeAsk(t *testing.T, s string) askJSON {
	t.Helper()
	var a askJSON
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		t.Fatalf("%v\n%s", err, s)
	}
	return a
}

func TestAskRoutesEachLabelToItsModel(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))

	tests := []struct {
		q, customer          string
		intent, route, model string
		tool                 string
		handoff              bool
	}{
		{q: "Is the killer brownie gluten free?", intent: "faq", route: "faq", model: "cafebot-faq"},
		{q: "How many points do I have?", customer: "C1001", intent: "transactional", route: "transactional", model: "cafebot-tools", tool: "get_loyalty_balance"},
		{q: "My flat white was cold and the table was dirty, not happy", intent: "complaint", route: "complaint", model: "cafebot-faq"},
		{q: "I want to speak to a manager right now", intent: "escalation", route: "handoff", handoff: true},
	}
	for _, tc := range tests {
		t.Run(tc.intent, func(t *testing.T) {
			args := []string{"ask", "--json"}
			if tc.customer != "" {
				args = append(args, "--customer", tc.customer)
			}
			a := decodeAsk(t, c.ok(append(args, tc.q)...).out)
			if a.Intent != tc.intent || a.Route != tc.route || a.Model != tc.model {
				t.Errorf("intent/route/model = %s/%s/%s, want %s/%s/%s", a.Intent, a.Route, a.Model, tc.intent, tc.route, tc.model)
			}
			if tc.tool != "" && (len(a.ToolCalls) == 0 || a.ToolCalls[0].Name != tc.tool) {
				t.Errorf("tool calls = %+v, want %s", a.ToolCalls, tc.tool)
			}
			if tc.handoff != (a.HandoffID != 0) || tc.handoff != a.Escalated {
				t.Errorf("handoff_id = %d escalated = %v, want handoff %v", a.HandoffID, a.Escalated, tc.handoff)
			}
			if a.Model != "" && !strings.Contains(a.Answer, "Answer from") && tc.tool == "" {
				t.Errorf("answer = %q, want the model's streamed text", a.Answer)
			}
			if a.Route == "faq" && len(a.Sources) == 0 {
				t.Error("faq answer without sources")
			}
		})
	}
	// The gate decided every label without a model: only the routed models
	// were asked, and each request to one model carried the same num_ctx.
	ctxs := map[string]int{}
	for _, r := range f.Requests() {
		if prev, ok := ctxs[r.Model]; ok && prev != r.NumCtx() {
			t.Errorf("%s asked with num_ctx %d and %d", r.Model, prev, r.NumCtx())
		}
		ctxs[r.Model] = r.NumCtx()
		if strings.HasPrefix(r.Model, "cafebot-escalation") {
			t.Errorf("the escalation model was loaded for a case policy sends to a person")
		}
	}
}

func TestAskStreamsTextAndSources(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("ingest", knowledgeDir(t))
	r := c.ok("ask", "--explain", "Is the killer brownie gluten free?")
	for _, want := range []string{"Answer from cafebot-faq", "Sources:", "[1] ", "Why:", "gate: faq"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("ask output lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "\x1b[") {
		t.Errorf("escape codes in piped output:\n%q", r.out)
	}
}

func TestAskWithOllamaDownAnswersFromDocuments(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	r := c.ok("ask", "--json", "Is the killer brownie gluten free?")
	a := decodeAsk(t, r.out)
	if !a.Fallback || len(a.Sources) == 0 || a.Answer == "" {
		t.Fatalf("want a retrieval-only answer with sources, got %+v", a)
	}
	text := c.ok("ask", "How late is Harbour Street open on Sunday?")
	if !strings.Contains(text.err, "ollama serve") {
		t.Errorf("stderr lacks the hint to start Ollama:\n%s", text.err)
	}
}

func TestAskModelMissingHintsSetup(t *testing.T) {
	f := ollamatest.NewFake(t)
	f.AddModel("cafebot-embed", ollamatest.Embedding())
	c := newCLI(t, f.URL)
	c.ok("ingest", knowledgeDir(t))
	r := c.ok("ask", "Is the killer brownie gluten free?")
	if !strings.Contains(r.err, "cafebot models setup") {
		t.Errorf("stderr lacks the setup hint:\n%s", r.err)
	}
}

func TestAskReadsStdin(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("ingest", knowledgeDir(t))
	r := c.run("What is the Wi-Fi password?\n", "ask", "--json", "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if a := decodeAsk(t, r.out); a.Question != "What is the Wi-Fi password?" {
		t.Errorf("question = %q", a.Question)
	}
}

func TestModelsStatusAndSetup(t *testing.T) {
	f := ollamatest.NewFake(t)
	c := newCLI(t, f.URL)
	st := c.ok("models", "status")
	if !strings.Contains(st.out, "cafebot-faq") || !strings.Contains(st.out, "ollama pull llama3.2:3b-instruct-q4_K_M") {
		t.Errorf("status does not say how to get a missing model:\n%s", st.out)
	}
	if !strings.Contains(st.out, "OLLAMA_MAX_LOADED_MODELS") && maxLoadedModels() < 3 {
		t.Errorf("no residency warning:\n%s", st.out)
	}
	c.ok("models", "setup")
	if len(f.Pulls()) != 5 || len(f.Creates()) != 5 {
		t.Errorf("setup pulled %v and created %d models, want 5 each", f.Pulls(), len(f.Creates()))
	}
	st = c.ok("models", "status", "--json")
	var s modelsStatus
	if err := json.Unmarshal([]byte(st.out), &s); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Roles {
		if !r.Present {
			t.Errorf("role %s (%s) still missing after setup", r.Role, r.Model)
		}
	}

	g := ollamatest.NewFake(t)
	g.FailPull("pull model manifest: dial tcp: lookup registry.ollama.ai: no such host")
	c2 := newCLI(t, g.URL)
	r := c2.run("", "models", "setup")
	if r.code != 1 || !strings.Contains(r.err, "hint:") || !strings.Contains(r.err, "registry") {
		t.Errorf("setup without a registry: exit %d\n%s", r.code, r.err)
	}
}

func TestChatPlainModeWhenPiped(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	r := c.run("Is the killer brownie gluten free?\n/customer 555-010-2233\nHow many points do I have?\n", "chat")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{"Answer from cafebot-faq", "Maya", "plenty of points"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("plain chat lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "\x1b[") {
		t.Errorf("escape codes in plain mode:\n%q", r.out)
	}
	l := c.ok("chat", "--list")
	if !strings.Contains(l.out, "killer brownie") {
		t.Errorf("chat --list:\n%s", l.out)
	}
}
