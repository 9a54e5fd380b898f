package tui

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// Welcome is what a new conversation opens with: the knowledge base, the
// customer store and the queue as the chat command found them. The models
// line comes from the health check, as it arrives.
type Welcome struct {
	// KnowledgeChunks and KnowledgeFiles size the retrieval index.
	KnowledgeChunks int
	KnowledgeFiles  int
	// Customers counts the accounts; CustomersErr says why they could not
	// be counted.
	Customers    int
	CustomersErr string
	// OpenTickets counts the handoff tickets waiting for a person.
	OpenTickets int
}

// welcomeTitle heads the welcome block.
const welcomeTitle = "cafebot — what is set up"

// welcomeLines returns the welcome block's lines; each says what is there
// or, when something is missing, the command that sets it up.
func welcomeLines(w Welcome, s *statusBar) []string {
	var lines []string
	if w.KnowledgeChunks == 0 {
		lines = append(lines, "Knowledge base\tempty: run `cafebot ingest knowledge` (answers need the café's documents)")
	} else {
		lines = append(lines, fmt.Sprintf("Knowledge base\t%d passages from %d files", w.KnowledgeChunks, w.KnowledgeFiles))
	}
	lines = append(lines, "Models\t"+modelsLine(s))
	switch {
	case w.CustomersErr != "":
		lines = append(lines, "Customers\tunavailable: "+w.CustomersErr)
	case w.Customers == 0:
		lines = append(lines, "Customers\tnone yet: `cafebot backend import customers.csv` (or `cafebot backend seed` for the demo accounts)")
	default:
		lines = append(lines, fmt.Sprintf("Customers\t%d accounts", w.Customers))
	}
	if w.OpenTickets > 0 {
		lines = append(lines, fmt.Sprintf("Handoff queue\t%d open: `cafebot handoff list`", w.OpenTickets))
	} else {
		lines = append(lines, "Handoff queue\tnothing waiting")
	}
	lines = append(lines, "Start\ttype the customer's message; /customer PHONE binds their account; /help lists the commands")
	return lines
}

// modelsLine is the welcome's account of the role models.
func modelsLine(s *statusBar) string {
	switch {
	case !s.checkHealth:
		return "not checked (`cafebot models status` shows them)"
	case s.health == healthDown:
		return "Ollama unreachable: start it with `ollama serve`; until then answers come from the documents only"
	case s.health == healthUnknown:
		return "checking Ollama…"
	case !s.rolesKnown:
		return "Ollama answers (`cafebot models status` shows the role models)"
	}
	missing := missingRoles(s.roles)
	if len(missing) == 0 {
		return fmt.Sprintf("all %d roles ready", len(s.roles))
	}
	names := make([]string, len(missing))
	for i, r := range missing {
		names[i] = r.Role + " (" + r.Model + ")"
	}
	return "missing " + strings.Join(names, ", ") + ": run `cafebot models setup`"
}

// welcomeHealth rewrites the welcome's models line after a health check.
func (m *Model) welcomeHealth(healthMsg) {
	if m.welcome == nil || m.opt.Welcome == nil {
		return
	}
	m.welcome.lines = welcomeLines(*m.opt.Welcome, &m.status)
	m.welcome.out = "" // drop the cached rendering
	m.conv.refresh()
}

// Ticket is one open handoff ticket as the chat lists it.
type Ticket struct {
	Number    string // "#1042"
	Priority  string
	Category  string
	Reason    string
	ClaimedBy string
}

// ticketsMsg carries a customer's open tickets.
type ticketsMsg struct {
	c   Customer
	ts  []Ticket
	err error
}

func fetchTickets(ctx context.Context, list func(context.Context, string) ([]Ticket, error), c Customer) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		ts, err := list(ctx, c.ID)
		return ticketsMsg{c: c, ts: ts, err: err}
	}
}

// showTickets lists the bound customer's open tickets, so staff know of a
// matter already waiting before they answer.
func (m *Model) showTickets(msg ticketsMsg) {
	who := customerLabel(msg.c)
	switch {
	case msg.err != nil:
		m.conv.add(&entry{kind: kindError, text: "open tickets for " + who + ": " + msg.err.Error()})
	case len(msg.ts) == 0:
		m.conv.add(&entry{kind: kindNote, text: "No open tickets for " + who + "."})
	default:
		lines := make([]string, 0, len(msg.ts))
		for _, t := range msg.ts {
			line := fmt.Sprintf("%s %s\t%s: %s", t.Number, t.Priority, t.Category, t.Reason)
			if t.ClaimedBy != "" {
				line += " (claimed by " + t.ClaimedBy + ")"
			}
			lines = append(lines, line)
		}
		m.conv.add(&entry{kind: kindBlock, title: fmt.Sprintf("Open tickets for %s (%d)", who, len(msg.ts)), lines: lines})
	}
}

// copyMsg reports a /copy.
type copyMsg struct {
	n   int
	err error
}

// copyToClipboard sends text to the terminal's clipboard with OSC 52, which
// works over SSH and needs no clipboard tool; terminals that do not support
// it ignore the sequence.
func copyToClipboard(w io.Writer, text string) tea.Cmd {
	return func() tea.Msg {
		_, err := fmt.Fprintf(w, "\x1b]52;c;%s\x07", base64.StdEncoding.EncodeToString([]byte(text)))
		return copyMsg{n: len([]rune(text)), err: err}
	}
}
