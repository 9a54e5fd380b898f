package retrieval

import (
	"bufio"
	"context"
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/textnorm"
)

func init() {
	// Tests must not sleep through real backoff.
	retryBackoff = time.Millisecond
}

// fakeEmbedder is a deterministic embedder: a signed, hashed bag of stemmed
// words (plus word bigrams, so it is not just BM25 in disguise), normalised.
// It counts calls and texts, and can be told to fail.
type fakeEmbedder struct {
	model string
	dim   int

	mu    sync.Mutex
	err   error // returned by every call while set
	fails int   // fail this many calls with errTransient first

	calls atomic.Int64
	texts atomic.Int64
}

func newFake(model string, dim int) *fakeEmbedder { return &fakeEmbedder{model: model, dim: dim} }

func (f *fakeEmbedder) Model() string { return f.model }

func (f *fakeEmbedder) setErr(err error) {
	f.mu.Lock()
	f.err = err
	f.mu.Unlock()
}

func (f *fakeEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	f.calls.Add(1)
	f.mu.Lock()
	err := f.err
	if err == nil && f.fails > 0 {
		f.fails--
		err = errTransient
	}
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	f.texts.Add(int64(len(texts)))
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = hashEmbed(t, f.dim)
	}
	return out, nil
}

type transientError struct{}

func (transientError) Error() string { return "ollama: 503 server busy" }

var errTransient error = transientError{}

func hashEmbed(text string, dim int) []float32 {
	v := make([]float32, dim)
	toks := textnorm.Tokens(text)
	add := func(s string, w float32) {
		h := fnv.New64a()
		h.Write([]byte(s))
		x := h.Sum64()
		sign := float32(1)
		if x>>63 == 1 {
			sign = -1
		}
		v[x%uint64(dim)] += sign * w
	}
	for i, t := range toks {
		add(t, 1)
		if i > 0 {
			add(toks[i-1]+" "+t, 0.5)
		}
	}
	if len(toks) == 0 {
		v[0] = 1
	}
	normalise(v)
	return v
}

type goldenQuery struct {
	Q    string `json:"q"`
	Want string `json:"want"`
}

func readGolden(t testing.TB) []goldenQuery {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "search", "golden.jsonl"))
	if err != nil {
		t.Fatalf("golden questions: %v", err)
	}
	defer f.Close()
	var out []goldenQuery
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var g goldenQuery
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("golden.jsonl line %d: %v", line, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readOffTopic(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "search", "offtopic.txt"))
	if err != nil {
		t.Fatalf("off-topic questions: %v", err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// writeFiles creates files (path → content) under dir.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
