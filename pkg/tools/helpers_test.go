package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// testNow is the fixed clock of the seeded data and the tools.
var testNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func clock() time.Time { return testNow }

// seededStore returns a fresh SQLite store with the demo data.
func seededStore(t *testing.T) *backend.SQLite { return seededStoreB(t) }

// seededStoreB is seededStore for tests and benchmarks alike.
func seededStoreB(t testing.TB) *backend.SQLite {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := backend.NewSQLite(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	return s
}

func toolbox(s backend.Backend, customer string) *Toolbox {
	return New(s, customer, RulesFrom(config.Default()), clock).WithSession("test-session")
}

func callTool(tb *Toolbox, name string, args map[string]any) Result {
	return tb.Call(context.Background(), llm.ToolCall{Name: name, Arguments: args})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func balance(t *testing.T, s backend.Backend, id string) int {
	t.Helper()
	b, err := s.Balance(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// turn is one scripted model response, or an error.
type turn struct {
	content string
	calls   []llm.ToolCall
	err     error
}

// fakeChat is a scripted model: each Chat returns the next turn, streaming
// its content word by word, and records the request.
type fakeChat struct {
	t      *testing.T
	script []turn
	mu     sync.Mutex
	reqs   []llm.ChatRequest
}

func (f *fakeChat) Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error) {
	f.mu.Lock()
	f.reqs = append(f.reqs, req)
	n := len(f.reqs)
	f.mu.Unlock()
	if n > len(f.script) {
		f.t.Errorf("unexpected model call %d (script has %d)", n, len(f.script))
		return llm.ChatResponse{}, fmt.Errorf("fake model: no more turns")
	}
	tr := f.script[n-1]
	if tr.err != nil {
		return llm.ChatResponse{}, tr.err
	}
	if onToken != nil {
		for _, w := range strings.SplitAfter(tr.content, " ") {
			if err := onToken(w); err != nil {
				return llm.ChatResponse{}, fmt.Errorf("chat fake: %w", err)
			}
		}
	}
	return llm.ChatResponse{
		Model:        "fake-tools",
		Message:      llm.Message{Role: "assistant", Content: tr.content, ToolCalls: tr.calls},
		PromptTokens: 100, OutputTokens: 20,
	}, nil
}

func (f *fakeChat) requests() []llm.ChatRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]llm.ChatRequest(nil), f.reqs...)
}

// sink collects streamed tokens.
type sink struct{ b strings.Builder }

func (s *sink) token(tok string) error {
	s.b.WriteString(tok)
	return nil
}

func user(text string) []llm.Message { return []llm.Message{{Role: "user", Content: text}} }
