package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/assistant"
)

type askOptions struct {
	JSON     bool
	Explain  bool
	Customer string
	Location string
	Strategy string
}

func newAskCmd(app *App) *cobra.Command {
	var opt askOptions
	cmd := &cobra.Command{
		Use:   "ask [flags] QUESTION|-",
		Short: "Ask one question and print the answer",
		Long: `Ask runs one message through the whole pipeline (guard, intent gate,
route, draft guard) and prints the answer as it streams, then its sources.
QUESTION "-" reads the question from standard input.

When Ollama is unreachable or a model is missing, ask still prints the best
matching passages as a retrieval-only answer and exits 0.`,
		Example: `  cafebot ask "Is the killer brownie gluten free?"
  cafebot ask --customer 555-010-2233 "how many points do I have"
  echo "what time do you open on sunday" | cafebot ask --json -`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := args[0]
			if q == "-" {
				b, err := io.ReadAll(app.In)
				if err != nil {
					return fmt.Errorf("read question: %w", err)
				}
				q = string(b)
			}
			q = strings.TrimSpace(q)
			if q == "" {
				return &usageError{err: fmt.Errorf("the question is empty"), usage: cmd.UseLine()}
			}
			switch assistant.Strategy(opt.Strategy) {
			case assistant.StrategyRouted, assistant.StrategySmallOnly, assistant.StrategyLargeOnly:
			default:
				return &usageError{err: fmt.Errorf("--strategy must be routed, small-only or large-only"), usage: cmd.UseLine()}
			}
			return runAsk(cmd.Context(), app, q, opt)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opt.JSON, "json", false, "print one JSON object instead of streaming text")
	f.BoolVar(&opt.Explain, "explain", false, "print the decision path in words")
	f.StringVar(&opt.Customer, "customer", "", "bind the question to this customer (id or phone)")
	f.StringVar(&opt.Location, "location", "", "prefer documents of this location")
	f.StringVar(&opt.Strategy, "strategy", string(assistant.StrategyRouted), "routed, small-only or large-only")
	return cmd
}

func runAsk(ctx context.Context, app *App, q string, opt askOptions) error {
	p, err := app.Pipeline(ctx)
	if err != nil {
		return err
	}
	s := assistant.NewSession(p, assistant.SessionOptions{Location: opt.Location, Strategy: assistant.Strategy(opt.Strategy)})
	if opt.Customer != "" {
		if _, err := s.BindCustomer(ctx, opt.Customer); err != nil {
			return customerHint(err)
		}
	}
	var onEvent func(assistant.Event)
	streamed := false
	if !opt.JSON {
		onEvent = func(e assistant.Event) {
			if e.Kind == assistant.EventToken {
				streamed = true
				fmt.Fprint(app.Out, e.Text)
			}
		}
	}
	ans, err := s.Send(ctx, q, onEvent)
	if err != nil {
		if streamed {
			fmt.Fprintln(app.Out)
		}
		return err
	}
	if opt.JSON {
		return writeJSON(app.Out, ans)
	}
	printAnswerTail(app.Out, ans, streamed)
	if opt.Explain {
		fmt.Fprintln(app.Out, "\nWhy:")
		for _, e := range ans.Explanation {
			fmt.Fprintf(app.Out, "  - %s\n", e)
		}
	}
	if ans.Notice != "" {
		app.notice("note: %s", ans.Notice)
	}
	return nil
}

// printAnswerTail finishes a streamed answer: the text when it was not
// streamed (a withheld draft replaced by the handoff message), then the
// sources and tool calls.
func printAnswerTail(w io.Writer, ans assistant.Answer, streamed bool) {
	if !streamed || ans.Flagged {
		if streamed {
			fmt.Fprint(w, "\n\n")
		}
		fmt.Fprint(w, ans.Answer)
	}
	fmt.Fprintln(w)
	for _, c := range ans.ToolCalls {
		mark, line := "✓", c.Summary
		if c.Error != "" {
			mark, line = "✗", c.Name+": "+c.Error
		}
		if line == "" {
			line = c.Name
		}
		fmt.Fprintf(w, "%s %s\n", mark, line)
	}
	if len(ans.Sources) > 0 {
		fmt.Fprintln(w, "\nSources:")
		for i, s := range ans.Sources {
			sec := ""
			if s.Section != "" {
				sec = " › " + s.Section
			}
			fmt.Fprintf(w, "  [%d] %s%s (%.2f)\n", i+1, s.Source, sec, s.Score)
		}
	}
}
