package assistant

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// cacheLine is the llama runner's debug line for each request: how many of
// the prompt's tokens came from the cache ("used") and how many were
// evaluated ("remaining").
var cacheLine = regexp.MustCompile(`msg="loading cache slot".* prompt=(\d+) used=(\d+) remaining=(\d+)`)

// cacheUse returns the used and remaining counts of the runner's n-th
// request (from 0), or -1s when the log does not have it.
func cacheUse(log string, n int) (used, remaining int) {
	ms := cacheLine.FindAllStringSubmatch(log, -1)
	if n >= len(ms) {
		return -1, -1
	}
	used, _ = strconv.Atoi(ms[n][2])
	remaining, _ = strconv.Atoi(ms[n][3])
	return used, remaining
}

// recordingModel passes chats to a real server and keeps each request's
// prompt_eval_count.
type recordingModel struct {
	*llm.Client
	mu     sync.Mutex
	counts []int
	reqs   []llm.ChatRequest
}

func (m *recordingModel) Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error) {
	resp, err := m.Client.Chat(ctx, req, onToken)
	m.mu.Lock()
	m.counts = append(m.counts, resp.PromptTokens)
	m.reqs = append(m.reqs, req)
	m.mu.Unlock()
	return resp, err
}

// first returns the prompt_eval_count of the first model request since
// mark, and a new mark.
func (m *recordingModel) first(mark int) (int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if mark >= len(m.counts) {
		return 0, len(m.counts)
	}
	return m.counts[mark], len(m.counts)
}

// TestRealPromptTokens measures what Ollama v0.6.5 itself reports as
// prompt_eval_count for the pipeline's first transactional and FAQ
// requests, on a real `ollama serve` with the tiny random-weight model
// made with the tools role's own chat template (models/tools.template),
// so the tools are rendered exactly as for the production model. The tiny
// model's vocabulary is mostly single characters, so its counts are close
// to bytes, not BPE tokens: they compare layouts, and show whether Ollama
// reuses the cached prefix, not what a Qwen tokenizer would count.
//
// Each question is asked three times, a minute apart: cold, again by the
// same customer, and a different question of the same sub-intent by
// another customer (the same fixed prefix, a different note).
// Ollama v0.6.5 reports the whole prompt in prompt_eval_count whether or
// not its cache served it (the runner counts the prompt's inputs before
// the cache is consulted), so what the cache saved is read from the
// runner's own debug line ("loading cache slot ... used=N remaining=M").
// Run with CAFEBOT_REAL_OLLAMA=require (fails without an ollama binary) or
// =on (skips without one); unset, it skips, as it takes a few seconds.
func TestRealPromptTokens(t *testing.T) {
	if m := os.Getenv(ollamatest.EnvMode); m == "" || m == "off" {
		t.Skip("measures against a real ollama serve: set " + ollamatest.EnvMode + "=require (or on)")
	}
	t.Setenv("OLLAMA_DEBUG", "1")
	srv := ollamatest.StartReal(t)
	ctx := context.Background()
	if err := ollamatest.WriteTinyGGUF(filepath.Join(srv.Dir, "tiny-chat.gguf"), ollamatest.TinyChat); err != nil {
		t.Fatal(err)
	}
	mf, err := llm.ParseModelfile(strings.NewReader("FROM ./tiny-chat.gguf\nPARAMETER num_thread 1\nPARAMETER num_predict 4\nPARAMETER num_ctx 4096\n" +
		`TEMPLATE """` + modelfiles.Template("tools") + `"""` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"real-tools", "real-faq"} {
		if err := srv.Client().Create(ctx, name, mf, srv.Dir, nil); err != nil {
			t.Fatal(err)
		}
	}
	model := &recordingModel{Client: srv.Client()}
	e := newEnv(t)
	e.cfg.Models.Tools, e.cfg.Models.FAQ = "real-tools", "real-faq"
	ix := bundledIndex(t)
	// The clock moves a minute per question, as at a counter; the third
	// question of each case is another customer's.
	var clockMu sync.Mutex
	now := testNow
	e.p = New(Deps{Config: e.cfg, Index: ix, Model: model, Backend: e.store, Handoffs: e.queue, Now: func() time.Time {
		clockMu.Lock()
		defer clockMu.Unlock()
		return now
	}})

	type askCase struct{ route, first, other string }
	cases := []askCase{
		{"transactional/balance", "How many points do I have?", "My top-up bonus points are missing"},
		{"transactional/refund", "I was charged twice for order 10482, can I get a refund?", "what's happening with my refund?"},
		{"faq", "Is the killer brownie gluten free?", "Do you have oat milk?"},
	}
	mark := 0
	for _, c := range cases {
		var count, used, evaluated [3]int
		approx := 0
		for i, text := range []string{c.first, c.first, c.other} {
			req := Request{Text: text}
			if strings.HasPrefix(c.route, "transactional") {
				req.CustomerID = []string{"C1001", "C1001", "C1002"}[i]
			}
			clockMu.Lock()
			now = now.Add(time.Minute)
			clockMu.Unlock()
			before := mark
			if _, err := e.p.Ask(ctx, req, nil); err != nil {
				t.Fatalf("%s: %v", text, err)
			}
			count[i], mark = model.first(mark)
			used[i], evaluated[i] = cacheUse(srv.Log(), before)
			if i == 0 {
				model.mu.Lock()
				approx = approxTokens(renderPrompt(t, model.reqs[before]))
				model.mu.Unlock()
			}
		}
		t.Logf("REAL %-22s prompt_eval_count %5d / %5d / %5d; evaluated (not from cache) %5d / %5d / %5d (cold / repeated / other customer and question); ~%d BPE-approx tokens",
			c.route, count[0], count[1], count[2], evaluated[0], evaluated[1], evaluated[2], approx)
		if count[0] == 0 {
			t.Errorf("%s: Ollama reported no prompt_eval_count", c.route)
		}
		if used[2] < 0 {
			t.Errorf("%s: the runner log has no cache line for the request", c.route)
		}
	}
}
