package handoff

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrNotClaimed reports an attempt to reassign a ticket nobody holds.
var ErrNotClaimed = errors.New("not claimed")

// Reassign moves the open ticket someone holds to by and returns it. The
// claim is recorded as a claim is (claimed_by, claimed_at, updated_at),
// and the handover is kept in the transcript as a system turn naming both,
// so the inbox shows who held the ticket before. Reassigning to the
// holder changes nothing; a ticket nobody holds is an error wrapping
// ErrNotClaimed (claim it instead), a resolved one ErrAlreadyResolved, and
// one whose holder changed meanwhile ErrClaimed naming the new holder.
func (q *Queue) Reassign(ctx context.Context, id int64, by string) (Ticket, error) {
	by = oneLine(by)
	if by == "" {
		return Ticket{}, fmt.Errorf("reassign ticket #%d: say who takes it over", id)
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket #%d: %w", id, err)
	}
	defer tx.Rollback()
	// The same lock a merge takes: a handoff merged into the ticket
	// meanwhile must not lose its turns to this transcript write.
	if err := tx.Lock(ctx, "cafebot.handoff"); err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket #%d: %w", id, err)
	}
	t, err := scanTicket(tx.QueryRowContext(ctx, selectColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Ticket{}, fmt.Errorf("reassign: ticket #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket #%d: %w", id, err)
	}
	switch {
	case t.Status == StatusResolved:
		return Ticket{}, fmt.Errorf("reassign ticket %s: %w on %s; reopen it first", t.Number(), ErrAlreadyResolved,
			t.ResolvedAt.Format(shownTime))
	case t.ClaimedBy == "":
		return Ticket{}, fmt.Errorf("reassign ticket %s: %w by anyone yet", t.Number(), ErrNotClaimed)
	case t.ClaimedBy == by:
		return t, nil
	}
	from := t.ClaimedBy
	now := q.now().UTC().Round(0)
	t.Transcript = append(t.Transcript, Turn{Role: "system",
		Text: fmt.Sprintf("Reassigned from %s to %s.", from, by), At: now})
	transcript, err := json.Marshal(t.Transcript)
	if err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket %s: %w", t.Number(), err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE handoff_tickets SET claimed_by = ?, claimed_at = ?, updated_at = ?,
		transcript = ? WHERE id = ? AND status = 'open' AND claimed_by = ?`,
		by, formatTime(now), formatTime(now), string(transcript), id, from)
	if err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket %s: %w", t.Number(), err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		tx.Rollback()
		if cur, gerr := q.Get(ctx, id); gerr == nil && cur.ClaimedBy != from {
			return Ticket{}, fmt.Errorf("reassign ticket %s: %w by %s meanwhile", t.Number(), ErrClaimed, orNone(cur.ClaimedBy))
		}
		return Ticket{}, fmt.Errorf("reassign ticket %s: the ticket changed meanwhile (%d rows, %v); look again", t.Number(), n, err)
	}
	if err := tx.Commit(); err != nil {
		return Ticket{}, fmt.Errorf("reassign ticket %s: %w", t.Number(), err)
	}
	t.ClaimedBy, t.ClaimedAt, t.UpdatedAt = by, now, now
	return t, nil
}
