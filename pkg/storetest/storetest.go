// Package storetest is the conformance suite every database engine
// cafebot's stores run on must pass: the account store (customers,
// loyalty ledger, refunds, catering, audit, second factor), the handoff
// queue and the conversation store, including idempotency and the races
// between stores, the refund rules the store enforces for every caller, and
// tickets and conversations through their store interfaces
// (handoff.TicketStore, conversation.ConversationStore). Run calls it with
// a function that opens a fresh, empty database of one engine.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/sqldb"
)

// Stores are the three stores a cafebot opens on one database. The cases
// reach tickets and conversations only through their store interfaces,
// so whatever implements those can be held to the suite.
type Stores struct {
	DB            *sqldb.DB
	Backend       *backend.SQLite
	Tickets       handoff.TicketStore
	Conversations conversation.ConversationStore
}

// Open opens the stores on db, migrating its tables, and fails t on error.
func Open(t testing.TB, db *sqldb.DB) Stores { return OpenAt(t, db, "") }

// OpenAt is Open for the chain store with id store: every row the stores
// write carries it.
func OpenAt(t testing.TB, db *sqldb.DB, store string) Stores {
	t.Helper()
	ctx := context.Background()
	// As cafebot opens it: the config's rules, judged at the store's clock.
	b, err := backend.OpenWith(ctx, db, backend.PolicyFrom(config.Default(), time.Now))
	if err != nil {
		t.Fatalf("open account store on %s: %v", db.Engine(), err)
	}
	q, err := handoff.OpenDB(ctx, db)
	if err != nil {
		t.Fatalf("open handoff queue on %s: %v", db.Engine(), err)
	}
	c, err := conversation.OpenDB(ctx, db)
	if err != nil {
		t.Fatalf("open conversation store on %s: %v", db.Engine(), err)
	}
	return Stores{DB: db, Backend: b.WithStore(store), Tickets: q.WithStore(store), Conversations: c.WithStore(store)}
}

// Seeded opens the stores on db and loads the demo data.
func Seeded(t testing.TB, db *sqldb.DB) Stores {
	t.Helper()
	s := Open(t, db)
	if err := s.Backend.Seed(context.Background(), time.Now()); err != nil {
		t.Fatalf("seed on %s: %v", db.Engine(), err)
	}
	return s
}

// Case is one conformance check over freshly seeded stores.
type Case struct {
	Name string
	Run  func(t *testing.T, s Stores)
}

// Cases are the conformance checks, in the order Run runs them.
var Cases = []Case{
	{"accounts", accounts},
	{"seed is idempotent", seedTwice},
	{"ledger", ledger},
	{"refunds", refunds},
	{"catering", catering},
	{"audit masks cards", audit},
	{"second factor", secondFactor},
	{"refunds: the window and the manager threshold hold at the store", refundPolicy},
	{"tickets", tickets},
	{"tickets: claim, reopen, briefing and gold replies", ticketWork},
	{"tickets: offline references and look-up", ticketRefs},
	{"tickets: reassignment", ticketReassign},
	{"conversations", conversations},
	{"conversations: keyed import", conversationImport},
	{"idempotency: racing bonus credits", racingBonus},
	{"concurrency: racing redemptions never overdraw", racingRedemptions},
	{"concurrency: racing refunds never exceed the payment", racingRefunds},
	{"concurrency: racing tickets of one matter", racingTickets},
	{"concurrency: racing reassignments and handoffs of one ticket", racingReassign},
	{"every write carries the store", storeOnWrites},
	{"customer import and export", importExport},
}

// Run runs every Case as a subtest, each on a fresh database from newDB.
func Run(t *testing.T, newDB func(t *testing.T) *sqldb.DB) {
	for _, c := range Cases {
		t.Run(c.Name, func(t *testing.T) {
			db := newDB(t)
			c.Run(t, Seeded(t, db))
		})
	}
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func accounts(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	all, err := s.Backend.ListCustomers(ctx)
	if err != nil || len(all) < 5 {
		t.Fatalf("ListCustomers: %d customers, %v", len(all), err)
	}
	for _, key := range []string{backend.StoryMissingBonus, "c1001", "555-010-2233", "+1 (555) 010 2233", "MAYA.THOMPSON@example.com"} {
		c, err := s.Backend.FindCustomer(ctx, key)
		if err != nil || c.ID != backend.StoryMissingBonus {
			t.Errorf("FindCustomer(%q) = %q, %v; want %s", key, c.ID, err, backend.StoryMissingBonus)
		}
	}
	if _, err := s.Backend.FindCustomer(ctx, "C9999"); !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("FindCustomer(C9999): %v, want ErrNotFound", err)
	}
	a, err := s.Backend.Account(ctx, backend.StoryDoubleCharge)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.Backend.Order(ctx, backend.StoryDoubleChargeID)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.DuplicatePayments()) != 1 || o.CustomerID != backend.StoryDoubleCharge || len(a.Orders) == 0 {
		t.Errorf("order %s: %d duplicate payments, owner %s, account has %d orders", o.ID, len(o.DuplicatePayments()), o.CustomerID, len(a.Orders))
	}
	orders, err := s.Backend.Orders(ctx, backend.StoryDoubleCharge, 1)
	if err != nil || len(orders) != 1 {
		t.Errorf("Orders limit 1: %d, %v", len(orders), err)
	}
	if err := s.Backend.SetCardOnFile(ctx, backend.StoryMissingBonus, "12345"); err == nil {
		t.Error("SetCardOnFile accepted five digits")
	}
}

func seedTwice(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	before, err := s.Backend.Account(ctx, backend.StoryMissingBonus)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Backend.Seed(ctx, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	after, err := s.Backend.Account(ctx, backend.StoryMissingBonus)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Ledger) != len(before.Ledger) || after.Balance != before.Balance {
		t.Errorf("second seed changed the ledger: %d entries (balance %d), was %d (%d)", len(after.Ledger), after.Balance, len(before.Ledger), before.Balance)
	}
}

func ledger(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	id := backend.StoryMissingBonus
	b0, err := s.Backend.Balance(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		entry       backend.LedgerEntry
		wantCreated bool
		wantErr     error
		wantDelta   int
	}{
		{"bonus", backend.LedgerEntry{Kind: backend.KindBonus, Points: 40, Reason: "missing top-up bonus", TopUpID: backend.StoryTopUpID, IdempotencyKey: backend.TopUpBonusKey(backend.StoryTopUpID)}, true, nil, 40},
		{"the same bonus again", backend.LedgerEntry{Kind: backend.KindBonus, Points: 40, Reason: "again", TopUpID: backend.StoryTopUpID, IdempotencyKey: backend.TopUpBonusKey(backend.StoryTopUpID)}, false, nil, 0},
		{"overdraw", backend.LedgerEntry{Kind: backend.KindRedeem, Points: -(b0 + 41), Reason: "too much", IdempotencyKey: "redeem-too-much"}, false, backend.ErrInsufficientPoints, 0},
		{"redeem", backend.LedgerEntry{Kind: backend.KindRedeem, Points: -10, Reason: "a cookie, card 4242 4242 4242 4242", IdempotencyKey: "redeem-cookie"}, true, nil, -10},
		{"no key", backend.LedgerEntry{Kind: backend.KindEarn, Points: 5, Reason: "x"}, false, errors.New("any"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := s.Backend.Balance(ctx, id)
			tt.entry.CustomerID = id
			e, created, err := s.Backend.AddLedgerEntry(ctx, tt.entry)
			switch {
			case tt.wantErr != nil && err == nil:
				t.Fatalf("no error, want %v", tt.wantErr)
			case tt.wantErr != nil && tt.wantErr.Error() != "any" && !errors.Is(err, tt.wantErr):
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			case tt.wantErr == nil && err != nil:
				t.Fatal(err)
			}
			if created != tt.wantCreated {
				t.Errorf("created %v, want %v", created, tt.wantCreated)
			}
			if err == nil && (e.ID == 0 || e.CustomerID != id) {
				t.Errorf("entry %+v has no id or the wrong customer", e)
			}
			after, _ := s.Backend.Balance(ctx, id)
			if after-before != tt.wantDelta {
				t.Errorf("balance moved %d, want %d", after-before, tt.wantDelta)
			}
		})
	}
	l, err := s.Backend.Ledger(ctx, id, 1)
	if err != nil || len(l) != 1 || strings.Contains(l[0].Reason, "4242 4242") {
		t.Errorf("newest ledger entry %+v, %v: want one, card masked", l, err)
	}
}

func refunds(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	o, err := s.Backend.Order(ctx, backend.StoryDoubleChargeID)
	if err != nil {
		t.Fatal(err)
	}
	dup := o.DuplicatePayments()[0]
	r := backend.Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: backend.RefundDoubleCharge, PaymentID: dup.ID,
		Amount: dup.Amount, Reason: "charged twice", Status: backend.RefundApproved, IdempotencyKey: "dc-1"}
	first, created, err := s.Backend.RequestRefund(ctx, r)
	if err != nil || !created || !strings.HasPrefix(first.ID, "R") {
		t.Fatalf("first refund %+v created %v: %v", first, created, err)
	}
	r2 := r
	r2.IdempotencyKey = "dc-2" // another key, the same payment
	again, created, err := s.Backend.RequestRefund(ctx, r2)
	if err != nil || created || again.ID != first.ID {
		t.Errorf("second refund of one payment: %s created %v %v; want %s, not created", again.ID, created, err, first.ID)
	}
	big := backend.Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: backend.RefundOrder, Amount: o.Paid(),
		Reason: "all of it", Status: backend.RefundRequested, IdempotencyKey: "all"}
	if _, _, err := s.Backend.RequestRefund(ctx, big); !errors.Is(err, backend.ErrExceedsPaid) {
		t.Errorf("refund beyond what is left: %v, want ErrExceedsPaid", err)
	}
	other := big
	other.CustomerID, other.Amount, other.IdempotencyKey = backend.StoryMissingBonus, 100, "other"
	if _, _, err := s.Backend.RequestRefund(ctx, other); err == nil {
		t.Error("refund of another customer's order was stored")
	}
	got, err := s.Backend.Refund(ctx, first.ID)
	if err != nil || got.PaymentID != dup.ID || got.Amount != dup.Amount {
		t.Errorf("Refund(%s) = %+v, %v", first.ID, got, err)
	}
	rs, err := s.Backend.Refunds(ctx, o.CustomerID)
	if err != nil || len(rs) == 0 || rs[0].ID != first.ID {
		t.Errorf("Refunds newest first: %+v, %v", rs, err)
	}
}

func catering(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	c := backend.CateringOrder{CustomerID: backend.StoryCatering, Location: "Elm Road", EventAt: time.Now().Add(96 * time.Hour).UTC().Truncate(time.Second),
		Headcount: 12, Items: []backend.CateringItem{{Item: "coffee box", Qty: 2, UnitPrice: 3200}}, Total: 6400,
		Status: backend.CateringRequested, Notes: "call 555-010-9999", IdempotencyKey: "cat-1"}
	got, created, err := s.Backend.CreateCatering(ctx, c)
	if err != nil || !created || !strings.HasPrefix(got.ID, "CT-") || got.Headcount != 12 || len(got.Items) != 1 {
		t.Fatalf("CreateCatering: %+v created %v: %v", got, created, err)
	}
	if strings.Contains(got.Notes, "555-010-9999") {
		t.Errorf("a stranger's phone was stored in the notes: %q", got.Notes)
	}
	if again, created, err := s.Backend.CreateCatering(ctx, c); err != nil || created || again.ID != got.ID {
		t.Errorf("repeat: %s created %v %v", again.ID, created, err)
	}
	cancelled, changed, err := s.Backend.CancelCatering(ctx, got.ID, 1000, time.Now())
	if err != nil || !changed || cancelled.Status != backend.CateringCancelled || cancelled.CancellationFee != 1000 {
		t.Fatalf("cancel: %+v changed %v: %v", cancelled, changed, err)
	}
	if _, changed, err := s.Backend.CancelCatering(ctx, got.ID, 0, time.Now()); err != nil || changed {
		t.Errorf("second cancel changed %v, %v", changed, err)
	}
	rebooked, created, err := s.Backend.CreateCatering(ctx, c)
	if err != nil || !created || rebooked.ID == got.ID {
		t.Errorf("re-booking a cancelled slot: %s created %v %v", rebooked.ID, created, err)
	}
	list, err := s.Backend.CateringOrders(ctx, backend.StoryCatering)
	if err != nil || len(list) < 3 {
		t.Errorf("CateringOrders: %d, %v (want the seeded one, the cancelled and the re-booked)", len(list), err)
	}
}

func audit(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	e := backend.AuditEntry{Session: "s1", CustomerID: backend.StoryMissingBonus, Tool: "credit_bonus",
		Arguments: `{"note":"card 4111 1111 1111 1111"}`, Result: `{"ok":true}`, Refused: true}
	if err := s.Backend.RecordAudit(ctx, e); err != nil {
		t.Fatal(err)
	}
	log, err := s.Backend.AuditLog(ctx, backend.StoryMissingBonus, 0)
	if err != nil || len(log) != 1 {
		t.Fatalf("AuditLog: %d entries, %v", len(log), err)
	}
	if strings.Contains(log[0].Arguments, "4111 1111") || !log[0].Refused || log[0].Tool != "credit_bonus" {
		t.Errorf("audit entry %+v: want card masked, refused, tool kept", log[0])
	}
	if all, err := s.Backend.AuditLog(ctx, "", 0); err != nil || len(all) != 1 {
		t.Errorf("AuditLog(all) %d, %v", len(all), err)
	}
}

func secondFactor(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	id := backend.StoryMissingBonus
	if err := s.Backend.SetCardOnFile(ctx, id, "4242"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		answer string
		ok     bool
	}{{"it ends 1111", false}, {"it ends 4242", true}} {
		ok, err := s.Backend.VerifySecondFactor(ctx, id, tt.answer)
		if err != nil || ok != tt.ok {
			t.Errorf("VerifySecondFactor(%q) = %v, %v; want %v", tt.answer, ok, err, tt.ok)
		}
	}
	if n, err := s.Backend.SecondFactorFailures(ctx, id, time.Hour); err != nil || n != 0 {
		t.Errorf("failures after a right answer: %d, %v", n, err)
	}
}

func ticketFor(customer, category, text string) handoff.Ticket {
	return handoff.Ticket{Reason: "needs a person", Category: category, Route: "escalate", CustomerID: customer,
		Intent: "complaint", Confidence: 0.9, Frustration: 0.4,
		Transcript: []handoff.Turn{{Role: "customer", Text: text}}}
}

func tickets(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	a, err := s.Tickets.Create(ctx, ticketFor(backend.StoryDoubleCharge, "human_request", "I want a person"))
	if err != nil || a.ID < 1001 || a.Merged {
		t.Fatalf("Create: %+v: %v", a, err)
	}
	b, err := s.Tickets.Create(ctx, ticketFor(backend.StoryDoubleCharge, "human_request", "still waiting"))
	if err != nil || b.ID != a.ID || !b.Merged {
		t.Errorf("the same matter again: #%d merged %v %v; want #%d merged", b.ID, b.Merged, err, a.ID)
	}
	c, err := s.Tickets.Create(ctx, ticketFor(backend.StoryCatering, "safety", "there was glass in my muffin"))
	if err != nil || c.ID == a.ID {
		t.Fatalf("second matter: %+v %v", c, err)
	}
	open, err := s.Tickets.List(ctx, handoff.Filter{Status: "open"})
	if err != nil || len(open) != 2 || open[0].ID != c.ID {
		t.Errorf("List open: %d tickets (first %v), %v; want 2, safety first", len(open), open, err)
	}
	if _, err := s.Tickets.Resolve(ctx, a.ID, "called back"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Tickets.Resolve(ctx, a.ID, "again"); !errors.Is(err, handoff.ErrAlreadyResolved) {
		t.Errorf("second resolve: %v, want ErrAlreadyResolved", err)
	}
	got, err := s.Tickets.Get(ctx, a.ID)
	if err != nil || got.Status != handoff.StatusResolved || len(got.Transcript) < 2 {
		t.Errorf("Get #%d: %+v, %v", a.ID, got, err)
	}
	if _, err := s.Tickets.Get(ctx, 99999); !errors.Is(err, handoff.ErrNotFound) {
		t.Errorf("Get(99999): %v, want ErrNotFound", err)
	}
	bad := ticketFor("", "", "x")
	if _, err := s.Tickets.Create(ctx, bad); err == nil {
		t.Error("a ticket with no category was stored")
	}
}

// refundPolicy calls the store directly, as code that skipped the tools
// would: an order past the refund window and a refund above the manager
// threshold asked to start approved are refused with their typed errors
// and store nothing.
func refundPolicy(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	var old backend.Order
	orders, err := s.Backend.Orders(ctx, backend.StoryMissingBonus, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orders {
		if time.Since(o.PlacedAt) > 20*24*time.Hour && o.Status == backend.OrderCompleted {
			old = o
			break
		}
	}
	if old.ID == "" {
		t.Fatal("no seeded order older than the refund window")
	}
	large, err := s.Backend.Order(ctx, backend.StoryLargeOrderID)
	if err != nil {
		t.Fatal(err)
	}
	attacks := []struct {
		name string
		r    backend.Refund
		want error
	}{
		{"past the window", backend.Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: backend.RefundOrder, Amount: 100}, backend.ErrOutsideWindow},
		{"past the window, backdated", backend.Refund{OrderID: old.ID, CustomerID: old.CustomerID, Kind: backend.RefundOrder, Amount: 100,
			CreatedAt: old.PlacedAt.Add(time.Hour)}, backend.ErrOutsideWindow},
		{"above the threshold, approved", backend.Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: backend.RefundOrder, Amount: large.Total,
			Status: backend.RefundApproved}, backend.ErrRefundStatus},
		{"above the threshold, requested", backend.Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: backend.RefundOrder, Amount: large.Total,
			Status: backend.RefundRequested}, backend.ErrRefundStatus},
	}
	for i, a := range attacks {
		r := a.r
		r.Reason, r.IdempotencyKey = "attack", fmt.Sprintf("policy-attack-%d", i)
		if _, created, err := s.Backend.RequestRefund(ctx, r); !errors.Is(err, a.want) || created {
			t.Errorf("%s: created=%v %v, want %v", a.name, created, err, a.want)
		}
	}
	var n int
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM refunds WHERE idempotency_key LIKE 'policy-attack-%'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d refunds stored by the attacks, %v", n, err)
	}
	r, _, err := s.Backend.RequestRefund(ctx, backend.Refund{OrderID: large.ID, CustomerID: large.CustomerID, Kind: backend.RefundOrder,
		Amount: large.Total, Reason: "too large", IdempotencyKey: "policy-large"})
	if err != nil || r.Status != backend.RefundNeedsManager {
		t.Errorf("above the threshold with no status: %q, %v; want needs_manager", r.Status, err)
	}
}

// ticketWork works a ticket through the interface: claimed (again by the
// same person is fine, by another is refused), briefed, resolved with the
// reply given, found among the gold replies, reopened.
func ticketWork(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	since := time.Now().Add(-time.Minute)
	tk, err := s.Tickets.Create(ctx, ticketFor(backend.StoryRefundRequested, "human_request", "where is my refund"))
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{"sam", "sam"} {
		if got, err := s.Tickets.Claim(ctx, tk.ID, by); err != nil || got.ClaimedBy != "sam" {
			t.Fatalf("claim by %s: %+v, %v", by, got, err)
		}
	}
	if _, err := s.Tickets.Claim(ctx, tk.ID, "alex"); !errors.Is(err, handoff.ErrClaimed) {
		t.Errorf("claim by another: %v, want ErrClaimed", err)
	}
	if err := s.Tickets.AddBriefing(ctx, tk.ID, "The refund R2003 is waiting for review."); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Tickets.Get(ctx, tk.ID); !strings.Contains(got.Analysis, "R2003 is waiting") {
		t.Errorf("the briefing is not on the ticket: %q", got.Analysis)
	}
	if _, err := s.Tickets.ResolveWithReply(ctx, tk.ID, "explained", "Your refund R2003 is approved and on its way."); err != nil {
		t.Fatal(err)
	}
	gold, err := s.Tickets.GoldReplies(ctx, since)
	if err != nil || len(gold) != 1 || gold[0].Ticket.ID != tk.ID || !strings.Contains(gold[0].Reply, "on its way") {
		t.Errorf("GoldReplies: %+v, %v", gold, err)
	}
	if got, err := s.Tickets.Reopen(ctx, tk.ID, "customer wrote again"); err != nil || got.Status != handoff.StatusOpen || got.ClaimedBy != "" {
		t.Errorf("Reopen: %+v, %v", got, err)
	}
	if _, err := s.Tickets.Reopen(ctx, tk.ID, "again"); !errors.Is(err, handoff.ErrNotResolved) {
		t.Errorf("reopening an open ticket: %v, want ErrNotResolved", err)
	}
}

// ticketRefs delivers tickets filed offline, as a store's outbox does: the
// offline reference stays the ticket's number and finds it in any case, a
// repeat delivery files nothing, one merged into an open ticket of the
// same matter is found through its receipt, and forged or unknown
// references are refused.
func ticketRefs(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	own, err := s.Tickets.Create(ctx, ticketFor(backend.StoryCatering, "human_request", "head office's own"))
	if err != nil {
		t.Fatal(err)
	}
	off := ticketFor(backend.StoryDoubleCharge, "human_request", "filed at Elm Road offline")
	off.Ref = "elm-road-l1001"
	first, filed, err := s.Tickets.CreateKeyed(ctx, "outbox:elm:ticket:1001", off)
	if err != nil || !filed || first.Number() != "ELM-ROAD-L1001" || first.ID == own.ID {
		t.Fatalf("delivering an offline ticket: %+v filed=%v, %v", first, filed, err)
	}
	if again, filed, err := s.Tickets.CreateKeyed(ctx, "outbox:elm:ticket:1001", off); err != nil || filed || again.ID != first.ID {
		t.Errorf("a repeated delivery: #%d filed=%v, %v", again.ID, filed, err)
	}
	merged := ticketFor(backend.StoryCatering, "human_request", "filed at Harbour Street offline")
	merged.Ref = "HARBOUR-STREET-L1001"
	if m, _, err := s.Tickets.CreateKeyed(ctx, "outbox:harbour:ticket:1001", merged); err != nil || m.ID != own.ID {
		t.Fatalf("an offline ticket of an open matter: #%d, %v; want merged into #%d", m.ID, err, own.ID)
	}
	for number, want := range map[string]int64{
		"ELM-ROAD-L1001": first.ID, "elm-road-l1001": first.ID, "#" + fmt.Sprint(first.ID): first.ID,
		"HARBOUR-STREET-L1001": own.ID, fmt.Sprint(own.ID): own.ID,
	} {
		if got, err := s.Tickets.Lookup(ctx, number); err != nil || got.ID != want {
			t.Errorf("Lookup(%q) = #%d, %v; want #%d", number, got.ID, err, want)
		}
	}
	if _, err := s.Tickets.Lookup(ctx, "ELM-ROAD-L1002"); !errors.Is(err, handoff.ErrNotFound) {
		t.Errorf("an unknown reference: %v, want ErrNotFound", err)
	}
	if _, err := s.Tickets.Lookup(ctx, "ELM-ROAD-L1001' OR '1'='1"); !errors.Is(err, handoff.ErrBadNumber) {
		t.Errorf("a reference with SQL: %v, want ErrBadNumber", err)
	}
	forged := ticketFor("C7777", "human_request", "forged")
	forged.Ref = "1001"
	if _, _, err := s.Tickets.CreateKeyed(ctx, "forged", forged); err == nil {
		t.Error("a ticket whose reference reads as a number was stored")
	}
}

// conversationImport imports a store's conversation under a key, as the
// outbox delivers it: a repeat adds only the messages added since, and
// ImportInto appends to an existing conversation.
func conversationImport(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	c := conversation.Conversation{CustomerID: backend.StoryMissingBonus, Store: "elm-road", Messages: []conversation.Message{
		{Role: conversation.RoleCustomer, Text: "where are my points"}, {Role: conversation.RoleAssistant, Text: "let me check"}}}
	id, added, err := s.Conversations.Import(ctx, "outbox:elm:conversation:1", c)
	if err != nil || added != 2 {
		t.Fatalf("Import: %d added, %v", added, err)
	}
	c.Messages = append(c.Messages, conversation.Message{Role: conversation.RoleCustomer, Text: "thanks"})
	if again, added, err := s.Conversations.Import(ctx, "outbox:elm:conversation:1", c); err != nil || again != id || added != 1 {
		t.Errorf("repeat Import: #%d, %d added, %v; want #%d and only the new message", again, added, err, id)
	}
	more := conversation.Conversation{Messages: []conversation.Message{{Role: conversation.RoleCustomer, Text: "one more thing"}}}
	if into, added, err := s.Conversations.ImportInto(ctx, "outbox:elm:conversation:2", id, more); err != nil || into != id || added != 1 {
		t.Errorf("ImportInto: #%d, %d added, %v", into, added, err)
	}
	got, err := s.Conversations.Get(ctx, id)
	if err != nil || len(got.Messages) != 4 || got.Messages[3].Text != "one more thing" {
		t.Errorf("after the imports: %d messages, %v", len(got.Messages), err)
	}
}

func conversations(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	c, err := s.Conversations.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	msgs := []conversation.Message{
		{Role: conversation.RoleCustomer, Text: "where is my bonus? card 4000 0000 0000 0002"},
		{Role: conversation.RoleAssistant, Text: "let me look", Meta: json.RawMessage(`{"route":"account"}`)},
	}
	for _, m := range msgs {
		if err := s.Conversations.Append(ctx, c.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Conversations.SetCustomer(ctx, c.ID, backend.StoryMissingBonus); err != nil {
		t.Fatal(err)
	}
	if err := s.Conversations.SetCustomer(ctx, c.ID, backend.StoryCatering); !errors.Is(err, conversation.ErrCustomerBound) {
		t.Errorf("re-assigning: %v, want ErrCustomerBound", err)
	}
	got, err := s.Conversations.Get(ctx, c.ID)
	if err != nil || len(got.Messages) != 2 || got.CustomerID != backend.StoryMissingBonus || got.Title == "" {
		t.Fatalf("Get: %+v, %v", got, err)
	}
	if strings.Contains(got.Messages[0].Text, "4000 0000") || string(got.Messages[1].Meta) == "" {
		t.Errorf("messages %+v: want the card masked and meta kept", got.Messages)
	}
	if err := s.Conversations.Append(ctx, c.ID, conversation.Message{Role: "robot", Text: "x"}); err == nil {
		t.Error("a message with an unknown role was stored")
	}
	list, err := s.Conversations.List(ctx, 10)
	if err != nil || len(list) != 1 || list[0].Count != 2 {
		t.Errorf("List: %+v, %v", list, err)
	}
	if _, err := s.Conversations.Get(ctx, 424242); !errors.Is(err, conversation.ErrNotFound) {
		t.Errorf("Get(missing): %v", err)
	}
}

// racers is how many goroutines each race uses.
const racers = 12

// race runs f on racers goroutines released at once and returns their errors.
func race(f func(i int) error) []error {
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, racers)
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// CreditMissingBonus credits Maya's missing top-up bonus as the loyalty
// tool does, and reports whether this call created the entry.
func CreditMissingBonus(ctx context.Context, b backend.LoyaltyStore) (bool, error) {
	_, created, err := b.AddLedgerEntry(ctx, backend.LedgerEntry{CustomerID: backend.StoryMissingBonus, Kind: backend.KindBonus,
		Points: 40, Reason: "missing top-up bonus", TopUpID: backend.StoryTopUpID, IdempotencyKey: backend.TopUpBonusKey(backend.StoryTopUpID)})
	return created, err
}

func racingBonus(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	before, _ := s.Backend.Balance(ctx, backend.StoryMissingBonus)
	var mu sync.Mutex
	n := 0
	for _, err := range race(func(int) error {
		created, err := CreditMissingBonus(ctx, s.Backend)
		if created {
			mu.Lock()
			n++
			mu.Unlock()
		}
		return err
	}) {
		if err != nil {
			t.Errorf("a racing credit failed: %v", err)
		}
	}
	after, _ := s.Backend.Balance(ctx, backend.StoryMissingBonus)
	if n != 1 || after-before != 40 {
		t.Errorf("%d goroutines crediting one bonus: %d created, balance +%d; want 1 and +40", racers, n, after-before)
	}
}

func racingRedemptions(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	id := backend.StoryMissingBonus
	b0, err := s.Backend.Balance(ctx, id)
	if err != nil || b0 < 2 {
		t.Fatalf("balance %d, %v", b0, err)
	}
	each := b0/2 + 1 // any two together overdraw
	ok := 0
	for _, err := range race(func(i int) error {
		_, _, err := s.Backend.AddLedgerEntry(ctx, backend.LedgerEntry{CustomerID: id, Kind: backend.KindRedeem, Points: -each,
			Reason: "race", IdempotencyKey: fmt.Sprintf("race-redeem-%d", i)})
		return err
	}) {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, backend.ErrInsufficientPoints):
			t.Errorf("a racing redemption failed oddly: %v", err)
		}
	}
	after, _ := s.Backend.Balance(ctx, id)
	if ok != 1 || after != b0-each || after < 0 {
		t.Errorf("%d racing redemptions of %d from %d: %d succeeded, balance %d; want 1 and %d", racers, each, b0, ok, after, b0-each)
	}
}

func racingRefunds(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	o, err := s.Backend.Order(ctx, backend.StoryLargeOrderID)
	if err != nil {
		t.Fatal(err)
	}
	ok := 0
	for _, err := range race(func(i int) error {
		_, _, err := s.Backend.RequestRefund(ctx, backend.Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: backend.RefundOrder,
			Amount: o.Paid(), Reason: "race", Status: backend.RefundNeedsManager, IdempotencyKey: fmt.Sprintf("race-refund-%d", i)})
		return err
	}) {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, backend.ErrExceedsPaid):
			t.Errorf("a racing refund failed oddly: %v", err)
		}
	}
	rs, err := s.Backend.Refunds(ctx, o.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	var sum backend.Money
	for _, r := range rs {
		if r.OrderID == o.ID && r.Counts() {
			sum += r.Amount
		}
	}
	if ok != 1 || sum != o.Paid() {
		t.Errorf("%d racing full refunds of %s: %d stored, %s refunded; want 1 and %s", racers, o.Paid(), ok, sum, o.Paid())
	}
}

func racingTickets(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	ids := make([]int64, racers)
	for _, err := range race(func(i int) error {
		tk, err := s.Tickets.Create(ctx, ticketFor(backend.StoryLargeOrder, "manager_approval", fmt.Sprintf("please approve (%d)", i)))
		ids[i] = tk.ID
		return err
	}) {
		if err != nil {
			t.Errorf("a racing ticket failed: %v", err)
		}
	}
	open, err := s.Tickets.List(ctx, handoff.Filter{Status: "open", CustomerID: backend.StoryLargeOrder})
	if err != nil || len(open) != 1 || open[0].Merges != racers-1 {
		t.Errorf("%d racing handoffs of one matter: %d open tickets, %v; want 1 with %d merges", racers, len(open), err, racers-1)
	}
}

func storeOnWrites(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	const store = "elm-road"
	s = OpenAt(t, s.DB, store)
	if _, err := CreditMissingBonus(ctx, s.Backend); err != nil {
		t.Fatal(err)
	}
	if err := s.Backend.RecordAudit(ctx, backend.AuditEntry{CustomerID: backend.StoryMissingBonus, Tool: "credit", Arguments: "{}", Result: "{}"}); err != nil {
		t.Fatal(err)
	}
	o, err := s.Backend.Order(ctx, backend.StoryRecentOrderID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Backend.RequestRefund(ctx, backend.Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: backend.RefundLine, LineID: o.Lines[0].ID,
		Amount: o.Lines[0].Amount(), Reason: "cold", Status: backend.RefundRequested, IdempotencyKey: "store-refund"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Backend.CreateCatering(ctx, backend.CateringOrder{CustomerID: backend.StoryCatering, Location: "Elm Road", EventAt: time.Now().Add(100 * time.Hour),
		Headcount: 10, Total: 20000, Status: backend.CateringRequested, IdempotencyKey: "store-catering"}); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"loyalty_ledger", "refunds", "catering_orders", "audit_log"} {
		var n int
		if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE store = ?`, store).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d rows carry the store, %v; want the one just written", table, n, err)
		}
	}
	log, err := s.Backend.AuditLog(ctx, backend.StoryMissingBonus, 1)
	if err != nil || len(log) != 1 || log[0].Store != store {
		t.Errorf("audit entry read back %+v, %v: want store %s", log, err, store)
	}
	tk, err := s.Tickets.Create(ctx, ticketFor(backend.StoryMissingBonus, "human_request", "a person please"))
	if err != nil || tk.Store != store {
		t.Fatalf("ticket %+v, %v", tk, err)
	}
	if got, err := s.Tickets.Get(ctx, tk.ID); err != nil || got.Store != store {
		t.Errorf("ticket read back with store %q, %v", got.Store, err)
	}
	c, err := s.Conversations.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Conversations.Get(ctx, c.ID); err != nil || got.Store != store {
		t.Errorf("conversation read back with store %q, %v", got.Store, err)
	}
}

func importExport(t *testing.T, s Stores) {
	ctx := ctxFor(t)
	csv := "name,phone,email\nAda Lovelace,555-020-1111,ada@example.com\nMaya Thompson,555-010-2233,maya.thompson@example.com\n"
	recs, err := backend.ParseCustomersCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	dry, err := s.Backend.ImportCustomers(ctx, recs, true, time.Now())
	if err != nil || dry.Added != 1 {
		t.Fatalf("dry run: %+v, %v", dry, err)
	}
	if _, err := s.Backend.FindCustomer(ctx, "555-020-1111"); !errors.Is(err, backend.ErrNotFound) {
		t.Errorf("a dry run stored a customer: %v", err)
	}
	res, err := s.Backend.ImportCustomers(ctx, recs, false, time.Now())
	if err != nil || res.Added != 1 || res.Unchanged+res.Updated != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	again, err := s.Backend.ImportCustomers(ctx, recs, false, time.Now())
	if err != nil || again.Added != 0 || again.Unchanged != 2 {
		t.Errorf("the same file again: %+v, %v; want 2 unchanged", again, err)
	}
	clash, _ := backend.ParseCustomersCSV(strings.NewReader("id,name,phone\nC1002,Someone,555-020-1111\n"))
	var ie *backend.ImportError
	if _, err := s.Backend.ImportCustomers(ctx, clash, false, time.Now()); !errors.As(err, &ie) {
		t.Errorf("a phone that belongs to another customer: %v, want an ImportError", err)
	}
	out, err := s.Backend.ExportCustomers(ctx)
	if err != nil || len(out) < 25 {
		t.Errorf("export: %d customers, %v", len(out), err)
	}
}
