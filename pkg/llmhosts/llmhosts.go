// Package llmhosts sends each model role to its own Ollama hosts, so a
// chain can run the 8B escalation model on one GPU machine for every
// store while the small models stay on the counter. Every kind of call
// is routed by the model it names: chats (faq, tools, escalation, the
// guard's checks), embeddings (the embedding role) and model listings. A
// role's hosts are tried in order; one that did not answer is skipped for
// a cool-down and tried again after it, and a role whose hosts are all
// down fails with an *AllDownError that names them (reported once per
// outage to OnAllDown).
package llmhosts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cafebot/cafebot/pkg/llm"
)

// Model is the part of an Ollama client the pipeline, the guard and
// retrieval use; *llm.Client has it.
type Model interface {
	Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error)
	Show(ctx context.Context, model string) (llm.ModelInfo, error)
	Embed(ctx context.Context, model string, inputs []string, keepAlive time.Duration) ([][]float32, error)
	List(ctx context.Context) ([]llm.LocalModel, error)
}

// Host is one Ollama server of a role.
type Host struct {
	URL   string
	Model Model
}

// Role is the hosts that serve one model name.
type Role struct {
	// Name is the role ("escalation"), for messages.
	Name string
	// Model is the model name the role's calls ask for.
	Model string
	Hosts []Host
}

// Cooldown is how long a host that did not answer is skipped.
const Cooldown = 30 * time.Second

// Router is a Model that sends each call to the hosts of the role whose
// model it names, and every other call to the default client.
type Router struct {
	def   Model
	roles map[string]*role
	now   func() time.Time

	mu        sync.Mutex
	onAllDown func(*AllDownError)
}

type role struct {
	name  string
	hosts []*host
	// down is set while every host has failed, so OnAllDown hears of an
	// outage once; the next answer clears it.
	down bool
}

type host struct {
	Host
	mu        sync.Mutex
	downUntil time.Time
	lastErr   error
}

// New returns a Router over def for the given roles. A role with no
// hosts is served by def.
func New(def Model, roles ...Role) *Router {
	r := &Router{def: def, roles: map[string]*role{}, now: time.Now}
	for _, ro := range roles {
		if len(ro.Hosts) == 0 {
			continue
		}
		x := &role{name: ro.Name}
		for _, h := range ro.Hosts {
			x.hosts = append(x.hosts, &host{Host: h})
		}
		r.roles[ro.Model] = x
	}
	return r
}

// AllDownError reports a role none of whose hosts answered.
type AllDownError struct {
	Role  string
	Hosts []string
	// Last is the last host's error.
	Last error
}

// Error returns "escalation model hosts all down (URL, URL): LAST".
func (e *AllDownError) Error() string {
	return fmt.Sprintf("%s model hosts all down (%s): %v", e.Role, strings.Join(e.Hosts, ", "), e.Last)
}

// Unwrap returns the last host's error (so errors.Is(err,
// llm.ErrUnreachable) holds).
func (e *AllDownError) Unwrap() error { return e.Last }

// Chat sends the call to the first answering host of req.Model's role. A
// host that fails before streaming anything is marked down and the next
// one is tried; once tokens have been shown, a failure is returned as is.
func (r *Router) Chat(ctx context.Context, req llm.ChatRequest, onToken func(string) error) (llm.ChatResponse, error) {
	ro := r.roles[req.Model]
	if ro == nil {
		return r.def.Chat(ctx, req, onToken)
	}
	var resp llm.ChatResponse
	err := r.try(ctx, ro, func(m Model) (bool, error) {
		streamed := false
		tok := onToken
		if onToken != nil {
			tok = func(s string) error {
				streamed = true
				return onToken(s)
			}
		}
		var err error
		resp, err = m.Chat(ctx, req, tok)
		return streamed, err
	})
	return resp, err
}

// OnAllDown has f called with the error when every host of a role has
// failed, once per outage (a host of the role answering ends it): the
// place to tell staff, in one line, what works meanwhile. f runs on the
// caller's goroutine and must not block.
func (r *Router) OnAllDown(f func(*AllDownError)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.onAllDown = f
}

// Embed embeds inputs on the first answering host of model's role (the
// embedding role), or with the default client.
func (r *Router) Embed(ctx context.Context, model string, inputs []string, keepAlive time.Duration) ([][]float32, error) {
	ro := r.roles[model]
	if ro == nil {
		return r.def.Embed(ctx, model, inputs, keepAlive)
	}
	var vecs [][]float32
	err := r.try(ctx, ro, func(m Model) (bool, error) {
		var err error
		vecs, err = m.Embed(ctx, model, inputs, keepAlive)
		return false, err
	})
	return vecs, err
}

// ListFor lists the models installed where model's calls go: on the first
// answering host of its role, or on the default client's server.
func (r *Router) ListFor(ctx context.Context, model string) ([]llm.LocalModel, error) {
	ro := r.roles[model]
	if ro == nil {
		return r.def.List(ctx)
	}
	var out []llm.LocalModel
	err := r.try(ctx, ro, func(m Model) (bool, error) {
		var err error
		out, err = m.List(ctx)
		return false, err
	})
	return out, err
}

// Show asks the first answering host of model's role about it.
func (r *Router) Show(ctx context.Context, model string) (llm.ModelInfo, error) {
	ro := r.roles[model]
	if ro == nil {
		return r.def.Show(ctx, model)
	}
	var info llm.ModelInfo
	err := r.try(ctx, ro, func(m Model) (bool, error) {
		var err error
		info, err = m.Show(ctx, model)
		return false, err
	})
	return info, err
}

// try runs call on the role's hosts in order, those not cooling down
// first; a host that is unreachable is marked down and the next tried.
func (r *Router) try(ctx context.Context, ro *role, call func(Model) (streamed bool, err error)) error {
	now := r.now()
	var up, down []*host
	for _, h := range ro.hosts {
		h.mu.Lock()
		if now.Before(h.downUntil) {
			down = append(down, h)
		} else {
			up = append(up, h)
		}
		h.mu.Unlock()
	}
	var last error
	for _, h := range append(up, down...) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		streamed, err := call(h.Model)
		h.mu.Lock()
		if err == nil {
			h.downUntil, h.lastErr = time.Time{}, nil
		} else if errors.Is(err, llm.ErrUnreachable) {
			h.downUntil, h.lastErr = r.now().Add(Cooldown), err
		}
		h.mu.Unlock()
		if err == nil || !errors.Is(err, llm.ErrUnreachable) {
			// The host answered (even with an error of its own): the
			// role is up.
			r.mu.Lock()
			ro.down = false
			r.mu.Unlock()
		}
		if err == nil || streamed || !errors.Is(err, llm.ErrUnreachable) {
			return err
		}
		last = err
	}
	urls := make([]string, len(ro.hosts))
	for i, h := range ro.hosts {
		urls[i] = h.URL
	}
	all := &AllDownError{Role: ro.name, Hosts: urls, Last: last}
	r.mu.Lock()
	first, f := !ro.down, r.onAllDown
	ro.down = true
	r.mu.Unlock()
	if first && f != nil {
		f(all)
	}
	return all
}

// HostStatus is one host as Status last saw it.
type HostStatus struct {
	Role string `json:"role"`
	URL  string `json:"url"`
	Up   bool   `json:"up"`
	// Error is why the last call failed, while the host cools down.
	Error string `json:"error,omitempty"`
}

// Status returns every role host with whether it is up: a host counts as
// up until a call to it fails to connect, and again after its cool-down.
func (r *Router) Status() []HostStatus {
	var out []HostStatus
	now := r.now()
	for _, ro := range r.roles {
		for _, h := range ro.hosts {
			h.mu.Lock()
			s := HostStatus{Role: ro.name, URL: h.URL, Up: !now.Before(h.downUntil)}
			if !s.Up && h.lastErr != nil {
				s.Error = h.lastErr.Error()
			}
			h.mu.Unlock()
			out = append(out, s)
		}
	}
	return out
}
