package handoff

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

// filed returns a ticket of category for customer whose transcript is the
// given customer and assistant texts, alternating, the last one at at.
func filed(category, customer string, at time.Time, texts ...string) Ticket {
	var turns []Turn
	for i, s := range texts {
		role := "customer"
		if i%2 == 1 {
			role = "assistant"
		}
		turns = append(turns, Turn{Role: role, Text: s})
	}
	turns[len(turns)-1].At = at
	return Case{Transcript: turns, Category: category, Reason: "escalation: " + category, CustomerID: customer,
		Intent: "transactional", Confidence: 0.8, Frustration: 0.2}.Ticket()
}

func TestCreateMergesOneMatter(t *testing.T) {
	t1, t2 := t0, t0.Add(time.Minute)
	tests := []struct {
		name       string
		first      Ticket
		resolve    bool
		second     Ticket
		wantMerged bool
		wantTurns  []string // the stored ticket's transcript texts, when merged
	}{
		{
			name:       "same customer and category: the new turns are appended",
			first:      filed("tool_failure", "C-1", t1, "show me my last orders"),
			second:     filed("tool_failure", "C-1", t2, "show me my last orders", "Passed to staff.", "and my points?"),
			wantMerged: true,
			wantTurns:  []string{"show me my last orders", "Passed to staff.", "and my points?"},
		},
		{
			name:       "the identical message sent again is kept once more",
			first:      filed("tool_failure", "C-1", t1, "refund order 1234"),
			second:     filed("tool_failure", "C-1", t2, "refund order 1234"),
			wantMerged: true,
			wantTurns:  []string{"refund order 1234", "refund order 1234"},
		},
		{
			name:       "a repeated /handoff with no new message adds nothing",
			first:      Case{Category: "staff_request", Reason: "r", CustomerID: "C-1", Transcript: []Turn{{Role: "customer", Text: "hi"}, {Role: "assistant", Text: "hello"}}}.Ticket(),
			second:     Case{Category: "staff_request", Reason: "r", CustomerID: "C-1", Transcript: []Turn{{Role: "customer", Text: "hi"}, {Role: "assistant", Text: "hello"}}}.Ticket(),
			wantMerged: true,
			wantTurns:  []string{"hi", "hello"},
		},
		{
			name:       "another conversation of the same customer comes whole, after a note",
			first:      filed("tool_failure", "C-1", t1, "refund order 1234"),
			second:     filed("tool_failure", "C-1", t2, "where are my points"),
			wantMerged: true,
			wantTurns:  []string{"refund order 1234", "Another conversation about the same matter was merged into this ticket.", "where are my points"},
		},
		{
			name:   "another category is another ticket",
			first:  filed("tool_failure", "C-1", t1, "refund order 1234"),
			second: filed("manager_approval", "C-1", t2, "refund order 1234"),
		},
		{
			name:   "another customer is another ticket",
			first:  filed("tool_failure", "C-1", t1, "refund order 1234"),
			second: filed("tool_failure", "C-2", t2, "refund order 1234"),
		},
		{
			name:    "a resolved ticket is not reused",
			first:   filed("tool_failure", "C-1", t1, "refund order 1234"),
			resolve: true,
			second:  filed("tool_failure", "C-1", t2, "refund order 1234"),
		},
		{
			name:       "unidentified: the same message is one ticket",
			first:      filed("tool_failure", "", t1, "Show me my last orders"),
			second:     filed("tool_failure", "", t2, "show me my  last orders"),
			wantMerged: true,
			wantTurns:  []string{"Show me my last orders", "Another conversation about the same matter was merged into this ticket.", "show me my  last orders"},
		},
		{
			name:       "unidentified: the same conversation going on is one ticket",
			first:      filed("safety", "", t1, "hi", "Hello!", "I burned my hand"),
			second:     filed("safety", "", t2, "hi", "Hello!", "I burned my hand", "I'm sorry.", "it is blistering"),
			wantMerged: true,
			wantTurns:  []string{"hi", "Hello!", "I burned my hand", "I'm sorry.", "it is blistering"},
		},
		{
			name:   "unidentified: two customers with different words are two tickets",
			first:  filed("safety", "", t1, "hi", "Hello!", "I burned my hand"),
			second: filed("safety", "", t2, "hi", "Hello!", "there was glass in my muffin"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			q := openTestQueue(t)
			first, err := q.Create(ctx, tt.first)
			if err != nil {
				t.Fatal(err)
			}
			if first.Merged {
				t.Fatal("the first ticket reports Merged")
			}
			if tt.resolve {
				if _, err := q.Resolve(ctx, first.ID, "done"); err != nil {
					t.Fatal(err)
				}
			}
			second, err := q.Create(ctx, tt.second)
			if err != nil {
				t.Fatal(err)
			}
			all, err := q.List(ctx, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.wantMerged {
				if second.Merged || second.ID == first.ID || len(all) != 2 {
					t.Fatalf("got merged=%v id %d after %d, %d tickets; want a second ticket", second.Merged, second.ID, first.ID, len(all))
				}
				return
			}
			if !second.Merged || second.ID != first.ID || len(all) != 1 {
				t.Fatalf("got merged=%v id %d after %d, %d tickets; want one merged ticket", second.Merged, second.ID, first.ID, len(all))
			}
			stored, err := q.Get(ctx, first.ID)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, turn := range stored.Transcript {
				got = append(got, turn.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.wantTurns, "|") {
				t.Errorf("merged transcript = %q, want %q", got, tt.wantTurns)
			}
			if stored.Merges != 1 || stored.UpdatedAt.IsZero() || stored.Merged {
				t.Errorf("stored merges=%d updated=%v merged=%v, want 1, a time, false", stored.Merges, stored.UpdatedAt, stored.Merged)
			}
			if !strings.Contains(stored.Analysis, oneLine(lastCustomer(tt.second.Transcript))) {
				t.Errorf("analysis was not rewritten for the latest message:\n%s", stored.Analysis)
			}
		})
	}
}

// TestRepeatedHandoffsDoNotFlood is the reported day: the same customer's
// failing requests and repeated handoffs filed one after another.
func TestRepeatedHandoffsDoNotFlood(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	var hooked []Ticket
	q.OnCreate(func(tk Ticket) { hooked = append(hooked, tk) })
	for i := range 21 {
		at := t0.Add(time.Duration(i) * 30 * time.Second)
		if _, err := q.Create(ctx, filed("tool_failure", "C-1", at, "show me my last orders")); err != nil {
			t.Fatal(err)
		}
	}
	open, err := q.List(ctx, Filter{Status: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 1 || open[0].Merges != 20 || len(open[0].Transcript) != 21 {
		t.Fatalf("got %d open tickets (first: %d merges, %d turns), want 1 with 20 merges and 21 turns", len(open), open[0].Merges, len(open[0].Transcript))
	}
	if len(hooked) != 1 {
		t.Errorf("OnCreate ran %d times, want once: merges at the same priority need no new alert", len(hooked))
	}
}

func TestMergeRaisesPriorityAndRunsHook(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	var hooked []Priority
	q.OnCreate(func(tk Ticket) { hooked = append(hooked, tk.Priority) })
	calm := filed("human_request", "C-1", t0, "can I talk to someone")
	if _, err := q.Create(ctx, calm); err != nil {
		t.Fatal(err)
	}
	angry := filed("human_request", "C-1", t0.Add(time.Minute), "can I talk to someone", "One moment.", "NOBODY IS ANSWERING!!")
	angry.Frustration, angry.Priority = 0.9, PriorityHigh
	got, err := q.Create(ctx, angry)
	if err != nil {
		t.Fatal(err)
	}
	if got.Priority != PriorityHigh || got.Frustration != 0.9 {
		t.Errorf("merged priority %s frustration %.2f, want high 0.90", got.Priority, got.Frustration)
	}
	// A calmer follow-up never lowers it.
	again := filed("human_request", "C-1", t0.Add(2*time.Minute), "can I talk to someone", "One moment.", "NOBODY IS ANSWERING!!", "Sorry.", "ok")
	got, err = q.Create(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if got.Priority != PriorityHigh {
		t.Errorf("priority after a calmer merge = %s, want high kept", got.Priority)
	}
	if want := []Priority{PriorityNormal, PriorityHigh}; len(hooked) != 2 || hooked[0] != want[0] || hooked[1] != want[1] {
		t.Errorf("OnCreate saw %v, want %v", hooked, want)
	}
}

// TestConcurrentCreatesMakeOneTicket files the same matter from two
// database handles at once, as two cafebot processes would.
func TestConcurrentCreatesMakeOneTicket(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), sqlitedb.FileName)
	var queues []*Queue
	for range 2 {
		db, err := sqlitedb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		q, err := Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		queues = append(queues, q)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := queues[i%2].Create(ctx, filed("tool_failure", "C-1", t0.Add(time.Duration(i)*time.Second), "refund order 1234"))
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	all, err := queues[0].List(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Merges != n-1 {
		t.Fatalf("%d tickets (merges %d), want 1 with %d merges", len(all), all[0].Merges, n-1)
	}
}

func TestClaimAndReopen(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	tk, err := q.Create(ctx, sample("human_request"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Claim(ctx, tk.ID, "  "); err == nil {
		t.Error("Claim with no name succeeded")
	}
	got, err := q.Claim(ctx, tk.ID, "Sam")
	if err != nil {
		t.Fatal(err)
	}
	if got.ClaimedBy != "Sam" || got.ClaimedAt.IsZero() {
		t.Errorf("claimed by %q at %v", got.ClaimedBy, got.ClaimedAt)
	}
	if _, err := q.Claim(ctx, tk.ID, "Sam"); err != nil {
		t.Errorf("claiming again by the same person: %v", err)
	}
	if _, err := q.Claim(ctx, tk.ID, "Alex"); !errors.Is(err, ErrClaimed) || !strings.Contains(err.Error(), "Sam") {
		t.Errorf("claim of Sam's ticket by Alex: %v, want ErrClaimed naming Sam", err)
	}
	if _, err := q.Claim(ctx, 4242, "Sam"); !errors.Is(err, ErrNotFound) {
		t.Errorf("claim of a missing ticket: %v, want ErrNotFound", err)
	}
	if _, err := q.Reopen(ctx, tk.ID, ""); !errors.Is(err, ErrNotResolved) {
		t.Errorf("reopen of an open ticket: %v, want ErrNotResolved", err)
	}
	if _, err := q.Resolve(ctx, tk.ID, "called back, refunded"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Claim(ctx, tk.ID, "Alex"); !errors.Is(err, ErrAlreadyResolved) {
		t.Errorf("claim of a resolved ticket: %v, want ErrAlreadyResolved", err)
	}
	re, err := q.Reopen(ctx, tk.ID, "customer says the refund never arrived")
	if err != nil {
		t.Fatal(err)
	}
	stored, err := q.Get(ctx, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []Ticket{re, stored} {
		if x.Status != StatusOpen || !x.ResolvedAt.IsZero() || x.ResolutionNote != "" || x.ClaimedBy != "" {
			t.Errorf("reopened ticket: status %s resolved %v note %q claimed %q", x.Status, x.ResolvedAt, x.ResolutionNote, x.ClaimedBy)
		}
		last := x.Transcript[len(x.Transcript)-1]
		if last.Role != "system" || !strings.Contains(last.Text, "called back, refunded") || !strings.Contains(last.Text, "never arrived") {
			t.Errorf("reopen left no record of the earlier resolution: %+v", last)
		}
	}
	// Reopened, it takes merges again.
	merged, err := q.Create(ctx, sample("human_request"))
	if err != nil || !merged.Merged || merged.ID != tk.ID {
		t.Errorf("create after reopen: merged=%v id=%d err=%v, want a merge into %d", merged.Merged, merged.ID, err, tk.ID)
	}
	if _, err := q.Reopen(ctx, 4242, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("reopen of a missing ticket: %v, want ErrNotFound", err)
	}
}

func TestListByCustomer(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	for _, c := range []string{"C-1", "C-2", "C-1"} {
		tk := sample("tool_failure")
		tk.CustomerID = c
		tk.Transcript[2].Text += c + time.Now().String() // distinct conversations
		if _, err := q.Create(ctx, tk); err != nil {
			t.Fatal(err)
		}
	}
	other := sample("safety")
	other.CustomerID = "C-1"
	if _, err := q.Create(ctx, other); err != nil {
		t.Fatal(err)
	}
	ts, err := q.List(ctx, Filter{Status: "open", CustomerID: "C-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].Category != "safety" {
		t.Fatalf("C-1's open tickets: %d (first %s), want 2, safety first", len(ts), ts[0].Category)
	}
	ts, err = q.List(ctx, Filter{CustomerID: "C-9"})
	if err != nil || len(ts) != 0 {
		t.Fatalf("C-9's tickets: %d, %v; want none", len(ts), err)
	}
}

func TestFormatShowsClaimAndMerges(t *testing.T) {
	ctx := context.Background()
	q := openTestQueue(t)
	first, err := q.Create(ctx, filed("tool_failure", "C-1", t0, "refund order 1234"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Create(ctx, filed("tool_failure", "C-1", t0.Add(time.Minute), "refund order 1234")); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Claim(ctx, first.ID, "Sam"); err != nil {
		t.Fatal(err)
	}
	tk, err := q.Get(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	tk.format(&b, time.UTC)
	for _, want := range []string{"Claimed:     Sam at 2025-05-01", "Merged:      1 later handoff(s) of the same matter"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("ticket lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	formatList(&b, []Ticket{tk}, t0.Add(time.Hour), nil)
	if !strings.Contains(b.String(), "Sam") || !strings.Contains(b.String(), "(+1)") {
		t.Errorf("list lacks the claim or the merge count:\n%s", b.String())
	}
}
