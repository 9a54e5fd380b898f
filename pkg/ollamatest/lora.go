package ollamatest

import (
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/ollama/ollama/fs/ggml"
)

// TinyLoRARank is the rank of the adapter WriteTinyLoRA writes.
const TinyLoRARank = 4

// WriteTinyLoRA writes a GGUF LoRA adapter for the tiny chat model
// StartReal creates (TinyChat): general.type "adapter", adapter.type
// "lora", adapter.lora.alpha, and a lora_a/lora_b pair for the attention
// query and value matrices of every block, shaped as llama.cpp checks
// them against the base (lora_a is rank × n_embd, lora_b n_out × rank).
// Its updates are small, so the adapted model still streams words.
func WriteTinyLoRA(path string) error {
	const d, r = TinyEmbeddingDim, TinyLoRARank
	kv := ggml.KV{
		"general.architecture": "llama",
		"general.type":         "adapter",
		"general.name":         "cafebot-tiny-lora",
		"adapter.type":         "lora",
		"adapter.lora.alpha":   float32(2 * r),
	}
	rng := rand.New(rand.NewPCG(0x10a, 0xada))
	normal := func(n int, std float64) f32s {
		out := make(f32s, n)
		for i := range out {
			out[i] = float32(rng.NormFloat64() * std)
		}
		return out
	}
	var ts []ggml.Tensor
	for i := range tinyBlocks {
		for _, m := range []string{"attn_q", "attn_v"} {
			name := fmt.Sprintf("blk.%d.%s.weight", i, m)
			ts = append(ts,
				ggml.Tensor{Name: name + ".lora_a", Kind: kindF32, Shape: []uint64{r, d}, WriterTo: normal(r*d, 0.1)},
				ggml.Tensor{Name: name + ".lora_b", Kind: kindF32, Shape: []uint64{d, r}, WriterTo: normal(d*r, 0.01)},
			)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write tiny lora: %w", err)
	}
	if err := ggml.WriteGGUF(f, kv, ts); err != nil {
		f.Close()
		return fmt.Errorf("write tiny lora: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write tiny lora: %w", err)
	}
	return nil
}
