package server_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// The numbers of the test: the café's new kiosk (published by a contact
// page ingested while the server runs) and a stranger's.
const (
	kioskPhone    = "(555) 014-2500"
	strangerPhone = "(555) 867-5309"
)

// A contact page ingested while the server runs (by another process, as
// `cafebot ingest` does) makes its number quotable: a reply with the new
// café number is shown afterwards, in a session opened before the ingest
// and through /v1/ask, while a reply with another person's number is
// still withheld. (A withheld reply hands the conversation to a person,
// so each check that expects one asks on its own.)
func TestPublicContactsFollowTheIndex(t *testing.T) {
	f := newFixture(t)
	f.fake.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		last := req.Messages[len(req.Messages)-1].Content
		if strings.Contains(last, "How do I reach Jo?") {
			return ollamatest.Reply{Chunks: []string{"You can reach Jo on ", strangerPhone, "."}}
		}
		return ollamatest.Reply{Chunks: []string{"Call the new kiosk on ", kioskPhone, "."}}
	})
	ctx, cancel := context.WithCancel(context.Background())
	done, err := f.live.Watch(ctx, 20*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); <-done }()

	a := f.client(t, tokenA)
	sess, err := a.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ask := func(text string) string {
		t.Helper()
		ans, err := a.Ask(ctx, client.AskRequest{Question: text}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return ans.Answer
	}
	const askKiosk = "What is the phone number of the kiosk?"
	if got := ask(askKiosk); strings.Contains(got, "014-2500") {
		t.Fatalf("an unpublished number was shown before the ingest: %q", got)
	}

	// Another process ingests a contact page into the served index.
	docs := filepath.Join(t.TempDir(), "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(docs, "kiosk.md"), "# Station kiosk\n\nThe new station kiosk opens at six. Call it on "+kioskPhone+" or write to kiosk@larkspurcafe.com.\n")
	other, err := retrieval.Open(filepath.Join(f.dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Ingest(ctx, []string{docs}, retrieval.IngestOptions{}, f.emb, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the guard's contacts to follow the ingest", func() bool {
		return slices.Contains(f.pub.Identity().Phones, kioskPhone)
	})
	if f.live.Reloads() < 1 {
		t.Errorf("reloads = %d, want the ingest reloaded", f.live.Reloads())
	}

	ans, info, err := a.SendMessage(ctx, sess.Info().ID, askKiosk, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans.Answer, kioskPhone) {
		t.Errorf("the new café number was withheld after the ingest: %q", ans.Answer)
	}
	if h := info.History; len(h) != 2 || !strings.Contains(h[1].Text, kioskPhone) {
		t.Errorf("the session's history masked the café number: %+v", h)
	}
	if got := ask(askKiosk); !strings.Contains(got, kioskPhone) {
		t.Errorf("/v1/ask after the ingest withheld the café number: %q", got)
	}
	if got := ask("How do I reach Jo?"); strings.Contains(got, "867-5309") {
		t.Errorf("another person's number was shown: %q", got)
	}
}
