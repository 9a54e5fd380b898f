package finetune

import (
	"context"
	"fmt"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// Load reads the conversations updated at or after since (zero: all),
// oldest first, and the resolved tickets with a gold reply.
func Load(ctx context.Context, convs conversation.ConversationStore, q handoff.TicketStore, since time.Time) ([]conversation.Conversation, []handoff.Gold, error) {
	sums, err := convs.List(ctx, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	var out []conversation.Conversation
	for i := len(sums) - 1; i >= 0; i-- {
		if !since.IsZero() && sums[i].UpdatedAt.Before(since) {
			continue
		}
		c, err := convs.Get(ctx, sums[i].ID)
		if err != nil {
			return nil, nil, fmt.Errorf("export: %w", err)
		}
		out = append(out, c)
	}
	var gold []handoff.Gold
	if q != nil {
		if gold, err = q.GoldReplies(ctx, since); err != nil {
			return nil, nil, fmt.Errorf("export: %w", err)
		}
	}
	return out, gold, nil
}
