package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// seedHistory writes conversations and a ticket into the CLI's database
// the way a session saves them (through the stores, which mask).
func seedHistory(t *testing.T, home string) int64 {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(home, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := conversation.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.WithKeep(func(context.Context, string) []string {
		return []string{"555-010-2233", "maya.thompson@example.com"}
	})
	conv, err := st.Start(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	add := func(role, text string, meta any) {
		t.Helper()
		m := conversation.Message{Role: role, Text: text, At: at}
		if meta != nil {
			m.Meta, _ = json.Marshal(meta)
		}
		if err := st.Append(ctx, conv.ID, m); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
	add("customer", "Hi, this is Maya Thompson, 555-010-2233. How many points do I have?", nil)
	add("assistant", "Maya, you have 340 points.", map[string]any{"intent": "transactional", "route": "transactional",
		"tool_calls": []any{map[string]any{"name": "loyalty_balance", "arguments": map[string]any{}, "result": map[string]any{"points": 340, "email": "maya.thompson@example.com"}}}})
	add("customer", "Is the brownie gluten free?", nil)
	add("assistant", "No, it contains wheat [menu/desserts.md].", map[string]any{"intent": "faq", "route": "faq"})

	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := q.Create(ctx, handoff.Ticket{Priority: handoff.PriorityNormal, Reason: "asked for a person", Category: "human_request",
		Route: "handoff", Intent: "faq", CustomerID: "C1002", Analysis: "catering",
		Transcript: []handoff.Turn{{Role: "customer", Text: "Daniel Okafor here, can you do catering for 40 on Saturday? Email daniel.okafor@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

func TestTrainExport(t *testing.T) {
	c := newCLI(t, "http://127.0.0.1:1")
	c.ok("backend", "seed")
	id := seedHistory(t, c.home)

	r := c.run("", "handoff", "resolve", "#"+itoa(id), "--note", "booked", "--reply", "Yes, Daniel: catering for 40 needs 48 hours' notice; I've emailed daniel.okafor@example.com the menu.")
	if r.code != 0 {
		t.Fatalf("resolve --reply: %d %s", r.code, r.err)
	}
	out := filepath.Join(t.TempDir(), "data", "train.jsonl")
	r = c.ok("train", "export", "--out", out)
	for _, want := range []string{"3 examples from 3 turns", "valid.jsonl", "1 handoff gold reply", "tool turns: 1", "card: "} {
		if !strings.Contains(r.out, want) {
			t.Errorf("export output lacks %q:\n%s", want, r.out)
		}
	}
	var all string
	for _, f := range []string{"train.jsonl", "valid.jsonl", "train.card.md"} {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(out), f))
		if err != nil {
			t.Fatal(err)
		}
		all += string(b)
	}
	for _, leak := range []string{"555-010", "2233", "example.com", "Maya", "Thompson", "Daniel", "Okafor"} {
		if strings.Contains(all, leak) {
			t.Errorf("%q survived the export", leak)
		}
	}
	for _, want := range []string{`"tools":[{"type":"function","function":{"name":`, `"tool_calls":[{"type":"function","function":{"name":"loyalty_balance","arguments":"{}"}}]`, `"role":"tool"`, "You are the Larkspur Café account assistant", "<NAME_1>"} {
		if !strings.Contains(all, want) {
			t.Errorf("export lacks %s", want)
		}
	}

	r = c.ok("train", "export", "--out", out, "--role", "faq", "--since", "2026-11-29")
	if !strings.Contains(r.out, "1 example from 3 turns") || !strings.Contains(r.out, "left out: 2 before --since") {
		t.Errorf("--since after the conversation keeps only the gold reply resolved now:\n%s", r.out)
	}
	r = c.run("", "train", "export", "--out", out, "--role", "barista")
	if r.code != 2 || !strings.Contains(r.err, "--role must be faq or tools") {
		t.Errorf("bad role: %d %s", r.code, r.err)
	}
	r = c.run("", "train", "export", "--out", out, "--since", "last week")
	if r.code != 2 || !strings.Contains(r.err, "want a date like") {
		t.Errorf("bad date: %d %s", r.code, r.err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestTrainExportFromRealChat saves conversations through `cafebot chat`
// (the session's own save, tool calls in its meta) and exports them.
func TestTrainExportFromRealChat(t *testing.T) {
	f := newFakeOllama(t)
	c := newCLI(t, f.URL)
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	r := c.run("How many points do I have?\nIs the killer brownie gluten free?\n", "chat", "--customer", "555-010-2233")
	if r.code != 0 {
		t.Fatalf("chat: %d\n%s\n%s", r.code, r.out, r.err)
	}
	out := filepath.Join(t.TempDir(), "train.jsonl")
	r = c.ok("train", "export", "--out", out, "--validation", "0")
	if !strings.Contains(r.out, "tool turns: 1") || !strings.Contains(r.out, "0 validation") {
		t.Fatalf("export:\n%s", r.out)
	}
	b, _ := os.ReadFile(out)
	v, _ := os.ReadFile(filepath.Join(filepath.Dir(out), "valid.jsonl"))
	all := string(b) + string(v)
	for _, want := range []string{`"tool_calls":[{"type":"function","function":{"name":"get_loyalty_balance","arguments":"{}"}}]`, `"role":"tool"`, `"name":"get_loyalty_balance"`,
		// The FAQ answer's cited passages, as the FAQ model saw them.
		`"content":"Context passages:\n\n[1] `, `Customer's message: Is the killer brownie gluten free?"`} {
		if !strings.Contains(all, want) {
			t.Errorf("export of a real chat lacks %s:\n%s", want, all)
		}
	}
	for _, leak := range []string{"555-010-2233", "2233", "Maya", "Thompson", "example.com"} {
		if strings.Contains(all, leak) {
			t.Errorf("%q survived the export of a real chat", leak)
		}
	}
}
