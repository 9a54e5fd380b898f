package handoff

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// TestCreateMasksCardNumbers: a card number in any part of a ticket
// (transcript, draft, reason, analysis, tool calls, briefing) never
// reaches the database file, while abusive wording stays for staff.
func TestCreateMasksCardNumbers(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlitedb.Open(ctx, filepath.Join(dir, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	q, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	const card = "4242 4242 4242 4242"
	tk := sample("abuse")
	tk.CustomerID = "C1001"
	tk.Reason = "customer pasted card " + card
	tk.Transcript = []Turn{{Role: "customer", Text: "you useless idiots, my card 4242424242424242 was charged twice, ring 555-019-8765"}}
	tk.Draft = "Refund to card " + card
	tk.Analysis = "Card 4242-4242-4242-4242 seen"
	tk.ToolCalls = []ToolCall{{Name: "create_refund_request", Arguments: map[string]any{"reason": card}, Result: map[string]any{"echo": card}}}
	created, err := q.Create(ctx, tk)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.AddBriefing(ctx, created.ID, "Briefing: card "+card); err != nil {
		t.Fatal(err)
	}
	// A merged follow-up is masked too.
	tk.Transcript = []Turn{{Role: "customer", Text: "again: 4111 1111 1111 1111"}}
	if _, err := q.Create(ctx, tk); err != nil {
		t.Fatal(err)
	}
	got, err := q.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Transcript[0].Text, "useless idiots") || !strings.Contains(got.Transcript[0].Text, "[card ending 4242]") {
		t.Errorf("transcript %q: abusive text must stay, the card go", got.Transcript[0].Text)
	}
	// The caller's ticket is not modified.
	if tk.Draft != "Refund to card "+card {
		t.Errorf("Create modified its argument: %q", tk.Draft)
	}
	db.Close()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{card, "4242424242424242", "4242-4242-4242-4242", "4111 1111 1111 1111", "555-019-8765"} {
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s holds %q", e.Name(), leak)
			}
		}
	}
}
