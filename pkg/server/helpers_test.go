package server_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/guard"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/server"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// Tokens of the test servers: two terminals and staff.
const (
	tokenA     = "terminal-a-0123456789"
	tokenB     = "terminal-b-0123456789"
	tokenStaff = "staff-token-0123456789"
)

var markerRe = regexp.MustCompile(`terminal-\d+`)

// fixture is a server over the bundled knowledge base, a seeded account
// database and a fake Ollama whose replies echo the terminal marker of the
// customer's message, so a transcript shows whose turn an answer is.
type fixture struct {
	fake  *ollamatest.Fake
	opt   server.Options
	srv   *server.Server
	http  *httptest.Server
	convs *conversation.Store
	queue *handoff.Queue
	dir   string
	live  *server.LiveIndex
	emb   retrieval.Embedder
	// pub is the guard's published contacts, following live.
	pub *guard.Contacts
}

type fixtureOption func(*server.Options)

func newFixture(t *testing.T, opts ...fixtureOption) *fixture {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	// The tests' messages carry terminal markers that dilute relevance;
	// the server, not retrieval's threshold, is under test here.
	cfg.Retrieval.MinScore = 0
	fake := ollamatest.NewFake(t)
	for _, m := range []string{cfg.Models.FAQ, cfg.Models.Tools, cfg.Models.Escalation, cfg.Models.Guard} {
		fake.AddModel(m, ollamatest.NumCtx(4096))
	}
	fake.AddModel(cfg.Models.Embedding, ollamatest.Embedding())
	fake.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		last := req.Messages[len(req.Messages)-1]
		if len(req.Tools) > 0 && last.Role != "tool" {
			return ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}}
		}
		m := "nobody"
		for _, msg := range req.Messages {
			if msg.Role == "user" {
				if f := markerRe.FindAllString(msg.Content, -1); len(f) > 0 {
					m = f[len(f)-1]
				}
			}
		}
		return ollamatest.Reply{Chunks: []string{"Answer for ", m, "."}}
	})
	f := &fixture{fake: fake, dir: t.TempDir()}
	lc, err := llm.New(fake.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	emb := retrieval.NewOllamaEmbedder(lc, cfg.Models.Embedding, 0)
	indexDir := filepath.Join(f.dir, "index")
	writeKnowledgeIndex(t, indexDir, cfg, emb)
	live, err := server.OpenIndex(indexDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlitedb.Open(ctx, filepath.Join(f.dir, sqlitedb.FileName))
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
	if f.queue, err = handoff.Open(ctx, db); err != nil {
		t.Fatal(err)
	}
	if f.convs, err = conversation.Open(ctx, db); err != nil {
		t.Fatal(err)
	}
	f.live, f.emb = live, emb
	f.pub = guard.NewContacts(guard.Identity{})
	live.FollowContacts(f.pub)
	p := assistant.New(assistant.Deps{
		Config: cfg, Index: live, Embedder: emb, Model: lc, Backend: store, Handoffs: f.queue,
		Guard: guard.New(guard.Options{Threshold: cfg.Guard.Threshold, Contacts: f.pub}),
	})
	f.opt = server.Options{
		Pipeline: p, Index: live, Embedder: emb, Conversations: f.convs, Handoffs: f.queue, Config: cfg,
		Tokens: []string{tokenA, tokenB}, StaffToken: tokenStaff,
	}
	for _, o := range opts {
		o(&f.opt)
	}
	f.start(t)
	return f
}

// start runs a server over f.opt behind a new httptest server.
func (f *fixture) start(t *testing.T) {
	t.Helper()
	srv, err := server.New(f.opt)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	f.srv, f.http = srv, hs
}

// restart stops the server and starts a new one over the same options,
// database and state, as a `cafebot serve` restart does: sessions held in
// memory are gone.
func (f *fixture) restart(t *testing.T) {
	t.Helper()
	f.http.Close()
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	f.start(t)
}

var (
	knowledgeOnce  sync.Once
	knowledgeBytes []byte
	knowledgeErr   error
)

// writeKnowledgeIndex writes the bundled knowledge base's index into dir.
// It is ingested once per test binary: the fake's embeddings are
// deterministic, so every fixture's index is the same file.
func writeKnowledgeIndex(t *testing.T, dir string, cfg config.Config, emb retrieval.Embedder) {
	t.Helper()
	knowledgeOnce.Do(func() {
		tmp := filepath.Join(t.TempDir(), "index")
		if _, knowledgeErr = retrieval.New(tmp).IngestFS(context.Background(), knowledge.FS(), "knowledge", retrieval.IngestOptions{
			ChunkChars: cfg.Retrieval.ChunkChars, Overlap: cfg.Retrieval.ChunkOverlap,
		}, emb, nil); knowledgeErr == nil {
			knowledgeBytes, knowledgeErr = os.ReadFile(filepath.Join(tmp, retrieval.FileName))
		}
	})
	if knowledgeErr != nil {
		t.Fatal(knowledgeErr)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, retrieval.FileName), knowledgeBytes, 0o644); err != nil {
		t.Fatal(err)
	}
}

// client returns an API client sending token.
func (f *fixture) client(t *testing.T, token string) *client.Client {
	t.Helper()
	c, err := client.New(f.http.URL, token, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// statusOf returns the HTTP status of a client error, 0 for nil and -1
// for an error that is not a status.
func statusOf(err error) int {
	if err == nil {
		return 0
	}
	if se, ok := err.(*client.StatusError); ok {
		return se.StatusCode
	}
	return -1
}
