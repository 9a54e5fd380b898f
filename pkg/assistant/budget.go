package assistant

import (
	"context"
	"sync"

	"github.com/cafebot/cafebot/pkg/llm"
)

const (
	// defaultNumCtx is used when a model does not say its context length.
	defaultNumCtx = 4096
	// replyReserve is the part of the window kept for the model's answer.
	replyReserve = 512
	// charsPerToken is a conservative estimate for English text with Llama
	// and Qwen tokenizers (they average nearer 4): overestimating tokens
	// drops a passage too many rather than letting Ollama truncate the
	// prompt, which silently cuts the system prompt and causes wrong answers.
	charsPerToken = 3.2
	// perMessageTokens covers the chat template's role markers.
	perMessageTokens = 8
)

// estimateTokens returns a conservative token count for s.
func estimateTokens(s string) int {
	return int(float64(len(s))/charsPerToken) + 1
}

// windows remembers each model's num_ctx so every request to the same model
// sends the same value: a changed num_ctx makes Ollama reload the model.
type windows struct {
	show func(ctx context.Context, model string) (llm.ModelInfo, error)
	mu   sync.Mutex
	n    map[string]int
}

// numCtx returns the context window to request for model: the num_ctx the
// role's Modelfile set, else the model's trained context length capped at
// defaultNumCtx (a 128k window would cost gigabytes of KV cache on a café's
// machine), else defaultNumCtx when Ollama cannot be asked.
func (w *windows) numCtx(ctx context.Context, model string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if n, ok := w.n[model]; ok {
		return n
	}
	n := defaultNumCtx
	if w.show != nil {
		info, err := w.show(ctx, model)
		if err != nil {
			// Not cached: the next request asks again once Ollama is back.
			return n
		}
		switch {
		case info.NumCtx > 0:
			n = info.NumCtx
		case info.ContextLength > 0 && info.ContextLength < n:
			n = info.ContextLength
		}
	}
	if w.n == nil {
		w.n = map[string]int{}
	}
	w.n[model] = n
	return n
}

// fitPassages keeps the highest-ranked passages that fit in budget tokens,
// dropping from the lowest rank up. It returns the kept ones and how many
// were dropped.
func fitPassages(ps []Source, budget int) (kept []Source, dropped int) {
	used := 0
	for i, p := range ps {
		t := estimateTokens(p.Source+p.Section+p.Text) + 12
		if used+t > budget {
			return ps[:i], len(ps) - i
		}
		used += t
	}
	return ps, 0
}

// fitHistory keeps the most recent turns that fit in budget tokens.
func fitHistory(h []Turn, budget int) []Turn {
	used := 0
	for i := len(h) - 1; i >= 0; i-- {
		used += estimateTokens(h[i].Text) + perMessageTokens
		if used > budget {
			return h[i+1:]
		}
	}
	return h
}
