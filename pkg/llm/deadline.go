package llm

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrTimeout reports that Ollama accepted a call but did not answer in
// time: it is stalled, overloaded or still loading a model. It also
// matches ErrUnreachable, so every caller that falls back when Ollama is
// down falls back the same way when it hangs.
var ErrTimeout = errors.New("ollama did not answer in time")

// Timeouts bound every call the client makes; a zero field means no bound.
type Timeouts struct {
	// Request bounds one whole call: a chat from the request to its last
	// token, an embedding batch, a status query.
	Request time.Duration
	// Idle bounds the wait for a stream's first chunk and the gap between
	// chunks, so a server that stops talking is noticed long before Request
	// runs out. It is also the whole bound of the quick status calls
	// (show, list, version), which answer at once or not at all.
	Idle time.Duration
}

// WithTimeouts returns a copy of c whose calls are bounded by t.
func (c *Client) WithTimeouts(t Timeouts) *Client {
	cp := *c
	cp.timeouts = t
	return &cp
}

// timeoutError is the cause a call's context is cancelled with when one of
// the client's own bounds expires (never when the caller cancels).
type timeoutError struct {
	what  string // "no reply for" or "no complete answer within"
	limit time.Duration
	// held: this call was not tried, because an earlier one timed out
	// less than StallHold ago.
	held bool
}

func (e *timeoutError) Error() string {
	if e.held {
		return fmt.Sprintf("%s: %s %s a moment ago; not waiting again for %s", ErrTimeout, e.what, e.limit, StallHold)
	}
	return fmt.Sprintf("%s: %s %s", ErrTimeout, e.what, e.limit)
}

// Is makes a timeout match both ErrTimeout and ErrUnreachable.
func (e *timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == ErrUnreachable
}

// callKind says which bounds apply to a call.
type callKind int

const (
	// quickCall: show, list, version; bounded by Idle (and Request).
	quickCall callKind = iota
	// wholeCall: a chat or an embedding batch; bounded by Request, and a
	// stream's gaps by Idle.
	wholeCall
	// progressCall: pull and create, which may rightly take longer than any
	// request; only the gaps between progress lines are bounded.
	progressCall
)

// watch is one bounded call: ctx is cancelled with a *timeoutError when a
// bound expires; tick (for streams) tells it a chunk arrived.
type watch struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	stopT  func() bool
	stall  *stall

	mu    sync.Mutex
	idle  *time.Timer
	limit time.Duration
}

// StallHold is how long the client fails fast after a call of its ran out
// of time: one message makes several calls (show, embed, chat), and a
// person at the counter must wait out a hung server once, not once per
// call.
const StallHold = 30 * time.Second

// stall remembers when the server last hung.
type stall struct {
	mu    sync.Mutex
	until time.Time
	last  *timeoutError
}

// hung returns the timeout that is still being held against the server.
func (s *stall) hung(now time.Time) *timeoutError {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Before(s.until) {
		return s.last
	}
	return nil
}

func (s *stall) record(te *timeoutError, now time.Time) {
	if s == nil || te.held {
		return
	}
	s.mu.Lock()
	s.until, s.last = now.Add(StallHold), te
	s.mu.Unlock()
}

// bound derives the call's context from the caller's. While the server is
// held as hung, the context starts out cancelled, so the call fails at once
// with the timeout it had.
func (c *Client) bound(parent context.Context, kind callKind) *watch {
	ctx, cancel := context.WithCancelCause(parent)
	w := &watch{ctx: ctx, cancel: cancel, stopT: func() bool { return false }, stall: c.stall}
	if te := c.stall.hung(time.Now()); te != nil {
		held := *te
		held.held = true
		cancel(&held)
		return w
	}
	t := c.timeouts
	whole := t.Request
	if kind == quickCall && t.Idle > 0 && (whole == 0 || t.Idle < whole) {
		whole = t.Idle
	}
	if kind == progressCall {
		whole = 0
	}
	if whole > 0 {
		tm := time.AfterFunc(whole, func() {
			cancel(&timeoutError{what: "no complete answer within", limit: whole})
		})
		w.stopT = tm.Stop
	}
	if kind != quickCall && t.Idle > 0 {
		w.limit = t.Idle
		w.idle = time.AfterFunc(t.Idle, func() {
			cancel(&timeoutError{what: "no reply for", limit: t.Idle})
		})
	}
	return w
}

// tick restarts the idle bound: a chunk arrived.
func (w *watch) tick() {
	if w.idle == nil {
		return
	}
	w.mu.Lock()
	w.idle.Reset(w.limit)
	w.mu.Unlock()
}

// done releases the timers and reports the bound that expired, if one did;
// err is the call's own error, returned as it was when no bound expired.
func (w *watch) done(err error) error {
	w.stopT()
	if w.idle != nil {
		w.mu.Lock()
		w.idle.Stop()
		w.mu.Unlock()
	}
	var te *timeoutError
	if cause := context.Cause(w.ctx); errors.As(cause, &te) && err != nil {
		err = te
		w.stall.record(te, time.Now())
	}
	w.cancel(nil)
	return err
}
