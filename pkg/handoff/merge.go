package handoff

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cafebot/cafebot/pkg/sqldb"
)

// mergeCandidates caps how many open tickets of one customer and category
// Create compares a new handoff with; more than a few means the queue was
// filled before merging existed, and the newest are the likeliest match.
const mergeCandidates = 20

// findOpenMatter returns the open ticket t belongs to, if any: the newest
// open ticket of the same category and customer. For an unidentified
// customer any anonymous ticket would do, so it must also be the same
// conversation (t's transcript continues the ticket's) or carry the same
// last customer message.
func findOpenMatter(ctx context.Context, tx *sqldb.Tx, t Ticket) (Ticket, bool, error) {
	rows, err := tx.QueryContext(ctx, selectColumns+` WHERE status = 'open' AND category = ? AND customer_id = ?
		ORDER BY id DESC LIMIT ?`, t.Category, t.CustomerID, mergeCandidates)
	if err != nil {
		return Ticket{}, false, err
	}
	defer rows.Close()
	for rows.Next() {
		open, err := scanTicket(rows)
		if err != nil {
			return Ticket{}, false, err
		}
		if t.CustomerID != "" || continues(t.Transcript, open.Transcript) || sameLastMessage(t.Transcript, open.Transcript) {
			return open, true, rows.Err()
		}
	}
	return Ticket{}, false, rows.Err()
}

// sameTurn compares two turns by who spoke and what was said: a turn read
// back from the session's history has no time, the one the pipeline filed
// has.
func sameTurn(a, b Turn) bool { return a.Role == b.Role && a.Text == b.Text }

// continues reports whether transcript next starts with all of prev: the
// same conversation, grown since prev was filed.
func continues(next, prev []Turn) bool {
	if len(prev) == 0 || len(next) < len(prev) {
		return false
	}
	for i := range prev {
		if !sameTurn(prev[i], next[i]) {
			return false
		}
	}
	return true
}

// sameLastMessage reports whether both transcripts end their customer
// messages with the same words, ignoring case and spacing.
func sameLastMessage(a, b []Turn) bool {
	la, lb := lastCustomer(a), lastCustomer(b)
	return la != "" && strings.EqualFold(oneLine(la), oneLine(lb))
}

// newTurns returns the turns of next that open does not hold yet. The
// leading turns of next already in open's transcript, in order, are the
// conversation so far; what follows them is new. When nothing is shared,
// next is another conversation on the same matter and comes whole, after a
// note saying so. The same message sent again (a new time on an otherwise
// known last turn) is kept, so the ticket shows it was asked twice.
func newTurns(open, next []Turn, now time.Time) []Turn {
	i, j := 0, 0
	for i < len(next) {
		k := j
		for k < len(open) && !sameTurn(open[k], next[i]) {
			k++
		}
		if k == len(open) {
			break
		}
		i, j = i+1, k+1
	}
	switch {
	case i == 0:
		note := Turn{Role: "system", Text: "Another conversation about the same matter was merged into this ticket.", At: now}
		return append([]Turn{note}, next...)
	case i < len(next):
		return next[i:]
	}
	last := next[len(next)-1]
	if prev := open[len(open)-1]; !last.At.IsZero() && !prev.At.IsZero() && !last.At.Equal(prev.At) {
		return []Turn{last}
	}
	return nil
}

// mergeTicket folds the handoff next into the open ticket and returns the
// result, and whether next raised the ticket's priority (someone must hear
// about it again). The ticket keeps its number, reason, claim and creation
// time; the mood, classification and briefing are the latest.
func mergeTicket(open, next Ticket, now time.Time) (Ticket, bool) {
	m := open
	added := newTurns(open.Transcript, next.Transcript, now)
	m.Transcript = append(append([]Turn(nil), open.Transcript...), added...)
	if len(added) > 0 {
		m.Guard = append(append([]GuardResult(nil), open.Guard...), next.Guard...)
	}
	for _, tc := range next.ToolCalls {
		if !hasCall(m.ToolCalls, tc) {
			m.ToolCalls = append(m.ToolCalls, tc)
		}
	}
	raised := next.Priority.Rank() < open.Priority.Rank()
	if raised {
		m.Priority = next.Priority
	}
	m.Frustration = next.Frustration
	if next.Intent != "" {
		m.Intent, m.Confidence = next.Intent, next.Confidence
	}
	if next.Route != "" {
		m.Route = next.Route
	}
	if next.Draft != "" {
		m.Draft = next.Draft
	}
	m.Analysis = mergedAnalysis(m, next)
	m.Merges++
	m.UpdatedAt = now
	m.Merged = true
	return m, raised
}

// mergedAnalysis returns the briefing of the merged ticket: the checked
// facts are rewritten over the whole ticket; a briefing a model wrote
// above them for the new handoff is kept, since it read the latest case.
func mergedAnalysis(merged, next Ticket) string {
	facts := Analyze(next.Case())
	if head, ok := strings.CutSuffix(next.Analysis, facts); ok {
		return head + Analyze(merged.Case())
	}
	return next.Analysis
}

// hasCall reports whether calls holds a call with tc's name, arguments and
// outcome.
func hasCall(calls []ToolCall, tc ToolCall) bool {
	want, err := json.Marshal(tc)
	if err != nil {
		return false
	}
	for _, c := range calls {
		if got, err := json.Marshal(c); err == nil && string(got) == string(want) {
			return true
		}
	}
	return false
}

// updateMerged writes a merged ticket back, only while it is still open.
func updateMerged(ctx context.Context, tx *sqldb.Tx, t Ticket) error {
	transcript, err := json.Marshal(t.Transcript)
	if err != nil {
		return fmt.Errorf("transcript: %w", err)
	}
	guard, err := marshalArray(t.Guard)
	if err != nil {
		return fmt.Errorf("guard: %w", err)
	}
	calls, err := marshalArray(t.ToolCalls)
	if err != nil {
		return fmt.Errorf("tool calls: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE handoff_tickets SET priority = ?, intent = ?, confidence = ?,
		frustration = ?, route = ?, transcript = ?, guard = ?, tool_calls = ?, draft = ?, analysis = ?,
		updated_at = ?, merges = ? WHERE id = ? AND status = 'open'`,
		string(t.Priority), t.Intent, t.Confidence, t.Frustration, t.Route, string(transcript), guard, calls,
		t.Draft, t.Analysis, formatTime(t.UpdatedAt), t.Merges, t.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("ticket no longer open (%d rows, %v)", n, err)
	}
	return nil
}

// Claim records that by is taking the open ticket on and returns it.
// Claiming a ticket again by the same person changes nothing; one held by
// someone else is an error wrapping ErrClaimed that names them, and a
// resolved ticket one wrapping ErrAlreadyResolved.
func (q *Queue) Claim(ctx context.Context, id int64, by string) (Ticket, error) {
	by = oneLine(by)
	if by == "" {
		return Ticket{}, fmt.Errorf("claim ticket #%d: say who is taking it", id)
	}
	now := q.now().UTC().Round(0)
	res, err := q.db.ExecContext(ctx, `UPDATE handoff_tickets SET claimed_by = ?, claimed_at = ?, updated_at = ?
		WHERE id = ? AND status = 'open' AND claimed_by = ''`, by, formatTime(now), formatTime(now), id)
	if err != nil {
		return Ticket{}, fmt.Errorf("claim ticket #%d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Ticket{}, fmt.Errorf("claim ticket #%d: %w", id, err)
	}
	t, err := q.Get(ctx, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("claim: %w", err)
	}
	switch {
	case n == 1:
		return t, nil
	case t.Status == StatusResolved:
		return Ticket{}, fmt.Errorf("claim ticket %s: %w on %s; reopen it first", t.Number(), ErrAlreadyResolved,
			t.ResolvedAt.Format(shownTime))
	case t.ClaimedBy == by:
		return t, nil
	}
	return Ticket{}, fmt.Errorf("claim ticket %s: %w by %s at %s", t.Number(), ErrClaimed, t.ClaimedBy,
		t.ClaimedAt.Format(shownTime))
}

// Reopen puts a resolved ticket back in the queue and returns it. The
// earlier resolution is kept in the transcript as a system turn, and the
// claim is cleared so the ticket is picked up afresh. Reopening an open
// ticket is an error wrapping ErrNotResolved.
func (q *Queue) Reopen(ctx context.Context, id int64, note string) (Ticket, error) {
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return Ticket{}, fmt.Errorf("reopen ticket #%d: %w", id, err)
	}
	defer tx.Rollback()
	t, err := scanTicket(tx.QueryRowContext(ctx, selectColumns+` WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return Ticket{}, fmt.Errorf("reopen: ticket #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("reopen ticket #%d: %w", id, err)
	}
	if t.Status != StatusResolved {
		return Ticket{}, fmt.Errorf("reopen ticket %s: %w", t.Number(), ErrNotResolved)
	}
	now := q.now().UTC().Round(0)
	text := fmt.Sprintf("Reopened. It was resolved on %s: %s", t.ResolvedAt.UTC().Format(shownTime), t.ResolutionNote)
	if note = oneLine(note); note != "" {
		text += " Reopened because: " + note
	}
	t.Transcript = append(t.Transcript, Turn{Role: "system", Text: text, At: now})
	transcript, err := json.Marshal(t.Transcript)
	if err != nil {
		return Ticket{}, fmt.Errorf("reopen ticket %s: %w", t.Number(), err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE handoff_tickets SET status = 'open', resolved_at = NULL,
		resolution_note = NULL, claimed_by = '', claimed_at = NULL, updated_at = ?, transcript = ?
		WHERE id = ? AND status = 'resolved'`, formatTime(now), string(transcript), id)
	if err != nil {
		return Ticket{}, fmt.Errorf("reopen ticket %s: %w", t.Number(), err)
	}
	if err := tx.Commit(); err != nil {
		return Ticket{}, fmt.Errorf("reopen ticket %s: %w", t.Number(), err)
	}
	t.Status, t.ResolvedAt, t.ResolutionNote = StatusOpen, time.Time{}, ""
	t.ClaimedBy, t.ClaimedAt, t.UpdatedAt = "", time.Time{}, now
	return t, nil
}
