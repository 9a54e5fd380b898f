package handoff

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

var t0 = time.Date(2025, 5, 1, 14, 0, 0, 0, time.UTC)

// stepClock returns a clock that starts at t0 and moves a minute per call,
// so tickets created in a test have distinct, known times.
func stepClock() func() time.Time {
	next := t0
	return func() time.Time {
		now := next
		next = next.Add(time.Minute)
		return now
	}
}

func openTestQueue(t *testing.T) *Queue {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	q, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	q.now = stepClock()
	return q
}

// sample returns a complete ticket of the given category, ready to Create.
func sample(category string) Ticket {
	return Ticket{
		Priority: PriorityFor(category, 0.5),
		Reason:   "test reason for " + category,
		Category: category,
		Route:    "handoff",
		Transcript: []Turn{
			{Role: "customer", Text: "My points are missing again!", At: t0.Add(-2 * time.Minute)},
			{Role: "assistant", Text: "I've credited 40 points.", At: t0.Add(-time.Minute)},
			{Role: "customer", Text: "That's not the point, the Elm Road queue was 30 minutes.", At: t0},
		},
		CustomerID: "C-1001",
		Intent:     "complaint",
		Confidence: 0.82,
		Guard: []GuardResult{
			{Stage: "input", Flagged: false, Score: 0.1, Layer: "builtin"},
			{Stage: "draft", Flagged: true, Categories: map[string]float64{"abuse": 0.4, "threat": 0.91}, Score: 0.91, Layer: "model"},
		},
		ToolCalls: []ToolCall{{
			Name:      "credit_missing_points",
			Arguments: map[string]any{"order_id": "A-77", "points": 40.0},
			Result:    map[string]any{"credited": 40.0, "balance": 340.0},
			Summary:   "credited 40 points",
		}},
		Draft:       "Sorry about that!",
		Frustration: 0.5,
		Analysis:    "Test analysis.",
	}
}

func TestCreateGet(t *testing.T) {
	minimal := Ticket{
		Reason:     "asked for a person",
		Category:   "human_request",
		Transcript: []Turn{{Role: "customer", Text: "Can I talk to a human?"}},
	}
	tests := []struct {
		name string
		in   Ticket
		// want is the ticket Create should return, apart from ID and CreatedAt.
		want Ticket
	}{
		{
			name: "complete",
			in:   sample("safety"),
			want: func() Ticket { t := sample("safety"); t.Status = StatusOpen; return t }(),
		},
		{
			name: "defaults filled",
			in:   minimal,
			want: func() Ticket {
				t := minimal
				t.Status = StatusOpen
				t.Priority = PriorityNormal
				t.Analysis = Analyze(minimal.Case())
				return t
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			q := openTestQueue(t)
			created, err := q.Create(ctx, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if created.ID != 1001 {
				t.Errorf("first ticket ID = %d, want 1001", created.ID)
			}
			if !created.CreatedAt.Equal(t0) {
				t.Errorf("CreatedAt = %v, want %v", created.CreatedAt, t0)
			}
			want := tt.want
			want.ID, want.CreatedAt = created.ID, created.CreatedAt
			if diff := cmp.Diff(want, created); diff != "" {
				t.Errorf("Create returned (-want +got):\n%s", diff)
			}
			got, err := q.Get(ctx, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(created, got); diff != "" {
				t.Errorf("Get differs from Create (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCreateRejectsIncompleteTickets(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Ticket)
		errHas string
	}{
		{"no category", func(t *Ticket) { t.Category = " " }, "category is empty"},
		{"no reason", func(t *Ticket) { t.Reason = "" }, "reason is empty"},
		{"no transcript", func(t *Ticket) { t.Transcript = nil }, "transcript is empty"},
		{"turn without role", func(t *Ticket) { t.Transcript[1].Role = "" }, "turn 2 has no role"},
		{"resolved already", func(t *Ticket) { t.Status = StatusResolved }, "must be open"},
		{"unknown priority", func(t *Ticket) { t.Priority = "asap" }, `priority "asap"`},
		{"confidence above 1", func(t *Ticket) { t.Confidence = 1.5 }, "confidence 1.5"},
		{"negative frustration", func(t *Ticket) { t.Frustration = -0.1 }, "frustration -0.1"},
	}
	ctx := context.Background()
	q := openTestQueue(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := sample("legal")
			tt.modify(&in)
			_, err := q.Create(ctx, in)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("Create error = %v, want one containing %q", err, tt.errHas)
			}
		})
	}
	ts, err := q.List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 0 {
		t.Errorf("rejected tickets were stored: %d in the queue", len(ts))
	}
}

func TestGetNotFound(t *testing.T) {
	q := openTestQueue(t)
	_, err := q.Get(context.Background(), 4242)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get(4242) error = %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "#4242") {
		t.Errorf("error %q does not name the ticket", err)
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	// Created in this order, one minute apart.
	var ids []int64
	for _, p := range []struct {
		category string
		priority Priority
	}{
		{"human_request", PriorityNormal}, // 1001
		{"staff_request", PriorityLow},    // 1002
		{"safety", PriorityUrgent},        // 1003
		{"abuse", PriorityHigh},           // 1004
		{"legal", PriorityUrgent},         // 1005
		{"multi_issue", PriorityNormal},   // 1006
	} {
		tk := sample(p.category)
		tk.Priority = p.priority
		created, err := q.Create(ctx, tk)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, created.ID)
	}
	if _, err := q.Resolve(ctx, ids[2], "called the customer"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		filter  Filter
		want    []int64
		wantErr string
	}{
		{"all: urgent first, oldest first", Filter{}, []int64{1003, 1005, 1004, 1001, 1006, 1002}, ""},
		{"open", Filter{Status: "open"}, []int64{1005, 1004, 1001, 1006, 1002}, ""},
		{"resolved", Filter{Status: "resolved"}, []int64{1003}, ""},
		{"limit", Filter{Status: "open", Limit: 2}, []int64{1005, 1004}, ""},
		{"bad status", Filter{Status: "closed"}, nil, `status "closed"`},
		{"negative limit", Filter{Limit: -1}, nil, "negative limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts, err := q.List(ctx, tt.filter)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("List error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, tk := range ts {
				got = append(got, tk.ID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("List IDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	created, err := q.Create(ctx, sample("manager_approval")) // at t0
	if err != nil {
		t.Fatal(err)
	}

	if _, err := q.Resolve(ctx, created.ID, "   "); err == nil || !strings.Contains(err.Error(), "note") {
		t.Fatalf("Resolve with a blank note: error = %v, want a note error", err)
	}
	if _, err := q.Resolve(ctx, 999999, "done"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Resolve of a missing ticket: error = %v, want ErrNotFound", err)
	}

	resolvedAt := t0.Add(90 * time.Minute)
	q.now = func() time.Time { return resolvedAt }
	resolved, err := q.Resolve(ctx, created.ID, "  Approved refund R-88.  ")
	if err != nil {
		t.Fatal(err)
	}
	want := created
	want.Status = StatusResolved
	want.ResolvedAt = resolvedAt
	want.ResolutionNote = "Approved refund R-88."
	if diff := cmp.Diff(want, resolved); diff != "" {
		t.Errorf("Resolve returned (-want +got):\n%s", diff)
	}

	q.now = func() time.Time { return resolvedAt.Add(time.Hour) }
	_, err = q.Resolve(ctx, created.ID, "approved again")
	if !errors.Is(err, ErrAlreadyResolved) {
		t.Fatalf("second Resolve error = %v, want ErrAlreadyResolved", err)
	}
	for _, part := range []string{"#1001", "2025-05-01 15:30 UTC", "Approved refund R-88."} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("second Resolve error %q does not mention %q", err, part)
		}
	}
	got, err := q.Get(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the second Resolve changed the ticket (-want +got):\n%s", diff)
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	first, err := q.Create(ctx, sample("guard"))
	if err != nil {
		t.Fatal(err)
	}
	q2, err := Open(ctx, db)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	other := sample("guard")
	other.CustomerID = "C-2002"
	second, err := q2.Create(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID+1 {
		t.Errorf("IDs after reopening: %d then %d, want consecutive", first.ID, second.ID)
	}
}

func TestTicketJSON(t *testing.T) {
	tk := sample("threat")
	tk.ID = 1042
	tk.CreatedAt = t0
	tk.Status = StatusOpen
	b, err := json.Marshal(tk)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "created_at", "status", "priority", "reason", "category", "route",
		"transcript", "customer_id", "intent", "confidence", "guard", "tool_calls", "draft", "frustration", "analysis"} {
		if _, ok := m[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, b)
		}
	}
	if _, ok := m["resolved_at"]; ok {
		t.Errorf("an open ticket's JSON has resolved_at: %s", b)
	}
	var back Ticket
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(tk, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}

func TestNumberAndParseNumber(t *testing.T) {
	if got := (Ticket{ID: 1042}).Number(); got != "#1042" {
		t.Errorf("Number() = %q, want #1042", got)
	}
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"#1042", 1042, false},
		{"1042", 1042, false},
		{" #7 ", 7, false},
		{"", 0, true},
		{"#", 0, true},
		{"#-5", 0, true},
		{"+5", 0, true},
		{"0", 0, true},
		{"12a", 0, true},
		{"##12", 0, true},
		{"99999999999999999999", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumber(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseNumber(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"#1042", "1042", " #7 ", "", "#-5", "+5", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseNumber(s)
		if err != nil {
			return
		}
		if id <= 0 {
			t.Fatalf("ParseNumber(%q) = %d, want a positive number", s, id)
		}
		// A parsed number must survive the round trip through Number.
		back, err := ParseNumber((Ticket{ID: id}).Number())
		if err != nil || back != id {
			t.Fatalf("ParseNumber(Number(%d)) = %d, %v", id, back, err)
		}
	})
}

// BenchmarkCreate measures one durable write of a handoff that merges
// into its open ticket (a full fsync each); BenchmarkCreateNew one that
// opens a new ticket.
func BenchmarkCreate(b *testing.B) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(b.TempDir(), sqlitedb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q, err := Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	tk := sample("human_request")
	for b.Loop() {
		if _, err := q.Create(ctx, tk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCreateNew(b *testing.B) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(b.TempDir(), sqlitedb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q, err := Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	tk := sample("human_request")
	i := 0
	for b.Loop() {
		i++
		tk.CustomerID = fmt.Sprintf("C-%d", i)
		if _, err := q.Create(ctx, tk); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListOpen measures reading a 200-ticket open queue.
func BenchmarkListOpen(b *testing.B) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(b.TempDir(), sqlitedb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	q, err := Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		tk := sample(crashCategories[i%len(crashCategories)])
		tk.CustomerID = fmt.Sprintf("C-%d", 2000+i) // 200 separate matters
		if _, err := q.Create(ctx, tk); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := q.List(ctx, Filter{Status: "open"}); err != nil {
			b.Fatal(err)
		}
	}
}
