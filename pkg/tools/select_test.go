package tools

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/llm"
)

func defNames(ts []llm.Tool) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

func TestToolsForSubIntent(t *testing.T) {
	tests := []struct {
		sub  string
		want []string
	}{
		{"balance", []string{"get_loyalty_balance", "get_loyalty_history", "credit_missing_points"}},
		{"history", []string{"get_loyalty_history", "list_recent_orders", "get_order"}},
		{"refund", []string{"list_recent_orders", "create_refund_request", "get_refund_status"}},
		{"catering", []string{"list_catering_orders", "submit_catering_order", "cancel_catering_order"}},
		{"order_status", []string{"list_recent_orders", "get_order"}},
		{"order", []string{"list_recent_orders", "get_order", "get_refund_status"}},
		{" Refund ", []string{"list_recent_orders", "create_refund_request", "get_refund_status"}},
		// Sub-intents no tool serves, none at all, or an unknown one: the
		// read-only look-ups, never nothing and never a write.
		{"account", lookupTools},
		{"booking", lookupTools},
		{"", lookupTools},
		{"drop_table", lookupTools},
	}
	for _, tt := range tests {
		t.Run(tt.sub, func(t *testing.T) {
			got := ToolsFor(tt.sub)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("ToolsFor(%q) = %v, want %v", tt.sub, got, tt.want)
			}
			if len(got) == 0 {
				t.Fatal("no tools offered")
			}
			for _, n := range got {
				if _, ok := specs[n]; !ok {
					t.Errorf("%s is not a tool", n)
				}
			}
			if _, known := subIntentTools[strings.ToLower(strings.TrimSpace(tt.sub))]; known && len(got) > 3 {
				t.Errorf("%d tools for %q, want one to three", len(got), tt.sub)
			}
			if !slices.Contains([]string{"balance", "refund", "catering"}, strings.ToLower(strings.TrimSpace(tt.sub))) {
				for _, n := range got {
					if writeTools[n] {
						t.Errorf("%q offers the write %s", tt.sub, n)
					}
				}
			}
		})
	}
	// Every table entry is in Definitions order, so ToolsFor says what the
	// model sees.
	for sub, names := range subIntentTools {
		tb := New(nil, "C1", Rules{}, nil).WithTools(names)
		if got := defNames(tb.Definitions()); !slices.Equal(got, names) {
			t.Errorf("%s: table %v, definitions %v", sub, names, got)
		}
	}
	// ToolsFor returns a copy: a caller cannot change the table.
	ToolsFor("balance")[0] = "x"
	if subIntentTools["balance"][0] != "get_loyalty_balance" {
		t.Fatal("ToolsFor returned the table itself")
	}
}

// TestEverySubIntentHasTools reads the gate's sub-intent file: every
// transactional sub-intent either has its tool set or is one of those no
// tool serves (which get the look-ups), so a new sub-intent is a decision.
func TestEverySubIntentHasTools(t *testing.T) {
	data, err := os.ReadFile("../gate/subintents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var file map[string][]struct {
		Sub string   `yaml:"sub"`
		Any []string `yaml:"any"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	noTool := []string{"account", "booking"}
	if len(file["transactional"]) == 0 {
		t.Fatal("no transactional sub-intents")
	}
	for _, e := range file["transactional"] {
		if _, ok := subIntentTools[e.Sub]; !ok && !slices.Contains(noTool, e.Sub) {
			t.Errorf("transactional sub-intent %q has no tool set and is not marked as served by none", e.Sub)
		}
	}
}

func TestWithToolsLimitsDefinitions(t *testing.T) {
	tb := toolbox(seededStore(t), "C1001")
	if got := defNames(tb.Definitions()); !slices.Equal(got, toolOrder) {
		t.Fatalf("default definitions %v", got)
	}
	// Order is the fixed tool order whatever order the names come in, so
	// two requests offered the same tools send the same bytes.
	tb.WithTools([]string{"get_refund_status", "nope", "list_recent_orders"})
	if got := defNames(tb.Definitions()); !slices.Equal(got, []string{"list_recent_orders", "get_refund_status"}) {
		t.Fatalf("limited definitions %v", got)
	}
	tb.WithTools([]string{"nope"})
	if got := tb.Definitions(); len(got) != len(toolOrder) {
		t.Fatalf("only unknown names must leave every tool offered, got %d", len(got))
	}
}

// TestModelCannotCallAWriteNotOffered attacks the selection: a model that
// names a write the request was not offered (it knows the tool from an
// earlier turn, or guesses) changes nothing and is told which tools it has;
// a look-up not offered still answers, and the deterministic path keeps
// every tool.
func TestModelCannotCallAWriteNotOffered(t *testing.T) {
	ctx := context.Background()
	s := seededStore(t)
	tb := toolbox(s, "C1001").WithTools(ToolsFor("history"))
	before, err := s.Balance(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	res := tb.callOffered(ctx, llm.ToolCall{Name: "credit_missing_points", Arguments: map[string]any{}})
	if !res.Invalid || res.OK() || !strings.Contains(res.Error, "not offered") || !strings.Contains(res.Error, "list_recent_orders") {
		t.Fatalf("write not offered: %+v", res)
	}
	if after, _ := s.Balance(ctx, "C1001"); after != before {
		t.Fatalf("balance changed %d → %d", before, after)
	}
	if r := tb.callOffered(ctx, llm.ToolCall{Name: "get_loyalty_balance", Arguments: map[string]any{}}); !r.OK() {
		t.Fatalf("look-up not offered: %+v", r)
	}
	if r := tb.Call(ctx, llm.ToolCall{Name: "credit_missing_points", Arguments: map[string]any{}}); !r.OK() {
		t.Fatalf("Call (the deterministic path) must keep every tool: %+v", r)
	}
	audit, err := s.AuditLog(ctx, "C1001", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(audit, func(e backend.AuditEntry) bool {
		return e.Tool == "credit_missing_points" && strings.Contains(e.Result, "not offered")
	}) {
		t.Errorf("the refused call is not in the audit log: %+v", audit)
	}
}
