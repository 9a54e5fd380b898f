package handoff

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestResolveWithReply(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	a, err := q.Create(ctx, sample("tool_failure"))
	if err != nil {
		t.Fatal(err)
	}
	b := sample("human_request")
	b.CustomerID = "C-1002"
	bt, err := q.Create(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	c := sample("multi_issue")
	c.CustomerID = "C-1003"
	ct, err := q.Create(ctx, c)
	if err != nil {
		t.Fatal(err)
	}

	const reply = "I've added the 40 missing points; your balance is now 340."
	got, err := q.ResolveWithReply(ctx, a.ID, "credited by hand", "  "+reply+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusResolved || got.ResolutionNote != "credited by hand" {
		t.Errorf("resolved ticket = %+v", got)
	}
	if _, err := q.ResolveWithReply(ctx, bt.ID, "called back", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := q.ResolveWithReply(ctx, a.ID, "again", "another reply"); !errors.Is(err, ErrAlreadyResolved) {
		t.Errorf("second resolve: %v, want ErrAlreadyResolved", err)
	}
	if _, err := q.ResolveWithReply(ctx, ct.ID, " ", reply); err == nil {
		t.Error("a reply without a note resolved the ticket")
	}

	gold, err := q.GoldReplies(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gold) != 1 || gold[0].Ticket.ID != a.ID || gold[0].Reply != reply {
		t.Fatalf("gold = %+v, want only ticket %d with its trimmed reply", gold, a.ID)
	}
	if got, _ := q.Get(ctx, ct.ID); got.Status != StatusOpen {
		t.Errorf("the refused resolve left ticket %d %s", ct.ID, got.Status)
	}
	d := sample("guard")
	d.CustomerID = "C-1004"
	dt, err := q.Create(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.ResolveWithReply(ctx, dt.ID, "refunded", "Refunded to 4242 4242 4242 4242; call 555-010-9999 or write to sam@example.org"); err != nil {
		t.Fatal(err)
	}
	gold, _ = q.GoldReplies(ctx, time.Time{})
	if got := gold[len(gold)-1].Reply; got != "Refunded to [card ending 4242]; call [phone ending 9999] or write to [email at example.org]" {
		t.Errorf("stored reply = %q, want it masked like every stored text", got)
	}
	later, err := q.GoldReplies(ctx, gold[len(gold)-1].Ticket.ResolvedAt.Add(time.Second))
	if err != nil || len(later) != 0 {
		t.Errorf("gold since after the resolve = %v, %v; want none", later, err)
	}
}
