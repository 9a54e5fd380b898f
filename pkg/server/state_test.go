package server_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/server"
)

// escalate has c open a session and ask for a manager; it returns the
// conversation and the ticket that filed.
func escalate(t *testing.T, c *client.Client, who string) (conv, ticket int64) {
	_, conv, ticket = escalateIn(t, c, who)
	return conv, ticket
}

// escalateIn is escalate that also returns the session's id.
func escalateIn(t *testing.T, c *client.Client, who string) (session string, conv, ticket int64) {
	t.Helper()
	ctx := context.Background()
	s, err := c.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ans, info, err := c.SendMessage(ctx, s.Info().ID, "I want to speak to a manager right now, "+who, nil)
	if err != nil || ans.HandoffID == 0 || info.ConversationID == 0 {
		t.Fatalf("%s's escalation: %v, ticket %d, conversation %d", who, err, ans.HandoffID, info.ConversationID)
	}
	return s.Info().ID, info.ConversationID, ans.HandoffID
}

// ticketIDs lists the tickets c may see.
func ticketIDs(t *testing.T, c *client.Client) []int64 {
	t.Helper()
	ts, err := c.Tickets(context.Background(), "", 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, tk := range ts {
		ids = append(ids, tk.ID)
	}
	slices.Sort(ids)
	return ids
}

// The attack: after a restart, terminal B tries to read terminal A's
// conversation and ticket. Ownership is kept in the server's state file,
// so B is still refused and A still gets in; the file holds no token.
func TestOwnershipSurvivesRestart(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state")
	f := newFixture(t, func(o *server.Options) { o.StateDir = state })
	ctx := context.Background()
	sessA, convA, ticketA := escalateIn(t, f.client(t, tokenA), "terminal-1")
	_, ticketB := escalate(t, f.client(t, tokenB), "terminal-2")

	check := func(when string) {
		t.Helper()
		a, b, staff := f.client(t, tokenA), f.client(t, tokenB), f.client(t, tokenStaff)
		if _, err := b.CreateSession(ctx, client.SessionRequest{Resume: convA}); statusOf(err) != http.StatusForbidden {
			t.Errorf("%s: terminal B resumed A's conversation: %v, want 403", when, err)
		}
		if _, err := b.Ticket(ctx, ticketA); statusOf(err) != http.StatusForbidden {
			t.Errorf("%s: terminal B read A's ticket: %v, want 403", when, err)
		}
		if got := ticketIDs(t, b); !slices.Equal(got, []int64{ticketB}) {
			t.Errorf("%s: terminal B lists tickets %v, want only its own %d", when, got, ticketB)
		}
		info, err := a.CreateSession(ctx, client.SessionRequest{Resume: convA})
		if err != nil {
			t.Fatalf("%s: terminal A could not resume its conversation: %v", when, err)
		}
		if len(info.History) < 2 || !strings.Contains(info.History[0].Text, "terminal-1") {
			t.Errorf("%s: the resumed conversation is not A's: %+v", when, info.History)
		}
		if _, err := a.Ticket(ctx, ticketA); err != nil {
			t.Errorf("%s: terminal A could not read its ticket: %v", when, err)
		}
		if got := ticketIDs(t, a); !slices.Equal(got, []int64{ticketA}) {
			t.Errorf("%s: terminal A lists tickets %v, want only its own %d", when, got, ticketA)
		}
		if got := ticketIDs(t, staff); len(got) != 2 {
			t.Errorf("%s: staff lists %v, want both tickets", when, got)
		}
	}
	check("before the restart")
	f.restart(t)
	check("after a restart")
	// The session itself lived in memory: gone for everyone, A included.
	for name, tok := range map[string]string{"A": tokenA, "B": tokenB} {
		if _, err := f.client(t, tok).GetSession(ctx, sessA); statusOf(err) != http.StatusNotFound {
			t.Errorf("terminal %s read A's session from before the restart: %v, want 404", name, err)
		}
	}

	path := filepath.Join(state, server.OwnersFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{tokenA, tokenB, tokenStaff} {
		if strings.Contains(string(data), tok) || strings.Contains(string(data), tok[:12]) {
			t.Errorf("the state file holds a token: %s", data)
		}
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("state file mode = %v, %v; want 0600", st.Mode(), err)
	}

	// A crash mid-write leaves a torn last line: the server still starts,
	// keeps every whole record, and records written after the torn line
	// are read back on the next start.
	fh, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fh.WriteString(`{"kind":"ticket","id":`)
	fh.Close()
	f.restart(t)
	check("after a torn write")
	_, ticketA2 := escalate(t, f.client(t, tokenA), "terminal-1")
	f.restart(t)
	if _, err := f.client(t, tokenA).Ticket(ctx, ticketA2); err != nil {
		t.Errorf("a ticket recorded after the torn line was lost: %v", err)
	}
	if _, err := f.client(t, tokenB).Ticket(ctx, ticketA2); statusOf(err) != http.StatusForbidden {
		t.Errorf("terminal B read A's later ticket: %v, want 403", err)
	}
}

// Without a state folder nothing is written, and after a restart older
// conversations and tickets are staff's alone: the rules fail closed.
func TestOwnershipInMemoryFailsClosed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	convA, ticketA := escalate(t, f.client(t, tokenA), "terminal-1")
	f.restart(t)
	a, staff := f.client(t, tokenA), f.client(t, tokenStaff)
	if _, err := a.Ticket(ctx, ticketA); statusOf(err) != http.StatusForbidden {
		t.Errorf("a ticket with no ownership record: %v, want 403", err)
	}
	if _, err := a.CreateSession(ctx, client.SessionRequest{Resume: convA}); statusOf(err) != http.StatusForbidden {
		t.Errorf("a conversation with no ownership record: %v, want 403", err)
	}
	if _, err := staff.Ticket(ctx, ticketA); err != nil {
		t.Errorf("staff lost the ticket: %v", err)
	}
}

// A state folder that cannot be created stops the server at start, with
// the reason, rather than serving with rules that would not survive.
func TestBadStateDirFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "not a folder")
	f := newFixture(t)
	opt := f.opt
	opt.StateDir = filepath.Join(file, "state")
	if _, err := server.New(opt); err == nil || !strings.Contains(err.Error(), "server state") {
		t.Fatalf("New with an unusable state folder = %v, want a server state error", err)
	}
}
