// Package server is `cafebot serve`: a resident HTTP+JSON API over the
// assistant pipeline. It holds the index, the pipeline, the stores and the
// staff terminals' chat sessions, so a question costs only the pipeline.
// Answers stream as NDJSON (see pkg/client for the types), errors are
// {"error","hint"} with the matching status, every request has a deadline,
// and beyond loopback every request needs a token.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/backend"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/config"
	"github.com/cafebot/cafebot/pkg/conversation"
	"github.com/cafebot/cafebot/pkg/gate"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// Defaults for Options left at zero.
const (
	DefaultRequestTimeout = 30 * time.Second
	DefaultAnswerTimeout  = 5 * time.Minute
	DefaultShutdownGrace  = 10 * time.Second
	DefaultSessionIdle    = 4 * time.Hour
	DefaultMaxSessions    = 256
)

// maxBody bounds a request body; a question is a few hundred bytes.
const maxBody = 1 << 20

// Options are the server's collaborators and limits.
type Options struct {
	Pipeline *assistant.Pipeline
	Gate     *gate.Gate
	Index    *LiveIndex
	Embedder retrieval.Embedder
	// Conversations saves the chat sessions; nil (the nil interface, not
	// a nil *conversation.Store) keeps them in memory.
	Conversations conversation.ConversationStore
	// Handoffs lists tickets; nil answers the ticket endpoints with 503.
	Handoffs handoff.TicketStore
	// Config supplies retrieval.fusion for search.
	Config config.Config
	// StateDir holds the server's own state: who created which
	// conversations and tickets (OwnersFile), so a restart keeps them
	// theirs. Empty keeps it in memory: after a restart, staff's alone.
	StateDir string

	// Tokens are the terminal tokens; StaffToken reaches everything. With
	// neither, no token is asked for (loopback only, see CheckListen).
	Tokens     []string
	StaffToken string

	// RequestTimeout bounds a request that does not stream an answer,
	// AnswerTimeout one that does; ShutdownGrace is how long running
	// answers may finish after a stop before they are cancelled.
	RequestTimeout, AnswerTimeout, ShutdownGrace time.Duration
	// SessionIdle ends sessions unused this long (their conversations stay
	// saved); MaxSessions caps the sessions held at once.
	SessionIdle time.Duration
	MaxSessions int

	// Hint maps an error to the one-line hint the CLI would print; nil
	// gives the server's own hints only.
	Hint   func(error) string
	Logger *slog.Logger
	Now    func() time.Time
}

// Server serves the API. Create it with New.
type Server struct {
	opt      Options
	auth     *auth
	sessions *registry
	owners   *owners
	started  time.Time
	stopping atomic.Bool
}

// New returns a server over opt, or ErrWeakToken for a short token, or
// an error when the state in StateDir cannot be opened. Close releases it.
func New(opt Options) (*Server, error) {
	if opt.Pipeline == nil || opt.Index == nil {
		return nil, errors.New("server: a pipeline and an index are required")
	}
	if opt.Gate == nil {
		opt.Gate = gate.Default()
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	opt.RequestTimeout = orDefault(opt.RequestTimeout, DefaultRequestTimeout)
	opt.AnswerTimeout = orDefault(opt.AnswerTimeout, DefaultAnswerTimeout)
	opt.ShutdownGrace = orDefault(opt.ShutdownGrace, DefaultShutdownGrace)
	opt.SessionIdle = orDefault(opt.SessionIdle, DefaultSessionIdle)
	if opt.MaxSessions <= 0 {
		opt.MaxSessions = DefaultMaxSessions
	}
	a, err := newAuth(opt.Tokens, opt.StaffToken)
	if err != nil {
		return nil, err
	}
	own, err := openOwners(opt.StateDir, opt.Logger)
	if err != nil {
		return nil, err
	}
	return &Server{
		opt: opt, auth: a, started: opt.Now(),
		sessions: newRegistry(opt.MaxSessions, opt.SessionIdle, opt.Now),
		owners:   own,
	}, nil
}

// Close writes the server's state to disk and closes it; call it once
// Serve has returned.
func (s *Server) Close() error { return s.owners.close() }

// RequiresToken reports whether every request must carry a token.
func (s *Server) RequiresToken() bool { return s.auth.enabled() }

// Serve answers requests on ln until ctx ends, then shuts down: it stops
// accepting, lets running answers finish for ShutdownGrace, cancels the
// rest (their sessions save what was answered) and returns.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	hs := &http.Server{
		Handler:           s.Handler(),
		BaseContext:       func(net.Listener) context.Context { return base },
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.opt.RequestTimeout,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.opt.Logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.stopping.Store(true)
	s.opt.Logger.Info("server stopping", "grace", s.opt.ShutdownGrace)
	gctx, cancel := context.WithTimeout(context.Background(), s.opt.ShutdownGrace)
	defer cancel()
	if err := hs.Shutdown(gctx); err != nil {
		// The grace is over: cancel what still runs. Each session saves
		// the turn it was answering before its handler returns.
		cancelBase()
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(cctx); err != nil {
			hs.Close()
		}
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Handler returns the API's routes behind the token check and deadlines.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	// long marks the endpoints that may run a model (answers, and the
	// handoff briefing): they get AnswerTimeout instead of RequestTimeout.
	route := func(path string, long bool, byMethod map[string]handlerFunc) {
		mux.Handle(path, s.wrap(long, byMethod))
	}
	v := client.APIVersion
	route(v+"/health", false, map[string]handlerFunc{"GET": s.health})
	route(v+"/ask", true, map[string]handlerFunc{"POST": s.ask})
	route(v+"/search", false, map[string]handlerFunc{"POST": s.search})
	route(v+"/classify", false, map[string]handlerFunc{"POST": s.classify})
	route(v+"/sessions", false, map[string]handlerFunc{"POST": s.createSession})
	route(v+"/sessions/{id}", false, map[string]handlerFunc{"GET": s.getSession, "DELETE": s.deleteSession})
	route(v+"/sessions/{id}/messages", true, map[string]handlerFunc{"POST": s.sendMessage})
	route(v+"/sessions/{id}/customer", false, map[string]handlerFunc{"POST": s.bindCustomer})
	route(v+"/sessions/{id}/reset", false, map[string]handlerFunc{"POST": s.resetSession})
	route(v+"/sessions/{id}/handoff", true, map[string]handlerFunc{"POST": s.handoff})
	route(v+"/documents", false, map[string]handlerFunc{"GET": s.documents})
	route(v+"/tickets", false, map[string]handlerFunc{"GET": s.tickets})
	route(v+"/tickets/{id}", false, map[string]handlerFunc{"GET": s.ticket})
	route(v+"/tickets/{id}/claim", false, map[string]handlerFunc{"POST": s.claimTicket})
	route(v+"/tickets/{id}/reassign", false, map[string]handlerFunc{"POST": s.reassignTicket})
	route(v+"/tickets/{id}/resolve", false, map[string]handlerFunc{"POST": s.resolveTicket})
	route(v+"/tickets/{id}/reopen", false, map[string]handlerFunc{"POST": s.reopenTicket})
	mux.Handle("/", s.wrap(false, map[string]handlerFunc{}))
	return mux
}

// handlerFunc answers one request as the caller id; a returned error is
// written as the JSON error body.
type handlerFunc func(w http.ResponseWriter, r *http.Request, id identity) error

// wrap checks the method and the token, bounds the request in time and
// size, and writes a returned error as JSON.
func (s *Server) wrap(long bool, byMethod map[string]handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timeout := s.opt.RequestTimeout
		if long {
			timeout = s.opt.AnswerTimeout
		}
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		r = r.WithContext(ctx)
		// The write deadline follows the request's, so a client that
		// stops reading cannot hold a handler past it.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(timeout + 5*time.Second))
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)

		id, ok := s.auth.check(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="cafebot"`)
			s.writeError(w, &apiError{status: http.StatusUnauthorized, msg: "missing or wrong server token",
				hint: "send the token in server.token (or CAFEBOT_SERVER_TOKEN) as Authorization: Bearer TOKEN"})
			return
		}
		if len(byMethod) == 0 {
			s.writeError(w, &apiError{status: http.StatusNotFound, msg: "no such endpoint: " + r.URL.Path,
				hint: "the API lives under " + client.APIVersion + "/; see the README's API reference"})
			return
		}
		h, ok := byMethod[r.Method]
		if !ok {
			s.writeError(w, &apiError{status: http.StatusMethodNotAllowed, msg: r.Method + " is not allowed on " + r.URL.Path})
			return
		}
		if err := h(w, r, id); err != nil {
			s.writeError(w, err)
		}
	})
}

// apiError is an error with its status and hint.
type apiError struct {
	status    int
	msg, hint string
	err       error
}

func (e *apiError) Error() string {
	if e.msg == "" && e.err != nil {
		return e.err.Error()
	}
	return e.msg
}

func (e *apiError) Unwrap() error { return e.err }

func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// errorBody maps err to its status and one-line body.
func (s *Server) errorBody(err error) (int, client.ErrorBody) {
	if tc := ticketConflict(err); tc != nil {
		err = tc
	}
	body := client.ErrorBody{Error: oneLine(err.Error())}
	status := http.StatusInternalServerError
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		status, body.Hint = ae.status, ae.hint
	case errors.As(err, &mbe):
		status, body.Error = http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", mbe.Limit)
	case errors.Is(err, backend.ErrNotFound):
		status, body.Hint = http.StatusNotFound, "list customers with `cafebot backend list` (run `cafebot backend seed` for the demo accounts)"
	case errors.Is(err, handoff.ErrNotFound), errors.Is(err, conversation.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, handoff.ErrBadNumber):
		status, body.Hint = http.StatusBadRequest, "name a ticket by its number (#1042, 1042) or its offline reference (ELM-ROAD-L1002)"
	case errors.Is(err, context.DeadlineExceeded):
		status, body.Hint = http.StatusGatewayTimeout, "the request ran out of time; try again, or raise ollama.request_timeout"
	case errors.Is(err, context.Canceled):
		status, body.Hint = http.StatusServiceUnavailable, "the server is stopping or the request was cancelled"
	}
	if body.Hint == "" && s.opt.Hint != nil {
		body.Hint = s.opt.Hint(err)
	}
	return status, body
}

func (s *Server) writeError(w http.ResponseWriter, err error) {
	status, body := s.errorBody(err)
	if status >= 500 {
		s.opt.Logger.Error("request failed", "status", status, "err", err)
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a JSON body into v, refusing unknown fields and trailing data.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &apiError{status: http.StatusBadRequest, msg: "bad request body: " + oneLine(err.Error()), hint: "send one JSON object; see the README's API reference"}
	}
	if dec.More() {
		return badRequest("bad request body: more than one JSON value")
	}
	return nil
}

func oneLine(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '\n' || c == '\r' {
			b[i] = ' '
		}
	}
	return string(b)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
