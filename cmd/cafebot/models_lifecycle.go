package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

// importTimeout bounds a whole create: uploading gigabytes and a
// quantization that reports no progress for minutes.
const importTimeout = time.Hour

// modelsCreateOptions holds the flags of `models create`.
type modelsCreateOptions struct {
	Role     string
	From     string
	Quantize string
	Name     string
	Template string
}

func newModelsCreateCmd(app *App) *cobra.Command {
	var o modelsCreateOptions
	cmd := &cobra.Command{
		Use:   "create ROLE --from FILE.gguf [--quantize q4_K_M|q8_0] [--name NAME]",
		Short: "Bring a local GGUF (a fine-tune, a new base) into Ollama with a role's settings",
		Long: `Create uploads a local GGUF model file to Ollama and creates a model with the
role's Modelfile settings (system prompt, parameters; for the tools role the
bundled Qwen 2.5 chat template that renders tools, the family of its base
model; pass --template FILE for another family), quantized by Ollama when
--quantize is given. Other roles keep the chat template Ollama detects from
the GGUF's tokenizer.chat_template. It prints the size before and after and checks what /api/show reports:
the quantization level and, for the tools role, the tools capability.

Ollama v0.6.5 quantizes F16 GGUFs only (an F32 file reads as an unknown file
type and is refused; cafebot reads the header and says so before uploading).
Export F16 from your trainer, e.g. llama.cpp's convert_hf_to_gguf.py
--outtype f16 or Unsloth's save_pretrained_gguf(..., quantization_method="f16").
Only q4_K_M (smallest, what the roles use) and q8_0 (closest to F16) are
offered: the IQ types need an importance matrix, and Ollama v0.7 accepts
little else.

The role keeps its current model until ` + "`cafebot models promote`" + `.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Role = args[0]
			if o.From == "" {
				return &usageError{err: errors.New("--from FILE.gguf is required"), usage: cmd.UseLine()}
			}
			if o.Quantize != "" {
				if _, err := llm.CheckQuantization(o.Quantize); err != nil {
					return &usageError{err: fmt.Errorf("%w (IQ types need an importance matrix, which Ollama's create cannot take)", err), usage: cmd.UseLine()}
				}
			}
			return runModelsCreate(cmd.Context(), app, o)
		},
	}
	cmd.Flags().StringVar(&o.From, "from", "", "local GGUF model file (F16 to quantize)")
	cmd.Flags().StringVar(&o.Quantize, "quantize", "", "quantize with Ollama: q4_K_M or q8_0")
	cmd.Flags().StringVar(&o.Name, "name", "", "model name (default cafebot-ROLE-FILE[-QUANT])")
	cmd.Flags().StringVar(&o.Template, "template", "", "file with an Ollama chat template to use instead of the role's")
	return cmd
}

// roleSettings returns the role's Modelfile (its FROM is replaced by the
// import) and the chat template imported weights get.
func roleSettings(role string) (*llm.Modelfile, string, error) {
	file, ok := roleModelfile[role]
	if !ok {
		return nil, "", fmt.Errorf("unknown role %q: use faq, tools, escalation, guard or embedding", role)
	}
	mf, err := modelfiles.Get(file)
	if err != nil {
		return nil, "", err
	}
	return mf, modelfiles.Template(file), nil
}

var nameUnsafe = regexp.MustCompile(`[^a-zA-Z0-9_.-]+`)

func defaultImportName(role, file, quant string) string {
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	name := "cafebot-" + role + "-" + strings.Trim(nameUnsafe.ReplaceAllString(base, "-"), "-.")
	if quant != "" {
		name += "-" + strings.ToLower(quant)
	}
	return strings.ToLower(name)
}

func runModelsCreate(ctx context.Context, app *App, o modelsCreateOptions) error {
	settings, tmpl, err := roleSettings(o.Role)
	if err != nil {
		return &usageError{err: err, usage: "cafebot models create ROLE --from FILE.gguf"}
	}
	if o.Template != "" {
		b, err := os.ReadFile(o.Template)
		if err != nil {
			return withHint(fmt.Errorf("template: %w", err), "check the --template path")
		}
		tmpl = string(b)
	}
	if o.Name == "" {
		o.Name = defaultImportName(o.Role, o.From, o.Quantize)
	}
	req := llm.ImportRequest{Name: o.Name, Settings: settings, Template: tmpl, Weights: o.From, Quantize: o.Quantize}
	in, _, err := llm.CheckImport(req)
	if err != nil {
		return importError(err)
	}
	fmt.Fprintf(app.Out, "input   %s: %s %s, %s\n", filepath.Base(o.From), in.FileType, in.Architecture, humanBytes(in.Size))
	if in.Size > 1<<30 {
		app.notice("  uploading %s to Ollama and hashing it first: this takes a while", humanBytes(in.Size))
	}
	ctx, cancel := context.WithTimeout(ctx, importTimeout)
	defer cancel()
	c := app.LLM()
	if err := c.Import(ctx, req, createProgress(app)); err != nil {
		return importError(err)
	}
	return reportCreated(ctx, app, o.Role, o.Name, in.Size)
}

// reportCreated prints what Ollama made of the new model and checks that
// the tools role can still call tools.
func reportCreated(ctx context.Context, app *App, role, name string, before int64) error {
	c := app.LLM()
	info, err := c.Show(ctx, name)
	if err != nil {
		return err
	}
	var after int64
	if local, err := c.List(ctx); err == nil {
		for _, m := range local {
			if m.Name == name || strings.TrimSuffix(m.Name, ":latest") == name {
				after = m.Size
			}
		}
	}
	line := fmt.Sprintf("created %s: %s", name, cmpOr(info.Quantization, "unknown quantization"))
	if after > 0 {
		line += ", " + humanBytes(after)
		if before > 0 {
			line += fmt.Sprintf(" (%.0f%% of the input)", 100*float64(after)/float64(before))
		}
	}
	fmt.Fprintln(app.Out, line)
	fmt.Fprintf(app.Out, "        capabilities: %s\n", strings.Join(info.Capabilities, ", "))
	if role == "tools" && !info.HasCapability("tools") {
		return withHint(fmt.Errorf("%s was created but Ollama does not offer it tools: its template does not render .Tools", name),
			"pass --template FILE with a chat template that handles .Tools and .ToolCalls for this model family")
	}
	fmt.Fprintf(app.Out, "next: cafebot eval CASES.jsonl --candidate %s=%s, then cafebot models promote %s %s\n", role, name, role, name)
	return nil
}

// importError adds the hint for each way an import can be refused.
func importError(err error) error {
	switch {
	case errors.Is(err, llm.ErrNotQuantizable), strings.Contains(err.Error(), "quantization is only supported"):
		return withHint(err, "export F16 weights (llama.cpp convert_hf_to_gguf.py --outtype f16) and quantize those, or create without --quantize")
	case errors.Is(err, llm.ErrQuantization):
		return withHint(err, "use q4_K_M (smallest) or q8_0 (closest to F16)")
	case errors.Is(err, llm.ErrNotGGUF):
		return withHint(err, "export a GGUF file from your trainer (llama.cpp convert_hf_to_gguf.py, Unsloth save_pretrained_gguf)")
	case errors.Is(err, llm.ErrNotAdapter):
		return withHint(err, "convert the LoRA to GGUF with llama.cpp convert_lora_to_gguf.py; Ollama converts safetensors adapters itself only for Llama-family and Gemma 2 bases")
	case errors.Is(err, llm.ErrNotModel):
		return withHint(err, "that file is a LoRA adapter: use `cafebot models adapter ROLE --adapter FILE.gguf`")
	}
	return err
}

func createProgress(app *App) func(llm.Progress) {
	seen := map[string]bool{}
	return func(p llm.Progress) {
		// Layer digests and the closing lines say nothing a person needs.
		if p.Status == "" || seen[p.Status] || p.Status == "success" || p.Status == "writing manifest" ||
			strings.HasPrefix(p.Status, "using existing layer") || strings.HasPrefix(p.Status, "creating new layer") {
			return
		}
		seen[p.Status] = true
		app.notice("  %s", p.Status)
	}
}

// modelsAdapterOptions holds the flags of `models adapter`.
type modelsAdapterOptions struct {
	Role    string
	Adapter string
	Name    string
	Base    string
}

func newModelsAdapterCmd(app *App) *cobra.Command {
	var o modelsAdapterOptions
	cmd := &cobra.Command{
		Use:   "adapter ROLE --adapter FILE.gguf [--name NAME]",
		Short: "Create a model from the role's model plus a GGUF LoRA adapter",
		Long: `Adapter creates a model FROM the role's current model (its weights, template,
system prompt and parameters) with a LoRA adapter on top. The adapter must be
a GGUF LoRA (general.type adapter, adapter.type lora) trained on the same base
weights; convert a PEFT/safetensors adapter with llama.cpp's
convert_lora_to_gguf.py. Ollama converts safetensors adapters itself only for
Llama-family and Gemma 2 bases, so cafebot takes GGUF only.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Role = args[0]
			if o.Adapter == "" {
				return &usageError{err: errors.New("--adapter FILE.gguf is required"), usage: cmd.UseLine()}
			}
			return runModelsAdapter(cmd.Context(), app, o)
		},
	}
	cmd.Flags().StringVar(&o.Adapter, "adapter", "", "GGUF LoRA adapter file")
	cmd.Flags().StringVar(&o.Name, "name", "", "model name (default cafebot-ROLE-ADAPTERFILE)")
	cmd.Flags().StringVar(&o.Base, "base", "", "model to apply the adapter to (default: the role's model)")
	return cmd
}

func runModelsAdapter(ctx context.Context, app *App, o modelsAdapterOptions) error {
	base := o.Base
	if base == "" {
		base = roleModel(app.Config(), o.Role)
	}
	if base == "" {
		return &usageError{err: fmt.Errorf("unknown role %q: use faq, tools, escalation, guard or embedding", o.Role), usage: "cafebot models adapter ROLE --adapter FILE.gguf"}
	}
	if o.Name == "" {
		o.Name = defaultImportName(o.Role, o.Adapter, "")
	}
	req := llm.ImportRequest{Name: o.Name, Base: base, Adapter: o.Adapter}
	_, ad, err := llm.CheckImport(req)
	if err != nil {
		return importError(err)
	}
	fmt.Fprintf(app.Out, "adapter %s: LoRA for %s, alpha %g, %d tensors, %s\n", filepath.Base(o.Adapter), cmpOr(ad.Architecture, "unknown architecture"), ad.LoRAAlpha, ad.Tensors, humanBytes(ad.Size))
	ctx, cancel := context.WithTimeout(ctx, importTimeout)
	defer cancel()
	if err := app.LLM().Import(ctx, req, createProgress(app)); err != nil {
		return importError(err)
	}
	return reportCreated(ctx, app, o.Role, o.Name, 0)
}

func roleModel(cfg config.Config, role string) string {
	for _, r := range cfg.Models.Roles() {
		if r.Name == role {
			return r.Model
		}
	}
	return ""
}

func newModelsPromoteCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "promote ROLE NAME",
		Short: "Point a role at a new model in the config file (keeping a backup)",
		Long: `Promote sets models.ROLE to NAME in the config file, keeping every other
setting and comment, after copying the old file to config.yaml.bak-TIME. It
first checks that Ollama has the model and, for the tools role, that Ollama
offers it tools. Compare first with ` + "`cafebot eval CASES --candidate ROLE=NAME`" + `.`,
		Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runModelsPromote(cmd.Context(), app, args[0], args[1], force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "promote even when Ollama cannot be asked about the model")
	return cmd
}

func runModelsPromote(ctx context.Context, app *App, role, name string, force bool) error {
	cfg := app.Config()
	old := roleModel(cfg, role)
	if old == "" {
		return &usageError{err: fmt.Errorf("unknown role %q: use faq, tools, escalation, guard or embedding", role), usage: "cafebot models promote ROLE NAME"}
	}
	info, err := app.LLM().Show(ctx, name)
	switch {
	case err != nil && errors.Is(err, llm.ErrModelNotFound):
		return withHint(fmt.Errorf("promote %s: %w", name, err), "create it first with `cafebot models create` or `cafebot models adapter`")
	case err != nil && !force:
		return err
	case err == nil && role == "tools" && !info.HasCapability("tools"):
		return withHint(fmt.Errorf("promote %s: Ollama does not offer it tools (capabilities %v)", name, info.Capabilities), "recreate it with a template that renders .Tools (cafebot models create tools --template FILE)")
	case err == nil && role == "embedding" && !info.HasCapability("embedding"):
		return fmt.Errorf("promote %s: it is not an embedding model (capabilities %v)", name, info.Capabilities)
	}
	path := configPath(app)
	backup, err := config.SetRoleModel(path, role, name, app.Now())
	if err != nil {
		return withHint(err, "nothing was changed; fix the config file or pass --config")
	}
	fmt.Fprintf(app.Out, "models.%s: %s -> %s in %s\n", role, old, name, path)
	if backup != "" {
		fmt.Fprintf(app.Out, "backup: %s\n", backup)
	}
	if env := "CAFEBOT_MODEL_" + strings.ToUpper(role); os.Getenv(env) != "" {
		app.notice("warning: %s=%s overrides the config file", env, os.Getenv(env))
	}
	if role == "embedding" {
		app.notice("note: a new embedding model needs `cafebot ingest` again: the index holds the old model's vectors")
	}
	return nil
}

// configPath is the file promote edits: the loaded one, else --config or
// CAFEBOT_CONFIG, else config.yaml under the home directory.
func configPath(app *App) string {
	if f := app.Config().File; f != "" {
		return f
	}
	if app.ConfigFile != "" {
		return app.ConfigFile
	}
	if f := os.Getenv("CAFEBOT_CONFIG"); f != "" {
		return f
	}
	return filepath.Join(app.Home, "config.yaml")
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
