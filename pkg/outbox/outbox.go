// Package outbox keeps what a chain store files while the head office's
// PostgreSQL server is out of reach (handoff tickets and conversations,
// in the store's own SQLite file) and delivers each exactly once when the
// link returns. Exactly once rests on keys: every delivery carries a key
// naming this file and the row, the head office records the key in the
// same transaction as the row, and a delivery repeated after a lost reply
// finds the key and stores nothing twice. A ticket filed here is given an
// offline reference (handoff.LocalRef: the store's prefix and the local
// number), which the customer is told and head office keeps, because the
// local number alone may be another store's ticket at head office.
package outbox

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// migrations are the outbox's schema versions on the local SQLite file.
var migrations = []string{`
CREATE TABLE outbox_meta (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE outbox_delivered (
	kind      TEXT NOT NULL CHECK (kind IN ('ticket', 'conversation')),
	local_id  INTEGER NOT NULL,
	remote_id INTEGER NOT NULL,
	delivered INTEGER NOT NULL DEFAULT 0,
	at        TEXT NOT NULL,
	PRIMARY KEY (kind, local_id)
);
`, `
CREATE TABLE outbox_mirror (
	remote_id INTEGER PRIMARY KEY,
	ticket    TEXT NOT NULL,
	at        TEXT NOT NULL
);
`}

// mirrorKeep is how long the store keeps its copy of a ticket it filed at
// head office.
const mirrorKeep = 30 * 24 * time.Hour

// Outbox is a store's local queue and conversation store, with what of
// them has been delivered.
type Outbox struct {
	db *sqldb.DB
	// Tickets is the local queue tickets go to while the link is down.
	Tickets *handoff.Queue
	// Conversations is the local store conversations go to meanwhile.
	Conversations *conversation.Store
	fileID        string
	store         string
}

// Open returns the outbox in the store's SQLite file db; store is the
// chain store's id, written on what it keeps.
func Open(ctx context.Context, db *sqldb.DB, store string) (*Outbox, error) {
	if db.Engine() != sqldb.SQLite {
		return nil, errors.New("open outbox: the outbox lives in the store's own SQLite file")
	}
	if err := sqldb.Migrate(ctx, db, "outbox", migrations); err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	q, err := handoff.OpenDB(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	c, err := conversation.OpenDB(ctx, db)
	if err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	o := &Outbox{db: db, Conversations: c.WithStore(store), store: store}
	if o.fileID, err = fileID(ctx, db); err != nil {
		return nil, fmt.Errorf("open outbox: %w", err)
	}
	o.Tickets = q.WithStore(store).WithLocalRefs(o.RefPrefix())
	return o, nil
}

// RefPrefix returns the prefix of the offline references this outbox's
// tickets get (handoff.LocalRef): the store's id in capitals, or for a
// store with no id, "S" and the start of this file's random id, so that
// references stay unique across the chain either way.
func (o *Outbox) RefPrefix() string {
	return handoff.RefPrefix(o.store, "S"+o.fileID[:min(6, len(o.fileID))])
}

// fileID returns the random id that tells this file's rows apart from
// every other store's, made on first use.
func fileID(ctx context.Context, db *sqldb.DB) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO outbox_meta (name, value) VALUES ('file_id', ?) ON CONFLICT DO NOTHING`, hex.EncodeToString(b)); err != nil {
		return "", err
	}
	var id string
	err := db.QueryRowContext(ctx, `SELECT value FROM outbox_meta WHERE name = 'file_id'`).Scan(&id)
	return id, err
}

func (o *Outbox) key(kind string, id int64) string {
	return fmt.Sprintf("outbox:%s:%s:%d", o.fileID, kind, id)
}

// Depth is what waits in the outbox.
type Depth struct {
	Tickets       int `json:"tickets"`
	Conversations int `json:"conversations"`
	// Messages counts the conversation messages not yet delivered.
	Messages int `json:"messages"`
}

// Empty reports whether nothing waits.
func (d Depth) Empty() bool { return d.Tickets == 0 && d.Conversations == 0 }

// Depth returns what waits to be delivered.
func (o *Outbox) Depth(ctx context.Context) (Depth, error) {
	var d Depth
	if err := o.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM handoff_tickets t
		WHERE NOT EXISTS (SELECT 1 FROM outbox_delivered d WHERE d.kind = 'ticket' AND d.local_id = t.id)`).Scan(&d.Tickets); err != nil {
		return d, fmt.Errorf("outbox depth: %w", err)
	}
	if err := o.db.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(n - delivered), 0) FROM (
		SELECT c.id, (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id) AS n,
			COALESCE((SELECT d.delivered FROM outbox_delivered d WHERE d.kind = 'conversation' AND d.local_id = c.id), 0) AS delivered
		FROM conversations c) WHERE n > delivered`).Scan(&d.Conversations, &d.Messages); err != nil {
		return d, fmt.Errorf("outbox depth: %w", err)
	}
	return d, nil
}

// Report says what one Deliver moved.
type Report struct {
	Tickets       int `json:"tickets"`
	Conversations int `json:"conversations"`
	Messages      int `json:"messages"`
}

// Deliver sends every waiting ticket to tickets and every waiting
// conversation message to convs (the head office's stores), oldest first,
// and records each delivery locally. It stops at the first failure (the
// link went down again) and returns what it delivered until then; the
// rest waits for the next call. Either store may be nil to deliver only
// the other kind.
func (o *Outbox) Deliver(ctx context.Context, tickets handoff.TicketStore, convs conversation.ConversationStore) (Report, error) {
	var r Report
	if tickets != nil {
		ids, err := o.waiting(ctx, `SELECT t.id FROM handoff_tickets t
			WHERE NOT EXISTS (SELECT 1 FROM outbox_delivered d WHERE d.kind = 'ticket' AND d.local_id = t.id) ORDER BY t.id`)
		if err != nil {
			return r, err
		}
		for _, id := range ids {
			t, err := o.Tickets.Get(ctx, id)
			if err != nil {
				return r, fmt.Errorf("deliver ticket #%d: %w", id, err)
			}
			local := t.ID
			// The customer was given the offline reference (t.Ref, kept on
			// the delivered ticket): staff find the ticket by it. A ticket
			// filed before references existed names its local number.
			where := o.store
			if where == "" {
				where = "a store"
			}
			if t.Ref != "" {
				t.Reason += fmt.Sprintf(" (filed offline at %s)", where)
			} else {
				t.Reason += fmt.Sprintf(" (filed offline at %s as %s)", where, t.Number())
			}
			t.ID, t.Status, t.ResolvedAt, t.ResolutionNote = 0, "", time.Time{}, ""
			remote, _, err := tickets.CreateKeyed(ctx, o.key("ticket", local), t)
			if err != nil {
				return r, fmt.Errorf("deliver ticket #%d: %w", local, err)
			}
			if err := o.mark(ctx, "ticket", local, remote.ID, 0); err != nil {
				return r, err
			}
			r.Tickets++
		}
	}
	if convs != nil {
		ids, err := o.waiting(ctx, `SELECT c.id FROM conversations c
			WHERE (SELECT COUNT(*) FROM conversation_messages m WHERE m.conversation_id = c.id) >
				COALESCE((SELECT d.delivered FROM outbox_delivered d WHERE d.kind = 'conversation' AND d.local_id = c.id), 0)
			ORDER BY c.id`)
		if err != nil {
			return r, err
		}
		for _, id := range ids {
			c, err := o.Conversations.Get(ctx, id)
			if err != nil {
				return r, fmt.Errorf("deliver conversation %d: %w", id, err)
			}
			// A conversation that continues one of head office's is appended
			// to it; one that started here becomes a new one there.
			into, continues, err := o.Conversations.ContinuationOf(ctx, id)
			if err != nil {
				return r, err
			}
			remote, added, err := convs.ImportInto(ctx, o.key("conversation", id), into, c)
			if err != nil {
				return r, fmt.Errorf("deliver conversation %d: %w", id, err)
			}
			if err := o.mark(ctx, "conversation", id, remote, len(c.Messages)); err != nil {
				return r, err
			}
			if continues {
				if _, err := o.Conversations.EndContinuation(ctx, into, len(c.Messages)); err != nil {
					return r, err
				}
			}
			r.Conversations++
			r.Messages += added
		}
	}
	return r, nil
}

func (o *Outbox) waiting(ctx context.Context, query string) ([]int64, error) {
	rows, err := o.db.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("outbox: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (o *Outbox) mark(ctx context.Context, kind string, local, remote int64, delivered int) error {
	_, err := o.db.ExecContext(ctx, `INSERT INTO outbox_delivered (kind, local_id, remote_id, delivered, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (kind, local_id) DO UPDATE SET remote_id = excluded.remote_id, delivered = excluded.delivered, at = excluded.at`,
		kind, local, remote, delivered, time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("outbox: record delivery of %s %d: %w", kind, local, err)
	}
	return nil
}

// RemoteTicket returns the head office's number of a delivered local
// ticket; ok is false while it waits.
func (o *Outbox) RemoteTicket(ctx context.Context, local int64) (remote int64, ok bool, err error) {
	err = o.db.QueryRowContext(ctx, `SELECT remote_id FROM outbox_delivered WHERE kind = 'ticket' AND local_id = ?`, local).Scan(&remote)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return remote, err == nil, err
}

// LocalTicket is a ticket this store knows about while head office is
// unreachable: one it filed in its outbox, waiting or delivered, or its
// copy of one it filed at head office (Mirrored).
type LocalTicket struct {
	handoff.Ticket
	// DeliveredAs is head office's number for the ticket once delivered;
	// 0 while it waits.
	DeliveredAs int64 `json:"delivered_as,omitempty"`
	// Mirrored marks the store's copy of a ticket filed at head office
	// (Ticket.ID is head office's number), as it was when filed.
	Mirrored bool `json:"mirrored,omitempty"`
}

// Waiting reports whether the ticket is still to be delivered.
func (l LocalTicket) Waiting() bool { return l.DeliveredAs == 0 }

// State returns "waiting", "delivered as #1005", or "at head office" for
// a mirrored ticket.
func (l LocalTicket) State() string {
	switch {
	case l.Mirrored:
		return "at head office"
	case l.Waiting():
		return "waiting"
	}
	return fmt.Sprintf("delivered as #%d", l.DeliveredAs)
}

// Mirror keeps the store's copy of t, a ticket it filed (or merged into)
// at head office, so that while head office is unreachable the store can
// still list and show it; copies older than 30 days are dropped. A ticket
// the outbox filed (it has a reference) is not mirrored: the outbox holds
// it already.
func (o *Outbox) Mirror(ctx context.Context, t handoff.Ticket) error {
	if t.Ref != "" || t.ID == 0 {
		return nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return fmt.Errorf("mirror ticket #%d: %w", t.ID, err)
	}
	now := time.Now().UTC()
	if _, err := o.db.ExecContext(ctx, `INSERT INTO outbox_mirror (remote_id, ticket, at) VALUES (?, ?, ?)
		ON CONFLICT (remote_id) DO UPDATE SET ticket = excluded.ticket, at = excluded.at`, t.ID, string(b), now.Format(time.RFC3339)); err != nil {
		return fmt.Errorf("mirror ticket #%d: %w", t.ID, err)
	}
	if _, err := o.db.ExecContext(ctx, `DELETE FROM outbox_mirror WHERE at < ?`, now.Add(-mirrorKeep).Format(time.RFC3339)); err != nil {
		return fmt.Errorf("mirror: prune: %w", err)
	}
	return nil
}

// Mirrored returns the store's copy of head office's ticket id; ok is
// false when the store has none.
func (o *Outbox) Mirrored(ctx context.Context, id int64) (t handoff.Ticket, ok bool, err error) {
	var js string
	err = o.db.QueryRowContext(ctx, `SELECT ticket FROM outbox_mirror WHERE remote_id = ?`, id).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return handoff.Ticket{}, false, nil
	}
	if err == nil {
		err = json.Unmarshal([]byte(js), &t)
	}
	if err != nil {
		return handoff.Ticket{}, false, fmt.Errorf("mirrored ticket #%d: %w", id, err)
	}
	return t, true, nil
}

// mirrored returns the store's copies matching f (Status "resolved" finds
// none: a copy is as it was when filed).
func (o *Outbox) mirrored(ctx context.Context, f handoff.Filter) ([]LocalTicket, error) {
	if f.Status == string(handoff.StatusResolved) {
		return nil, nil
	}
	rows, err := o.db.QueryContext(ctx, `SELECT ticket FROM outbox_mirror ORDER BY remote_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LocalTicket
	for rows.Next() {
		var js string
		var t handoff.Ticket
		if err := rows.Scan(&js); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(js), &t); err != nil {
			return nil, err
		}
		if (f.CustomerID != "" && t.CustomerID != f.CustomerID) || (f.Store != "" && t.Store != f.Store) {
			continue
		}
		out = append(out, LocalTicket{Ticket: t, DeliveredAs: t.ID, Mirrored: true})
	}
	return out, rows.Err()
}

// Filed returns the tickets this store knows about that match f, most
// urgent first, then oldest: those its outbox holds, waiting or delivered
// (Status filters on the local status, which stays open), and its copies
// of those it filed at head office (Mirror). It is what the store can
// show of its tickets while head office is unreachable.
func (o *Outbox) Filed(ctx context.Context, f handoff.Filter) ([]LocalTicket, error) {
	limit := f.Limit
	f.Limit = 0
	ts, err := o.Tickets.List(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("outbox tickets: %w", err)
	}
	rows, err := o.db.QueryContext(ctx, `SELECT local_id, remote_id FROM outbox_delivered WHERE kind = 'ticket'`)
	if err != nil {
		return nil, fmt.Errorf("outbox tickets: %w", err)
	}
	defer rows.Close()
	delivered := map[int64]int64{}
	for rows.Next() {
		var local, remote int64
		if err := rows.Scan(&local, &remote); err != nil {
			return nil, fmt.Errorf("outbox tickets: %w", err)
		}
		delivered[local] = remote
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("outbox tickets: %w", err)
	}
	out := make([]LocalTicket, len(ts))
	for i, t := range ts {
		out[i] = LocalTicket{Ticket: t, DeliveredAs: delivered[t.ID]}
	}
	mirrored, err := o.mirrored(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("outbox tickets: %w", err)
	}
	out = append(out, mirrored...)
	slices.SortStableFunc(out, func(a, b LocalTicket) int {
		if c := cmp.Compare(priorityRank(a.Priority), priorityRank(b.Priority)); c != 0 {
			return c
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// priorityRank orders priorities as the queue's list does, unknown last.
func priorityRank(p handoff.Priority) int {
	if r := p.Rank(); r >= 0 {
		return r
	}
	return 99
}

// Run calls deliver every interval until ctx ends, so what waits goes out
// soon after the link returns; deliver's failures are passed to onErr
// (which may be nil) and retried at the next tick.
func Run(ctx context.Context, interval time.Duration, deliver func(context.Context) error, onErr func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := deliver(ctx); err != nil && onErr != nil && ctx.Err() == nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
