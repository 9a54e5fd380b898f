package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// realSession wires the real pipeline (gate, guard, lexical retrieval over
// the bundled knowledge base, SQLite accounts and handoff queue) to a fake
// Ollama server that streams scripted chunks.
func realSession(t *testing.T, f *ollamatest.Fake) *assistant.Session {
	t.Helper()
	ctx := context.Background()
	client, err := llm.New(f.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix := retrieval.New(t.TempDir())
	if _, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", retrieval.IngestOptions{}, nil, nil); err != nil {
		t.Fatal(err)
	}
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Seed(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	p := assistant.New(assistant.Deps{Config: config.Default(), Index: ix, Model: client, Backend: store, Handoffs: q})
	return assistant.NewSession(p, assistant.SessionOptions{})
}

func TestTeaRealPipelineWithFakeOllama(t *testing.T) {
	f := ollamatest.NewFake(t)
	f.AddModel("cafebot-faq", ollamatest.NumCtx(4096))
	f.ReplyWith("No — the killer brownie ", "contains wheat flour. ", "[menu/dietary-guide.md]")
	tm := startChat(t, realSession(t, f), 100, 30)

	send(tm, "Is the killer brownie gluten free?")
	waitFor(t, tm, "contains wheat flour")
	send(tm, "I found glass in my muffin and cut my lip")
	waitFor(t, tm, "Handed to staff")
	view := finalScreen(t, tm)
	for _, want := range []string{
		"No — the killer brownie contains wheat flour.",
		"📄 menu/dietary-guide.md", // sources under the answer
		"cafebot · faq",           // the route of the first answer
		"route handoff",           // the status bar shows the last answer's route
		"Handed to staff — ticket #",
	} {
		if !strings.Contains(view, want) {
			t.Errorf("screen lacks %q:\n%s", want, view)
		}
	}
	if n := len(f.Requests()); n != 1 {
		t.Errorf("%d chat requests, want 1: the safety message must not reach a model", n)
	}
}
