package conversation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/cafebot/cafebot/pkg/sqlitedb"
)

var t0 = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)

func openTestStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), sqlitedb.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	// Each call to the clock moves a minute on, so every write has a
	// distinct, known time.
	next := t0
	s.now = func() time.Time {
		now := next
		next = next.Add(time.Minute)
		return now
	}
	return s
}

func TestStartAppendGet(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, err := s.Start(ctx, " C-1001 ") // t0
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Conversation{ID: c.ID, StartedAt: t0, UpdatedAt: t0, CustomerID: "C-1001"}, c); diff != "" {
		t.Errorf("Start (-want +got):\n%s", diff)
	}

	meta := json.RawMessage(`{"intent":"loyalty","route":"transactional","model":"cafebot-tools","sources":[]}`)
	said := t0.Add(30 * time.Second)
	msgs := []Message{
		{Role: RoleSystem, Text: "Staff chat started."},
		{Role: RoleCustomer, Text: "Where are my\n points?", At: said}, // a given time is kept
		{Role: RoleAssistant, Text: "You have 340 points.", Meta: meta},
		{Role: RoleCustomer, Text: "Thanks, and can I top up $20?"},
		{Role: RoleAssistant, Text: "Done: 40 bonus points.", Meta: json.RawMessage(`{"route":"transactional"}`)},
	}
	for _, m := range msgs {
		if err := s.Append(ctx, c.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Append reads the clock once per call: t0+1m … t0+5m.
	want := Conversation{
		ID: c.ID, StartedAt: t0, UpdatedAt: t0.Add(5 * time.Minute), CustomerID: "C-1001",
		Title: "Where are my points?",
		Messages: []Message{
			{Role: RoleSystem, Text: "Staff chat started.", At: t0.Add(1 * time.Minute)},
			{Role: RoleCustomer, Text: "Where are my\n points?", At: said},
			{Role: RoleAssistant, Text: "You have 340 points.", At: t0.Add(3 * time.Minute), Meta: meta},
			{Role: RoleCustomer, Text: "Thanks, and can I top up $20?", At: t0.Add(4 * time.Minute)},
			{Role: RoleAssistant, Text: "Done: 40 bonus points.", At: t0.Add(5 * time.Minute), Meta: json.RawMessage(`{"route":"transactional"}`)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Get (-want +got):\n%s", diff)
	}
}

func TestAppendRejects(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, err := s.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		id      int64
		m       Message
		wantErr string
		notFnd  bool
	}{
		{"unknown role", c.ID, Message{Role: "user", Text: "hi"}, `role "user"`, false},
		{"empty text", c.ID, Message{Role: RoleCustomer, Text: " \n "}, "empty customer message", false},
		{"bad meta", c.ID, Message{Role: RoleAssistant, Text: "ok", Meta: json.RawMessage(`{"intent":`)}, "meta is not valid JSON", false},
		{"missing conversation", 9999, Message{Role: RoleCustomer, Text: "hi"}, "conversation 9999", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Append(ctx, tt.id, tt.m)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Append error = %v, want one containing %q", err, tt.wantErr)
			}
			if errors.Is(err, ErrNotFound) != tt.notFnd {
				t.Errorf("errors.Is(err, ErrNotFound) = %v, want %v", !tt.notFnd, tt.notFnd)
			}
		})
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Messages) != 0 || got.Title != "" {
		t.Errorf("rejected messages were stored: %+v", got)
	}
}

func TestSetCustomer(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	c, err := s.Start(ctx, "") // t0
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetCustomer(ctx, c.ID, "C-42"); err != nil { // t0+1m
		t.Fatal(err)
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.CustomerID != "C-42" || !got.UpdatedAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("after SetCustomer: customer %q, updated %v; want C-42, %v", got.CustomerID, got.UpdatedAt, t0.Add(time.Minute))
	}
	if err := s.SetCustomer(ctx, 777, "C-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetCustomer on a missing conversation: error = %v, want ErrNotFound", err)
	}
	if _, err := s.Get(ctx, 777); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a missing conversation: error = %v, want ErrNotFound", err)
	}
}

func TestList(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	start := func(customer string) int64 {
		c, err := s.Start(ctx, customer)
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	add := func(id int64, role, text string) {
		if err := s.Append(ctx, id, Message{Role: role, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("é", 70) // runes, not bytes, are counted
	a := start("C-1")               // t0
	b := start("")                  // t0+1m
	e := start("C-3")               // t0+2m, never written to
	add(a, RoleAssistant, "Hello!") // t0+3m: an assistant message is no title
	add(a, RoleCustomer, "Is the oat milk vegan?")
	add(b, RoleCustomer, long)         // t0+5m
	add(a, RoleCustomer, "second one") // t0+6m: a keeps its first title
	add(b, RoleAssistant, "Yes.")      // t0+7m: b is now the latest

	got, err := s.List(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []Summary{
		{ID: b, StartedAt: t0.Add(time.Minute), UpdatedAt: t0.Add(7 * time.Minute), Title: strings.Repeat("é", 59) + "…", Count: 2},
		{ID: a, StartedAt: t0, UpdatedAt: t0.Add(6 * time.Minute), CustomerID: "C-1", Title: "Is the oat milk vegan?", Count: 3},
		{ID: e, StartedAt: t0.Add(2 * time.Minute), UpdatedAt: t0.Add(2 * time.Minute), CustomerID: "C-3", Count: 0},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("List(0) (-want +got):\n%s", diff)
	}

	got, err = s.List(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[:2], got); diff != "" {
		t.Errorf("List(2) (-want +got):\n%s", diff)
	}
	if _, err := s.List(ctx, -1); err == nil {
		t.Error("List(-1) succeeded, want an error")
	}
}

func TestTitle(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"  Is the chai\n\tsweet?  ", "Is the chai sweet?"},
		{strings.Repeat("a", 60), strings.Repeat("a", 60)},
		{strings.Repeat("a", 61), strings.Repeat("a", 59) + "…"},
		{strings.Repeat("ab ", 30), strings.Repeat("ab ", 19) + "ab…"},
		{strings.Repeat("a", 58) + " bcd", strings.Repeat("a", 58) + "…"},
	}
	for _, tt := range tests {
		got := Title(tt.in)
		if got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > TitleRunes {
			t.Errorf("Title(%q) has %d runes, more than %d", tt.in, n, TitleRunes)
		}
	}
}

func FuzzTitle(f *testing.F) {
	for _, s := range []string{"", "Is the chai sweet?", strings.Repeat("é ", 50), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Title(s)
		if n := utf8.RuneCountInString(got); n > TitleRunes {
			t.Fatalf("Title(%q) = %q has %d runes", s, got, n)
		}
		if strings.ContainsAny(got, "\n\t") {
			t.Fatalf("Title(%q) = %q keeps a line break or tab", s, got)
		}
	})
}

func TestFormatList(t *testing.T) {
	ss := []Summary{
		{ID: 12, UpdatedAt: t0.Add(7 * time.Minute), Title: "Is the oat milk vegan?", Count: 3, CustomerID: "C-1001"},
		{ID: 9, UpdatedAt: t0.Add(-26 * time.Hour), Count: 0},
	}
	var b bytes.Buffer
	formatList(&b, ss, time.UTC)
	want := "" +
		"ID  UPDATED           CUSTOMER  MESSAGES  TITLE\n" +
		"12  2025-05-01 09:07  C-1001    3         Is the oat milk vegan?\n" +
		"9   2025-04-30 07:00  -         0         (no customer message yet)\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("FormatList (-want +got):\n%s", diff)
	}
	b.Reset()
	formatList(&b, nil, time.UTC)
	if got := b.String(); got != "No saved conversations.\n" {
		t.Errorf("empty list = %q", got)
	}
}

func TestOpenIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Start(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, db)
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	if _, err := s2.Get(ctx, c.ID); err != nil {
		t.Errorf("conversation lost after reopening: %v", err)
	}
}

// BenchmarkAppend measures saving one message.
func BenchmarkAppend(b *testing.B) {
	ctx := context.Background()
	db, err := sqlitedb.Open(ctx, filepath.Join(b.TempDir(), sqlitedb.FileName))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s, err := Open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	c, err := s.Start(ctx, "C-1")
	if err != nil {
		b.Fatal(err)
	}
	m := Message{Role: RoleCustomer, Text: "Is the oat milk vegan?", Meta: json.RawMessage(`{"intent":"faq"}`)}
	for b.Loop() {
		if err := s.Append(ctx, c.ID, m); err != nil {
			b.Fatal(err)
		}
	}
}
