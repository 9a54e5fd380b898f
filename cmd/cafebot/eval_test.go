package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

const evalSet = "../../testdata/eval/cafebot.jsonl"

type evalJSON struct {
	Strategy   string
	Cases      int
	Complete   bool
	Generation struct{ Available bool }
	Routing    struct{ Value *float64 }
	Retrieval  struct {
		Cases     int
		RecallAt3 *float64 `json:"recall_at_3"`
	}
	AnswerChecks struct{ Value *float64 } `json:"answer_checks"`
	ToolChoice   struct{ Value *float64 } `json:"tool_choice"`
	Handoff      struct{ Recall *float64 }
	Guard        struct{ Flagged struct{ Hits int } }
}

func TestEvalWithOllamaDownLeavesAccountsAlone(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	before := c.ok("backend", "show", "--json", "C1001").out

	r := c.ok("eval", "--json", evalSet)
	var rep evalJSON
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	if rep.Generation.Available || rep.AnswerChecks.Value != nil || rep.ToolChoice.Value != nil {
		t.Errorf("generation metrics with Ollama down: %+v", rep)
	}
	if rep.Routing.Value == nil || *rep.Routing.Value < 0.8 || rep.Retrieval.Cases == 0 || rep.Retrieval.RecallAt3 == nil || rep.Guard.Flagged.Hits == 0 {
		t.Errorf("routing/retrieval/guard not measured with Ollama down: %+v", rep)
	}
	if !rep.Complete || rep.Cases < 120 {
		t.Errorf("ran %d cases (complete %t), want the whole set", rep.Cases, rep.Complete)
	}
	if after := c.ok("backend", "show", "--json", "C1001").out; after != before {
		t.Errorf("eval changed the real account store:\nbefore %s\nafter %s", before, after)
	}
	if list := c.ok("handoff", "list").out; strings.Contains(list, "#") {
		t.Errorf("eval filed tickets in the real queue:\n%s", list)
	}

	table := c.ok("eval", evalSet).out
	for _, want := range []string{"generation unavailable", "Routing", "recall@3", "Latency (ms)", "Per route"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}

func TestEvalCompareWithModels(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("ingest", knowledgeDir(t))
	set := filepath.Join(t.TempDir(), "set.jsonl")
	lines := `{"q": "Is the killer brownie gluten free?", "intent": "faq", "expect_sources": ["menu/dietary-guide.md", "menu/menu.csv"], "must_contain": ["answer from"]}
{"q": "How many points do I have?", "intent": "transactional", "customer": "C1001", "expect_tool": "get_loyalty_balance"}
{"q": "I want to speak to a manager right now", "intent": "escalation", "expect_handoff": true}
`
	if err := os.WriteFile(set, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.ok("eval", "--compare", "--json", set)
	var out struct {
		Comparison struct {
			Rows []struct {
				Strategy     string
				AnswerChecks *float64 `json:"answer_checks"`
				ToolChoice   *float64 `json:"tool_choice"`
				Routing      *float64
				WithoutLarge *float64 `json:"without_large_model"`
			}
		}
		Reports []evalJSON
	}
	if err := json.Unmarshal([]byte(r.out), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	if len(out.Reports) != 3 || len(out.Comparison.Rows) != 3 {
		t.Fatalf("got %d reports and %d rows, want 3 of each:\n%s", len(out.Reports), len(out.Comparison.Rows), r.out)
	}
	for i, want := range []string{"routed", "small-only", "large-only"} {
		row := out.Comparison.Rows[i]
		if row.Strategy != want || row.AnswerChecks == nil || row.WithoutLarge == nil {
			t.Errorf("row %d = %+v, want %s with answer checks and the large-model share", i, row, want)
		}
		if (row.Routing != nil) != (want == "routed") {
			t.Errorf("row %s routing = %v, want a value only for routed", want, row.Routing)
		}
	}
	routed, small := out.Comparison.Rows[0], out.Comparison.Rows[1]
	if *routed.ToolChoice != 1 || *small.ToolChoice != 0 {
		t.Errorf("tool choice routed %v, small-only %v; want 1 and 0 (small-only has no tools)", *routed.ToolChoice, *small.ToolChoice)
	}
	if large := out.Comparison.Rows[2]; *large.WithoutLarge >= *routed.WithoutLarge {
		t.Errorf("large-only answered %v without the large model, routed %v; want fewer", *large.WithoutLarge, *routed.WithoutLarge)
	}

	table := c.ok("eval", "--compare", set).out
	for _, want := range []string{"strategy", "routed", "small-only", "large-only", "answer checks"} {
		if !strings.Contains(table, want) {
			t.Errorf("compare table lacks %q:\n%s", want, table)
		}
	}
}

func TestEvalBadInput(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	bad := filepath.Join(t.TempDir(), "cases.jsonl")
	os.WriteFile(bad, []byte(`{"q": "hi", "intent": "faq"}`+"\n"+`{"q": "hi", "intent": "faq", "typo": 1}`+"\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad line", []string{"eval", bad}, 1, "cases.jsonl:2:"},
		{"missing file", []string{"eval", "/no/such.jsonl"}, 1, "open eval set"},
		{"bad strategy", []string{"eval", "--strategy", "biggest", evalSet}, 2, "--strategy must be"},
		{"small k", []string{"eval", "-k", "2", evalSet}, 2, "-k must be at least 3"},
		{"compare and strategy", []string{"eval", "--compare", "--strategy", "routed", evalSet}, 2, "leave out --strategy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.run("", tc.args...)
			if r.code != tc.code || !strings.Contains(r.err, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", r.code, r.err, tc.code, tc.want)
			}
		})
	}
}
