package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// ticketReassign moves a claimed ticket between colleagues through the
// interface: refused while nobody holds it, a no-op to the holder, read
// back with the new holder and the handover in the transcript.
func ticketReassign(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	tk, err := s.Tickets.Create(ctx, ticketFor(backend.StoryRefundRequested, "human_request", "who has my ticket"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tickets.Reassign(ctx, tk.ID, "alex"); !errors.Is(err, handoff.ErrNotClaimed) {
		t.Errorf("reassigning an unclaimed ticket: %v, want ErrNotClaimed", err)
	}
	if _, err := s.Tickets.Reassign(ctx, tk.ID+1000, "alex"); !errors.Is(err, handoff.ErrNotFound) {
		t.Errorf("reassigning a missing ticket: %v, want ErrNotFound", err)
	}
	if _, err := s.Tickets.Claim(ctx, tk.ID, "sam"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Tickets.Reassign(ctx, tk.ID, "sam"); err != nil || got.ClaimedBy != "sam" || len(got.Transcript) != 1 {
		t.Errorf("reassigning to the holder: %+v, %v; want unchanged", got, err)
	}
	if _, err := s.Tickets.Reassign(ctx, tk.ID, "alex"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClaimedBy != "alex" || len(got.Transcript) != 2 || got.Transcript[1].Text != "Reassigned from sam to alex." {
		t.Errorf("after reassigning: claimed by %q, transcript %+v", got.ClaimedBy, got.Transcript)
	}
	if _, err := s.Tickets.Resolve(ctx, tk.ID, "explained"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tickets.Reassign(ctx, tk.ID, "jo"); !errors.Is(err, handoff.ErrAlreadyResolved) {
		t.Errorf("reassigning a resolved ticket: %v, want ErrAlreadyResolved", err)
	}
}

// racingReassign hands one ticket around among racers colleagues at once
// while the same matter is handed off again: every handover that
// succeeded is in the transcript once, they form one unbroken chain from
// the first holder to the holder stored, and no merged turn is lost.
func racingReassign(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	tk, err := s.Tickets.Create(ctx, ticketFor(backend.StoryDoubleCharge, "human_request", "charged twice"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tickets.Claim(ctx, tk.ID, "sam"); err != nil {
		t.Fatal(err)
	}
	ok := 0
	for i, err := range race(func(i int) error {
		if i%3 == 0 { // a third of the racers hand the matter off again
			m, err := s.Tickets.Create(ctx, ticketFor(backend.StoryDoubleCharge, "human_request", fmt.Sprintf("still charged twice (%d)", i)))
			if err == nil && (!m.Merged || m.ID != tk.ID) {
				err = fmt.Errorf("filed #%d merged=%v, want a merge into #%d", m.ID, m.Merged, tk.ID)
			}
			return err
		}
		_, err := s.Tickets.Reassign(ctx, tk.ID, fmt.Sprintf("staff-%d", i))
		return err
	}) {
		switch {
		case i%3 == 0 && err != nil:
			t.Errorf("a racing handoff failed: %v", err)
		case i%3 != 0 && err == nil:
			ok++
		case i%3 != 0 && !errors.Is(err, handoff.ErrClaimed):
			t.Errorf("a racing reassignment failed: %v", err)
		}
	}
	got, err := s.Tickets.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	holder, handovers, merged := "sam", 0, 0
	for _, turn := range got.Transcript {
		if strings.HasPrefix(turn.Text, "still charged twice") {
			merged++
		}
		from, to, found := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(turn.Text, "Reassigned from "), "."), " to ")
		if turn.Role != "system" || !found {
			continue
		}
		if from != holder {
			t.Errorf("handover %d is from %s, but %s held the ticket", handovers+1, from, holder)
		}
		holder = to
		handovers++
	}
	if handovers != ok || holder != got.ClaimedBy {
		t.Errorf("%d reassignments succeeded, %d in the transcript ending at %s; the store says %s", ok, handovers, holder, got.ClaimedBy)
	}
	if want := (racers + 2) / 3; merged != want || got.Merges != want {
		t.Errorf("%d merged turns kept (merges %d), want %d", merged, got.Merges, want)
	}
	if ok == 0 {
		t.Error("no racing reassignment succeeded")
	}
}
