package assistant_test

import (
	"context"
	"path/filepath"
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

// BenchmarkPipelineOverhead measures what cafebot adds on top of Ollama
// for one message, end to end: guard, gate, hybrid retrieval over the
// bundled knowledge base (the query embedding included), prompt building,
// the HTTP round trips and NDJSON streaming of pkg/llm, the draft guard,
// tool calls against a seeded SQLite store and handoff tickets. The fake
// Ollama answers at once, so the time is cafebot's own.
func BenchmarkPipelineOverhead(b *testing.B) {
	ctx := context.Background()
	cfg := config.Default()
	fake := ollamatest.NewFake(b)
	for _, m := range []string{cfg.Models.FAQ, cfg.Models.Tools, cfg.Models.Escalation} {
		fake.AddModel(m, ollamatest.NumCtx(4096))
	}
	fake.AddModel(cfg.Models.Embedding, ollamatest.Embedding())
	fake.OnChat(func(req ollamatest.ChatRequest) ollamatest.Reply {
		if len(req.Tools) > 0 && req.Messages[len(req.Messages)-1].Role != "tool" {
			return ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{{Name: "get_loyalty_balance", Arguments: map[string]any{}}}}
		}
		return ollamatest.Reply{Chunks: []string{"The Killer Brownie contains wheat flour, ", "so it is not gluten-free. ",
			"Our Chocolate Almond Cake is made without flour."}}
	})
	client, err := llm.New(fake.URL, nil)
	if err != nil {
		b.Fatal(err)
	}
	emb := retrieval.NewOllamaEmbedder(client, cfg.Models.Embedding, 0)
	ix := retrieval.New(b.TempDir())
	rep, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", retrieval.IngestOptions{
		ChunkChars: cfg.Retrieval.ChunkChars, Overlap: cfg.Retrieval.ChunkOverlap,
	}, emb, nil)
	if err != nil {
		b.Fatal(err)
	}
	if !rep.VectorSearch {
		b.Fatalf("the knowledge base was not embedded: %s", rep.Notice)
	}

	db, err := sqlitedb.Open(ctx, filepath.Join(b.TempDir(), sqlitedb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	if err := store.Seed(ctx, now); err != nil {
		b.Fatal(err)
	}
	queue, err := handoff.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	p := assistant.New(assistant.Deps{
		Config: cfg, Index: ix, Embedder: emb, Model: client,
		Backend: store, Handoffs: queue, Now: func() time.Time { return now },
	})

	for _, bc := range []struct {
		name  string
		req   assistant.Request
		route assistant.Route
	}{
		{"faq", assistant.Request{Text: "Is the killer brownie gluten free?"}, assistant.RouteFAQ},
		{"complaint", assistant.Request{Text: "My flat white was cold and the table was dirty, not happy"}, assistant.RouteComplaint},
		{"transactional", assistant.Request{Text: "How many points do I have?", CustomerID: backend.StoryMissingBonus}, assistant.RouteTransactional},
		{"handoff", assistant.Request{Text: "I want to speak to a manager right now"}, assistant.RouteHandoff},
	} {
		b.Run(bc.name, func(b *testing.B) {
			// One checked run first, so the benchmark measures the route
			// it is named after.
			ans, err := p.Ask(ctx, bc.req, nil)
			if err != nil {
				b.Fatal(err)
			}
			if ans.Route != bc.route || ans.Fallback {
				b.Fatalf("%q took route %s (fallback %t, notice %q), want %s", bc.req.Text, ans.Route, ans.Fallback, ans.Notice, bc.route)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Ask(ctx, bc.req, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
