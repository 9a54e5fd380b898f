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
		Use:   "ask [flags] QUESTION...|-",
		Short: "Ask one question and print the answer",
		Long: `Ask runs one message through the whole pipeline (guard, intent gate,
route, draft guard) and prints the answer as it streams, then its sources.
The words of QUESTION are joined, so quotes are optional; "-" reads the
question from standard input.

When Ollama is unreachable or a model is missing, ask still prints the best
matching passages as a retrieval-only answer and exits 0.`,
		Example: `  cafebot ask "Is the killer brownie gluten free?"
  cafebot ask is the brownie vegan
  cafebot ask --customer 555-010-2233 "how many points do I have"
  echo "what time do you open on sunday" | cafebot ask --json -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return &usageError{err: fmt.Errorf("ask needs a question"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			q := strings.Join(args, " ")
			if len(args) == 1 && args[0] == "-" {
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
			if done, err := askRemote(cmd, app, q, opt); done {
				return err
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
	addServerFlag(cmd)
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
	var streamed strings.Builder
	if !opt.JSON {
		onEvent = func(e assistant.Event) {
			if e.Kind == assistant.EventToken {
				streamed.WriteString(e.Text)
				fmt.Fprint(app.Out, e.Text)
			}
		}
	}
	ans, err := s.Send(ctx, q, onEvent)
	if err != nil {
		if streamed.Len() > 0 {
			fmt.Fprintln(app.Out)
		}
		return err
	}
	if opt.JSON {
		return writeJSON(app.Out, ans)
	}
	printAnswerTail(app.Out, ans, streamed.String())
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

// printAnswerTail finishes a streamed answer: whatever of the answer was
// not streamed (the pipeline streams a prefix of its answer, so nothing is
// printed twice), then the tool calls and sources.
func printAnswerTail(w io.Writer, ans assistant.Answer, streamed string) {
	switch {
	case strings.HasPrefix(ans.Answer, streamed):
		fmt.Fprint(w, ans.Answer[len(streamed):])
	case streamed == "":
		fmt.Fprint(w, ans.Answer)
	default:
		// The session masked a card number the stream had echoed: print
		// the answer as it stands.
		fmt.Fprint(w, "\n\n"+ans.Answer)
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
