package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/config"
)

// configFilePath returns the configuration file this invocation reads:
// --config, else CAFEBOT_CONFIG, else config.yaml in the home.
func (a *App) configFilePath() string {
	switch {
	case a.ConfigFile != "":
		return a.ConfigFile
	case os.Getenv("CAFEBOT_CONFIG") != "":
		return os.Getenv("CAFEBOT_CONFIG")
	}
	return filepath.Join(a.Home, "config.yaml")
}

func newConfigPathCmd(app *App) *cobra.Command {
	return &cobra.Command{
		Use:         "path",
		Short:       "Print the configuration file cafebot reads",
		Args:        exactArgs(0),
		Annotations: map[string]string{skipConfig: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := app.configFilePath()
			fmt.Fprintln(app.Out, p)
			if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
				app.notice("note: it does not exist yet, so the defaults apply; `cafebot config init` writes a commented one")
			}
			return nil
		},
	}
}

func newConfigInitCmd(app *App) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [--force]",
		Short: "Write a commented configuration file with every default",
		Long: `Init writes the configuration file (see ` + "`cafebot config path`" + `) with the
settings staff and IT most often change, each commented out at its default
and explained. Uncomment a line to change it. An existing file is kept
unless --force is given.`,
		Args:        exactArgs(0),
		Annotations: map[string]string{skipConfig: "yes"},
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := app.configFilePath()
			if _, err := os.Stat(p); err == nil && !force {
				return withHint(fmt.Errorf("%s already exists", p), "edit it, or run `cafebot config init --force` to replace it with the defaults")
			}
			text, err := configTemplate(config.Default())
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return fmt.Errorf("config init: %w", err)
			}
			// Written aside and renamed, so an interrupted init never leaves
			// half a file that would fail to load.
			tmp := p + ".tmp"
			if err := os.WriteFile(tmp, []byte(text), 0o600); err != nil {
				return fmt.Errorf("config init: %w", err)
			}
			if err := os.Rename(tmp, p); err != nil {
				os.Remove(tmp)
				return fmt.Errorf("config init: %w", err)
			}
			fmt.Fprintf(app.Out, "wrote %s\n", p)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing file")
	return cmd
}

// configTemplate returns the commented configuration: "## " lines explain,
// "# " lines are settings at their default, ready to uncomment.
func configTemplate(d config.Config) (string, error) {
	t, err := template.New("config").Funcs(template.FuncMap{"list": yamlList}).Parse(configText)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", err
	}
	return b.String(), nil
}

func yamlList(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }

const configText = `## cafebot configuration. Lines starting with "# " are settings at their
## default: uncomment one to change it. Environment variables (CAFEBOT_*)
## and flags win over this file; ` + "`cafebot config show`" + ` prints the result.

## Where Ollama runs. Empty means OLLAMA_HOST, else http://127.0.0.1:11434.
# ollama:
#   url: ""
#   keep_alive: {{.Ollama.KeepAlive.D}}
#   request_timeout: {{.Ollama.RequestTimeout.D}}
#   idle_timeout: {{.Ollama.IdleTimeout.D}}

## The model for each role. The cafebot-* models are created locally by
## ` + "`cafebot models setup`" + ` from the bundled Modelfiles.
# models:
#   faq: {{.Models.FAQ}}
#   tools: {{.Models.Tools}}
#   escalation: {{.Models.Escalation}}
#   guard: {{.Models.Guard}}
#   embedding: {{.Models.Embedding}}

## Retrieval: how many passages to use, and the relevance below which the
## FAQ route does not ask a model (0..1).
# retrieval:
#   top_k: {{.Retrieval.TopK}}
#   min_score: {{.Retrieval.MinScore}}

## The safety guard. threshold: the built-in score (0..1) that flags a text.
## crisis_line: set it to your country's line.
# guard:
#   model_enabled: {{.Guard.ModelEnabled}}
#   threshold: {{.Guard.Threshold}}
#   frustration_escalate: {{.Guard.FrustrationEscalate}}

## Which cases go straight to a person, and which the large model tries.
# escalation:
#   to_human: {{list .Escalation.ToHuman}}
#   to_model: {{list .Escalation.ToModel}}
#   model_analysis: {{.Escalation.ModelAnalysis}}

## Refunds above manager_threshold dollars need a manager.
# refunds:
#   manager_threshold: {{.Refunds.ManagerThreshold}}
#   window_days: {{.Refunds.WindowDays}}

## Urgent and high handoff tickets can alert staff: a command (the ticket's
## JSON on stdin, CAFEBOT_TICKET_* in its environment) and/or a webhook that
## receives a JSON POST. retries: 0..10 per channel; timeout: 1s..5m for all
## attempts together. Delivery never holds up or loses a ticket.
# notify:
#   command: ""
#   webhook: ""
#   retries: {{.Notify.Retries}}
#   timeout: {{.Notify.Timeout.D}}

## The chat screen. mouse: true captures the mouse for wheel scrolling, but
## then the terminal cannot select text to copy (/copy still works).
# chat:
#   mouse: {{.Chat.Mouse}}
`
