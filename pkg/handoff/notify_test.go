package handoff

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func urgentTicket() Ticket {
	tk := sample("safety")
	tk.ID, tk.Priority, tk.CreatedAt = 1042, PriorityUrgent, t0
	return tk
}

// flaky is a webhook that fails its first fails requests with 503.
func flaky(t *testing.T, fails int32) (*httptest.Server, *atomic.Int32, chan Notification) {
	t.Helper()
	var calls atomic.Int32
	got := make(chan Notification, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= fails {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		var n Notification
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&n) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		got <- n
	}))
	t.Cleanup(srv.Close)
	return srv, &calls, got
}

func TestWebhookRetriesThenSucceeds(t *testing.T) {
	srv, calls, got := flaky(t, 2)
	n, err := NewNotifier(NotifyOptions{Webhook: srv.URL, Retries: 3, Backoff: time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Deliver(context.Background(), urgentTicket()); err != nil {
		t.Fatalf("Deliver after two failures: %v", err)
	}
	if c := calls.Load(); c != 3 {
		t.Errorf("webhook called %d times, want 3 (two failures, one success)", c)
	}
	msg := <-got
	if msg.Ticket != 1042 || msg.Priority != PriorityUrgent || !strings.Contains(msg.Text, "URGENT ticket #1042") || msg.LastMessage == "" {
		t.Errorf("notification = %+v", msg)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	tests := []struct {
		name      string
		handler   http.HandlerFunc
		retries   int
		timeout   time.Duration
		wantCalls int32
		wantErr   string
	}{
		{"retries spent", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", 500) }, 2, 5 * time.Second, 3, "after 3 attempt(s)"},
		{"a client error is not retried", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", 404) }, 5, 5 * time.Second, 1, "not retried"},
		{"the deadline bounds a hanging server", func(w http.ResponseWriter, r *http.Request) {
			// Reading the body lets the server see the client hang up.
			io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(3 * time.Second):
			}
		}, 10, 200 * time.Millisecond, 1, "deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tt.handler(w, r)
			}))
			defer srv.Close()
			n, err := NewNotifier(NotifyOptions{Webhook: srv.URL, Retries: tt.retries, Backoff: time.Millisecond, Timeout: tt.timeout})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			err = n.Deliver(context.Background(), urgentTicket())
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Deliver error = %v, want one containing %q", err, tt.wantErr)
			}
			if took := time.Since(start); took > tt.timeout+2*time.Second {
				t.Errorf("Deliver took %v, past its %v deadline", took, tt.timeout)
			}
			if c := calls.Load(); c < 1 || (tt.name != "the deadline bounds a hanging server" && c != tt.wantCalls) {
				t.Errorf("webhook called %d times, want %d", c, tt.wantCalls)
			}
		})
	}
}

func TestCommandHook(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	count := filepath.Join(dir, "count")
	// The hook fails on its first run, then writes the environment it saw
	// and the ticket from stdin.
	script := filepath.Join(dir, "hook.sh")
	body := `#!/bin/sh
echo x >> "` + count + `"
if [ "$(wc -l < "` + count + `")" -lt 2 ]; then echo "pager offline" >&2; exit 3; fi
printf '%s %s %s %s\n' "$CAFEBOT_TICKET_NUMBER" "$CAFEBOT_TICKET_PRIORITY" "$CAFEBOT_TICKET_CATEGORY" "$CAFEBOT_TICKET_CUSTOMER" > "` + out + `"
cat >> "` + out + `"
`
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	n, err := NewNotifier(NotifyOptions{Command: script, Retries: 1, Backoff: time.Millisecond, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Deliver(context.Background(), urgentTicket()); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	env, js, _ := strings.Cut(string(data), "\n")
	if env != "#1042 urgent safety C-1001" {
		t.Errorf("hook environment = %q", env)
	}
	var tk Ticket
	if err := json.Unmarshal([]byte(js), &tk); err != nil || tk.ID != 1042 || len(tk.Transcript) != 3 {
		t.Errorf("hook stdin = %q (%v), want the ticket's JSON", js, err)
	}

	// Without a retry left, the first failure is the answer, with the
	// hook's own words.
	os.Remove(count)
	n, _ = NewNotifier(NotifyOptions{Command: script, Backoff: time.Millisecond})
	if err := n.Deliver(context.Background(), urgentTicket()); err == nil || !strings.Contains(err.Error(), "pager offline") {
		t.Errorf("failing hook: error = %v, want its stderr", err)
	}
}

// TestQueueNotifiesWithoutBlocking wires a Notifier to a Queue: urgent and
// high tickets are sent, others are not, Create returns before a slow
// webhook answers, and a webhook that never works loses no ticket.
func TestQueueNotifiesWithoutBlocking(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	var seen atomic.Int32
	got := make(chan Notification, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Add(1)
		<-release
		var n Notification
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &n)
		got <- n
	}))
	defer srv.Close()
	defer close(release)
	q := openTestQueue(t)
	n, err := NewNotifier(NotifyOptions{Webhook: srv.URL, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	q.OnCreate(n.Hook())

	start := time.Now()
	urgent, err := q.Create(ctx, sample("safety"))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("Create waited %v for the webhook", took)
	}
	normal := sample("human_request")
	normal.Priority = PriorityNormal
	if _, err := q.Create(ctx, normal); err != nil {
		t.Fatal(err)
	}
	release <- struct{}{}
	select {
	case msg := <-got:
		if msg.Ticket != urgent.ID {
			t.Errorf("notified about %d, want the urgent %d", msg.Ticket, urgent.ID)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no notification for the urgent ticket")
	}
	if err := n.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if c := seen.Load(); c != 1 {
		t.Errorf("webhook saw %d requests, want 1 (the normal ticket is not sent)", c)
	}

	// A webhook that is down: the ticket is stored all the same.
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "x", 500) }))
	down.Close()
	q2 := openTestQueue(t)
	n2, _ := NewNotifier(NotifyOptions{Webhook: down.URL, Retries: 2, Backoff: time.Millisecond, Timeout: time.Second})
	q2.OnCreate(n2.Hook())
	tk, err := q2.Create(ctx, sample("threat"))
	if err != nil {
		t.Fatal(err)
	}
	n2.Wait(ctx)
	if _, err := q2.Get(ctx, tk.ID); err != nil {
		t.Errorf("ticket lost after a failed notification: %v", err)
	}
}

func TestNewNotifierRejectsBadOptions(t *testing.T) {
	for _, opt := range []NotifyOptions{
		{Webhook: "ftp://example.com/x"},
		{Webhook: "example.com/hook"},
		{Webhook: "http://"},
		{Retries: -1},
		{Retries: MaxNotifyRetries + 1},
		{Timeout: -time.Second},
		{Timeout: MaxNotifyTimeout + time.Second},
	} {
		if _, err := NewNotifier(opt); err == nil {
			t.Errorf("NewNotifier(%+v) accepted it", opt)
		}
	}
	n, err := NewNotifier(NotifyOptions{})
	if err != nil || n.Enabled() {
		t.Errorf("empty options: %v, enabled %v; want a quiet notifier", err, n.Enabled())
	}
}

// TestCommandHookDeadline: a hook that hangs (and leaves a child holding
// its output) is stopped at the deadline.
func TestCommandHookDeadline(t *testing.T) {
	n, err := NewNotifier(NotifyOptions{Command: "sleep 30 & sleep 30", Retries: 5, Backoff: time.Millisecond, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = n.Deliver(context.Background(), urgentTicket())
	if err == nil {
		t.Fatal("a hanging hook reported success")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Deliver took %v with a 300ms deadline", took)
	}
}
