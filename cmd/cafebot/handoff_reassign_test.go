package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/ollamatest"
)

// `cafebot handoff reassign` moves Sam's ticket to Alex: the list shows
// Alex, show has the handover, and each misuse is one line with a hint
// (or a usage error) that leaves the claim as it was.
func TestHandoffReassign(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	q := openQueue(t, c.home)
	tk, err := q.Create(context.Background(), handoff.Case{Category: "human_request", CustomerID: "C1001",
		Transcript: []handoff.Turn{{Role: "customer", Text: "can I talk to someone"}}}.Ticket())
	if err != nil {
		t.Fatal(err)
	}
	id := tk.Number()

	if r := c.run("", "handoff", "reassign", id, "--to", "Alex"); r.code != 1 || !strings.Contains(r.err, "not claimed") ||
		!strings.Contains(r.err, "hint: run `cafebot handoff claim "+id+" --by Alex` instead") {
		t.Errorf("reassign of an unclaimed ticket: exit %d %s", r.code, r.err)
	}
	c.ok("handoff", "claim", id, "--by", "Sam")
	if r := c.run("", "handoff", "reassign", id); r.code != 2 || !strings.Contains(r.err, "--to is required") {
		t.Errorf("reassign without --to: exit %d %s", r.code, r.err)
	}
	if r := c.run("", "handoff", "reassign", "abc", "--to", "Alex"); r.code != 2 {
		t.Errorf("reassign abc: exit %d, want a usage error", r.code)
	}
	if r := c.run("", "handoff", "reassign", "#4242", "--to", "Alex"); r.code != 1 || !strings.Contains(r.err, "not found") {
		t.Errorf("reassign of a missing ticket: exit %d %s", r.code, r.err)
	}
	if got, _ := q.Get(context.Background(), tk.ID); got.ClaimedBy != "Sam" {
		t.Fatalf("a refused reassignment moved the claim to %q", got.ClaimedBy)
	}

	if r := c.ok("handoff", "reassign", id, "--to", "Alex"); r.out != id+" reassigned to Alex\n" {
		t.Errorf("reassign: %q", r.out)
	}
	if r := c.ok("handoff", "list"); !regexp.MustCompile(`#1001\s+normal\s+open\s+human_request\s+C1001\s+Alex`).MatchString(r.out) {
		t.Errorf("list does not show the new holder:\n%s", r.out)
	}
	r := c.ok("handoff", "show", id)
	for _, want := range []string{"Claimed:     Alex at ", "Reassigned from Sam to Alex."} {
		if !strings.Contains(r.out, want) {
			t.Errorf("show after reassigning lacks %q:\n%s", want, r.out)
		}
	}
	c.ok("handoff", "resolve", id, "--note", "called back")
	if r := c.run("", "handoff", "reassign", id, "--to", "Jo"); r.code != 1 || !strings.Contains(r.err, "already resolved") ||
		!strings.Contains(r.err, "handoff reopen") {
		t.Errorf("reassign of a resolved ticket: exit %d %s", r.code, r.err)
	}
}
