package server_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/client"
)

// Staff move a claimed ticket to a colleague through POST
// /v1/tickets/{id}/reassign; every wrong step is a one-line error with a
// hint and leaves the claim where it was.
func TestStaffReassignsTicket(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, staff := f.client(t, tokenA), f.client(t, tokenStaff)
	_, id := escalate(t, a, "terminal-1")
	num := strconv.FormatInt(id, 10)

	_, err := staff.ReassignTicket(ctx, num, client.ReassignRequest{To: "Alex"})
	wantStatus(t, "reassigning an unclaimed ticket", err, http.StatusConflict, "not claimed")
	if _, err := staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Sam"}); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name, number, to string
		status           int
		msg              string
		hint             bool // the server's shared 400 and 404 carry none
	}{
		{"no name", num, "  ", http.StatusBadRequest, "say who takes the ticket over", true},
		{"a long name", num, strings.Repeat("x", 81), http.StatusBadRequest, "longer than 80", false},
		{"a missing ticket", "99999", "Alex", http.StatusNotFound, "not found", false},
	}
	for _, b := range bad {
		_, err := staff.ReassignTicket(ctx, b.number, client.ReassignRequest{To: b.to})
		if b.hint {
			wantStatus(t, b.name, err, b.status, b.msg)
		} else if statusOf(err) != b.status || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("%s: %v, want %d with %q", b.name, err, b.status, b.msg)
		}
	}
	if got, _ := staff.Ticket(ctx, id); got.ClaimedBy != "Sam" {
		t.Fatalf("a refused reassignment moved the claim to %q", got.ClaimedBy)
	}

	tk, err := staff.ReassignTicket(ctx, "#"+num, client.ReassignRequest{To: "Alex"})
	if err != nil || tk.ClaimedBy != "Alex" {
		t.Fatalf("reassign: %+v, %v", tk, err)
	}
	// The terminal that filed it sees who has it now, and the handover.
	got, err := a.Ticket(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if last := got.Transcript[len(got.Transcript)-1]; got.ClaimedBy != "Alex" || last.Text != "Reassigned from Sam to Alex." {
		t.Errorf("the terminal reads claimed by %q, last turn %+v", got.ClaimedBy, last)
	}
	_, err = staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Sam"})
	wantStatus(t, "claiming back a reassigned ticket", err, http.StatusConflict, "already claimed by Alex")
}

// The attack: terminal tokens (the ticket's own included) and no token at
// all try to take a claimed ticket over. Each is refused, and the claim is
// still Sam's.
func TestReassignIsStaffOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	a, b, staff := f.client(t, tokenA), f.client(t, tokenB), f.client(t, tokenStaff)
	_, id := escalate(t, a, "terminal-1")
	num := strconv.FormatInt(id, 10)
	if _, err := staff.ClaimTicket(ctx, num, client.ClaimRequest{By: "Sam"}); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*client.Client{"owner": a, "other": b} {
		_, err := c.ReassignTicket(ctx, num, client.ReassignRequest{To: "Mallory"})
		wantStatus(t, name+" reassigns", err, http.StatusForbidden, "only the staff token")
	}
	_, err := f.client(t, "").ReassignTicket(ctx, num, client.ReassignRequest{To: "Mallory"})
	if statusOf(err) != http.StatusUnauthorized {
		t.Errorf("no token reassigns: %v, want 401", err)
	}
	got, err := staff.Ticket(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClaimedBy != "Sam" || strings.Contains(got.Transcript[len(got.Transcript)-1].Text, "Mallory") {
		t.Errorf("after the attacks: claimed by %q, last turn %+v", got.ClaimedBy, got.Transcript[len(got.Transcript)-1])
	}
}
