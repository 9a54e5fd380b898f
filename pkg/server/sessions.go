package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/client"
)

// entry is one chat session. A session answers one message at a time:
// busy holds its turn, so two requests never touch it at once.
type entry struct {
	id      string
	owner   string
	created time.Time
	s       *assistant.Session
	busy    chan struct{}

	mu       sync.Mutex // guards lastUsed
	lastUsed time.Time
}

// acquire takes the session's turn, waiting for ctx; wait false fails at
// once when the session is answering.
func (e *entry) acquire(ctx context.Context, wait bool) error {
	if !wait {
		select {
		case e.busy <- struct{}{}:
			return nil
		default:
			return &apiError{status: http.StatusConflict, msg: "the session is still answering the previous message",
				hint: "wait for the answer, or cancel it, before sending the next message"}
		}
	}
	select {
	case e.busy <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *entry) release(now time.Time) {
	e.mu.Lock()
	e.lastUsed = now
	e.mu.Unlock()
	<-e.busy
}

// info describes the session; the caller holds its turn.
func (e *entry) info() client.SessionInfo {
	info := client.SessionInfo{ID: e.id, ConversationID: e.s.ID(), History: e.s.History(), CreatedAt: e.created}
	if info.History == nil {
		info.History = []assistant.Turn{}
	}
	if c, ok := e.s.Customer(); ok {
		info.Customer = &c
	}
	return info
}

// registry holds the sessions of every terminal.
type registry struct {
	max  int
	idle time.Duration
	now  func() time.Time

	mu sync.Mutex
	m  map[string]*entry
}

func newRegistry(max int, idle time.Duration, now func() time.Time) *registry {
	return &registry{max: max, idle: idle, now: now, m: map[string]*entry{}}
}

var errTooManySessions = &apiError{status: http.StatusServiceUnavailable, msg: "the server holds as many sessions as it may",
	hint: "close finished chats (they stay saved), or wait for idle ones to expire"}

// add registers s for owner and returns its entry. Sessions idle longer
// than the limit are dropped first (their conversations are saved).
func (r *registry) add(owner string, s *assistant.Session) (*entry, error) {
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, e := range r.m {
		e.mu.Lock()
		idle := now.Sub(e.lastUsed) > r.idle
		e.mu.Unlock()
		if idle && len(e.busy) == 0 {
			delete(r.m, id)
		}
	}
	if len(r.m) >= r.max {
		return nil, errTooManySessions
	}
	e := &entry{id: newID(), owner: owner, created: now, lastUsed: now, s: s, busy: make(chan struct{}, 1)}
	r.m[e.id] = e
	return e, nil
}

var errNoSession = &apiError{status: http.StatusNotFound, msg: "no such session (it was closed, expired or the server restarted)",
	hint: "start a new session; a saved conversation continues with \"resume\": CONVERSATION_ID"}

// get returns the session id names, if id may reach it.
func (r *registry) get(sid string, id identity) (*entry, error) {
	r.mu.Lock()
	e := r.m[sid]
	r.mu.Unlock()
	if e == nil {
		return nil, errNoSession
	}
	if !id.may(e.owner) {
		return nil, errForbidden("session")
	}
	return e, nil
}

func (r *registry) remove(sid string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, sid)
}

func (r *registry) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.m)
}

func errForbidden(what string) error {
	return &apiError{status: http.StatusForbidden, msg: "this " + what + " belongs to another terminal",
		hint: "use the token that created it, or the staff token (server.staff_token)"}
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms.
		panic(errors.New("session id: " + err.Error()))
	}
	return hex.EncodeToString(b[:])
}
