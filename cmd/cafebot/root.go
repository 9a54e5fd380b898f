package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/config"
)

// Main runs the cafebot CLI with the given arguments and streams and returns
// the process exit code: 0 on success, 1 on an error, 2 on a usage error.
func Main(args []string, in io.Reader, out, errOut io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	app := NewApp(in, out, errOut)
	defer app.Close()
	root := newRootCmd(app)
	root.SetArgs(args)
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errOut)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	return reportError(errOut, err)
}

func newRootCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cafebot",
		Short: "A local-first assistant for café staff",
		Long: `cafebot answers menu and policy questions from the café's own documents,
performs account actions (loyalty points, refunds, catering) through tools
bound to the verified customer, keeps risky conversations away from the
models, and hands hard cases to a larger model or a person.

All models run locally through Ollama.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// cobra answers --version before any PreRun: no config is read.
		Version: versionString(),
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			// config init and path must work when the file is broken.
			if cmd.Annotations[skipConfig] != "" {
				if app.Home == "" {
					app.Home = config.DefaultHome()
				}
				return nil
			}
			return app.Init(cmd.Context())
		},
	}
	pf := cmd.PersistentFlags()
	pf.StringVar(&app.Home, "home", config.DefaultHome(), "data directory (env CAFEBOT_HOME)")
	pf.StringVar(&app.ConfigFile, "config", "", "configuration file (default $CAFEBOT_HOME/config.yaml)")
	pf.StringVar(&app.OllamaURL, "ollama", "", "Ollama server URL (default OLLAMA_HOST, else http://127.0.0.1:11434)")
	pf.BoolVar(&app.Debug, "debug", false, "write debug logs to $CAFEBOT_HOME/cafebot.log")

	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{err: err, usage: c.UseLine()}
	})
	cmd.SetHelpTemplate(cmd.HelpTemplate() + envHelp())
	cmd.SetVersionTemplate("cafebot {{.Version}}\n")

	cmd.AddCommand(
		newConfigCmd(app),
		newIngestCmd(app),
		newSearchCmd(app),
		newDocsCmd(app),
		newAskCmd(app),
		newClassifyCmd(app),
		newModerateCmd(app),
		newLearnCmd(app),
		newModelsCmd(app),
		newTrainCmd(app),
		newDistillCmd(app),
		newBackendCmd(app),
		newHandoffCmd(app),
		newChatCmd(app),
		newServeCmd(app),
		newEvalCmd(app),
		newStatusCmd(app),
	)
	addChatFlags(cmd, app)
	registerCompletions(cmd, app)
	return cmd
}

func envHelp() string {
	var b strings.Builder
	b.WriteString("\nEnvironment variables:\n")
	for _, e := range config.EnvVars {
		fmt.Fprintf(&b, "  %-26s %s\n", e.Name, e.Help)
	}
	return b.String()
}

// skipConfig marks, in a command's Annotations, a command that runs
// without loading the configuration.
const skipConfig = "cafebot/skip-config"

// userError is an error with a hint for the person at the terminal.
type userError struct {
	err  error
	hint string
}

func (e *userError) Error() string { return e.err.Error() }
func (e *userError) Unwrap() error { return e.err }

// withHint attaches a one-line hint to err.
func withHint(err error, hint string) error {
	if err == nil {
		return nil
	}
	return &userError{err: err, hint: hint}
}

// usageError marks bad flags or arguments; it exits 2.
type usageError struct {
	err   error
	usage string
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func reportError(w io.Writer, err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(w, "cafebot: cancelled")
		return 130
	}
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	fmt.Fprintf(w, "cafebot: %s\n", msg)
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.usage != "" {
			fmt.Fprintf(w, "usage: %s (see --help)\n", ue.usage)
		}
		return 2
	}
	if h := hintFor(err); h != "" {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
	return 1
}

func hintFor(err error) string {
	var ue *userError
	if errors.As(err, &ue) && ue.hint != "" {
		return ue.hint
	}
	return genericHint(err)
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return &usageError{err: fmt.Errorf("%s takes %d argument(s), got %d", cmd.CommandPath(), n, len(args)), usage: cmd.UseLine()}
		}
		return nil
	}
}

func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return &usageError{err: fmt.Errorf("%s takes %d to %d arguments, got %d", cmd.CommandPath(), lo, hi, len(args)), usage: cmd.UseLine()}
		}
		return nil
	}
}
