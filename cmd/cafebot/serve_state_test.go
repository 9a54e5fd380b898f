package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/server"
)

// `cafebot serve` keeps who created which ticket in $CAFEBOT_HOME/server,
// so after a restart terminal B still cannot read terminal A's ticket and
// A still can; and a café number published by an ingest while it runs may
// be quoted in replies at once, while a stranger's is still withheld.
func TestServeStateAndContactsAcrossRestarts(t *testing.T) {
	const (
		tokA   = "terminal-a-0123456789"
		tokB   = "terminal-b-0123456789"
		tokS   = "staff-token-0123456789"
		kiosk  = "(555) 014-2500"
		nobody = "(555) 867-5309"
	)
	f := newFakeOllama(t)
	f.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		if last := req.Messages[len(req.Messages)-1].Content; strings.Contains(last, "How do I reach Jo?") {
			return ollamatest.Reply{Chunks: []string{"Jo is on ", nobody, "."}}
		}
		return ollamatest.Reply{Chunks: []string{"The kiosk is on ", kiosk, "."}}
	})
	c := newCLI(t, f.URL)
	cfg := "server:\n  token: " + tokA + "\n  tokens: [" + tokB + "]\n  staff_token: " + tokS + "\n"
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("ingest", knowledgeDir(t))
	c.ok("backend", "seed")
	ctx := context.Background()
	clientFor := func(url, tok string) *client.Client {
		cl, err := client.New(url, tok, nil)
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}

	url, stop := startServeStop(t, c, serveOptions{})
	a := clientFor(url, tokA)
	s, err := a.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := a.Handoff(ctx, s.Info().ID, "the customer asks for the manager")
	if err != nil {
		t.Fatal(err)
	}
	const q = "What is the phone number of the kiosk?"
	if ans, err := a.Ask(ctx, client.AskRequest{Question: q}, nil); err != nil || strings.Contains(ans.Answer, "014-2500") {
		t.Fatalf("before the ingest the kiosk number was shown: %q, %v", ans.Answer, err)
	}

	// An ingest by another process publishes the kiosk's number.
	docs := t.TempDir()
	writeTestFile(t, filepath.Join(docs, "kiosk.md"), "# Station kiosk\n\nThe station kiosk opens at six. Call it on "+kiosk+".\n")
	c.ok("ingest", docs)
	var shown string
	eventually(t, "the served guard to quote the new number", func() bool {
		ans, err := a.Ask(ctx, client.AskRequest{Question: q}, nil)
		shown = ans.Answer
		return err == nil && strings.Contains(ans.Answer, kiosk)
	})
	if ans, err := a.Ask(ctx, client.AskRequest{Question: "How do I reach Jo?"}, nil); err != nil || strings.Contains(ans.Answer, "867-5309") {
		t.Errorf("a stranger's number was shown: %q, %v (the kiosk's: %q)", ans.Answer, err, shown)
	}
	stop()

	state, err := os.ReadFile(filepath.Join(c.home, "server", server.OwnersFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(state), tokA) || strings.Contains(string(state), tokB) {
		t.Fatalf("the state file holds a token:\n%s", state)
	}

	url, _ = startServeStop(t, c, serveOptions{})
	if _, err := clientFor(url, tokB).Ticket(ctx, h.ID); !isStatus(err, http.StatusForbidden) {
		t.Errorf("after a restart terminal B read A's ticket: %v, want 403", err)
	}
	if _, err := clientFor(url, tokA).Ticket(ctx, h.ID); err != nil {
		t.Errorf("after a restart terminal A could not read its ticket: %v", err)
	}
}

func isStatus(err error, code int) bool {
	se, ok := err.(*client.StatusError)
	return ok && se.StatusCode == code
}

// eventually polls cond until it holds or ten seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func writeTestFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
