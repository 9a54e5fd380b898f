package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// TestModelsLifecycleRealOllama runs `models create`, `models adapter`,
// `models promote` and `models status` against a real Ollama v0.6.5 with
// weights the test writes: an F16 GGUF quantized to Q4_K_M for the tools
// role, a LoRA on the tiny FAQ model, and an F32 file that is refused.
func TestModelsLifecycleRealOllama(t *testing.T) {
	srv := ollamatest.StartReal(t, "cafebot-faq")
	c := newCLI(t, srv.URL)
	dir := t.TempDir()
	f16 := filepath.Join(dir, "larkspur-tools-f16.gguf")
	f32 := filepath.Join(dir, "larkspur-f32.gguf")
	lora := filepath.Join(dir, "larkspur-faq-lora.gguf")
	for _, err := range []error{ollamatest.WriteTinyF16GGUF(f16, false), ollamatest.WriteTinyF16GGUF(f32, true), ollamatest.WriteTinyLoRA(lora)} {
		if err != nil {
			t.Fatal(err)
		}
	}

	r := c.ok("models", "create", "tools", "--from", f16, "--quantize", "q4_K_M", "--name", "larkspur-tools-q4")
	for _, want := range []string{"input   larkspur-tools-f16.gguf: F16 llama, 2.6 MiB", "capabilities: completion, tools", "--candidate tools=larkspur-tools-q4"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("create output lacks %q:\n%s", want, r.out)
		}
	}
	// The Q4_K_M weights are about 38% of the F16 file; the manifest adds
	// the template, system prompt and parameters.
	if !regexpLine(r.out, `created larkspur-tools-q4: Q4_K_M, \d+ KiB \((3\d|40)% of the input\)`) {
		t.Errorf("create output does not report the quantized size:\n%s", r.out)
	}
	if !strings.Contains(r.err, "quantizing F16 model to Q4_K_M") {
		t.Errorf("no quantizing progress on stderr:\n%s", r.err)
	}

	r = c.run("", "models", "create", "faq", "--from", f32, "--quantize", "q4_K_M")
	if r.code != 1 || !strings.Contains(r.err, "file type is F32") || !strings.Contains(r.err, "hint: export F16 weights") || strings.Count(r.err, "\n") != 2 {
		t.Errorf("F32 input: exit %d, stderr:\n%s\nwant one error line naming F32 and a hint", r.code, r.err)
	}

	r = c.ok("models", "adapter", "faq", "--adapter", lora)
	if !strings.Contains(r.out, "adapter larkspur-faq-lora.gguf: LoRA for llama, alpha 8, 8 tensors") || !strings.Contains(r.out, "created cafebot-faq-larkspur-faq-lora") {
		t.Errorf("adapter output:\n%s", r.out)
	}
	r = c.run("", "models", "adapter", "faq", "--adapter", f16)
	if r.code != 1 || !strings.Contains(r.err, "not a GGUF LoRA adapter") || !strings.Contains(r.err, "Llama-family and Gemma 2") {
		t.Errorf("a model passed as adapter: exit %d\n%s", r.code, r.err)
	}

	r = c.ok("models", "promote", "tools", "larkspur-tools-q4")
	if !strings.Contains(r.out, "models.tools: cafebot-tools -> larkspur-tools-q4") {
		t.Errorf("promote output:\n%s", r.out)
	}
	st := c.ok("models", "status", "--json")
	var s modelsStatus
	if err := json.Unmarshal([]byte(st.out), &s); err != nil {
		t.Fatal(err)
	}
	for _, role := range s.Roles {
		if role.Role == "tools" && (role.Model != "larkspur-tools-q4" || role.Quantization != "Q4_K_M" || !role.Present) {
			t.Errorf("status after promote: %+v, want larkspur-tools-q4 present at Q4_K_M", role)
		}
	}
}

func TestModelsCreateBadInput(t *testing.T) {
	f := ollamatest.NewFake(t)
	c := newCLI(t, f.URL)
	notGGUF := filepath.Join(t.TempDir(), "weights.safetensors")
	os.WriteFile(notGGUF, []byte("{\"__metadata__\":{}}"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"IQ type refused", []string{"models", "create", "faq", "--from", notGGUF, "--quantize", "iq2_xxs"}, 2, []string{"unsupported quantization \"iq2_xxs\": use q4_K_M or q8_0", "importance matrix"}},
		{"q4_0 refused", []string{"models", "create", "faq", "--from", notGGUF, "--quantize", "q4_0"}, 2, []string{"use q4_K_M or q8_0"}},
		{"no --from", []string{"models", "create", "faq"}, 2, []string{"--from FILE.gguf is required"}},
		{"unknown role", []string{"models", "create", "barista", "--from", notGGUF}, 2, []string{"unknown role \"barista\""}},
		{"not a GGUF", []string{"models", "create", "faq", "--from", notGGUF}, 1, []string{"not a GGUF file", "hint: export a GGUF"}},
		{"missing file", []string{"models", "create", "faq", "--from", "/nonexistent/x.gguf"}, 1, []string{"no such file"}},
		{"promote a missing model", []string{"models", "promote", "faq", "nope"}, 1, []string{"model not found", "hint: create it first"}},
		{"promote unknown role", []string{"models", "promote", "barista", "x"}, 2, []string{"unknown role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.run("", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.code, tt.code, r.err)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.err, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.err)
				}
			}
		})
	}
	if len(f.Creates()) != 0 {
		t.Errorf("bad input reached /api/create %d times", len(f.Creates()))
	}
	if _, err := os.Stat(filepath.Join(c.home, "config.yaml")); err == nil {
		t.Error("a refused promote wrote the config file")
	}
}

func TestModelsPromoteFake(t *testing.T) {
	f := ollamatest.NewFake(t)
	f.AddModel("faq-ft-q4")
	f.AddModel("plain-chat", ollamatest.NoTools())
	c := newCLI(t, f.URL)
	cfgPath := filepath.Join(c.home, "config.yaml")
	old := "# Larkspur config\nmodels:\n  faq: cafebot-faq\nretrieval:\n  top_k: 6\n"
	os.WriteFile(cfgPath, []byte(old), 0o644)

	r := c.ok("models", "promote", "faq", "faq-ft-q4")
	if !strings.Contains(r.out, "models.faq: cafebot-faq -> faq-ft-q4") || !strings.Contains(r.out, "backup: "+cfgPath+".bak-") {
		t.Errorf("promote output:\n%s", r.out)
	}
	b, _ := os.ReadFile(cfgPath)
	if !strings.Contains(string(b), "faq: faq-ft-q4") || !strings.Contains(string(b), "top_k: 6") || !strings.Contains(string(b), "# Larkspur config") {
		t.Errorf("config after promote:\n%s", b)
	}
	matches, _ := filepath.Glob(cfgPath + ".bak-*")
	if len(matches) != 1 {
		t.Fatalf("backups = %v, want one", matches)
	}
	if bak, _ := os.ReadFile(matches[0]); string(bak) != old {
		t.Errorf("backup = %q, want the old file", bak)
	}
	st := c.ok("models", "status")
	if !strings.Contains(st.out, "QUANT") || !regexpLine(st.out, `faq\s+faq-ft-q4\s+Q4_K_M\s+yes`) {
		t.Errorf("status does not show the promoted model and its quantization:\n%s", st.out)
	}

	r = c.run("", "models", "promote", "tools", "plain-chat")
	if r.code != 1 || !strings.Contains(r.err, "does not offer it tools") {
		t.Errorf("promoting a model without tools to the tools role: exit %d\n%s", r.code, r.err)
	}
}

func regexpLine(text, pattern string) bool {
	return regexp.MustCompile(`(?m)^` + pattern).MatchString(text)
}
