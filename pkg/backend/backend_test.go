package backend

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/golden"
	"github.com/cafebot/cafebot/pkg/sqldb"
	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// testNow is the fixed clock of the seeded demo data in these tests.
var testNow = time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sqlitedb.Open(context.Background(), filepath.Join(t.TempDir(), "cafebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// testPolicy is the default rules judged at testNow, the clock of the
// seeded data.
func testPolicy() Policy {
	return Policy{Refunds: config.Default().Refunds, Now: func() time.Time { return testNow }}
}

func seeded(t *testing.T) (*SQLite, *sql.DB) {
	t.Helper()
	db := openDB(t)
	s, err := OpenWith(context.Background(), sqldb.Wrap(db), testPolicy())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Seed(context.Background(), testNow); err != nil {
		t.Fatal(err)
	}
	return s, db
}

func count(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var tables = []string{"customers", "orders", "order_lines", "payments", "top_ups", "loyalty_ledger", "refunds", "catering_orders"}

func TestNewSQLiteMigratesOnce(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	for range 2 {
		if _, err := NewSQLite(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	var v int
	if err := db.QueryRow(`SELECT MAX(version) FROM schema_migrations WHERE component = 'backend'`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != len(migrations) {
		t.Errorf("schema version %d, want %d", v, len(migrations))
	}
}

func TestSeedIsIdempotent(t *testing.T) {
	s, db := seeded(t)
	before := map[string]int{}
	for _, tb := range tables {
		before[tb] = count(t, db, tb)
	}
	// A second run, even a day later, must not add or duplicate anything.
	if err := s.Seed(context.Background(), testNow.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	after := map[string]int{}
	for _, tb := range tables {
		after[tb] = count(t, db, tb)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("row counts changed on reseed (-want +got):\n%s", diff)
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	a, b := buildSeed(testNow), buildSeed(testNow)
	if diff := cmp.Diff(a, b, cmp.AllowUnexported(seedData{})); diff != "" {
		t.Errorf("two builds differ (-first +second):\n%s", diff)
	}
}

func TestSeedShape(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	customers, err := s.ListCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(customers) < 20 {
		t.Errorf("%d customers, want at least 20", len(customers))
	}
	orders, locations := 0, map[string]bool{}
	notes := 0
	for _, c := range customers {
		if c.InternalNote != "" {
			notes++
		}
		if !strings.HasPrefix(c.Phone, "555-01") || !strings.Contains(c.Email, "@") {
			t.Errorf("%s: phone %q email %q", c.ID, c.Phone, c.Email)
		}
		a, err := s.Account(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Balance < 0 {
			t.Errorf("%s: negative balance %d", c.ID, a.Balance)
		}
		sum := 0
		earned := map[string]int{}
		for _, e := range a.Ledger {
			sum += e.Points
			if e.Kind == KindEarn {
				earned[e.OrderID] += e.Points
			}
		}
		if sum != a.Balance {
			t.Errorf("%s: balance %d is not the ledger sum %d", c.ID, a.Balance, sum)
		}
		for _, o := range a.Orders {
			orders++
			locations[o.Location] = true
			var lines Money
			for _, l := range o.Lines {
				if menuPrice(l.Item) == 0 {
					t.Errorf("order %s: %q is not on the menu", o.ID, l.Item)
				}
				lines += l.Amount()
			}
			if lines != o.Total {
				t.Errorf("order %s: total %s, lines sum to %s", o.ID, o.Total, lines)
			}
			if o.Paid() < o.Total {
				t.Errorf("order %s: paid %s of %s", o.ID, o.Paid(), o.Total)
			}
			if o.Status == OrderCompleted {
				if want := int(o.Total) * 10 / 100; earned[o.ID] != want {
					t.Errorf("order %s: earned %d points, want %d (10 per dollar)", o.ID, earned[o.ID], want)
				}
			}
		}
	}
	if orders < 60 {
		t.Errorf("%d orders, want at least 60", orders)
	}
	if diff := cmp.Diff(map[string]bool{"Elm Road": true, "Harbour Street": true, "Riverside Campus": true}, locations); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	if notes < 3 {
		t.Errorf("%d customers have an internal note, want a few", notes)
	}
}

func TestSeedStories(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()

	t.Run("missing top-up bonus", func(t *testing.T) {
		c, err := s.FindCustomer(ctx, "+1 (555) 010-2233")
		if err != nil {
			t.Fatal(err)
		}
		if c.ID != StoryMissingBonus || c.Name != "Maya Thompson" {
			t.Fatalf("got %s %q", c.ID, c.Name)
		}
		tops, err := s.TopUps(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(tops, func(t TopUp) bool { return t.ID == StoryTopUpID })
		if i < 0 || tops[i].Amount != 2000 || tops[i].CreatedAt != testNow.AddDate(0, 0, -5).Add(-5*time.Hour-30*time.Minute) {
			t.Fatalf("story top-up: %+v", tops)
		}
		ledger, _ := s.Ledger(ctx, c.ID, 0)
		for _, e := range ledger {
			if e.TopUpID == StoryTopUpID {
				t.Errorf("story top-up already has a ledger entry: %+v", e)
			}
		}
		if !slices.ContainsFunc(ledger, func(e LedgerEntry) bool { return e.TopUpID == "T5001" && e.Points == 120 }) {
			t.Error("the older $50 top-up should have its 120 bonus")
		}
	})
	t.Run("double charge", func(t *testing.T) {
		o, err := s.Order(ctx, StoryDoubleChargeID)
		if err != nil {
			t.Fatal(err)
		}
		dups := o.DuplicatePayments()
		if o.CustomerID != StoryDoubleCharge || len(o.Payments) != 2 || len(dups) != 1 || dups[0].Amount != o.Total {
			t.Errorf("order %+v, duplicates %+v", o, dups)
		}
		if testNow.Sub(o.PlacedAt) > 3*24*time.Hour {
			t.Errorf("double charge placed %s: not recent", o.PlacedAt)
		}
	})
	t.Run("catering", func(t *testing.T) {
		k, err := s.CateringOrder(ctx, StoryCateringID)
		if err != nil {
			t.Fatal(err)
		}
		until := k.EventAt.Sub(testNow)
		if k.CustomerID != StoryCatering || k.Status != CateringConfirmed || k.Headcount != 25 || until < 6*24*time.Hour || until > 8*24*time.Hour {
			t.Errorf("catering %+v", k)
		}
	})
	t.Run("refund requested", func(t *testing.T) {
		r, err := s.Refund(ctx, StoryRefundID)
		if err != nil {
			t.Fatal(err)
		}
		if r.CustomerID != StoryRefundRequested || r.Status != RefundRequested || r.OrderID != StoryRefundOrderID {
			t.Errorf("refund %+v", r)
		}
	})
	t.Run("large order", func(t *testing.T) {
		o, err := s.Order(ctx, StoryLargeOrderID)
		if err != nil {
			t.Fatal(err)
		}
		if o.CustomerID != StoryLargeOrder || o.Total <= 5000 || testNow.Sub(o.PlacedAt) > 14*24*time.Hour {
			t.Errorf("large order %+v", o)
		}
	})
}

func TestFindCustomer(t *testing.T) {
	s, _ := seeded(t)
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"C1001", "C1001", false},
		{" c1001 ", "C1001", false},
		{"555-010-2233", "C1001", false},
		{"+1 (555) 010-2233", "C1001", false},
		{"5550102233", "C1001", false},
		{"555.010.4417", "C1002", false},
		{"MAYA.THOMPSON@example.com", "C1001", false},
		{"C9999", "", true},
		{"555-010-0000", "", true},
		{"", "", true},
		{"12", "", true},
		{"nobody@example.com", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := s.FindCustomer(context.Background(), tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrNotFound) {
					t.Errorf("got %v, %v; want ErrNotFound", c.ID, err)
				}
				return
			}
			if err != nil || c.ID != tt.want {
				t.Errorf("got %q, %v; want %q", c.ID, err, tt.want)
			}
		})
	}
}

func TestAddLedgerEntry(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	before, _ := s.Balance(ctx, "C1001")
	e := LedgerEntry{CustomerID: "C1001", Kind: KindBonus, Points: 40, Reason: "test", TopUpID: StoryTopUpID, IdempotencyKey: TopUpBonusKey(StoryTopUpID), CreatedAt: testNow}
	first, created, err := s.AddLedgerEntry(ctx, e)
	if err != nil || !created {
		t.Fatalf("first add: created=%v err=%v", created, err)
	}
	again, created, err := s.AddLedgerEntry(ctx, e)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat add: %+v created=%v err=%v", again, created, err)
	}
	after, _ := s.Balance(ctx, "C1001")
	if after != before+40 {
		t.Errorf("balance %d → %d, want +40 once", before, after)
	}
	_, _, err = s.AddLedgerEntry(ctx, LedgerEntry{CustomerID: "C1001", Kind: KindRedeem, Points: -(after + 1), Reason: "too much", IdempotencyKey: "test:overdraw", CreatedAt: testNow})
	if !errors.Is(err, ErrInsufficientPoints) {
		t.Errorf("overdraw: got %v, want ErrInsufficientPoints", err)
	}
	if _, _, err := s.AddLedgerEntry(ctx, LedgerEntry{CustomerID: "C1001", Kind: KindBonus, Points: 1}); err == nil {
		t.Error("an entry without idempotency key was accepted")
	}
}

func TestRequestRefund(t *testing.T) {
	s, db := seeded(t)
	ctx := context.Background()
	o, err := s.Order(ctx, StoryLargeOrderID)
	if err != nil {
		t.Fatal(err)
	}
	line := o.Lines[0]
	r := Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: RefundLine, LineID: line.ID, Amount: line.Amount(), Reason: "cold", Status: RefundRequested,
		IdempotencyKey: "test:line", CreatedAt: testNow}
	first, created, err := s.RequestRefund(ctx, r)
	if err != nil || !created || !strings.HasPrefix(first.ID, "R") {
		t.Fatalf("first: %+v created=%v err=%v", first, created, err)
	}
	again, created, err := s.RequestRefund(ctx, r)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("repeat: %+v created=%v err=%v", again, created, err)
	}
	// The same line under another key is still one request.
	r2 := r
	r2.IdempotencyKey = "test:line-other-key"
	third, created, err := s.RequestRefund(ctx, r2)
	if err != nil || created || third.ID != first.ID {
		t.Fatalf("same line, other key: %+v created=%v err=%v", third, created, err)
	}
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM refunds WHERE order_id = ?`, o.ID).Scan(&n)
	if n != 1 {
		t.Errorf("%d refund rows, want 1", n)
	}

	t.Run("cap on what is left", func(t *testing.T) {
		_, _, err := s.RequestRefund(ctx, Refund{OrderID: o.ID, CustomerID: o.CustomerID, Kind: RefundOrder, Amount: o.Total - line.Amount() + 1,
			Reason: "all", Status: RefundRequested, IdempotencyKey: "test:order", CreatedAt: testNow})
		if !errors.Is(err, ErrExceedsPaid) {
			t.Errorf("got %v, want ErrExceedsPaid", err)
		}
	})
	t.Run("other customer's order", func(t *testing.T) {
		_, _, err := s.RequestRefund(ctx, Refund{OrderID: o.ID, CustomerID: "C1001", Kind: RefundOrder, Amount: 100,
			Reason: "x", Status: RefundRequested, IdempotencyKey: "test:steal", CreatedAt: testNow})
		if err == nil {
			t.Error("refund on another customer's order was stored")
		}
	})
}

func TestCancelCateringOnce(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	k, changed, err := s.CancelCatering(ctx, StoryCateringID, 0, testNow)
	if err != nil || !changed || k.Status != CateringCancelled {
		t.Fatalf("first cancel: %+v changed=%v err=%v", k, changed, err)
	}
	k, changed, err = s.CancelCatering(ctx, StoryCateringID, 9999, testNow.Add(time.Hour))
	if err != nil || changed || k.CancellationFee != 0 || !k.CancelledAt.Equal(testNow) {
		t.Fatalf("second cancel changed it: %+v changed=%v err=%v", k, changed, err)
	}
	if _, _, err := s.CancelCatering(ctx, "CT-99999", 0, testNow); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func TestCreateCateringIdempotent(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	c := CateringOrder{CustomerID: "C1001", Location: "Elm Road", EventAt: testNow.Add(96 * time.Hour), Headcount: 20,
		Items: []CateringItem{{Item: "Lunch package", Qty: 20, UnitPrice: 1650}}, Total: 33000, Status: CateringRequested,
		IdempotencyKey: "test:cat", CreatedAt: testNow}
	a, created, err := s.CreateCatering(ctx, c)
	if err != nil || !created || a.ID != "CT-20453" {
		t.Fatalf("create: %+v created=%v err=%v", a, created, err)
	}
	b, created, err := s.CreateCatering(ctx, c)
	if err != nil || created || b.ID != a.ID {
		t.Fatalf("repeat: %+v created=%v err=%v", b, created, err)
	}
	if diff := cmp.Diff(c.Items, b.Items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestFullCardNumbersCannotBeStored(t *testing.T) {
	_, db := seeded(t)
	for _, last4 := range []string{"4242424242424242", "42", "abcd", "4242 "} {
		_, err := db.Exec(`INSERT INTO payments (order_id, method, card_last4, amount_cents, charged_at) VALUES ('10482', 'card', ?, 100, '2026-01-01T00:00:00Z')`, last4)
		if err == nil {
			t.Errorf("card_last4 %q was stored", last4)
		}
	}
}

func TestAuditLog(t *testing.T) {
	s, _ := seeded(t)
	ctx := context.Background()
	for i, c := range []string{"C1001", "C1002", "C1001"} {
		if err := s.RecordAudit(ctx, AuditEntry{Session: "s1", CustomerID: c, At: testNow.Add(time.Duration(i) * time.Second), Tool: "get_loyalty_balance", Arguments: "{}", Result: "{}", Refused: i == 2}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.AuditLog(ctx, "C1001", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !got[0].Refused || got[1].Refused {
		t.Errorf("audit for C1001: %+v", got)
	}
	all, _ := s.AuditLog(ctx, "", 0)
	if len(all) != 3 {
		t.Errorf("%d entries in all, want 3", len(all))
	}
}

func TestMoneyJSON(t *testing.T) {
	tests := []struct {
		m    Money
		json string
		str  string
	}{
		{1240, "12.40", "$12.40"},
		{5, "0.05", "$0.05"},
		{0, "0.00", "$0.00"},
		{-300, "-3.00", "-$3.00"},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.m)
		if err != nil || string(b) != tt.json || tt.m.String() != tt.str {
			t.Errorf("%d: json %s (%v), string %s", tt.m, b, err, tt.m)
		}
		var back Money
		if err := json.Unmarshal(b, &back); err != nil || back != tt.m {
			t.Errorf("%s round-trips to %d (%v)", b, back, err)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := map[string]string{
		"+1 (555) 010-2233": "5550102233",
		"555-010-2233":      "5550102233",
		"1-555-010-2233":    "5550102233",
		"555 010 2233 ext":  "5550102233",
		"":                  "",
		"call me":           "",
	}
	for in, want := range tests {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"+1 (555) 010-2233", "555-010-2233", "1", "١٢٣", "+44 20 7946 0958"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizePhone(s)
		for _, r := range got {
			if r < '0' || r > '9' {
				t.Fatalf("NormalizePhone(%q) = %q has a non-digit", s, got)
			}
		}
		if NormalizePhone(got) != got {
			t.Fatalf("NormalizePhone is not idempotent on %q", s)
		}
	})
}

func TestAccountFormatGolden(t *testing.T) {
	s, _ := seeded(t)
	for _, id := range []string{StoryMissingBonus, StoryDoubleCharge, StoryCatering} {
		t.Run(id, func(t *testing.T) {
			a, err := s.Account(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := a.Format(&buf); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("..", "..", "testdata", "backend", "account_"+id+".golden"), buf.Bytes())
		})
	}
}

func TestAccountJSON(t *testing.T) {
	s, _ := seeded(t)
	a, err := s.Account(context.Background(), StoryDoubleCharge)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Account
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}
