package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// stalledOllama accepts every request and never answers, as a wedged
// server does.
func stalledOllama(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestAskWithStalledOllamaFallsBack: ollama.request_timeout used to be shown
// by `config show` and never read, so a hung server hung `ask` forever.
func TestAskWithStalledOllamaFallsBack(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("ingest", knowledgeDir(t))
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("ollama:\n  request_timeout: 3s\n  idle_timeout: 1s\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.url = stalledOllama(t)
	start := time.Now()
	r := c.ok("ask", "--json", "Is the killer brownie gluten free?")
	took := time.Since(start)
	a := decodeAsk(t, r.out)
	if !a.Fallback || a.Answer == "" || len(a.Sources) == 0 {
		t.Fatalf("want a retrieval-only answer with sources, got %+v", a)
	}
	// One idle wait (1 s) for the whole answer, not one per call to Ollama:
	// after the first call times out the others fail at once.
	if took > 2500*time.Millisecond {
		t.Fatalf("ask took %v against a stalled server with 1s/3s bounds", took)
	}
	if !strings.Contains(r.out, "did not answer in time") {
		t.Errorf("the answer's note does not say Ollama timed out:\n%s", r.out)
	}
}

// TestBrokenAccountDatabase: a damaged account database used to fail FAQ
// questions too, with a raw SQLite message and no hint.
func TestBrokenAccountDatabase(t *testing.T) {
	cases := []struct {
		name  string
		write func(path string) error
		hint  string
	}{
		{"not a database", func(p string) error {
			return os.WriteFile(p, []byte(strings.Repeat("PK\x03\x04 zip bytes, not sqlite ", 300)), 0o644)
		}, "not a cafebot database"},
		{"truncated to nothing", func(p string) error {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
			old := time.Now().Add(-time.Hour)
			return os.Chtimes(p, old, old)
		}, "empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCLI(t, ollamatest.DeadURL(t))
			c.ok("ingest", knowledgeDir(t))
			path := filepath.Join(c.home, sqlitedb.FileName)
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(path)

			r := c.ok("ask", "--json", "Is the killer brownie gluten free?")
			if a := decodeAsk(t, r.out); a.Answer == "" || len(a.Sources) == 0 {
				t.Fatalf("the FAQ answer was lost to the account database: %+v", a)
			}
			if !strings.Contains(r.err, "account actions and tickets do not") || !strings.Contains(r.err, tc.hint) {
				t.Errorf("stderr does not warn about the database with a hint:\n%s", r.err)
			}

			// An account question says the account system is unavailable,
			// rather than inventing data or blaming the configuration.
			r = c.run("", "ask", "--customer", "C1001", "how many points do I have?")
			if r.code == 0 || !strings.Contains(r.err, "account system is not available") || !strings.Contains(r.err, "hint: ") {
				t.Errorf("an account question with a broken database: exit %d\n%s", r.code, r.err)
			}

			r = c.run("", "backend", "list")
			if r.code == 0 {
				t.Fatalf("backend list succeeded on a broken database:\n%s", r.out)
			}
			lines := strings.Split(strings.TrimSpace(r.err), "\n")
			if len(lines) != 2 || !strings.HasPrefix(lines[0], "cafebot: ") || !strings.HasPrefix(lines[1], "hint: ") || !strings.Contains(lines[1], tc.hint) {
				t.Fatalf("want one error line and one hint line, got:\n%s", r.err)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Fatal("the broken database file was changed: it must be left for recovery")
			}
		})
	}
}

// TestSavedConversationKeepsOnlyOwnAndPublicContacts: masking before a
// conversation is stored keeps the bound customer's own number and the
// café's published contacts (so the transcript still reads), and masks
// anyone else's.
func TestSavedConversationKeepsOnlyOwnAndPublicContacts(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	c.ok("backend", "seed")
	c.ok("ingest", knowledgeDir(t))
	const (
		own      = "555-010-2233" // C1001, Maya
		stranger = "555-777-1234"
		public   = "elmroad@larkspurcafe.com"
	)
	c.run("Is "+public+" the right address? Call me on "+own+" or my sister on "+stranger+"\n", "chat", "--customer", "C1001")

	db, err := sqlitedb.Open(context.Background(), filepath.Join(c.home, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var text string
	if err := db.QueryRow(`SELECT text FROM conversation_messages WHERE role = 'customer' ORDER BY id LIMIT 1`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, own) || !strings.Contains(text, public) {
		t.Errorf("the customer's own number or the café's address was masked: %q", text)
	}
	if strings.Contains(text, stranger) || strings.Contains(text, "7771234") {
		t.Errorf("another person's number was stored: %q", text)
	}
}
