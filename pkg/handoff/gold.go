package handoff

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/redact"
)

// Gold is a resolved ticket with the reply a member of staff gave the
// customer, recorded as the answer cafebot should have given: training
// data for the small models (`cafebot train export`).
type Gold struct {
	Ticket Ticket
	// Reply is the staff member's reply to the customer's last message.
	Reply string
}

// ResolveWithReply closes an open ticket like Resolve and records reply as
// the gold answer, in one step: the ticket is never resolved without the
// reply it was given, nor the reply stored on a ticket that stays open.
//
// The reply is masked as every stored text is (pkg/redact): card numbers,
// phone numbers and emails keep only their last digits or domain. A
// training export replaces the masks with placeholders anyway, so nothing
// a model should learn is lost.
func (q *Queue) ResolveWithReply(ctx context.Context, id int64, note, reply string) (Ticket, error) {
	reply = redact.Text(strings.TrimSpace(reply))
	if reply == "" {
		return q.Resolve(ctx, id, note)
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: a note saying what was done is required", id)
	}
	res, err := q.db.ExecContext(ctx, `UPDATE handoff_tickets
		SET status = 'resolved', resolved_at = ?, resolution_note = ?, gold_reply = ?
		WHERE id = ? AND status = 'open'`,
		formatTime(q.now()), note, reply, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve ticket #%d: %w", id, err)
	}
	t, err := q.Get(ctx, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("resolve: %w", err)
	}
	if n == 0 {
		return Ticket{}, fmt.Errorf("resolve ticket %s: %w on %s: %q", t.Number(), ErrAlreadyResolved,
			t.ResolvedAt.Format("2006-01-02 15:04 MST"), t.ResolutionNote)
	}
	return t, nil
}

// GoldReplies returns the resolved tickets that carry a staff reply,
// resolved at or after since (zero: all), oldest first.
func (q *Queue) GoldReplies(ctx context.Context, since time.Time) ([]Gold, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT id, gold_reply FROM handoff_tickets
		WHERE status = 'resolved' AND gold_reply <> '' AND resolved_at >= ? ORDER BY resolved_at, id`,
		formatTime(since))
	if err != nil {
		return nil, fmt.Errorf("gold replies: %w", err)
	}
	type row struct {
		id    int64
		reply string
	}
	var rs []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.reply); err != nil {
			rows.Close()
			return nil, fmt.Errorf("gold replies: %w", err)
		}
		rs = append(rs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gold replies: %w", err)
	}
	out := make([]Gold, 0, len(rs))
	for _, r := range rs {
		t, err := q.Get(ctx, r.id)
		if err != nil {
			return nil, fmt.Errorf("gold replies: %w", err)
		}
		out = append(out, Gold{Ticket: t, Reply: r.reply})
	}
	return out, nil
}
