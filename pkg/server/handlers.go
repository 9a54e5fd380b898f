package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/cafebot/cafebot/pkg/analysis"
	"github.com/cafebot/cafebot/pkg/assistant"
	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/handoff"
	"github.com/cafebot/cafebot/pkg/retrieval"
)

// explainFeatures is how many learned-layer features an explained
// decision lists, as `classify --explain` shows.
const explainFeatures = 6

// Search bounds: -k as the CLI takes it.
const (
	defaultK = 5
	maxK     = 1000
)

func (s *Server) health(w http.ResponseWriter, _ *http.Request, _ identity) error {
	status := "ok"
	if s.stopping.Load() {
		status = "stopping"
	}
	writeJSON(w, http.StatusOK, client.Health{
		Status: status, Index: s.opt.Index.Index().Stats(), Sessions: s.sessions.count(),
		Reloads: s.opt.Index.Reloads(), Uptime: s.opt.Now().Sub(s.started).Seconds(),
	})
	return nil
}

func strategy(v string) (assistant.Strategy, error) {
	switch st := assistant.Strategy(v); st {
	case "":
		return assistant.StrategyRouted, nil
	case assistant.StrategyRouted, assistant.StrategySmallOnly, assistant.StrategyLargeOnly:
		return st, nil
	}
	return "", badRequest("strategy %q: want routed, small-only or large-only", v)
}

func (s *Server) ask(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.AskRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	q := strings.TrimSpace(req.Question)
	if q == "" {
		return badRequest("the question is empty")
	}
	st, err := strategy(req.Strategy)
	if err != nil {
		return err
	}
	// One question is a session of one turn, as `cafebot ask` runs it.
	sess := assistant.NewSession(s.opt.Pipeline, assistant.SessionOptions{Location: req.Location, Strategy: st})
	if req.Customer != "" {
		if _, err := sess.BindCustomer(r.Context(), req.Customer); err != nil {
			return err
		}
	}
	return s.answer(w, r, req.Stream, func(ctx context.Context, onEvent func(assistant.Event)) (assistant.Answer, error) {
		return sess.Send(ctx, q, onEvent)
	}, func(ans assistant.Answer) *client.SessionInfo {
		s.owners.ticket(ans.HandoffID, id.owner)
		return nil
	})
}

// answer runs one message: streamed as NDJSON events ending in an answer
// or error line, or (stream false) as one JSON Answer. after records what
// the answer created and may describe the session after it.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, stream *bool,
	run func(context.Context, func(assistant.Event)) (assistant.Answer, error),
	after func(assistant.Answer) *client.SessionInfo) error {
	if stream != nil && !*stream {
		ans, err := run(r.Context(), nil)
		after(ans)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, ans)
		return nil
	}
	out := &ndjson{w: w, rc: http.NewResponseController(w)}
	ans, err := run(r.Context(), func(e assistant.Event) { out.send(client.EventFrom(e)) })
	info := after(ans)
	if err != nil {
		_, body := s.errorBody(err)
		s.opt.Logger.Warn("answer failed", "err", err)
		out.send(client.Event{Kind: client.EventError, Error: body.Error, Hint: body.Hint, Answer: &ans, Session: info})
		return nil
	}
	out.send(client.Event{Kind: client.EventAnswer, Answer: &ans, Session: info})
	return nil
}

// ndjson writes one JSON event a line, flushed at once. After a failed
// write (the client went away) it writes nothing more; the request's
// context is cancelled and the pipeline stops.
type ndjson struct {
	w       http.ResponseWriter
	rc      *http.ResponseController
	started bool
	err     error
}

func (n *ndjson) send(e client.Event) {
	if n.err != nil {
		return
	}
	if !n.started {
		n.started = true
		n.w.Header().Set("Content-Type", "application/x-ndjson")
		n.w.WriteHeader(http.StatusOK)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if n.err = enc.Encode(e); n.err != nil {
		return
	}
	if _, n.err = n.w.Write(b.Bytes()); n.err == nil {
		n.err = n.rc.Flush()
	}
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, _ identity) error {
	var req client.SearchRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	q := strings.TrimSpace(req.Query)
	if q == "" {
		return badRequest("the query is empty")
	}
	if req.K == 0 {
		req.K = defaultK
	}
	if req.K < 1 || req.K > maxK {
		return badRequest("k is %d: want 1 to %d", req.K, maxK)
	}
	cfg := s.opt.Config
	// The same scope and synonyms as an in-process search (and the
	// assistant) use; a broken synonyms file falls back to the bundled one.
	syn, _ := retrieval.CachedSynonyms(cfg.Retrieval.SynonymsFile)
	res, err := s.opt.Index.Search(r.Context(), q, retrieval.SearchOptions{
		K: req.K, Location: req.Location, Fusion: cfg.Retrieval.Fusion,
		Store: cfg.Store.Location, Aliases: cfg.Locations.Aliases, Synonyms: syn,
	}, s.opt.Embedder)
	if err != nil {
		return err
	}
	out := client.SearchResponse{Query: q, Mode: res.Mode, Notice: res.Notice, Scope: res.Scope.Ptr(), Results: []client.SearchResult{}}
	for _, h := range res.Hits {
		out.Results = append(out.Results, client.SearchResult{Source: h.Source, Section: h.Section, Location: h.Location, Score: h.Score, Relevance: h.Relevance, Text: h.Text})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) classify(w http.ResponseWriter, r *http.Request, _ identity) error {
	var req client.ClassifyRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Text) == "" {
		return badRequest("the text is empty")
	}
	a := analysis.Of(req.Text)
	d := s.opt.Gate.ClassifyAnalysis(a)
	if req.Explain {
		d = s.opt.Gate.Explain(a, explainFeatures)
	}
	writeJSON(w, http.StatusOK, client.ClassifyResponse{Text: req.Text, Decision: d})
	return nil
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.SessionRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	st, err := strategy(req.Strategy)
	if err != nil {
		return err
	}
	ctx := r.Context()
	opt := assistant.SessionOptions{Store: s.opt.Conversations, Location: req.Location, Strategy: st}
	sess := assistant.NewSession(s.opt.Pipeline, opt)
	if req.Resume != 0 {
		if !id.may(s.owners.conversationOwner(req.Resume)) {
			return errForbidden("conversation")
		}
		if sess, err = assistant.Resume(ctx, s.opt.Pipeline, opt, req.Resume); err != nil {
			return err
		}
	}
	if req.Customer != "" {
		if req.Resume != 0 && sess.CustomerID() != "" {
			// A saved conversation is never re-assigned to someone else.
			c, err := sess.Lookup(ctx, req.Customer)
			if err != nil {
				return err
			}
			if c.ID != sess.CustomerID() {
				return &apiError{status: http.StatusConflict,
					msg:  fmt.Sprintf("conversation %d belongs to customer %s, not %s", req.Resume, sess.CustomerID(), c.ID),
					hint: "resume it without a customer, or start a new session for " + req.Customer}
			}
		}
		if _, err := sess.BindCustomer(ctx, req.Customer); err != nil {
			return err
		}
	}
	e, err := s.sessions.add(id.owner, sess)
	if err != nil {
		return err
	}
	s.owners.conversation(sess.ID(), id.owner)
	writeJSON(w, http.StatusCreated, e.info())
	return nil
}

// withSession runs fn holding the turn of the session the path names,
// and writes what fn returns once the turn is given back: a terminal that
// has read the reply may send its next message at once, and must not find
// the session still busy.
func (s *Server) withSession(w http.ResponseWriter, r *http.Request, id identity, wait bool, fn func(e *entry) (any, error)) error {
	var body any
	err := s.withSessionTurn(r, id, wait, func(e *entry, _ func()) error {
		var err error
		body, err = fn(e)
		return err
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

// withSessionTurn runs fn holding the session's turn, for a handler that
// writes while it holds it: fn calls done to give the turn back before its
// last write (sendMessage, once the answer and the session's state are
// taken, before the answer goes out).
func (s *Server) withSessionTurn(r *http.Request, id identity, wait bool, fn func(e *entry, done func()) error) error {
	e, err := s.sessions.get(r.PathValue("id"), id)
	if err != nil {
		return err
	}
	if err := e.acquire(r.Context(), wait); err != nil {
		return err
	}
	var once sync.Once
	done := func() { once.Do(func() { e.release(s.opt.Now()) }) }
	defer done()
	return fn(e, done)
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request, id identity) error {
	return s.withSession(w, r, id, true, func(e *entry) (any, error) {
		return e.info(), nil
	})
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request, id identity) error {
	e, err := s.sessions.get(r.PathValue("id"), id)
	if err != nil {
		return err
	}
	s.sessions.remove(e.id)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.MessageRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Text) == "" {
		return badRequest("the message is empty")
	}
	return s.withSessionTurn(r, id, false, func(e *entry, done func()) error {
		return s.answer(w, r, req.Stream, func(ctx context.Context, onEvent func(assistant.Event)) (assistant.Answer, error) {
			return e.s.Send(ctx, req.Text, onEvent)
		}, func(ans assistant.Answer) *client.SessionInfo {
			s.owners.conversation(e.s.ID(), e.owner)
			s.owners.ticket(ans.HandoffID, e.owner)
			info := e.info()
			done()
			return &info
		})
	})
}

func (s *Server) bindCustomer(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.CustomerRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if strings.TrimSpace(req.Customer) == "" {
		return badRequest("name the customer by id or phone")
	}
	return s.withSession(w, r, id, true, func(e *entry) (any, error) {
		if _, err := e.s.BindCustomer(r.Context(), req.Customer); err != nil {
			return nil, err
		}
		s.owners.conversation(e.s.ID(), e.owner)
		return e.info(), nil
	})
}

func (s *Server) resetSession(w http.ResponseWriter, r *http.Request, id identity) error {
	var req struct{}
	if err := decode(r, &req); err != nil {
		return err
	}
	return s.withSession(w, r, id, true, func(e *entry) (any, error) {
		if err := e.s.Reset(r.Context()); err != nil {
			return nil, err
		}
		return e.info(), nil
	})
}

func (s *Server) handoff(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.HandoffRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	return s.withSession(w, r, id, true, func(e *entry) (any, error) {
		number, err := e.s.Handoff(r.Context(), req.Reason)
		if err != nil {
			return nil, err
		}
		tid, err := handoff.ParseNumber(number)
		if err != nil {
			return nil, err
		}
		s.owners.ticket(tid, e.owner)
		return client.HandoffResponse{Ticket: number, ID: tid}, nil
	})
}

func (s *Server) documents(w http.ResponseWriter, _ *http.Request, _ identity) error {
	ix := s.opt.Index.Index()
	writeJSON(w, http.StatusOK, client.DocumentsResponse{Index: ix.Stats(), Files: ix.Files()})
	return nil
}

var errNoQueue = &apiError{status: http.StatusServiceUnavailable, msg: "the server has no handoff queue (the account database could not be opened)",
	hint: "see the server's log (cafebot.log) and restart `cafebot serve` once the database opens"}

func (s *Server) tickets(w http.ResponseWriter, r *http.Request, id identity) error {
	if s.opt.Handoffs == nil {
		return errNoQueue
	}
	f := handoff.Filter{Status: r.URL.Query().Get("status")}
	limit := 0
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return badRequest("limit %q: want a whole number, 0 for all", v)
		}
		limit = n
	}
	if id.staff {
		f.Limit = limit
	}
	ts, err := s.opt.Handoffs.List(r.Context(), f)
	if err != nil {
		return badRequest("%s", err.Error())
	}
	out := []handoff.Ticket{}
	for _, t := range ts {
		if id.staff || s.owners.ownsTicket(t.ID, id.owner) {
			out = append(out, t)
		}
		if limit > 0 && len(out) == limit {
			break
		}
	}
	writeJSON(w, http.StatusOK, client.TicketsResponse{Tickets: out})
	return nil
}

func (s *Server) ticket(w http.ResponseWriter, r *http.Request, id identity) error {
	if s.opt.Handoffs == nil {
		return errNoQueue
	}
	tid, err := handoff.ParseNumber(r.PathValue("id"))
	if err != nil {
		return badRequest("%s", err.Error())
	}
	if !id.staff && !s.owners.ownsTicket(tid, id.owner) {
		return errForbidden("ticket")
	}
	t, err := s.opt.Handoffs.Get(r.Context(), tid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}
