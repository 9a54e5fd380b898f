package main

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/llm"
	"github.com/cafebot/cafebot/pkg/tui"
)

// chatHealth returns the status bar's check of Ollama and the role models.
func (a *App) chatHealth() tui.Health {
	cfg := a.Config()
	var roles []chatRole
	for _, r := range cfg.Models.Roles() {
		// The guard model only matters where it is turned on.
		if r.Name == "guard" && !cfg.Guard.ModelEnabled {
			continue
		}
		roles = append(roles, chatRole{role: r.Name, model: r.Model})
	}
	return ollamaRoles{c: a.LLM(), roles: roles}
}

type chatRole struct{ role, model string }

// ollamaRoles reports which role models Ollama has, for the status bar.
type ollamaRoles struct {
	c     *llm.Client
	roles []chatRole
}

// Ping returns nil when Ollama answers.
func (h ollamaRoles) Ping(ctx context.Context) error {
	_, err := h.c.Version(ctx)
	return err
}

// Roles returns each configured role and whether Ollama has its model.
func (h ollamaRoles) Roles(ctx context.Context) ([]tui.RoleState, error) {
	local, err := h.c.List(ctx)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, m := range local {
		have[m.Name] = true
		have[strings.TrimSuffix(m.Name, ":latest")] = true
	}
	out := make([]tui.RoleState, 0, len(h.roles))
	for _, r := range h.roles {
		out = append(out, tui.RoleState{Role: r.role, Model: r.model, Ready: have[r.model]})
	}
	return out, nil
}

// welcomeTimeout bounds the look-ups behind the welcome block; a slow
// database must not hold up the chat.
const welcomeTimeout = 2 * time.Second

// chatUIOptions returns the chat UI's options: terminal, mouse capture, the
// welcome facts and the ticket look-up for /customer.
func (a *App) chatUIOptions(ctx context.Context) tui.Options {
	return tui.Options{
		Dark:    lipgloss.HasDarkBackground(),
		NoColor: os.Getenv("NO_COLOR") != "",
		In:      a.In,
		Out:     a.Out,
		Mouse:   a.ChatMouse || a.Config().Chat.Mouse,
		Welcome: a.welcomeFacts(ctx),
		Tickets: a.openTickets,
	}
}

// welcomeFacts gathers what the welcome block shows: the index size, the
// customers and the open tickets.
func (a *App) welcomeFacts(ctx context.Context) *tui.Welcome {
	ctx, cancel := context.WithTimeout(ctx, welcomeTimeout)
	defer cancel()
	var w tui.Welcome
	if ix, err := a.Index(); err == nil {
		st := ix.Stats()
		w.KnowledgeChunks, w.KnowledgeFiles = st.Chunks, st.Files
	}
	if b, err := a.Backend(ctx); err != nil {
		w.CustomersErr = err.Error()
	} else if cs, err := b.ListCustomers(ctx); err != nil {
		w.CustomersErr = err.Error()
	} else {
		w.Customers = len(cs)
	}
	if q, err := a.Handoffs(ctx); err == nil {
		if ts, err := q.List(ctx, handoff.Filter{Status: "open"}); err == nil {
			w.OpenTickets = len(ts)
		}
	}
	return &w
}

// openTickets lists a customer's open handoff tickets for the chat.
func (a *App) openTickets(ctx context.Context, customerID string) ([]tui.Ticket, error) {
	q, err := a.Handoffs(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := q.List(ctx, handoff.Filter{Status: "open", CustomerID: customerID})
	if err != nil {
		return nil, err
	}
	out := make([]tui.Ticket, 0, len(ts))
	for _, t := range ts {
		out = append(out, tui.Ticket{Number: t.Number(), Priority: string(t.Priority), Category: t.Category,
			Reason: t.Reason, ClaimedBy: t.ClaimedBy})
	}
	return out, nil
}

// addChatFlags adds the chat screen's own flags to the chat command.
func addChatFlags(root *cobra.Command, app *App) {
	chat, _, err := root.Find([]string{"chat"})
	if err != nil || chat == root {
		return
	}
	chat.Flags().BoolVar(&app.ChatMouse, "mouse", false, "capture the mouse for wheel scrolling (then the terminal cannot select text; chat.mouse in the config)")
}
