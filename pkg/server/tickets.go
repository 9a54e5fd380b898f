package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/cafebot/cafebot/pkg/client"
	"github.com/cafebot/cafebot/pkg/handoff"
)

// maxClaimer bounds the name a ticket is claimed by: the inbox shows it on
// one line.
const maxClaimer = 80

// errStaffOnly answers a terminal token that tries to work a ticket.
var errStaffOnly = &apiError{status: http.StatusForbidden, msg: "only the staff token may claim, reassign, resolve or reopen tickets",
	hint: "send server.staff_token; a terminal reads its own tickets with GET " + client.APIVersion + "/tickets/ID"}

// staffTicket runs fn on the ticket the path names, for staff only. The
// path may hold a number ("1042", "#1042") or an offline reference
// ("ELM-ROAD-L1002"), as `cafebot handoff` takes them.
func (s *Server) staffTicket(r *http.Request, id identity, fn func(ctx context.Context, tid int64) (handoff.Ticket, error)) (handoff.Ticket, error) {
	if s.opt.Handoffs == nil {
		return handoff.Ticket{}, errNoQueue
	}
	if !id.staff {
		return handoff.Ticket{}, errStaffOnly
	}
	ctx := r.Context()
	t, err := s.opt.Handoffs.Lookup(ctx, r.PathValue("id"))
	if err != nil {
		return handoff.Ticket{}, err
	}
	return fn(ctx, t.ID)
}

func (s *Server) claimTicket(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.ClaimRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	by := strings.TrimSpace(req.By)
	switch {
	case by == "":
		return &apiError{status: http.StatusBadRequest, msg: "say who takes the ticket on",
			hint: `send {"by": "NAME"}: yourself, or the colleague you assign it to`}
	case utf8.RuneCountInString(by) > maxClaimer:
		return badRequest("the name is longer than %d characters", maxClaimer)
	}
	t, err := s.staffTicket(r, id, func(ctx context.Context, tid int64) (handoff.Ticket, error) {
		return s.opt.Handoffs.Claim(ctx, tid, by)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// reassignTicket moves a claimed ticket to another staff member; claiming
// an unclaimed one stays POST .../claim, so a reassignment never takes a
// ticket nobody had looked at by accident.
func (s *Server) reassignTicket(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.ReassignRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	to := strings.TrimSpace(req.To)
	switch {
	case to == "":
		return &apiError{status: http.StatusBadRequest, msg: "say who takes the ticket over",
			hint: `send {"to": "NAME"}: the colleague the ticket moves to`}
	case utf8.RuneCountInString(to) > maxClaimer:
		return badRequest("the name is longer than %d characters", maxClaimer)
	}
	t, err := s.staffTicket(r, id, func(ctx context.Context, tid int64) (handoff.Ticket, error) {
		return s.opt.Handoffs.Reassign(ctx, tid, to)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) resolveTicket(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.ResolveRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	note := strings.TrimSpace(req.Note)
	if note == "" {
		return &apiError{status: http.StatusBadRequest, msg: "a note saying what was done is required",
			hint: `send {"note": "refunded the oat latte"}; "reply" may add the answer the customer was given`}
	}
	t, err := s.staffTicket(r, id, func(ctx context.Context, tid int64) (handoff.Ticket, error) {
		return s.opt.Handoffs.ResolveWithReply(ctx, tid, note, req.Reply)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) reopenTicket(w http.ResponseWriter, r *http.Request, id identity) error {
	var req client.ReopenRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	t, err := s.staffTicket(r, id, func(ctx context.Context, tid int64) (handoff.Ticket, error) {
		return s.opt.Handoffs.Reopen(ctx, tid, req.Note)
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// ticketConflict maps the queue's state errors to a 409 with what to do
// next, or returns nil for other errors.
func ticketConflict(err error) *apiError {
	conflict := func(hint string) *apiError {
		return &apiError{status: http.StatusConflict, msg: err.Error(), hint: hint, err: err}
	}
	switch {
	case errors.Is(err, handoff.ErrClaimed):
		return conflict("someone else holds the ticket: ask them, or leave it to them")
	case errors.Is(err, handoff.ErrAlreadyResolved):
		return conflict(fmt.Sprintf("reopen it first: POST %s/tickets/ID/reopen", client.APIVersion))
	case errors.Is(err, handoff.ErrNotClaimed):
		return conflict(fmt.Sprintf("nobody holds the ticket: claim it instead with POST %s/tickets/ID/claim", client.APIVersion))
	case errors.Is(err, handoff.ErrNotResolved):
		return conflict("the ticket is still open: resolve it instead")
	case errors.Is(err, handoff.ErrAmbiguousRef):
		return conflict("name the ticket by its number (#1042) instead")
	}
	return nil
}
