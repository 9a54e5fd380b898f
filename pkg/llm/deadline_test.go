package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// stallingServer answers /api/chat and /api/show the way a hung Ollama
// does: chunks (if any) every gap, then silence until the client gives up.
func stallingServer(t *testing.T, chunks int, gap time.Duration) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		for i := 0; chunks < 0 || i < chunks; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(gap):
			}
			fmt.Fprintf(w, `{"model":"m","message":{"role":"assistant","content":"tok%d "},"done":false}`+"\n", i)
			w.(http.Flusher).Flush()
		}
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestTimeoutsEndEveryStall(t *testing.T) {
	cases := []struct {
		name     string
		chunks   int // -1: a trickle that never ends
		gap      time.Duration
		timeouts Timeouts
		call     func(ctx context.Context, c *Client) error
		max      time.Duration
	}{
		{"chat: no first byte", 0, 0, Timeouts{Request: 10 * time.Second, Idle: 150 * time.Millisecond}, chat, 2 * time.Second},
		{"chat: stops mid-stream", 3, 20 * time.Millisecond, Timeouts{Request: 10 * time.Second, Idle: 150 * time.Millisecond}, chat, 2 * time.Second},
		{"chat: trickles forever", -1, 30 * time.Millisecond, Timeouts{Request: 400 * time.Millisecond, Idle: 200 * time.Millisecond}, chat, 3 * time.Second},
		{"show: never answers", 0, 0, Timeouts{Request: 10 * time.Second, Idle: 150 * time.Millisecond}, func(ctx context.Context, c *Client) error {
			_, err := c.Show(ctx, "m")
			return err
		}, 2 * time.Second},
		{"embed: never answers", 0, 0, Timeouts{Request: 300 * time.Millisecond, Idle: 150 * time.Millisecond}, func(ctx context.Context, c *Client) error {
			_, err := c.Embed(ctx, "m", []string{"x"}, 0)
			return err
		}, 2 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := stallingServer(t, tc.chunks, tc.gap)
			c, err := New(srv.URL, nil)
			if err != nil {
				t.Fatal(err)
			}
			c = c.WithTimeouts(tc.timeouts)
			start := time.Now()
			err = tc.call(context.Background(), c)
			took := time.Since(start)
			if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnreachable) {
				t.Fatalf("err = %v, want ErrTimeout that also matches ErrUnreachable", err)
			}
			if took > tc.max {
				t.Fatalf("took %v, want under %v", took, tc.max)
			}
			if Hint(err, "") == "" {
				t.Fatal("no hint for a timeout")
			}
		})
	}
}

// TestCallerCancelIsNotATimeout: Ctrl-C must stay a cancellation, so the
// CLI says "cancelled" instead of falling back to a retrieval-only answer.
func TestCallerCancelIsNotATimeout(t *testing.T) {
	srv := stallingServer(t, 0, 0)
	c, err := New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithTimeouts(Timeouts{Request: 10 * time.Second, Idle: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = chat(ctx, c)
	if errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the caller's own cancellation", err)
	}
}

// TestTimeoutsLeaveHealthyCallsAlone: a stream whose gaps stay under the
// idle bound completes even though it runs longer than the idle bound.
func TestTimeoutsLeaveHealthyCallsAlone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		for i := range 6 {
			time.Sleep(40 * time.Millisecond)
			fmt.Fprintf(w, `{"model":"m","message":{"role":"assistant","content":"t%d"},"done":false}`+"\n", i)
			w.(http.Flusher).Flush()
		}
		fmt.Fprintln(w, `{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":6}`)
	}))
	defer srv.Close()
	c, err := New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithTimeouts(Timeouts{Request: 5 * time.Second, Idle: 150 * time.Millisecond})
	resp, err := c.Chat(context.Background(), ChatRequest{Model: "m", Messages: []Message{{Role: "user", Content: "hi"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Message.Content != "t0t1t2t3t4t5" || resp.OutputTokens != 6 {
		t.Fatalf("got %q (%d tokens)", resp.Message.Content, resp.OutputTokens)
	}
}

func chat(ctx context.Context, c *Client) error {
	_, err := c.Chat(ctx, ChatRequest{Model: "m", Messages: []Message{{Role: "user", Content: "hi"}}}, nil)
	return err
}

// TestHungServerIsWaitedOutOnce: one message makes several calls (show,
// embed, chat). After one of them times out, the others fail at once, so a
// hung server costs the customer one wait, not one per call.
func TestHungServerIsWaitedOutOnce(t *testing.T) {
	srv := stallingServer(t, 0, 0)
	c, err := New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithTimeouts(Timeouts{Request: 5 * time.Second, Idle: 200 * time.Millisecond})
	if _, err := c.Show(context.Background(), "m"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("first call: %v, want a timeout", err)
	}
	// A copy with other bounds talks to the same server, so it shares the
	// memory of the hang.
	other := c.WithTimeouts(Timeouts{Request: 5 * time.Second, Idle: time.Second})
	for _, call := range []func() error{
		func() error { return chat(context.Background(), c) },
		func() error { _, err := other.Embed(context.Background(), "m", []string{"x"}, 0); return err },
	} {
		start := time.Now()
		err := call()
		if took := time.Since(start); took > 100*time.Millisecond {
			t.Fatalf("a later call waited %v for a server that just hung", took)
		}
		if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnreachable) {
			t.Fatalf("later call: %v, want ErrTimeout", err)
		}
	}
}

// TestCallerCancelDoesNotHoldTheServer: Ctrl-C says nothing about the
// server, so the next call is tried normally.
func TestCallerCancelDoesNotHoldTheServer(t *testing.T) {
	srv := stallingServer(t, 0, 0)
	c, err := New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	c = c.WithTimeouts(Timeouts{Request: 5 * time.Second, Idle: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := chat(ctx, c); errors.Is(err, ErrTimeout) {
		t.Fatalf("a cancelled call reported a timeout: %v", err)
	}
	start := time.Now()
	err = chat(context.Background(), c)
	if took := time.Since(start); !errors.Is(err, ErrTimeout) || took < 250*time.Millisecond {
		t.Fatalf("after a cancel the next call was not tried: %v after %v", err, took)
	}
}
