package llm_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestRealImport brings self-made weights into a real Ollama v0.6.5: an F16
// GGUF quantized by Ollama to Q4_K_M with the tools role's settings, a LoRA
// adapter on a tiny base, and an F32 file refused before upload.
func TestRealImport(t *testing.T) {
	r := ollamatest.StartReal(t, "cafebot-faq")
	c := r.Client()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()

	t.Run("F16QuantizedToQ4KM", func(t *testing.T) {
		path := filepath.Join(dir, "tiny-f16.gguf")
		if err := ollamatest.WriteTinyF16GGUF(path, false); err != nil {
			t.Fatal(err)
		}
		info, err := llm.ReadGGUF(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.FileType != "F16" || info.Type != "model" || info.Architecture != "llama" {
			t.Fatalf("header = %+v, want an F16 llama model", info)
		}
		text, err := modelfiles.Text("tools")
		if err != nil {
			t.Fatal(err)
		}
		// The role's settings, plus what keeps the test fast on a busy
		// 2-core machine (see ollamatest's tiny Modelfiles): one thread and
		// a short reply. Later PARAMETER lines win.
		settings, err := llm.ParseModelfile(strings.NewReader(string(text) + "\nPARAMETER num_thread 1\nPARAMETER num_predict 24\n"))
		if err != nil {
			t.Fatal(err)
		}
		var statuses []string
		err = c.Import(ctx, llm.ImportRequest{
			Name: "tiny-tools-q4", Settings: settings, Template: modelfiles.Template("tools"),
			Weights: path, Quantize: "q4_K_M",
		}, func(p llm.Progress) { statuses = append(statuses, p.Status) })
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(statuses, "\n"), "quantizing F16 model to Q4_K_M") {
			t.Errorf("progress %q does not mention quantizing", statuses)
		}
		show, err := c.Show(ctx, "tiny-tools-q4")
		if err != nil {
			t.Fatal(err)
		}
		if show.Quantization != "Q4_K_M" {
			t.Errorf("quantization level = %q, want Q4_K_M", show.Quantization)
		}
		if !show.HasCapability("tools") || !show.HasCapability("completion") {
			t.Errorf("capabilities = %v, want tools and completion", show.Capabilities)
		}
		if show.NumCtx != 4096 {
			t.Errorf("num_ctx = %d, want the tools role's 4096", show.NumCtx)
		}
		local, err := c.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		for _, m := range local {
			if m.Name == "tiny-tools-q4:latest" {
				size = m.Size
			}
		}
		if size == 0 || size >= info.Size {
			t.Errorf("quantized size %d, want smaller than the F16 file's %d", size, info.Size)
		}
		t.Logf("F16 %d bytes -> Q4_K_M %d bytes", info.Size, size)
		resp, err := c.Chat(ctx, llm.ChatRequest{
			Model:    "tiny-tools-q4",
			Messages: []llm.Message{{Role: "user", Content: "How many points do I have?"}},
			Tools:    []llm.Tool{{Name: "loyalty_balance", Description: "Points.", Params: []llm.Param{{Name: "phone", Type: "string", Required: true}}}},
			NumCtx:   4096,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(resp.Message.Content) == "" && len(resp.Message.ToolCalls) == 0 {
			t.Errorf("the quantized model gave an empty answer")
		}
	})

	t.Run("F32Refused", func(t *testing.T) {
		path := filepath.Join(dir, "tiny-f32.gguf")
		if err := ollamatest.WriteTinyF16GGUF(path, true); err != nil {
			t.Fatal(err)
		}
		err := c.Import(ctx, llm.ImportRequest{Name: "tiny-f32-q4", Weights: path, Quantize: "q4_K_M"}, nil)
		if !errors.Is(err, llm.ErrNotQuantizable) || !strings.Contains(err.Error(), "file type is F32") {
			t.Fatalf("err = %v, want ErrNotQuantizable naming F32", err)
		}
		if _, err := c.Show(ctx, "tiny-f32-q4"); !errors.Is(err, llm.ErrModelNotFound) {
			t.Errorf("show after a refused import: %v, want no model", err)
		}
	})

	t.Run("LoRAAdapter", func(t *testing.T) {
		path := filepath.Join(dir, "tiny-lora.gguf")
		if err := ollamatest.WriteTinyLoRA(path); err != nil {
			t.Fatal(err)
		}
		info, err := llm.ReadGGUF(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Type != "adapter" || info.AdapterType != "lora" || info.LoRAAlpha != 2*ollamatest.TinyLoRARank {
			t.Fatalf("adapter header = %+v", info)
		}
		if err := c.Import(ctx, llm.ImportRequest{Name: "tiny-faq-lora", Base: "cafebot-faq", Adapter: path}, nil); err != nil {
			t.Fatal(err)
		}
		resp, err := c.Chat(ctx, llm.ChatRequest{
			Model:    "tiny-faq-lora",
			Messages: []llm.Message{{Role: "user", Content: "Is the brownie gluten free?"}},
			NumCtx:   2048,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(resp.Message.Content) == "" {
			t.Error("the adapted model gave an empty answer")
		}
		if log := r.Log(); !strings.Contains(log, "--lora") {
			t.Errorf("the runner was not started with --lora")
		}
	})

	t.Run("AdapterAsWeightsRefused", func(t *testing.T) {
		path := filepath.Join(dir, "tiny-lora.gguf")
		err := c.Import(ctx, llm.ImportRequest{Name: "x", Weights: path}, nil)
		if !errors.Is(err, llm.ErrNotModel) {
			t.Fatalf("err = %v, want ErrNotModel", err)
		}
	})
}
