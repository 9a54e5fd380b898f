package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/tui"
)

type chatOptions struct {
	Resume   string
	List     bool
	JSON     bool
	Customer string
	Location string
}

func newChatCmd(app *App) *cobra.Command {
	var opt chatOptions
	cmd := &cobra.Command{
		Use:   "chat [--resume ID | --list [--json]] [--customer PHONE_OR_ID]",
		Short: "The staff chat: a terminal UI over the assistant",
		Long: `Chat opens the staff terminal chat. Answers stream as they arrive, with
their sources, tool calls and handoff banners; the status bar shows Ollama's
state, the bound customer and how the last answer was routed.

Slash commands: /customer PHONE_OR_ID, /new, /sources, /explain, /handoff,
/help. Esc or Ctrl-C cancels a generation; Ctrl-C twice or Ctrl-D on an
empty input quits.

Conversations are saved; --list shows recent ones and --resume ID continues
one as the customer it belongs to. Binding another customer (/customer)
starts a new conversation, so no customer's turns reach another's account
or ticket. When stdout is not a terminal, chat reads one message per line
from standard input and prints plain answers, so it can be scripted.`,
		Example: `  cafebot chat --customer 555-010-2233
  cafebot chat --list --json
  cafebot chat --resume 12`,
		Args: exactArgs(0),
		PreRunE: func(cmd *cobra.Command, _ []string) error {
			// Before cobra's own group check, for a usage error with a hint.
			if cmd.Flags().Changed("list") && cmd.Flags().Changed("resume") {
				return &usageError{err: fmt.Errorf("--list and --resume cannot be used together: list first, then resume one"), usage: cmd.UseLine()}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opt.JSON && !opt.List {
				return &usageError{err: fmt.Errorf("--json goes with --list"), usage: cmd.UseLine()}
			}
			if done, err := chatRemote(cmd, app, opt); done {
				return err
			}
			return runChat(cmd.Context(), app, opt)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Resume, "resume", "", "continue the saved conversation with this id")
	f.BoolVar(&opt.List, "list", false, "list recent conversations")
	f.BoolVar(&opt.JSON, "json", false, "with --list: print the conversations as JSON")
	f.StringVar(&opt.Customer, "customer", "", "bind the conversation to this customer (id or phone)")
	f.StringVar(&opt.Location, "location", "", "prefer documents of this location")
	cmd.MarkFlagsMutuallyExclusive("list", "resume")
	addServerFlag(cmd)
	return cmd
}

func runChat(ctx context.Context, app *App, opt chatOptions) error {
	store, err := app.Conversations(ctx)
	if err != nil {
		return err
	}
	var resume int64
	if opt.Resume != "" {
		if resume, err = parseConversationID(opt.Resume); err != nil {
			return err
		}
	}
	if opt.List {
		ss, err := store.List(ctx, 20)
		if err != nil {
			return err
		}
		if opt.JSON {
			if ss == nil {
				ss = []conversation.Summary{}
			}
			return writeJSON(app.Out, ss)
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
	if resume != 0 {
		if s, err = assistant.Resume(ctx, p, sopt, resume); err != nil {
			return withHint(err, "list saved conversations with `cafebot chat --list`")
		}
	}
	if opt.Customer != "" {
		if resume != 0 && s.CustomerID() != "" {
			// A saved conversation is never re-assigned to someone else.
			c, err := s.Lookup(ctx, opt.Customer)
			if err != nil {
				return customerHint(err)
			}
			if c.ID != s.CustomerID() {
				return withHint(fmt.Errorf("conversation %d belongs to customer %s, not %s", resume, s.CustomerID(), c.ID),
					fmt.Sprintf("resume it without --customer, or start a new chat with `cafebot chat --customer %s`", opt.Customer))
			}
		}
		if _, err := s.BindCustomer(ctx, opt.Customer); err != nil {
			return customerHint(err)
		}
	}
	if !app.StdoutIsTTY() {
		err = tui.RunPlain(ctx, s, app.In, app.Out)
	} else {
		err = tui.Run(ctx, s, app.chatHealth(), app.chatUIOptions(ctx))
	}
	if id := s.ID(); id != 0 {
		app.notice("conversation %d saved; continue it with `cafebot chat --resume %d`", id, id)
	}
	return err
}

// parseConversationID reads --resume's value: a conversation number.
func parseConversationID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, withHint(fmt.Errorf("--resume %q is not a conversation number", s), "list saved conversations and their numbers with `cafebot chat --list`")
	}
	return id, nil
}

var _ tui.Session = (*assistant.Session)(nil)
