package main

import (
	"context"
	"fmt"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/tui"
)

type chatOptions struct {
	Resume   int64
	List     bool
	Customer string
	Location string
}

func newChatCmd(app *App) *cobra.Command {
	var opt chatOptions
	cmd := &cobra.Command{
		Use:   "chat [--resume ID | --list] [--customer PHONE_OR_ID]",
		Short: "The staff chat: a terminal UI over the assistant",
		Long: `Chat opens the staff terminal chat. Answers stream as they arrive, with
their sources, tool calls and handoff banners; the status bar shows Ollama's
state, the bound customer and how the last answer was routed.

Slash commands: /customer PHONE_OR_ID, /new, /sources, /explain, /handoff,
/help. Esc or Ctrl-C cancels a generation; Ctrl-C twice or Ctrl-D on an
empty input quits.

Conversations are saved; --list shows recent ones and --resume ID continues
one. When stdout is not a terminal, chat reads one message per line from
standard input and prints plain answers, so it can be scripted.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runChat(cmd.Context(), app, opt)
		},
	}
	f := cmd.Flags()
	f.Int64Var(&opt.Resume, "resume", 0, "continue the saved conversation with this id")
	f.BoolVar(&opt.List, "list", false, "list recent conversations")
	f.StringVar(&opt.Customer, "customer", "", "bind the conversation to this customer (id or phone)")
	f.StringVar(&opt.Location, "location", "", "prefer documents of this location")
	return cmd
}

func runChat(ctx context.Context, app *App, opt chatOptions) error {
	store, err := app.Conversations(ctx)
	if err != nil {
		return err
	}
	if opt.List {
		ss, err := store.List(ctx, 20)
		if err != nil {
			return err
		}
		if len(ss) == 0 {
			fmt.Fprintln(app.Out, "no saved conversations")
			return nil
		}
		conversation.FormatList(app.Out, ss)
		return nil
	}
	p, err := app.Pipeline(ctx)
	if err != nil {
		return err
	}
	sopt := assistant.SessionOptions{Store: store, Location: opt.Location}
	s := assistant.NewSession(p, sopt)
	if opt.Resume != 0 {
		if s, err = assistant.Resume(ctx, p, sopt, opt.Resume); err != nil {
			return withHint(err, "list saved conversations with `cafebot chat --list`")
		}
	}
	if opt.Customer != "" {
		if _, err := s.BindCustomer(ctx, opt.Customer); err != nil {
			return customerHint(err)
		}
	}
	if !app.StdoutIsTTY() {
		return tui.RunPlain(ctx, s, app.In, app.Out)
	}
	return tui.Run(ctx, s, ollamaHealth{app.LLM()}, tui.Options{
		Dark:    lipgloss.HasDarkBackground(),
		NoColor: os.Getenv("NO_COLOR") != "",
		In:      app.In,
		Out:     app.Out,
	})
}

var _ tui.Session = (*assistant.Session)(nil)

// ollamaHealth pings Ollama for the status bar.
type ollamaHealth struct{ c *llm.Client }

func (h ollamaHealth) Ping(ctx context.Context) error {
	_, err := h.c.Version(ctx)
	return err
}
