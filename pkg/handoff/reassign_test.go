package handoff

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A claimed ticket moves to a colleague: the claim is theirs from then on
// (read back from the store), the handover is in the transcript naming
// both, and every way of getting it wrong is refused without a write.
func TestReassign(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	tk, err := q.Create(ctx, sample("human_request"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Reassign(ctx, tk.ID, "Alex"); !errors.Is(err, ErrNotClaimed) {
		t.Errorf("reassigning an unclaimed ticket: %v, want ErrNotClaimed", err)
	}
	claimed, err := q.Claim(ctx, tk.ID, "Sam")
	if err != nil {
		t.Fatal(err)
	}
	refusals := []struct {
		name string
		id   int64
		by   string
		want error
	}{
		{"no name", tk.ID, " \t ", nil},
		{"missing ticket", 4242, "Alex", ErrNotFound},
	}
	for _, r := range refusals {
		_, err := q.Reassign(ctx, r.id, r.by)
		if err == nil || (r.want != nil && !errors.Is(err, r.want)) {
			t.Errorf("%s: %v, want an error wrapping %v", r.name, err, r.want)
		}
	}
	same, err := q.Reassign(ctx, tk.ID, "Sam")
	if err != nil || same.ClaimedBy != "Sam" || !same.ClaimedAt.Equal(claimed.ClaimedAt) || len(same.Transcript) != len(claimed.Transcript) {
		t.Errorf("reassigning to the holder changed the ticket: %+v, %v", same, err)
	}

	got, err := q.Reassign(ctx, tk.ID, "  Alex\n")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := q.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []Ticket{got, stored} {
		if x.ClaimedBy != "Alex" || !x.ClaimedAt.After(claimed.ClaimedAt) || !x.UpdatedAt.Equal(x.ClaimedAt) {
			t.Errorf("after reassigning: claimed by %q at %v (was %v), updated %v", x.ClaimedBy, x.ClaimedAt, claimed.ClaimedAt, x.UpdatedAt)
		}
		last := x.Transcript[len(x.Transcript)-1]
		if len(x.Transcript) != len(claimed.Transcript)+1 || last.Role != "system" || last.Text != "Reassigned from Sam to Alex." {
			t.Errorf("the handover is not in the transcript: %+v", x.Transcript)
		}
	}
	if _, err := q.Claim(ctx, tk.ID, "Sam"); !errors.Is(err, ErrClaimed) || !strings.Contains(err.Error(), "Alex") {
		t.Errorf("Sam claiming back the ticket Alex now holds: %v, want ErrClaimed naming Alex", err)
	}

	// A later handoff of the same matter merges in and keeps Alex's claim.
	merged, err := q.Create(ctx, sample("human_request"))
	if err != nil || !merged.Merged || merged.ID != tk.ID || merged.ClaimedBy != "Alex" {
		t.Errorf("merge after reassigning: %+v, %v", merged, err)
	}

	if _, err := q.Resolve(ctx, tk.ID, "called back"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Reassign(ctx, tk.ID, "Jo"); !errors.Is(err, ErrAlreadyResolved) {
		t.Errorf("reassigning a resolved ticket: %v, want ErrAlreadyResolved", err)
	}
	if x, _ := q.Get(ctx, tk.ID); x.ClaimedBy != "Alex" {
		t.Errorf("a refused reassignment wrote the claim: %q", x.ClaimedBy)
	}
}
