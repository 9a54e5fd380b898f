package handoff

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cafebot/cafebot/pkg/golden"
)

// assertGolden compares got with testdata/name, or rewrites it under -update.
func assertGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func TestFormatList(t *testing.T) {
	now := t0.Add(50 * time.Hour)
	open := func(id int64, category string, customer string, created time.Time, reason string) Ticket {
		return Ticket{ID: id, CreatedAt: created, Status: StatusOpen, Priority: PriorityFor(category, 0.2),
			Category: category, CustomerID: customer, Reason: reason}
	}
	ts := []Ticket{
		open(1003, "safety", "C-1001", now.Add(-30*time.Second), "Customer reports a reaction after the walnut muffin at Elm Road"),
		open(1001, "human_request", "", now.Add(-50*time.Hour), "asked for a manager"),
		open(1002, "staff_request", "C-7", now.Add(-25*time.Minute), "staff asked for a callback,\nsee notes"),
	}
	ts[1].Status = StatusResolved
	var b bytes.Buffer
	formatList(&b, ts, now, nil)
	assertGolden(t, "list.golden", b.Bytes())

	b.Reset()
	formatList(&b, nil, now, nil)
	if got := b.String(); got != "No handoff tickets.\n" {
		t.Errorf("empty list = %q", got)
	}
}

// TestFormatListChain: head office's inbox across stores has a STORE
// column (a ticket filed before the chain shows "-"), a ticket filed
// offline is listed by the reference its customer was given, and a list
// with its own statuses (a store's outbox) shows those.
func TestFormatListChain(t *testing.T) {
	now := t0.Add(50 * time.Hour)
	ts := []Ticket{
		{ID: 1004, CreatedAt: now.Add(-2 * time.Minute), Status: StatusOpen, Priority: PriorityUrgent, Category: "safety",
			Store: "elm-road", Reason: "glass in a muffin"},
		{ID: 1005, CreatedAt: now.Add(-70 * time.Minute), Status: StatusOpen, Priority: PriorityNormal, Category: "human_request",
			Store: "harbour-street", Ref: "HARBOUR-STREET-L1001", CustomerID: "C1002", ClaimedBy: "sam",
			Reason: "escalation: human_request (filed offline at harbour-street)"},
		{ID: 1001, CreatedAt: now.Add(-49 * time.Hour), Status: StatusResolved, Priority: PriorityLow, Category: "staff_request",
			Reason: "filed before the chain"},
	}
	var b bytes.Buffer
	formatList(&b, ts, now, nil)
	assertGolden(t, "list_chain.golden", b.Bytes())

	b.Reset()
	formatList(&b, ts[:2], now, func(t Ticket) string {
		if t.ID == 1005 {
			return "delivered as #1012"
		}
		return "waiting"
	})
	assertGolden(t, "list_outbox.golden", b.Bytes())
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name   string
		ticket Ticket
	}{
		{
			name: "open",
			ticket: func() Ticket {
				tk := sample("safety")
				tk.ID, tk.CreatedAt, tk.Status = 1042, t0, StatusOpen
				tk.Analysis = Analyze(tk.Case())
				return tk
			}(),
		},
		{
			name: "resolved",
			ticket: func() Ticket {
				tk := sample("tool_failure")
				tk.ID, tk.CreatedAt, tk.Status = 1043, t0, StatusResolved
				tk.ResolvedAt, tk.ResolutionNote = t0.Add(3*time.Hour), "Topped up by hand."
				tk.Guard, tk.Draft = nil, ""
				tk.ToolCalls = []ToolCall{{Name: "top_up_card", Arguments: map[string]any{"amount": 20.0}, Error: "account service unavailable"}}
				tk.Transcript = []Turn{{Role: "customer", Text: "Top up $20\nplease"}}
				return tk
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			tt.ticket.format(&b, time.UTC)
			got := b.String()
			for _, sec := range []string{"Ticket " + tt.ticket.Number(), "\nAnalysis\n", "\nTranscript\n"} {
				if !strings.Contains(got, sec) {
					t.Errorf("output lacks %q", sec)
				}
			}
			assertGolden(t, "ticket_"+tt.name+".golden", b.Bytes())
		})
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"", 10, ""},
		{"one two three", 7, "one two\nthree"},
		{"a supercalifragilistic word", 8, "a\nsupercalifragilistic\nword"},
		{"  spaced   out  ", 20, "spaced out"},
	}
	for _, tt := range tests {
		if got := wrap(tt.in, tt.width); got != tt.want {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
}

func TestAge(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Minute, "now"},
		{59 * time.Second, "now"},
		{25 * time.Minute, "25m"},
		{5 * time.Hour, "5h"},
		{47 * time.Hour, "47h"},
		{72 * time.Hour, "3d"},
	}
	for _, tt := range tests {
		if got := age(tt.d); got != tt.want {
			t.Errorf("age(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
