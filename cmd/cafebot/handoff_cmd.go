package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/outbox"
)

func newHandoffCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "handoff",
		Short: "Work the queue of conversations handed to a person",
	}
	cmd.AddCommand(newHandoffListCmd(app), newHandoffShowCmd(app), newHandoffClaimCmd(app),
		newHandoffReassignCmd(app), newHandoffResolveCmd(app), newHandoffReopenCmd(app))
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

func newHandoffReassignCmd(app *App) *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:               "reassign TICKET --to NAME",
		Short:             "Move a claimed ticket to a colleague; the handover is kept on the ticket",
		Args:              exactArgs(1),
		ValidArgsFunction: completeTickets(app, "open"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(to) == "" {
				return &usageError{err: errors.New("--to is required: say who takes the ticket over"), usage: cmd.UseLine()}
			}
			id, q, err := ticketQueue(cmd, app, args[0])
			if err != nil {
				return err
			}
			t, err := q.Reassign(cmd.Context(), id, to)
			switch {
			case errors.Is(err, handoff.ErrNotClaimed):
				return withHint(err, fmt.Sprintf("run `cafebot handoff claim %s --by %s` instead", args[0], strings.TrimSpace(to)))
			case errors.Is(err, handoff.ErrClaimed):
				return withHint(err, "look again with `cafebot handoff show "+args[0]+"` and agree with the new holder")
			case errors.Is(err, handoff.ErrAlreadyResolved):
				return withHint(err, fmt.Sprintf("run `cafebot handoff reopen %s` if it needs more work", args[0]))
			case err != nil:
				return ticketHint(err)
			}
			fmt.Fprintf(app.Out, "%s reassigned to %s\n", t.Number(), t.ClaimedBy)
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "who takes the ticket over")
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
			if store == "all" {
				store = ""
			}
			f := handoff.Filter{Status: status, Limit: limit, CustomerID: customer, Store: store}
			if down := app.headOfficeDown(cmd.Context()); down != nil {
				return listOffline(cmd, app, f, asJSON)
			}
			if app.chain() {
				// Tickets filed during an earlier outage are head office's
				// too: deliver them before listing, so the list is whole.
				if r, err := app.deliverOutbox(cmd.Context()); err != nil {
					app.notice("note: this store's outbox could not be delivered (%v); its waiting tickets are not in this list", err)
				} else if r.Tickets > 0 {
					app.notice("note: delivered %d ticket(s) from this store's outbox first", r.Tickets)
				}
			}
			q, err := app.Handoffs(cmd.Context())
			if err != nil {
				return err
			}
			ts, err := q.List(cmd.Context(), f)
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

// listOffline lists the tickets a chain store's outbox holds, waiting or
// delivered, under a note that head office is unreachable and the list is
// local only.
func listOffline(cmd *cobra.Command, app *App, f handoff.Filter, asJSON bool) error {
	ob, err := app.Outbox(cmd.Context())
	if err != nil {
		return fmt.Errorf("open the outbox: %w", err)
	}
	ls, err := ob.Filed(cmd.Context(), f)
	if err != nil {
		return err
	}
	app.notice("note: head office is unreachable, so this list is local only: this store's outbox (waiting or delivered) and its copies of the tickets it filed at head office, as they were filed (`cafebot status` shows the link)")
	if asJSON {
		if ls == nil {
			ls = []outbox.LocalTicket{}
		}
		return writeJSON(app.Out, ls)
	}
	if len(ls) == 0 {
		fmt.Fprintln(app.Out, "no tickets")
		return nil
	}
	// A local number and a head-office number may be the same digits; the
	// time filed tells the rows apart.
	key := func(t handoff.Ticket) string {
		return fmt.Sprintf("%s %d %d", t.Number(), t.ID, t.CreatedAt.UnixNano())
	}
	ts := make([]handoff.Ticket, len(ls))
	state := map[string]string{}
	for i, l := range ls {
		ts[i], state[key(l.Ticket)] = l.Ticket, l.State()
	}
	handoff.FormatListWithStatus(app.Out, ts, func(t handoff.Ticket) string { return state[key(t)] })
	return nil
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

// loadTicket finds the ticket arg names: a number ("#1042") or an offline
// reference ("ELM-ROAD-L1002"). While a chain store cannot reach head
// office it looks in the store's outbox, by reference only: a bare number
// is head office's, and the outbox's own numbers belong to nobody there.
func loadTicket(cmd *cobra.Command, app *App, arg string) (handoff.Ticket, error) {
	if err := checkTicketArg(arg); err != nil {
		return handoff.Ticket{}, &usageError{err: err, usage: cmd.UseLine()}
	}
	var q handoff.TicketStore
	if down := app.headOfficeDown(cmd.Context()); down != nil {
		ob, err := app.Outbox(cmd.Context())
		if err != nil {
			return handoff.Ticket{}, fmt.Errorf("open the outbox: %w", err)
		}
		if id, err := handoff.ParseNumber(arg); err == nil {
			t, ok, err := ob.Mirrored(cmd.Context(), id)
			if err != nil {
				return handoff.Ticket{}, err
			}
			if !ok {
				return handoff.Ticket{}, withHint(fmt.Errorf("ticket %s: head office is unreachable, and this store has no copy of it", arg),
					"`cafebot handoff list` shows the tickets this store knows about (those filed offline under references like ELM-ROAD-L1002); look others up once `cafebot status` shows the link")
			}
			app.notice("note: head office is unreachable: this is this store's copy of %s, as it was filed; it may have been worked on since", t.Number())
			return t, nil
		}
		q = ob.Tickets
	} else {
		hq, err := app.Handoffs(cmd.Context())
		if err != nil {
			return handoff.Ticket{}, err
		}
		q = hq
	}
	t, err := q.Lookup(cmd.Context(), arg)
	if err != nil {
		return t, ticketHint(err)
	}
	if ref := strings.ToUpper(strings.TrimSpace(arg)); handoff.IsRef(ref) && t.Ref != ref {
		app.notice("note: %s was merged into %s on delivery: head office already had an open ticket of the same matter", ref, t.Number())
	}
	return t, nil
}

// checkTicketArg reports text that is neither a ticket number nor an
// offline reference, before anything is opened.
func checkTicketArg(arg string) error {
	if _, err := handoff.ParseNumber(arg); err == nil {
		return nil
	}
	if handoff.IsRef(strings.ToUpper(strings.TrimPrefix(strings.TrimSpace(arg), "#"))) {
		return nil
	}
	return fmt.Errorf("ticket %q: want a number like #1042 or a reference like ELM-ROAD-L1002: %w", arg, handoff.ErrBadNumber)
}

func ticketHint(err error) error {
	switch {
	case errors.Is(err, handoff.ErrNotFound):
		return withHint(err, "list tickets with `cafebot handoff list --status all`")
	case errors.Is(err, handoff.ErrAmbiguousRef):
		return withHint(err, "two stores share a store.id: give each store its own, and pick the ticket by its number")
	}
	return err
}

// ticketQueue finds the ticket a number or reference argument names (a
// usage error when it is neither) and returns its id with the queue.
func ticketQueue(cmd *cobra.Command, app *App, arg string) (int64, handoff.TicketStore, error) {
	if err := checkTicketArg(arg); err != nil {
		return 0, nil, &usageError{err: err, usage: cmd.UseLine()}
	}
	// Tickets are worked at head office: a claim or resolution made on the
	// outbox's copy would be lost when the copy is delivered, open.
	if down := app.headOfficeDown(cmd.Context()); down != nil {
		return 0, nil, withHint(errors.New("head office is unreachable: tickets are claimed, resolved and reopened there"),
			"try again when `cafebot status` shows the link; `cafebot handoff list` shows this store's tickets meanwhile")
	}
	t, err := loadTicket(cmd, app, arg)
	if err != nil {
		return 0, nil, err
	}
	q, err := app.Handoffs(cmd.Context())
	return t.ID, q, err
}
