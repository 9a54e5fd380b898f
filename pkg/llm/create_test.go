package llm_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

func TestParseModelfile(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantFrom   string
		wantSystem string
		wantParams map[string]string
		wantErr    string
	}{
		{
			name:       "role model",
			text:       "# comment\nFROM llama3.2:3b-instruct-q4_K_M\n\nPARAMETER num_ctx 4096\nPARAMETER temperature 0.2\nSYSTEM \"\"\"You are\nthe café assistant.\"\"\"\n",
			wantFrom:   "llama3.2:3b-instruct-q4_K_M",
			wantSystem: "You are\nthe café assistant.",
			wantParams: map[string]string{"num_ctx": "4096", "temperature": "0.2"},
		},
		{
			name:       "local weights with template",
			text:       "FROM ./tiny.gguf\nTEMPLATE \"\"\"{{ .Prompt }}\"\"\"\nLICENSE MIT\n",
			wantFrom:   "./tiny.gguf",
			wantParams: map[string]string{},
		},
		{
			name:       "lower-case instructions",
			text:       "from nomic-embed-text:v1.5\nparameter num_ctx 2048\n",
			wantFrom:   "nomic-embed-text:v1.5",
			wantParams: map[string]string{"num_ctx": "2048"},
		},
		{name: "no FROM", text: "PARAMETER num_ctx 2048\n", wantErr: "no FROM line"},
		{name: "unknown instruction", text: "FROM x\nBOGUS y\n", wantErr: "parse modelfile"},
		{name: "empty", text: "", wantErr: "no FROM line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mf, err := llm.ParseModelfile(strings.NewReader(tt.text))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := struct {
				From, System string
				Params       map[string]string
			}{mf.From, mf.System, mf.Parameters}
			want := struct {
				From, System string
				Params       map[string]string
			}{tt.wantFrom, tt.wantSystem, tt.wantParams}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("parsed (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParseModelfile(f *testing.F) {
	for _, s := range []string{
		"FROM x\n",
		"FROM ./tiny.gguf\nPARAMETER num_ctx 2048\nSYSTEM \"\"\"a\nb\"\"\"\n",
		"FROM x\nTEMPLATE \"\"\"{{ .Prompt }}\"\"\"\nMESSAGE user hi\n",
		"from x\nparameter stop <|eot|>\nparameter stop </s>\n",
		"PARAMETER num_ctx\n",
		"FROM \"unterminated\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		mf, err := llm.ParseModelfile(strings.NewReader(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parse modelfile: ") {
				t.Fatalf("error %q lacks the context prefix", err)
			}
			return
		}
		if mf == nil || mf.Parameters == nil {
			t.Fatalf("ParseModelfile(%q) = %+v without error", text, mf)
		}
	})
}

func TestCreateUploadsLocalWeights(t *testing.T) {
	f, c := newFake(t)
	dir := t.TempDir()
	weights := []byte("GGUF not really, but the fake only checks the digest")
	if err := os.WriteFile(filepath.Join(dir, "weights.gguf"), weights, 0o644); err != nil {
		t.Fatal(err)
	}
	digest := fmt.Sprintf("sha256:%x", sha256.Sum256(weights))
	mf, err := llm.ParseModelfile(strings.NewReader("FROM ./weights.gguf\nPARAMETER num_ctx 2048\nPARAMETER stop <|eot_id|>\nSYSTEM You help café staff.\nTEMPLATE \"\"\"{{ .Prompt }}\"\"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	var statuses []string
	if err := c.Create(context.Background(), "cafebot-faq", mf, dir, func(p llm.Progress) { statuses = append(statuses, p.Status) }); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if got, ok := f.Blob(digest); !ok || string(got) != string(weights) {
		t.Errorf("blob %s uploaded = %v (%q), want the weights file", digest, ok, got)
	}
	creates := f.Creates()
	if len(creates) != 1 {
		t.Fatalf("fake saw %d creates, want 1", len(creates))
	}
	want := ollamatest.CreateRequest{
		Model:      "cafebot-faq",
		Files:      map[string]string{"weights.gguf": digest}, // base name, not the local path
		Template:   "{{ .Prompt }}",
		System:     "You help café staff.",
		Parameters: map[string]any{"num_ctx": 2048.0, "stop": []any{"<|eot_id|>"}},
	}
	if diff := cmp.Diff(want, creates[0]); diff != "" {
		t.Errorf("create request (-want +got):\n%s", diff)
	}
	if len(statuses) == 0 || statuses[len(statuses)-1] != "success" {
		t.Errorf("progress = %q, want it to end with success", statuses)
	}
	info, err := c.Show(context.Background(), "cafebot-faq")
	if err != nil {
		t.Fatal(err)
	}
	if info.NumCtx != 2048 {
		t.Errorf("created model num_ctx = %d, want 2048", info.NumCtx)
	}
}

func TestCreateFromBaseModel(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(*ollamatest.Fake)
		wantErr  string
		wantPull bool
	}{
		{name: "base model present", setup: func(f *ollamatest.Fake) { f.AddModel("llama3.2:3b-instruct-q4_K_M", ollamatest.ContextLength(131072)) }},
		{name: "base model pulled", setup: func(*ollamatest.Fake) {}, wantPull: true},
		{
			name:     "base model cannot be pulled",
			setup:    func(f *ollamatest.Fake) { f.FailPull("") },
			wantErr:  `create cafebot-faq: pull model manifest: Get "https://registry.ollama.ai/v2/library/llama3.2/manifests/3b-instruct-q4_K_M"`,
			wantPull: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, c := newFake(t)
			tt.setup(f)
			mf, err := llm.ParseModelfile(strings.NewReader("FROM llama3.2:3b-instruct-q4_K_M\nPARAMETER num_ctx 4096\n"))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Create(context.Background(), "cafebot-faq", mf, t.TempDir(), nil)
			if tt.wantErr != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want prefix %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Creates()[0].From; got != "llama3.2:3b-instruct-q4_K_M" {
				t.Errorf("from = %q", got)
			}
			info, err := c.Show(context.Background(), "cafebot-faq")
			if err != nil {
				t.Fatal(err)
			}
			if info.NumCtx != 4096 {
				t.Errorf("num_ctx = %d, want 4096", info.NumCtx)
			}
		})
	}
}
