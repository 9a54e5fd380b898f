package assistant

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/retrieval"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// reply is one scripted model answer.
type reply struct {
	chunks []string
	calls  []llm.ToolCall
	err    error
	// block waits for the request's context to be cancelled; ctrlC, if
	// set, is called first: Ctrl-C pressed once the model has started,
	// however long the steps before it took on a loaded machine.
	block bool
	ctrlC func()
}

// fakeModel is a scripted Model: replies are consumed per model name in
// order; an unscripted call fails the test.
type fakeModel struct {
	t       *testing.T
	mu      sync.Mutex
	replies map[string][]reply
	calls   []llm.ChatRequest
	numCtx  map[string]int
	down    error
}

func newFakeModel(t *testing.T) *fakeModel {
	f := &fakeModel{t: t, replies: map[string][]reply{}, numCtx: map[string]int{}}
	t.Cleanup(func() {
		for m, rs := range f.replies {
			if len(rs) > 0 {
				t.Errorf("%d scripted replies for %s were never used", len(rs), m)
			}
		}
	})
	return f
}

func (f *fakeModel) script(model string, rs ...reply) {
	f.replies[model] = append(f.replies[model], rs...)
}

func (f *fakeModel) Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error) {
	f.mu.Lock()
	f.calls = append(f.calls, req)
	if f.down != nil {
		f.mu.Unlock()
		return llm.ChatResponse{}, f.down
	}
	rs := f.replies[req.Model]
	if len(rs) == 0 {
		f.mu.Unlock()
		f.t.Errorf("unscripted chat with %s", req.Model)
		return llm.ChatResponse{}, fmt.Errorf("unscripted chat with %s", req.Model)
	}
	r := rs[0]
	f.replies[req.Model] = rs[1:]
	f.mu.Unlock()

	resp := llm.ChatResponse{Model: req.Model, PromptTokens: 100, Message: llm.Message{Role: "assistant", ToolCalls: r.calls}}
	if r.err != nil {
		return resp, r.err
	}
	var b strings.Builder
	for _, c := range r.chunks {
		if err := ctx.Err(); err != nil {
			resp.Message.Content = b.String()
			return resp, err
		}
		b.WriteString(c)
		resp.OutputTokens++
		if onToken != nil {
			if err := onToken(c); err != nil {
				resp.Message.Content = b.String()
				return resp, fmt.Errorf("chat %s: %w", req.Model, err)
			}
		}
	}
	resp.Message.Content = b.String()
	if r.block {
		if r.ctrlC != nil {
			r.ctrlC()
		}
		<-ctx.Done()
		return resp, fmt.Errorf("chat %s: %w", req.Model, ctx.Err())
	}
	return resp, nil
}

func (f *fakeModel) Show(_ context.Context, model string) (llm.ModelInfo, error) {
	if f.down != nil {
		return llm.ModelInfo{}, f.down
	}
	n := f.numCtx[model]
	if n == 0 {
		n = 4096
	}
	return llm.ModelInfo{Name: model, NumCtx: n, ContextLength: 131072}, nil
}

func (f *fakeModel) requests(model string) []llm.ChatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []llm.ChatRequest
	for _, c := range f.calls {
		if c.Model == model {
			out = append(out, c)
		}
	}
	return out
}

// fakeSearcher returns fixed hits for every query.
type fakeSearcher struct {
	hits    []retrieval.Hit
	queries []string
}

func (s *fakeSearcher) Search(_ context.Context, q string, opt retrieval.SearchOptions, _ retrieval.Embedder) (retrieval.Results, error) {
	s.queries = append(s.queries, q)
	hits := s.hits
	if len(hits) > opt.K {
		hits = hits[:opt.K]
	}
	return retrieval.Results{Query: q, Mode: "lexical", Hits: hits}, nil
}

var brownieHits = []retrieval.Hit{
	{Source: "menu/dietary-guide.md", Section: "Gluten", Text: "The killer brownie contains wheat flour and is not gluten free.", Relevance: 0.8, Score: 0.03},
	{Source: "menu/menu.csv", Section: "Killer Brownie", Text: "item: Killer Brownie; price: 3.95; allergens: wheat; egg; milk", Relevance: 0.6, Score: 0.02},
	{Source: "menu/allergens.md", Section: "Cross-contamination", Text: "Our kitchen handles tree nuts, peanuts and sesame.", Relevance: 0.4, Score: 0.01},
}

// testEnv is a pipeline over fakes and a real SQLite store with the demo
// accounts.
type testEnv struct {
	p      *Pipeline
	model  *fakeModel
	search *fakeSearcher
	queue  *handoff.Queue
	store  *backend.SQLite
	cfg    config.Config
	db     *sql.DB
}

var testNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func newEnv(t *testing.T, edit ...func(*config.Config)) *testEnv {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	store, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Seed(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	q, err := handoff.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	for _, e := range edit {
		e(&cfg)
	}
	e := &testEnv{model: newFakeModel(t), search: &fakeSearcher{hits: brownieHits}, queue: q, store: store, cfg: cfg, db: db}
	e.p = New(Deps{
		Config:   cfg,
		Index:    e.search,
		Model:    e.model,
		Backend:  store,
		Handoffs: q,
		Now:      func() time.Time { return testNow },
	})
	return e
}

// ask runs one message and collects the streamed text.
func (e *testEnv) ask(t *testing.T, req Request) (Answer, string, []Event) {
	t.Helper()
	var streamed strings.Builder
	var events []Event
	ans, err := e.p.Ask(context.Background(), req, func(ev Event) {
		events = append(events, ev)
		if ev.Kind == EventToken {
			streamed.WriteString(ev.Text)
		}
	})
	if err != nil {
		t.Fatalf("Ask(%q): %v", req.Text, err)
	}
	return ans, streamed.String(), events
}
