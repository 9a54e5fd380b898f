package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/ollamatest"
	"github.com/cafebot/cafebot/pkg/outbox"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// chainStore writes a config naming the store and points the database at
// url.
func chainStore(t *testing.T, c *cli, store, url string) {
	t.Helper()
	t.Setenv("CAFEBOT_DATABASE_URL", url)
	if err := os.WriteFile(filepath.Join(c.home, "config.yaml"), []byte("store:\n  id: "+store+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func offlineTicket(customer, text string) handoff.Ticket {
	return handoff.Ticket{Reason: "escalation: human_request", Category: "human_request", Route: "escalate", CustomerID: customer,
		Intent: "complaint", Confidence: 0.9, Frustration: 0.2, Transcript: []handoff.Turn{{Role: "customer", Text: text}}}
}

// TestHandoffListWhileHeadOfficeIsDown: with the chain's server
// unreachable, `handoff list` shows the tickets the store's outbox holds
// (one delivered earlier, with head office's number; one waiting), by
// the references the customers were given, under a one-line note that
// the list is local only; `handoff show` finds a ticket by its reference.
func TestHandoffListWhileHeadOfficeIsDown(t *testing.T) {
	c := newCLI(t, ollamatest.DeadURL(t))
	chainStore(t, c, "harbour-street", "postgres://cafe:s3cret@127.0.0.1:9/cafebot?sslmode=disable")
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(c.home, sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(ctx, sqldb.Wrap(db), "harbour-street")
	if err != nil {
		t.Fatal(err)
	}
	headDB, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "head.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer headDB.Close()
	head, err := handoff.Open(ctx, headDB)
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range []handoff.Ticket{offlineTicket("C1002", "my order was wrong"), offlineTicket("", "I want a manager")} {
		if _, err := ob.Tickets.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
		if tk.CustomerID != "" {
			if _, err := ob.Deliver(ctx, head, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	db.Close()

	r := c.ok("handoff", "list")
	if !strings.Contains(r.err, "head office is unreachable, so this list is local only") || strings.Count(strings.TrimSpace(r.err), "\n") != 0 {
		t.Errorf("stderr is not the one-line local-only note:\n%s", r.err)
	}
	assertGolden(t, "handoff_list_offline", r.out)
	var ls []outbox.LocalTicket
	if err := json.Unmarshal([]byte(c.ok("handoff", "list", "--json").out), &ls); err != nil || len(ls) != 2 {
		t.Fatalf("handoff list --json offline: %+v, %v", ls, err)
	}
	for _, l := range ls {
		if l.Store != "harbour-street" || !strings.HasPrefix(l.Ref, "HARBOUR-STREET-L") || (l.CustomerID == "C1002") != (l.DeliveredAs == 1001) {
			t.Errorf("offline JSON ticket %+v", l)
		}
	}
	show := c.ok("handoff", "show", "harbour-street-l1002")
	if !strings.Contains(show.out, "Ticket HARBOUR-STREET-L1002") || !strings.Contains(show.out, "I want a manager") || !strings.Contains(show.out, "Store:") {
		t.Errorf("handoff show by reference:\n%s", show.out)
	}
	if bad := c.run("", "handoff", "show", "L1002"); bad.code != 2 || !strings.Contains(bad.err, "reference like ELM-ROAD-L1002") {
		t.Errorf("a bad ticket argument: exit %d\n%s", bad.code, bad.err)
	}
	// Offline, a bare number is head office's: not the outbox's #1002.
	if n := c.run("", "handoff", "show", "1002"); n.code == 0 || !strings.Contains(n.err, "head office is unreachable") || strings.Contains(n.out, "I want a manager") {
		t.Errorf("a head-office number offline: exit %d\n%s%s", n.code, n.out, n.err)
	}
	// Working a ticket on the outbox's copy would be undone by delivery.
	for _, args := range [][]string{{"resolve", "HARBOUR-STREET-L1002", "--note", "called back"}, {"claim", "HARBOUR-STREET-L1002", "--by", "sam"}} {
		w := c.run("", append([]string{"handoff"}, args...)...)
		if w.code == 0 || !strings.Contains(w.err, "tickets are claimed, resolved and reopened there") {
			t.Errorf("handoff %s offline: exit %d\n%s", args[0], w.code, w.err)
		}
	}
	if again := c.ok("handoff", "list"); again.out != r.out {
		t.Errorf("the outbox changed after refused work:\n%s", again.out)
	}
	if strings.Contains(r.out+r.err+show.out+show.err, "s3cret") {
		t.Error("the database password was shown")
	}
}

// TestChainHandoffListAcrossStores runs two chain stores' cafebots against
// one real PostgreSQL server: each files a ticket online, Harbour Street
// one more while the server is down (given an offline reference). Once
// the server is back, Elm Road's `handoff list` is the head office's
// inbox with a STORE column, `--store` narrows it, the offline ticket is
// listed (delivered first) and found by its reference at the other store.
func TestChainHandoffListAcrossStores(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	ctx := context.Background()
	elm, harbour := newCLI(t, ollamatest.DeadURL(t)), newCLI(t, ollamatest.DeadURL(t))
	file := func(c *cli, store string, tk handoff.Ticket, online bool) handoff.Ticket {
		t.Helper()
		chainStore(t, c, store, url)
		db, err := sqlitedb.Open(ctx, filepath.Join(c.home, sqlitedb.FileName))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ob, err := outbox.Open(ctx, sqldb.Wrap(db), store)
		if err != nil {
			t.Fatal(err)
		}
		q := ob.Tickets
		if online {
			pg, err := sqldb.OpenPostgres(ctx, url, sqldb.Pool{MaxConns: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer pg.Close()
			hq, err := handoff.OpenDB(ctx, pg)
			if err != nil {
				t.Fatal(err)
			}
			q = hq.WithStore(store)
		}
		out, err := q.Create(ctx, tk)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	file(elm, "elm-road", offlineTicket("C1001", "glass in my muffin"), true)
	file(harbour, "harbour-street", offlineTicket("C1002", "cold coffee"), true)
	off := file(harbour, "harbour-street", offlineTicket("C1003", "a manager please"), false)
	if off.Number() != "HARBOUR-STREET-L1001" {
		t.Fatalf("the offline ticket's number %s", off.Number())
	}

	chainStore(t, harbour, "harbour-street", url)
	r := harbour.ok("handoff", "list")
	if !strings.Contains(r.err, "delivered 1 ticket(s)") {
		t.Errorf("the waiting ticket was not delivered before listing:\n%s", r.err)
	}
	chainStore(t, elm, "elm-road", url)
	all := elm.ok("handoff", "list")
	lines := strings.Split(strings.TrimSpace(all.out), "\n")
	if len(lines) != 4 || !slices.Equal(strings.Fields(lines[0])[:3], []string{"TICKET", "STORE", "PRIORITY"}) {
		t.Fatalf("head office's inbox:\n%s", all.out)
	}
	for _, want := range []string{`#1001\s+elm-road\s`, `#1002\s+harbour-street\s`, `HARBOUR-STREET-L1001\s+harbour-street\s`} {
		if !regexp.MustCompile(want).MatchString(all.out) {
			t.Errorf("the inbox lacks %q:\n%s", want, all.out)
		}
	}
	if one := elm.ok("handoff", "list", "--store", "elm-road"); strings.Contains(one.out, "harbour-street") || !strings.Contains(one.out, "#1001") {
		t.Errorf("--store elm-road:\n%s", one.out)
	}
	if everyone := elm.ok("handoff", "list", "--store", "all"); everyone.out != all.out {
		t.Errorf("--store all differs from the default:\n%s", everyone.out)
	}
	show := elm.ok("handoff", "show", "HARBOUR-STREET-L1001")
	if !strings.Contains(show.out, "a manager please") || !strings.Contains(show.out, "(#1003 in this queue)") {
		t.Errorf("head office finding the offline reference:\n%s", show.out)
	}
	if claim := elm.ok("handoff", "claim", "HARBOUR-STREET-L1001", "--by", "sam"); !strings.Contains(claim.out, "HARBOUR-STREET-L1001 claimed by sam") {
		t.Errorf("claim by reference: %s", claim.out)
	}

	// A second offline ticket of an open matter is merged on delivery:
	// its reference finds the ticket it joined, and says so.
	merged := file(harbour, "harbour-street", offlineTicket("C1002", "still cold"), false)
	chainStore(t, harbour, "harbour-street", url)
	harbour.ok("status", "--deliver")
	chainStore(t, elm, "elm-road", url)
	m := elm.ok("handoff", "show", merged.Number())
	if !strings.Contains(m.out, "Ticket #1002") || !strings.Contains(m.out, "still cold") ||
		!strings.Contains(m.err, merged.Number()+" was merged into #1002 on delivery") {
		t.Errorf("a merged offline reference:\nstdout:\n%s\nstderr:\n%s", m.out, m.err)
	}

	// What Harbour Street files online it keeps a copy of: with head
	// office stopped, its list has that ticket beside its outbox's, and
	// the head-office number shows the copy.
	chainStore(t, harbour, "harbour-street", url)
	ask := harbour.ok("ask", "--json", "I found a piece of glass in my muffin and my mouth is bleeding")
	var ans struct {
		HandoffID int64 `json:"handoff_id"`
	}
	if err := json.Unmarshal([]byte(ask.out), &ans); err != nil || ans.HandoffID == 0 {
		t.Fatalf("ask online: %s\n%s (%v)", ask.out, ask.err, err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	number := fmt.Sprintf("#%d", ans.HandoffID)
	local := harbour.ok("handoff", "list")
	for _, want := range []string{number + `\s+harbour-street\s+urgent\s+at head office\s+safety`, `HARBOUR-STREET-L1001\s+harbour-street\s+normal\s+delivered as #1003`} {
		if !regexp.MustCompile(want).MatchString(local.out) {
			t.Errorf("Harbour Street's list with head office down lacks %q:\n%s", want, local.out)
		}
	}
	copyOf := harbour.ok("handoff", "show", number)
	if !strings.Contains(copyOf.out, "glass in my muffin") || !strings.Contains(copyOf.err, "this store's copy of "+number) {
		t.Errorf("the copy of %s:\n%s\n%s", number, copyOf.out, copyOf.err)
	}
	if mine := harbour.run("", "handoff", "show", "#1001"); mine.code == 0 {
		t.Errorf("Elm Road's #1001 was shown at Harbour Street from a copy it never had:\n%s", mine.out)
	}
}
