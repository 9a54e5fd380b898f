package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestEvalCandidate(t *testing.T) {
	f := ollamatest.NewFake(t)
	for _, m := range []string{"cafebot-faq", "cafebot-tools", "cafebot-escalation", "cafebot-guard", "faq-ft-q4"} {
		f.AddModel(m, ollamatest.NumCtx(4096))
	}
	f.AddModel("cafebot-embed", ollamatest.Embedding(), ollamatest.EmbeddingDim(384))
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		switch strings.TrimSuffix(req.Model, ":latest") {
		case "cafebot-tools":
			if last := req.Messages[len(req.Messages)-1]; last.Role != "tool" {
				return ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}}
			}
			return ollamatest.Reply{Chunks: []string{"You have ", "plenty of points."}}
		case "faq-ft-q4":
			// The candidate gives up where the current model answers.
			return ollamatest.Reply{Chunks: []string{"I don't know from the café's documents; ", "a staff member can help."}}
		default:
			return ollamatest.Reply{Chunks: []string{"Answer from ", req.Model, "."}}
		}
	})
	c := newCLI(t, f.URL)
	c.ok("ingest", knowledgeDir(t))
	set := filepath.Join(t.TempDir(), "set.jsonl")
	lines := `{"q": "Is the killer brownie gluten free?", "intent": "faq", "must_contain": ["answer from"]}
{"q": "Do you have oat milk?", "intent": "faq", "must_contain": ["answer from"]}
{"q": "How many points do I have?", "intent": "transactional", "customer": "C1001", "expect_tool": "get_loyalty_balance"}
`
	if err := os.WriteFile(set, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.ok("eval", "--json", "--candidate", "faq=faq-ft-q4", set)
	var cmp struct {
		Role  string
		Sides []struct {
			Label, Model string
			Headline     struct {
				Cases        int
				AnswerChecks *float64 `json:"answer_checks"`
				ToolChoice   *float64 `json:"tool_choice"`
				P50          *float64 `json:"p50_total_ms"`
				TokensOut    *float64 `json:"mean_tokens_out"`
			}
			Refusals struct {
				Value       *float64
				Hits, Total int
			}
		}
	}
	if err := json.Unmarshal([]byte(r.out), &cmp); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	if cmp.Role != "faq" || len(cmp.Sides) != 2 {
		t.Fatalf("comparison = %+v", cmp)
	}
	cur, cand := cmp.Sides[0], cmp.Sides[1]
	if cur.Model != "cafebot-faq" || cand.Model != "faq-ft-q4" || cur.Label != "current" || cand.Label != "candidate" {
		t.Errorf("sides = %s %s / %s %s", cur.Label, cur.Model, cand.Label, cand.Model)
	}
	if cur.Headline.Cases != 3 || cand.Headline.Cases != 3 {
		t.Errorf("cases %d / %d, want the same 3", cur.Headline.Cases, cand.Headline.Cases)
	}
	if *cur.Headline.AnswerChecks != 1 || *cand.Headline.AnswerChecks != 0 {
		t.Errorf("answer checks %v / %v, want 1 and 0", *cur.Headline.AnswerChecks, *cand.Headline.AnswerChecks)
	}
	if cur.Refusals.Hits != 0 || cand.Refusals.Hits != 2 {
		t.Errorf("refusals %+v / %+v, want 0 and the 2 FAQ answers", cur.Refusals, cand.Refusals)
	}
	// The tools role is the same model in both runs.
	if *cur.Headline.ToolChoice != 1 || *cand.Headline.ToolChoice != 1 {
		t.Errorf("tool choice %v / %v", *cur.Headline.ToolChoice, *cand.Headline.ToolChoice)
	}
	if cur.Headline.P50 == nil || cand.Headline.TokensOut == nil {
		t.Error("latency or tokens missing")
	}
	var faqModels []string
	for _, req := range f.Requests() {
		if m := strings.TrimSuffix(req.Model, ":latest"); m == "cafebot-faq" || m == "faq-ft-q4" {
			faqModels = append(faqModels, m)
		}
	}
	if strings.Count(strings.Join(faqModels, ","), "faq-ft-q4") < 2 || strings.Count(strings.Join(faqModels, ","), "cafebot-faq") < 2 {
		t.Errorf("FAQ requests went to %v, want both models asked the FAQ cases", faqModels)
	}

	table := c.ok("eval", "--candidate", "faq=faq-ft-q4", set).out
	for _, want := range []string{"role faq: current and candidate", "refusals", "current", "candidate", "faq-ft-q4", "Q4_K_M", "100.0%", "cafebot models promote faq faq-ft-q4"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"eval", "--candidate", "faq", set}, 2, "want ROLE=MODEL"},
		{[]string{"eval", "--candidate", "embedding=x", set}, 2, "--reembed"},
		{[]string{"eval", "--candidate", "faq=faq-ft-q4", "--compare", set}, 2, "leave out --compare"},
		{[]string{"eval", "--candidate", "faq=cafebot-faq", set}, 2, "already the faq model"},
		{[]string{"eval", "--candidate", "faq=nope", set}, 1, "hint: create it"},
	} {
		r := c.run("", tc.args...)
		if r.code != tc.code || !strings.Contains(r.err, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d with %q", tc.args, r.code, r.err, tc.code, tc.want)
		}
	}
}
