package finetune

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/redact"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

var t0 = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

type turn struct {
	customer, reply string
	meta            map[string]any
}

func faqMeta() map[string]any {
	return map[string]any{"intent": "faq", "route": "faq", "model": "cafebot-faq"}
}

// seed stores conversations as the session would: masked by the store,
// with the bound customer's own contacts kept verbatim.
func seed(t *testing.T) (*conversation.Store, *handoff.Queue) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	st, err := conversation.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.WithKeep(func(_ context.Context, customer string) []string {
		if customer == "C-1001" {
			return []string{"555-010-2233", "maya.chen@example.com"}
		}
		return nil
	})
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	convs := []struct {
		customer string
		at       time.Time
		turns    []turn
	}{
		{"C-1001", t0, []turn{
			{"Hi, I'm Maya Chen, my number is 555-010-2233 and my email is maya.chen@example.com. How many points do I have?",
				"Maya, you have 340 points on the account for 555-010-2233.",
				map[string]any{"intent": "transactional", "route": "transactional", "model": "cafebot-tools", "tool_calls": []map[string]any{{
					"name": "loyalty_balance", "arguments": map[string]any{"phone": "555-010-2233"},
					"result": map[string]any{"balance": 340, "name": "Maya Chen", "email": "maya.chen@example.com"}, "summary": "340 points"}}}},
			{"Is the killer brownie gluten free?", "No: the killer brownie contains wheat flour [menu/desserts.md].", faqMeta()},
		}},
		{"", t0.Add(time.Hour), []turn{
			{"What time do you open on Sunday?", "We open at 8:00 on Sundays [hours.md].", faqMeta()},
			{"That is wrong, I came at 8 and it was shut. Terrible.", "I'm sorry about that.", map[string]any{"intent": "complaint", "route": "complaint"}},
		}},
		{"", t0.Add(2 * time.Hour), []turn{
			{"Is the killer brownie gluten free?", "No: the killer brownie contains wheat flour [menu/desserts.md].", faqMeta()},
			{"I paid with 4242 4242 4242 4242 and was charged twice, call me on 555-987-6543", "A staff member will follow up.", map[string]any{"intent": "transactional", "route": "handoff", "handoff_id": 1001}},
			{"you useless idiots, I will come down there and smash the place up", "I can't help with that.", faqMeta()},
			{"Do you have oat milk?", "Yes, oat milk is 60 cents extra [menu/drinks.md].", faqMeta()},
			{"My refund failed", "Sorry, the refund could not be started.", map[string]any{"intent": "transactional", "route": "transactional", "tool_calls": []map[string]any{{"name": "request_refund", "arguments": map[string]any{"order_id": "A-77"}, "error": "order not found"}}}},
		}},
		{"", t0.Add(3 * time.Hour), []turn{
			{"is the killer brownie  gluten free?", "No: the killer brownie contains wheat flour [menu/desserts.md].", faqMeta()},
			{"I paid with card 5555 5555 5555 4444 yesterday, do you take Amex too?", "Yes, we accept Amex [policies/payments.md].", faqMeta()},
		}},
		{"", t0.Add(-30 * 24 * time.Hour), []turn{
			{"Old question?", "Old answer.", faqMeta()},
		}},
	}
	for _, c := range convs {
		conv, err := st.Start(ctx, c.customer)
		if err != nil {
			t.Fatal(err)
		}
		at := c.at
		for _, tr := range c.turns {
			if err := st.Append(ctx, conv.ID, conversation.Message{Role: "customer", Text: tr.customer, At: at}); err != nil {
				t.Fatal(err)
			}
			meta, _ := json.Marshal(tr.meta)
			if err := st.Append(ctx, conv.ID, conversation.Message{Role: "assistant", Text: tr.reply, At: at.Add(time.Second), Meta: meta}); err != nil {
				t.Fatal(err)
			}
			at = at.Add(time.Minute)
		}
	}
	tk, err := q.Create(ctx, handoff.Ticket{
		Priority: handoff.PriorityNormal, Reason: "asked for a person", Category: "human_request", Route: "handoff",
		Transcript: []handoff.Turn{{Role: "customer", Text: "Can someone email me the catering menu at sam.ortiz@example.org? Sam Ortiz here"}},
		CustomerID: "C-1002", Intent: "faq", Analysis: "wants the catering menu",
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.ResolveWithReply(ctx, tk.ID, "sent the menu", "I've emailed the catering menu to sam.ortiz@example.org, Sam; orders need 48 hours' notice."); err != nil {
		t.Fatal(err)
	}
	return st, q
}

func options() Options {
	return Options{
		System: map[string]string{RoleFAQ: "You are the FAQ assistant.", RoleTools: "You are the account assistant."},
		Tools: []llm.Tool{{Name: "loyalty_balance", Description: "The customer's points.", Params: []llm.Param{
			{Name: "phone", Type: "string", Description: "phone", Required: true}}}},
		Flagged: GuardFlags(guard.New(guard.Options{})),
		Names:   PrepareNames([]string{"Maya Chen", "Sam Ortiz"}),
		Since:   t0.Add(-24 * time.Hour),
	}
}

func TestExportFromSeededHistory(t *testing.T) {
	st, q := seed(t)
	ctx := context.Background()
	convs, gold, err := Load(ctx, st, q, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	ds := Build(convs, gold, options(), t0.Add(72*time.Hour))
	out := filepath.Join(t.TempDir(), "train.jsonl")
	paths, err := Write(out, ds)
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, p := range []string{paths.Train, paths.Validation, paths.Card} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	// Attack: every form the personal data could survive in.
	for _, leak := range []string{"555-010-2233", "5550102233", "2233", "555-987-6543", "6543", "4242", "4444", "maya.chen", "example.com", "sam.ortiz", "example.org", "Maya", "Chen", "Sam", "Ortiz", "idiots", "smash"} {
		if strings.Contains(string(all), leak) {
			t.Errorf("%q survived the export", leak)
		}
	}
	if filepath.Base(paths.Validation) != "valid.jsonl" || filepath.Base(paths.Card) != "train.card.md" {
		t.Errorf("paths = %+v", paths)
	}

	exs := append(append([]Example{}, ds.Train...), ds.Validation...)
	// Kept: the tool turn, the brownie (once: the last conversation asks it
	// again), oat milk, Amex, and the gold reply. Dropped: the Sunday answer the
	// customer complained about and the brownie answer followed by a
	// handoff, the complaint reply itself, the handoff, the abusive
	// message, the failed refund, the old conversation.
	if len(exs) != 5 || ds.Card.Kept != 5 {
		for _, ex := range exs {
			t.Logf("kept: %s", ex.key)
		}
		t.Fatalf("kept %d examples, want 5; card %+v", len(exs), ds.Card)
	}
	wantDropped := map[string]int{DropComplaint: 2, DropRoute: 1, DropHandoff: 1, DropFlagged: 1, DropToolError: 1, DropDuplicate: 1, DropBeforeDate: 1}
	for why, n := range wantDropped {
		if ds.Card.Dropped[why] != n {
			t.Errorf("dropped %q = %d, want %d (all: %v)", why, ds.Card.Dropped[why], n, ds.Card.Dropped)
		}
	}
	if ds.Card.Train+ds.Card.Validation != 5 || ds.Card.Validation < 1 {
		t.Errorf("split %d/%d", ds.Card.Train, ds.Card.Validation)
	}
	if ds.Card.BySource[SourceGold] != 1 || ds.Card.ToolTurns != 1 {
		t.Errorf("card sources %v tool turns %d", ds.Card.BySource, ds.Card.ToolTurns)
	}

	var tool *Example
	for i := range exs {
		if len(exs[i].Tools) > 0 {
			tool = &exs[i]
		}
	}
	if tool == nil {
		t.Fatal("no tool example")
	}
	roles := []string{}
	for _, m := range tool.Messages {
		roles = append(roles, m.Role)
	}
	if got := strings.Join(roles, ","); got != "system,user,assistant,tool,assistant" {
		t.Fatalf("tool example roles = %s", got)
	}
	if tool.Messages[0].Content != "You are the account assistant." {
		t.Errorf("system = %q", tool.Messages[0].Content)
	}
	user, call, res, final := tool.Messages[1].Content, tool.Messages[2], tool.Messages[3], tool.Messages[4].Content
	if !strings.Contains(user, "I'm <NAME_1>, my number is <PHONE_1> and my email is <EMAIL_1>") {
		t.Errorf("user = %q", user)
	}
	if len(call.ToolCalls) != 1 || call.ToolCalls[0].Type != "function" || call.ToolCalls[0].Function.Name != "loyalty_balance" {
		t.Fatalf("tool call = %+v", call.ToolCalls)
	}
	var args map[string]string
	if err := json.Unmarshal([]byte(call.ToolCalls[0].Function.Arguments), &args); err != nil || args["phone"] != "<PHONE_1>" {
		t.Errorf("arguments %q (%v): want a JSON string with the same placeholder as the user message", call.ToolCalls[0].Function.Arguments, err)
	}
	if res.Name != "loyalty_balance" || !strings.Contains(res.Content, `"balance":340`) || !strings.Contains(res.Content, `"<NAME_1>"`) || !strings.Contains(res.Content, `"<EMAIL_1>"`) {
		t.Errorf("tool result = %+v", res)
	}
	if final != "<NAME_1>, you have 340 points on the account for <PHONE_1>." {
		t.Errorf("final = %q", final)
	}

	// Every line must parse as the trainers read it.
	for _, p := range []string{paths.Train, paths.Validation} {
		b, _ := os.ReadFile(p)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			if line == "" {
				continue
			}
			var ex struct {
				Messages []map[string]any `json:"messages"`
			}
			if err := json.Unmarshal([]byte(line), &ex); err != nil || len(ex.Messages) < 3 || ex.Messages[0]["role"] != "system" || ex.Messages[len(ex.Messages)-1]["role"] != "assistant" {
				t.Errorf("line does not read as a chat example: %s (%v)", line, err)
			}
		}
	}
	card, _ := os.ReadFile(paths.Card)
	for _, want := range []string{"| handoff gold reply | 1 |", "| followed by a complaint | 2 |", "| PHONE |", "| CARD |"} {
		if !strings.Contains(string(card), want) {
			t.Errorf("card lacks %q:\n%s", want, card)
		}
	}
}

func TestExportRoleFilter(t *testing.T) {
	st, q := seed(t)
	convs, gold, err := Load(context.Background(), st, q, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	opt := options()
	opt.Role = RoleTools
	ds := Build(convs, gold, opt, t0)
	exs := append(ds.Train, ds.Validation...)
	if len(exs) != 1 || len(exs[0].Tools) != 1 {
		t.Fatalf("tools export = %d examples, want the one tool turn", len(exs))
	}
	opt.Role = RoleFAQ
	ds = Build(convs, gold, opt, t0)
	for _, ex := range append(ds.Train, ds.Validation...) {
		if len(ex.Tools) > 0 || ex.Messages[0].Content != "You are the FAQ assistant." {
			t.Errorf("faq export has %+v", ex)
		}
	}
}

func TestScrubberConsistentPlaceholders(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"same phone twice, different spellings", "call 555-010-2233 or (555) 010 2233, not 555-987-6543", "call <PHONE_1> or <PHONE_1>, not <PHONE_2>"},
		{"stored masks", "[phone ending 2233] and [email at example.com], card [card ending 4242]", "<PHONE_1> and <EMAIL_1>, card <CARD>"},
		{"raw card is one card, not a phone", "card 4242 4242 4242 4242 please", "card <CARD> please"},
		{"known name and first name share", "Maya Chen asked; Maya is a regular", "<NAME_1> asked; <NAME_1> is a regular"},
		{"self introduction", "Hello, my name is Priya Natarajan", "Hello, my name is <NAME_1>"},
		{"not a name", "I'm Allergic to nuts, I'm sorry", "I'm Allergic to nuts, I'm sorry"},
		{"name inside a word is kept", "Mayan chocolate", "Mayan chocolate"},
		{"emails case-folded", "A@X.io and a@x.io", "<EMAIL_1> and <EMAIL_1>"},
		{"a stored mask and its raw value", "[email at example.com] then maya@example.com; [phone ending 2233] is 555-010-2233", "<EMAIL_1> then <EMAIL_1>; <PHONE_1> is <PHONE_1>"},
		{"two raw values behind one mask stay apart", "a@example.com, b@example.com, [email at example.com]", "<EMAIL_1>, <EMAIL_2>, <EMAIL_3>"},
	}
	names := PrepareNames([]string{"Maya Chen"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewScrubber(names).Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzScrubberLeavesNoDigitsOfContacts(f *testing.F) {
	for _, s := range []string{"call 555-010-2233", "mail a@b.co", "4242 4242 4242 4242", "[phone ending 1234]", "0000 000 0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := NewScrubber(PrepareNames([]string{"Maya Chen"})).Text(s)
		// The detectors that found the data must find none in the result.
		if sp := redact.PhoneSpans(out); len(sp) > 0 {
			t.Fatalf("phone %q survived in %q", out[sp[0][0]:sp[0][1]], out)
		}
		if sp := redact.EmailSpans(out); len(sp) > 0 {
			t.Fatalf("email %q survived in %q", out[sp[0][0]:sp[0][1]], out)
		}
		if sp := redact.CardSpans(out); len(sp) > 0 {
			t.Fatalf("card %q survived in %q", out[sp[0][0]:sp[0][1]], out)
		}
	})
}

func TestExportCarriesCitedPassages(t *testing.T) {
	at := t0
	msg := func(role, text string, meta any) conversation.Message {
		m := conversation.Message{Role: role, Text: text, At: at}
		if meta != nil {
			m.Meta, _ = json.Marshal(meta)
		}
		at = at.Add(time.Minute)
		return m
	}
	cited := func(src, sec string) map[string]any {
		return map[string]any{"intent": "faq", "route": "faq", "sources": []map[string]any{{"source": src, "section": sec, "score": 0.9}}}
	}
	convs := []conversation.Conversation{{ID: 1, Messages: []conversation.Message{
		msg("customer", "Is the brownie gluten free? Call me on 555-010-2233", nil),
		msg("assistant", "No, it contains wheat [menu/desserts.md].", cited("menu/desserts.md", "Brownies")),
		msg("customer", "What about the old scone?", nil),
		msg("assistant", "It was vegan [menu/old.md].", cited("menu/old.md", "Scones")),
	}}}
	opt := options()
	opt.Since = time.Time{}
	opt.Passages = func(source, section string) []Passage {
		if source == "menu/desserts.md" && section == "Brownies" {
			return []Passage{{Source: source, Section: section, Text: "Killer brownie: wheat, milk, egg. Call 555-0100 to order."}}
		}
		return nil
	}
	ds := Build(convs, nil, opt, t0)
	exs := append(ds.Train, ds.Validation...)
	if len(exs) != 1 || ds.Card.Dropped[DropStale] != 1 {
		t.Fatalf("kept %d, dropped %v; want the cited answer kept and the stale one dropped", len(exs), ds.Card.Dropped)
	}
	user := exs[0].Messages[1].Content
	want := "Context passages:\n\n[1] menu/desserts.md › Brownies\nKiller brownie: wheat, milk, egg. Call 555-0100 to order.\n\nCustomer's message: Is the brownie gluten free? Call me on <PHONE_1>"
	if user != want {
		t.Errorf("user message =\n%s\nwant\n%s", user, want)
	}
}
