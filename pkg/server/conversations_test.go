package server_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/server"
)

// countingStore is a conversation store that is not *conversation.Store:
// it counts the messages saved through it.
type countingStore struct {
	conversation.ConversationStore
	appended atomic.Int64
}

func (c *countingStore) Append(ctx context.Context, convID int64, m conversation.Message) error {
	c.appended.Add(1)
	return c.ConversationStore.Append(ctx, convID, m)
}

// The server takes any conversation store (the outbox's, head office's),
// not only the SQLite one: a chat turn is saved through the one given.
func TestServerSavesThroughAnyConversationStore(t *testing.T) {
	var counting *countingStore
	f := newFixture(t, func(o *server.Options) {
		counting = &countingStore{ConversationStore: o.Conversations}
		o.Conversations = counting
	})
	ctx := context.Background()
	c := f.client(t, tokenA)
	s, err := c.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, info, err := c.SendMessage(ctx, s.Info().ID, "Is the killer brownie gluten free? asks terminal-1", nil); err != nil || info.ConversationID == 0 {
		t.Fatalf("send: %v, conversation %d", err, info.ConversationID)
	}
	if n := counting.appended.Load(); n != 2 {
		t.Errorf("%d messages saved through the given store, want 2 (question and answer)", n)
	}
}

// With no conversation store (the nil interface) a session still answers,
// kept in memory only.
func TestServerWithoutConversationStore(t *testing.T) {
	f := newFixture(t, func(o *server.Options) { o.Conversations = nil })
	ctx := context.Background()
	c := f.client(t, tokenA)
	s, err := c.StartSession(ctx, client.SessionRequest{})
	if err != nil {
		t.Fatal(err)
	}
	ans, info, err := c.SendMessage(ctx, s.Info().ID, "Is the killer brownie gluten free? asks terminal-1", nil)
	if err != nil || ans.Answer == "" || info.ConversationID != 0 {
		t.Fatalf("send: %v, answer %q, conversation %d (want none saved)", err, ans.Answer, info.ConversationID)
	}
}
