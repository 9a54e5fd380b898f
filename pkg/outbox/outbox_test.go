package outbox_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/outbox"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

func sqliteDB(t *testing.T, name string) *sqldb.DB {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqldb.Wrap(db)
}

func ticket(customer, text string) handoff.Ticket {
	return handoff.Ticket{Reason: "needs a person", Category: "human_request", Route: "escalate", CustomerID: customer,
		Intent: "complaint", Confidence: 0.9, Frustration: 0.2, Transcript: []handoff.Turn{{Role: "customer", Text: text}}}
}

func mustQueue(t *testing.T, db *sqldb.DB) *handoff.Queue {
	t.Helper()
	q, err := handoff.OpenDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func mustConvs(t *testing.T, db *sqldb.DB) *conversation.Store {
	t.Helper()
	c, err := conversation.OpenDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func count(t *testing.T, q *handoff.Queue, f handoff.Filter) int {
	t.Helper()
	ts, err := q.List(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return len(ts)
}

func TestDeliverExactlyOnce(t *testing.T) {
	ctx := context.Background()
	local := sqliteDB(t, "store.db")
	ob, err := outbox.Open(ctx, local, "elm-road")
	if err != nil {
		t.Fatal(err)
	}
	head := sqliteDB(t, "head.db")
	remoteQ, remoteC := mustQueue(t, head), mustConvs(t, head)

	for i := range 3 {
		if _, err := ob.Tickets.Create(ctx, ticket(fmt.Sprintf("C10%02d", i), "a person please")); err != nil {
			t.Fatal(err)
		}
	}
	conv, err := ob.Conversations.Start(ctx, "C1001")
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"where are my points", "let me check"} {
		role := conversation.RoleCustomer
		if text == "let me check" {
			role = conversation.RoleAssistant
		}
		if err := ob.Conversations.Append(ctx, conv.ID, conversation.Message{Role: role, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if d, err := ob.Depth(ctx); err != nil || d != (outbox.Depth{Tickets: 3, Conversations: 1, Messages: 2}) {
		t.Fatalf("depth before delivery %+v, %v", d, err)
	}

	r, err := ob.Deliver(ctx, remoteQ, remoteC)
	if err != nil || r != (outbox.Report{Tickets: 3, Conversations: 1, Messages: 2}) {
		t.Fatalf("first delivery %+v, %v", r, err)
	}
	if d, _ := ob.Depth(ctx); !d.Empty() {
		t.Errorf("depth after delivery %+v, want empty", d)
	}
	if r, err := ob.Deliver(ctx, remoteQ, remoteC); err != nil || r != (outbox.Report{}) {
		t.Errorf("second delivery %+v, %v: want nothing", r, err)
	}
	if n := count(t, remoteQ, handoff.Filter{Store: "elm-road"}); n != 3 {
		t.Errorf("head office has %d of elm-road's tickets, want 3", n)
	}
	if ts, _ := remoteQ.List(ctx, handoff.Filter{CustomerID: "C1000"}); len(ts) != 1 || ts[0].Ref != "ELM-ROAD-L1001" ||
		!strings.HasSuffix(ts[0].Reason, "(filed offline at elm-road)") {
		t.Errorf("a delivered ticket does not name the number the customer was given: %+v", ts)
	}

	// The attack: the store crashed after head office committed but before
	// it recorded the delivery, so it delivers everything again.
	if _, err := local.ExecContext(ctx, `DELETE FROM outbox_delivered`); err != nil {
		t.Fatal(err)
	}
	if err := ob.Conversations.Append(ctx, conv.ID, conversation.Message{Role: conversation.RoleCustomer, Text: "thanks"}); err != nil {
		t.Fatal(err)
	}
	r, err = ob.Deliver(ctx, remoteQ, remoteC)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, remoteQ, handoff.Filter{}); n != 3 {
		t.Errorf("after a repeated delivery head office has %d tickets, want 3", n)
	}
	list, err := remoteC.List(ctx, 0)
	if err != nil || len(list) != 1 || list[0].Count != 3 {
		t.Fatalf("head office conversations %+v, %v: want one with 3 messages", list, err)
	}
	got, err := remoteC.Get(ctx, list[0].ID)
	if err != nil || got.Store != "elm-road" || got.Messages[2].Text != "thanks" || got.CustomerID != "C1001" {
		t.Errorf("delivered conversation %+v, %v", got, err)
	}
	if r.Messages != 1 {
		t.Errorf("re-delivery added %d messages, want only the new one", r.Messages)
	}
	if remote, ok, err := ob.RemoteTicket(ctx, 1001); err != nil || !ok || remote == 0 {
		t.Errorf("RemoteTicket(1001) = %d %v %v", remote, ok, err)
	}
}

func TestOpenRefusesPostgres(t *testing.T) {
	srv := pgtest.Start(t)
	db, err := sqldb.OpenPostgres(context.Background(), srv.NewSchema(t), sqldb.Pool{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := outbox.Open(context.Background(), db, "x"); err == nil {
		t.Error("an outbox on the shared server was opened")
	}
}

// TestOutageLosesNothing files tickets and conversation turns at a store
// while head office's PostgreSQL server is stopped mid-run and started
// again: the ones filed during the outage go to the outbox and arrive
// exactly once when it is delivered.
func TestOutageLosesNothing(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	head, err := sqldb.OpenPostgres(ctx, url, sqldb.Pool{MaxConns: 4, ConnTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer head.Close()
	ob, err := outbox.Open(ctx, sqliteDB(t, "store.db"), "harbour")
	if err != nil {
		t.Fatal(err)
	}
	remoteQ := mustQueue(t, head).WithStore("harbour").WithOutbox(ob.Tickets)
	remoteC := mustConvs(t, head)
	notified := 0
	remoteQ.OnCreate(func(handoff.Ticket) { notified++ })

	const total = 30
	queued := 0
	var downFor time.Duration
	for i := range total {
		if i == 10 {
			if err := srv.Stop(); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		tk, err := remoteQ.Create(ctx, ticket(fmt.Sprintf("C%d", 3000+i), "please call me"))
		if err != nil {
			t.Fatalf("ticket %d: %v (a ticket must never be lost to an outage)", i, err)
		}
		if tk.ID == 0 {
			t.Fatalf("ticket %d has no number", i)
		}
		if i >= 10 && i < 20 {
			downFor += time.Since(start)
		}
		if i == 19 {
			d, _ := ob.Depth(ctx)
			queued = d.Tickets
			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Conversation turns while the link was down were kept locally too.
	c, err := ob.Conversations.Start(ctx, "C3005")
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Conversations.Append(ctx, c.ID, conversation.Message{Role: conversation.RoleCustomer, Text: "is my ticket in?"}); err != nil {
		t.Fatal(err)
	}
	if notified != total {
		t.Errorf("staff were notified of %d tickets, want all %d (the outbox's too)", notified, total)
	}
	if queued != 10 {
		t.Errorf("%d tickets queued in the outbox while the server was down, want 10", queued)
	}
	// The first delivery may meet the pool's connections the restart cut;
	// the outbox's loop simply retries.
	var r outbox.Report
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := ob.Deliver(ctx, remoteQ, remoteC)
		r.Tickets += got.Tickets
		r.Messages += got.Messages
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delivery after the restart: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n := count(t, remoteQ, handoff.Filter{Store: "harbour"}); n != total {
		t.Errorf("head office has %d tickets after the outage, want %d", n, total)
	}
	if r.Tickets != 10 || r.Messages != 1 {
		t.Errorf("delivered %+v, want the 10 queued tickets and 1 message", r)
	}
	if d, _ := ob.Depth(ctx); !d.Empty() {
		t.Errorf("outbox depth after delivery %+v", d)
	}
	t.Logf("outage: %d tickets filed, 10 during the outage (%.0f ms each on average to fall back), %d queued, %d delivered after restart, 0 lost, 0 duplicated",
		total, float64(downFor.Milliseconds())/10, queued, r.Tickets)
}

// TestConversationThroughAnOutage saves a chat's turns while head
// office's server stops mid-conversation: the turns that cannot be saved
// continue in the outbox, later turns follow them there until delivery,
// and after delivery head office holds every turn once, in order.
func TestConversationThroughAnOutage(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	head, err := sqldb.OpenPostgres(ctx, srv.NewSchema(t), sqldb.Pool{MaxConns: 4, ConnTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer head.Close()
	ob, err := outbox.Open(ctx, sqliteDB(t, "store.db"), "harbour")
	if err != nil {
		t.Fatal(err)
	}
	remote := mustConvs(t, head).WithStore("harbour").WithOutbox(ob.Conversations)
	say := func(id int64, n int) {
		t.Helper()
		role := conversation.RoleCustomer
		if n%2 == 1 {
			role = conversation.RoleAssistant
		}
		if err := remote.Append(ctx, id, conversation.Message{Role: role, Text: fmt.Sprintf("turn %d", n)}); err != nil {
			t.Fatalf("turn %d of %d: %v", n, id, err)
		}
	}
	c, err := remote.Start(ctx, "C1001")
	if err != nil || c.ID <= 0 {
		t.Fatalf("start with the server up: %+v, %v", c, err)
	}
	say(c.ID, 0)
	say(c.ID, 1)
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	say(c.ID, 2)
	say(c.ID, 3)
	other, err := remote.Start(ctx, "C1002")
	if err != nil || other.ID >= 0 {
		t.Fatalf("start with the server down: %+v, %v (want a local, negative id)", other, err)
	}
	say(other.ID, 0)
	if got, err := remote.Get(ctx, other.ID); err != nil || len(got.Messages) != 1 {
		t.Errorf("a local conversation read back: %+v, %v", got, err)
	}
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	say(c.ID, 4) // the server is back, but turns 2 and 3 wait: 4 follows them
	if d, _ := ob.Depth(ctx); d.Conversations != 2 || d.Messages != 4 {
		t.Errorf("outbox depth %+v, want 2 conversations with 4 messages", d)
	}
	deliverAll(t, ob, nil, mustConvs(t, head))
	say(c.ID, 5) // delivered: straight to head office again

	got, err := mustConvs(t, head).Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 6 {
		t.Fatalf("head office holds %d turns of the interrupted chat, want 6", len(got.Messages))
	}
	for i, m := range got.Messages {
		if m.Text != fmt.Sprintf("turn %d", i) {
			t.Errorf("turn %d is %q: order lost", i, m.Text)
		}
	}
	list, err := mustConvs(t, head).List(ctx, 0)
	if err != nil || len(list) != 2 {
		t.Errorf("head office has %d conversations, want the interrupted one and the one started offline: %+v %v", len(list), list, err)
	}
	if d, _ := ob.Depth(ctx); !d.Empty() {
		t.Errorf("outbox depth after delivery %+v", d)
	}
}

// deliverAll delivers until the outbox is empty, retrying while the pool
// meets connections a restart cut.
func deliverAll(t *testing.T, ob *outbox.Outbox, q *handoff.Queue, c *conversation.Store) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, err := ob.Deliver(context.Background(), q, c)
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("deliver: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestConcurrentDeliveriesFileOnce races the delivery loop against a
// `status --deliver` (two outboxes on one store file) into one head
// office: every ticket and message arrives once.
func TestConcurrentDeliveriesFileOnce(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	file := sqliteDB(t, "store.db")
	a, err := outbox.Open(ctx, file, "elm-road")
	if err != nil {
		t.Fatal(err)
	}
	b, err := outbox.Open(ctx, file, "elm-road")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if _, err := a.Tickets.Create(ctx, ticket(fmt.Sprintf("C%d", 4000+i), "call me")); err != nil {
			t.Fatal(err)
		}
	}
	c, err := a.Conversations.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if err := a.Conversations.Append(ctx, c.ID, conversation.Message{Role: conversation.RoleCustomer, Text: fmt.Sprintf("m%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	errs := make(chan error, 2)
	for _, ob := range []*outbox.Outbox{a, b} {
		go func() {
			head, err := sqldb.OpenPostgres(ctx, url, sqldb.Pool{MaxConns: 2})
			if err != nil {
				errs <- err
				return
			}
			defer head.Close()
			q, err := handoff.OpenDB(ctx, head)
			if err != nil {
				errs <- err
				return
			}
			cs, err := conversation.OpenDB(ctx, head)
			if err != nil {
				errs <- err
				return
			}
			_, err = ob.Deliver(ctx, q, cs)
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	head, err := sqldb.OpenPostgres(ctx, url, sqldb.Pool{})
	if err != nil {
		t.Fatal(err)
	}
	defer head.Close()
	if n := count(t, mustQueue(t, head), handoff.Filter{}); n != 8 {
		t.Errorf("two racing deliveries filed %d tickets, want 8", n)
	}
	list, err := mustConvs(t, head).List(ctx, 0)
	if err != nil || len(list) != 1 || list[0].Count != 4 {
		t.Errorf("two racing deliveries stored %+v, %v; want one conversation of 4 messages", list, err)
	}
}
