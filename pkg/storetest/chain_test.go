package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/sqldb/pgtest"
	"github.com/cafebot/cafebot/pkg/storetest"
)

// TestChainTwoStores runs two store configurations, each with its own
// connection pool, against one PostgreSQL database, as Elm Road and
// Harbour Street do against head office.
func TestChainTwoStores(t *testing.T) {
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	elmDB := openPG(t, url)
	storetest.Seeded(t, elmDB)
	elm := storetest.OpenAt(t, elmDB, "elm-road")
	harbour := storetest.OpenAt(t, openPG(t, url), "harbour-street")

	filed, err := elm.Tickets.Create(ctx, handoff.Ticket{Reason: "wants a manager", Category: "human_request", Route: "escalate",
		CustomerID: backend.StoryDoubleCharge, Intent: "complaint", Confidence: 0.9, Transcript: []handoff.Turn{{Role: "customer", Text: "a manager please"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []handoff.Filter{{}, {Store: "elm-road"}, {Status: "open", CustomerID: backend.StoryDoubleCharge}} {
		got, err := harbour.Tickets.List(ctx, f)
		if err != nil || len(got) != 1 || got[0].ID != filed.ID || got[0].Store != "elm-road" {
			t.Errorf("Harbour Street lists %+v (filter %+v), %v; want Elm Road's %s", got, f, err, filed.Number())
		}
	}
	if got, _ := harbour.Tickets.List(ctx, handoff.Filter{Store: "harbour-street"}); len(got) != 0 {
		t.Errorf("Harbour Street's own inbox holds %d tickets, want none", len(got))
	}

	// Maya asks at both counters at once for her missing bonus.
	before, _ := elm.Backend.Balance(ctx, backend.StoryMissingBonus)
	var created atomic.Int32
	var wg sync.WaitGroup
	for i := range 10 {
		b := elm.Backend
		if i%2 == 1 {
			b = harbour.Backend
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := storetest.CreditMissingBonus(ctx, b)
			if err != nil {
				t.Errorf("credit: %v", err)
			}
			if ok {
				created.Add(1)
			}
		}()
	}
	wg.Wait()
	after, _ := harbour.Backend.Balance(ctx, backend.StoryMissingBonus)
	if created.Load() != 1 || after-before != 40 {
		t.Errorf("the bonus claimed at both stores: %d credits, balance +%d; want 1 and +40", created.Load(), after-before)
	}
}

// loadDuration is how long TestChainLoad runs: CAFEBOT_PG_LOAD (e.g. 30s
// for the full run; make test uses 5s), else 2s.
func loadDuration(t *testing.T) time.Duration {
	if v := os.Getenv("CAFEBOT_PG_LOAD"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			t.Fatalf("CAFEBOT_PG_LOAD=%q: want a duration such as 30s", v)
		}
		return d
	}
	return 2 * time.Second
}

// TestChainLoad runs 20 concurrent sessions, split over two stores' pools,
// doing account actions against one PostgreSQL database, then checks that
// no ledger row was lost or duplicated and no balance went negative.
func TestChainLoad(t *testing.T) {
	const sessions = 20
	ctx := context.Background()
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	stores := []storetest.Stores{storetest.Seeded(t, openPG(t, url)), storetest.Open(t, openPG(t, url))}
	customers, err := stores[0].Backend.ListCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Six customers shared by 20 sessions: most writes contend.
	hot := customers[:6]
	start := map[string]int{}
	for _, c := range hot {
		start[c.ID], _ = stores[0].Backend.Balance(ctx, c.ID)
	}

	dur := loadDuration(t)
	deadline := time.Now().Add(dur)
	var ops, earned, repeats, redeemed, refused atomic.Int64
	points := make([]atomic.Int64, len(hot)) // net points each hot customer gained
	var wg sync.WaitGroup
	for s := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := stores[s%2].Backend
			for n := 0; time.Now().Before(deadline); n++ {
				ci := (s + n) % len(hot)
				id := hot[ci].ID
				key := fmt.Sprintf("load-%d-%d", s, n)
				switch n % 5 {
				case 0, 1: // earn a point
					_, created, err := b.AddLedgerEntry(ctx, backend.LedgerEntry{CustomerID: id, Kind: backend.KindEarn, Points: 1, Reason: "load", IdempotencyKey: key})
					if err != nil {
						t.Errorf("earn: %v", err)
						return
					}
					if created {
						earned.Add(1)
						points[ci].Add(1)
					}
				case 2: // the same earn again, as a retried request: never a second row
					_, created, err := b.AddLedgerEntry(ctx, backend.LedgerEntry{CustomerID: id, Kind: backend.KindEarn, Points: 1, Reason: "load", IdempotencyKey: fmt.Sprintf("load-%d-%d", s, n-1)})
					if err != nil || created {
						t.Errorf("repeat of %s: created %v, %v", key, created, err)
						return
					}
					repeats.Add(1)
				case 3: // redeem more than most balances allow
					_, created, err := b.AddLedgerEntry(ctx, backend.LedgerEntry{CustomerID: id, Kind: backend.KindRedeem, Points: -25, Reason: "load", IdempotencyKey: key})
					switch {
					case errors.Is(err, backend.ErrInsufficientPoints):
						refused.Add(1)
					case err != nil:
						t.Errorf("redeem: %v", err)
						return
					case created:
						redeemed.Add(1)
						points[ci].Add(-25)
					}
				case 4: // a staff read of the whole account, and its audit row
					if _, err := b.Account(ctx, id); err != nil {
						t.Errorf("account: %v", err)
						return
					}
					if err := b.RecordAudit(ctx, backend.AuditEntry{Session: fmt.Sprint(s), CustomerID: id, Tool: "load", Arguments: "{}", Result: "{}"}); err != nil {
						t.Errorf("audit: %v", err)
						return
					}
				}
				ops.Add(1)
			}
		}()
	}
	wg.Wait()

	db := stores[0].DB
	var rows, keys int64
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM loyalty_ledger WHERE idempotency_key LIKE 'load-%'`).Scan(&rows, &keys); err != nil {
		t.Fatal(err)
	}
	if rows != earned.Load()+redeemed.Load() || keys != rows {
		t.Errorf("ledger holds %d load rows (%d keys); the sessions created %d: rows were lost or duplicated", rows, keys, earned.Load()+redeemed.Load())
	}
	for i, c := range hot {
		b, err := stores[1].Backend.Balance(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b != start[c.ID]+int(points[i].Load()) || b < 0 {
			t.Errorf("%s balance %d, want %d + %d (never negative)", c.ID, b, start[c.ID], points[i].Load())
		}
	}
	t.Logf("load: %d sessions on 2 stores for %s: %d account actions (%.0f/s); %d earned, %d repeats refused as duplicates, %d redeemed, %d refused for points; ledger rows %d = created %d, 0 lost, 0 duplicated",
		sessions, dur, ops.Load(), float64(ops.Load())/dur.Seconds(), earned.Load(), repeats.Load(), redeemed.Load(), refused.Load(), rows, earned.Load()+redeemed.Load())
}

// TestChainStoresStartAtOnce opens every store of a chain on a fresh
// database at the same moment: migrations and one-time passes run once,
// and no store fails to start.
func TestChainStoresStartAtOnce(t *testing.T) {
	srv := pgtest.Start(t)
	url := srv.NewSchema(t)
	const stores = 6
	var wg sync.WaitGroup
	errs := make(chan error, stores)
	for range stores {
		db := openPG(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			if _, err := backend.Open(ctx, db); err != nil {
				errs <- err
			}
			if _, err := handoff.OpenDB(ctx, db); err != nil {
				errs <- err
			}
			if _, err := conversation.OpenDB(ctx, db); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a store failed to start: %v", err)
	}
	s := storetest.Open(t, openPG(t, url))
	var passes, versions int
	ctx := context.Background()
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM redaction_passes`).Scan(&passes); err != nil {
		t.Fatal(err)
	}
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE component = ?`, "backend").Scan(&versions); err != nil {
		t.Fatal(err)
	}
	if passes != 2 || versions != 2 {
		t.Errorf("after %d stores started at once: %d redaction passes (want 2: backend and conversations), backend at %d versions (want 2)", stores, passes, versions)
	}
}
