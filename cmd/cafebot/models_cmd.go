package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	modelfiles "github.com/cafebot/cafebot/models"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/llm"
)

// roleModelfile maps a config role to its Modelfile in models/.
var roleModelfile = map[string]string{
	"faq": "faq", "tools": "tools", "escalation": "escalation", "guard": "guard", "embedding": "embed",
}

// ollamaDefaultMaxLoaded is Ollama's default OLLAMA_MAX_LOADED_MODELS on a
// CPU-only machine.
const ollamaDefaultMaxLoaded = 3

func newModelsCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{Use: "models", Short: "Check and set up the Ollama models for each role"}
	cmd.AddCommand(newModelsStatusCmd(app), newModelsSetupCmd(app),
		newModelsCreateCmd(app), newModelsAdapterCmd(app), newModelsPromoteCmd(app))
	return cmd
}

type roleStatus struct {
	Role  string `json:"role"`
	Model string `json:"model"`
	Base  string `json:"base"`
	// Status is "ready" (Ollama has the model), "missing", or "unknown"
	// when Ollama could not be asked.
	Status  string `json:"status"`
	Present bool   `json:"present"`
	Loaded  bool   `json:"loaded"`
	Get     string `json:"get,omitempty"`
	// Quantization is what Ollama reports for the role's model ("" when
	// it does not have it).
	Quantization string `json:"quantization,omitempty"`
}

type modelsStatus struct {
	URL     string `json:"url"`
	Version string `json:"version"`
	// Reachable is false when Ollama did not answer; the roles then show
	// the configured models with status "unknown", and Error says why.
	Reachable bool         `json:"reachable"`
	Error     string       `json:"error,omitempty"`
	Roles     []roleStatus `json:"roles"`
	Loaded    []string     `json:"loaded"`
	Warnings  []string     `json:"warnings"`
}

func newModelsStatusCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show which role models Ollama has and which are loaded",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := collectModelsStatus(cmd.Context(), app.LLM(), app.Config())
			if asJSON {
				if jerr := writeJSON(app.Out, st); jerr != nil {
					return jerr
				}
			} else {
				printModelsStatus(app.Out, st)
			}
			// The table is printed either way; the exit code still says
			// Ollama could not be asked.
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// collectModelsStatus asks Ollama about every role's model. When Ollama
// cannot be asked it still returns the roles and their configured models
// (status "unknown"), with the error.
func collectModelsStatus(ctx context.Context, c *llm.Client, cfg config.Config) (modelsStatus, error) {
	st := modelsStatus{URL: c.URL(), Loaded: []string{}, Warnings: []string{}}
	v, err := c.Version(ctx)
	if err != nil {
		st.Error = err.Error()
		for _, r := range cfg.Models.Roles() {
			rs := roleStatus{Role: r.Name, Model: r.Model, Status: "unknown"}
			if mf, err := modelfiles.Get(roleModelfile[r.Name]); err == nil {
				rs.Base = mf.From
			}
			st.Roles = append(st.Roles, rs)
		}
		return st, err
	}
	st.Reachable = true
	st.Version = v
	local, err := c.List(ctx)
	if err != nil {
		return st, err
	}
	running, err := c.Running(ctx)
	if err != nil {
		return st, err
	}
	have := map[string]llm.LocalModel{}
	for _, m := range local {
		have[m.Name] = m
		have[strings.TrimSuffix(m.Name, ":latest")] = m
	}
	loaded := map[string]bool{}
	for _, m := range running {
		loaded[m.Name] = true
		loaded[strings.TrimSuffix(m.Name, ":latest")] = true
		st.Loaded = append(st.Loaded, m.Name)
	}
	var smallSize int64
	small := 0
	for _, r := range cfg.Models.Roles() {
		rs := roleStatus{Role: r.Name, Model: r.Model}
		if mf, err := modelfiles.Get(roleModelfile[r.Name]); err == nil {
			rs.Base = mf.From
		}
		m, ok := have[r.Model]
		rs.Present = ok
		rs.Quantization = m.Quantization
		rs.Loaded = loaded[r.Model]
		rs.Status = "ready"
		if !ok {
			rs.Status = "missing"
			rs.Get = "cafebot models setup"
			if rs.Base != "" {
				rs.Get = fmt.Sprintf("ollama pull %s && cafebot models setup", rs.Base)
			}
		}
		resident := r.Name != "escalation" && (r.Name != "guard" || cfg.Guard.ModelEnabled)
		if resident {
			small++
			smallSize += m.Size
		}
		st.Roles = append(st.Roles, rs)
	}
	if max := maxLoadedModels(); small > max {
		st.Warnings = append(st.Warnings, fmt.Sprintf(
			"%d models must stay resident together (FAQ, tools, embedding%s) but Ollama keeps at most %d loaded: set OLLAMA_MAX_LOADED_MODELS=%d for `ollama serve`",
			small, map[bool]string{true: ", guard"}[cfg.Guard.ModelEnabled], max, small))
	}
	if avail := memAvailable(); avail > 0 && smallSize > avail {
		st.Warnings = append(st.Warnings, fmt.Sprintf(
			"the resident models need about %.1f GiB but %.1f GiB of memory is available: they will be swapped in and out between questions",
			float64(smallSize)/(1<<30), float64(avail)/(1<<30)))
	}
	return st, nil
}

func printModelsStatus(w io.Writer, st modelsStatus) {
	if st.Reachable {
		fmt.Fprintf(w, "Ollama %s at %s\n\n", st.Version, st.URL)
	} else {
		fmt.Fprintf(w, "Ollama unreachable at %s: the configured models are below, their state is unknown\n\n", st.URL)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROLE\tMODEL\tQUANT\tPRESENT\tLOADED\tBASE\tTO GET IT")
	for _, r := range st.Roles {
		present, loaded := yesNo(r.Present), yesNo(r.Loaded)
		if !st.Reachable {
			present, loaded = "?", "?"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Role, r.Model, cmpOr(r.Quantization, "-"), present, loaded, r.Base, cmpOr(r.Get, "-"))
	}
	tw.Flush()
	if len(st.Loaded) > 0 {
		fmt.Fprintf(w, "\nloaded now: %s\n", strings.Join(st.Loaded, ", "))
	}
	for _, warn := range st.Warnings {
		fmt.Fprintf(w, "\nwarning: %s\n", warn)
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func maxLoadedModels() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("OLLAMA_MAX_LOADED_MODELS"), &n); err == nil && n > 0 {
		return n
	}
	return ollamaDefaultMaxLoaded
}

// memAvailable reads MemAvailable from /proc/meminfo (0 when unknown).
func memAvailable() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(line, "MemAvailable: %d kB", &kb); err == nil {
			return kb * 1024
		}
	}
	return 0
}

func newModelsSetupCmd(app *App) *cobra.Command {
	var role string
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Pull missing base models and create the role models from models/",
		Long: `Setup pulls each role's 4-bit base model when Ollama does not have it
(with progress) and creates the role model (cafebot-faq, cafebot-tools, ...)
from the Modelfiles bundled with cafebot: the system prompt and parameters
for that role.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runModelsSetup(cmd.Context(), app, role)
		},
	}
	cmd.Flags().StringVar(&role, "role", "", "set up only this role (faq, tools, escalation, guard, embedding)")
	return cmd
}

func runModelsSetup(ctx context.Context, app *App, only string) error {
	c := app.LLM()
	cfg := app.Config()
	local, err := c.List(ctx)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, m := range local {
		have[m.Name] = true
		have[strings.TrimSuffix(m.Name, ":latest")] = true
	}
	done := 0
	for _, r := range cfg.Models.Roles() {
		if only != "" && r.Name != only {
			continue
		}
		done++
		mf, err := modelfiles.Get(roleModelfile[r.Name])
		if err != nil {
			return err
		}
		if !have[mf.From] {
			app.notice("pulling %s for the %s role...", mf.From, r.Name)
			err := c.Pull(ctx, mf.From, pullProgress(app))
			if app.StderrIsTTY() {
				fmt.Fprintln(app.ErrOut)
			}
			if err != nil {
				return withHint(fmt.Errorf("pull %s: %w", mf.From, err),
					fmt.Sprintf("if this machine cannot reach the Ollama registry, copy the model from one that can, or set models.%s in the config to a model you have", r.Name))
			}
		}
		if err := c.Create(ctx, r.Model, mf, ".", nil); err != nil {
			return fmt.Errorf("create %s: %w", r.Model, err)
		}
		fmt.Fprintf(app.Out, "✓ %-10s %s (from %s)\n", r.Name, r.Model, mf.From)
	}
	if done == 0 {
		return &usageError{err: fmt.Errorf("unknown role %q", only), usage: "cafebot models setup [--role faq|tools|escalation|guard|embedding]"}
	}
	return nil
}

// pullProgress draws one updating line on a terminal; elsewhere it stays
// quiet so logs are not flooded.
func pullProgress(app *App) func(llm.Progress) {
	if !app.StderrIsTTY() {
		return nil
	}
	return func(p llm.Progress) {
		if p.Total > 0 {
			fmt.Fprintf(app.ErrOut, "\r  %-24s %5.1f%% of %d MB", p.Status, 100*float64(p.Completed)/float64(p.Total), p.Total>>20)
			return
		}
		fmt.Fprintf(app.ErrOut, "\r  %-50s", p.Status)
	}
}
