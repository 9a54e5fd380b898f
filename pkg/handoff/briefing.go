package handoff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cafebot/cafebot/pkg/redact"
)

// briefingMark separates a model's briefing from the facts cafebot
// checked itself in a ticket's analysis.
const briefingMark = "\n\nChecked facts: "

// AddBriefing puts a model-written briefing above the checked facts of
// ticket id. The ticket is created first and stands on its own; the
// briefing is added when it arrives, or never. A second briefing replaces
// the first. It is an error wrapping ErrNotFound when there is no such
// ticket; a resolved ticket is left as it is.
func (q *Queue) AddBriefing(ctx context.Context, id int64, text string) error {
	text = redact.Text(strings.TrimSpace(text))
	if text == "" {
		return nil
	}
	tx, err := q.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add briefing to ticket #%d: %w", id, err)
	}
	defer tx.Rollback()
	var analysis, status string
	err = tx.QueryRowContext(ctx, `SELECT analysis, status FROM handoff_tickets WHERE id = ?`, id).Scan(&analysis, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("add briefing to ticket #%d: %w", id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("add briefing to ticket #%d: %w", id, err)
	}
	if status != string(StatusOpen) {
		return nil
	}
	if i := strings.LastIndex(analysis, briefingMark); i >= 0 {
		analysis = analysis[i+len(briefingMark):]
	}
	if _, err := tx.ExecContext(ctx, `UPDATE handoff_tickets SET analysis = ?, updated_at = ? WHERE id = ?`,
		text+briefingMark+analysis, formatTime(q.now()), id); err != nil {
		return fmt.Errorf("add briefing to ticket #%d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add briefing to ticket #%d: %w", id, err)
	}
	return nil
}
