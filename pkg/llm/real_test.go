package llm_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestRealOllama runs pkg/llm against a real `ollama serve` with tiny
// random-weight models; it checks the plumbing, not answer quality.
func TestRealOllama(t *testing.T) {
	r := ollamatest.StartReal(t, "cafebot-faq", "cafebot-embed")
	c := r.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	t.Run("Version", func(t *testing.T) {
		if _, err := c.Version(ctx); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("ListShowsCreatedModels", func(t *testing.T) {
		models, err := c.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, m := range models {
			names = append(names, m.Name)
			if m.Family != ollamatest.TinyFamily || m.Size == 0 {
				t.Errorf("model %s: family %q size %d, want %q and a size", m.Name, m.Family, m.Size, ollamatest.TinyFamily)
			}
		}
		slices.Sort(names)
		if want := []string{"cafebot-embed:latest", "cafebot-faq:latest"}; !slices.Equal(names, want) {
			t.Errorf("List = %v, want %v", names, want)
		}
	})

	t.Run("StreamingChat", func(t *testing.T) {
		var chunks []string
		resp, err := c.Chat(ctx, llm.ChatRequest{
			Model:     "cafebot-faq",
			Messages:  []llm.Message{{Role: "system", Content: "Answer briefly."}, {Role: "user", Content: "Is the killer brownie gluten free? Café ñ ☕"}},
			NumCtx:    2048,
			KeepAlive: 5 * time.Minute,
		}, func(s string) error {
			chunks = append(chunks, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(chunks) < 2 {
			t.Errorf("got %d chunks, want a streamed reply of several", len(chunks))
		}
		if strings.TrimSpace(resp.Message.Content) == "" || resp.Message.Content != strings.Join(chunks, "") {
			t.Errorf("content %q is empty or differs from the chunks %q", resp.Message.Content, chunks)
		}
		if resp.DoneReason == "" || resp.PromptTokens == 0 || resp.OutputTokens == 0 {
			t.Errorf("done chunk: reason %q, prompt tokens %d, output tokens %d; want all set", resp.DoneReason, resp.PromptTokens, resp.OutputTokens)
		}
	})

	t.Run("ChatWithTools", func(t *testing.T) {
		// The tiny model will not call a tool, but Ollama must accept tools
		// for a model whose template has them.
		_, err := c.Chat(ctx, llm.ChatRequest{
			Model:    "cafebot-faq",
			Messages: []llm.Message{{Role: "user", Content: "How many points do I have?"}},
			Tools:    []llm.Tool{{Name: "loyalty_balance", Description: "Points.", Params: []llm.Param{{Name: "phone", Type: "string", Required: true}}}},
			NumCtx:   2048,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Embed", func(t *testing.T) {
		for _, model := range []string{"cafebot-embed", "cafebot-faq"} {
			vecs, err := c.Embed(ctx, model, []string{"refund policy", "Sunday hours at Harbour Street", "ñ ☕"}, time.Minute)
			if err != nil {
				t.Fatalf("%s: %v", model, err)
			}
			if len(vecs) != 3 {
				t.Fatalf("%s: got %d vectors, want 3", model, len(vecs))
			}
			for i, v := range vecs {
				if len(v) != ollamatest.TinyEmbeddingDim {
					t.Errorf("%s: vector %d has %d dimensions, want %d", model, i, len(v), ollamatest.TinyEmbeddingDim)
				}
				var norm float64
				for _, x := range v {
					norm += float64(x) * float64(x)
				}
				if math.Abs(norm-1) > 1e-3 {
					t.Errorf("%s: vector %d has squared norm %v, want Ollama's normalised 1", model, i, norm)
				}
			}
		}
	})

	t.Run("Show", func(t *testing.T) {
		info, err := c.Show(ctx, "cafebot-faq")
		if err != nil {
			t.Fatal(err)
		}
		if info.ContextLength != ollamatest.TinyContextLength || info.Family != ollamatest.TinyFamily {
			t.Errorf("Show = %+v, want context length %d and family %q", info, ollamatest.TinyContextLength, ollamatest.TinyFamily)
		}
		if !slices.Contains(info.Capabilities, "completion") || !slices.Contains(info.Capabilities, "tools") {
			t.Errorf("chat model capabilities = %v, want completion and tools", info.Capabilities)
		}
		emb, err := c.Show(ctx, "cafebot-embed")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(emb.Capabilities, []string{"embedding"}) {
			t.Errorf("embedding model capabilities = %v, want [embedding]", emb.Capabilities)
		}
	})

	t.Run("UnknownModel", func(t *testing.T) {
		_, err := c.Chat(ctx, userChat("cafebot-nope", "hi"), nil)
		if !errors.Is(err, llm.ErrModelNotFound) {
			t.Errorf("chat: err = %v, want ErrModelNotFound", err)
		}
		if _, err := c.Embed(ctx, "cafebot-nope", []string{"x"}, 0); !errors.Is(err, llm.ErrModelNotFound) {
			t.Errorf("embed: err = %v, want ErrModelNotFound", err)
		}
		if _, err := c.Show(ctx, "cafebot-nope"); !errors.Is(err, llm.ErrModelNotFound) {
			t.Errorf("show: err = %v, want ErrModelNotFound", err)
		}
		if err := c.Unload(ctx, "cafebot-nope"); !errors.Is(err, llm.ErrModelNotFound) {
			t.Errorf("unload: err = %v, want ErrModelNotFound", err)
		}
	})

	t.Run("RunningAfterChatThenUnload", func(t *testing.T) {
		if _, err := c.Chat(ctx, llm.ChatRequest{Model: "cafebot-faq", Messages: []llm.Message{{Role: "user", Content: "hi"}}, NumCtx: 2048, KeepAlive: 10 * time.Minute}, nil); err != nil {
			t.Fatal(err)
		}
		running, err := c.Running(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(running, func(m llm.RunningModel) bool { return m.Name == "cafebot-faq:latest" })
		if i < 0 {
			t.Fatalf("Running = %+v, want cafebot-faq:latest", running)
		}
		if until := time.Until(running[i].ExpiresAt); until < 5*time.Minute {
			t.Errorf("expires in %v, want about the 10m keep_alive", until)
		}
		if err := c.Unload(ctx, "cafebot-faq"); err != nil {
			t.Fatal(err)
		}
		// Ollama unloads in the background after answering.
		waitFor(t, "cafebot-faq to unload", func() bool {
			running, err := c.Running(ctx)
			return err == nil && !slices.ContainsFunc(running, func(m llm.RunningModel) bool { return m.Name == "cafebot-faq:latest" })
		})
	})

	t.Run("CancelMidStream", func(t *testing.T) {
		cctx, ccancel := context.WithCancel(ctx)
		defer ccancel()
		n := 0
		_, err := c.Chat(cctx, llm.ChatRequest{Model: "cafebot-faq", Messages: []llm.Message{{Role: "user", Content: "tell me everything"}}, NumCtx: 2048}, func(string) error {
			n++
			ccancel()
			return nil
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v after %d chunks, want context.Canceled", err, n)
		}
	})

	t.Run("ServerStopped", func(t *testing.T) {
		r.Stop()
		if _, err := c.Version(ctx); !errors.Is(err, llm.ErrUnreachable) {
			t.Errorf("err = %v, want ErrUnreachable once the server stopped", err)
		}
	})
}
