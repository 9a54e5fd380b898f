package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/cafebot/cafebot/pkg/assistant"
)

// opTimeout bounds the session calls that are not generations (bind a
// customer, reset, hand off) and the health check.
const (
	opTimeout   = 30 * time.Second
	pingTimeout = 3 * time.Second
)

// streamEventMsg carries one pipeline event of generation gen.
type streamEventMsg struct {
	gen int
	ev  assistant.Event
	ch  <-chan tea.Msg
}

// streamDoneMsg ends generation gen with the answer or the error.
type streamDoneMsg struct {
	gen int
	ans assistant.Answer
	err error
}

// streamBuffer lets a generation run ahead of the screen by this many
// events.
const streamBuffer = 256

// startSend returns the Cmd that runs one message through the session. The
// Cmd's goroutine forwards every event into ch, then the done message, then
// closes ch; readStream turns them into messages one at a time. quit is
// closed when the program ends, so a generation nobody reads any more does
// not block forever.
func startSend(ctx context.Context, s Session, gen int, text string, ch chan tea.Msg, quit <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		defer close(ch)
		put := func(msg tea.Msg) {
			select {
			case ch <- msg:
			case <-quit:
			}
		}
		ans, err := s.Send(ctx, text, func(ev assistant.Event) {
			put(streamEventMsg{gen: gen, ev: ev, ch: ch})
		})
		put(streamDoneMsg{gen: gen, ans: ans, err: err})
		return nil
	}
}

// readStream returns the Cmd that waits for the next message of a
// generation; Update re-issues it after each event.
func readStream(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// customerMsg is the result of /customer.
type customerMsg struct {
	query string
	c     Customer
	err   error
}

func bindCustomer(ctx context.Context, s Session, query string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		c, err := s.BindCustomer(ctx, query)
		return customerMsg{query: query, c: c, err: err}
	}
}

// resetMsg is the result of /new.
type resetMsg struct{ err error }

func resetSession(ctx context.Context, s Session) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		return resetMsg{err: s.Reset(ctx)}
	}
}

// handoffMsg is the result of /handoff.
type handoffMsg struct {
	ticket string
	reason string
	err    error
}

func handOff(ctx context.Context, s Session, reason string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, opTimeout)
		defer cancel()
		ticket, err := s.Handoff(ctx, reason)
		return handoffMsg{ticket: ticket, reason: reason, err: err}
	}
}

// healthMsg is the result of one Ollama check. roles is set when the
// Health is a RoleHealth. tick marks the periodic check, which schedules
// the next one; a check after an answer does not.
type healthMsg struct {
	err        error
	roles      []RoleState
	rolesKnown bool
	tick       bool
}

// healthTickMsg asks for the next Ollama check.
type healthTickMsg struct{}

func ping(ctx context.Context, h Health, tick bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, pingTimeout)
		defer cancel()
		if rh, ok := h.(RoleHealth); ok {
			roles, err := rh.Roles(ctx)
			return healthMsg{err: err, roles: roles, rolesKnown: err == nil, tick: tick}
		}
		return healthMsg{err: h.Ping(ctx), tick: tick}
	}
}

func healthTick(every time.Duration) tea.Cmd {
	return tea.Tick(every, func(time.Time) tea.Msg { return healthTickMsg{} })
}
