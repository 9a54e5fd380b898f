package llm_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestCheckImport attacks the pre-upload checks: every input Ollama would
// refuse (or silently misread) is caught from the GGUF header alone.
func TestCheckImport(t *testing.T) {
	dir := t.TempDir()
	f16 := filepath.Join(dir, "f16.gguf")
	f32 := filepath.Join(dir, "f32.gguf")
	lora := filepath.Join(dir, "lora.gguf")
	junk := filepath.Join(dir, "junk.gguf")
	truncated := filepath.Join(dir, "truncated.gguf")
	for _, err := range []error{ollamatest.WriteTinyF16GGUF(f16, false), ollamatest.WriteTinyF16GGUF(f32, true), ollamatest.WriteTinyLoRA(lora)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(junk, []byte("PK\x03\x04 this is a zip, not a gguf"), 0o644)
	b, _ := os.ReadFile(f16)
	os.WriteFile(truncated, b[:64], 0o644)

	tests := []struct {
		name string
		req  llm.ImportRequest
		want error
	}{
		{"F16 to Q4_K_M", llm.ImportRequest{Weights: f16, Quantize: "q4_K_M"}, nil},
		{"F16 to Q8_0, any case", llm.ImportRequest{Weights: f16, Quantize: "Q8_0"}, nil},
		{"F16 as is", llm.ImportRequest{Weights: f16}, nil},
		{"F32 as is", llm.ImportRequest{Weights: f32}, nil},
		{"F32 quantized", llm.ImportRequest{Weights: f32, Quantize: "q4_K_M"}, llm.ErrNotQuantizable},
		{"IQ type", llm.ImportRequest{Weights: f16, Quantize: "iq2_xxs"}, llm.ErrQuantization},
		{"Q4_0", llm.ImportRequest{Weights: f16, Quantize: "q4_0"}, llm.ErrQuantization},
		{"quantize an existing model", llm.ImportRequest{Base: "cafebot-faq", Quantize: "q4_K_M"}, llm.ErrNotQuantizable},
		{"adapter given as weights", llm.ImportRequest{Weights: lora}, llm.ErrNotModel},
		{"model given as adapter", llm.ImportRequest{Base: "cafebot-faq", Adapter: f16}, llm.ErrNotAdapter},
		{"LoRA on a base", llm.ImportRequest{Base: "cafebot-faq", Adapter: lora}, nil},
		{"not a GGUF", llm.ImportRequest{Weights: junk}, llm.ErrNotGGUF},
		{"truncated GGUF", llm.ImportRequest{Weights: truncated}, llm.ErrNotGGUF},
		{"missing file", llm.ImportRequest{Weights: filepath.Join(dir, "nope.gguf")}, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := llm.CheckImport(tt.req)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if _, _, err := llm.CheckImport(llm.ImportRequest{}); err == nil {
		t.Error("an import with neither weights nor base passed")
	}
}

func FuzzReadGGUF(f *testing.F) {
	dir := f.TempDir()
	lora := filepath.Join(dir, "seed.gguf")
	if err := ollamatest.WriteTinyLoRA(lora); err != nil {
		f.Fatal(err)
	}
	seed, _ := os.ReadFile(lora)
	f.Add(seed)
	f.Add([]byte("GGUF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.gguf")
		os.WriteFile(path, data, 0o644)
		// Any bytes: an answer or an error, never a panic.
		llm.ReadGGUF(path)
	})
}
