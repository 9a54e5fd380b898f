package retrieval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
)

// Embedder turns texts into vectors with one named model.
type Embedder interface {
	// Model returns the embedding model's name, recorded in the index.
	Model() string
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// EmbedClient is the part of *llm.Client the Ollama embedder uses.
type EmbedClient interface {
	Embed(ctx context.Context, model string, inputs []string, keepAlive time.Duration) ([][]float32, error)
}

// OllamaEmbedder embeds with a model served by Ollama.
type OllamaEmbedder struct {
	client    EmbedClient
	model     string
	keepAlive time.Duration
}

// NewOllamaEmbedder returns an Embedder that calls client.Embed with model,
// asking Ollama to keep the model loaded for keepAlive afterwards.
func NewOllamaEmbedder(client EmbedClient, model string, keepAlive time.Duration) *OllamaEmbedder {
	return &OllamaEmbedder{client: client, model: model, keepAlive: keepAlive}
}

// Model returns the Ollama model name.
func (e *OllamaEmbedder) Model() string { return e.model }

// Embed returns one vector per text.
func (e *OllamaEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	return e.client.Embed(ctx, e.model, texts, e.keepAlive)
}

// retryBackoff is the wait before the first retry of a failed embedding
// batch; it doubles for each further attempt. Tests shorten it.
var retryBackoff = 250 * time.Millisecond

const embedAttempts = 3

// embedWithRetry embeds one batch, retrying errors that may pass (a busy
// or restarting runner) but not a missing model, an unreachable server or
// a cancelled context, which retrying cannot fix.
func embedWithRetry(ctx context.Context, emb Embedder, texts []string) ([][]float32, error) {
	var err error
	for attempt := 0; attempt < embedAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(retryBackoff << (attempt - 1)):
			}
		}
		var vecs [][]float32
		vecs, err = emb.Embed(ctx, texts)
		if err == nil {
			if len(vecs) != len(texts) {
				return nil, fmt.Errorf("embed: got %d vectors for %d texts", len(vecs), len(texts))
			}
			return vecs, nil
		}
		if !transient(ctx, err) {
			return nil, err
		}
	}
	return nil, err
}

func transient(ctx context.Context, err error) bool {
	return ctx.Err() == nil &&
		!errors.Is(err, context.Canceled) &&
		!errors.Is(err, llm.ErrModelNotFound) &&
		!errors.Is(err, llm.ErrUnreachable)
}

// normalise scales v to unit length in place so that a dot product is the
// cosine similarity; it reports false for a zero or non-finite vector.
func normalise(v []float32) bool {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return false
	}
	inv := 1 / math.Sqrt(sum)
	for i, x := range v {
		v[i] = float32(float64(x) * inv)
	}
	return true
}
