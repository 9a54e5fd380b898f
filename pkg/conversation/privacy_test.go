package conversation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// TestAppendMasksBeforeStoring writes a card number and contact data into
// messages, meta and the title, then reads the database files' bytes.
func TestAppendMasksBeforeStoring(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := sqlitedb.Open(ctx, filepath.Join(dir, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	s.WithKeep(func(_ context.Context, customer string) []string {
		keep := []string{"(555) 010-0100"} // the café's published number
		if customer == "C1001" {
			keep = append(keep, "555-010-2233", "maya.thompson@example.com")
		}
		return keep
	})
	c, err := s.Start(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	msgs := []Message{
		{Role: RoleCustomer, Text: "card 4242 4242 4242 4242 charged twice; I'm 555-010-2233, maya.thompson@example.com"},
		{Role: RoleAssistant, Text: "Call us on (555) 010-0100. Your neighbour 555-019-8765 (bob@example.org) is not on this account.",
			Meta: json.RawMessage(`{"tool_calls":[{"arguments":{"reason":"4242424242424242","card":4242424242424242}}]}`)},
		{Role: RoleSystem, Text: "staff note: 4242-4242-4242-4242"},
	}
	for _, m := range msgs {
		if err := s.Append(ctx, c.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Title, "card [card ending 4242] charged twice") {
		t.Errorf("title %q", got.Title)
	}
	for _, want := range []string{"555-010-2233", "maya.thompson@example.com", "(555) 010-0100", "[phone ending 8765]", "[email at example.org]", `"card":"[card ending 4242]"`} {
		found := false
		for _, m := range got.Messages {
			found = found || strings.Contains(m.Text+string(m.Meta), want)
		}
		if !found {
			t.Errorf("stored messages lack %q: %+v", want, got.Messages)
		}
	}
	db.Close()
	for _, leak := range []string{"4242 4242 4242 4242", "4242424242424242", "4242-4242-4242-4242", "555-019-8765", "bob@example.org"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte(leak)) {
				t.Errorf("%s holds %q", e.Name(), leak)
			}
		}
	}
}

// TestAppendMasksAllContactsWithoutKeep: with no keep function, every
// phone and email is masked (and cards, always).
func TestAppendMasksAllContactsWithoutKeep(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, _ := s.Start(ctx, "C1001")
	if err := s.Append(ctx, c.ID, Message{Role: RoleCustomer, Text: "I'm 555-010-2233, card 4111111111111111"}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, c.ID)
	if got.Messages[0].Text != "I'm [phone ending 2233], card [card ending 1111]" {
		t.Errorf("stored %q", got.Messages[0].Text)
	}
}

// TestSetCustomerNeverReassigns: a conversation bound to one customer is
// not handed to another, nor cleared.
func TestSetCustomerNeverReassigns(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, _ := s.Start(ctx, "")
	if err := s.SetCustomer(ctx, c.ID, "C1001"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCustomer(ctx, c.ID, " C1001 "); err != nil {
		t.Errorf("same customer again: %v", err)
	}
	for _, other := range []string{"C1002", ""} {
		if err := s.SetCustomer(ctx, c.ID, other); !errors.Is(err, ErrCustomerBound) {
			t.Errorf("SetCustomer(%q) = %v, want ErrCustomerBound", other, err)
		}
	}
	if got, _ := s.Get(ctx, c.ID); got.CustomerID != "C1001" {
		t.Errorf("customer now %q", got.CustomerID)
	}
}

// TestScrubMasksOldMessages: messages an older version stored with a card
// number are masked when the store is next opened, once.
func TestScrubMasksOldMessages(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, _ := s.Start(ctx, "C1001")
	if err := s.Append(ctx, c.ID, Message{Role: RoleCustomer, Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM redaction_passes WHERE name = '` + scrubPass + `'`,
		`UPDATE conversation_messages SET text = 'card 4242 4242 4242 4242, call 555-010-2233', meta = '{"n":4242424242424242}'`,
		`UPDATE conversations SET title = 'card 4242424242424242'`,
	} {
		if _, err := s.db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	again, err := Open(ctx, s.db.SQL())
	if err != nil {
		t.Fatal(err)
	}
	got, err := again.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "card [card ending 4242]" || got.Messages[0].Text != "card [card ending 4242], call 555-010-2233" || string(got.Messages[0].Meta) != `{"n":"[card ending 4242]"}` {
		t.Errorf("after scrub: %q / %q / %s", got.Title, got.Messages[0].Text, got.Messages[0].Meta)
	}
	if n, err := again.scrub(ctx); err != nil || n != 0 {
		t.Errorf("second scrub: %d, %v", n, err)
	}
}

// TestSharedRedactionPasses: the conversation store and the account store
// share one redaction_passes table, whichever opens first.
func TestSharedRedactionPasses(t *testing.T) {
	ctx := context.Background()
	for _, conversationFirst := range []bool{true, false} {
		db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), sqlitedb.FileName))
		if err != nil {
			t.Fatal(err)
		}
		openBoth := []func() error{
			func() error { _, err := Open(ctx, db); return err },
			func() error { _, err := backend.NewSQLite(ctx, db); return err },
		}
		if !conversationFirst {
			openBoth[0], openBoth[1] = openBoth[1], openBoth[0]
		}
		for _, open := range append(openBoth, openBoth...) {
			if err := open(); err != nil {
				t.Fatalf("conversation first %v: %v", conversationFirst, err)
			}
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM redaction_passes`).Scan(&n); err != nil || n != 2 {
			t.Errorf("conversation first %v: %d passes, %v", conversationFirst, n, err)
		}
		db.Close()
	}
}
