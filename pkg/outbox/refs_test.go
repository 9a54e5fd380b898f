package outbox_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/outbox"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
)

// heads opens a head-office database of each engine: SQLite always,
// PostgreSQL when pgtest finds a server to start.
func heads(t *testing.T) map[string]func(t *testing.T) *sqldb.DB {
	return map[string]func(t *testing.T) *sqldb.DB{
		"sqlite": func(t *testing.T) *sqldb.DB { return sqliteDB(t, "head.db") },
		"postgres": func(t *testing.T) *sqldb.DB {
			srv := pgtest.Start(t)
			db, err := sqldb.OpenPostgres(context.Background(), srv.NewSchema(t), sqldb.Pool{MaxConns: 4, ConnTimeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		},
	}
}

// TestOfflineReferencesAreUniqueChainWide: Elm Road and Harbour Street
// each file tickets while head office is unreachable, so both outboxes
// number them #1001 and #1002, and head office has its own #1001 and
// #1002. Every customer must have been told a different number; after
// delivery each number finds the customer's own ticket at head office
// (one of Harbour Street's merged into an open ticket of the same
// matter, found through the delivery's receipt), head office's own
// numbers still find head office's tickets, and no reference looks like
// a head-office number.
func TestOfflineReferencesAreUniqueChainWide(t *testing.T) {
	for engine, open := range heads(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			head := mustQueue(t, open(t))
			told := map[string]string{} // number the customer was told -> their words
			for _, c := range []struct{ customer, text string }{{"C2001", "head office one"}, {"C2002", "head office two"}} {
				tk, err := head.Create(ctx, ticket(c.customer, c.text))
				if err != nil {
					t.Fatal(err)
				}
				told[tk.Number()] = c.text
			}
			stores := map[string]*outbox.Outbox{}
			for _, store := range []string{"elm-road", "harbour-street"} {
				ob, err := outbox.Open(ctx, sqliteDB(t, store+".db"), store)
				if err != nil {
					t.Fatal(err)
				}
				stores[store] = ob
				customers := []string{"C3001", "C3002"}
				if store == "harbour-street" {
					// C2002's is the same matter as head office's open #1002.
					customers = []string{"C3003", "C2002"}
				}
				for _, customer := range customers {
					text := store + " asks for " + customer
					tk, err := ob.Tickets.Create(ctx, ticket(customer, text))
					if err != nil {
						t.Fatal(err)
					}
					if tk.ID != 1001 && tk.ID != 1002 {
						t.Fatalf("%s's local number %d: want 1001 or 1002, the same as the other store's", store, tk.ID)
					}
					if _, dup := told[tk.Number()]; dup {
						t.Fatalf("%s told a customer %s, a number another customer was given", store, tk.Number())
					}
					if _, err := handoff.ParseNumber(tk.Number()); err == nil {
						t.Fatalf("offline number %s reads as a head-office number", tk.Number())
					}
					told[tk.Number()] = text
				}
			}
			for store, ob := range stores {
				if r, err := ob.Deliver(ctx, head, nil); err != nil || r.Tickets != 2 {
					t.Fatalf("deliver %s: %+v, %v", store, r, err)
				}
			}
			if len(told) != 6 {
				t.Fatalf("%d distinct numbers, want 6", len(told))
			}
			for number, text := range told {
				for _, typed := range []string{number, strings.ToLower(number)} {
					tk, err := head.Lookup(ctx, typed)
					if err != nil {
						t.Errorf("head office looking up %q: %v", typed, err)
						continue
					}
					if !hasTurn(tk, text) {
						t.Errorf("%q found %s, which does not hold %q", typed, tk.Number(), text)
					}
				}
			}
			merged, err := head.Lookup(ctx, "HARBOUR-STREET-L1002")
			if err != nil || merged.ID != 1002 || merged.Merges != 1 {
				t.Errorf("the merged offline ticket: %+v, %v; want head office's #1002 with one merge", merged, err)
			}
			all, err := head.List(ctx, handoff.Filter{})
			if err != nil || len(all) != 5 {
				t.Errorf("head office holds %d tickets, %v; want 5 (one merged)", len(all), err)
			}
		})
	}
}

func hasTurn(t handoff.Ticket, text string) bool {
	for _, turn := range t.Transcript {
		if turn.Text == text {
			return true
		}
	}
	return false
}

// TestReferenceAttacks: text that is not a number or a reference, a
// reference nobody holds, a ticket delivered with a forged reference that
// reads as a head-office number, and two stores sharing a store.id (so
// one reference names two tickets): each is refused with its typed error,
// never answered with the wrong customer's ticket.
func TestReferenceAttacks(t *testing.T) {
	ctx := context.Background()
	head := mustQueue(t, sqliteDB(t, "head.db"))
	for _, in := range []string{"", "DROP TABLE handoff_tickets", "ELM-ROAD-L", "-L1001", "1001-L1001", "ELM ROAD L1001", "ELM-ROAD-L1001' OR '1'='1"} {
		if _, err := head.Lookup(ctx, in); !errors.Is(err, handoff.ErrBadNumber) {
			t.Errorf("Lookup(%q): %v, want ErrBadNumber", in, err)
		}
	}
	if _, err := head.Lookup(ctx, "ELM-ROAD-L9999"); !errors.Is(err, handoff.ErrNotFound) {
		t.Errorf("an unknown reference: %v, want ErrNotFound", err)
	}
	for _, forged := range []string{"1001", "#1001", "L1001", "ELM ROAD"} {
		tk := ticket("C4000", "forged")
		tk.Ref = forged
		if _, _, err := head.CreateKeyed(ctx, "forged:"+forged, tk); err == nil {
			t.Errorf("a ticket with reference %q was stored", forged)
		}
	}
	for i, file := range []string{"one.db", "two.db"} {
		ob, err := outbox.Open(ctx, sqliteDB(t, file), "elm-road")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ob.Tickets.Create(ctx, ticket("C500"+string(rune('0'+i)), "same id")); err != nil {
			t.Fatal(err)
		}
		if _, err := ob.Deliver(ctx, head, nil); err != nil {
			t.Fatal(err)
		}
	}
	_, err := head.Lookup(ctx, "ELM-ROAD-L1001")
	if !errors.Is(err, handoff.ErrAmbiguousRef) || !strings.Contains(err.Error(), "#1001, #1002") {
		t.Errorf("a reference two stores share: %v, want ErrAmbiguousRef naming both tickets", err)
	}
}

// TestRefPrefix: a store's id becomes a reference prefix of capitals and
// dashes; a store with no usable id falls back, so references never start
// with a bare number.
func TestRefPrefix(t *testing.T) {
	tests := []struct{ store, fallback, want string }{
		{"elm-road", "S1", "ELM-ROAD"},
		{"Harbour Street #2", "S1", "HARBOUR-STREET-2"},
		{"", "s3f2a1", "S3F2A1"},
		{"---", "", "STORE"},
		{"42", "s9", "S9"},
	}
	for _, tt := range tests {
		if got := handoff.RefPrefix(tt.store, tt.fallback); got != tt.want {
			t.Errorf("RefPrefix(%q, %q) = %q, want %q", tt.store, tt.fallback, got, tt.want)
		}
		if ref := handoff.LocalRef(handoff.RefPrefix(tt.store, tt.fallback), 1001); !handoff.IsRef(ref) {
			t.Errorf("LocalRef %q is not a reference", ref)
		}
	}
}

// TestFiledListsWaitingAndDelivered: the outbox lists every ticket it
// holds, the delivered ones with head office's number, filtered like a
// queue's list.
func TestFiledListsWaitingAndDelivered(t *testing.T) {
	ctx := context.Background()
	head := mustQueue(t, sqliteDB(t, "head.db"))
	if _, err := head.Create(ctx, ticket("C9000", "head office's own")); err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(ctx, sqliteDB(t, "store.db"), "elm-road")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Tickets.Create(ctx, ticket("C1001", "first")); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Deliver(ctx, head, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Tickets.Create(ctx, ticket("C1002", "second")); err != nil {
		t.Fatal(err)
	}
	got, err := ob.Filed(ctx, handoff.Filter{})
	if err != nil || len(got) != 2 {
		t.Fatalf("Filed: %+v, %v", got, err)
	}
	states := map[string]string{}
	for _, l := range got {
		states[l.Number()] = l.State()
	}
	want := map[string]string{"ELM-ROAD-L1001": "delivered as #1002", "ELM-ROAD-L1002": "waiting"}
	for n, s := range want {
		if states[n] != s {
			t.Errorf("%s: %q, want %q (all: %v)", n, states[n], s, states)
		}
	}
	if one, err := ob.Filed(ctx, handoff.Filter{CustomerID: "C1002"}); err != nil || len(one) != 1 || !one[0].Waiting() {
		t.Errorf("Filed for C1002: %+v, %v", one, err)
	}
}

// TestMirrorKeepsWhatTheStoreFiledOnline: the store's copies of tickets it
// filed at head office are listed beside its outbox's tickets (urgent
// first), a later merge updates the copy, a filter narrows them,
// "resolved" finds none (a copy is as it was filed), a ticket with an
// offline reference is not copied twice, and copies older than 30 days
// are dropped.
func TestMirrorKeepsWhatTheStoreFiledOnline(t *testing.T) {
	ctx := context.Background()
	local := sqliteDB(t, "store.db")
	ob, err := outbox.Open(ctx, local, "elm-road")
	if err != nil {
		t.Fatal(err)
	}
	head := mustQueue(t, sqliteDB(t, "head.db")).WithStore("elm-road")
	urgent := ticket("C1001", "glass in my muffin")
	urgent.Category = "safety"
	online := []handoff.Ticket{ticket("C1002", "cold coffee"), urgent}
	for _, tk := range online {
		filed, err := head.Create(ctx, tk)
		if err != nil {
			t.Fatal(err)
		}
		if err := ob.Mirror(ctx, filed); err != nil {
			t.Fatal(err)
		}
	}
	off, err := ob.Tickets.Create(ctx, ticket("C1003", "a manager please"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Mirror(ctx, off); err != nil {
		t.Fatal(err)
	}
	merged, err := head.Create(ctx, ticket("C1002", "still cold"))
	if err != nil || !merged.Merged {
		t.Fatalf("merge: %+v, %v", merged, err)
	}
	if err := ob.Mirror(ctx, merged); err != nil {
		t.Fatal(err)
	}

	got, err := ob.Filed(ctx, handoff.Filter{Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, l := range got {
		seen = append(seen, l.Number()+" "+l.State())
	}
	want := []string{"#1002 at head office", "#1001 at head office", "ELM-ROAD-L1001 waiting"}
	if !slices.Equal(seen, want) {
		t.Errorf("Filed = %q, want %q", seen, want)
	}
	if c, ok, err := ob.Mirrored(ctx, 1001); err != nil || !ok || !hasTurn(c, "still cold") {
		t.Errorf("the merged copy: %+v %v %v", c, ok, err)
	}
	if _, ok, err := ob.Mirrored(ctx, 4242); ok || err != nil {
		t.Errorf("a ticket never filed here: ok=%v %v", ok, err)
	}
	if one, _ := ob.Filed(ctx, handoff.Filter{CustomerID: "C1001"}); len(one) != 1 || one[0].ID != 1002 {
		t.Errorf("Filed for C1001: %+v", one)
	}
	if res, _ := ob.Filed(ctx, handoff.Filter{Status: "resolved"}); len(res) != 0 {
		t.Errorf("Filed resolved: %+v", res)
	}
	if lim, _ := ob.Filed(ctx, handoff.Filter{Limit: 1}); len(lim) != 1 || lim[0].ID != 1002 {
		t.Errorf("Filed limit 1: %+v", lim)
	}
	if _, err := local.ExecContext(ctx, `UPDATE outbox_mirror SET at = '2020-01-01T00:00:00Z' WHERE remote_id = 1002`); err != nil {
		t.Fatal(err)
	}
	if err := ob.Mirror(ctx, merged); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ob.Mirrored(ctx, 1002); ok {
		t.Error("a copy older than 30 days was kept")
	}
	if d, _ := ob.Depth(ctx); d.Tickets != 1 {
		t.Errorf("the copies count as waiting: depth %+v", d)
	}
}
