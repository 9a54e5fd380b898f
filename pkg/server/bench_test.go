package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cafebot/cafebot/knowledge"
	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/server"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// hashEmbedder embeds in-process exactly as the fake Ollama does, so a
// large synthetic index is built without 100k HTTP round trips and the
// queries the pipeline embeds through the fake match it.
type hashEmbedder struct{ model string }

func (e hashEmbedder) Model() string { return e.model }

func (e hashEmbedder) Embed(_ context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = ollamatest.HashEmbedding(t, ollamatest.DefaultEmbeddingDim)
	}
	return out, nil
}

var (
	benchMu   sync.Mutex
	benchDirs = map[int]string{}
	benchRoot string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchRoot != "" {
		os.RemoveAll(benchRoot)
	}
	os.Exit(code)
}

// benchIndex returns an index directory holding the bundled knowledge base
// plus synthetic CSV rows (one chunk each) up to about n chunks, built once
// per size and embedded.
func benchIndex(b *testing.B, n int) string {
	b.Helper()
	benchMu.Lock()
	defer benchMu.Unlock()
	if d := benchDirs[n]; d != "" {
		return d
	}
	if benchRoot == "" {
		var err error
		if benchRoot, err = os.MkdirTemp("", "cafebot-serve-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	cfg := config.Default()
	dir := filepath.Join(benchRoot, fmt.Sprint(n))
	ix := retrieval.New(filepath.Join(dir, "index"))
	emb := hashEmbedder{cfg.Models.Embedding}
	opt := retrieval.IngestOptions{ChunkChars: cfg.Retrieval.ChunkChars, Overlap: cfg.Retrieval.ChunkOverlap, Batch: 256, Concurrency: 2}
	rep, err := ix.IngestFS(ctx, knowledge.FS(), "knowledge", opt, emb, nil)
	if err != nil {
		b.Fatal(err)
	}
	if extra := n - rep.Chunks; extra > 0 {
		docs := filepath.Join(dir, "synthetic")
		if err := os.MkdirAll(docs, 0o755); err != nil {
			b.Fatal(err)
		}
		r := rand.New(rand.NewPCG(1, uint64(n)))
		const rowsPerFile = 1000
		for f := 0; f*rowsPerFile < extra; f++ {
			var sb strings.Builder
			sb.WriteString("item,description\n")
			for i := 0; i < rowsPerFile && f*rowsPerFile+i < extra; i++ {
				fmt.Fprintf(&sb, "item %d-%d,", f, i)
				for w := range 40 {
					if w > 0 {
						sb.WriteByte(' ')
					}
					fmt.Fprintf(&sb, "w%d", int(r.ExpFloat64()*2000)%20000)
				}
				sb.WriteByte('\n')
			}
			if err := os.WriteFile(filepath.Join(docs, fmt.Sprintf("stock%04d.csv", f)), []byte(sb.String()), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if rep, err = ix.Ingest(ctx, []string{docs}, opt, emb, nil); err != nil {
			b.Fatal(err)
		}
	}
	if !rep.VectorSearch {
		b.Fatalf("the bench index is not embedded: %+v", rep)
	}
	b.Logf("bench index: %d chunks", ix.Stats().Chunks)
	benchDirs[n] = dir
	return dir
}

// benchFake is a fake Ollama that answers every chat at once.
func benchFake(b *testing.B) (*ollamatest.Fake, *llm.Client) {
	cfg := config.Default()
	fake := ollamatest.NewFake(b)
	for _, m := range []string{cfg.Models.FAQ, cfg.Models.Tools, cfg.Models.Escalation, cfg.Models.Guard} {
		fake.AddModel(m, ollamatest.NumCtx(4096))
	}
	fake.AddModel(cfg.Models.Embedding, ollamatest.Embedding())
	fake.ReplyWith("The Killer Brownie contains wheat flour, ", "so it is not gluten-free.")
	lc, err := llm.New(fake.URL, nil)
	if err != nil {
		b.Fatal(err)
	}
	return fake, lc
}

const benchQuestion = "Is the killer brownie gluten free?"

var benchSizes = []struct {
	name string
	n    int
}{{"chunks=269", 0}, {"chunks=10k", 10_000}, {"chunks=100k", 100_000}}

// openStores opens the account database as every `cafebot ask` does.
func openStores(b *testing.B, path string) (*sql.DB, *backend.SQLite, *handoff.Queue) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	queue, err := handoff.Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	return db, store, queue
}

// BenchmarkAsk compares one FAQ question asked the way `cafebot ask`
// answers it in-process after the process has started (open the index and
// the account database, wire the pipeline, answer) with
// the same question asked through `cafebot serve` over HTTP (the index and
// pipeline resident), at the bundled knowledge base (269 chunks) and with
// synthetic rows added up to 10k and 100k chunks. The fake Ollama answers
// at once, so the time is cafebot's own. 100k is skipped with -short.
func BenchmarkAsk(b *testing.B) {
	cfg := config.Default()
	for _, size := range benchSizes {
		b.Run(size.name, func(b *testing.B) {
			if size.n >= 100_000 && testing.Short() {
				b.Skip("100k chunks: skipped with -short (building the index takes about a minute)")
			}
			dir := benchIndex(b, size.n)
			indexDir := filepath.Join(dir, "index")
			_, lc := benchFake(b)
			emb := retrieval.NewOllamaEmbedder(lc, cfg.Models.Embedding, 0)
			ctx := context.Background()

			dbPath := filepath.Join(b.TempDir(), sqlitedb.FileName)
			b.Run("in-process", func(b *testing.B) {
				for b.Loop() {
					ix, err := retrieval.Open(indexDir)
					if err != nil {
						b.Fatal(err)
					}
					db, store, queue := openStores(b, dbPath)
					p := assistant.New(assistant.Deps{Config: cfg, Index: ix, Embedder: emb, Model: lc, Backend: store, Handoffs: queue})
					ans, err := assistant.NewSession(p, assistant.SessionOptions{}).Send(ctx, benchQuestion, nil)
					if err != nil || ans.Route != assistant.RouteFAQ || ans.Fallback {
						b.Fatalf("%v %+v", err, ans)
					}
					db.Close()
				}
			})

			// The retrieval alone, as the server's pipeline runs it: what of
			// the server's time the index size costs.
			b.Run("search", func(b *testing.B) {
				live, err := server.OpenIndex(indexDir, nil)
				if err != nil {
					b.Fatal(err)
				}
				// Resident, as a server is: its vector scan is built.
				live.Index().WaitVectorScan()
				for b.Loop() {
					res, err := live.Search(ctx, benchQuestion, retrieval.SearchOptions{K: cfg.Retrieval.TopK, Fusion: cfg.Retrieval.Fusion}, emb)
					if err != nil || res.Mode != "hybrid" || len(res.Hits) == 0 {
						b.Fatalf("%v %+v", err, res)
					}
				}
			})

			b.Run("server", func(b *testing.B) {
				live, err := server.OpenIndex(indexDir, nil)
				if err != nil {
					b.Fatal(err)
				}
				live.Index().WaitVectorScan()
				db, store, queue := openStores(b, dbPath)
				defer db.Close()
				p := assistant.New(assistant.Deps{Config: cfg, Index: live, Embedder: emb, Model: lc, Backend: store, Handoffs: queue})
				srv, err := server.New(server.Options{Pipeline: p, Index: live, Embedder: emb, Config: cfg, Handoffs: queue})
				if err != nil {
					b.Fatal(err)
				}
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					b.Fatal(err)
				}
				sctx, stop := context.WithCancel(ctx)
				done := make(chan error, 1)
				go func() { done <- srv.Serve(sctx, ln) }()
				defer func() { stop(); <-done }()
				c, err := client.New("http://"+ln.Addr().String(), "", nil)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					ans, err := c.Ask(ctx, client.AskRequest{Question: benchQuestion}, nil)
					if err != nil || ans.Route != assistant.RouteFAQ || ans.Fallback {
						b.Fatalf("%v %+v", err, ans)
					}
				}
			})
		})
	}
}
