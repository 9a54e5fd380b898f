package llm_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// newFake starts a fake Ollama and a client pointed at it.
func newFake(t *testing.T) (*ollamatest.Fake, *llm.Client) {
	t.Helper()
	f := ollamatest.NewFake(t)
	c, err := llm.New(f.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

func ptr[T any](v T) *T { return &v }

func userChat(model, text string) llm.ChatRequest {
	return llm.ChatRequest{Model: model, Messages: []llm.Message{{Role: "user", Content: text}}}
}

// waitFor polls cond until it holds; the fake records some things from the
// server goroutine after the client has already returned.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestChatStreamsChunksInOrder(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	chunks := []string{"The killer ", "brownie is ", "not gluten ", "free [menu.md]."}
	f.Script(ollamatest.Reply{Chunks: chunks, PromptTokens: 321, OutputTokens: 17})

	var got []string
	resp, err := c.Chat(context.Background(), userChat("cafebot-faq", "Is the killer brownie gluten free?"), func(s string) error {
		got = append(got, s)
		return nil
	})
	if err != nil {
		t.Fatalf("Chat: %v", err)
	}
	if diff := cmp.Diff(chunks, got); diff != "" {
		t.Errorf("onToken chunks (-want +got):\n%s", diff)
	}
	want := llm.ChatResponse{
		Model:        "cafebot-faq",
		Message:      llm.Message{Role: "assistant", Content: strings.Join(chunks, "")},
		DoneReason:   "stop",
		PromptTokens: 321,
		OutputTokens: 17,
	}
	resp.LoadDuration = 0 // reported by the server, varies
	if diff := cmp.Diff(want, resp); diff != "" {
		t.Errorf("response (-want +got):\n%s", diff)
	}
}

func TestChatNilOnToken(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	f.ReplyWith("a", "b")
	resp, err := c.Chat(context.Background(), userChat("cafebot-faq", "hi"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Message.Content != "ab" {
		t.Errorf("content = %q, want %q", resp.Message.Content, "ab")
	}
}

func TestChatSendsOptions(t *testing.T) {
	tests := []struct {
		name          string
		req           llm.ChatRequest
		wantOptions   map[string]any
		wantKeepAlive time.Duration
		wantKeepSet   bool
	}{
		{
			name:        "defaults leave options and keep_alive out",
			req:         llm.ChatRequest{},
			wantOptions: nil,
		},
		{
			name:          "num_ctx, temperature and keep_alive",
			req:           llm.ChatRequest{NumCtx: 4096, Temperature: ptr(0.2), KeepAlive: 10 * time.Minute},
			wantOptions:   map[string]any{"num_ctx": 4096.0, "temperature": 0.2},
			wantKeepAlive: 10 * time.Minute,
			wantKeepSet:   true,
		},
		{
			name:          "zero temperature is still sent",
			req:           llm.ChatRequest{Temperature: ptr(0.0), KeepAlive: 30 * time.Second},
			wantOptions:   map[string]any{"temperature": 0.0},
			wantKeepAlive: 30 * time.Second,
			wantKeepSet:   true,
		},
		{
			name:          "negative keep_alive keeps the model loaded forever",
			req:           llm.ChatRequest{KeepAlive: -1},
			wantKeepAlive: 1<<63 - 1,
			wantKeepSet:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := newFake(t)
			f.AddModel("cafebot-faq")
			f.ReplyWith("ok")
			req := tt.req
			req.Model = "cafebot-faq"
			req.Messages = []llm.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "hi"}}
			if _, err := c.Chat(context.Background(), req, nil); err != nil {
				t.Fatal(err)
			}
			reqs := f.Requests()
			if len(reqs) != 1 {
				t.Fatalf("fake saw %d chat requests, want 1", len(reqs))
			}
			got := reqs[0]
			if len(got.Options) == 0 {
				got.Options = nil
			}
			if diff := cmp.Diff(tt.wantOptions, got.Options); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
			ka, set := got.KeepAliveDuration()
			if ka != tt.wantKeepAlive || set != tt.wantKeepSet {
				t.Errorf("keep_alive = %v (set %v), want %v (set %v); raw %s", ka, set, tt.wantKeepAlive, tt.wantKeepSet, got.KeepAlive)
			}
			wantMsgs := []ollamatest.Message{{Role: "system", Content: "be brief"}, {Role: "user", Content: "hi"}}
			if diff := cmp.Diff(wantMsgs, got.Messages); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
			if got.Stream != nil && !*got.Stream {
				t.Errorf("stream = false, want the streaming default")
			}
		})
	}
}

func TestChatNumCtxIsStableAcrossCalls(t *testing.T) {
	// A changed num_ctx makes Ollama reload the model, so the same request
	// must send the same num_ctx every time.
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	f.ReplyWith("ok")
	for range 3 {
		if _, err := c.Chat(context.Background(), llm.ChatRequest{Model: "cafebot-faq", NumCtx: 2048, Messages: []llm.Message{{Role: "user", Content: "x"}}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range f.Requests() {
		if r.NumCtx() != 2048 {
			t.Errorf("request %d num_ctx = %d, want 2048", i, r.NumCtx())
		}
	}
}

func TestChatTools(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-tools")
	wantCalls := []llm.ToolCall{
		{Name: "loyalty_balance", Arguments: map[string]any{}},
		{Name: "issue_refund", Arguments: map[string]any{"order_id": "A-1001", "amount": 4.5}},
	}
	f.Script(ollamatest.Reply{ToolCalls: []ollamatest.ToolCall{
		{Name: "loyalty_balance"},
		{Name: "issue_refund", Arguments: map[string]any{"order_id": "A-1001", "amount": 4.5}},
	}})
	tools := []llm.Tool{
		{Name: "loyalty_balance", Description: "Return the customer's points."},
		{Name: "issue_refund", Description: "Refund an order.", Params: []llm.Param{
			{Name: "order_id", Type: "string", Description: "The order.", Required: true},
			{Name: "amount", Type: "number", Description: "Dollars."},
			{Name: "reason", Type: "string", Enum: []string{"wrong", "late"}},
		}},
	}
	history := []llm.Message{
		{Role: "user", Content: "refund A-1000"},
		{Role: "assistant", ToolCalls: []llm.ToolCall{{Name: "issue_refund", Arguments: map[string]any{"order_id": "A-1000"}}}},
		{Role: "tool", Content: `{"ok":true}`},
		{Role: "user", Content: "and my points, and refund A-1001"},
	}
	resp, err := c.Chat(context.Background(), llm.ChatRequest{Model: "cafebot-tools", Messages: history, Tools: tools}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantCalls, resp.Message.ToolCalls); diff != "" {
		t.Errorf("tool calls (-want +got):\n%s", diff)
	}

	got := f.Requests()[0]
	wantTools := []ollamatest.Tool{
		{Type: "function", Name: "loyalty_balance", Description: "Return the customer's points.",
			Parameters: ollamatest.ToolParams{Type: "object", Required: []string{}, Properties: map[string]ollamatest.ToolProperty{}}},
		{Type: "function", Name: "issue_refund", Description: "Refund an order.",
			Parameters: ollamatest.ToolParams{Type: "object", Required: []string{"order_id"}, Properties: map[string]ollamatest.ToolProperty{
				"order_id": {Type: "string", Description: "The order."},
				"amount":   {Type: "number", Description: "Dollars."},
				"reason":   {Type: "string", Enum: []string{"wrong", "late"}},
			}}},
	}
	if diff := cmp.Diff(wantTools, got.Tools); diff != "" {
		t.Errorf("tools sent (-want +got):\n%s", diff)
	}
	wantHistory := []ollamatest.Message{
		{Role: "user", Content: "refund A-1000"},
		{Role: "assistant", ToolCalls: []ollamatest.ToolCall{{Name: "issue_refund", Arguments: map[string]any{"order_id": "A-1000"}}}},
		{Role: "tool", Content: `{"ok":true}`},
		{Role: "user", Content: "and my points, and refund A-1001"},
	}
	if diff := cmp.Diff(wantHistory, got.Messages); diff != "" {
		t.Errorf("history sent (-want +got):\n%s", diff)
	}
}

func TestChatToolsUnsupported(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq", ollamatest.NoTools())
	_, err := c.Chat(context.Background(), llm.ChatRequest{
		Model: "cafebot-faq", Messages: []llm.Message{{Role: "user", Content: "x"}},
		Tools: []llm.Tool{{Name: "t"}},
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "does not support tools") {
		t.Fatalf("err = %v, want Ollama's 'does not support tools'", err)
	}
	if errors.Is(err, llm.ErrModelNotFound) || errors.Is(err, llm.ErrUnreachable) {
		t.Errorf("err = %v, must be neither ErrModelNotFound nor ErrUnreachable", err)
	}
}

func TestModelNotFound(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
	}{
		{"chat", func() error { _, err := c.Chat(ctx, userChat("cafebot-nope", "hi"), nil); return err }},
		{"embed", func() error { _, err := c.Embed(ctx, "cafebot-nope", []string{"x"}, 0); return err }},
		{"show", func() error { _, err := c.Show(ctx, "cafebot-nope"); return err }},
		{"unload", func() error { return c.Unload(ctx, "cafebot-nope") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if !errors.Is(err, llm.ErrModelNotFound) {
				t.Fatalf("err = %v, want ErrModelNotFound", err)
			}
			if errors.Is(err, llm.ErrUnreachable) {
				t.Errorf("err = %v is also ErrUnreachable", err)
			}
			if !strings.Contains(err.Error(), "cafebot-nope") {
				t.Errorf("err = %v, want it to name the model", err)
			}
			hint := llm.Hint(err, "cafebot-nope")
			if !strings.Contains(hint, "cafebot models setup") || !strings.Contains(hint, "cafebot-nope") {
				t.Errorf("Hint = %q, want `cafebot models setup` and the model name", hint)
			}
		})
	}
	if hint := llm.Hint(llm.ErrModelNotFound, ""); !strings.Contains(hint, "cafebot models setup") {
		t.Errorf("Hint without a model = %q, want `cafebot models setup`", hint)
	}
}

func TestUnreachable(t *testing.T) {
	down := ollamatest.NewFake(t)
	down.SetDown(true)
	closed := ollamatest.NewFake(t)
	closed.Close()
	for name, url := range map[string]string{
		"nothing listens":    ollamatest.DeadURL(t),
		"connection hung up": down.URL,
		"server closed":      closed.URL,
	} {
		t.Run(name, func(t *testing.T) {
			c, err := llm.New(url, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			calls := map[string]func() error{
				"chat":    func() error { _, err := c.Chat(ctx, userChat("m", "hi"), nil); return err },
				"embed":   func() error { _, err := c.Embed(ctx, "m", []string{"x"}, 0); return err },
				"show":    func() error { _, err := c.Show(ctx, "m"); return err },
				"list":    func() error { _, err := c.List(ctx); return err },
				"running": func() error { _, err := c.Running(ctx); return err },
				"version": func() error { _, err := c.Version(ctx); return err },
				"pull":    func() error { return c.Pull(ctx, "m", nil) },
			}
			for op, call := range calls {
				err := call()
				if !errors.Is(err, llm.ErrUnreachable) {
					t.Errorf("%s: err = %v, want ErrUnreachable", op, err)
					continue
				}
				if hint := llm.Hint(err, "m"); !strings.Contains(hint, "ollama serve") {
					t.Errorf("%s: Hint = %q, want it to suggest `ollama serve`", op, hint)
				}
			}
		})
	}
}

func TestChatCancelMidStream(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	// The second chunk would take an hour: only the cancellation can end
	// the stream.
	f.Script(ollamatest.Reply{Chunks: []string{"first", "second", "third"}, Delay: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var got []string
	resp, err := c.Chat(ctx, userChat("cafebot-faq", "hi"), func(s string) error {
		got = append(got, s)
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if errors.Is(err, llm.ErrUnreachable) {
		t.Errorf("err = %v: a cancelled chat is not an unreachable server", err)
	}
	if diff := cmp.Diff([]string{"first"}, got); diff != "" {
		t.Errorf("chunks before the cancel (-want +got):\n%s", diff)
	}
	if resp.Message.Content != "first" {
		t.Errorf("partial content = %q, want %q", resp.Message.Content, "first")
	}
	waitFor(t, "the fake to see the stream cut", func() bool { return f.Cuts() == 1 })
}

func TestChatOnTokenErrorStopsStream(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	f.Script(ollamatest.Reply{Chunks: []string{"one", "two", "three"}})
	stop := errors.New("enough")
	var got []string
	_, err := c.Chat(context.Background(), userChat("cafebot-faq", "hi"), func(s string) error {
		got = append(got, s)
		if len(got) == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want the onToken error", err)
	}
	if diff := cmp.Diff([]string{"one", "two"}, got); diff != "" {
		t.Errorf("chunks (-want +got):\n%s", diff)
	}
}

func TestChatServerGoneMidStream(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq")
	f.Script(ollamatest.Reply{Chunks: []string{"first", "second"}, Delay: time.Hour})
	resp, err := c.Chat(context.Background(), userChat("cafebot-faq", "hi"), func(string) error {
		go f.Close() // the server dies after the first chunk
		return nil
	})
	if !errors.Is(err, llm.ErrUnreachable) {
		t.Fatalf("err = %v, want ErrUnreachable for a stream that ended before done", err)
	}
	if resp.Message.Content != "first" {
		t.Errorf("partial content = %q, want %q", resp.Message.Content, "first")
	}
}

func TestChatErrors(t *testing.T) {
	tests := []struct {
		name    string
		reply   ollamatest.Reply
		wantErr string
	}{
		{"status with message", ollamatest.Reply{Status: 500, Error: "llama runner process has terminated: signal: killed"}, "llama runner process has terminated"},
		{"busy server", ollamatest.Reply{Status: 503, Error: "server busy, please try again.  maximum pending requests exceeded"}, "server busy"},
		{"mid-stream runner failure", ollamatest.Reply{Chunks: []string{"partial"}, Error: "an error was encountered while running the model"}, "an error was encountered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := newFake(t)
			f.AddModel("cafebot-faq")
			f.Script(tt.reply)
			_, err := c.Chat(context.Background(), userChat("cafebot-faq", "hi"), nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), "chat cafebot-faq: ") {
				t.Errorf("err = %q, want the %q context prefix", err, "chat cafebot-faq: ")
			}
			if errors.Is(err, llm.ErrModelNotFound) || errors.Is(err, llm.ErrUnreachable) {
				t.Errorf("err = %v must be neither ErrModelNotFound nor ErrUnreachable", err)
			}
			if hint := llm.Hint(err, "cafebot-faq"); hint != "" {
				t.Errorf("Hint = %q, want none for a server-side failure", hint)
			}
		})
	}
}

func TestChatWithEmbeddingModel(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-embed", ollamatest.Embedding())
	_, err := c.Chat(context.Background(), userChat("cafebot-embed", "hi"), nil)
	if err == nil || !strings.Contains(err.Error(), "does not support chat") {
		t.Fatalf("err = %v, want Ollama's 'does not support chat'", err)
	}
}

func TestEmbed(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-embed", ollamatest.EmbeddingDim(64))
	inputs := []string{"How do refunds work?", "Refunds are issued within 30 days.", "Sunday opening hours"}
	vecs, err := c.Embed(context.Background(), "cafebot-embed", inputs, 30*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(inputs) {
		t.Fatalf("got %d vectors for %d inputs", len(vecs), len(inputs))
	}
	for i, v := range vecs {
		if diff := cmp.Diff(ollamatest.HashEmbedding(inputs[i], 64), v); diff != "" {
			t.Errorf("vector %d (-want +got):\n%s", i, diff)
		}
	}
	calls := f.EmbedCalls()
	if len(calls) != 1 {
		t.Fatalf("fake saw %d embed calls, want 1 batched call", len(calls))
	}
	if diff := cmp.Diff(inputs, calls[0].Input); diff != "" {
		t.Errorf("inputs sent (-want +got):\n%s", diff)
	}
	if ka, _ := ollamatestKeepAlive(calls[0]); ka != 30*time.Minute {
		t.Errorf("keep_alive = %v, want 30m", ka)
	}
	if f.EmbeddedInputs() != 3 {
		t.Errorf("EmbeddedInputs = %d, want 3", f.EmbeddedInputs())
	}
}

func ollamatestKeepAlive(e ollamatest.EmbedRequest) (time.Duration, bool) {
	return ollamatest.ChatRequest{KeepAlive: e.KeepAlive}.KeepAliveDuration()
}

func TestEmbedEmpty(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-embed", ollamatest.Embedding())
	vecs, err := c.Embed(context.Background(), "cafebot-embed", nil, 0)
	if err != nil || len(vecs) != 0 {
		t.Fatalf("Embed(nil) = %d vectors, %v; want none and no error", len(vecs), err)
	}
	// An empty string inside the input list is embedded like any text
	// (Ollama embeds the lone BOS token).
	vecs, err = c.Embed(context.Background(), "cafebot-embed", []string{""}, 0)
	if err != nil || len(vecs) != 1 {
		t.Fatalf("Embed([\"\"]) = %d vectors, %v; want one", len(vecs), err)
	}
}

func TestShow(t *testing.T) {
	f, c := newFake(t)
	f.AddModel("cafebot-faq", ollamatest.ContextLength(8192), ollamatest.NumCtx(4096))
	f.AddModel("cafebot-embed", ollamatest.Embedding())
	tests := []struct {
		model string
		want  llm.ModelInfo
	}{
		{"cafebot-faq", llm.ModelInfo{Name: "cafebot-faq", Family: "llama", ParameterSize: "1B", Quantization: "Q4_K_M",
			ContextLength: 8192, NumCtx: 4096, Capabilities: []string{"completion", "tools"}}},
		{"cafebot-embed", llm.ModelInfo{Name: "cafebot-embed", Family: "nomic-bert", ParameterSize: "1B", Quantization: "F16",
			ContextLength: 2048, Capabilities: []string{"embedding"}}},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			got, err := c.Show(context.Background(), tt.model)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Show (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListRunningVersion(t *testing.T) {
	f, c := newFake(t)
	ctx := context.Background()
	f.AddModel("cafebot-faq")
	f.AddModel("cafebot-embed", ollamatest.Embedding())
	f.AddModel("llama3.2:3b-instruct-q4_K_M")

	models, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range models {
		names = append(names, m.Name+" "+m.Family)
	}
	want := []string{"cafebot-embed:latest nomic-bert", "cafebot-faq:latest llama", "llama3.2:3b-instruct-q4_K_M llama"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}

	running := func() []string {
		t.Helper()
		rs, err := c.Running(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	if got := running(); len(got) != 0 {
		t.Errorf("Running before any use = %v, want none", got)
	}
	f.ReplyWith("ok")
	if _, err := c.Chat(ctx, llm.ChatRequest{Model: "cafebot-faq", Messages: []llm.Message{{Role: "user", Content: "x"}}, KeepAlive: time.Hour}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Embed(ctx, "cafebot-embed", []string{"x"}, -1); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cafebot-embed:latest", "cafebot-faq:latest"}, running()); diff != "" {
		t.Errorf("Running after chat and embed (-want +got):\n%s", diff)
	}
	if err := c.Unload(ctx, "cafebot-faq"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"cafebot-embed:latest"}, running()); diff != "" {
		t.Errorf("Running after Unload (-want +got):\n%s", diff)
	}

	v, err := c.Version(ctx)
	if err != nil || v != ollamatest.FakeVersion {
		t.Errorf("Version = %q, %v; want %q", v, err, ollamatest.FakeVersion)
	}
}

func TestPull(t *testing.T) {
	f, c := newFake(t)
	var statuses []string
	var last llm.Progress
	err := c.Pull(context.Background(), "llama3.2:3b-instruct-q4_K_M", func(p llm.Progress) {
		if len(statuses) == 0 || statuses[len(statuses)-1] != p.Status {
			statuses = append(statuses, p.Status)
		}
		if p.Total > 0 {
			last = p
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if statuses[0] != "pulling manifest" || statuses[len(statuses)-1] != "success" {
		t.Errorf("statuses = %q, want pulling manifest … success", statuses)
	}
	if last.Total == 0 || last.Completed != last.Total || !strings.HasPrefix(last.Digest, "sha256:") {
		t.Errorf("last byte progress = %+v, want a finished download with a digest", last)
	}
	if diff := cmp.Diff([]string{"llama3.2:3b-instruct-q4_K_M"}, f.Models()); diff != "" {
		t.Errorf("models after pull (-want +got):\n%s", diff)
	}
}

func TestPullFailure(t *testing.T) {
	tests := []struct {
		name, msg, wantErr string
	}{
		{"registry offline", "", `pull llama3.2:1b: pull model manifest: Get "https://registry.ollama.ai/v2/library/llama3.2/manifests/1b"`},
		{"unknown model", "pull model manifest: file does not exist", "pull llama3.2:1b: pull model manifest: file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := newFake(t)
			f.FailPull(tt.msg)
			var statuses []string
			err := c.Pull(context.Background(), "llama3.2:1b", func(p llm.Progress) { statuses = append(statuses, p.Status) })
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want prefix %q", err, tt.wantErr)
			}
			// Ollama itself answered: this is a registry problem, not an
			// unreachable Ollama.
			if errors.Is(err, llm.ErrUnreachable) {
				t.Errorf("err = %v is ErrUnreachable", err)
			}
			if diff := cmp.Diff([]string{"pulling manifest"}, statuses); diff != "" {
				t.Errorf("progress before the failure (-want +got):\n%s", diff)
			}
			if len(f.Models()) != 0 {
				t.Errorf("models after a failed pull = %v, want none", f.Models())
			}
		})
	}
}
