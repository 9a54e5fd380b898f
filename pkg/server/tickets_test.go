package server_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// wantStatus checks that err is a one-line StatusError with status, a
// hint, and a message containing msg.
func wantStatus(t *testing.T, what string, err error, status int, msg string) {
	t.Helper()
	var se *client.StatusError
	if !errors.As(err, &se) {
		t.Errorf("%s: %v, want a %d status", what, err, status)
		return
	}
	if se.StatusCode != status || !strings.Contains(se.Message, msg) || se.Hint == "" || strings.ContainsAny(se.Message+se.Hint, "\n\r") {
		t.Errorf("%s: %d %q (hint %q), want %d with %q, a hint and one line each", what, se.StatusCode, se.Message, se.Hint, status, msg)
	}
}

// Staff work a ticket from a terminal: claim (or assign), resolve with a
// reply, reopen; every wrong step is a one-line error with a hint, and a
// terminal token may read its ticket but not work it.
func TestStaffWorksTickets(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, b, staff := f.client(t, tokenA), f.client(t, tokenB), f.client(t, tokenStaff)
	_, id := escalate(t, a, "terminal-1")
	num := strconv.FormatInt(id, 10)

	// Terminals may not work tickets, not even their own.
	for name, c := range map[string]*client.Client{"owner": a, "other": b} {
		_, err := c.ClaimTicket(ctx, num, client.ClaimRequest{By: "Sam"})
		wantStatus(t, name+" claims", err, http.StatusForbidden, "only the staff token")
		_, err = c.ResolveTicket(ctx, num, client.ResolveRequest{Note: "done"})
		wantStatus(t, name+" resolves", err, http.StatusForbidden, "only the staff token")
		_, err = c.ReopenTicket(ctx, num, client.ReopenRequest{})
		wantStatus(t, name+" reopens", err, http.StatusForbidden, "only the staff token")
	}

	_, err := staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "  "})
	wantStatus(t, "claim without a name", err, http.StatusBadRequest, "say who")
	_, err = staff.ClaimTicket(ctx, num, client.ClaimRequest{By: strings.Repeat("x", 81)})
	if statusOf(err) != http.StatusBadRequest {
		t.Errorf("claim by an 81-character name: %v, want 400", err)
	}
	tk, err := staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Sam"})
	if err != nil || tk.ClaimedBy != "Sam" || tk.Status != handoff.StatusOpen {
		t.Fatalf("staff claim: %+v, %v", tk, err)
	}
	// The customer-facing number works too, and claiming again is a no-op.
	if tk, err := staff.ClaimTicket(ctx, "#"+num, client.ClaimRequest{By: "Sam"}); err != nil || tk.ClaimedBy != "Sam" {
		t.Errorf("claim again by #number: %+v, %v", tk, err)
	}
	_, err = staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Alex"})
	wantStatus(t, "assign a held ticket", err, http.StatusConflict, "already claimed by Sam")

	_, err = staff.ResolveTicket(ctx, num, client.ResolveRequest{})
	wantStatus(t, "resolve without a note", err, http.StatusBadRequest, "note")
	tk, err = staff.ResolveTicket(ctx, num, client.ResolveRequest{Note: "called the customer back", Reply: "Sam from the café rang you back."})
	if err != nil || tk.Status != handoff.StatusResolved || tk.ResolutionNote != "called the customer back" {
		t.Fatalf("resolve: %+v, %v", tk, err)
	}
	_, err = staff.ResolveTicket(ctx, num, client.ResolveRequest{Note: "again"})
	wantStatus(t, "resolve twice", err, http.StatusConflict, "already resolved")
	_, err = staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Alex"})
	wantStatus(t, "claim a resolved ticket", err, http.StatusConflict, "already resolved")

	// The owner reads the outcome.
	if got, err := a.Ticket(ctx, id); err != nil || got.Status != handoff.StatusResolved {
		t.Errorf("the owner reads the resolved ticket: %+v, %v", got, err)
	}

	tk, err = staff.ReopenTicket(ctx, num, client.ReopenRequest{Note: "the customer called again"})
	if err != nil || tk.Status != handoff.StatusOpen || tk.ClaimedBy != "" {
		t.Fatalf("reopen: %+v, %v", tk, err)
	}
	_, err = staff.ReopenTicket(ctx, num, client.ReopenRequest{})
	wantStatus(t, "reopen an open ticket", err, http.StatusConflict, "still open")
	if tk, err := staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Alex"}); err != nil || tk.ClaimedBy != "Alex" {
		t.Errorf("assign the reopened ticket: %+v, %v", tk, err)
	}

	// Tickets that do not exist, and numbers that are not numbers.
	_, err = staff.ClaimTicket(ctx, "99999", client.ClaimRequest{By: "Sam"})
	if statusOf(err) != http.StatusNotFound {
		t.Errorf("claim a missing ticket: %v, want 404", err)
	}
	_, err = staff.ResolveTicket(ctx, "soon!", client.ResolveRequest{Note: "x"})
	wantStatus(t, "resolve a bad number", err, http.StatusBadRequest, "")
	if _, err := staff.ClaimTicket(ctx, "../sessions", client.ClaimRequest{By: "Sam"}); err == nil {
		t.Error("the client sent a ticket number holding a path")
	}
}

// The ticket actions through raw HTTP: the method, the body rules and the
// token check are the same as every endpoint's.
func TestTicketActionsRawHTTP(t *testing.T) {
	f := newFixture(t)
	_, id := escalate(t, f.client(t, tokenA), "terminal-1")
	base := f.http.URL + client.APIVersion + "/tickets/" + strconv.FormatInt(id, 10)
	cases := []struct {
		name, method, path, token, body string
		want                            int
	}{
		{"no token", "POST", "/claim", "", `{"by":"Sam"}`, http.StatusUnauthorized},
		{"wrong method", "GET", "/claim", tokenStaff, "", http.StatusMethodNotAllowed},
		{"unknown field", "POST", "/claim", tokenStaff, `{"by":"Sam","who":"x"}`, http.StatusBadRequest},
		{"not JSON", "POST", "/resolve", tokenStaff, `note=done`, http.StatusBadRequest},
		{"two values", "POST", "/reopen", tokenStaff, `{} {}`, http.StatusBadRequest},
		{"no such action", "POST", "/delete", tokenStaff, `{}`, http.StatusNotFound},
		{"claim", "POST", "/claim", tokenStaff, `{"by":"Sam"}`, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want || resp.Header.Get("Content-Type") != "application/json" {
				t.Errorf("%s %s: %d %s, want %d JSON", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), tc.want)
			}
		})
	}
}
