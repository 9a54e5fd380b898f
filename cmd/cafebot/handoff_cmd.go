package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/handoff"
)

func newHandoffCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "handoff",
		Short: "Work the queue of conversations handed to a person",
	}
	cmd.AddCommand(newHandoffListCmd(app), newHandoffShowCmd(app), newHandoffClaimCmd(app),
		newHandoffResolveCmd(app), newHandoffReopenCmd(app))
	return cmd
}

func newHandoffClaimCmd(app *App) *cobra.Command {
	var by string
	cmd := &cobra.Command{
		Use:               "claim TICKET [--by NAME]",
		Short:             "Take an open ticket on, so colleagues see who has it",
		Args:              exactArgs(1),
		ValidArgsFunction: completeTickets(app, "open"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(by) == "" {
				return &usageError{err: errors.New("--by is required when $USER is not set: say who is taking the ticket"), usage: cmd.UseLine()}
			}
			id, q, err := ticketQueue(cmd, app, args[0])
			if err != nil {
				return err
			}
			t, err := q.Claim(cmd.Context(), id, by)
			switch {
			case errors.Is(err, handoff.ErrClaimed):
				return withHint(err, "ask them, or work a different ticket from `cafebot handoff list`")
			case errors.Is(err, handoff.ErrAlreadyResolved):
				return withHint(err, fmt.Sprintf("run `cafebot handoff reopen %s` if it needs more work", args[0]))
			case err != nil:
				return ticketHint(err)
			}
			fmt.Fprintf(app.Out, "%s claimed by %s\n", t.Number(), t.ClaimedBy)
			return nil
		},
	}
	cmd.Flags().StringVar(&by, "by", os.Getenv("USER"), "who is taking the ticket (default $USER)")
	return cmd
}

func newHandoffReopenCmd(app *App) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:               "reopen TICKET [--note TEXT]",
		Short:             "Put a resolved ticket back in the queue",
		Args:              exactArgs(1),
		ValidArgsFunction: completeTickets(app, "resolved"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, q, err := ticketQueue(cmd, app, args[0])
			if err != nil {
				return err
			}
			t, err := q.Reopen(cmd.Context(), id, note)
			if errors.Is(err, handoff.ErrNotResolved) {
				return withHint(err, "only resolved tickets can be reopened; `cafebot handoff show "+args[0]+"` shows it")
			}
			if err != nil {
				return ticketHint(err)
			}
			fmt.Fprintf(app.Out, "reopened %s (%s)\n", t.Number(), t.Priority)
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "why it is reopened")
	return cmd
}

func newHandoffListCmd(app *App) *cobra.Command {
	var asJSON bool
	var status, customer, store string
	var limit int
	cmd := &cobra.Command{
		Use:   "list [--status open|resolved|all] [--store ID|all] [--json]",
		Short: "List handoff tickets, most urgent first",
		Args:  exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch status {
			case "open", "resolved":
			case "all":
				status = ""
			default:
				return &usageError{err: fmt.Errorf("--status must be open, resolved or all, not %q", status), usage: cmd.UseLine()}
			}
			q, err := app.Handoffs(cmd.Context())
			if err != nil {
				return err
			}
			if store == "all" {
				store = ""
			}
			ts, err := q.List(cmd.Context(), handoff.Filter{Status: status, Limit: limit, CustomerID: customer, Store: store})
			if err != nil {
				return err
			}
			if asJSON {
				if ts == nil {
					ts = []handoff.Ticket{}
				}
				return writeJSON(app.Out, ts)
			}
			if len(ts) == 0 {
				fmt.Fprintln(app.Out, "no tickets")
				return nil
			}
			handoff.FormatList(app.Out, ts)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&status, "status", "open", "open, resolved or all")
	cmd.Flags().IntVar(&limit, "limit", 0, "show at most this many (0: all)")
	cmd.Flags().StringVar(&customer, "customer", "", "only this customer's tickets (customer id)")
	cmd.Flags().StringVar(&store, "store", "all", "only the tickets this chain store filed (its store.id), or all: the head office's inbox")
	cmd.RegisterFlagCompletionFunc("status", fixedCompletions("open", "resolved", "all"))
	cmd.RegisterFlagCompletionFunc("customer", completeCustomers(app))
	return cmd
}

func newHandoffShowCmd(app *App) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:               "show TICKET",
		Short:             "Show one ticket: analysis, transcript, tool calls, guard results",
		Args:              exactArgs(1),
		ValidArgsFunction: completeTickets(app, ""),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := loadTicket(cmd, app, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(app.Out, t)
			}
			t.Format(app.Out)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newHandoffResolveCmd(app *App) *cobra.Command {
	var note, reply string
	cmd := &cobra.Command{
		Use:               "resolve TICKET --note TEXT [--reply TEXT]",
		Short:             "Close a ticket with a note on what was done",
		Args:              exactArgs(1),
		ValidArgsFunction: completeTickets(app, "open"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(note) == "" {
				return &usageError{err: errors.New("--note is required: say what was done"), usage: cmd.UseLine()}
			}
			id, q, err := ticketQueue(cmd, app, args[0])
			if err != nil {
				return err
			}
			t, err := q.ResolveWithReply(cmd.Context(), id, note, reply)
			if err != nil {
				return ticketHint(err)
			}
			fmt.Fprintf(app.Out, "resolved %s\n", t.Number())
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "what was done (required)")
	cmd.Flags().StringVar(&reply, "reply", "", "the reply you gave the customer, kept as the gold answer for `cafebot train export`")
	return cmd
}

func loadTicket(cmd *cobra.Command, app *App, arg string) (handoff.Ticket, error) {
	id, err := handoff.ParseNumber(arg)
	if err != nil {
		return handoff.Ticket{}, &usageError{err: err, usage: cmd.UseLine()}
	}
	q, err := app.Handoffs(cmd.Context())
	if err != nil {
		return handoff.Ticket{}, err
	}
	t, err := q.Get(cmd.Context(), id)
	if err != nil {
		return t, ticketHint(err)
	}
	return t, nil
}

func ticketHint(err error) error {
	if errors.Is(err, handoff.ErrNotFound) {
		return withHint(err, "list tickets with `cafebot handoff list --status all`")
	}
	return err
}

// ticketQueue parses a ticket number argument (a usage error when it is not
// one) and opens the handoff queue.
func ticketQueue(cmd *cobra.Command, app *App, arg string) (int64, *handoff.Queue, error) {
	id, err := handoff.ParseNumber(arg)
	if err != nil {
		return 0, nil, &usageError{err: err, usage: cmd.UseLine()}
	}
	q, err := app.Handoffs(cmd.Context())
	return id, q, err
}
